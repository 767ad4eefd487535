package understand

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// Form is a pasted order form ("format order"): labelled lines in any
// order and spelling. Empty fields were not given.
type Form struct {
	Name    string
	Phone   string // 62… digits; see PhoneBad
	Address string // the lines of the address joined with ", "
	// PhoneBad: a phone line was given but holds no Indonesian mobile number.
	PhoneBad bool
	// Delivery is the "Pengiriman"/"Kurir" value as typed ("JNE REG",
	// "ambil sendiri", "Jabodetabek"); Pickup when it says pick up.
	Delivery string
	Pickup   bool
	Payment  lapak.PaymentMethod
	Note     string
	Items    []Item
}

type formField int

const (
	fieldNone formField = iota
	fieldName
	fieldPhone
	fieldAddress
	fieldAddressPart
	fieldItems
	fieldQty
	fieldVariant
	fieldCourier
	fieldDelivery
	fieldPayment
	fieldNote
	fieldIgnore // "Total", "Ongkir": copied lines that say nothing new
	// The buyer's name and phone ("Nama pemesan"): the recipient's when
	// the form names no other.
	fieldBuyer
	fieldBuyerPhone
)

// formLabels are the labels of order forms, normalized.
var formLabels = func() map[string]formField {
	m := map[string]formField{}
	add := func(f formField, labels ...string) {
		for _, l := range labels {
			m[Normalize(l)] = f
		}
	}
	add(fieldName, "nama", "nama lengkap", "nama penerima", "penerima", "atas nama", "a.n", "an", "nama pemesan", "pemesan", "name",
		"recipient", "nama customer", "nama pembeli", "full name", "receiver", "nama kamu", "nama anda", "nama lengkap penerima",
		"nama penerima paket", "nama dan", "recipient name", "your name", "customer", "pembeli", "nama konsumen", "nm", "nama pengirim dropship",
		"nami", "nami penerima", "asma", "jeneng", "kepada", "kpd", "yth", "kepada yth", "to", "ship to", "untuk")
	add(fieldPhone, "no hp", "nomor hp", "hp", "no wa", "nomor wa", "wa", "whatsapp", "no whatsapp", "telp", "telepon", "no telp",
		"nomor telepon", "no telepon", "tlp", "no tlp", "kontak", "no kontak", "phone", "no", "nomor", "hp wa", "no hp wa", "wa hp",
		"no wa hp", "handphone", "no handphone", "nomor handphone", "phone number", "contact", "mobile", "tel", "telpon", "no telpon",
		"hp penerima", "no hp penerima", "wa penerima", "no penerima", "nomor penerima", "no telp penerima", "nomor whatsapp", "nmr hp",
		"nmr wa", "no hp aktif", "nomor hp aktif", "no telp hp", "telp hp", "no hp whatsapp", "nomer hp", "nomer wa", "no tlpn", "tlpn",
		"whatsapp number", "wa number", "mobile number", "no hp/wa", "cp", "no cp")
	add(fieldAddress, "alamat", "alamat lengkap", "alamat pengiriman", "alamat kirim", "alamat rumah", "alamat penerima", "address",
		"dikirim ke", "kirim ke", "alamat tujuan", "tujuan", "shipping address", "delivery address", "full address", "alamat lengkap penerima",
		"alamat detail", "detail alamat", "alamat kantor", "alamat antar", "diantar ke", "antar ke", "lokasi", "alamat pengantaran")
	add(fieldAddressPart, "kecamatan", "kec", "kelurahan", "kel", "desa", "kota", "kabupaten", "kab", "kota kab", "kab kota", "provinsi",
		"prov", "kode pos", "kodepos", "kd pos", "rt rw", "rt", "rw", "patokan", "blok", "city", "district", "province", "postal code",
		"zip", "zip code", "postcode", "kel desa", "desa kel", "kec kab", "kota kabupaten", "kota/kab", "kelurahan desa", "provinsi kota",
		"kota provinsi", "kecamatan kota", "kec kota", "no rumah", "nomor rumah", "jalan", "jl", "rt/rw", "dusun", "kampung", "perumahan",
		"ancer ancer", "ancer2", "landmark", "kota/kabupaten", "kode pos kota", "propinsi")
	add(fieldItems, "pesanan", "order", "orderan", "pesan", "produk", "barang", "item", "items", "beli", "list order", "daftar pesanan",
		"detail pesanan", "isi pesanan", "order list", "pesanannya", "produk yang dipesan", "yang dipesan", "menu", "nama barang",
		"nama produk", "product", "products", "list pesanan", "rincian pesanan", "detail order", "orderan saya", "pesanan saya", "mau pesan",
		"mau order", "pesan apa", "order apa", "jenis", "jenis produk", "produk pesanan", "daftar belanja", "belanja", "orderannya",
		"pesen", "pesenan")
	add(fieldQty, "jumlah", "qty", "quantity", "banyaknya", "jml", "total item", "jumlah pesanan", "jumlah barang", "jumlah order", "pcs")
	add(fieldVariant, "varian", "rasa", "level", "ukuran", "size", "flavor", "variant", "pilihan", "tipe", "type")
	add(fieldCourier, "ekspedisi", "kurir", "kirim via", "jasa kirim", "jasa pengiriman", "expedisi", "courier", "via", "kurir pengiriman",
		"pengiriman via", "jasa ekspedisi", "ekspedisi pengiriman", "pakai kurir", "pilihan kurir")
	add(fieldDelivery, "pengiriman", "metode pengiriman", "pengambilan", "delivery", "cara kirim", "dikirim atau diambil", "opsi pengiriman",
		"shipping", "ambil kirim", "kirim ambil", "dikirim diambil", "diambil dikirim", "metode kirim", "cara pengiriman", "pickup delivery",
		"delivery method", "shipping method", "kirim", "diambil", "zona", "zona pengiriman", "area pengiriman")
	add(fieldPayment, "pembayaran", "bayar", "metode bayar", "metode pembayaran", "pembayaran via", "payment", "bayar via", "cara bayar",
		"payment method", "cara pembayaran", "pembayaran pakai", "bayar pakai", "metode", "transfer", "pay", "pay with", "payment via",
		"jenis pembayaran", "sistem pembayaran", "via pembayaran")
	add(fieldNote, "catatan", "note", "notes", "keterangan", "ket", "pesan tambahan", "request", "catatan tambahan", "ket tambahan",
		"permintaan", "keterangan tambahan", "note tambahan", "catatan untuk penjual", "catatan penjual", "remarks", "remark", "notes for seller")
	add(fieldIgnore, "total", "subtotal", "sub total", "ongkir", "ongkos kirim", "harga", "total harga", "total bayar", "grand total",
		"tanggal", "tgl", "tanggal kirim", "tanggal pengiriman", "jam", "waktu", "date", "dropshipper", "dropship", "pengirim", "nama pengirim",
		"no pengirim", "hp pengirim", "email", "e mail", "instagram", "ig", "kode promo", "voucher", "promo", "referral", "kode referral")
	return m
}()

