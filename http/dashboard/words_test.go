package dashboard

import (
	"io/fs"
	"regexp"
	"testing"
)

// Every sentence a template asks for exists in both languages, and no key
// is defined by two parts of the dashboard.
func TestEveryTemplateWordHasBothLanguages(t *testing.T) {
	use := regexp.MustCompile(`\{\{-?\s*(?:t|tf)\s+"([^"]+)"`)
	err := fs.WalkDir(assets, "templates", func(path string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets, path)
		if err != nil {
			return err
		}
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			w, ok := allWords[m[1]]
			if !ok || w[0] == "" || w[1] == "" {
				t.Errorf("%s: word %q is missing in a language", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, part := range []words{commonWords, authWords, todayWords, orderWords, inboxWords, catalogWords,
		customerWords, promoWords, resellerWords, reportWords, settingsWords} {
		for k, v := range part {
			if seen[k] {
				t.Errorf("word %q is defined twice", k)
			}
			seen[k] = true
			if v[0] == "" || v[1] == "" {
				t.Errorf("word %q is missing a language", k)
			}
		}
	}
}
