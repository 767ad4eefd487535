package lapak_test

import (
	"testing"

	"github.com/lapak-id/lapak"
)

func TestParseMediaRef(t *testing.T) {
	for ref, want := range map[string][2]string{
		"media:telegram:AgAC":           {"telegram", "AgAC"},
		"media:console:/home/u/a:b.png": {"console", "/home/u/a:b.png"},
		"media:whatsapp:wa-image:Qk":    {"whatsapp", "wa-image:Qk"},
	} {
		ch, r, ok := lapak.ParseMediaRef(ref)
		if !ok || string(ch) != want[0] || r != want[1] || lapak.MediaRef(ch, r) != ref {
			t.Errorf("ParseMediaRef(%q) = %q %q %v", ref, ch, r, ok)
		}
	}
	for _, bad := range []string{"", "media:", "media:telegram", "media:telegram:", "media::x", "demo:x", "/tmp/x.png"} {
		if _, _, ok := lapak.ParseMediaRef(bad); ok {
			t.Errorf("ParseMediaRef(%q) accepted", bad)
		}
	}
}
