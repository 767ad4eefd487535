package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/lib/pq"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// shop is a Lapak installation in a temp directory, driven through run().
type shop struct {
	t   *testing.T
	env map[string]string
	dir string
	// clock is the time every command runs on; nil is the system clock.
	// A test that sets it moves time by moving it.
	clock *storagetest.Clock
}

// newShop uses a fresh SQLite file; the working directory is the temp dir,
// so no stray lapak.conf is read.
func newShop(t *testing.T) *shop {
	dir := t.TempDir()
	return newShopAt(t, dir, "sqlite:"+filepath.Join(dir, "lapak.db"))
}

func newShopAt(t *testing.T, dir, dbURL string) *shop {
	t.Chdir(dir)
	return &shop{t: t, dir: dir, env: map[string]string{
		"DATABASE_URL":    dbURL,
		"LAPAK_MEDIA_DIR": filepath.Join(dir, "media"),
		// Tests run side by side: each serve gets a port of its own.
		"LAPAK_HTTP_LISTEN": "127.0.0.1:0",
		// The tests' serve runs the demo shop on a fake Telegram on
		// purpose; admins_test.go takes this away to see it refused.
		"LAPAK_ALLOW_DEMO": "true",
	}}
}

type result struct {
	code           int
	stdout, stderr string
}

func (s *shop) run(stdin string, args ...string) result {
	s.t.Helper()
	return s.runCtx(context.Background(), stdin, args...)
}

func (s *shop) runCtx(ctx context.Context, stdin string, args ...string) result {
	s.t.Helper()
	var out, errOut bytes.Buffer
	var clock lapak.Clock = lapak.SystemClock
	if s.clock != nil {
		clock = s.clock
	}
	code := runEnv(ctx, &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return s.env[k] }, clock: clock}, args)
	return result{code, out.String(), errOut.String()}
}

