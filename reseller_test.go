package lapak

import (
	"strings"
	"testing"
	"time"
)

func TestResellerCodes(t *testing.T) {
	for in, want := range map[string]CodeProblem{
		"sarikue": CodeOK, "SARI2": CodeOK, "sari kue": CodeSpace, "SARI🎉": CodeSymbol, "SARI-1": CodeSymbol,
		"SA": CodeTooShort, "ABCDEFGHIJKLM": CodeTooLong, "12345": CodeNoLetters, "ŞARI": CodeSymbol,
	} {
		if _, got := CheckResellerCode(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"Sari Dewi": "SARI", "sari": "SARI", "Ani": "ANI", "Li": "LIRSL", "Jo Ko": "JOKO", "Élodie": "ELODIE", "🎉": "RSL",
		"Muhammadiyahputra": "MUHAMMADIY", "123 Budi": "BUDI",
	} {
		if got := ResellerCodeBase(in); got != want {
			t.Errorf("base of %q: %q, want %q", in, got, want)
		}
		if c, p := CheckResellerCode(ResellerCodeCandidate(ResellerCodeBase(in), 99)); p != CodeOK {
			t.Errorf("candidate of %q: %q %q", in, c, p)
		}
	}
	if ResellerCodeCandidate("SARI", 1) != "SARI" || ResellerCodeCandidate("SARI", 2) != "SARI2" {
		t.Error("candidates")
	}
}

func TestBankNumber(t *testing.T) {
	if n, ok := NormalizeBankNumber("123-456 7890"); !ok || n != "1234567890" {
		t.Errorf("%q %v", n, ok)
	}
	for _, bad := range []string{"12345a678", "123", "BCA 1234567", strings.Repeat("1", 21)} {
		if _, ok := NormalizeBankNumber(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestStartPayloads(t *testing.T) {
	p, ok := RefPayload("SARI", "KUE-NST")
	if !ok || p != "ref_SARI-p_KUE-NST" {
		t.Errorf("%q %v", p, ok)
	}
	if code, sku := ParseStartPayload(p); code != "SARI" || sku != "KUE-NST" {
		t.Errorf("parsed %q %q", code, sku)
	}
	if code, sku := ParseStartPayload("ref_SARI"); code != "SARI" || sku != "" {
		t.Errorf("parsed %q %q", code, sku)
	}
	if code, sku := ParseStartPayload("p_KRP"); code != "" || sku != "KRP" {
		t.Errorf("parsed %q %q", code, sku)
	}
	if _, ok := RefPayload("SARI", strings.Repeat("X", 60)); ok {
		t.Error("a payload over 64 characters")
	}
	if _, ok := RefPayload("SARI", "KUE.NST"); ok {
		t.Error("a dot in a payload")
	}
	if got := TelegramLink("TokoBot", "ref_SARI"); got != "https://t.me/TokoBot?start=ref_SARI" {
		t.Error(got)
	}
	if got := WhatsAppLink("628123", "Halo kak, saya mau pesan (kode SARI)"); got != "https://wa.me/628123?text=Halo+kak%2C+saya+mau+pesan+%28kode+SARI%29" {
		t.Error(got)
	}
}

func TestAttributionHolds(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	win := ResellerProgram{}.Window()
	a := Attribution{At: t0}
	if !a.Holds(t0.Add(29*24*time.Hour), win) || a.Holds(t0.Add(30*24*time.Hour), win) {
		t.Error("from the attribution")
	}
	last := t0.Add(20 * 24 * time.Hour)
	a.LastOrderAt = &last
	if !a.Holds(t0.Add(45*24*time.Hour), win) || a.Holds(t0.Add(50*24*time.Hour), win) {
		t.Error("from the last order")
	}
	now := t0.Add(40 * 24 * time.Hour)
	if a.Replaces(true, SourceLink, now, win) || !a.Replaces(true, SourceTyped, now, win) || !a.Replaces(false, SourceLink, now, win) ||
		!a.Replaces(true, SourcePrefilledText, t0.Add(60*24*time.Hour), win) {
		t.Error("replaces")
	}
}
