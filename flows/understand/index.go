package understand

import (
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Index is the catalog prepared for matching what people type: every word
// of the product names, keywords, variants, categories and descriptions,
// with ways to find a typed word that is misspelt ("kastangel"),
// abbreviated ("bwg") or cut short ("kop"). It is built once per catalog
// revision and then shared, read-only, by every conversation.
type Index struct {
	rev      int64
	products []lapak.Product
	terms    []string         // the vocabulary
	ids      map[string]int32 // term -> id
	post     [][]posting      // per term: where it occurs
	df       []int16          // per term: products naming it (name, keyword, variant)
	sorted   []int32          // term ids by term, for prefix lookups
	deletes  map[string][]int32
	byFirst  map[rune][]int32 // term ids by first letter, for abbreviations
	joined   map[string]bool  // terms made of two name words typed together
	scratch  sync.Pool        // *[]acc, one per product
}

type field uint8

const (
	fName field = iota
	fKeyword
	fVariant
	fCategory
	fDescription
)

type posting struct {
	prod    int32
	field   field
	variant int16 // for fVariant: which variant; -1 otherwise
}

// NewIndex builds the index of products at catalog revision rev.
func NewIndex(rev int64, products []lapak.Product) *Index {
	ix := &Index{rev: rev, products: products, ids: map[string]int32{}, deletes: map[string][]int32{}, byFirst: map[rune][]int32{},
		joined: map[string]bool{}}
	for pi, p := range products {
		seen := map[string]bool{} // terms this product names, for df
		add := func(words []string, f field, variant int) {
			for _, w := range words {
				id := ix.term(w)
				ps := ix.post[id]
				if n := len(ps); n > 0 && ps[n-1].prod == int32(pi) && ps[n-1].field == f && ps[n-1].variant == int16(variant) {
					continue
				}
				ix.post[id] = append(ps, posting{prod: int32(pi), field: f, variant: int16(variant)})
				if f <= fVariant && !seen[w] {
					seen[w] = true
					ix.df[id]++
				}
			}
		}
		name := fieldWords(p.Name)
		add(name, fName, -1)
		// Joined neighbours catch words typed together: "kopisusu".
		for i := 0; i+1 < len(name); i++ {
			j := name[i] + name[i+1]
			add([]string{j}, fName, -1)
			ix.joined[j] = true
		}
		// Keywords as written: "cassava chips" must not become the
		// "keripik" of every chips product.
		for _, k := range Keywords(p.Keywords) {
			add(Tokens(k), fKeyword, -1)
		}
		for vi, v := range p.Variants {
			add(fieldWords(v.Name), fVariant, vi)
		}
		add(fieldWords(p.Category), fCategory, -1)
		add(fieldWords(p.Description), fDescription, -1)
	}
	ix.sorted = make([]int32, len(ix.terms))
	for i := range ix.sorted {
		ix.sorted[i] = int32(i)
	}
	sort.Slice(ix.sorted, func(a, b int) bool { return ix.terms[ix.sorted[a]] < ix.terms[ix.sorted[b]] })
	for id, t := range ix.terms {
		if !ix.named(int32(id)) || utf8.RuneCountInString(t) > maxFuzzy {
			continue // typos and abbreviations reach names, keywords and variants only
		}
		for _, d := range deletions(t, fuzzyLimit(utf8.RuneCountInString(t))) {
			ix.deletes[d] = append(ix.deletes[d], int32(id))
		}
		if r, _ := utf8.DecodeRuneInString(t); r >= 'a' && r <= 'z' && !ix.joined[t] {
			ix.byFirst[r] = append(ix.byFirst[r], int32(id))
		}
	}
	n := len(products)
	ix.scratch.New = func() any { s := make([]acc, n); return &s }
	return ix
}

// Keywords splits a product's keywords cell ("basreng; baso goreng") into
// its phrases.
func Keywords(s string) []string {
	var out []string
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '\n' }) {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, k)
		}
	}
	return out
}

func (ix *Index) term(w string) int32 {
	if id, ok := ix.ids[w]; ok {
		return id
	}
	id := int32(len(ix.terms))
	ix.ids[w] = id
	ix.terms = append(ix.terms, w)
	ix.post = append(ix.post, nil)
	ix.df = append(ix.df, 0)
	return id
}