// shortLabels are the one-word labels a short or misspelt label may mean.
var shortLabels = []string{"nama", "alamat", "pesanan", "pembayaran", "penerima", "catatan", "jumlah", "kecamatan", "kelurahan",
	"ekspedisi", "pengiriman", "telepon", "whatsapp", "handphone", "kurir", "kota", "provinsi", "keterangan"}

// noColonLabels may stand without ":" when a value follows: "No HP 0812…".
var noColonLabels = WordSet("no hp", "nomor hp", "hp", "no wa", "wa", "telp", "no telp", "whatsapp", "alamat", "alamat lengkap",
	"nama", "nama penerima", "nama lengkap", "pesanan", "order", "kecamatan", "kec", "kelurahan", "kel", "kota", "kab", "kabupaten",
	"provinsi", "prov", "kode pos", "kodepos", "ekspedisi", "kurir", "pembayaran", "catatan", "jumlah", "penerima", "atas nama",
	"kirim via", "via", "bayar", "bayar via", "bayar pakai", "pesan", "jasa kirim", "note", "ket", "keterangan", "metode pembayaran",
	"pengiriman", "alamat pengiriman", "no hp wa", "hp wa", "kontak", "orderan", "beli")

// formLine is one labelled line, or a line continuing the field before it.
type formLine struct {
	field formField
	value string
	label bool   // the line had a label
	colon bool   // …followed by ":" or "="
	name  string // the label as typed ("Kec.")
}

