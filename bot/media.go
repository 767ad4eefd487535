package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	neturl "net/url"
	"os"
	"strings"
	"sync"

	"github.com/skip2/go-qrcode"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

// MaxImageBytes bounds a local image file an adapter will send.
const MaxImageBytes = 10 << 20

// LoadImage resolves an image reference (see lapak.Outbound.Image): an
// http(s) URL is returned as url for the platform to fetch; "demo:NAME" is
// a built-in demo picture; "qris:PAYLOAD" is drawn as a QR code PNG; anything
// else is a local file path. A picture a person sent ("media:…") needs
// Media.Load.
func LoadImage(ref string) (data []byte, url string, err error) {
	switch {
	case ref == "":
		return nil, "", errors.New("bot: image: empty reference")
	case strings.HasPrefix(ref, "http://"), strings.HasPrefix(ref, "https://"):
		return nil, ref, nil
	case strings.HasPrefix(ref, "demo:"):
		data, err := catalog.DemoPNG(strings.TrimPrefix(ref, "demo:"))
		if err != nil {
			return nil, "", fmt.Errorf("bot: image %q: %w", ref, err)
		}
		return data, "", nil
	case strings.HasPrefix(ref, lapak.QRISImagePrefix):
		data, err := qrPNG(strings.TrimPrefix(ref, lapak.QRISImagePrefix))
		if err != nil {
			return nil, "", err
		}
		return data, "", nil
	case strings.HasPrefix(ref, lapak.MediaPrefix):
		// Never a file path: only the channel it came from can fetch it.
		ch, _, _ := lapak.ParseMediaRef(ref)
		return nil, "", fmt.Errorf("bot: picture: %s %w", ch, ErrNoFetcher)
	case strings.HasPrefix(ref, lapak.StoredPrefix), strings.HasPrefix(ref, lapak.SlipImagePrefix):
		// Never a file path either: only the store has it (Media.Load).
		return nil, "", fmt.Errorf("bot: stored picture %q: %w", ref, ErrNoStore)
	}
	data, err = ReadImageFile(ref)
	if err != nil {
		return nil, "", err
	}
	return data, "", nil
}

// ReadImageFile reads a local picture, bounded by MaxImageBytes: a regular,
// non-empty file.
func ReadImageFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bot: image: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("bot: image: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("bot: image %q: not a regular file", path)
	}
	if st.Size() > MaxImageBytes {
		return nil, fmt.Errorf("bot: image %q: %d bytes, more than the %d MiB limit", path, st.Size(), MaxImageBytes>>20)
	}
	// The file may grow after Stat: read one byte past the limit to notice.
	data, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("bot: image %q: %w", path, err)
	}
	if len(data) > MaxImageBytes {
		return nil, fmt.Errorf("bot: image %q: more than the %d MiB limit", path, MaxImageBytes>>20)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("bot: image %q: file is empty", path)
	}
	return data, nil
}

// qrPNG draws payload as a 512×512 PNG QR code with medium error correction
// (15%: survives a smudged screen or a crumpled print).
func qrPNG(payload string) ([]byte, error) {
	if payload == "" {
		return nil, errors.New("bot: QR code: empty payload")
	}
	data, err := qrcode.Encode(payload, qrcode.Medium, 512)
	if err != nil {
		return nil, fmt.Errorf("bot: QR code: %w", err)
	}
	return data, nil
}

// FetchFunc fetches a picture a person sent on one channel, given that
// channel's reference (lapak.Attachment.Ref).
type FetchFunc func(ctx context.Context, ref string) ([]byte, error)

// ImageFetcher is a channel that can fetch the pictures people sent on it
// (Telegram by getFile, WhatsApp by download, the console from disk).
type ImageFetcher interface {
	FetchImage(ctx context.Context, ref string) ([]byte, error)
}

// ErrNoFetcher means a picture came from a channel that is not running in
// this process, so nothing here can fetch it.
var ErrNoFetcher = errors.New("channel not running here")

// ErrNoStore means a picture Lapak keeps ("stored:ID") was asked of a
// Media that was given no store.
var ErrNoStore = errors.New("no store for stored pictures")

// StoredFunc reads a picture Lapak keeps ("stored:ID", lapak.StoredRef):
// storage.Store.Media.
type StoredFunc func(ctx context.Context, id int64) ([]byte, error)

// Media resolves every image reference, including the pictures people sent
// ("media:CHANNEL:REF", lapak.MediaRef), which only their own channel can
// fetch: a proof sent on Telegram may have to reach an admin on WhatsApp;
// and the pictures Lapak keeps itself ("stored:ID": product photos sent
// from the phone), read from the store, so every channel can send them.
// The app registers each running channel's fetcher and the store once at
// start and hands the one Media to every adapter. A nil *Media resolves
// what LoadImage does.
type Media struct {
	mu     sync.RWMutex
	fetch  map[lapak.Channel]FetchFunc
	stored StoredFunc
	draw   map[string]DrawFunc
}

