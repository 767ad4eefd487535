// Package text holds every sentence customers and sellers read, in Bahasa
// Indonesia (id.go) and English (en.go), under typed keys (keys.go). A key
// is a constant, so a mistyped one does not compile; the tests check that
// both catalogs have every key with the same placeholders.
package text

import (
	"fmt"

	lapak "github.com/lapak-id/lapak"
)

// Key names one sentence of the catalogs.
type Key int

// Get is sentence k in lang, formatted with args by fmt's rules (without
// args the sentence is returned as it is). A language with no catalog reads
// Indonesian; an entry missing from one catalog (the tests forbid it) comes
// from the other, so no key's name ever reaches a person.
func Get(lang lapak.Language, k Key, args ...any) string {
	if k <= None || k >= keyCount {
		return ""
	}
	first, second := &indonesian, &english
	if lang == lapak.English {
		first, second = second, first
	}
	f := first[k]
	if f == "" {
		f = second[k]
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}
