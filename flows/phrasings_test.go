package flows_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

// phrasingCase is one case of testdata/phrasings (see its README).
type phrasingCase struct {
	file  string
	line  int
	kind  string
	setup []string
	say   []string
	check []string
	known string // why the case is a known miss, if it is
}

func (c phrasingCase) String() string {
	return fmt.Sprintf("%s:%d (%s) %q", c.file, c.line, c.kind, c.say)
}

func readPhrasings(t *testing.T) []phrasingCase {
	t.Helper()
	dir := "testdata/phrasings"
	if d := os.Getenv("PHRASINGS_DIR"); d != "" {
		dir = d // another set, to measure before it joins this one
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no phrasing files: %v", err)
	}
	var cases []phrasingCase
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		kind := ""
		var cur *phrasingCase
		flush := func() {
			if cur != nil && len(cur.say) > 0 {
				cases = append(cases, *cur)
			}
			cur = nil
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for n := 1; sc.Scan(); n++ {
			line := sc.Text()
			trimmed := strings.TrimSpace(line)
			switch {
			case trimmed == "":
				flush()
				continue
			case strings.HasPrefix(trimmed, "## "):
				flush()
				kind = strings.TrimPrefix(trimmed, "## ")
				continue
			case strings.HasPrefix(trimmed, "#"):
				continue
			}
			if cur == nil {
				cur = &phrasingCase{file: filepath.Base(name), line: n, kind: kind}
			}
			switch {
			case strings.HasPrefix(line, "> "):
				cur.say = append(cur.say, strings.ReplaceAll(line[2:], `\n`, "\n"))
			case strings.HasPrefix(trimmed, "setup:"):
				cur.setup = append(cur.setup, strings.TrimSpace(strings.TrimPrefix(trimmed, "setup:")))
			case strings.HasPrefix(trimmed, "known:"):
				cur.known = strings.TrimSpace(strings.TrimPrefix(trimmed, "known:"))
			default:
				cur.check = append(cur.check, trimmed)
			}
		}
		flush()
		f.Close()
	}
	return cases
}