// readForm reads a pasted order form: at least two labelled fields, one
// of them name, phone or address (a form says who and where).
func readForm(text string, ix *Index, c Context) (Form, bool) {
	if !strings.Contains(text, "\n") && strings.Count(text, ":") < 2 && strings.Count(text, ",") < 2 && splitAtLabels(text) == nil {
		return readOneLine(text, ix, c)
	}
	var lines []formLine
	kinds := map[formField]bool{}
	colons := 0
	for _, raw := range splitFormLines(text) {
		l := parseFormLine(raw)
		if l.label {
			kinds[l.field] = true
			if l.colon {
				colons++
			}
		}
		lines = append(lines, l)
	}
	who := kinds[fieldName] || kinds[fieldPhone] || kinds[fieldAddress] || kinds[fieldBuyer]
	fields := 0
	for k := range kinds {
		if k != fieldIgnore && k != fieldAddressPart {
			fields++
		}
	}
	if !who || fields < 2 {
		return readLooseForm(text, ix, c)
	}
	// Without colons only phone labels stand by themselves; a message of
	// loose words ("nama saya Dwi, alamat di Depok") is not a form.
	if colons == 0 && len(lines) < 3 {
		return Form{}, false
	}
	var f Form
	var items, loose []string
	var address []string
	var phoneText, buyer, buyerPhone string
	cur := fieldNone
	for _, l := range lines {
		if l.label {
			cur = l.field
		}
		v := strings.TrimSpace(l.value)
		if !l.label && v != "" && pickupWords(v) && !strings.ContainsAny(v, "0123456789") && cur != fieldAddress && cur != fieldNote {
			f.Pickup = true // "Ambil di toko ya kak", wherever it stands
			cur = fieldNone
			continue
		}
		if !l.label && v == "" {
			if cur != fieldItems {
				cur = fieldNone // a blank line ends an address or a note
			}
			continue
		}
		switch cur {
		case fieldName:
			if p, s, e, ok := FindPhone(v); ok {
				phoneText += "\n" + p // "Dodi Hermawan (0813-6262-7171)"
				v = v[:s] + v[e:]
			}
			if f.Name == "" && v != "" {
				f.Name = Name(v)
			}
			if !l.label {
				cur = fieldNone
			}
		case fieldPhone:
			if l.label || strings.ContainsAny(v, "0123456789") {
				phoneText += "\n" + v
			} else if v != "" {
				loose = append(loose, v)
			}
			if !l.label {
				cur = fieldNone
			}
		case fieldAddress:
			if v != "" {
				address = append(address, v)
			}
		case fieldAddressPart:
			if v != "" {
				if l.label && !strings.Contains(strings.ToLower(v), strings.ToLower(strings.TrimRight(l.name, "."))) {
					v = l.name + " " + v // "Kec: Beji" -> "Kec Beji"
				}
				address = append(address, v)
			}
			if !l.label {
				cur = fieldNone
			}
		case fieldItems:
			if v != "" {
				items = append(items, v)
			}
		case fieldQty:
			if v != "" {
				items = append(items, "\x01"+v) // a count for the item before
			}
			cur = fieldNone
		case fieldVariant:
			if v != "" {
				items = append(items, "\x02"+v) // words for the item before
			}
			cur = fieldNone
		case fieldCourier, fieldDelivery:
			if v != "" {
				f.Delivery = strings.TrimSpace(f.Delivery + " " + v)
			}
			cur = fieldNone
		case fieldPayment:
			if v != "" && f.Payment == "" {
				f.Payment = paymentIn(v)
			}
			cur = fieldNone
		case fieldNote:
			if v != "" {
				f.Note = strings.TrimSpace(f.Note + " " + v)
			}
		case fieldIgnore:
			cur = fieldNone
		case fieldBuyer:
			buyer, cur = v, fieldNone
		case fieldBuyerPhone:
			buyerPhone, cur = v, fieldNone
		default:
			switch {
			case pickupWords(v) && !strings.ContainsAny(v, "0123456789"):
				f.Pickup = true // "Ambil di toko ya kak"
			case f.Payment == "" && paymentIn(v) != "" && len(Tokens(v)) <= 3:
				f.Payment = paymentIn(v) // "Transfer ya"
			case v != "":
				loose = append(loose, v)
			}
		}
	}
	if f.Name == "" && buyer != "" {
		f.Name = Name(buyer)
	}
	if phoneText == "" {
		phoneText = buyerPhone
	}
	if phoneText != "" {
		for _, l := range strings.Split(phoneText, "\n") {
			if p, _, _, ok := FindPhone(l); ok && f.Phone == "" {
				f.Phone = p
			}
		}
		if f.Phone == "" && strings.TrimSpace(phoneText) != "" {
			f.PhoneBad = true
		}
	}
	if len(address) > 0 {
		f.Address = Address(strings.Join(address, ", "))
	}
	f.Pickup = f.Pickup || pickupWords(f.Delivery)
	f.Items = formItems(items, ix, c)
	if len(f.Items) == 0 && len(loose) > 0 {
		// A form without a "Pesanan" label: the loose lines that name products.
		for _, it := range readItems(lex(strings.Join(loose, "\n")), ix, c) {
			if it.Match.Found() {
				f.Items = append(f.Items, it)
			}
		}
	}
	return f, true
}

