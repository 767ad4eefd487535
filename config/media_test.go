package config

import (
	"strings"
	"testing"
)

func TestMediaStore(t *testing.T) {
	for v, files := range map[string]bool{"": false, "db": false, "DB": false, "dir": true} {
		cfg, err := Load("", env(map[string]string{"LAPAK_MEDIA_STORE": v}))
		if err != nil || cfg.MediaFiles != files {
			t.Errorf("LAPAK_MEDIA_STORE=%q: files %v, %v", v, cfg.MediaFiles, err)
		}
	}
	_, err := Load("", env(map[string]string{"LAPAK_MEDIA_STORE": "s3"}))
	if err == nil || err.Error() != `config: LAPAK_MEDIA_STORE: "s3" is not a place for photos (use db or dir)` || strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("bad value: %v", err)
	}
}
