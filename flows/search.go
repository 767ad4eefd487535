package flows

import (
	"sort"
	"strings"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// stopWords carry no product meaning: "ada keripik pedas ga kak?" searches
// for "keripik pedas".
var stopWords = wordSet("cari", "carikan", "ada", "ga", "gak", "nggak", "ngga", "engga", "kak", "kakak",
	"min", "mimin", "gan", "sis", "bang", "mas", "mbak", "bu", "pak", "yang", "yg", "mau", "dong", "donk",
	"pesan", "pesen", "beli", "order", "tambah", "tambahin", "ambil", "ready", "redy", "stok", "harga",
	"berapa", "brp", "tolong", "saya", "aku", "minta", "ini", "itu", "untuk", "buat", "dan", "sama",
	"juga", "lagi", "halo", "hai", "hi", "p", "ya", "deh", "aja", "saja", "sih", "kah", "apa", "nya",
	"search", "find", "buy", "add", "want", "i", "the", "a", "an", "of", "price", "please", "pls",
	"some", "have", "you", "do", "is", "there", "any", "get", "me", "to", "cart", "keranjang", "ke",
	"produk", "product")

// spelling maps common spelling variants and English words to the words the
// catalog uses, so "sambel", "pedes" and "coffee" find their products.
var spelling = func() map[string]string {
	m := map[string]string{
		"kripik": "keripik", "kripick": "keripik", "keripick": "keripik", "chips": "keripik", "chip": "keripik",
		"sambel": "sambal", "sambl": "sambal", "chili": "sambal", "sauce": "sambal",
		"pedes": "pedas", "pdas": "pedas", "spicy": "pedas", "hot": "pedas",
		"cabe": "cabai", "coklat": "cokelat", "chocolate": "cokelat", "choco": "cokelat",
		"krupuk": "kerupuk", "sirop": "sirup", "syrup": "sirup", "ori": "original",
		"coffee": "kopi", "milk": "susu", "banana": "pisang", "cassava": "singkong",
		"garlic": "bawang", "peanut": "kacang", "peanuts": "kacang", "ginger": "jahe", "tea": "teh",
		"sweet": "manis", "salty": "asin", "cheese": "keju", "palm": "aren", "sugar": "gula",
		"beef": "sapi", "squid": "cumi", "macaroni": "makaroni", "makroni": "makaroni",
		"brownis": "brownies", "browni": "brownies", "pineapple": "nanas", "passion": "markisa",
		"drink": "minuman", "drinks": "minuman", "snack": "camilan", "snacks": "camilan", "cemilan": "camilan",
		"kue2": "kue", "cookies": "kue", "cake": "kue", "bread": "roti",
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[normalize(k)] = normalize(v)
	}
	return out
}()

// canonical maps one normalized word to its catalog spelling.
func canonical(w string) string {
	if c, ok := spelling[w]; ok {
		return c
	}
	if strings.HasSuffix(w, "nya") && utf8.RuneCountInString(w) > 5 {
		return canonical(strings.TrimSuffix(w, "nya"))
	}
	return w
}

// queryWords turns free text into the words to search for.
func queryWords(words []string) []string {
	var out []string
	for _, w := range words {
		for _, t := range tokens(w) {
			if stopWords[t] {
				continue
			}
			out = append(out, canonical(t))
			if len(out) == 12 { // enough to find a product; bounds the work
				return out
			}
		}
	}
	return out
}

// searchHit is a product matching a query, with the variant the query named.
type searchHit struct {
	Product lapak.Product
	Variant *lapak.Variant
	Score   int
	Matched int  // query words that matched something
	Named   int  // query words that matched the name or a variant
	Full    bool // every query word matched the name or a variant
}

func fieldWords(s string) []string {
	ws := tokens(s)
	for i, w := range ws {
		ws[i] = canonical(w)
	}
	return ws
}

// wordScore rates how well query word q matches any of words: exact beats
// prefix ("kop" -> "kopi") beats a typo.
func wordScore(q string, words []string, exact, prefix, typo int) int {
	best := 0
	for _, w := range words {
		switch {
		case q == w:
			return exact
		case utf8.RuneCountInString(q) >= 3 && strings.HasPrefix(w, q):
			best = max(best, prefix)
		case similar(q, w):
			best = max(best, typo)
		}
	}
	return best
}

// searchProducts ranks products for the query words, best first; products
// matching fewer than half of the words are left out.
func searchProducts(products []lapak.Product, query []string) []searchHit {
	if len(query) == 0 {
		return nil
	}
	var hits []searchHit
	for _, p := range products {
		name, cat, desc := fieldWords(p.Name), fieldWords(p.Category), fieldWords(p.Description)
		// Joined neighbours catch words typed together: "kopisusu".
		for i, n := 0, len(name); i+1 < n; i++ {
			name = append(name, name[i]+name[i+1])
		}
		variants := make([][]string, len(p.Variants))
		for i, v := range p.Variants {
			variants[i] = fieldWords(v.Name)
		}
		h := searchHit{Product: p}
		varMatches := make([]int, len(p.Variants))
		for _, q := range query {
			s := wordScore(q, name, 10, 8, 7)
			vbest := 0
			for i, vw := range variants {
				if vs := wordScore(q, vw, 9, 7, 6); vs > 0 {
					varMatches[i]++
					vbest = max(vbest, vs)
				}
			}
			s = max(s, vbest)
			if s > 0 {
				h.Named++
			}
			s = max(s, wordScore(q, cat, 4, 3, 3), wordScore(q, desc, 2, 1, 1))
			if s > 0 {
				h.Score += s
				h.Matched++
			}
		}
		if h.Matched*2 < len(query) || h.Matched == 0 {
			continue
		}
		h.Full = h.Named == len(query)
		// A variant is named when exactly one variant matched the most words.
		bestV, bestN, tie := -1, 0, false
		for i, n := range varMatches {
			switch {
			case n > bestN:
				bestV, bestN, tie = i, n, false
			case n == bestN && n > 0:
				tie = true
			}
		}
		if bestV >= 0 && !tie {
			v := p.Variants[bestV]
			h.Variant = &v
		}
		hits = append(hits, h)
	}
	named := false
	for _, h := range hits {
		named = named || h.Named > 0
	}
	if named {
		// Products named in the query beat ones that only share a category
		// or a word of the description.
		kept := hits[:0]
		for _, h := range hits {
			if h.Named > 0 {
				kept = append(kept, h)
			}
		}
		hits = kept
	}
	sort.SliceStable(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Full != b.Full {
			return a.Full
		}
		if a.Matched != b.Matched {
			return a.Matched > b.Matched
		}
		return a.Score > b.Score
	})
	return hits
}

// clearHit returns the one product the query clearly means, if any: the only
// product matching every word, or one that matches clearly better than the next.
func clearHit(hits []searchHit) (searchHit, bool) {
	if len(hits) == 0 || !hits[0].Full {
		return searchHit{}, false
	}
	if len(hits) == 1 || !hits[1].Full || hits[0].Score-hits[1].Score >= 4 {
		return hits[0], true
	}
	return searchHit{}, false
}
