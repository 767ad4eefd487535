package lapak_test

import (
	"bytes"
	"crypto/rand"
	"testing"

	"github.com/lapak-id/lapak"
)

func TestAdminCode(t *testing.T) {
	// 255 is above the last multiple of ten: redrawn (from the byte after the salt), never a biased 5.
	r := bytes.NewReader(append(append(bytes.Repeat([]byte{255}, 1), []byte{1, 12, 23, 34, 45, 56, 67, 78}...), bytes.Repeat([]byte{9}, 24)...))
	c, err := lapak.NewAdminCode(r)
	if err != nil {
		t.Fatal(err)
	}
	if c.Plain != "91234567" || c.Grouped() != "9123-4567" {
		t.Fatalf("code %q (%s)", c.Plain, c.Grouped())
	}
	if !lapak.AdminCodeMatches("91234567", c.Salt, c.Hash) || lapak.AdminCodeMatches("91234568", c.Salt, c.Hash) {
		t.Fatal("the hash does not tell the code from another")
	}
	a, _ := lapak.NewAdminCode(rand.Reader)
	b, _ := lapak.NewAdminCode(rand.Reader)
	if bytes.Equal(a.Salt, b.Salt) || bytes.Equal(lapak.HashAdminCode("1", a.Salt), lapak.HashAdminCode("1", b.Salt)) {
		t.Fatal("codes share a salt")
	}
	if _, err := lapak.NewAdminCode(bytes.NewReader(nil)); err == nil {
		t.Fatal("no randomness, yet a code")
	}
	for in, want := range map[string]string{"4829-1375": "48291375", " 4829 1375": "48291375", "48.29.13.75": "48291375", "123": "", "tolong": "", "12ab": ""} {
		got, ok := lapak.NormalizeAdminCode(in)
		if got != want || ok != (want != "") {
			t.Errorf("NormalizeAdminCode(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
