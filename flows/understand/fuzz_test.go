package understand

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzRead: no message panics, and a phone number, a postcode, RT/RW or an
// amount added to a message never becomes a quantity: the items keep the
// counts they had without them.
//
//	go test ./flows/understand -run XXX -fuzz FuzzRead -fuzztime 60s
func FuzzRead(f *testing.F) {
	for _, s := range phrasingSeeds(f) {
		f.Add(s, uint64(81277889900), uint32(16424), uint32(57123), uint8(3))
	}
	f.Fuzz(func(t *testing.T, text string, phone uint64, postcode, amount uint32, rt uint8) {
		catalog := func() *Index { return demoIndex }
		Read(text, catalog, Context{}) // no panic
		// The same sentence with and without the numbers in it.
		base := Read(text+", no hp, RT RW, kode pos, sudah transfer", catalog, Context{})
		extra := fmt.Sprintf(", no hp 08%d, RT %02d/RW %02d, kode pos %05d, sudah transfer Rp%s",
			8_000_000_000+phone%1_000_000_000, rt%20, rt%13, postcode%100_000, groupThousands(amount))
		with := Read(text+extra, catalog, Context{})
		if got, want := counts(with), counts(base); got != want && !strings.ContainsAny(text, "\n,;") {
			t.Fatalf("%q: counts %s, without the numbers %s", text+extra, got, want)
		}
		// On a line of its own, a phone number never counts anything.
		alone := Read(text+"\n0812 7788 9900", catalog, Context{})
		for _, it := range append(alone.Items, Item{Qty: alone.Qty, HasQty: alone.HasQty}) {
			if n := fmt.Sprint(it.Qty.N); it.HasQty && (n == "812" || n == "7788" || n == "9900") && !strings.Contains(text, n) {
				t.Fatalf("%q: the phone number became a quantity (%d)", text, it.Qty.N)
			}
		}
	})
}

// counts lists the items' quantities.
func counts(r Reading) string {
	var b strings.Builder
	for _, it := range r.Items {
		if it.HasQty {
			fmt.Fprintf(&b, "%s=%d/%d ", it.Text, it.Qty.N, it.Qty.Problem)
		}
	}
	if r.HasQty {
		fmt.Fprintf(&b, "alone=%d/%d", r.Qty.N, r.Qty.Problem)
	}
	return b.String()
}

func groupThousands(n uint32) string {
	s := fmt.Sprint(n%10_000_000 + 1000)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// phrasingSeeds are the messages of testdata/phrasings.
func phrasingSeeds(tb testing.TB) []string {
	files, _ := filepath.Glob("../testdata/phrasings/*.txt")
	var out []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			tb.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			if l, ok := strings.CutPrefix(sc.Text(), "> "); ok {
				out = append(out, strings.ReplaceAll(l, `\n`, "\n"))
			}
		}
		f.Close()
	}
	return out
}