// TestPhrasings runs every case of testdata/phrasings: messages written the
// way customers write to a shop, by kind, with what a person watching the
// chat would expect to have happened. Each case is a new customer.
func TestPhrasings(t *testing.T) {
	cases := readPhrasings(t)
	only := os.Getenv("PHRASINGS") // a file or kind to run alone, when working on one
	shopTest(t, phrasingShop(), func(t *testing.T, h *harness) {
		perKind := map[string][2]int{}
		var failed []string
		for i, pc := range cases {
			if only != "" && !strings.Contains(pc.file, only) && !strings.Contains(pc.kind, only) {
				continue
			}
			problems, ordered := runPhrasing(t, h, fmt.Sprintf("p%d", i), pc)
			if ordered {
				// Orders took stock: the next case starts from the demo shop again.
				if _, err := h.s.ImportCatalog(context.Background(), catalog.DemoRows()); err != nil {
					t.Fatal(err)
				}
			}
			k := perKind[pc.file+" / "+pc.kind]
			k[1]++
			switch {
			case len(problems) == 0:
				k[0]++
			case pc.known != "":
				t.Logf("known miss %s: %s", pc, pc.known)
			default:
				failed = append(failed, pc.String()+":\n    "+strings.Join(problems, "\n    "))
			}
			perKind[pc.file+" / "+pc.kind] = k
		}
		var kinds []string
		for k := range perKind {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		total, ok := 0, 0
		for _, k := range kinds {
			v := perKind[k]
			ok, total = ok+v[0], total+v[1]
			t.Logf("%-70s %4d / %4d", k, v[0], v[1])
		}
		t.Logf("all phrasings: %d / %d", ok, total)
		for _, f := range failed {
			t.Error(f)
		}
	})
}

// runPhrasing plays one case as a new customer and returns what did not
// hold, and whether an order was placed (stock moved).
func runPhrasing(t *testing.T, h *harness, chat string, pc phrasingCase) ([]string, bool) {
	c := h.customer(t, chat)
	vars := map[string]string{}
	for _, s := range pc.setup {
		if err := setupPhrasing(t, h, c, s, vars); err != nil {
			return []string{"setup " + s + ": " + err.Error()}, true
		}
	}
	ordersBefore := len(c.orders())
	var reply string
	for _, m := range pc.say {
		reply = c.say(expand(m, vars))
		if os.Getenv("PHRASINGS_TRACE") != "" { // every reply, when working on a case
			t.Logf("%s:%d > %s\n%s", pc.file, pc.line, m, reply)
		}
	}
	var problems []string
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	low := strings.ToLower(reply)
	for _, check := range pc.check {
		key, val, _ := strings.Cut(check, ":")
		val = strings.TrimSpace(expand(val, vars))
		switch strings.TrimSpace(key) {
		case "cart":
			want := map[string]int{}
			if val != "empty" {
				for _, f := range strings.Fields(val) {
					sku, n, _ := strings.Cut(f, "=")
					want[sku], _ = strconv.Atoi(n)
				}
			}
			got := map[string]int{}
			for _, l := range c.cart() {
				got[l.SKU] = l.Qty
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				bad("cart %v, want %v", got, want)
			}
		case "mentions":
			for _, w := range strings.Split(val, "|") {
				if w = strings.TrimSpace(w); !strings.Contains(low, strings.ToLower(w)) {
					bad("reply lacks %q", w)
				}
			}
		case "not":
			for _, w := range strings.Split(val, "|") {
				if w = strings.TrimSpace(w); w != "" && strings.Contains(low, strings.ToLower(w)) {
					bad("reply has %q", w)
				}
			}
		case "understood":
			for _, w := range notUnderstood {
				if strings.Contains(low, w) {
					bad("reply is a not-understood answer (%q)", w)
				}
			}
		case "name":
			if got := c.record().Name; got != val {
				bad("name %q, want %q", got, val)
			}
		case "phone":
			if got := c.record().Phone; got != val {
				bad("phone %q, want %q", got, val)
			}
		case "order":
			n := len(c.orders())
			if val == "placed" && n <= ordersBefore || val == "none" && n != ordersBefore {
				bad("orders %d after, %d before: want %s", n, ordersBefore, val)
			}
		case "status":
			os := c.orders()
			if len(os) == 0 || string(os[0].Status) != val {
				bad("newest order %v, want status %s", os, val)
			}
		case "admins":
			if (val == "notified") != (len(c.notes) > 0) {
				bad("admins got %d messages, want %s", len(c.notes), val)
			}
		case "lang":
			if got := c.record().Language; string(got) != val {
				bad("language %q, want %q", got, val)
			}
		case "asks":
			if !strings.Contains(reply, "?") {
				bad("no question asked")
			}
		default:
			bad("unknown assertion %q", check)
		}
	}
	if len(problems) > 0 {
		problems = append(problems, "reply: "+strings.ReplaceAll(reply, "\n", "\n           "))
	}
	return problems, len(c.orders()) > 0
}

// notUnderstood are the answers of a message not understood at all.
var notUnderstood = []string{"belum paham", "belum ketemu di katalog", "didn't quite get", "couldn't find"}

func expand(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

// setupPhrasing prepares the customer as a setup line says, through the
// same chat a customer and the shop's admin would type.
func setupPhrasing(t *testing.T, h *harness, c *customer, setup string, vars map[string]string) error {
	word, rest, _ := strings.Cut(setup, " ")
	says := func(msgs ...string) {
		for _, m := range msgs {
			c.say(m)
		}
	}
	place := func(msgs ...string) (lapak.Order, error) {
		before := len(c.orders())
		says(msgs...)
		os := c.orders()
		if len(os) != before+1 {
			return lapak.Order{}, fmt.Errorf("no order placed")
		}
		return os[0], nil
	}
	admin := h.customer(t, admin.ChatID)
	switch word {
	case "product":
		says("/start p_" + rest)
	case "english":
		says("english")
	case "cart":
		for _, f := range strings.Fields(rest) {
			sku, n, _ := strings.Cut(f, "=")
			qty, _ := strconv.Atoi(n)
			v, err := h.s.VariantBySKU(context.Background(), sku)
			if err != nil {
				return err
			}
			c.do(func(ctx context.Context, tx lapak.ShopTx, conv *lapak.Conversation) error {
				return tx.SetCartQty(ctx, conv.Customer.ID, v.ID, qty)
			})
		}
	case "known":
		o, err := place("pesan nastar 2", "checkout", "Rina Marlina", "081234567890", "Kirim ke Jabodetabek",
			"Jl. Kenanga No. 12, RT 03/RW 05, Beji, Depok", "transfer", "ya")
		if err != nil {
			return err
		}
		for _, cmd := range []string{"/lunas ", "/proses ", "/kirim %s JNE JX99887766", "/selesai "} {
			if strings.Contains(cmd, "%s") {
				admin.say(fmt.Sprintf(cmd, o.Number))
			} else {
				admin.say(cmd + o.Number)
			}
		}
		says("menu")
	case "order":
		o, err := place("pesan nastar 2", "checkout", "Rina Marlina", "081234567890", "ambil sendiri", "ya")
		if err != nil {
			return err
		}
		vars["order"], vars["total"] = o.Number, o.Total.String()
		says("menu")
	case "shipped":
		o, err := place("pesan sambal roa 1", "checkout", "Rina Marlina", "081234567890", "ambil sendiri", "ya")
		if err != nil {
			return err
		}
		var desk []string
		for _, cmd := range []string{"/lunas ", "/proses ", "/kirim "} {
			line := cmd + o.Number
			if cmd == "/kirim " {
				line += " JNE JX1234567890"
			}
			desk = append(desk, "> "+line+"\n"+admin.say(line))
		}
		if !strings.Contains(desk[len(desk)-1], "JX1234567890") {
			return fmt.Errorf("the desk did not ship %s:\n%s", o.Number, strings.Join(desk, "\n"))
		}
		vars["order"], vars["total"] = o.Number, o.Total.String()
		says("menu")
	case "step":
		says("pesan nastar 1", "checkout")
		switch rest {
		case "phone":
			says("Rina Marlina")
		case "address":
			says("Rina Marlina", "081234567890", "Kirim ke Jabodetabek")
		}
	case "recap":
		says("pesan nastar 1", "checkout", "Rina Marlina", "081234567890", "ambil sendiri")
	default:
		return fmt.Errorf("unknown setup")
	}
	c.notes = nil
	return nil
}
