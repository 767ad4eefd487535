package understand

import (
	"math/bits"
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
	post     [][]posting      // per term: where it occurs in names, keywords, variants, categories
	desc     [][]int32        // per term: the products whose description has it
	vpost    [][]int32        // per term: the products one of whose variants has it
	vterms   [][][]int32      // per product, per variant: the terms of its name
	df       []int16          // per term: products naming it (name, keyword, variant)
	sorted   []int32          // term ids by term, for prefix lookups
	deletes  map[string][]int32
	byFirst  map[rune][]int32 // term ids by first letter, for abbreviations
	joined   map[string]bool  // terms made of two name words typed together, or blended ("kopsus")
	vwords   [][][]string     // per product, per variant: its name's words
	byID     map[int64]int32  // product id -> position
	scratch  sync.Pool        // *scratch

	// looked remembers what typed words matched (typos are costly to
	// look up and the same chat words come again and again), searched
	// what phrases did; each is dropped when it grows past maxLooked.
	lookedMu sync.RWMutex
	looked   map[string][]termMatch
	searched map[string]Match
}

const maxLooked = 20_000

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
		joined: map[string]bool{}, byID: make(map[int64]int32, len(products))}
	for pi, p := range products {
		ix.byID[p.ID] = int32(pi)
		seen := map[string]bool{} // terms this product names, for df
		add := func(words []string, f field, variant int) {
			for _, w := range words {
				id := ix.term(w)
				if f == fVariant {
					if vs := ix.vpost[id]; len(vs) == 0 || vs[len(vs)-1] != int32(pi) {
						ix.vpost[id] = append(vs, int32(pi))
					}
					if !seen[w] {
						seen[w] = true
						ix.df[id]++
					}
					continue
				}
				if f == fDescription {
					// Apart: most searches skip descriptions, and their
					// common words would be long lists to walk.
					if ds := ix.desc[id]; len(ds) == 0 || ds[len(ds)-1] != int32(pi) {
						ix.desc[id] = append(ds, int32(pi))
					}
					continue
				}
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
		// Joined neighbours catch words typed together: "kopisusu"; and
		// blends of their first syllables, as chat shortens two words:
		// "kopsus" (kopi susu).
		for i := 0; i+1 < len(name); i++ {
			for _, j := range append(blends(name[i], name[i+1]), name[i]+name[i+1]) {
				add([]string{j}, fName, -1)
				ix.joined[j] = true
			}
		}
		// Keywords as written: "cassava chips" must not become the
		// "keripik" of every chips product.
		for _, k := range keywordPhrases(p.Keywords) {
			kw := Tokens(k)
			add(kw, fKeyword, -1)
			for i := 0; i+1 < len(kw); i++ {
				for _, j := range blends(kw[i], kw[i+1]) {
					add([]string{j}, fKeyword, -1)
					ix.joined[j] = true
				}
			}
		}
		vws := make([][]string, len(p.Variants))
		vts := make([][]int32, len(p.Variants))
		for vi, v := range p.Variants {
			vws[vi] = fieldWords(v.Name)
			add(vws[vi], fVariant, vi)
			for _, w := range vws[vi] {
				vts[vi] = append(vts[vi], ix.ids[w])
			}
		}
		ix.vwords = append(ix.vwords, vws)
		ix.vterms = append(ix.vterms, vts)
		add(fieldWords(p.Category), fCategory, -1)
		add(fieldWords(p.Description), fDescription, -1)
	}
	ix.sorted = make([]int32, len(ix.terms))
	for i := range ix.sorted {
		ix.sorted[i] = int32(i)
	}
	sort.Slice(ix.sorted, func(a, b int) bool { return ix.terms[ix.sorted[a]] < ix.terms[ix.sorted[b]] })
	for id, t := range ix.terms {
		if !ix.named(int32(id)) || utf8.RuneCountInString(t) > maxFuzzy || ix.joined[t] && len(t) <= 6 {
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
	ix.scratch.New = func() any { return &scratch{accs: make([]acc, n)} }
	return ix
}

// blends are the chat shortenings of two words by their first letters:
// "kopi susu" is "kopsu" or "kopsus". Only words of letters of some
// length blend; short blends would be other words.
func blends(a, b string) []string {
	if len(a) < 4 || len(b) < 4 || !letters(a) || !letters(b) {
		return nil
	}
	return []string{a[:3] + b[:2], a[:3] + b[:3]}
}

func letters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// keywordPhrases splits a product's keywords cell ("basreng; baso
// goreng") into its phrases.
func keywordPhrases(s string) []string {
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
	ix.desc = append(ix.desc, nil)
	ix.vpost = append(ix.vpost, nil)
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
				if i > 0 && rs[i] == rs[i-1] {
					continue // "kk" less either k is the same word
				}
				if d := string(rs[:i]) + string(rs[i+1:]); len(level) == 1 || !slices.Contains(next, d) {
					next = append(next, d) // (one word's deletions differ; several words' may not)
				}
			}
		}
		out = append(out, next...)
		level = next
	}
	return out
}

