package catalog

// Share kits: the images and captions a reseller posts on WhatsApp Status,
// Instagram or Facebook to sell for the shop. They are pure functions of
// what is passed in (no store, no chat), drawn with the Go fonts so the
// output is the same on every machine.

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"image"
	"image/color"
	_ "image/gif" // product photos the store keeps
	_ "image/jpeg"
	"image/png"
	"strings"
	"sync"
	"unicode"

	"github.com/skip2/go-qrcode"
	"golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	_ "golang.org/x/image/webp"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The sizes of the share images, in pixels: a square product card, and a
// 4:5 portrait catalog card (the tallest Instagram's feed shows uncropped;
// WhatsApp Status shows both whole).
const (
	ProductCardSize   = 1080
	CatalogCardWidth  = 1080
	CatalogCardHeight = 1350
	// MaxCatalogCardItems is how many products one catalog card holds;
	// more would be too small to read on a phone.
	MaxCatalogCardItems = 6
)

// Why a share image cannot be drawn.
var (
	ErrShareNoLink   = errors.New("catalog: share kit: no link for the QR code")
	ErrShareNoCode   = errors.New("catalog: share kit: no reseller code")
	ErrShareNoItems  = errors.New("catalog: share kit: no product")
	ErrShareTooMany  = fmt.Errorf("catalog: share kit: more than %d products on one catalog card", MaxCatalogCardItems)
	ErrShareLongLink = errors.New("catalog: share kit: link too long for a QR code readable on a phone")
)

// ShareItem is one product on a share image.
type ShareItem struct {
	Name    string
	Variant string      // "" for a product with one variant
	Price   lapak.Money // the retail price the customer pays
	// Photo is the product photo as the store keeps it (JPEG, PNG, GIF or
	// WebP). Without one, or if it cannot be read, a tile with the name's
	// initials stands in.
	Photo []byte
}

// ShareKit is who shares: the shop, the reseller's code and the link the QR
// code opens (the reseller's Telegram or WhatsApp link). Lang is the
// language of the labels and captions; Price the shop's price format (the
// zero value writes Rp85.000).
type ShareKit struct {
	Shop  string
	Code  string
	Link  string
	Lang  lapak.Language
	Price lapak.PriceFormat
}

// ProductCard draws one product's share image: a 1080×1080 PNG with the
// photo, name, variant and price, the shop's name, the reseller's code and
// a QR code of the link.
func (k ShareKit) ProductCard(it ShareItem) ([]byte, error) {
	if err := k.check(); err != nil {
		return nil, err
	}
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	const w, h, m = ProductCardSize, ProductCardSize, 48
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), colBackground)
	k.header(img, fs, 120, "")

	// The photo on the left, the QR code and the code on the right.
	photo := image.Rect(m, 156, m+580, 156+580)
	drawPhoto(img, photo, it.Photo, it.Name, fs, 28)
	col := image.Rect(photo.Max.X+36, photo.Min.Y, w-m, photo.Max.Y)
	qr := image.Rect(col.Min.X, col.Min.Y, col.Max.X, col.Min.Y+col.Dx())
	if err := drawQR(img, qr, k.Link); err != nil {
		return nil, err
	}
	scan := fs.face(fs.bold, 34)
	drawCentered(img, scan, clean(fs, text.Get(k.Lang, text.ShareKitScan)), col.Min.X, col.Max.X, qr.Max.Y+52, colHeader)
	k.codePill(img, fs, image.Rect(col.Min.X, col.Max.Y-112, col.Max.X, col.Max.Y), 52)

	// Name, variant and price below, as a block centred in the space left.
	name, variant, price := fs.face(fs.bold, 52), fs.face(fs.regular, 38), fs.face(fs.bold, 76)
	lines := wrap(name, clean(fs, it.Name), w-2*m, 2)
	v := clean(fs, it.Variant)
	blockH := len(lines)*lineHeight(name) + lineHeight(price) + 8
	if v != "" {
		blockH += lineHeight(variant)
	}
	y := photo.Max.Y + (h-photo.Max.Y-blockH)/2
	for _, line := range lines {
		drawText(img, name, line, m, y+ascent(name), colInk)
		y += lineHeight(name)
	}
	if v != "" {
		drawText(img, variant, ellipsize(variant, v, w-2*m), m, y+ascent(variant), colMuted)
		y += lineHeight(variant)
	}
	drawText(img, price, k.Price.Format(it.Price), m, y+8+ascent(price), colPrice)
	return encodePNG(img)
}

