package understand

import "testing"

func TestResellerIntents(t *testing.T) {
	for text, want := range map[string]Intent{
		"daftar reseller":                       ResellerSignup,
		"mau jadi reseller":                     ResellerSignup,
		"kak aku mau gabung jadi reseller dong": ResellerSignup,
		"how do I become a reseller?":           ResellerSignup,
		"cara daftar dropshipper gimana kak":    ResellerSignup,
		"link saya":                             MyLinks,
		"minta link reseller saya":              MyLinks,
		"my links":                              MyLinks,
	} {
		if got := Read(text, nil, Context{}).Intent; got != want {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
	// Other sentences keep their meaning.
	for _, text := range []string{"menu", "pesan nastar 2", "batal", "reseller dapat diskon berapa?", "link"} {
		if got := Read(text, nil, Context{}).Intent; got == ResellerSignup || got == MyLinks {
			t.Errorf("%q read as %v", text, got)
		}
	}
}