// unnamed reports whether no product's name, keyword or variant has the word.
func (ix *Index) unnamed(w string) bool {
	id, ok := ix.ids[w]
	return !ok || !ix.named(id)
}

// named reports whether a term occurs in a name, keyword or variant.
func (ix *Index) named(id int32) bool { return ix.df[id] > 0 }

// Revision is the catalog revision the index was built from.
func (ix *Index) Revision() int64 { return ix.rev }

// Products is the catalog the index was built from (stock as it was then).
func (ix *Index) Products() []lapak.Product { return ix.products }

// fieldWords turns catalog text into canonical words, without fillers.
func fieldWords(s string) []string {
	ws := Tokens(s)
	out := ws[:0]
	for _, w := range ws {
		for _, part := range splitGlued(w) {
			out = append(out, canonical(part))
		}
	}
	return out
}

// deletions lists s with up to n runes deleted (SymSpell), s included.
func deletions(s string, n int) []string {
	out := []string{s}
	level := []string{s}
	for range n {
		var next []string
		for _, w := range level {
			rs := []rune(w)
			if len(rs) <= 2 {
				continue
			}
			for i := range rs {
				d := string(rs[:i]) + string(rs[i+1:])
				if !slices.Contains(next, d) {
					next = append(next, d)
				}
			}
		}
		out = append(out, next...)
		level = next
	}
	return out
}

// quality of a word match: exact beats a prefix beats a typo.
type quality uint8

const (
	qTypo quality = iota + 1
	qPrefix
	qExact
)

type termMatch struct {
	id int32
	q  quality
}

// maxFuzzy is the longest word matched with typos; longer words (a
// pasted string of letters) are matched exactly or not at all.
const maxFuzzy = 24

// lookup finds the terms a typed (canonical) word may mean.
func (ix *Index) lookup(w string, out []termMatch) []termMatch {
	if id, ok := ix.ids[w]; ok {
		out = append(out, termMatch{id, qExact})
		if ix.named(id) {
			return out
		}
	}
	n := utf8.RuneCountInString(w)
	if n > maxFuzzy {
		return out
	}
	if n >= 3 {
		i := sort.Search(len(ix.sorted), func(i int) bool { return ix.terms[ix.sorted[i]] >= w })
		for k := 0; i < len(ix.sorted) && k < 8 && strings.HasPrefix(ix.terms[ix.sorted[i]], w); i++ {
			if id := ix.sorted[i]; ix.terms[id] != w && ix.named(id) {
				out = append(out, termMatch{id, qPrefix})
				k++
			}
		}
	}
	if lim := fuzzyLimit(n); lim > 0 {
		found := len(out)
		for _, d := range deletions(w, lim) {
			for _, id := range ix.deletes[d] {
				if t := ix.terms[id]; t != w && !hasTerm(out[found:], id) && fuzzyLimit(utf8.RuneCountInString(t)) > 0 && Similar(w, t) {
					out = append(out, termMatch{id, qTypo})
				}
			}
		}
	}
	if len(out) == 0 && n >= 3 && n <= 6 && vowels(w) <= 1 {
		r, _ := utf8.DecodeRuneInString(w)
		for _, id := range ix.byFirst[r] {
			if abbreviates(w, ix.terms[id]) {
				out = append(out, termMatch{id, qTypo})
			}
		}
	}
	return out
}

func hasTerm(ms []termMatch, id int32) bool {
	for _, m := range ms {
		if m.id == id {
			return true
		}
	}
	return false
}

func vowels(w string) int {
	n := 0
	for _, r := range w {
		if strings.ContainsRune("aeiou", r) {
			n++
		}
	}
	return n
}

// abbreviates reports whether a short typed word is how chat shortens a
// longer one: same first letter, its letters in order, ending near the
// end ("bwg" = bawang, "pds" = pedas, "cklt" = cokelat).
func abbreviates(short, long string) bool {
	if len(long) <= len(short) {
		return false
	}
	i := 0
	last := -1
	for j := 0; j < len(long) && i < len(short); j++ {
		if long[j] == short[i] {
			i++
			last = j
		}
	}
	return i == len(short) && last >= len(long)-2
}

