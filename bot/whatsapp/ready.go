package whatsapp

import (
	"context"
	"errors"

	"go.mau.fi/whatsmeow"

	"github.com/lapak-id/lapak/bot"
)

var _ bot.ReadyChecker = (*Adapter)(nil)

// Ready reports whether the number is connected to WhatsApp and logged in.
// whatsmeow reconnects by itself after network trouble; a logged-out
// session stays disconnected until `lapak whatsapp-login` links it again.
func (a *Adapter) Ready(context.Context) error {
	if !a.opt.Client.IsConnected() {
		return errors.New("whatsapp: not connected (reconnecting, or logged out: see the log)")
	}
	if wc, ok := a.opt.Client.(*whatsmeow.Client); ok && !wc.IsLoggedIn() {
		return errors.New("whatsapp: connected but not logged in yet")
	}
	return nil
}
