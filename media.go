package lapak

import (
	"errors"
	"strconv"
	"strings"
)

// StoredPrefix starts the Outbound.Image reference of a picture Lapak keeps
// itself ("stored:ID"): a product photo an admin sent from the phone, its
// bytes in the database or the media directory, so it survives the chat it
// came from and every channel can send it.
const StoredPrefix = "stored:"

// StoredRef is the image reference of stored picture id.
func StoredRef(id int64) string { return StoredPrefix + strconv.FormatInt(id, 10) }

// ParseStoredRef reads a StoredRef; ok is false for any other reference.
func ParseStoredRef(s string) (id int64, ok bool) {
	rest, ok := strings.CutPrefix(s, StoredPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// MaxPhotoBytes bounds a product photo sent from the phone: 5 MB is far more
// than any phone's compressed photo, and every photo is kept.
const MaxPhotoBytes = 5 << 20

// Why a product photo is refused.
var (
	ErrPhotoTooBig = errors.New("photo is larger than 5 MB")
	ErrNotPhoto    = errors.New("not a picture (JPEG, PNG, GIF or WebP)")
)

// PhotoUpload is a product photo an admin sent, waiting to be copied from
// its channel into the store. Until it is, the product shows it by the
// channel's reference (Source); if the copy fails for good, the product
// gets Previous back and the admin is told why.
type PhotoUpload struct {
	ID        int64
	ProductID int64
	Source    string   // "media:CHANNEL:REF", see MediaRef
	Previous  string   // the product's image before
	By        Identity // the admin who sent it, told if it fails
	Attempts  int
}