// acc accumulates how well one product matches a phrase.
type acc struct {
	gen     uint32 // the search this belongs to
	wgen    uint32 // the phrase word the w* fields belong to
	wbest   int16  // best score of this product for the current word
	wcover  bool   // the current word matched a name, keyword or variant
	wnamed  bool   // the current word matched a name or keyword
	covered uint16 // phrase words matched by the name, a keyword or a variant
	named   uint16 // phrase words matched by the name or a keyword
	score   int32
	vmask   uint64 // phrase words some variant matched (for picking one)
}

// Hit is a product matching a phrase, with the variant it names.
type Hit struct {
	Product lapak.Product
	Variant int // index into Product.Variants; -1 when no single variant is named
	Covered int // phrase words the product's name, keywords or variants match
	Named   int // …of them, the words its name or keywords match
	Score   int
}

// Match is what a phrase ("sambel bwg", "kripik ori") may mean in the catalog.
type Match struct {
	Hits []Hit // best first; at most maxHits
	// Clear: Hits[0] is the one product the phrase means.
	Clear bool
	// Exact: Hits[0] accounts for every phrase word the catalog names, so
	// no other product's word was left over ("teh manis" is not exact
	// for Teh Tarik: "manis" names another product's variant).
	Exact bool
	// Unknown are phrase words the catalog does not know at all ("kue
	// lumpur": "lumpur"); with an unclear match they mean the product is
	// not in the catalog.
	Unknown []string
	// Words are the phrase words searched for.
	Words []string
}

const maxHits = 8

// Found reports whether the phrase names a product of the catalog: a clear
// match, or several equally good ones with no unknown word beside them.
func (m Match) Found() bool {
	if len(m.Hits) == 0 {
		return false
	}
	if len(m.Unknown) == 0 {
		return true
	}
	// Beside words the catalog does not know, only a sure match counts: not
	// one typo-like word ("dark" is no "daunjeruk").
	h := m.Hits[0]
	return m.Clear && (h.Covered >= 2 || h.Score >= weight(fVariant, qExact))
}