// CatalogCard draws several products on one 1080×1350 PNG: a grid of up to
// MaxCatalogCardItems photos with names and prices, under the shop's name,
// above the reseller's code and a QR code of the link. More products are
// refused (ErrShareTooMany) rather than silently dropped: the caller picks
// which ones to show.
func (k ShareKit) CatalogCard(items []ShareItem) ([]byte, error) {
	switch {
	case len(items) == 0:
		return nil, ErrShareNoItems
	case len(items) > MaxCatalogCardItems:
		return nil, ErrShareTooMany
	}
	if err := k.check(); err != nil {
		return nil, err
	}
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	const w, h, m = CatalogCardWidth, CatalogCardHeight, 48
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), colBackground)
	k.header(img, fs, 150, text.Get(k.Lang, text.ShareKitCatalog))

	// The footer: code and "scan" on the left, the QR code on the right.
	qr := image.Rect(w-m-300, h-m-300, w-m, h-m)
	if err := drawQR(img, qr, k.Link); err != nil {
		return nil, err
	}
	left := image.Rect(m, qr.Min.Y, qr.Min.X-40, qr.Max.Y)
	k.codePill(img, fs, image.Rect(left.Min.X, left.Min.Y+50, left.Max.X, left.Min.Y+170), 64)
	scan := fs.face(fs.bold, 40)
	drawCentered(img, scan, clean(fs, text.Get(k.Lang, text.ShareKitScan))+" →", left.Min.X, left.Max.X, left.Min.Y+245, colHeader)

	grid := image.Rect(m, 150+32, w-m, qr.Min.Y-32)
	cols, rows := 2, (len(items)+1)/2
	switch {
	case len(items) == 1:
		cols, rows = 1, 1
	case len(items) >= 5:
		cols, rows = 3, 2
	}
	const gap = 24
	cw := (grid.Dx() - (cols-1)*gap) / cols
	ch := (grid.Dy() - (rows-1)*gap) / rows
	// Type as large as the cells allow: name and price sizes by columns.
	sizes := map[int][2]float64{1: {56, 68}, 2: {38, 46}, 3: {32, 38}}[cols]
	name, price := fs.face(fs.bold, sizes[0]), fs.face(fs.bold, sizes[1])
	nameLine, priceLine := lineHeight(name), lineHeight(price)
	const pad = 14
	labels := make([][]string, len(items))
	maxLines := 1
	for i, it := range items {
		label := clean(fs, it.Name)
		if v := clean(fs, it.Variant); v != "" {
			label += " – " + v
		}
		labels[i] = wrap(name, label, cw-2*pad, 2)
		maxLines = max(maxLines, len(labels[i]))
	}
	// One photo height for all, so the photos and prices line up.
	photoH := ch - 2*pad - (14 + maxLines*nameLine + priceLine)
	for i, it := range items {
		r, c := i/cols, i%cols
		x0 := grid.Min.X + c*(cw+gap)
		if last := len(items) - r*cols; r == rows-1 && last < cols {
			// Centre an incomplete last row.
			x0 += (cols - last) * (cw + gap) / 2
		}
		cell := image.Rect(x0, grid.Min.Y+r*(ch+gap), x0+cw, grid.Min.Y+r*(ch+gap)+ch)
		fillRounded(img, cell, 20, color.RGBA{255, 255, 255, 255})
		photo := image.Rect(cell.Min.X+pad, cell.Min.Y+pad, cell.Max.X-pad, cell.Min.Y+pad+photoH)
		drawPhoto(img, photo, it.Photo, it.Name, fs, 14)
		y := photo.Max.Y + 10
		for _, line := range labels[i] {
			drawText(img, name, line, cell.Min.X+pad, y+ascent(name), colInk)
			y += nameLine
		}
		// A long price in the shop's format shrinks rather than overflows.
		p := k.Price.Format(it.Price)
		pf := fitFace(fs, fs.bold, p, cw-2*pad, sizes[1], 24)
		drawText(img, pf, p, cell.Min.X+pad, cell.Max.Y-pad-priceLine+ascent(price), colPrice)
	}
	return encodePNG(img)
}

