package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/config"
)

// `lapak setup` asks a seller, in the terminal, for what a real shop needs
// and writes lapak.conf. Every answer is checked with config.Check, the
// rules `serve` applies at start, so what setup accepts serve accepts;
// nothing is written until the seller says yes at the end.

func setupFlags(fs *flag.FlagSet) {
	fs.String("lang", "", "language of the questions: id (Bahasa Indonesia) or en (English); asked when not given")
}

// setupOrder is the order of the settings setup asks about, for the
// summary and for lines appended to the file.
var setupOrder = []string{
	"LAPAK_SHOP_NAME", "LAPAK_BANK_ACCOUNTS", "LAPAK_PICKUP_ADDRESS", "LAPAK_DELIVERY_ZONES",
	"LAPAK_COD", "LAPAK_COD_MAX_TOTAL", "LAPAK_COD_ZONES", "LAPAK_QRIS_STATIC",
	"LAPAK_TELEGRAM_TOKEN", "LAPAK_DEMO",
}

// errInputEnded is the seller closing the input (Ctrl-D, the end of a pipe)
// before the last question.
var errInputEnded = errors.New("setup: the input ended before the last question; nothing was written")

// setup is one run of the questions.
type setup struct {
	ctx      context.Context
	in       *bufio.Reader
	out      io.Writer
	en       bool              // ask in English
	langFlag bool              // --lang was given: the language is not asked
	file     map[string]string // the existing file's values
	ans      map[string]string // the answers so far
	getenv   func(string) string
	bot      string // the bot's username once the token was checked
	// hidden reads a line without echoing it, when the answers come from a
	// terminal: a token typed or pasted is not left on the screen.
	hidden func() (string, error)
}

func runSetup(ctx context.Context, e *env, fs *flag.FlagSet) int {
	s := &setup{ctx: ctx, in: bufio.NewReader(e.stdin), out: e.stdout, file: map[string]string{},
		ans: map[string]string{}, getenv: e.getenv}
	if f, ok := e.stdin.(*os.File); ok && isTerminal(f) {
		s.hidden = func() (string, error) {
			b, err := term.ReadPassword(int(f.Fd()))
			fmt.Fprintln(s.out) // the Enter that was not echoed
			return string(b), err
		}
	}
	switch lang := strings.ToLower(fs.Lookup("lang").Value.String()); lang {
	case "":
	case "id":
		s.langFlag = true
	case "en":
		s.en, s.langFlag = true, true
	default:
		fmt.Fprintf(e.stderr, "lapak setup: --lang %q: use id or en\n", lang)
		return exitUsage
	}
	path := config.FilePath(e.getenv)
	if path == "" {
		path = config.DefaultFile
	}
	var text string
	if b, err := os.ReadFile(path); err == nil {
		text = string(b)
		vals, err := config.ReadValues(path)
		if err != nil {
			return e.fail(fmt.Errorf("%w\nsetup: fix %s by hand (or move it away) and run lapak setup again", err, path))
		}
		s.file = vals
	} else if !errors.Is(err, os.ErrNotExist) {
		return e.fail(fmt.Errorf("setup: reading %s: %w", path, err))
	}
	err := s.run(path, text)
	if errors.Is(err, errInputEnded) {
		fmt.Fprintln(s.out)
	}
	if err != nil {
		return e.fail(err)
	}
	return exitOK
}

func (s *setup) run(path, text string) error {
	if !s.langFlag {
		if err := s.askLanguage(); err != nil {
			return err
		}
	}
	s.say("Setup Lapak: jawab pertanyaan di bawah. Enter memakai isian dalam [kurung]; belum ada yang disimpan sampai kamu bilang ya di akhir.",
		"Lapak setup: answer the questions below. Enter keeps the value in [brackets]; nothing is saved until you say yes at the end.")
	if len(s.file) > 0 {
		s.say("Isian sekarang dibaca dari %s.", "Current values are read from %s.", path)
	}
	steps := []func() error{s.askShopName, s.askPaymentAndDelivery, s.askTelegram, s.askCatalog}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return s.confirmAndWrite(path, text)
}

