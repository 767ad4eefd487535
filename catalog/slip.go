package catalog

// Packing slips: the label a seller prints and tapes on a parcel, with the
// recipient, the sender (the shop, or the reseller of a dropship order, so
// the end customer sees the reseller's name), the courier and its tracking
// number, what is inside, and, for cash on delivery, the amount the
// courier collects. Prices are never on it: a dropship parcel must not
// show what the reseller paid. Drawn black on white for thermal printers.

import (
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The slip is 100×150 mm, the common thermal label, at 203 dpi.
const (
	SlipWidth  = 800
	SlipHeight = 1200
)

// SlipParty is the sender or the recipient on a slip.
type SlipParty struct {
	Name, Phone, Address string
}

// SlipItem is one line of what the parcel holds.
type SlipItem struct {
	Title string // product with its variant (lapak.ItemTitle)
	Qty   int
}

// Slip is one order's packing slip.
type Slip struct {
	Number   string // the order number
	Date     string // as the shop writes dates, e.g. "2 Des 2026"
	From, To SlipParty
	Courier  string // e.g. "JNE REG"; empty before it ships
	Resi     string // the courier's tracking number, if known
	Items    []SlipItem
	// COD is what the courier collects on delivery; 0 for a paid order.
	COD   lapak.Money
	Note  string // the customer's note, if any
	Lang  lapak.Language
	Price lapak.PriceFormat // the shop's price format, for COD
}

var (
	colSlipInk  = color.RGBA{0, 0, 0, 255}
	colSlipBack = color.RGBA{255, 255, 255, 255}
)

// PNG draws the slip as an 800×1200 PNG.
func (s Slip) PNG() ([]byte, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	const w, h, m = SlipWidth, SlipHeight, 32
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), colSlipBack)
	width := w - 2*m
	y := m
	line := func(thick int) {
		y += 14
		fill(img, image.Rect(m, y, w-m, y+thick), colSlipInk)
		y += thick + 18
	}
	write := func(size float64, bold bool, str string, maxLines int) {
		f := fs.regular
		if bold {
			f = fs.bold
		}
		face := fs.face(f, size)
		for _, l := range wrap(face, clean(fs, str), width, maxLines) {
			drawText(img, face, l, m, y+ascent(face), colSlipInk)
			y += lineHeight(face)
		}
	}
	label := func(k text.Key) { write(24, true, text.Get(s.Lang, k), 1) }

	// The order number and date, large enough to read across a table.
	num := fs.face(fs.bold, 44)
	drawText(img, num, ellipsize(num, clean(fs, text.Get(s.Lang, text.SlipOrder, s.Number)), width-200), m, y+ascent(num), colSlipInk)
	if s.Date != "" {
		d := fs.face(fs.regular, 28)
		ds := clean(fs, s.Date)
		drawText(img, d, ds, w-m-measure(d, ds), y+ascent(num), colSlipInk)
	}
	y += lineHeight(num)
	if s.COD > 0 {
		// White on black: the courier must not miss it.
		y += 8
		f := fitFace(fs, fs.bold, text.Get(s.Lang, text.SlipCOD, s.Price.Format(s.COD)), width-40, 46, 28)
		box := image.Rect(m, y, w-m, y+lineHeight(f)+24)
		fill(img, box, colSlipInk)
		drawCentered(img, f, clean(fs, text.Get(s.Lang, text.SlipCOD, s.Price.Format(s.COD))), box.Min.X, box.Max.X,
			box.Min.Y+(box.Dy()+capHeight(f))/2, colSlipBack)
		y = box.Max.Y
	}
	if s.Courier != "" || s.Resi != "" {
		y += 10
		courier := s.Courier
		if s.Resi != "" {
			courier = text.Get(s.Lang, text.SlipResi, s.Courier, s.Resi)
		}
		write(32, true, courier, 2)
	}
	line(6)

	label(text.SlipTo)
	write(46, true, s.To.Name, 2)
	if s.To.Phone != "" {
		write(38, true, s.To.Phone, 1)
	}
	if s.To.Address != "" {
		y += 6
		write(32, false, s.To.Address, 6)
	}
	line(3)

	label(text.SlipFrom)
	write(34, true, s.From.Name, 2)
	if s.From.Phone != "" {
		write(30, false, s.From.Phone, 1)
	}
	if s.From.Address != "" {
		write(26, false, s.From.Address, 3)
	}
	line(3)

	// What is inside, as many lines as the label has room for.
	label(text.SlipItems)
	item := fs.face(fs.regular, 30)
	room := (h - m - y) / lineHeight(item)
	if s.Note != "" {
		room -= 2
	}
	room = max(room, 1)
	for i, it := range s.Items {
		if len(s.Items) > room && i == room-1 {
			write(30, true, text.Get(s.Lang, text.SlipMore, len(s.Items)-i), 1)
			break
		}
		write(30, false, strconv.Itoa(it.Qty)+" × "+it.Title, 1)
	}
	if s.Note != "" {
		y += 8
		write(26, false, text.Get(s.Lang, text.SlipNote, s.Note), 2)
	}
	return encodePNG(img)
}

// SlipFor is order o's slip as the shop sends it: the shop as the sender
// (its name and pickup address), the recipient, courier and items; what
// the courier collects for a cash-on-delivery order not yet done. A
// dropship order replaces From with the reseller.
func SlipFor(o lapak.Order, shop lapak.Shop) Slip {
	loc := shop.Location
	if loc == nil {
		loc = time.UTC
	}
	d := o.CreatedAt.In(loc)
	month := d.Month().String()[:3]
	if months := strings.Fields(text.Get(shop.Language, text.Months)); len(months) == 12 {
		month = months[d.Month()-1]
	}
	s := Slip{
		Number:  o.Number,
		Date:    fmt.Sprintf("%d %s %d", d.Day(), month, d.Year()),
		From:    SlipParty{Name: shop.Name, Address: shop.PickupAddress},
		To:      SlipParty{Name: o.Recipient, Phone: o.Phone, Address: o.Address},
		Courier: o.Shipment.Courier,
		Resi:    o.Shipment.Tracking,
		Note:    o.Note,
		Lang:    shop.Language,
		Price:   shop.Price,
	}
	for _, it := range o.Items {
		s.Items = append(s.Items, SlipItem{Title: it.Title(), Qty: it.Qty})
	}
	if o.PaymentMethod == lapak.PayCOD && o.Status != lapak.StatusCompleted {
		s.COD = o.Total
	}
	return s
}