// splitFormLines splits a form into lines; a message typed on one line
// with labels ("Nama: Dwi, HP: 0812…, Alamat: …") is split before each label.
func splitFormLines(text string) []string {
	if strings.Contains(text, "\n") {
		return strings.Split(text, "\n")
	}
	if lines := splitAtLabels(text); lines != nil {
		return lines
	}
	var out []string
	for _, part := range strings.Split(text, ",") {
		if l := parseFormLine(part); l.label && (l.colon || l.field != fieldAddressPart) || len(out) == 0 {
			out = append(out, part)
		} else {
			out[len(out)-1] += "," + part
		}
	}
	return out
}

// splitAtLabels splits a form typed on one line without colons or commas
// before each label: "Nama Siti No HP 0856… Alamat Jl Kartini 17 Pesanan
// basreng 5". It needs the message to open with a label and three labels
// of different fields, so a sentence with "pesan" in it is no form.
func splitAtLabels(text string) []string {
	words := strings.Fields(text)
	var lines []string
	fields := map[formField]bool{}
	start := 0
	for i := 0; i < len(words); i++ {
		for n := min(3, len(words)-i); n >= 1; n-- {
			label := Normalize(strings.Join(words[i:i+n], " "))
			f, ok := formLabels[label]
			if !ok || !noColonLabels[label] || f == fieldAddressPart || fields[f] {
				continue
			}
			if i > start {
				lines = append(lines, strings.Join(words[start:i], " "))
			}
			fields[f], start = true, i
			i += n - 1
			break
		}
		if i == 0 && len(fields) == 0 {
			return nil // not opened by a label
		}
	}
	lines = append(lines, strings.Join(words[start:], " "))
	if len(fields) < 3 {
		return nil
	}
	return lines
}

// parseFormLine reads "Nama Penerima : Dwi Lestari", "*No. HP*: 0812…",
// "1. Alamat = …". A line without a known label continues the field before.
func parseFormLine(raw string) formLine {
	s := cleanFormLine(raw)
	if s == "" {
		return formLine{}
	}
	// "Label: value", "Label = value", "Label - value".
	if i := strings.IndexAny(s, ":="); i > 0 && i <= 40 {
		label := Normalize(strings.Trim(s[:i], " *_~.-"))
		label = strings.TrimSpace(stripParens(label))
		if f, ok := lookupLabel(label); ok {
			return formLine{field: f, value: strings.TrimSpace(strings.Trim(s[i+1:], " *_~")), label: true, colon: true,
				name: strings.TrimSpace(strings.Trim(s[:i], " *_~"))}
		}
	}
	if i := strings.Index(s, " - "); i > 0 && i <= 30 {
		if f, ok := lookupLabel(Normalize(s[:i])); ok {
			return formLine{field: f, value: strings.TrimSpace(s[i+3:]), label: true, colon: true, name: strings.TrimSpace(s[:i])}
		}
	}
	// "No HP 0812…", "Alamat Jl. Mawar 1": a label and its value without ":".
	words := strings.Fields(s)
	for n := min(4, len(words)-1); n >= 1; n-- {
		label := Normalize(strings.Join(words[:n], " "))
		if !noColonLabels[label] {
			continue
		}
		f := formLabels[label]
		value := strings.Join(words[n:], " ")
		if f == fieldPhone && !strings.ContainsAny(value, "0123456789") {
			continue
		}
		return formLine{field: f, value: value, label: true, name: strings.Join(words[:n], " ")}
	}
	return formLine{value: s}
}