// DrawFunc draws a picture Lapak makes from the shop's data when it is
// sent, given the reference after its prefix: an order's packing slip
// ("slip:NUMBER", lapak.SlipRef).
type DrawFunc func(ctx context.Context, arg string) ([]byte, error)

// SetDrawer makes the references starting with prefix drawn by f.
func (m *Media) SetDrawer(prefix string, f DrawFunc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.draw == nil {
		m.draw = map[string]DrawFunc{}
	}
	m.draw[prefix] = f
}

// SetStore makes the pictures Lapak keeps ("stored:ID") loadable by f.
func (m *Media) SetStore(f StoredFunc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stored = f
}

// NewMedia returns a Media with no fetchers.
func NewMedia() *Media { return &Media{fetch: map[lapak.Channel]FetchFunc{}} }

// Register makes ch's pictures fetchable by f.
func (m *Media) Register(ch lapak.Channel, f FetchFunc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fetch[ch] = f
}

// Load resolves ref like LoadImage, a "media:" reference through its
// channel's fetcher (ErrNoFetcher without one) and a "stored:" one from the
// store (ErrNoStore without one). The bytes are bounded by MaxImageBytes.
func (m *Media) Load(ctx context.Context, ref string) (data []byte, url string, err error) {
	if id, ok := lapak.ParseStoredRef(ref); ok {
		return m.loadStored(ctx, id)
	}
	if m != nil {
		m.mu.RLock()
		var draw DrawFunc
		var arg string
		for prefix, f := range m.draw {
			if rest, ok := strings.CutPrefix(ref, prefix); ok {
				draw, arg = f, rest
			}
		}
		m.mu.RUnlock()
		if draw != nil {
			data, err := draw(ctx, arg)
			if err != nil {
				return nil, "", fmt.Errorf("bot: drawing %q: %w", ref, err)
			}
			return data, "", nil
		}
	}
	ch, chRef, ok := lapak.ParseMediaRef(ref)
	if !ok {
		return LoadImage(ref)
	}
	var f FetchFunc
	if m != nil {
		m.mu.RLock()
		f = m.fetch[ch]
		m.mu.RUnlock()
	}
	if f == nil {
		return nil, "", fmt.Errorf("bot: picture: %s %w", ch, ErrNoFetcher)
	}
	data, err = f(ctx, chRef)
	if err != nil {
		return nil, "", fmt.Errorf("bot: %s picture: %w", ch, err)
	}
	if err := checkSize(data); err != nil {
		return nil, "", fmt.Errorf("bot: %s picture: %w", ch, err)
	}
	return data, "", nil
}

func (m *Media) loadStored(ctx context.Context, id int64) ([]byte, string, error) {
	var f StoredFunc
	if m != nil {
		m.mu.RLock()
		f = m.stored
		m.mu.RUnlock()
	}
	if f == nil {
		return nil, "", fmt.Errorf("bot: stored picture %d: %w", id, ErrNoStore)
	}
	data, err := f(ctx, id)
	if err != nil {
		return nil, "", fmt.Errorf("bot: stored picture %d: %w", id, err)
	}
	if err := checkSize(data); err != nil {
		return nil, "", fmt.Errorf("bot: stored picture %d: %w", id, err)
	}
	return data, "", nil
}

func checkSize(data []byte) error {
	switch {
	case len(data) == 0:
		return errors.New("empty file")
	case len(data) > MaxImageBytes:
		return fmt.Errorf("more than the %d MiB limit", MaxImageBytes>>20)
	}
	return nil
}

// ReadAtMost reads r up to MaxImageBytes, failing on anything longer, so a
// fetcher never holds more than one picture's worth of a stream.
func ReadAtMost(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImageBytes+1))
	if err != nil {
		return nil, err
	}
	if err := checkSize(data); err != nil {
		return nil, err
	}
	return data, nil
}

// WithoutImage is msg's text for when its picture cannot be loaded: with
// msg.NoImage on a line of its own, its %s replaced by a short reason, so
// the notice arrives even when the picture cannot. Without a NoImage the
// text is sent as it is.
func WithoutImage(msg lapak.Outbound, err error) string {
	text := strings.TrimSpace(msg.Text)
	if msg.NoImage == "" {
		return text
	}
	note := strings.Replace(msg.NoImage, "%s", imageReason(err), 1)
	if text == "" {
		return note
	}
	return text + "\n\n" + note
}

// imageReason is err as an admin may read it: the last, most specific
// part, with URLs (which may carry a bot token) dropped and bounded.
func imageReason(err error) string {
	if err == nil {
		return "?"
	}
	var ue *neturl.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 && i+2 < len(s) {
		s = s[i+2:]
	}
	return cutBytes(s, 120)
}
