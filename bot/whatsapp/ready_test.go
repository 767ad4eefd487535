package whatsapp_test

import (
	"context"
	"testing"

	"github.com/lapak-id/lapak/bot/whatsapp"
)

// /readyz shows WhatsApp as failing while the number is not connected.
func TestReady(t *testing.T) {
	cli := &fakeClient{}
	wa, err := whatsapp.New(whatsapp.Options{Client: cli, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	if err := wa.Ready(context.Background()); err == nil || err.Error() != "whatsapp: not connected (reconnecting, or logged out: see the log)" {
		t.Errorf("disconnected: %v", err)
	}
	cli.mu.Lock()
	cli.connected = true
	cli.mu.Unlock()
	if err := wa.Ready(context.Background()); err != nil {
		t.Errorf("connected: %v", err)
	}
}
