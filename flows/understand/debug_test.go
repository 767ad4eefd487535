package understand

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDebugRead(t *testing.T) {
	msgs := os.Getenv("READ")
	if msgs == "" {
		t.Skip()
	}
	for _, m := range strings.Split(msgs, "|") {
		m = strings.ReplaceAll(m, `\n`, "\n")
		r := Read(m, func() *Index { return demoIndex }, Context{})
		fmt.Printf("%q\n  intent=%d whole=%v qty=%v/%v amount=%d place=%q pay=%q topic=%q lang=%q order=%q phone=%q\n", m, r.Intent, r.Whole, r.Qty, r.HasQty, r.Amount, r.Place, r.Payment, r.Topic, r.Lang, r.Order, r.Phone)
		for _, it := range r.Items {
			fmt.Printf("  item %q qty=%v/%v words=%v clear=%v exact=%v unknown=%v hits=%v\n", it.Text, it.Qty, it.HasQty, it.Match.Words, it.Match.Clear, it.Match.Exact, it.Match.Unknown, hitNames(it.Match.Hits))
		}
		if r.Form != nil {
			fmt.Printf("  form %+v\n", *r.Form)
		}
		for _, tk := range lex(m) {
			fmt.Printf("    tok k=%d w=%q q=%v unit=%v long=%v size=%v\n", tk.k, tk.w, tk.q, tk.unit, tk.long, tk.size)
		}
	}
}

func hitNames(hs []Hit) []string {
	var out []string
	for _, h := range hs {
		v := ""
		if h.Variant >= 0 {
			v = "/" + h.Product.Variants[h.Variant].Name
		}
		out = append(out, fmt.Sprintf("%s%s(%d,%d)", h.Product.Name, v, h.Covered, h.Score))
	}
	return out
}
