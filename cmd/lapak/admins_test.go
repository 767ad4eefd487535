package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/config"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// watchedLog is a serve's stderr that a test waits on.
type watchedLog struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newWatchedLog() *watchedLog { return &watchedLog{changed: make(chan struct{}, 1)} }

func (w *watchedLog) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case w.changed <- struct{}{}:
	default:
	}
	return w.buf.Write(p)
}

func (w *watchedLog) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// wait returns re's first match once the log has one.
func (w *watchedLog) wait(ctx context.Context, t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	for {
		if m := re.FindStringSubmatch(w.String()); m != nil {
			return m
		}
		select {
		case <-w.changed:
		case <-ctx.Done():
			t.Fatalf("no %s in the log:\n%s", re, w)
		}
	}
}

// sendCode is the line that carries an admin code: "/admin 48291375".
var sendCode = regexp.MustCompile(`"/admin (\d{8})"`)

// realShop is a shop set up as a seller would before going live: its own
// name, account, pickup address and catalog, on a fake Telegram; nothing
// allows the demo.
func realShop(t *testing.T) (*shop, *telegramtest.Server) {
	return realShopOn(newShop(t))
}

// realShopOn makes s such a shop.
func realShopOn(s *shop) (*shop, *telegramtest.Server) {
	t := s.t
	delete(s.env, "LAPAK_ALLOW_DEMO")
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_SHOP_NAME"] = "Dapur Bu Sari"
	s.env["LAPAK_BANK_ACCOUNTS"] = "BRI 0123-01-000456-30-1 a.n. Sari Rahayu"
	s.env["LAPAK_PICKUP_ADDRESS"] = "Jl. Melati No. 5, Depok"
	csv := filepath.Join(s.dir, "produk.csv")
	if err := os.WriteFile(csv, []byte("sku,name,category,variant,price,stock\nNST-KJ,Nastar Keju,Kue Kering,,85000,20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.ok("", "import", "--yes", csv)
	return s, tg
}

// startServeArgs runs `lapak serve ARGS` until the test ends, with its
// stderr watched; stop stops it and checks it exited cleanly.
func (s *shop) startServeArgs(logs *watchedLog, args ...string) (stop func()) {
	s.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		var clock lapak.Clock = lapak.SystemClock
		if s.clock != nil {
			clock = s.clock
		}
		e := &env{stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: logs,
			getenv: func(k string) string { return s.env[k] }, clock: clock}
		done <- runEnv(ctx, e, append([]string{"serve"}, args...))
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if code := <-done; code != 0 {
			s.t.Errorf("serve exit %d:\n%s", code, logs)
		}
	}
	s.t.Cleanup(stop)
	return stop
}

// `lapak serve` on a real channel refuses the demo's settings, one line
// per setting to change, before it touches Telegram or seeds the demo
// catalog; --allow-demo runs the demo on purpose.
func TestServeRefusesTheDemoOnTelegram(t *testing.T) {
	s := newShop(t)
	delete(s.env, "LAPAK_ALLOW_DEMO")
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL

	r := s.run("", "serve")
	if r.code != 1 {
		t.Fatalf("serve with the demo on Telegram: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"refusing to run telegram for real customers",
		`LAPAK_BANK_ACCOUNTS still has the demo's fake account "BCA 1234567890 a.n. Toko Lapak Demo"`,
		`LAPAK_PICKUP_ADDRESS is still the demo's "Jl. Contoh No. 1, Jakarta (alamat demo)"`,
		"LAPAK_SHOP_NAME is still the demo's",
		"LAPAK_DEMO: the catalog is empty and would be filled with the demo products",
		"lapak serve --allow-demo, or LAPAK_ALLOW_DEMO=true",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("refusal lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, "LAPAK_ADMINS") {
		t.Errorf("a shop with no admin yet is refused for it (it needs serve to get one):\n%s", r.stderr)
	}
	if calls := tg.Calls("getMe"); len(calls) != 0 {
		t.Errorf("serve called Telegram before refusing: %d getMe", len(calls))
	}
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := st.ProductCount(context.Background()); err != nil || n != 0 {
		t.Errorf("a refused start seeded %d products (%v)", n, err)
	}
	st.Close()

	// The settings mended, the demo catalog as seeded still counts; so do
	// configured admins that no running channel reaches.
	s.env["LAPAK_SHOP_NAME"] = "Dapur Bu Sari"
	s.env["LAPAK_BANK_ACCOUNTS"] = "BRI 0123-01-000456-30-1 a.n. Sari Rahayu"
	s.env["LAPAK_PICKUP_ADDRESS"] = "none"
	s.env["LAPAK_ADMINS"] = "whatsapp:6281234567890"
	s.ok("", "import", "--yes", examplesCSV) // the demo shop's own file
	r = s.run("", "serve")
	if r.code != 1 || strings.Contains(r.stderr, "LAPAK_BANK_ACCOUNTS") || strings.Contains(r.stderr, "LAPAK_PICKUP_ADDRESS") ||
		!strings.Contains(r.stderr, "catalog: it is still the demo catalog") ||
		!strings.Contains(r.stderr, "LAPAK_ADMINS: no admin it names is on a running channel (telegram)") {
		t.Fatalf("exit %d, want only the catalog and the admins named:\n%s", r.code, r.stderr)
	}

	// On purpose: it runs.
	logs := newWatchedLog()
	stop := s.startServeArgs(logs, "--allow-demo")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	logs.wait(ctx, t, regexp.MustCompile(`telegram: connected`))
	stop()
}

// A seller goes live with no admin: serve prints a one-time code, a
// customer orders meanwhile, `lapak admin-code` prints a new one (the old
// one stops working), the seller sends it to the bot on Telegram and
// becomes an admin, told of the order that waited; a used or expired code
// is refused like a wrong one, and too many wrong tries wait.
func TestAdminCodeThroughTelegram(t *testing.T) {
	s, tg := realShop(t)
	s.clock = storagetest.NewClock(time.Now())
	logs := newWatchedLog()
	s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	first := logs.wait(ctx, t, sendCode)[1]
	if !strings.Contains(logs.String(), "Belum ada admin yang bisa dihubungi") || !strings.Contains(logs.String(), "No admin can be reached yet") {
		t.Errorf("the code is not announced loudly:\n%s", logs)
	}
	for _, l := range strings.Split(logs.String(), "\n") {
		if strings.HasPrefix(l, "time=") && (strings.Contains(l, first) || strings.Contains(l, first[:4]+"-"+first[4:])) {
			t.Errorf("the code is in a log line: %s", l)
		}
	}

	// A customer orders before anyone is admin.
	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	for _, line := range []string{"pesan nastar keju 2", "checkout", "Budi Santoso", "0812-3456-7890", "1", "transfer", "ya"} {
		tg.SendText(budi, line)
	}
	m := orderNumber.FindStringSubmatch(waitText(ctx, t, tg, budi.ID, "No. pesanan").Text)
	if m == nil {
		t.Fatal("no order number")
	}
	number := m[1]

	r := s.ok("", "admin-code")
	code := sendCode.FindStringSubmatch(r.stdout)
	if code == nil || !strings.Contains(r.stdout, "Kode admin: "+code[1][:4]+"-"+code[1][4:]+" (berlaku 30 menit)") ||
		!strings.Contains(r.stdout, "Admin code: ") {
		t.Fatalf("admin-code printed:\n%s", r.stdout)
	}

	sari := telegramtest.User{ID: 777, FirstName: "Sari"}
	tg.SendText(sari, "/admin "+first) // replaced by the newer code
	refused := waitText(ctx, t, tg, sari.ID, "Kode admin itu tidak bisa dipakai").Text
	tg.SendText(sari, "/admin "+code[1][:4]+"-"+code[1][4:])
	waitText(ctx, t, tg, sari.ID, "Kamu sekarang admin Dapur Bu Sari")
	waiting := waitText(ctx, t, tg, sari.ID, "pesanan yang menunggu")
	if !strings.Contains(waiting.Text, number) {
		t.Errorf("the order placed before there was an admin is not listed:\n%s", waiting.Text)
	}
	tg.SendText(sari, "/admins")
	list := waitText(ctx, t, tg, sari.ID, "Admin toko:").Text
	if !strings.Contains(list, "1. console:admin (dari LAPAK_ADMINS; kanalnya tidak berjalan") || !strings.Contains(list, "2. Sari (telegram:777)") {
		t.Errorf("admin list:\n%s", list)
	}

	// The new admin gets the next order's notice.
	ani := telegramtest.User{ID: 4343, FirstName: "Ani"}
	for _, line := range []string{"pesan nastar keju 1", "checkout", "Ani Lestari", "0813-1111-2222", "1", "transfer", "ya"} {
		tg.SendText(ani, line)
	}
	waitText(ctx, t, tg, sari.ID, "Pesanan baru")

	// Used, expired and wrong codes get the same answer as the replaced one.
	rudi := telegramtest.User{ID: 888, FirstName: "Rudi"}
	tg.SendText(rudi, "/admin "+code[1]) // used
	if got := waitText(ctx, t, tg, rudi.ID, "tidak bisa dipakai").Text; got != refused {
		t.Errorf("a used code is answered %q, a replaced one %q", got, refused)
	}
	late := sendCode.FindStringSubmatch(s.ok("", "admin-code").stdout)[1]
	s.clock.Advance(31 * time.Minute)
	tg.SendText(rudi, "/admin "+late) // expired
	sent, err := tg.WaitSent(ctx, rudi.ID, 2)
	if err != nil || sent[1].Text != refused {
		t.Fatalf("an expired code: %v %+v", err, sent)
	}
	// The used code's try is older than the window now: the expired one
	// and four wrong ones make five, and the next waits.
	for i := range 5 {
		tg.SendText(rudi, "/admin 1234567"+string(rune('0'+i)))
	}
	waitText(ctx, t, tg, rudi.ID, "Tunggu 15 menit lagi")
	sent, _ = tg.WaitSent(ctx, rudi.ID, 7)
	for _, m := range sent[:6] {
		if m.Text != refused {
			t.Errorf("wrong code answered %q", m.Text)
		}
	}
}

// A seller who tried the demo in `lapak chat` and then imported their own
// products has both in one catalog: serve refuses while demo products are
// shown, and `lapak import --hide-missing` with the seller's file hides
// them (listed in the plan first), after which serve starts.
func TestServeRefusesDemoProductsBesideTheSellers(t *testing.T) {
	s := newShop(t)
	s.ok("halo\n", "chat") // the demo, tried first: its catalog is seeded
	delete(s.env, "LAPAK_ALLOW_DEMO")
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_SHOP_NAME"] = "Dapur Bu Sari"
	s.env["LAPAK_BANK_ACCOUNTS"] = "BRI 0123-01-000456-30-1 a.n. Sari Rahayu"
	s.env["LAPAK_PICKUP_ADDRESS"] = "Jl. Melati No. 5, Depok"
	own := s.write("produk.csv", "kode;nama;kategori;harga;stok\nNST-KJ;Nastar Keju;Kue Kering;85rb;20\n")
	s.ok("", "import", "--yes", own)

	r := s.run("", "serve")
	want := fmt.Sprintf("catalog: %d products of the demo are still shown to customers next to yours (", len(demoProducts()))
	if r.code != 1 || !strings.Contains(r.stderr, want) || !strings.Contains(r.stderr, "lapak import --hide-missing YOUR_FILE.csv") {
		t.Fatalf("serve with demo products beside the seller's: exit %d, want %q:\n%s", r.code, want, r.stderr)
	}

	r = s.ok("", "import", "--hide-missing", "--yes", own)
	if !strings.Contains(r.stdout, fmt.Sprintf("disembunyikan dari pelanggan (--hide-missing) / hidden from customers: %d", len(demoProducts()))) ||
		lastLine(r.stdout) != fmt.Sprintf("imported: 0 new, 1 updated, %d products hidden", len(demoProducts())) {
		t.Fatalf("import --hide-missing:\n%s", r.stdout)
	}
	logs := newWatchedLog()
	stop := s.startServeArgs(logs)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	logs.wait(ctx, t, regexp.MustCompile(`telegram: connected`))
	stop()
}

// demoProducts are the demo catalog's products by name.
func demoProducts() map[string]bool {
	names := map[string]bool{}
	for _, r := range catalog.DemoRows() {
		names[r.Name] = true
	}
	return names
}

// `lapak dashboard-password` keeps a password login (hashed), refuses a
// short one, and `lapak admin-code --staff` makes a staff code.
func TestDashboardPasswordAndStaffCode(t *testing.T) {
	s := newShop(t)
	if r := s.run("pendek\n", "dashboard-password"); r.code != exitUsage || !strings.Contains(r.stderr, "at least 8 characters") {
		t.Fatalf("a short password: exit %d\n%s", r.code, r.stderr)
	}
	if r := s.run("rahasia-toko\n", "dashboard-password", "--user", "bad name"); r.code != exitUsage {
		t.Fatalf("a username with a space: exit %d", r.code)
	}
	r := s.ok("rahasia-toko\n", "dashboard-password", "--user", "Kasir", "--staff")
	if !strings.Contains(r.stdout, `"kasir" (staff) disimpan`) || strings.Contains(r.stdout+r.stderr, "rahasia-toko") {
		t.Fatalf("dashboard-password printed:\n%s%s", r.stdout, r.stderr)
	}
	cfg, err := config.Load("", func(k string) string { return s.env[k] })
	if err != nil {
		t.Fatal(err)
	}
	st, err := openStore(context.Background(), cfg, slog.New(slog.DiscardHandler), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash, role, err := st.DashboardPassword(context.Background(), "kasir")
	if err != nil || role != lapak.RoleStaff || hash == "" || strings.Contains(hash, "rahasia") {
		t.Fatalf("stored %q %q %v", hash, role, err)
	}
	if r := s.ok("", "admin-code", "--staff"); !strings.Contains(r.stdout, "Kode admin") {
		t.Fatalf("admin-code --staff printed:\n%s", r.stdout)
	}
}