// Caption is the text a reseller copies with a product card: the product,
// its price, a call to order, the link and the code.
func (k ShareKit) Caption(it ShareItem) string {
	return text.Get(k.Lang, text.ShareCaption, itemLabel(it), k.Price.Format(it.Price), k.Link, k.Code)
}

// CatalogCaption is the text a reseller copies with a catalog card: the
// shop, one line per product with its price, the link and the code.
func (k ShareKit) CatalogCaption(items []ShareItem) string {
	lines := make([]string, len(items))
	for i, it := range items {
		lines[i] = "• " + itemLabel(it) + " " + k.Price.Format(it.Price)
	}
	return text.Get(k.Lang, text.ShareCatalogCaption, k.Shop, strings.Join(lines, "\n"), k.Link, k.Code)
}

func itemLabel(it ShareItem) string {
	if it.Variant == "" {
		return it.Name
	}
	return it.Name + " (" + it.Variant + ")"
}

func (k ShareKit) check() error {
	switch {
	case strings.TrimSpace(k.Link) == "":
		return ErrShareNoLink
	case strings.TrimSpace(k.Code) == "":
		return ErrShareNoCode
	}
	return nil
}

// header draws the shop's name on a coloured band of height h, with a
// smaller subtitle under it if sub is not empty.
func (k ShareKit) header(img *image.RGBA, fs *fonts, h int, sub string) {
	w := img.Bounds().Dx()
	fill(img, image.Rect(0, 0, w, h), colHeader)
	shop := clean(fs, k.Shop)
	if sub == "" {
		f := fitFace(fs, fs.bold, shop, w-96, 52, 34)
		drawText(img, f, ellipsize(f, shop, w-96), 48, h/2+capHeight(f)/2, colOnHeader)
		return
	}
	f := fitFace(fs, fs.bold, shop, w-96, 56, 36)
	drawText(img, f, ellipsize(f, shop, w-96), 48, 78, colOnHeader)
	s := fs.face(fs.regular, 34)
	drawText(img, s, clean(fs, sub), 48, 128, colSubHeader)
}

// codePill draws "Kode: SARI" on a bright rounded box, as large as fits.
func (k ShareKit) codePill(img *image.RGBA, fs *fonts, r image.Rectangle, size float64) {
	fillRounded(img, r, r.Dy()/2, colCode)
	label := clean(fs, text.Get(k.Lang, text.ShareKitCode, k.Code))
	f := fitFace(fs, fs.bold, label, r.Dx()-40, size, 24)
	drawCentered(img, f, ellipsize(f, label, r.Dx()-40), r.Min.X, r.Max.X, r.Min.Y+(r.Dy()+capHeight(f))/2, colInk)
}