// Search matches phrase words (as typed; fillers are dropped) against the
// catalog. With describe, words of descriptions count too (a search "ada
// yang manis?"), not only names, keywords, variants and categories.
func (ix *Index) Search(words []string, describe bool) Match {
	var m Match
	var typed []string // each word as typed (normalized), beside m.Words' canonical form
	for _, raw := range words {
		for _, w := range Tokens(raw) {
			for _, part := range splitGlued(w) {
				if c := canonical(part); c != "" && !fillers[part] && !Honorifics[part] && !unitWords[part] {
					m.Words = append(m.Words, c)
					typed = append(typed, part)
				}
			}
		}
		if len(m.Words) >= 12 {
			m.Words, typed = m.Words[:12], typed[:12] // enough to find a product; bounds the work
			break
		}
	}
	if len(m.Words) == 0 || len(ix.products) == 0 {
		return m
	}
	sp := ix.scratch.Get().(*[]acc)
	defer ix.scratch.Put(sp)
	accs := *sp
	gen := generation.Add(1)
	var touched, wordTouched []int32
	var matches [24]termMatch
	significant := 0 // phrase words some product names
	for wi, w := range m.Words {
		wgen := generation.Add(1)
		wordTouched = wordTouched[:0]
		known, isSig := false, false
		ms := ix.lookup(w, matches[:0])
		if typed[wi] != w {
			ms = ix.lookup(typed[wi], ms) // keywords are kept as written: "cassava", "chips"
		}
		for _, tm := range ms {
			for _, p := range ix.post[tm.id] {
				known = known || p.field <= fCategory
				isSig = isSig || p.field <= fVariant
				if p.field == fDescription && !describe {
					continue
				}
				a := &accs[p.prod]
				if a.gen != gen {
					*a = acc{gen: gen}
					touched = append(touched, p.prod)
				}
				if a.wgen != wgen {
					a.wgen, a.wbest, a.wcover, a.wnamed = wgen, 0, false, false
					wordTouched = append(wordTouched, p.prod)
				}
				a.wbest = max(a.wbest, int16(weight(p.field, tm.q)))
				if p.field <= fVariant {
					a.wcover = true
					a.wnamed = a.wnamed || p.field <= fKeyword
				}
				if p.field == fVariant && wi < 64 {
					a.vmask |= 1 << wi
				}
			}
		}
		for _, p := range wordTouched {
			a := &accs[p]
			a.score += int32(a.wbest)
			if a.wcover {
				a.covered++
			}
			if a.wnamed {
				a.named++
			}
		}
		if isSig {
			significant++
		}
		if !known && utf8.RuneCountInString(w) >= 3 && !AllDigits(w) {
			m.Unknown = append(m.Unknown, w)
		}
	}
	for _, p := range touched {
		a := accs[p]
		if a.covered == 0 && !describe {
			continue
		}
		m.Hits = append(m.Hits, Hit{Product: ix.products[p], Variant: ix.pickVariant(p, m.Words, a.vmask),
			Covered: int(a.covered), Named: int(a.named), Score: int(a.score)})
	}
	sort.SliceStable(m.Hits, func(i, j int) bool {
		a, b := m.Hits[i], m.Hits[j]
		if a.Covered != b.Covered {
			return a.Covered > b.Covered
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Product.ID < b.Product.ID
	})
	if len(m.Hits) > maxHits {
		m.Hits = m.Hits[:maxHits]
	}
	if len(m.Hits) > 0 {
		top := m.Hits[0]
		m.Clear = top.Covered > 0 && (len(m.Hits) == 1 || top.Covered > m.Hits[1].Covered || top.Score-m.Hits[1].Score >= 4)
		m.Exact = top.Covered >= significant
	}
	return m
}

// generation stamps the scratch accumulators, so they need no clearing.
var generation atomic.Uint32

// weight scores a word match: names and keywords over variants over the
// category over the description; exact over prefix over typo.
func weight(f field, q quality) int {
	base := [...]int{fName: 10, fKeyword: 10, fVariant: 9, fCategory: 4, fDescription: 2}[f]
	switch q {
	case qPrefix:
		return base - 2
	case qTypo:
		return base - 3
	}
	return base
}

// pickVariant names the variant that matched the most phrase words, if
// exactly one did.
func (ix *Index) pickVariant(prod int32, words []string, vmask uint64) int {
	p := ix.products[prod]
	if len(p.Variants) == 0 || vmask == 0 {
		return -1
	}
	best, bestN, tie := -1, 0, false
	for vi, v := range p.Variants {
		vw := fieldWords(v.Name)
		n := 0
		for wi, w := range words {
			if wi < 64 && vmask&(1<<wi) != 0 && variantHas(vw, w) {
				n++
			}
		}
		switch {
		case n > bestN:
			best, bestN, tie = vi, n, false
		case n == bestN && n > 0:
			tie = true
		}
	}
	if tie {
		return -1
	}
	return best
}

func variantHas(vw []string, w string) bool {
	for _, v := range vw {
		if v == w || len(w) >= 3 && strings.HasPrefix(v, w) || Similar(w, v) || len(w) >= 3 && vowels(w) <= 1 && abbreviates(w, v) {
			return true
		}
	}
	return false
}

// splitGlued splits a word glued to a number: "nastar2" -> "nastar", "2";
// "250g" -> "250", "g". "kue2" (reduplication) stays a word.
func splitGlued(w string) []string {
	i := strings.IndexFunc(w, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 || AllDigits(w) {
		return []string{w}
	}
	if i > 0 {
		if AllDigits(w[i:]) {
			if w[i:] == "2" && reduplicated[w[:i]] {
				return []string{w[:i]}
			}
			return []string{w[:i], w[i:]}
		}
		return []string{w}
	}
	j := strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' })
	return []string{w[:j], w[j:]}
}

// reduplicated words are written with a 2 for "-" in chat: "kue2" = kue-kue.
var reduplicated = WordSet("pedes", "pedas", "manis", "asin", "kecil", "besar", "semua", "kue", "tanya", "lihat", "liat", "bumbu", "snack", "makan", "jajan", "macam", "apa", "siapa", "masing",
	"oleh", "kira", "cemilan", "camilan", "sambal", "sambel", "minuman", "barang", "baju", "mainan", "buah", "sayur", "lauk", "teman", "temen")
