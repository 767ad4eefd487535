package catalog

import (
	"io"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// orderHeaders are the orders file's columns in each language.
var orderHeaders = map[lapak.Language][]string{
	lapak.Indonesian: {"no_pesanan", "tanggal", "pelanggan", "telepon", "kanal", "status", "pembayaran", "barang",
		"subtotal", "diskon", "ongkir", "kode_unik", "total", "kurir", "resi"},
	lapak.English: {"number", "date", "customer", "phone", "channel", "status", "payment", "items",
		"subtotal", "discount", "shipping", "unique_code", "total", "courier", "tracking"},
}

// OrderHeader is the orders file's header in lang (Indonesian when lang is
// neither).
func OrderHeader(lang lapak.Language) []string {
	if h, ok := orderHeaders[lang]; ok {
		return h
	}
	return orderHeaders[lapak.Indonesian]
}

// OrderWriter writes orders for bookkeeping, one row per order with its
// items in one cell, amounts from the order's stored price breakdown.
type OrderWriter struct {
	t    table
	loc  *time.Location
	lang lapak.Language
}

// NewOrderWriter starts an orders file (sheet "Pesanan" in a workbook):
// dates in loc, the shop's time zone, headers and statuses in lang.
func NewOrderWriter(w io.Writer, f Format, loc *time.Location, lang lapak.Language) (*OrderWriter, error) {
	t, err := newTable(w, f, "Pesanan")
	if err != nil {
		return nil, err
	}
	head := OrderHeader(lang)
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = h
	}
	if err := t.row(cells...); err != nil {
		return nil, err
	}
	if loc == nil {
		loc = time.UTC
	}
	return &OrderWriter{t: t, loc: loc, lang: lang}, nil
}

// Write adds one order; c is its customer (for the name when the order
// has no recipient, and the channel).
func (w *OrderWriter) Write(o lapak.Order, c lapak.Customer) error {
	name := o.Recipient
	if name == "" {
		name = c.Name
	}
	items := make([]string, len(o.Items))
	for i, it := range o.Items {
		items[i] = strconv.Itoa(it.Qty) + " x " + it.Title() + " @" + it.UnitPrice.Digits()
	}
	return w.t.row(o.Number, o.CreatedAt.In(w.loc).Format("2006-01-02 15:04"), name, o.Phone, string(c.Channel),
		text.Status(w.lang, o.Status), string(o.PaymentMethod), strings.Join(items, "; "),
		int64(o.Subtotal), int64(o.Discount), int64(o.ShippingFee), int64(o.UniqueCode), int64(o.Total),
		o.Shipment.Courier, o.Shipment.Tracking)
}

// Close finishes the file.
func (w *OrderWriter) Close() error { return w.t.close() }
