package flows_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/lapak-id/lapak/storage/storagetest"
)

// TestDebugChat prints a conversation: CHAT='halo|pesan nastar 2' (one database).
func TestDebugChat(t *testing.T) {
	script := os.Getenv("CHAT")
	if script == "" {
		t.Skip()
	}
	os.Setenv("LAPAK_TEST_PG", "")
	_ = storagetest.Dialects
	shopTest(t, phrasingShop(), func(t *testing.T, h *harness) {
		c := h.customer(t, "debug")
		for _, m := range strings.Split(script, "|") {
			m = strings.ReplaceAll(m, `\n`, "\n")
			fmt.Printf("> %s\n%s\n", m, c.say(m))
			for _, n := range c.notes {
				fmt.Printf("  [to %s] %s\n", n.To, n.Msg.Text)
			}
			fmt.Println()
		}
	})
}
