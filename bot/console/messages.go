package console

import (
	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The console's own lines, from the text catalog. The console does not know
// who is typing, so each says it in both languages, Indonesian first; the
// flows' replies come in the customer's language.
var (
	msgHint   = line(text.ConsoleHint)
	msgPrompt = line(text.ConsolePrompt)
	msgImage  = line(text.ConsoleImage) // %s: the picture's path or URL
	msgOther  = line(text.ConsoleOther) // %s: the account a message is for
	msgNoImg  = line(text.ConsoleNoImage)

	msgPhotoUsage = line(text.ConsolePhotoUsage)
	msgPhotoBad   = line(text.ConsolePhotoBad) // %q: the path; %s: why
	// Why, for msgPhotoBad.
	msgPhotoLong    = line(text.ConsolePhotoLong)
	msgPhotoMissing = line(text.ConsolePhotoMissing)
	msgPhotoNotPic  = line(text.ConsolePhotoNotPic)
)

// line is a console line; both catalogs hold the same two-language text.
func line(k text.Key) string { return text.Get(lapak.Indonesian, k) }
