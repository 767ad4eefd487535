package text

import (
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// keyNames reads keys.go: the constants of Key in order, so names[k] is
// Key k's name. It fails the test unless the block is one iota run from
// None to keyCount with nothing skipped, which makes the names and the
// numbers agree.
func keyNames(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for i, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if i == 0 {
				if len(vs.Values) != 1 || vs.Type == nil || vs.Type.(*ast.Ident).Name != "Key" {
					t.Fatalf("keys.go: the block must start with None Key = iota")
				}
			} else if len(vs.Values) != 0 || vs.Type != nil {
				t.Fatalf("keys.go: %s has its own value; keys take the next iota", vs.Names[0].Name)
			}
			for _, n := range vs.Names {
				if n.Name == "_" {
					t.Fatalf("keys.go: a blank constant leaves a hole in the catalogs")
				}
				names = append(names, n.Name)
			}
		}
	}
	if len(names) != int(keyCount)+1 || names[0] != "None" || names[keyCount] != "keyCount" {
		t.Fatalf("keys.go: %d constants from %v to %v, want None … keyCount (%d keys)", len(names), names[:1], names[len(names)-1:], keyCount-1)
	}
	return names
}

// verb is one fmt verb: an optional argument index, flags, width,
// precision, and the verb letter (or %% for a percent sign).
var (
	verb     = regexp.MustCompile(`%(?:\[(\d+)\])?[-+# 0]*(?:\d+|\*)?(?:\.(?:\d+|\*)?)?(?:\[(\d+)\])?([a-zA-Z%])`)
	argIndex = regexp.MustCompile(`\[\d+\]`)
)

// placeholders lists which verb formats which argument, by fmt's rules:
// "%s … %d" is "1:%s 2:%d", and so is "%[2]d … %[1]s".
func placeholders(f string) string {
	byArg := map[int][]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(f, -1) {
		if m[3] == "%" {
			continue
		}
		arg := next
		for _, idx := range []string{m[1], m[2]} {
			if idx != "" {
				arg, _ = strconv.Atoi(idx)
			}
		}
		spec := argIndex.ReplaceAllString(m[0], "") // "%[2]d" formats with "%d"
		if !slices.Contains(byArg[arg], spec) {
			byArg[arg] = append(byArg[arg], spec)
		}
		next = arg + 1
	}
	var args []int
	for a := range byArg {
		args = append(args, a)
	}
	slices.Sort(args)
	var out []string
	for _, a := range args {
		out = append(out, strconv.Itoa(a)+":"+strings.Join(byArg[a], "|"))
	}
	return strings.Join(out, " ")
}

func TestPlaceholders(t *testing.T) {
	for _, c := range []struct{ f, want string }{
		{"no verbs, 100%% sure", ""},
		{"%s has %d", "1:%s 2:%d"},
		{"%[2]d of %[1]s, again %[2]d", "1:%s 2:%d"},
		{"%q (%5.2f)", "1:%q 2:%5.2f"},
	} {
		if got := placeholders(c.f); got != c.want {
			t.Errorf("placeholders(%q) = %q, want %q", c.f, got, c.want)
		}
	}
	if placeholders("%s then %d") == placeholders("%d then %s") {
		t.Error("swapped verbs compare equal")
	}
}

// TestCatalogsHaveEveryKey: each key has a sentence in both languages, and
// the two format the same arguments with the same verbs.
func TestCatalogsHaveEveryKey(t *testing.T) {
	names := keyNames(t)
	if indonesian[None] != "" || english[None] != "" {
		t.Error("None has a sentence")
	}
	for k := None + 1; k < keyCount; k++ {
		id, en := indonesian[k], english[k]
		if strings.TrimSpace(id) == "" {
			t.Errorf("%s: no Indonesian", names[k])
		}
		if strings.TrimSpace(en) == "" {
			t.Errorf("%s: no English", names[k])
		}
		if a, b := placeholders(id), placeholders(en); a != b {
			t.Errorf("%s: placeholders %q (id) vs %q (en)", names[k], a, b)
		}
	}
}

// TestCatalogEntriesAreKeyed: every entry of id.go and en.go is written
// under a key constant of keys.go, never under a bare index.
func TestCatalogEntriesAreKeyed(t *testing.T) {
	names := keyNames(t)
	for _, file := range []string{"id.go", "en.go"} {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		ast.Inspect(f, func(node ast.Node) bool {
			lit, ok := node.(*ast.CompositeLit)
			if !ok {
				return true
			}
			for _, el := range lit.Elts {
				n++
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					t.Errorf("%s: an entry without a key", file)
					continue
				}
				id, ok := kv.Key.(*ast.Ident)
				if !ok || !slices.Contains(names[1:keyCount], id.Name) {
					t.Errorf("%s: entry under %v, which is not a key constant", file, kv.Key)
				}
			}
			return false
		})
		if n != int(keyCount)-1 {
			t.Errorf("%s: %d entries for %d keys", file, n, keyCount-1)
		}
	}
}

func TestGet(t *testing.T) {
	if got := Get(lapak.Indonesian, CartTotal, 3, "Rp45.000"); got != "Isi keranjang: 3 barang, Rp45.000." {
		t.Errorf("id: %q", got)
	}
	if got := Get(lapak.English, CartTotal, 3, "Rp45.000"); got != "Your cart: 3 items, Rp45.000." {
		t.Errorf("en: %q", got)
	}
	if got := Get("jv", Welcome, "Toko"); got != Get(lapak.Indonesian, Welcome, "Toko") {
		t.Errorf("a language with no catalog: %q", got)
	}
	if got := Get(lapak.English, BankTitle); got != english[BankTitle] {
		t.Errorf("no args: %q", got)
	}
	for _, k := range []Key{None, keyCount, -1} {
		if got := Get(lapak.Indonesian, k); got != "" {
			t.Errorf("Get(%d) = %q", k, got)
		}
	}
}

// TestGetFallsBack: an entry missing from one catalog comes from the other.
func TestGetFallsBack(t *testing.T) {
	saved := english[Welcome]
	english[Welcome] = ""
	defer func() { english[Welcome] = saved }()
	if got, want := Get(lapak.English, Welcome, "Toko"), Get(lapak.Indonesian, Welcome, "Toko"); got != want {
		t.Errorf("got %q, want the Indonesian %q", got, want)
	}
	saved2 := indonesian[Help]
	indonesian[Help] = ""
	defer func() { indonesian[Help] = saved2 }()
	if got := Get(lapak.Indonesian, Help); got != english[Help] {
		t.Errorf("got %q, want the English", got)
	}
}

// TestSameInBoth: the console's lines carry both languages at once, and a
// language is named in its own language: these read the same in both.
func TestSameInBoth(t *testing.T) {
	names := keyNames(t)
	for _, k := range []Key{LangIndonesian, LangEnglish, ConsoleHint, ConsolePrompt, ConsoleImage, ConsoleOther,
		ConsoleNoImage, ConsolePhotoUsage, ConsolePhotoBad, ConsolePhotoLong, ConsolePhotoMissing, ConsolePhotoNotPic} {
		if indonesian[k] != english[k] {
			t.Errorf("%s: %q (id) vs %q (en)", names[k], indonesian[k], english[k])
		}
	}
}