// The palette: warm paper, a deep teal band, an orange price and a yellow
// code, dark enough text for sunlight on a phone.
var (
	colBackground = color.RGBA{0xFF, 0xF8, 0xEE, 0xFF}
	colHeader     = color.RGBA{0x0E, 0x5E, 0x6F, 0xFF}
	colOnHeader   = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	colSubHeader  = color.RGBA{0xCF, 0xE8, 0xEC, 0xFF}
	colInk        = color.RGBA{0x1F, 0x1F, 0x1F, 0xFF}
	colMuted      = color.RGBA{0x5C, 0x5C, 0x5C, 0xFF}
	colPrice      = color.RGBA{0xD9, 0x48, 0x0F, 0xFF}
	colCode       = color.RGBA{0xFF, 0xC8, 0x3D, 0xFF}
)

// fonts are the parsed Go fonts, shared: a parsed font is safe for
// concurrent use, the faces made from it are not, so each drawing makes its
// own.
type fonts struct{ bold, regular *opentype.Font }

var loadFonts = sync.OnceValues(func() (*fonts, error) {
	b, err := opentype.Parse(gobold.TTF)
	if err != nil {
		return nil, fmt.Errorf("catalog: share kit: font: %w", err)
	}
	r, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("catalog: share kit: font: %w", err)
	}
	return &fonts{bold: b, regular: r}, nil
})

func (fs *fonts) face(f *opentype.Font, size float64) font.Face {
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		// NewFace has no failing path today; a future one is a bug of ours.
		panic(fmt.Sprintf("catalog: share kit: font face %v: %v", size, err))
	}
	return face
}

// fitFace is f at the largest size from max down to min (in steps of 2)
// at which s fits in width.
func fitFace(fs *fonts, f *opentype.Font, s string, width int, max, min float64) font.Face {
	for size := max; ; size -= 2 {
		face := fs.face(f, size)
		if size-2 < min || measure(face, s) <= width {
			return face
		}
	}
}

// maxShareText bounds, in bytes, the text of one field drawn on a card.
const maxShareText = 400