// eachDeletion calls f with the terms under each of w's deletions (see
// deletions), without building the strings: a typed word's lookups are
// the most frequent thing a first message does.
func (ix *Index) eachDeletion(w string, n int, f func([]int32)) {
	if !isASCII(w) {
		for _, d := range deletions(w, n) {
			f(ix.deletes[d])
		}
		return
	}
	var buf [maxFuzzy]byte
	f(ix.deletes[w])
	if len(w) <= 2 {
		return
	}
	for i := range len(w) {
		if i > 0 && w[i] == w[i-1] {
			continue
		}
		b := append(append(buf[:0], w[:i]...), w[i+1:]...)
		f(ix.deletes[string(b)])
		if n < 2 || len(b) <= 2 {
			continue
		}
		for j := i; j < len(b); j++ { // j ≥ i: each pair of positions once
			if j > i && b[j] == b[j-1] {
				continue
			}
			var buf2 [maxFuzzy]byte
			c := append(append(buf2[:0], b[:j]...), b[j+1:]...)
			f(ix.deletes[string(c)])
		}
	}
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
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
	ix.lookedMu.RLock()
	ms, ok := ix.looked[w]
	ix.lookedMu.RUnlock()
	if ok {
		return append(out, ms...)
	}
	n := len(out)
	out = ix.find(w, out)
	ix.lookedMu.Lock()
	if ix.looked == nil || len(ix.looked) >= maxLooked {
		ix.looked = make(map[string][]termMatch)
	}
	ix.looked[w] = slices.Clone(out[n:])
	ix.lookedMu.Unlock()
	return out
}

