package flows

import (
	"slices"
	"testing"
)

func TestParseDesk(t *testing.T) {
	for _, c := range []struct {
		in   string
		name string // "" = not a desk command
		args []string
	}{
		{"/bantuan", "help", nil},
		{"/HELP", "help", nil},
		{"bantuan", "help", nil},
		{"/pesanan", "orders", nil},
		{"pesanan", "orders", nil},
		{"/orders dibayar", "orders", []string{"dibayar"}},
		{"Pesanan Dikirim", "orders", []string{"Dikirim"}},
		{"/order k7m-4qp", "orders", []string{"k7m-4qp"}},
		{"/lunas K7M-4QP", "paid", []string{"K7M-4QP"}},
		{"LUNAS k7m4qp", "paid", []string{"k7m4qp"}},
		{"/paid@TokoBot K7M-4QP", "paid", []string{"K7M-4QP"}},
		{"/lunas", "paid", nil}, // with a slash: a usage reply
		{"lunas", "", nil},      // without one: ordinary chat
		{"/tolak K7M-4QP buktinya buram", "reject", []string{"K7M-4QP", "buktinya", "buram"}},
		{"reject K7M-4QP blurry", "reject", []string{"K7M-4QP", "blurry"}},
		{"tolak K7M-4QP", "", nil},
		{"/proses K7M-4QP", "process", []string{"K7M-4QP"}},
		{"proses", "", nil}, // the customer's checkout word
		{"/kirim K7M-4QP JNE JX1234567890", "ship", []string{"K7M-4QP", "JNE", "JX1234567890"}},
		{"ship K7M-4QP jne jx1", "ship", []string{"K7M-4QP", "jne", "jx1"}},
		{"kirim ke Depok ya", "", nil},
		{"/selesai K7M-4QP", "done", []string{"K7M-4QP"}},
		{"done K7M-4QP", "done", []string{"K7M-4QP"}},
		{"/batal K7M-4QP stok habis", "cancel", []string{"K7M-4QP", "stok", "habis"}},
		{"batal", "", nil},                                 // the customer's abort word
		{"batal K7M-4QP", "", nil},                         // the customer's own cancel, needs no reason
		{"/cancel K7M-4QP", "cancel", []string{"K7M-4QP"}}, // usage: no reason
		{"/stok KRP-SGK-PDS 25", "stock", []string{"KRP-SGK-PDS", "25"}},
		{"stock krp-sgk-pds 0", "stock", []string{"krp-sgk-pds", "0"}},
		{"stok habis?", "", nil},
		{"/harga KRP-SGK-PDS 15.000", "price", []string{"KRP-SGK-PDS", "15.000"}},
		{"price KRP-SGK-PDS Rp 15.000", "price", []string{"KRP-SGK-PDS", "Rp", "15.000"}},
		{"harga keripik pedas", "", nil},
		{"/rekap", "recap", nil},
		{"recap", "recap", nil},
		{"/cek 152.347", "check", []string{"152.347"}},
		{"check Rp 152,347", "check", []string{"Rp", "152,347"}},
		{"cek pesanan", "", nil},
		{"cek K7M-4QP", "", nil}, // the customer's "check my order"
		{"/unknown", "", nil},
		{"halo", "", nil},
		{"", "", nil},
	} {
		got, ok := parseDesk(c.in)
		if c.name == "" {
			if ok {
				t.Errorf("%q: parsed as %+v, want ordinary chat", c.in, got)
			}
			continue
		}
		if !ok || got.name != c.name || !slices.Equal(got.args, c.args) {
			t.Errorf("%q: got %+v (ok %v), want %s %q", c.in, got, ok, c.name, c.args)
		}
	}
}