// lookupLabel finds a label, allowing a trailing word ("Alamat lengkap
// rumah", "No HP aktif") and "nya" ("alamatnya").
func lookupLabel(label string) (formField, bool) {
	if lw := strings.Fields(label); has(lw, "pengirim", "dropshipper", "dropship", "sender", "dari", "from") && len(lw) > 1 || label == "dari" || label == "from" {
		return fieldIgnore, true // a dropshipper's own name and number: not the recipient's
	}
	if lw := strings.Fields(label); has(lw, "pemesan", "pembeli") {
		// The buyer: the recipient too, unless the form names one.
		if has(lw, "nama") || len(lw) == 1 {
			return fieldBuyer, true
		}
		return fieldBuyerPhone, true
	}
	if f, ok := formLabels[label]; ok {
		return f, true
	}
	if t := strings.TrimSuffix(label, "nya"); t != label {
		if f, ok := formLabels[t]; ok {
			return f, true
		}
	}
	if !strings.Contains(label, " ") {
		// "nma", "almt", "psnan", "pmbyrn": a label typed short.
		for _, l := range shortLabels {
			if abbreviates(label, l) && len(label) >= 3 || len(label) >= 5 && Similar(label, l) {
				return formLabels[l], true
			}
		}
	}
	ws := strings.Fields(label)
	for n := len(ws) - 1; n >= 1; n-- {
		// "Alamat lengkap rumah", "Nomor yang bisa dihubungi": a label and
		// a few more words.
		if f, ok := formLabels[strings.Join(ws[:n], " ")]; ok && len(ws)-n <= 4 && f != fieldIgnore {
			return f, true
		}
	}
	return fieldNone, false
}

func stripParens(s string) string {
	if i := strings.IndexAny(s, "(["); i > 0 {
		return s[:i]
	}
	return s
}

// cleanFormLine drops bullets, numbering, emoji and WhatsApp formatting
// around a line: "1. *Nama*", "👤 Nama", "- Alamat".
func cleanFormLine(raw string) string {
	s := strings.TrimSpace(StripInvisible(raw))
	s = strings.TrimLeftFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '('
	})
	// "1. Nama", "2) Alamat", "a. Nama".
	if i := strings.IndexAny(s, ".)"); i > 0 && i <= 2 && i+1 < len(s) && s[i+1] == ' ' {
		if AllDigits(s[:i]) || i == 1 && unicode.IsLetter(rune(s[0])) && strings.IndexAny(s[i+1:], ":=") > 0 {
			s = strings.TrimSpace(s[i+1:])
		}
	}
	return strings.TrimSpace(strings.ReplaceAll(s, "*", ""))
}

// formItems reads the items of a form's Pesanan field, with Jumlah and
// Varian lines given apart.
func formItems(lines []string, ix *Index, c Context) []Item {
	var text []string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "\x01"):
			if len(text) > 0 {
				text[len(text)-1] += " " + l[1:]
			} else {
				text = append(text, l[1:])
			}
		case strings.HasPrefix(l, "\x02"):
			if len(text) > 0 {
				text[len(text)-1] += " " + l[1:]
			}
		default:
			text = append(text, l)
		}
	}
	var out []Item
	for _, it := range readItems(lex(strings.Join(text, "\n")), ix, c) {
		if len(it.Match.Words) > 0 {
			out = append(out, it)
		}
	}
	return out
}

// paymentIn reads a payment method from a form's value or an answer.
func paymentIn(s string) lapak.PaymentMethod {
	ws := Tokens(s)
	for _, w := range ws {
		if pm, ok := paymentNames[canon(w)]; ok {
			return pm
		}
		if pm, ok := paymentNames[w]; ok {
			return pm
		}
	}
	if hasSeq(ws, "bayar", "di", "tempat") || hasSeq(ws, "bayar", "ditempat") {
		return lapak.PayCOD
	}
	return ""
}

// PaymentIn reads a payment method named in text ("transfer BCA", "cod aja").
func PaymentIn(s string) lapak.PaymentMethod { return paymentIn(s) }

// pickupWords: "ambil sendiri", "pickup", "ambil di toko".
func pickupWords(s string) bool {
	ws := Tokens(s)
	return has(ws, "pickup", "pick", "ambil", "diambil", "ambl", "self", "sendiri") && !has(ws, "kirim", "dikirim", "kurir", "gojek", "grab")
}

// PickupWords reports whether text asks to pick the order up.
func PickupWords(s string) bool { return pickupWords(s) }

// Titles before a name: "Bu Rina", "Pak Joko", "Mbak Laras".
var nameTitles = WordSet("bu", "ibu", "pak", "bapak", "mbak", "mba", "mas", "kak", "kakak", "bang", "abang", "sdr", "sdri", "saudara",
	"saudari", "tn", "ny", "nn", "mr", "mrs", "ms", "miss", "om", "tante", "teh", "aa", "akang", "neng", "dek", "bpk", "ibuk", "bund",
	"bunda", "jeng", "cik", "koh", "ci", "ko", "uda", "uni", "cak", "ning", "madam", "sir")

