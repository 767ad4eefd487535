package bot

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/skip2/go-qrcode"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

// MaxImageBytes bounds a local image file an adapter will send.
const MaxImageBytes = 10 << 20

// LoadImage resolves an image reference (see lapak.Outbound.Image): an
// http(s) URL is returned as url for the platform to fetch; "demo:NAME" is
// a built-in demo picture; "qris:PAYLOAD" is drawn as a QR code PNG; anything
// else is a local file path.
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
	}
	f, err := os.Open(ref)
	if err != nil {
		return nil, "", fmt.Errorf("bot: image: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, "", fmt.Errorf("bot: image: %w", err)
	}
	if !st.Mode().IsRegular() {
		return nil, "", fmt.Errorf("bot: image %q: not a regular file", ref)
	}
	if st.Size() > MaxImageBytes {
		return nil, "", fmt.Errorf("bot: image %q: %d bytes, more than the %d MiB limit", ref, st.Size(), MaxImageBytes>>20)
	}
	// The file may grow after Stat: read one byte past the limit to notice.
	data, err = io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("bot: image %q: %w", ref, err)
	}
	if len(data) > MaxImageBytes {
		return nil, "", fmt.Errorf("bot: image %q: more than the %d MiB limit", ref, MaxImageBytes>>20)
	}
	if len(data) == 0 {
		return nil, "", fmt.Errorf("bot: image %q: file is empty", ref)
	}
	return data, "", nil
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