// find looks a word up: exactly, as a prefix, with typos, as an abbreviation.
func (ix *Index) find(w string, out []termMatch) []termMatch {
	if id, ok := ix.ids[w]; ok {
		out = append(out, termMatch{id, qExact})
		if ix.named(id) {
			return out
		}
	}
	if stem, ok := strings.CutSuffix(w, "an"); ok && len(stem) >= 4 {
		// "literan", "kiloan", "botolan": by the liter, the kilo, the bottle.
		if id, ok := ix.ids[stem]; ok && ix.named(id) {
			return append(out, termMatch{id, qPrefix})
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
		ix.eachDeletion(w, lim, func(ids []int32) {
			for _, id := range ids {
				if t := ix.terms[id]; t != w && !hasTerm(out[found:], id) && fuzzyLimit(utf8.RuneCountInString(t)) > 0 && Similar(w, t) {
					out = append(out, termMatch{id, qTypo})
				}
			}
		})
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

// scratch is one search's working memory, reused through a pool.
type scratch struct {
	accs    []acc   // one per product
	touched []int32 // products some phrase word matched
}

// acc accumulates how well one product matches a phrase: per phrase word
// the best weight it got, and which words matched the product's name or a
// keyword (named), a variant (variant), any of them (cover).
type acc struct {
	gen     uint32 // the search this belongs to
	best    [maxWords]int8
	sum     int16 // of best
	cover   uint16
	named   uint16
	byName  uint16 // …of them, by the product's name itself
	variant uint16
}

// maxWords bounds the words of a phrase: enough to name a product.
const maxWords = 12

func (a *acc) note(word int, f field, q quality) {
	if w := int8(weight(f, q)); w > a.best[word] {
		a.sum += int16(w - a.best[word])
		a.best[word] = w
	}
	switch f {
	case fName, fKeyword:
		a.cover |= 1 << word
		a.named |= 1 << word
		if f == fName {
			a.byName |= 1 << word
		}
	case fVariant:
		a.cover |= 1 << word
		a.variant |= 1 << word
	}
}

func (a *acc) score() int { return int(a.sum) }

// Hit is a product matching a phrase, with the variant it names.
type Hit struct {
	Product lapak.Product
	Variant int // index into Product.Variants; -1 when no single variant is named
	Covered int // phrase words the product's name, keywords or variants match
	Named   int // …of them, the words its name or keywords match
	ByName  int // …of them, the words its name matches
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
	if h.Covered == 1 && h.ByName == 0 && h.Named == 1 && len(m.Words) > 1 && slices.Contains(m.Unknown, m.Words[0]) {
		// "seblak kering": the thing named first is not in the catalog; a
		// word of some product's other names ("makaroni kering") is no match.
		return false
	}
	return m.Clear && (h.Covered >= 2 || h.Score >= weight(fVariant, qExact))
}

// Search matches phrase words (as typed; fillers are dropped) against the
// catalog. With describe, words of descriptions count too (a search "ada
// yang manis?"), not only names, keywords, variants and categories.
func (ix *Index) Search(words []string, describe bool) Match {
	// The same phrases come again and again (and a pasted form is read
	// more than one way): a search is remembered, like a looked-up word.
	key := strings.Join(words, "\x00")
	if describe {
		key += "\x01"
	}
	ix.lookedMu.RLock()
	m, ok := ix.searched[key]
	ix.lookedMu.RUnlock()
	if ok {
		return m.clone()
	}
	m = ix.search(words, describe)
	ix.lookedMu.Lock()
	if ix.searched == nil || len(ix.searched) >= maxLooked {
		ix.searched = make(map[string]Match)
	}
	ix.searched[key] = m.clone()
	ix.lookedMu.Unlock()
	return m
}

// clone copies a match so its holder may change it.
func (m Match) clone() Match {
	m.Hits, m.Unknown, m.Words = slices.Clone(m.Hits), slices.Clone(m.Unknown), slices.Clone(m.Words)
	return m
}

func (ix *Index) search(words []string, describe bool) Match {
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
		if len(m.Words) >= maxWords {
			m.Words, typed = m.Words[:maxWords], typed[:maxWords] // enough to find a product; bounds the work
			break
		}
	}
	if len(m.Words) == 0 || len(ix.products) == 0 {
		return m
	}
	sc := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(sc)
	accs := sc.accs
	gen := generation.Add(1)
	touched := sc.touched[:0]
	touch := func(p int32) *acc {
		a := &accs[p]
		if a.gen != gen {
			*a = acc{gen: gen}
			touched = append(touched, p)
		}
		return a
	}
	var buf [maxWords][8]termMatch
	var ms [maxWords][]termMatch
	significant := 0 // phrase words some product names
	// Names, keywords and categories first (and descriptions, when asked).
	for wi, w := range m.Words {
		ms[wi] = ix.lookup(w, buf[wi][:0])
		if typed[wi] != w {
			ms[wi] = ix.lookup(typed[wi], ms[wi]) // keywords are kept as written: "cassava", "chips"
		}
		known, sig := false, false
		for _, tm := range ms[wi] {
			for _, p := range ix.post[tm.id] {
				touch(p.prod).note(wi, p.field, tm.q)
				known = known || p.field <= fCategory
				sig = sig || p.field <= fKeyword
			}
			if describe {
				for _, prod := range ix.desc[tm.id] {
					touch(prod).note(wi, fDescription, tm.q)
				}
			}
			if len(ix.vpost[tm.id]) > 0 {
				known, sig = true, true
			}
		}
		if sig {
			significant++
		}
		if !known && utf8.RuneCountInString(w) >= 3 && !AllDigits(w) {
			m.Unknown = append(m.Unknown, w)
		}
	}
	// Then variants: of the products found by name when there are few
	// ("sambal bawang level 1": the levels of the sambals), else of all.
	named := len(touched)
	for wi := range m.Words {
		vposts := 0
		for _, tm := range ms[wi] {
			vposts += len(ix.vpost[tm.id])
		}
		if vposts == 0 {
			continue
		}
		if named > 0 && named*4 < vposts {
			for _, p := range touched[:named] {
				for _, vt := range ix.vterms[p] {
					for _, tm := range ms[wi] {
						if slices.Contains(vt, tm.id) {
							accs[p].note(wi, fVariant, tm.q)
						}
					}
				}
			}
			continue
		}
		for _, tm := range ms[wi] {
			for _, p := range ix.vpost[tm.id] {
				touch(p).note(wi, fVariant, tm.q)
			}
		}
	}
	sc.touched = touched[:0]
	// The best maxHits, kept in order as they come: covered words, then
	// score, then catalog order.
	key := func(p int32) int {
		a := &accs[p]
		return bits.OnesCount16(a.cover)<<16 | a.score()
	}
	var top [maxHits + 1]int32
	var keys [maxHits + 1]int
	n := 0
	for _, p := range touched {
		if accs[p].cover == 0 && !describe {
			continue
		}
		k := key(p)
		i := n
		for i > 0 && (k > keys[i-1] || k == keys[i-1] && p < top[i-1]) {
			top[i], keys[i] = top[i-1], keys[i-1]
			i--
		}
		if i < maxHits {
			top[i], keys[i] = p, k
			n = min(n+1, maxHits)
		}
	}
	for _, p := range top[:n] {
		a := &accs[p]
		m.Hits = append(m.Hits, Hit{Product: ix.products[p], Variant: ix.pickVariant(p, m.Words, uint64(a.variant)),
			Covered: bits.OnesCount16(a.cover), Named: bits.OnesCount16(a.named), ByName: bits.OnesCount16(a.byName), Score: a.score()})
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
	for vi := range p.Variants {
		vw := ix.vwords[prod][vi]
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
		if v == w || len(w) >= 3 && strings.HasPrefix(v, w) || Similar(w, v) || len(w) >= 3 && vowels(w) <= 1 && abbreviates(w, v) ||
			len(v) >= 4 && w == v+"an" {
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
		if runs := alternating(w); runs != nil {
			return runs // "nastar2kastengel1"
		}
		return []string{w}
	}
	j := strings.IndexFunc(w, func(r rune) bool { return r < '0' || r > '9' })
	return []string{w[:j], w[j:]}
}

// alternating splits words and counts typed without spaces ("nastar2
// kastengel1") into runs: words of three letters or more, counts of up to
// three digits. Anything else (a code like "a1b2") is not split.
func alternating(w string) []string {
	var runs []string
	for len(w) > 0 {
		digit := w[0] >= '0' && w[0] <= '9'
		j := strings.IndexFunc(w, func(r rune) bool { return (r >= '0' && r <= '9') != digit })
		if j < 0 {
			j = len(w)
		}
		run := w[:j]
		if digit && len(run) > 3 || !digit && (len(run) < 3 || !letters(run)) {
			return nil
		}
		runs, w = append(runs, run), w[j:]
	}
	return runs
}

// reduplicated words are written with a 2 for "-" in chat: "kue2" = kue-kue.
var reduplicated = WordSet("pedes", "pedas", "manis", "asin", "kecil", "besar", "semua", "kue", "tanya", "lihat", "liat", "bumbu", "snack", "makan", "jajan", "macam", "apa", "siapa", "masing",
	"oleh", "kira", "cemilan", "camilan", "sambal", "sambel", "minuman", "barang", "baju", "mainan", "buah", "sayur", "lauk", "teman", "temen")
