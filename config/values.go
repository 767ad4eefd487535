package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Problem is one configuration error and the settings it is about: one for
// a bad value, several for a rule across settings (no way to deliver).
type Problem struct {
	Keys []string
	Err  error
}

// Detail is the error without its "config: KEY: " prefix, for a prompt
// that already names what it asks.
func (p Problem) Detail() string {
	msg := strings.TrimPrefix(p.Err.Error(), "config: ")
	if len(p.Keys) == 1 {
		msg = strings.TrimPrefix(msg, p.Keys[0]+": ")
	}
	return msg
}

// About reports whether the problem concerns any of keys.
func (p Problem) About(keys ...string) bool {
	for _, k := range p.Keys {
		for _, want := range keys {
			if k == want {
				return true
			}
		}
	}
	return false
}

// Check validates values as the contents of a configuration file (no
// environment, defaults for what is missing) with exactly the rules Load
// applies, and returns every problem with the settings it concerns. `lapak
// setup` checks each answer with it, so the prompt and the start-up agree.
// Values of KEY_FILE are not read: give the values themselves.
func Check(values map[string]string) []Problem {
	raw := map[string]string{}
	for _, s := range settings {
		raw[s.key] = s.def
		if v := values[s.key]; v != "" {
			raw[s.key] = v
		}
	}
	p := parser{raw: raw}
	parseWith(&p)
	return p.problems
}

// Default is a setting's default value ("" when it has none or is unknown).
func Default(key string) string {
	s, _ := lookupSetting(key)
	return s.def
}

// Secret reports whether a setting's value must never be shown.
func Secret(key string) bool {
	s, _ := lookupSetting(key)
	return s.secret
}

// ReadValues reads a configuration file and returns the value of every
// setting it sets, KEY_FILE references read; settings it does not set are
// absent. The file is checked line by line as Load does.
func ReadValues(path string) (map[string]string, error) {
	file, err := readFile(path)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	none := func(string) string { return "" }
	for _, s := range settings {
		v, ok, err := resolve(s.key, file, none)
		if err != nil {
			return nil, err
		}
		if ok {
			out[s.key] = v
		}
	}
	return out, nil
}

// UpdateFile returns the text of a configuration file with values set:
// a KEY= line (or KEY_FILE=) is replaced in place, else the first commented
// "#KEY=" line of an example file is, else the line is appended at the end.
// Every other line, comments included, is kept. order says in which order
// appended keys come; a value "" is written as KEY= (the default applies).
func UpdateFile(text string, values map[string]string, order []string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	if text == "" {
		lines = nil
	}
	done := map[string]bool{}
	keyOf := func(line string) (key string, commented bool) {
		t := strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(t, "#"); ok {
			// Only "#KEY=…" (a default to uncomment), not "# KEY=…" in prose.
			if strings.HasPrefix(rest, " ") || strings.HasPrefix(rest, "\t") {
				return "", false
			}
			t, commented = rest, true
		}
		k, _, found := strings.Cut(t, "=")
		k = strings.TrimSpace(k)
		if !found || k == "" || strings.ContainsAny(k, " \t") {
			return "", false
		}
		return k, commented
	}
	var out []string
	// First pass: live lines of the keys (and their _FILE forms) are replaced.
	for _, line := range lines {
		k, commented := keyOf(line)
		base := strings.TrimSuffix(k, "_FILE")
		if _, set := values[base]; k != "" && !commented && set {
			if !done[base] {
				out = append(out, formatLine(base, values[base]))
				done[base] = true
			}
			continue // a second line, or KEY_FILE next to KEY: dropped
		}
		out = append(out, line)
	}
	// Second pass: an example's "#KEY=default" line becomes the live line.
	for i, line := range out {
		k, commented := keyOf(line)
		if _, set := values[k]; commented && set && !done[k] {
			out[i] = formatLine(k, values[k])
			done[k] = true
		}
	}
	var rest []string
	for _, k := range order {
		if _, set := values[k]; set && !done[k] {
			rest = append(rest, formatLine(k, values[k]))
			done[k] = true
		}
	}
	for k, v := range values { // keys order forgot: still written
		if !done[k] {
			rest = append(rest, formatLine(k, v))
			done[k] = true
		}
	}
	if len(rest) > 0 {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, "# Written by lapak setup")
		out = append(out, rest...)
	}
	return strings.Join(out, "\n") + "\n"
}

// formatLine writes KEY=VALUE so readFile gives VALUE back: quoted when
// the value has spaces at its ends or starts with a quote.
func formatLine(key, value string) string {
	if value != strings.TrimSpace(value) || strings.HasPrefix(value, `"`) || strings.HasPrefix(value, "'") {
		q := `"`
		if strings.HasSuffix(value, `"`) {
			q = "'"
		}
		return fmt.Sprintf("%s=%s%s%s", key, q, value, q)
	}
	return key + "=" + value
}

// WriteFileAtomic writes a configuration file with mode 0600 (it holds
// secrets) through a temporary file in the same directory and a rename, so
// a crash never leaves half a file.
func WriteFileAtomic(path, text string) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".lapak.conf-*")
	if err != nil {
		return fmt.Errorf("config: writing %s: %w", path, err)
	}
	tmp := f.Name()
	err = f.Chmod(0o600)
	if err == nil {
		_, err = f.WriteString(text)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("config: writing %s: %w", path, err)
	}
	return nil
}