// --- input and output ----------------------------------------------------

// tr picks the sentence in the language of the questions.
func (s *setup) tr(id, en string, args ...any) string {
	f := id
	if s.en {
		f = en
	}
	return fmt.Sprintf(f, args...)
}

func (s *setup) say(id, en string, args ...any) { fmt.Fprintln(s.out, s.tr(id, en, args...)) }

// ask prints the question with its default in brackets and reads one line;
// an empty line is the default.
func (s *setup) ask(question, def string) (string, error) {
	return s.read(question, def, false)
}

// askSecret is ask for a secret: on a terminal the answer is not echoed.
func (s *setup) askSecret(question, def string) (string, error) {
	return s.read(question, def, true)
}

func (s *setup) read(question, def string, secret bool) (string, error) {
	hide := secret && s.hidden != nil && s.in.Buffered() == 0
	if hide {
		question += s.tr(" (tidak tampil saat diketik)", " (not shown as you type)")
	}
	if def != "" {
		fmt.Fprintf(s.out, "%s [%s]: ", question, s.show(def))
	} else {
		fmt.Fprintf(s.out, "%s: ", question)
	}
	var line string
	var err error
	if hide {
		line, err = s.hidden()
		if err != nil {
			return "", fmt.Errorf("setup: reading the answer: %w", err)
		}
	} else {
		line, err = s.in.ReadString('\n')
	}
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		if errors.Is(err, io.EOF) {
			return "", errInputEnded
		}
		return "", fmt.Errorf("setup: reading the answer: %w", err)
	}
	line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
	if line == "" {
		return def, nil
	}
	return line, nil
}

// show is a value as the seller reads it: "none" in words, a token hidden.
func (s *setup) show(v string) string {
	if strings.EqualFold(v, "none") {
		return s.tr("tidak ada", "none")
	}
	return v
}

// isNone reports an answer meaning "none of this".
func isNone(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "-", "none", "no", "tidak", "tidak ada", "tdk", "ga", "gak", "nggak", "tanpa", "kosong":
		return true
	}
	return false
}

// yesNo reads ya/tidak (yes/no), asking again until it gets one.
func (s *setup) yesNo(question string, def bool) (bool, error) {
	d := s.tr("tidak", "no")
	if def {
		d = s.tr("ya", "yes")
	}
	for {
		v, err := s.ask(question, d)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(v) {
		case "ya", "y", "yes", "iya", "true", "1":
			return true, nil
		case "tidak", "t", "no", "n", "false", "0", "tdk", "ga", "gak":
			return false, nil
		}
		s.say("Jawab ya atau tidak.", "Answer yes or no.")
	}
}

// current is the value a question offers: this run's answer, else the file's.
func (s *setup) current(key string) string {
	if v, ok := s.ans[key]; ok {
		return v
	}
	return s.file[key]
}

// values are the file's values with the answers over them: what the
// written file will hold.
func (s *setup) values() map[string]string {
	m := map[string]string{}
	for k, v := range s.file {
		m[k] = v
	}
	for k, v := range s.ans {
		m[k] = v
	}
	return m
}

// problems checks the answers so far with value for key, and returns the
// problems about any of keys.
func (s *setup) problems(key, value string, keys ...string) []config.Problem {
	vals := s.values()
	vals[key] = value
	var out []config.Problem
	for _, p := range config.Check(vals) {
		if p.About(append(keys, key)...) {
			out = append(out, p)
		}
	}
	return out
}

// refused prints why an answer was not taken; false when it was fine.
func (s *setup) refused(probs []config.Problem) bool {
	for _, p := range probs {
		fmt.Fprintf(s.out, "  ✗ %s\n", p.Detail())
	}
	return len(probs) > 0
}

// isDemo reports the demo shop's value of key (the fake account, the
// demo address): a real shop must not go live with it.
func isDemo(key, v string) bool {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	d := config.Default(key)
	return d != "" && norm(v) == norm(d)
}

// --- the questions -------------------------------------------------------

