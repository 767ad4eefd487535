package config

import "strings"

// mediaStore reads where product photos are kept: "db" (false) or "dir" (true).
func (p *parser) mediaStore(key string) bool {
	switch strings.ToLower(p.value(key)) {
	case "", "db", "database":
		return false
	case "dir", "directory", "files":
		return true
	}
	p.fail(key, "%q is not a place for photos (use db or dir)", p.value(key))
	return false
}
