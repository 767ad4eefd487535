package config

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// maxFileSize bounds the configuration file; a real one is a few kilobytes.
const maxFileSize = 1 << 20

// readFile reads KEY=VALUE lines: the same names as the environment, # at
// the start of a line for comments, blank lines ignored, values optionally
// in single or double quotes (taken literally inside). It reports every bad
// line at once.
func readFile(path string) (map[string]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: cannot read config file %q: %v", path, errors.Unwrap(err))
	}
	if len(b) > maxFileSize {
		return nil, fmt.Errorf("config: config file %q is larger than 1 MiB", path)
	}
	return parseFile(path, string(b))
}

func parseFile(path, text string) (map[string]string, error) {
	values := map[string]string{}
	var errs []error
	bad := func(n int, format string, args ...any) {
		errs = append(errs, fmt.Errorf("config: %s line %d: "+format, append([]any{path, n}, args...)...))
	}
	text = strings.TrimPrefix(text, "\uFEFF") // a BOM from Windows editors
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, found := strings.Cut(line, "=")
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		if !found || key == "" {
			bad(n, "expected KEY=VALUE")
			continue
		}
		base := strings.TrimSuffix(key, "_FILE")
		if _, ok := lookupSetting(base); !ok {
			if key == "LAPAK_CONFIG" {
				bad(n, "LAPAK_CONFIG cannot be set inside a config file")
			} else {
				bad(n, "unknown setting %s (see lapak.example.conf for the list)", key)
			}
			continue
		}
		if len(val) >= 1 && (val[0] == '"' || val[0] == '\'') {
			q := val[0]
			if len(val) < 2 || val[len(val)-1] != q {
				bad(n, "%s: missing closing quote", key)
				continue
			}
			val = val[1 : len(val)-1]
		}
		if _, dup := values[key]; dup {
			bad(n, "%s is set twice", key)
			continue
		}
		values[key] = val
	}
	return values, errors.Join(errs...)
}