func (s *setup) askLanguage() error {
	for {
		v, err := s.ask("Bahasa / Language: 1 = Bahasa Indonesia, 2 = English", "1")
		if err != nil {
			return err
		}
		switch strings.ToLower(v) {
		case "1", "id", "indonesia", "bahasa indonesia":
			return nil
		case "2", "en", "english", "inggris":
			s.en = true
			return nil
		}
		fmt.Fprintln(s.out, "Ketik 1 atau 2 / Type 1 or 2.")
	}
}

func (s *setup) askShopName() error {
	const key = "LAPAK_SHOP_NAME"
	def := s.current(key)
	if isDemo(key, def) {
		def = ""
	}
	for {
		v, err := s.ask(s.tr("Nama toko", "Shop name"), def)
		if err != nil {
			return err
		}
		if v == "" {
			s.say("  ✗ Nama toko wajib diisi: ini yang dibaca pelanggan, misalnya Dapur Bu Sari.",
				"  ✗ The shop needs a name: customers read it, e.g. Dapur Bu Sari.")
			continue
		}
		if s.refused(s.problems(key, v)) {
			continue
		}
		s.ans[key] = v
		return nil
	}
}

// askPaymentAndDelivery asks how customers get their orders and how they
// pay, again while the answers leave customers no way to do either.
func (s *setup) askPaymentAndDelivery() error {
	for {
		for _, step := range []func() error{s.askBanks, s.askDelivery, s.askCOD, s.askQRIS} {
			if err := step(); err != nil {
				return err
			}
		}
		var probs []config.Problem
		for _, p := range config.Check(s.values()) {
			if p.About("LAPAK_BANK_ACCOUNTS", "LAPAK_QRIS_STATIC", "LAPAK_COD") {
				probs = append(probs, p)
			}
		}
		if len(probs) == 0 {
			return nil
		}
		s.say("Pelanggan belum punya cara bayar: isi rekening bank, QRIS, atau COD dengan zona kurir. Kita ulangi:",
			"Customers have no way to pay yet: give a bank account, a QRIS, or COD with courier zones. Once more:")
		s.refused(probs)
	}
}

// askList reads a list setting one item a line until an empty line:
// Enter on the first line keeps the current list, "tidak" means none.
// Each item, and the list so far, is checked as config checks the setting;
// item turns a line into the setting's form.
func (s *setup) askList(key, first, next, hint string, item func(string) string, refuse func(string) bool) error {
	def := s.current(key)
	if isDemo(key, def) {
		def = ""
	}
	var items []string
	for {
		q, d := next, ""
		if len(items) == 0 {
			q, d = first, def
		}
		v, err := s.ask(q, d)
		if err != nil {
			return err
		}
		switch {
		case v == "" && len(items) == 0:
			s.ans[key] = "none"
			return nil
		case v == "":
			s.ans[key] = strings.Join(items, "; ")
			return nil
		case len(items) == 0 && v == def:
			s.ans[key] = def
			return nil
		case isNone(v) && len(items) == 0:
			s.ans[key] = "none"
			return nil
		}
		v = item(v)
		if refuse != nil && refuse(v) {
			continue
		}
		list := strings.Join(append(slices.Clone(items), v), "; ")
		if s.refused(s.problems(key, list)) {
			fmt.Fprintln(s.out, "    "+hint)
			continue
		}
		items = append(items, v)
	}
}

