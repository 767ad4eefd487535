package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/config"
)

// lines is piped input, one answer a line.
func lines(answers ...string) string { return strings.Join(answers, "\n") + "\n" }

// setupShop is a shop whose lapak setup talks to a fake Bot API.
func setupShop(t *testing.T) (*shop, *telegramtest.Server, string) {
	q := staticQRIS(t) // before newShop changes the working directory
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	return s, tg, q
}

func wantOutput(t *testing.T, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("setup output lacks %q:\n%s", w, out)
		}
	}
}

// A seller answers every question, with each kind of bad answer on the
// way; each is explained and asked again, and only the good answers reach
// lapak.conf (0600), which serve's configuration loading accepts: no demo
// values, the token checked with getMe and the bot's link printed.
func TestSetupAsksAgainUntilEveryAnswerIsGood(t *testing.T) {
	s, tg, q := setupShop(t)
	badCRC := q[:len(q)-1] + "6" // 2B35 → 2B36: the checksum no longer matches
	tg.Fail("getMe", 1, telegramtest.ServerError())
	r := s.ok(lines(
		"1",                                   // Bahasa Indonesia
		"",                                    // shop name: empty
		"Dapur Bu Sari",                       //
		"BCA 1234567890 a.n. Toko Lapak Demo", // the demo account
		"BCA 0987654321 a.n. Sari Rahayu",
		"DANA 0812-3456-7890 a.n. Sari",
		"",
		"Jl. Mawar 3, Beji, Depok",
		"Dalam kota gratis", // a fee in words
		"Dalam kota 0",
		"Luar kota Rp 25.000",
		"",
		"ya", "500000", "dalam kota", // COD, its limit and zone
		badCRC,
		q,
		"not-a-token",
		"4242:"+strings.Repeat("x", 35), // well formed, refused by Telegram
		telegramtest.Token,              // Telegram answers 502
		"1",                             // try again
		"",                              // catalog: my own
		"ya",
	), "setup")
	wantOutput(t, r.stdout,
		"Nama toko wajib diisi",
		"rekening contoh dari toko demo",
		`write a free zone's fee as 0, not "gratis"`, "ongkir gratis ditulis 0",
		"gives 2B35", "Teks QRIS ini tidak utuh",
		"does not look like a bot token",
		"Telegram menolak token ini",
		"Telegram tidak bisa dihubungi: telegram: getMe: 502 Bad Gateway",
		"Bot kamu: https://t.me/"+telegramtest.Username,
		"LAPAK_TELEGRAM_TOKEN=123456:… (@"+telegramtest.Username+")",
		"Tersimpan di lapak.conf",
		"/admin KODE",
	)
	if strings.Contains(r.stdout, telegramtest.Token) {
		t.Error("the token was printed")
	}
	path := filepath.Join(s.dir, "lapak.conf")
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("lapak.conf: %v %v", fi, err)
	}
	cfg, err := config.Load(path, func(string) string { return "" })
	if err != nil {
		t.Fatalf("serve would refuse the file: %v", err)
	}
	sh := cfg.Shop
	wantBanks := []lapak.BankAccount{{Bank: "BCA", Number: "0987654321", Holder: "Sari Rahayu"}, {Bank: "DANA", Number: "0812-3456-7890", Holder: "Sari"}}
	wantZones := []lapak.Zone{{Name: "Dalam kota", Fee: 0}, {Name: "Luar kota", Fee: 25000}}
	if sh.Name != "Dapur Bu Sari" || !reflect.DeepEqual(sh.BankAccounts, wantBanks) || sh.PickupAddress != "Jl. Mawar 3, Beji, Depok" ||
		!reflect.DeepEqual(sh.Zones, wantZones) || !sh.COD || cfg.CODMaxTotal != 500000 || !reflect.DeepEqual(cfg.CODZones, []string{"Dalam kota"}) ||
		sh.QRIS != q || cfg.Telegram.Token != telegramtest.Token || cfg.Demo {
		t.Errorf("written configuration: %+v\n%+v", cfg, sh)
	}
}

