package telegram

import (
	"encoding/json"
	"strings"
	"sync"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// maxCachedPhotos bounds the photo cache; when full it starts over.
const maxCachedPhotos = 10_000

// photoCache remembers the file id Telegram gave a picture Lapak uploaded,
// so the next message with the same picture sends the id instead of the
// bytes: a promo with a photo to 10,000 customers uploads it once. Only
// pictures whose bytes never change under their reference are kept:
// "stored:ID" (kept by Lapak) and "demo:NAME" (built in). It lives in
// memory; a restart uploads each picture once more.
type photoCache struct {
	mu  sync.Mutex
	ids map[string]string // image reference → Telegram file id
	// uploads are the uploads under way, by reference: a promo's first
	// sends run side by side, and all but one wait for its file id
	// instead of uploading the same picture again.
	uploads map[string]*upload
}

type upload struct {
	mu      sync.Mutex
	waiters int
}

// uploading waits for an upload of ref under way to end and returns the
// function that ends this one.
func (c *photoCache) uploading(ref string) (done func()) {
	c.mu.Lock()
	if c.uploads == nil {
		c.uploads = map[string]*upload{}
	}
	u := c.uploads[ref]
	if u == nil {
		u = &upload{}
		c.uploads[ref] = u
	}
	u.waiters++
	c.mu.Unlock()
	u.mu.Lock()
	return func() {
		u.mu.Unlock()
		c.mu.Lock()
		if u.waiters--; u.waiters == 0 {
			delete(c.uploads, ref)
		}
		c.mu.Unlock()
	}
}

func cacheable(ref string) bool {
	return strings.HasPrefix(ref, "stored:") || strings.HasPrefix(ref, "demo:")
}

func (c *photoCache) get(ref string) (string, bool) {
	if !cacheable(ref) {
		return "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.ids[ref]
	return id, ok
}

// keep records the file id of the largest size in a sendPhoto result.
func (c *photoCache) keep(ref string, result json.RawMessage) {
	if !cacheable(ref) {
		return
	}
	var m tgbotapi.Message
	if json.Unmarshal(result, &m) != nil || len(m.Photo) == 0 {
		return
	}
	id := m.Photo[len(m.Photo)-1].FileID
	if id == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil || len(c.ids) >= maxCachedPhotos {
		c.ids = map[string]string{}
	}
	c.ids[ref] = id
}

// forget drops a file id Telegram refused.
func (c *photoCache) forget(ref string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.ids, ref)
}