func (s *setup) askBanks() error {
	const key = "LAPAK_BANK_ACCOUNTS"
	s.say("\nRekening untuk transfer, satu per baris, contoh: BCA 1234567890 a.n. Sari Rahayu (e-wallet juga bisa: DANA 081234567890 a.n. Sari). Baris kosong = selesai, \"tidak\" = tanpa transfer bank.",
		"\nAccounts for bank transfer, one a line, e.g. BCA 1234567890 a.n. Sari Rahayu (e-wallets too: DANA 081234567890 a.n. Sari). An empty line = done, \"no\" = no bank transfer.")
	return s.askList(key, s.tr("Rekening", "Account"), s.tr("Rekening lain (Enter = selesai)", "Another account (Enter = done)"),
		s.tr("Tulis BANK NOMOR a.n. NAMA, mis. BCA 1234567890 a.n. Sari Rahayu.", "Write BANK NUMBER a.n. HOLDER, e.g. BCA 1234567890 a.n. Sari Rahayu."),
		func(v string) string { return v },
		func(v string) bool {
			for _, acc := range strings.Split(v, ";") {
				if isDemo(key, acc) {
					s.say("  ✗ Itu rekening contoh dari toko demo: tulis rekening toko kamu sendiri.",
						"  ✗ That is the demo shop's made-up account: write your shop's own.")
					return true
				}
			}
			return false
		})
}

func (s *setup) askDelivery() error {
	for {
		if err := s.askPickup(); err != nil {
			return err
		}
		if err := s.askZones(); err != nil {
			return err
		}
		var probs []config.Problem
		for _, p := range config.Check(s.values()) {
			if p.About("LAPAK_PICKUP_ADDRESS") && p.About("LAPAK_DELIVERY_ZONES") {
				probs = append(probs, p)
			}
		}
		if len(probs) == 0 {
			return nil
		}
		s.say("  ✗ Pelanggan perlu bisa menerima pesanan: isi alamat ambil sendiri, atau minimal satu zona kurir.",
			"  ✗ Customers must get their orders somehow: give a pickup address, or at least one courier zone.")
	}
}

func (s *setup) askPickup() error {
	const key = "LAPAK_PICKUP_ADDRESS"
	s.say("\nAmbil sendiri: alamat tempat pelanggan mengambil pesanan. \"tidak\" = tanpa ambil sendiri.",
		"\nPickup: the address where customers collect their orders. \"no\" = no pickup.")
	def := s.current(key)
	if isDemo(key, def) {
		def = ""
	}
	for {
		v, err := s.ask(s.tr("Alamat ambil sendiri", "Pickup address"), def)
		if err != nil {
			return err
		}
		switch {
		case v == "" || isNone(v):
			s.ans[key] = "none"
			return nil
		case isDemo(key, v):
			s.say("  ✗ Itu alamat contoh dari toko demo: tulis alamat toko kamu.", "  ✗ That is the demo shop's address: write your shop's.")
			continue
		}
		if s.refused(s.problems(key, v)) {
			continue
		}
		s.ans[key] = v
		return nil
	}
}

func (s *setup) askZones() error {
	const key = "LAPAK_DELIVERY_ZONES"
	s.say("\nKirim dengan kurir: zona dan ongkirnya, satu per baris, contoh: Dalam kota 10000 (ongkir gratis ditulis 0). Kota yang masuk zona boleh ditulis setelah titik dua: Jabodetabek 10000: Jakarta, Depok. Baris kosong = selesai, \"tidak\" = tanpa kurir.",
		"\nCourier delivery: zones and their fees, one a line, e.g. Dalam kota 10000 (free delivery is 0). The cities of a zone may follow a colon: Jabodetabek 10000: Jakarta, Depok. An empty line = done, \"no\" = no courier.")
	return s.askList(key, s.tr("Zona", "Zone"), s.tr("Zona lain (Enter = selesai)", "Another zone (Enter = done)"),
		s.tr("Tulis nama zona lalu ongkirnya dalam angka, mis. Dalam kota 10000; ongkir gratis ditulis 0.",
			"Write the zone's name, then its fee in digits, e.g. Dalam kota 10000; free delivery is 0."),
		zoneItem, nil)
}

// zoneItem turns "Dalam kota 10000" (or "Jawa Rp 20.000: Bandung") into
// config's "Dalam kota=10000"; a line with "=" is taken as it is.
func zoneItem(v string) string {
	if strings.Contains(v, "=") {
		return v
	}
	head, areas, hasAreas := strings.Cut(v, ":")
	f := strings.Fields(head)
	if len(f) < 2 {
		return v // config says a fee is missing
	}
	n := len(f) - 1
	if p := strings.ToLower(strings.TrimSuffix(f[n-1], ".")); n >= 2 && p == "rp" { // "Rp 10.000"
		n--
	}
	item := strings.Join(f[:n], " ") + "=" + strings.Join(f[n:], "")
	if hasAreas {
		item += ":" + areas
	}
	return item
}