// Running setup again offers every current value: Enter all the way keeps
// the file's settings, also those it does not ask about, and its comments.
func TestSetupAgainKeepsTheCurrentValues(t *testing.T) {
	s, _, q := setupShop(t)
	path := filepath.Join(s.dir, "lapak.conf")
	before := "# Toko Bu Sari\nLAPAK_ORDER_TTL=48h\nLAPAK_SHOP_NAME=Dapur Bu Sari\nLAPAK_BANK_ACCOUNTS=BCA 0987654321 a.n. Sari Rahayu\n" +
		"LAPAK_PICKUP_ADDRESS=Jl. Mawar 3\nLAPAK_DELIVERY_ZONES=Dalam kota=10000: Depok; Luar kota=25000\nLAPAK_COD=ya\nLAPAK_COD_MAX_TOTAL=300000\n" +
		"LAPAK_QRIS_STATIC=" + q + "\nLAPAK_TELEGRAM_TOKEN=" + telegramtest.Token + "\nLAPAK_DEMO=false\n"
	if err := os.WriteFile(path, []byte(before), 0o644); err != nil {
		t.Fatal(err)
	}
	old, err := config.ReadValues(path)
	if err != nil {
		t.Fatal(err)
	}
	r := s.ok(strings.Repeat("\n", 12), "setup", "--lang", "id")
	wantOutput(t, r.stdout, "Nama toko [Dapur Bu Sari]", "Rekening [BCA 0987654321 a.n. Sari Rahayu]",
		"Zona [Dalam kota=10000: Depok; Luar kota=25000]", "[300000]", "QRIS [Dapur Bu Sari (", "Token bot [123456:…]",
		"Bot kamu: https://t.me/"+telegramtest.Username)
	if strings.Contains(r.stdout, "Bahasa / Language") {
		t.Error("asked the language although --lang was given")
	}
	now, err := config.ReadValues(path)
	if err != nil {
		t.Fatal(err)
	}
	old["LAPAK_COD"] = "true" // written the one way
	if !reflect.DeepEqual(now, old) {
		t.Errorf("values changed:\nbefore %v\nafter  %v", old, now)
	}
	b, _ := os.ReadFile(path)
	if !strings.HasPrefix(string(b), "# Toko Bu Sari\nLAPAK_ORDER_TTL=48h\n") {
		t.Errorf("comment or other setting lost:\n%s", b)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode())
	}
}

// Saying no at the end, or the input ending early, writes nothing.
func TestSetupWritesNothingUnlessAsked(t *testing.T) {
	s, _, _ := setupShop(t)
	answers := []string{"Dapur Bu Sari", "BCA 0987654321 a.n. Sari Rahayu", "", "Jl. Mawar 3", "", "", "", "1"}
	r := s.ok(lines(append(answers, "tidak")...), "setup", "--lang", "id")
	wantOutput(t, r.stdout, "Tidak disimpan: lapak.conf tidak diubah.")
	r = s.run(lines(answers[:3]...), "setup", "--lang", "id")
	if r.code != 1 || !strings.Contains(r.stderr, "nothing was written") {
		t.Errorf("input ended: exit %d, %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(s.dir, "lapak.conf")); !os.IsNotExist(err) {
		t.Errorf("lapak.conf written: %v", err)
	}
	if r := s.run("", "setup", "--lang", "fr"); r.code != 2 || !strings.Contains(r.stderr, `--lang "fr": use id or en`) {
		t.Errorf("--lang fr: exit %d %s", r.code, r.stderr)
	}
}

// In English, the QRIS can be the photo of the sticker; a shop with no way
// to deliver or to be paid is asked again.
func TestSetupReadsTheQRISFromAPhoto(t *testing.T) {
	s, _, q := setupShop(t)
	photo := filepath.Join(s.dir, "stiker-qris.png")
	if err := qrcode.WriteFile(q, qrcode.Medium, 600, photo); err != nil {
		t.Fatal(err)
	}
	notPicture := filepath.Join(s.dir, "notes.txt")
	os.WriteFile(notPicture, []byte("hello"), 0o600)
	r := s.ok(lines(
		"2", // English
		"Sari Snacks",
		"no", // no bank transfer
		"no", // no pickup
		"no", // no courier: asked again
		"Jl. Mawar 3", "no",
		"no", // no QRIS either: no way to pay, asked again
		"", "", "",
		filepath.Join(s.dir, "missing.png"),
		notPicture,
		photo,
		"",  // no Telegram
		"2", // the demo catalog
		"yes",
	), "setup")
	wantOutput(t, r.stdout, "Shop name:", "Customers must get their orders somehow", "Customers have no way to pay yet",
		"Neither a QRIS text", "No QR code could be read", "✓ QRIS Dapur Bu Sari", "Saved to lapak.conf")
	cfg, err := config.Load(filepath.Join(s.dir, "lapak.conf"), func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Shop.QRIS != q || cfg.Shop.COD || len(cfg.Shop.Zones) != 0 || len(cfg.Shop.BankAccounts) != 0 || !cfg.Demo || cfg.Telegram.Token != "" {
		t.Errorf("written configuration: %+v", cfg.Shop)
	}
}