// namePrefixes are the words before a name: "nama saya", "atas nama".
var namePrefixes = []string{"ibu saya", "bapak saya", "ayah saya", "suami saya", "istri saya", "anak saya", "adik saya", "kakak saya",
	"teman saya", "mama saya", "mamah saya", "papa saya", "nama saya adalah", "nama saya", "namaku", "nama aku", "nama penerimanya", "nama penerima", "namanya",
	"atas nama", "a n", "an", "nama", "saya", "aku", "penerimanya", "penerima", "my name is", "my name s", "name is", "name", "i am",
	"im", "i m", "this is", "it s", "its", "ini", "buat", "untuk", "kirim ke", "dengan", "sama", "gue", "gw", "sy", "ak", "pakai nama",
	"pake nama", "tulis", "ditulis", "the name is", "recipient is", "recipient", "namanya adalah", "nama lengkap", "nama lengkapnya",
	"nama lengkap saya", "yang nerima", "yang terima", "nerima", "a/n", "an.", "nami kula", "nami", "asma kula", "jeneng kula",
	"jenengku", "jeneng", "nami abdi", "wasta abdi", "kula", "abdi"}

// nameTail are chat words after a name: "Dwi ya kak".
var nameTail = WordSet("kak", "ka", "kk", "min", "gan", "sis", "ya", "yah", "aja", "saja", "dong", "deh", "nih", "makasih", "thanks",
	"hehe", "hehehe", "hihi", "haha", "wkwk", "nggih", "njih", "yo", "ok", "kakak", "mbak", "mas", "teh", "kang",
	"thx", "please", "pls", "ok", "oke", "sip", "ya kak", "kakak", "bos", "say", "yaa", "yaaa", "mas", "mbak", "bang", "terima kasih")

// Name cleans a recipient name as people write it: "nama saya Dwi
// Lestari" -> "Dwi Lestari", "atas nama Bu Rina" -> "Rina", "a.n. Putri"
// -> "Putri", "Nama lengkap: Muhammad Rizki", "penerimanya ibu saya, Sri
// Wahyuni" -> "Sri Wahyuni". A name typed all in lower or upper case is
// capitalised.
func Name(s string) string {
	s = strings.TrimSpace(StripInvisible(s))
	// "Nama lengkap: X", "ok kak, nama X": what follows a label or a
	// leading remark.
	if i := strings.LastIndexAny(s, ":="); i >= 0 && len(strings.Fields(s[:i])) <= 4 && strings.TrimSpace(s[i+1:]) != "" {
		s = s[i+1:]
	}
	if i := strings.LastIndex(s, ","); i >= 0 {
		before, after := s[:i], strings.TrimSpace(s[i+1:])
		if after != "" && nameish(after) && !nameish(before) {
			s = after
		}
	}
	s = strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	words := strings.Fields(strings.NewReplacer(",", " ", ":", " ", "=", " ", "!", " ", "?", " ", "(", " ", ")", " ").Replace(s))
	low := func(i int) string { return Normalize(words[i]) }
	// Prefixes: the longest first, several in a row ("ok kak nama saya Dwi").
	for changed := true; changed && len(words) > 1; {
		changed = false
		if w := low(0); nameLead[w] || w == "a n" || w == "a/n" {
			words, changed = words[1:], true
			continue
		}
		for _, p := range namePrefixes {
			pw := strings.Fields(p)
			if len(pw) >= len(words) {
				continue
			}
			ok := true
			for j, w := range pw {
				if low(j) != w {
					ok = false
					break
				}
			}
			if ok {
				words, changed = words[len(pw):], true
				break
			}
		}
	}
	for len(words) > 1 && nameTail[Normalize(words[len(words)-1])] {
		words = words[:len(words)-1]
	}
	if len(words) > 1 && nameTitles[Normalize(words[0])] {
		words = words[1:]
	}
	name := strings.Trim(strings.Join(words, " "), " .,-")
	if name == strings.ToLower(name) || name == strings.ToUpper(name) && utf8.RuneCountInString(name) > 3 {
		name = titleCase(name)
	}
	return name
}

// nameish reports a short run of words that could be a name: letters only,
// one to five words, none of them chat words.
func nameish(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 || len(ws) > 5 || strings.ContainsFunc(s, unicode.IsDigit) {
		return false
	}
	for _, w := range ws {
		n := Normalize(w)
		if nameLead[n] || fillers[n] && !nameTitles[n] || lightFillers[n] && !nameTitles[n] {
			return false
		}
	}
	return true
}

// nameLead are remarks before a name: "ok kak, nama …", "tulis aja …".
var nameLead = WordSet("ok", "oke", "okay", "iya", "ya", "sip", "siap", "boleh", "baik", "nih", "ini", "kak", "ka", "min", "gan", "sis",
	"tulis", "aja", "saja", "dong", "deh", "nm", "nama", "namanya", "name", "penerima", "penerimanya", "untuk", "buat", "kirim", "ke",
	"sama", "dengan", "tolong", "pakai", "pake", "atas", "adalah", "yaitu", "yakni", "is")