func (s *setup) askCOD() error {
	if strings.EqualFold(s.current("LAPAK_DELIVERY_ZONES"), "none") {
		// Cash on delivery is for courier orders only.
		s.ans["LAPAK_COD"], s.ans["LAPAK_COD_MAX_TOTAL"], s.ans["LAPAK_COD_ZONES"] = "false", "", ""
		return nil
	}
	def := true
	if v, ok := s.ans["LAPAK_COD"]; ok {
		def = v == "true"
	} else if v := s.file["LAPAK_COD"]; v != "" && s.problems("LAPAK_COD", v) == nil {
		def = !isNone(v) && !strings.EqualFold(v, "false") && v != "0" && !strings.EqualFold(v, "off")
	}
	cod, err := s.yesNo(s.tr("\nCOD (bayar di tempat) untuk pesanan kurir? (ya/tidak)", "\nCash on delivery (COD) for courier orders? (yes/no)"), def)
	if err != nil {
		return err
	}
	s.ans["LAPAK_COD"] = fmt.Sprint(cod)
	if !cod {
		s.ans["LAPAK_COD_MAX_TOTAL"], s.ans["LAPAK_COD_ZONES"] = "", ""
		return nil
	}
	if err := s.askOptional("LAPAK_COD_MAX_TOTAL",
		s.tr("Batas total pesanan COD, mis. 500000 (Enter = tanpa batas, \"-\" = hapus batas)", "Largest COD order total, e.g. 500000 (Enter = no limit, \"-\" = remove the limit)")); err != nil {
		return err
	}
	return s.askOptional("LAPAK_COD_ZONES",
		s.tr("Zona yang boleh COD, pisahkan dengan ; (Enter = semua zona, \"-\" = semua zona)", "Zones where COD is offered, separated by ; (Enter = every zone, \"-\" = every zone)"))
}

// askOptional asks a setting whose empty value means "no limit": Enter
// keeps the current one, "-" (or "tidak") clears it.
func (s *setup) askOptional(key, question string) error {
	for {
		v, err := s.ask(question, s.current(key))
		if err != nil {
			return err
		}
		if isNone(v) {
			v = ""
		}
		if s.refused(s.problems(key, v)) {
			continue
		}
		s.ans[key] = v
		return nil
	}
}

func (s *setup) askQRIS() error {
	const key = "LAPAK_QRIS_STATIC"
	s.say("\nQRIS (boleh dilewati): tempel teks di dalam QRIS statis toko (diawali 000201; baca dengan aplikasi pemindai QR), atau tulis path foto stiker QRIS (.png/.jpg). Enter = %s, \"tidak\" = tanpa QRIS.",
		"\nQRIS (optional): paste the text inside the shop's static QRIS (it starts with 000201; read it with a QR scanner app), or give the path of a photo of the QRIS sticker (.png/.jpg). Enter = %s, \"no\" = no QRIS.",
		s.tr(map[bool]string{true: "tetap", false: "lewati"}[s.current(key) != ""], map[bool]string{true: "keep", false: "skip"}[s.current(key) != ""]))
	def := s.current(key)
	for {
		v, err := s.ask("QRIS", qrisLabel(def))
		if err != nil {
			return err
		}
		switch {
		case v == qrisLabel(def):
			v = def
		case isNone(v):
			v = ""
		case !strings.HasPrefix(v, "000201"):
			if _, err := os.Stat(v); err != nil {
				s.say("  ✗ Bukan teks QRIS (diawali 000201) dan bukan file yang ada: %s", "  ✗ Neither a QRIS text (starting with 000201) nor a file that exists: %s", v)
				continue
			}
			text, err := decodeQR(v)
			if err != nil {
				s.say("  ✗ Tidak ada kode QR yang terbaca di %s (%v): coba foto yang lebih tajam dan lurus, atau tempel teksnya.",
					"  ✗ No QR code could be read in %s (%v): try a sharper, straighter photo, or paste the text.", v, err)
				continue
			}
			v = text
		}
		if v == "" {
			s.ans[key] = ""
			return nil
		}
		if s.refused(s.problems(key, v)) {
			s.say("    Teks QRIS ini tidak utuh atau salah ketik: salin lagi seluruh teksnya, atau pakai foto stikernya.",
				"    This QRIS text is cut or mistyped: copy the whole text again, or use a photo of the sticker.")
			continue
		}
		s.ans[key] = v
		s.say("  ✓ QRIS %s", "  ✓ QRIS %s", qrisLabel(v))
		return nil
	}
}