// ok runs a command that must succeed.
func (s *shop) ok(stdin string, args ...string) result {
	s.t.Helper()
	r := s.run(stdin, args...)
	if r.code != 0 {
		s.t.Fatalf("lapak %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// lastLine is the last line of a command's output.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	return lines[len(lines)-1]
}

// examplesCSV is the sample catalog shipped in the repository.
var examplesCSV, _ = filepath.Abs("../../examples/products.csv")

func readRows(t *testing.T, text string) []lapak.CatalogRow {
	t.Helper()
	rows, err := catalog.ReadCSV(strings.NewReader(text))
	if err != nil {
		t.Fatalf("reading CSV: %v\n%s", err, text)
	}
	slices.SortFunc(rows, func(a, b lapak.CatalogRow) int { return strings.Compare(a.SKU, b.SKU) })
	for i := range rows { // an export's stock_at_export and reseller columns: compare the catalog
		rows[i].HasExportedStock, rows[i].ExportedStock = false, lapak.StockLevel{}
		rows[i].HasResellerPrice, rows[i].HasMinResellerQty, rows[i].HasCommission = false, false, false
	}
	return rows
}

func TestUsage(t *testing.T) {
	s := newShop(t)
	tests := []struct {
		args       []string
		code       int
		stdout     string // substring expected on stdout
		stderr     string // substring expected on stderr
		noStdout   bool
		noDatabase bool
	}{
		{args: nil, code: 2, stderr: "Commands:\n  chat ", noStdout: true},
		{args: []string{"help"}, code: 0, stdout: "  import         add or update products from a catalog CSV"},
		{args: []string{"--help"}, code: 0, stdout: "Usage:\n  lapak COMMAND [flags] [arguments]"},
		{args: []string{"help", "export"}, code: 0, stdout: "Usage: lapak export [flags] [FILE.csv|FILE.xlsx]\n"},
		{args: []string{"help", "nope"}, code: 2, stderr: `lapak: unknown command "nope" (run 'lapak help' for the list)`},
		{args: []string{"srve"}, code: 2, stderr: `lapak: unknown command "srve" (run 'lapak help' for the list)`, noStdout: true},
		{args: []string{"chat", "--help"}, code: 0, stdout: "Usage: lapak chat [flags]\n"},
		{args: []string{"chat", "-h"}, code: 0, stdout: "-user string"},
		{args: []string{"serve", "--help"}, code: 0, stdout: "Usage: lapak serve [flags]\n"},
		{args: []string{"import", "--help"}, code: 0, stdout: "Usage: lapak import [flags] FILE.csv|FILE.xlsx\n"},
		{args: []string{"chat", "--bogus"}, code: 2, stderr: "lapak chat: flag provided but not defined: -bogus\nUsage: lapak chat [flags]"},
		{args: []string{"chat", "--user", "dua kata"}, code: 2, stderr: `lapak chat: --user "dua kata": use one word`},
		{args: []string{"chat", "extra"}, code: 2, stderr: `lapak chat: unexpected argument "extra"`},
		{args: []string{"import"}, code: 2, stderr: "lapak import: missing FILE.csv|FILE.xlsx\nUsage: lapak import [flags] FILE.csv|FILE.xlsx"},
		{args: []string{"import", "--stock", "shop", "a.csv"}, code: 2, stderr: `lapak import: --stock "shop": use keep or file`},
		{args: []string{"export", "a.pdf"}, code: 2, stderr: "lapak export: a.pdf: write FILE.csv or FILE.xlsx"},
		{args: []string{"export", "--from", "2025-01-01"}, code: 2, stderr: "lapak export: --from and --to go with --orders"},
		{args: []string{"export", "--orders", "--to", "1/2/2025"}, code: 2, stderr: `lapak export: --to "1/2/2025": write a date as YYYY-MM-DD`},
		{args: []string{"export", "a.csv", "b.csv"}, code: 2, stderr: `lapak export: unexpected argument "b.csv"`},
		{args: []string{"migrate", "now"}, code: 2, stderr: `lapak migrate: unexpected argument "now"`},
		{args: []string{"version"}, code: 0, stdout: "lapak dev\n"},
		{args: []string{"--version"}, code: 0, stdout: "lapak dev\n"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := s.run("", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", r.code, tt.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.stdout) {
				t.Errorf("stdout %q does not contain %q", r.stdout, tt.stdout)
			}
			if !strings.Contains(r.stderr, tt.stderr) {
				t.Errorf("stderr %q does not contain %q", r.stderr, tt.stderr)
			}
			if tt.noStdout && r.stdout != "" {
				t.Errorf("stdout should be empty: %q", r.stdout)
			}
		})
	}
	// Usage errors and help never touch the database.
	if _, err := os.Stat(filepath.Join(s.dir, "lapak.db")); err == nil {
		t.Error("a usage error created the database")
	}
}

func TestConfigErrorsExitOneWithEveryProblem(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_ORDER_TTL"] = "2x"
	s.env["LAPAK_LANGUAGE"] = "fr"
	r := s.run("", "migrate")
	want := "lapak: config: LAPAK_LANGUAGE: \"fr\" is not a language (use id or en)\n" +
		"lapak: config: LAPAK_ORDER_TTL: \"2x\" is not a duration (use e.g. 24h or 90m, between 10m and 720h)\n"
	if r.code != 1 || r.stderr != want || r.stdout != "" {
		t.Errorf("exit %d\nstderr:\n%s\nwant:\n%s", r.code, r.stderr, want)
	}
}

func TestConfigFileInWorkingDirectory(t *testing.T) {
	s := newShop(t)
	if err := os.WriteFile(filepath.Join(s.dir, "lapak.conf"), []byte("LAPAK_COD=perhaps\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := s.run("", "migrate")
	if r.code != 1 || !strings.Contains(r.stderr, `lapak: config: LAPAK_COD: "perhaps" is not true or false`) {
		t.Errorf("lapak.conf was not read: exit %d, %s", r.code, r.stderr)
	}
}

func TestMigrate(t *testing.T) {
	s := newShop(t)
	for range 2 { // idempotent
		if r := s.ok("", "migrate"); r.stdout != "database up to date\n" {
			t.Errorf("stdout %q", r.stdout)
		}
	}
}

func TestRuntimeErrorIsOneLine(t *testing.T) {
	s := newShop(t)
	s.env["DATABASE_URL"] = "sqlite:" + filepath.Join(s.dir, "no-such-dir", "lapak.db")
	r := s.run("", "migrate")
	if r.code != 1 || !strings.HasPrefix(r.stderr, "lapak: ") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestImportExportRoundTrip(t *testing.T) {
	s := newShop(t)
	file, err := os.ReadFile(examplesCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := readRows(t, string(file))

	r := s.ok("", "import", "--yes", examplesCSV)
	if got := lastLine(r.stdout); got != "imported: "+strconv.Itoa(len(want))+" new, 0 updated" {
		t.Errorf("first import: %q", r.stdout)
	}
	r = s.ok("", "import", "--yes", examplesCSV)
	if got := lastLine(r.stdout); got != "tidak ada perubahan / nothing to change" {
		t.Errorf("second import: %q", r.stdout)
	}

	exported := s.ok("", "export").stdout
	if got := readRows(t, exported); !slices.Equal(got, want) {
		t.Errorf("export differs from the imported file:\n%s", exported)
	}

	// To a file: the same bytes, and it imports into a fresh shop unchanged.
	out := filepath.Join(s.dir, "out.csv")
	s.ok("", "export", out)
	b, err := os.ReadFile(out)
	if err != nil || string(b) != exported {
		t.Fatalf("export to file differs from stdout (%v)", err)
	}
	other := newShop(t)
	other.ok("", "import", "--yes", out)
	if got := readRows(t, other.ok("", "export").stdout); !slices.Equal(got, want) {
		t.Error("round trip through a second shop changed the catalog")
	}

	// Stdin works too, and an edited price is an update.
	edited := strings.Replace(exported, ",12000,", ",12500,", 1)
	if r := s.ok(edited, "import", "--yes", "-"); lastLine(r.stdout) != "imported: 0 new, "+strconv.Itoa(len(want))+" updated" {
		t.Errorf("import from stdin: %q", r.stdout)
	}
	if !strings.Contains(s.ok("", "export").stdout, ",12500,") {
		t.Error("edited price not stored")
	}
}

func TestImportBadCSVImportsNothing(t *testing.T) {
	s := newShop(t)
	bad := filepath.Join(s.dir, "bad.csv")
	csv := "sku,name,category,variant,price,stock,description,image\n" +
		"OK-1,Kopi,Minuman,,15000,10,,\n" +
		"BAD-1,Teh,Minuman,,lima ribu,10,,\n" +
		"OK-2,Susu,Minuman,,9000,,,\n" +
		",Jus,Minuman,,12000,-3,,\n"
	if err := os.WriteFile(bad, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	r := s.run("", "import", "--yes", bad)
	if r.code != 1 || r.stdout != "" {
		t.Fatalf("exit %d, stdout %q", r.code, r.stdout)
	}
	lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
	if len(lines) != 3 ||
		!strings.HasPrefix(lines[0], "line 3: price \"lima ribu\"") ||
		!strings.HasPrefix(lines[1], "line 5: sku is empty") ||
		lines[2] != "lapak: "+bad+": 2 problems, nothing imported" {
		t.Errorf("stderr:\n%s", r.stderr)
	}
	if got := s.ok("", "export").stdout; got != strings.Join(catalog.Header, ",")+"\n" {
		t.Errorf("something was imported:\n%s", got)
	}

	r = s.run("", "import", "--yes", filepath.Join(s.dir, "missing.csv"))
	if r.code != 1 || r.stderr != "lapak: cannot read "+filepath.Join(s.dir, "missing.csv")+": no such file or directory\n" {
		t.Errorf("missing file: exit %d, %q", r.code, r.stderr)
	}
}

// cancelOn is a log writer that cancels when a line containing trigger is
// written: "a signal arrives once serve is up", without sleeping.
type cancelOn struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	trigger string
	cancel  context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if bytes.Contains(p, []byte(w.trigger)) {
		w.cancel()
	}
	return w.buf.Write(p)
}

func TestServeStopsCleanly(t *testing.T) {
	s := newShop(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	want := "no chat channel configured: set LAPAK_TELEGRAM_TOKEN (see the README, Set up your Telegram bot), link WhatsApp with `lapak whatsapp-login`, or use `lapak chat` for the console"
	logs := &cancelOn{trigger: "no chat channel configured", cancel: cancel}
	var out bytes.Buffer
	code := run(ctx, []string{"serve"}, strings.NewReader(""), &out, logs, func(k string) string { return s.env[k] })
	stderr := logs.buf.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if strings.Count(stderr, want) != 1 || !strings.Contains(stderr, "msg=stopped") {
		t.Errorf("stderr:\n%s", stderr)
	}
	// The demo catalog was seeded on the way.
	if rows := readRows(t, s.ok("", "export").stdout); len(rows) != len(catalog.DemoRows()) {
		t.Errorf("demo catalog: %d rows, want %d", len(rows), len(catalog.DemoRows()))
	}
}

// pgShop is a shop on a throw-away PostgreSQL schema, or skips.
func pgShop(t *testing.T) *shop {
	return newShopAt(t, t.TempDir(), storagetest.PostgresSchema(t))
}

// eachDB runs fn on a shop on SQLite and on one on a fresh PostgreSQL
// schema, as subtests.
func eachDB(t *testing.T, fn func(t *testing.T, s *shop)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, newShop(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgShop(t)) })
}

// purchase is a customer's whole first visit, typed line by line: greet,
// browse, pick a product and a quantity, check out with delivery and pay by
// transfer.
const purchase = "halo\n" +
	"katalog\n" +
	"1\n" + // Keripik & Camilan
	"Keripik Singkong\n" +
	"Pedas\n" +
	"3\n" +
	"checkout\n" +
	"Siti Aminah\n" +
	"0812-3456-7890\n" +
	"2\n" + // Dalam kota
	"Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok\n" +
	"transfer\n" +
	"ya\n"

var orderNumber = regexp.MustCompile(`No\. pesanan: ([A-Z0-9]{3}-[A-Z0-9]{3})`)

// buy runs the purchase as user and returns the order number it printed.
func (s *shop) buy(user string) string {
	s.t.Helper()
	r := s.ok(purchase, "chat", "--user", user)
	for _, want := range []string{"selamat datang di Toko Lapak Demo", "Keripik Singkong (Pedas)", "Total: Rp49.000", "BCA 1234567890 a.n. Toko Lapak Demo"} {
		if !strings.Contains(r.stdout, want) {
			s.t.Errorf("chat output lacks %q:\n%s", want, r.stdout)
		}
	}
	m := orderNumber.FindStringSubmatch(r.stdout)
	if m == nil {
		s.t.Fatalf("no order number in the chat:\n%s", r.stdout)
	}
	if r.stderr != "" {
		s.t.Errorf("chat logged at the default level:\n%s", r.stderr)
	}
	return m[1]
}

func TestChatPurchaseAndContinue(t *testing.T) {
	s := newShop(t)
	number := s.buy("siti")

	// The seller sees the order in the database: stock reserved, totals by the shop.
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	o, err := st.OrderByNumber(context.Background(), number)
	v, verr := st.VariantBySKU(context.Background(), "KRP-SGK-PDS")
	st.Close()
	if err != nil || verr != nil {
		t.Fatalf("order %s: %v / %v", number, err, verr)
	}
	if o.Status != lapak.StatusPendingPayment || o.Subtotal != 39000 || o.ShippingFee != 10000 || o.Total != 49000+o.UniqueCode || o.Recipient != "Siti Aminah" {
		t.Errorf("order: %+v", o)
	}
	if v.Stock != 20-3 {
		t.Errorf("stock %d, want 17 after the order", v.Stock)
	}

	// Running chat again continues the conversation: "1" now picks the first
	// choice of the last reply ("Lihat pesanan"), not the main menu's "Katalog".
	r := s.ok("1\n", "chat", "--user", "siti")
	if !strings.Contains(r.stdout, "Pesanan "+number) || !strings.Contains(r.stdout, "menunggu pembayaran") {
		t.Errorf("second chat did not continue:\n%s", r.stdout)
	}
	// Another customer starts fresh.
	r = s.ok("1\n", "chat", "--user", "budi")
	if strings.Contains(r.stdout, number) {
		t.Errorf("budi sees siti's order:\n%s", r.stdout)
	}
}

func TestChatLogLevel(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_LOG_LEVEL"] = "info"
	r := s.ok("", "chat")
	if !strings.Contains(r.stderr, "demo catalog added") {
		t.Errorf("an explicit LAPAK_LOG_LEVEL is honoured in chat; stderr:\n%s", r.stderr)
	}
}

// One end-to-end run on PostgreSQL: migrate, import, purchase, export.
func TestPostgresEndToEnd(t *testing.T) {
	s := pgShop(t)
	s.env["LAPAK_DEMO"] = "false"
	if r := s.ok("", "migrate"); r.stdout != "database up to date\n" {
		t.Errorf("migrate: %q", r.stdout)
	}
	file, err := os.ReadFile(examplesCSV)
	if err != nil {
		t.Fatal(err)
	}
	want := readRows(t, string(file))
	if r := s.ok("", "import", "--yes", examplesCSV); lastLine(r.stdout) != "imported: "+strconv.Itoa(len(want))+" new, 0 updated" {
		t.Errorf("import: %q", r.stdout)
	}
	s.buy("siti")
	got := readRows(t, s.ok("", "export").stdout)
	for i := range want {
		if want[i].SKU == "KRP-SGK-PDS" {
			want[i].Stock -= 3 // reserved by the order
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("export after the purchase differs:\n%+v", got)
	}
}

// A seller with a token gets a working shop bot from `lapak serve`: a
// customer's message reaches the flows and the reply reaches Telegram.
func TestServeAnswersOnTelegram(t *testing.T) {
	s := newShop(t)
	tg := telegramtest.NewServer(t)
	s.env["LAPAK_TELEGRAM_TOKEN"] = telegramtest.Token
	s.env["LAPAK_TELEGRAM_API_URL"] = tg.URL
	s.env["LAPAK_ADMINS"] = "telegram:999"

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan result, 1)
	go func() { done <- s.runCtx(ctx, "", "serve") }()

	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	tg.SendText(budi, "/start")
	wait, stop := context.WithTimeout(ctx, 30*time.Second)
	defer stop()
	sent, err := tg.WaitSent(wait, budi.ID, 1)
	if err != nil {
		cancel()
		t.Fatalf("no reply on Telegram: %v\n%s", err, (<-done).stderr)
	}
	if !strings.Contains(sent[0].Text, "selamat datang di Toko Lapak Demo") || len(sent[0].Buttons()) == 0 {
		t.Errorf("reply = %q with buttons %v", sent[0].Text, sent[0].Buttons())
	}
	cancel()
	if r := <-done; r.code != 0 || strings.Contains(r.stderr, telegramtest.Token) {
		t.Fatalf("serve exit %d (or the token was logged):\n%s", r.code, r.stderr)
	}
}

// Unpaid orders expire in a console session too: the whole order life can be
// tried locally. The clock is moved past the deadline rather than waited for.
func TestChatExpiresUnpaidOrders(t *testing.T) {
	s := newShop(t)
	s.clock = storagetest.NewClock(time.Now())
	number := s.buy("siti")
	s.clock.Advance(25 * time.Hour) // the default LAPAK_ORDER_TTL is 24h

	r := s.ok("status\n", "chat", "--user", "siti")
	for _, want := range []string{"pesanan " + number + " (", "otomatis batal", "kedaluwarsa"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("chat output lacks %q:\n%s", want, r.stdout)
		}
	}
	st, err := storage.Open(context.Background(), s.env["DATABASE_URL"], storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, err := st.VariantBySKU(context.Background(), "KRP-SGK-PDS"); err != nil || v.Stock != 20 {
		t.Errorf("stock %d (%v), want 20 again after the order expired", v.Stock, err)
	}
}