// clean keeps the characters the Go fonts can draw: an emoji, a control
// character or a script they lack would come out as an empty box, so it is
// left out, and the spaces around it are collapsed.
func clean(fs *fonts, s string) string {
	var buf sfnt.Buffer
	var b strings.Builder
	space := false
	for i, r := range s {
		if i >= maxShareText {
			break // more than three lines hold; and wrap measures per rune
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if !unicode.IsPrint(r) {
			continue
		}
		if gi, err := fs.bold.GlyphIndex(&buf, r); err != nil || gi == 0 {
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wrap breaks s into at most maxLines lines of width pixels in face,
// between words (inside a word only when it is wider than a line); text
// that does not fit ends the last line with an ellipsis.
func wrap(face font.Face, s string, width, maxLines int) []string {
	fits := func(s string) bool { return measure(face, s) <= width }
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		if try := strings.TrimSpace(cur + " " + word); fits(try) {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = word
		for !fits(cur) {
			// Cut the longest head that fits, at least one character.
			rs := []rune(cur)
			n := len(rs) - 1
			for n > 1 && !fits(string(rs[:n])) {
				n--
			}
			lines = append(lines, string(rs[:n]))
			cur = string(rs[n:])
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = ellipsize(face, lines[maxLines-1]+"…", width)
	}
	return lines
}

// ellipsize shortens s to width pixels in face, ending it with "…" if it
// had to be cut.
func ellipsize(face font.Face, s string, width int) string {
	if measure(face, s) <= width {
		return s
	}
	rs := []rune(strings.TrimSuffix(s, "…"))
	for n := len(rs); n > 0; n-- {
		t := strings.TrimRight(string(rs[:n]), " ,.-–") + "…"
		if measure(face, t) <= width {
			return t
		}
	}
	return "…"
}

// measure is the width of s in face, in whole pixels.
func measure(face font.Face, s string) int { return font.MeasureString(face, s).Ceil() }

func ascent(face font.Face) int { return face.Metrics().Ascent.Ceil() }

func lineHeight(face font.Face) int { return face.Metrics().Height.Ceil() }

// capHeight is the height of a capital letter, to centre a line by eye.
func capHeight(face font.Face) int { return face.Metrics().CapHeight.Ceil() }

// drawText draws s with its left end at x and its baseline at y.
func drawText(img *image.RGBA, face font.Face, s string, x, y int, c color.Color) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// drawCentered draws s centred between x0 and x1 with its baseline at y.
func drawCentered(img *image.RGBA, face font.Face, s string, x0, x1, y int, c color.Color) {
	w := measure(face, s)
	drawText(img, face, s, x0+(x1-x0-w)/2, y, c)
}

// drawQR draws a QR code of s as large as fits in r, with whole pixels per
// module (sharp edges scan best) on a white box that keeps the quiet zone.
func drawQR(img *image.RGBA, r image.Rectangle, s string) error {
	q, err := qrcode.New(s, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrShareLongLink, err)
	}
	bits := q.Bitmap() // with the 4-module quiet zone
	n := len(bits)
	mod := min(r.Dx(), r.Dy()) / n
	if mod < 4 {
		return ErrShareLongLink
	}
	fillRounded(img, r, 16, color.RGBA{255, 255, 255, 255})
	x0, y0 := r.Min.X+(r.Dx()-n*mod)/2, r.Min.Y+(r.Dy()-n*mod)/2
	black := color.RGBA{0, 0, 0, 255}
	for y, row := range bits {
		for x, on := range row {
			if on {
				fill(img, image.Rect(x0+x*mod, y0+y*mod, x0+(x+1)*mod, y0+(y+1)*mod), black)
			}
		}
	}
	return nil
}

// maxPhotoPixels bounds the photo decoded: a small file can claim a huge
// image, and 40 megapixels is more than any phone camera.
const maxPhotoPixels = 40_000_000

// drawPhoto draws the product photo into r with rounded corners: cropped to
// fill r when the crop keeps at least two thirds of it, else whole over a
// blurred copy of itself (a long banner photo is not cut to a sliver).
// With no readable photo, a tile with the name's initials.
func drawPhoto(img *image.RGBA, r image.Rectangle, data []byte, name string, fs *fonts, radius int) {
	tile := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	if src, ok := decodePhoto(data); ok {
		fill(tile, tile.Bounds(), color.RGBA{0xF1, 0xEC, 0xE4, 0xFF}) // behind a transparent photo
		sb := src.Bounds()
		crop, dst := coverCrop(sb, r.Dx(), r.Dy()), tile.Bounds()
		// Keep two thirds, in integers: 3·crop ≥ 2·photo.
		if 3*crop.Dx()*crop.Dy() < 2*sb.Dx()*sb.Dy() {
			blurred(tile, src, crop)
			crop, dst = sb, containRect(sb, dst)
		}
		scaleDown(tile, dst, src, crop)
	} else {
		placeholder(tile, name, fs)
	}
	drawRounded(img, r, tile, image.Point{}, radius)
}

// scaleDown draws the crop of src into dst. BiLinear widens its kernel when
// shrinking, so a photo is averaged, not sampled into noise; its cost grows
// with the source's pixels, so a camera-sized photo is first brought to
// twice the target by the cheap ApproxBiLinear.
func scaleDown(dst *image.RGBA, r image.Rectangle, src image.Image, crop image.Rectangle) {
	if crop.Dx() > 4*r.Dx() && crop.Dy() > 4*r.Dy() {
		mid := image.NewRGBA(image.Rect(0, 0, 2*r.Dx(), 2*r.Dy()))
		draw.ApproxBiLinear.Scale(mid, mid.Bounds(), src, crop, draw.Src, nil)
		src, crop = mid, mid.Bounds()
	}
	draw.BiLinear.Scale(dst, r, src, crop, draw.Over, nil)
}

// coverCrop is the largest centred part of src with the aspect of w×h.
func coverCrop(src image.Rectangle, w, h int) image.Rectangle {
	sw, sh := src.Dx(), src.Dy()
	if sw*h > w*sh { // wider: cut the sides
		cw := max(1, sh*w/h)
		x := src.Min.X + (sw-cw)/2
		return image.Rect(x, src.Min.Y, x+cw, src.Max.Y)
	}
	ch := max(1, sw*h/w)
	y := src.Min.Y + (sh-ch)/2
	return image.Rect(src.Min.X, y, src.Max.X, y+ch)
}

// containRect is the largest rectangle with src's aspect centred in dst.
func containRect(src, dst image.Rectangle) image.Rectangle {
	sw, sh, dw, dh := src.Dx(), src.Dy(), dst.Dx(), dst.Dy()
	if sw*dh > dw*sh { // wider: fit the width
		h := max(1, sh*dw/sw)
		y := dst.Min.Y + (dh-h)/2
		return image.Rect(dst.Min.X, y, dst.Max.X, y+h)
	}
	w := max(1, sw*dh/sh)
	x := dst.Min.X + (dw-w)/2
	return image.Rect(x, dst.Min.Y, x+w, dst.Max.Y)
}

// blurred fills tile with the crop of src, blurred and faded: blown up from
// a tiny copy, which blurs it for next to nothing.
func blurred(tile *image.RGBA, src image.Image, crop image.Rectangle) {
	b := tile.Bounds()
	tiny := image.NewRGBA(image.Rect(0, 0, max(1, b.Dx()/32), max(1, b.Dy()/32)))
	draw.ApproxBiLinear.Scale(tiny, tiny.Bounds(), src, crop, draw.Over, nil) // blurred after: sampling is enough
	draw.BiLinear.Scale(tile, b, tiny, tiny.Bounds(), draw.Over, nil)
	draw.Draw(tile, b, image.NewUniform(color.NRGBA{255, 255, 255, 160}), image.Point{}, draw.Over)
}

func decodePhoto(data []byte) (image.Image, bool) {
	if len(data) == 0 || len(data) > lapak.MaxPhotoBytes {
		return nil, false
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPhotoPixels {
		return nil, false
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, false
	}
	return img, true
}

// placeholder fills tile with a colour of the name's own and its initials,
// as DemoPNG does for the demo shop.
func placeholder(tile *image.RGBA, name string, fs *fonts) {
	h := fnv.New32a()
	h.Write([]byte(name))
	sum := h.Sum32()
	bg := color.RGBA{uint8(150 + sum%90), uint8(150 + (sum>>8)%90), uint8(150 + (sum>>16)%90), 255}
	fg := color.RGBA{bg.R / 3, bg.G / 3, bg.B / 3, 255}
	fill(tile, tile.Bounds(), bg)
	var initials []rune
	for _, w := range strings.Fields(clean(fs, name)) {
		r := []rune(w)[0]
		if len(initials) < 2 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			initials = append(initials, unicode.ToUpper(r))
		}
	}
	if len(initials) == 0 {
		return
	}
	b := tile.Bounds()
	f := fs.face(fs.bold, float64(min(b.Dx(), b.Dy()))*0.42)
	drawCentered(tile, f, string(initials), 0, b.Dx(), (b.Dy()+capHeight(f))/2, fg)
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func fillRounded(img *image.RGBA, r image.Rectangle, radius int, c color.RGBA) {
	drawRounded(img, r, image.NewUniform(c), image.Point{}, radius)
}

// drawRounded draws src (from sp) over r with rounded corners. Only the
// corner squares go through the mask: image/draw's general path costs an
// interface call and an allocation per pixel, its fast paths none.
func drawRounded(img *image.RGBA, r image.Rectangle, src image.Image, sp image.Point, radius int) {
	radius = min(radius, r.Dx()/2, r.Dy()/2)
	mask := rounded{r, radius}
	in := r.Inset(radius)
	for _, part := range []image.Rectangle{
		image.Rect(r.Min.X, in.Min.Y, r.Max.X, in.Max.Y),  // the middle band, full width
		image.Rect(in.Min.X, r.Min.Y, in.Max.X, in.Min.Y), // between the top corners
		image.Rect(in.Min.X, in.Max.Y, in.Max.X, r.Max.Y), // between the bottom corners
	} {
		draw.Draw(img, part, src, sp.Add(part.Min.Sub(r.Min)), draw.Over)
	}
	for _, c := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, in.Min.X, in.Min.Y), image.Rect(in.Max.X, r.Min.Y, r.Max.X, in.Min.Y),
		image.Rect(r.Min.X, in.Max.Y, in.Min.X, r.Max.Y), image.Rect(in.Max.X, in.Max.Y, r.Max.X, r.Max.Y),
	} {
		draw.DrawMask(img, c, src, sp.Add(c.Min.Sub(r.Min)), mask, c.Min, draw.Over)
	}
}

// rounded is a mask of a rectangle with rounded corners, smoothed over one
// pixel at the edge of each corner.
type rounded struct {
	r      image.Rectangle
	radius int
}

func (m rounded) ColorModel() color.Model { return color.AlphaModel }
func (m rounded) Bounds() image.Rectangle { return m.r }

func (m rounded) At(x, y int) color.Color {
	rad := m.radius
	// The distance from the nearest corner's centre, if in a corner square.
	cx, cy := x, y
	switch {
	case x < m.r.Min.X+rad:
		cx = m.r.Min.X + rad
	case x >= m.r.Max.X-rad:
		cx = m.r.Max.X - rad - 1
	}
	switch {
	case y < m.r.Min.Y+rad:
		cy = m.r.Min.Y + rad
	case y >= m.r.Max.Y-rad:
		cy = m.r.Max.Y - rad - 1
	}
	if cx == x || cy == y {
		return color.Alpha{255}
	}
	dx, dy := float64(x-cx), float64(y-cy)
	d2, r := dx*dx+dy*dy, float64(rad)
	switch {
	case d2 <= (r-1)*(r-1):
		return color.Alpha{255}
	case d2 >= r*r:
		return color.Alpha{0}
	}
	// Linear in the squared distance over the last pixel: close enough.
	return color.Alpha{uint8(255 * (r*r - d2) / (r*r - (r-1)*(r-1)))}
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	// Speed over size: a share card is sent once or twice, drawn on request.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("catalog: share kit: %w", err)
	}
	return buf.Bytes(), nil
}

// Sellable reports whether a variant can be bought now.
func sellable(v lapak.Variant) bool { return v.Unlimited || v.Stock > 0 }

// ShareVariant is the variant of p a share card for sku shows (sku "":
// the first one in stock), and whether p may be shared: not hidden, the
// variant known and in stock.
func ShareVariant(p lapak.Product, sku string) (lapak.Variant, bool) {
	if p.Hidden {
		return lapak.Variant{}, false
	}
	for _, v := range p.Variants {
		if sku == "" && sellable(v) || strings.EqualFold(v.SKU, sku) {
			return v, sellable(v)
		}
	}
	return lapak.Variant{}, false
}

// ShareCatalogProducts are the products a catalog card shows: the first
// MaxCatalogCardItems that are shown and have a variant in stock, in
// catalog order, each with the variant it shows.
func ShareCatalogProducts(ps []lapak.Product) ([]lapak.Product, []lapak.Variant) {
	var out []lapak.Product
	var vs []lapak.Variant
	for _, p := range ps {
		if v, ok := ShareVariant(p, ""); ok {
			out, vs = append(out, p), append(vs, v)
			if len(out) == MaxCatalogCardItems {
				break
			}
		}
	}
	return out, vs
}

// ShareItemOf is the share item of p's variant v (its photo left to the
// caller, who can load it).
func ShareItemOf(p lapak.Product, v lapak.Variant) ShareItem {
	return ShareItem{Name: p.Name, Variant: v.Name, Price: v.Price}
}