// qrisLabel names a QRIS by its merchant instead of its long text.
func qrisLabel(v string) string {
	if v == "" {
		return ""
	}
	q, err := lapak.ParseQRIS(v)
	if err != nil || q.MerchantName() == "" {
		return v
	}
	return q.MerchantName() + " (" + v[:12] + "…)"
}

func (s *setup) askTelegram() error {
	const key = "LAPAK_TELEGRAM_TOKEN"
	s.say("\nTelegram: token bot dari @BotFather (buat bot dengan /newbot). Enter = %s, \"tidak\" = tanpa Telegram.",
		"\nTelegram: the bot token from @BotFather (make a bot with /newbot). Enter = %s, \"no\" = no Telegram.",
		s.tr(map[bool]string{true: "tetap", false: "lewati"}[s.current(key) != ""], map[bool]string{true: "keep", false: "skip"}[s.current(key) != ""]))
	def := s.current(key)
	for {
		v, err := s.askSecret(s.tr("Token bot", "Bot token"), hideToken(def))
		if err != nil {
			return err
		}
		if v == hideToken(def) {
			v = def
		}
		if v == "" || isNone(v) {
			s.ans[key] = ""
			return nil
		}
		if s.refused(s.problems(key, v)) {
			continue
		}
		ok, err := s.checkToken(v)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
	}
}

// checkToken asks Telegram who the bot is (getMe, through the same client
// serve uses). A refused token is asked again (false); Telegram out of
// reach offers to try again, go on without Telegram, or keep the token
// unchecked.
func (s *setup) checkToken(token string) (bool, error) {
	const key = "LAPAK_TELEGRAM_TOKEN"
	api := s.getenv("LAPAK_TELEGRAM_API_URL")
	if api == "" {
		api = s.file["LAPAK_TELEGRAM_API_URL"]
	}
	for {
		ctx, cancel := context.WithTimeout(s.ctx, 20*time.Second)
		b, err := telegram.New(ctx, telegram.Options{Token: token, APIURL: api, Logger: slog.New(slog.DiscardHandler)})
		cancel()
		if err == nil {
			s.bot = b.Username()
			s.ans[key] = token
			s.say("  ✓ Bot kamu: https://t.me/%s", "  ✓ Your bot: https://t.me/%s", s.bot)
			return true, nil
		}
		if errors.Is(err, telegram.ErrBadToken) {
			s.say("  ✗ Telegram menolak token ini: salin lagi dari @BotFather (/mybots → API Token).",
				"  ✗ Telegram refused this token: copy it again from @BotFather (/mybots → API Token).")
			return false, nil
		}
		s.say("  ✗ Telegram tidak bisa dihubungi: %v", "  ✗ Telegram cannot be reached: %v", err)
		for {
			v, err := s.ask(s.tr("1 = coba lagi, 2 = lewati (tanpa Telegram dulu), 3 = simpan token tanpa dicek",
				"1 = try again, 2 = skip (no Telegram for now), 3 = keep the token unchecked"), "1")
			if err != nil {
				return false, err
			}
			switch v {
			case "1":
			case "2":
				s.ans[key] = ""
				return true, nil
			case "3":
				s.ans[key] = token
				return true, nil
			default:
				s.say("Ketik 1, 2 atau 3.", "Type 1, 2 or 3.")
				continue
			}
			break
		}
	}
}