func titleCase(s string) string {
	ws := strings.Fields(strings.ToLower(s))
	for i, w := range ws {
		r, n := utf8.DecodeRuneInString(w)
		ws[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(ws, " ")
}

// addressPrefixes are the words before an address: "alamat:", "kirim ke".
var addressPrefixes = []string{"alamat lengkap saya", "alamat lengkapnya", "alamat lengkap", "alamat saya", "alamat rumah saya",
	"alamat rumah", "alamatnya", "alamatku", "alamat pengiriman", "alamat kirim", "alamat", "tolong kirim ke", "tolong dikirim ke",
	"kirim ke", "dikirim ke", "kirimnya ke", "antar ke", "diantar ke", "my address is", "address is", "address", "ship to",
	"deliver to", "send to", "ini alamatnya", "ini alamat saya", "ke alamat", "di"}

// Address cleans an address as people write it: label words are dropped
// ("alamat: Jl. Mawar 1" -> "Jl. Mawar 1") and lines are joined with ", ".
func Address(s string) string {
	s = StripInvisible(s)
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			parts = append(parts, strings.TrimRight(l, ","))
		}
	}
	s = strings.Join(parts, ", ")
	for {
		trimmed := false
		low := strings.ToLower(s)
		for _, p := range addressPrefixes {
			if strings.HasPrefix(low, p) && len(s) > len(p) {
				rest := s[len(p):]
				if r, _ := utf8.DecodeRuneInString(rest); unicode.IsLetter(r) {
					continue // "alamatnya" is not "alamat" + "nya…"
				}
				s = strings.TrimLeft(rest, " :=-,")
				trimmed = true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	// "…, Depok ya kak": chat words at the end.
	for {
		ws := strings.Fields(s)
		if len(ws) < 2 || !nameTail[Normalize(ws[len(ws)-1])] {
			break
		}
		s = strings.Join(ws[:len(ws)-1], " ")
	}
	return strings.TrimSpace(strings.Trim(s, " ,"))
}

// addressMarkers make a line look like an address.
var addressMarkers = WordSet("jl", "jln", "jalan", "gg", "gang", "rt", "rw", "no", "blok", "blk", "kec", "kecamatan", "kel", "kelurahan",
	"desa", "perum", "perumahan", "komplek", "kompleks", "komp", "dusun", "kampung", "kp", "apartemen", "apt", "tower", "cluster",
	"kav", "kavling", "ruko", "kos", "kost", "asrama", "kota", "kab", "kabupaten", "provinsi")

// readLooseForm reads an order form typed without labels, one thing a
// line: a name, a phone number, an address, the items, the courier and
// payment ("Siti Nurhaliza\n0812-…\nJl. Flamboyan No. 9, Depok\nNastar 1").
func readLooseForm(text string, ix *Index, c Context) (Form, bool) {
	lines := strings.Split(text, "\n")
	if len(lines) == 1 {
		return readOneLine(text, ix, c)
	}
	if len(lines) < 3 {
		return Form{}, false
	}
	var f Form
	phoneAt, addrAt := -1, -1
	for i, l := range lines {
		// Bullets and emoji before a line ("📍 Jl. …", "- nastar 2") go;
		// a heading ("DROPSHIP", "FORMAT ORDER") and a sender's line
		// ("Dari: …") say nothing of the order.
		l = cleanFormLine(l)
		fl := parseFormLine(l)
		switch label, _ := lookupLabel(Normalize(l)); {
		case label == fieldIgnore || strings.HasPrefix(Normalize(l), "format"):
			l = ""
		case fl.label && fl.field == fieldIgnore:
			l = ""
		case fl.label && fl.field == fieldName:
			f.Name, l = Name(fl.value), ""
		}
		lines[i] = l
		if p, s, e, ok := FindPhone(l); ok && phoneAt < 0 && len(strings.Fields(l[:s]+" "+l[e:])) <= 3 {
			f.Phone, phoneAt = p, i
			continue
		}
		ws := Tokens(l)
		marks := 0
		for _, w := range ws {
			if addressMarkers[w] {
				marks++
			}
		}
		if addrAt < 0 && len(ws) >= 3 && (marks >= 1 && strings.ContainsAny(l, "0123456789") || marks >= 2) {
			f.Address, addrAt = Address(l), i
		}
	}
	if addrAt < 0 {
		// "Darto\n0813…\nambil sendiri aja\nnastar 1": picked up, no address.
		for i, l := range lines {
			if i != phoneAt && pickupWords(l) && !strings.ContainsAny(l, "0123456789") {
				addrAt, f.Pickup = i, true
				break
			}
		}
	}
	if phoneAt < 0 || addrAt < 0 {
		return Form{}, false
	}
	// The address may go on over the next lines (kecamatan, kota, kode pos).
	var rest []string
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if i == phoneAt || i == addrAt || l == "" {
			continue
		}
		if f.Name == "" && i < addrAt && looksLikeName(l, ix) {
			f.Name = Name(l)
			continue
		}
		rest = append(rest, l)
	}
	if f.Name == "" {
		// The name may come last ("…\nKomang Ayu\nCOD").
		for i, l := range rest {
			if looksLikeName(l, ix) && paymentIn(l) == "" && !courierWords(l) && !pickupWords(l) {
				f.Name, rest = Name(l), slices.Delete(slices.Clone(rest), i, i+1)
				break
			}
		}
	}
	for _, l := range rest {
		switch {
		case pickupWords(l):
			f.Pickup = true
		case paymentIn(l) != "" && len(Tokens(l)) <= 4:
			f.Payment = paymentIn(l)
			if courierWords(l) {
				f.Delivery = strings.TrimSpace(strings.Split(l, ",")[0])
			}
		case courierWords(l) && len(Tokens(l)) <= 3:
			f.Delivery = l
		default:
			for _, it := range readItems(lex(l), ix, c) {
				if it.Match.Found() {
					f.Items = append(f.Items, it)
				}
			}
		}
	}
	return f, f.Name != "" || len(f.Items) > 0
}

// readOneLine reads the unlabelled form some type on one line: a name, a
// phone number, an address and then the order ("Rudi Hartono 0812… Jl
// Sudirman no 5 Balikpapan pesan sambal roa 1").
func readOneLine(text string, ix *Index, c Context) (Form, bool) {
	p, s, e, ok := FindPhone(text)
	if !ok {
		return Form{}, false
	}
	name := strings.Trim(text[:s], " ,.-")
	if len(strings.Fields(name)) < 2 || !looksLikeName(name, ix) {
		return Form{}, false
	}
	rest := text[e:]
	ws := strings.Fields(rest)
	at := slices.IndexFunc(ws, func(w string) bool { return orderVerbs[Normalize(w)] || alias[Normalize(w)] == "pesan" })
	if at < 0 {
		// No "pesan": the order starts at the first product word after
		// the street ("jl cendrawasih 7 makassar abon sapi 250 2").
		for i := 2; i < len(ws); i++ {
			w := canonical(Normalize(strings.Trim(ws[i], ",.")))
			if w != "" && !AllDigits(w) && !addressMarkers[w] && !ix.unnamed(w) {
				at = i
				break
			}
		}
	}
	if at < 2 {
		return Form{}, false
	}
	addr := strings.Join(ws[:at], " ")
	if !slices.ContainsFunc(Tokens(addr), func(w string) bool { return addressMarkers[w] }) {
		return Form{}, false
	}
	f := Form{Name: Name(name), Phone: p, Address: Address(strings.Trim(addr, " ,"))}
	order := strings.Join(ws[at:], " ")
	f.Payment = paymentIn(order)
	for _, it := range readItems(lex(order), ix, c) {
		if it.Match.Found() {
			f.Items = append(f.Items, it)
		}
	}
	return f, len(f.Items) > 0
}

// looksLikeName: one to five words of letters, no chat words, no product.
func looksLikeName(l string, ix *Index) bool {
	ws := Tokens(l)
	if len(ws) == 0 || len(ws) > 5 || strings.ContainsAny(l, "0123456789:?!") {
		return false
	}
	for _, w := range ws {
		if fillers[w] || Honorifics[w] && !nameTitles[w] || lightFillers[w] || greetWords[w] {
			return false
		}
	}
	return !ix.Search(strings.Fields(l), false).Found()
}

// courierWords: "JNE", "J&T", "SiCepat", "kurir toko".
func courierWords(l string) bool {
	return has(Tokens(l), "jne", "jnt", "j", "sicepat", "anteraja", "pos", "gojek", "grab", "lalamove", "ninja", "idexpres", "tiki",
		"wahana", "lion", "paxel", "shope", "spx", "kurir", "ekspedisi", "reg", "yes", "oke", "gosend", "grabexpres", "maxim", "delivere")
}