// hideToken shows a token by its bot id only.
func hideToken(t string) string {
	if t == "" {
		return ""
	}
	id, _, _ := strings.Cut(t, ":")
	return id + ":…"
}

func (s *setup) askCatalog() error {
	const key = "LAPAK_DEMO"
	def := "1"
	if v := s.current(key); v != "" && s.problems(key, v) == nil && (strings.EqualFold(v, "true") || v == "1" || strings.EqualFold(v, "ya") || strings.EqualFold(v, "yes") || strings.EqualFold(v, "on")) {
		def = "2"
	}
	s.say("\nKatalog: 1 = produk saya sendiri (impor CSV dengan lapak import, atau tambah dari chat), 2 = katalog demo untuk mencoba.",
		"\nCatalog: 1 = my own products (import a CSV with lapak import, or add them in chat), 2 = the demo catalog, to try things out.")
	for {
		v, err := s.ask(s.tr("Katalog", "Catalog"), def)
		if err != nil {
			return err
		}
		switch v {
		case "1":
			s.ans[key] = "false"
			return nil
		case "2":
			s.ans[key] = "true"
			return nil
		}
		s.say("Ketik 1 atau 2.", "Type 1 or 2.")
	}
}

// --- the end -------------------------------------------------------------

func (s *setup) confirmAndWrite(path, text string) error {
	s.say("\nRingkasan (ditulis ke %s):", "\nSummary (written to %s):", path)
	for _, k := range setupOrder {
		v, ok := s.ans[k]
		if !ok {
			continue
		}
		switch {
		case k == "LAPAK_TELEGRAM_TOKEN" && v != "" && s.bot != "":
			v = hideToken(v) + " (@" + s.bot + ")"
		case config.Secret(k) && v != "":
			v = hideToken(v)
		case k == "LAPAK_QRIS_STATIC":
			v = qrisLabel(v)
		}
		if v == "" {
			v = "-"
		}
		fmt.Fprintf(s.out, "  %s=%s\n", k, v)
	}
	// Settings setup does not ask about are kept as they are; say so when
	// one of them would stop serve.
	for _, p := range config.Check(s.values()) {
		if !p.About(setupOrder...) {
			s.say("  ! Pengaturan lain di file masih salah (perbaiki dengan tangan): %s", "  ! Another setting in the file is wrong (fix it by hand): %s", p.Err)
		}
	}
	for _, k := range setupOrder {
		if _, asked := s.ans[k]; asked && s.getenv(k) != "" {
			s.say("  ! %s juga diset di environment: nilai itu yang dipakai, bukan isi file.", "  ! %s is also set in the environment: that value wins over the file.", k)
		}
	}
	save, err := s.yesNo(s.tr("Simpan? (ya/tidak)", "Save? (yes/no)"), true)
	if err != nil {
		return err
	}
	if !save {
		s.say("Tidak disimpan: %s tidak diubah.", "Not saved: %s is unchanged.", path)
		return nil
	}
	if err := config.WriteFileAtomic(path, config.UpdateFile(text, s.ans, setupOrder)); err != nil {
		return err
	}
	s.say("Tersimpan di %s (hanya bisa dibaca pemiliknya: isinya rahasia).", "Saved to %s (readable by its owner only: it holds secrets).", path)
	s.say("\nSelanjutnya:", "\nNext:")
	if s.ans["LAPAK_DEMO"] == "false" {
		s.say("  lapak import produk.csv   # katalog kamu (contoh: examples/products.csv)", "  lapak import products.csv   # your catalog (template: examples/products.csv)")
	}
	s.say("  lapak serve               # jalankan tokonya", "  lapak serve               # run the shop")
	if s.bot != "" {
		s.say("  lalu kirim /admin KODE ke https://t.me/%s (KODE dicetak oleh lapak serve) supaya kamu jadi admin.",
			"  then send /admin CODE to https://t.me/%s (lapak serve prints the CODE) to become the shop's admin.", s.bot)
	}
	return nil
}
