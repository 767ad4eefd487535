package lapak

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// QRIS is a parsed EMVCo merchant-presented QR payload (the text inside a
// QRIS sticker): its top-level data objects, in their order.
type QRIS struct {
	fields []qrisField
}

type qrisField struct {
	tag   string
	value string
}

// QRIS tags Lapak reads or writes.
const (
	qrisTagFormat     = "00" // payload format indicator, always "01"
	qrisTagInitiation = "01" // point of initiation: 11 static, 12 dynamic
	qrisTagAmount     = "54" // transaction amount
	qrisTagCountry    = "58" // country code
	qrisTagMerchant   = "59" // merchant name
	qrisTagCRC        = "63" // CRC-16/CCITT-FALSE of everything before its value
)

// ErrInvalidQRIS is wrapped by every *QRISError.
var ErrInvalidQRIS = errors.New("invalid QRIS payload")

// QRISError says what is wrong with a QRIS payload and where. Pos counts
// characters from 1; Tag is "" when the problem is not inside one tag.
type QRISError struct {
	Tag     string
	Pos     int
	Problem string
}

func (e *QRISError) Error() string {
	var b strings.Builder
	b.WriteString("qris: ")
	if e.Tag != "" {
		b.WriteString("tag " + e.Tag)
		if name := qrisTagName(e.Tag); name != "" {
			b.WriteString(" (" + name + ")")
		}
		if e.Pos > 0 {
			b.WriteString(" at character " + strconv.Itoa(e.Pos))
		}
		b.WriteString(": ")
	} else if e.Pos > 0 {
		b.WriteString("character " + strconv.Itoa(e.Pos) + ": ")
	}
	b.WriteString(e.Problem)
	return b.String()
}

func (e *QRISError) Unwrap() error { return ErrInvalidQRIS }

func qrisTagName(tag string) string {
	switch tag {
	case qrisTagFormat:
		return "payload format"
	case qrisTagInitiation:
		return "point of initiation"
	case qrisTagAmount:
		return "amount"
	case qrisTagCountry:
		return "country code"
	case qrisTagMerchant:
		return "merchant name"
	case qrisTagCRC:
		return "CRC"
	}
	return ""
}

// qrisQuote quotes a value for an error message without repeating a long text.
func qrisQuote(s string) string {
	if utf8.RuneCountInString(s) > 12 {
		s = string([]rune(s)[:12]) + "…"
	}
	return strconv.Quote(s)
}

// ParseQRIS reads a merchant-presented payload: two-digit tag, two-digit
// length counted in characters, value; tag 00 first, tag 63 last with the
// CRC-16/CCITT-FALSE of the UTF-8 bytes before its value. A malformed
// payload or a wrong CRC is a *QRISError naming the tag and the problem.
func ParseQRIS(s string) (QRIS, error) {
	if s == "" {
		return QRIS{}, &QRISError{Problem: "the payload is empty"}
	}
	if !utf8.ValidString(s) {
		// Lengths count characters: broken UTF-8 has no honest count.
		return QRIS{}, &QRISError{Problem: "the payload is not valid UTF-8 text"}
	}
	r := []rune(s)
	var q QRIS
	seen := map[string]bool{}
	crcPos := 0 // character where tag 63 starts, 0 if none
	for i := 0; i < len(r); {
		pos := i + 1
		if len(r)-i < 4 {
			return QRIS{}, &QRISError{Pos: pos, Problem: fmt.Sprintf("the payload ends inside a tag and length (%d characters left, 4 needed)", len(r)-i)}
		}
		tag, length := string(r[i:i+2]), string(r[i+2:i+4])
		if !twoDigits(tag) {
			return QRIS{}, &QRISError{Pos: pos, Problem: fmt.Sprintf("tag %q is not two digits", tag)}
		}
		if !twoDigits(length) {
			return QRIS{}, &QRISError{Tag: tag, Pos: pos, Problem: fmt.Sprintf("length %q is not two digits", length)}
		}
		n, _ := strconv.Atoi(length)
		if n == 0 {
			return QRIS{}, &QRISError{Tag: tag, Pos: pos, Problem: "length 00: the value is empty"}
		}
		if left := len(r) - i - 4; n > left {
			return QRIS{}, &QRISError{Tag: tag, Pos: pos, Problem: fmt.Sprintf("length %d runs past the end of the payload (%d characters left)", n, left)}
		}
		if seen[tag] {
			return QRIS{}, &QRISError{Tag: tag, Pos: pos, Problem: "appears twice"}
		}
		seen[tag] = true
		if crcPos > 0 {
			return QRIS{}, &QRISError{Tag: qrisTagCRC, Pos: crcPos, Problem: "is not the last field"}
		}
		if tag == qrisTagCRC {
			crcPos = pos
		}
		q.fields = append(q.fields, qrisField{tag: tag, value: string(r[i+4 : i+4+n])})
		i += 4 + n
	}
	if first := q.fields[0]; first.tag != qrisTagFormat {
		return QRIS{}, &QRISError{Tag: first.tag, Pos: 1, Problem: "the payload must start with tag 00 (payload format)"}
	} else if first.value != "01" {
		return QRIS{}, &QRISError{Tag: qrisTagFormat, Pos: 1, Problem: fmt.Sprintf("value %s, want \"01\"", qrisQuote(first.value))}
	}
	if v, ok := q.Value(qrisTagInitiation); ok && v != "11" && v != "12" {
		return QRIS{}, &QRISError{Tag: qrisTagInitiation, Problem: fmt.Sprintf("value %s, want 11 (static) or 12 (dynamic)", qrisQuote(v))}
	}
	if _, ok := q.Value(qrisTagCountry); !ok {
		return QRIS{}, &QRISError{Tag: qrisTagCountry, Problem: "is missing"}
	}
	if crcPos == 0 {
		return QRIS{}, &QRISError{Tag: qrisTagCRC, Problem: "is missing (it must be the last field)"}
	}
	crc := q.fields[len(q.fields)-1].value
	if n := utf8.RuneCountInString(crc); n != 4 {
		return QRIS{}, &QRISError{Tag: qrisTagCRC, Pos: crcPos, Problem: fmt.Sprintf("length %02d, want 04", n)}
	}
	// Hex digits are ASCII, so the CRC is the payload's last 4 bytes.
	got, err := strconv.ParseUint(crc, 16, 16)
	if err != nil {
		return QRIS{}, &QRISError{Tag: qrisTagCRC, Pos: crcPos, Problem: fmt.Sprintf("%s is not 4 hex digits", qrisQuote(crc))}
	}
	want := CRC16CCITT([]byte(s[:len(s)-4]))
	if uint16(got) != want {
		return QRIS{}, &QRISError{Tag: qrisTagCRC, Pos: crcPos,
			Problem: fmt.Sprintf("the payload says %s but its content gives %04X (a character was changed, added or lost)", strings.ToUpper(crc), want)}
	}
	return q, nil
}

func twoDigits(s string) bool {
	return len(s) == 2 && s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9'
}

// Value returns the value of a top-level tag such as "59" (merchant name).
func (q QRIS) Value(tag string) (string, bool) {
	for _, f := range q.fields {
		if f.tag == tag {
			return f.value, true
		}
	}
	return "", false
}

// MerchantName is the name printed on the seller's QRIS (tag 59).
func (q QRIS) MerchantName() string {
	v, _ := q.Value(qrisTagMerchant)
	return v
}

// Dynamic returns the payload for one payment of amount: point of
// initiation 12, the amount in tag 54 just before tag 58, the other tags in
// their order, and a fresh CRC in tag 63. The fields are rebuilt from the
// parse, never by replacing text, so a "54" inside another value is safe.
func (q QRIS) Dynamic(amount Money) (string, error) {
	if amount < 1 || amount > MaxMoney {
		return "", &QRISError{Tag: qrisTagAmount, Problem: fmt.Sprintf("amount %s is out of range (Rp1 to %s)", amount, MaxMoney)}
	}
	if _, ok := q.Value(qrisTagCountry); !ok {
		return "", &QRISError{Tag: qrisTagCountry, Problem: "is missing, so the amount has no place"}
	}
	_, hasInitiation := q.Value(qrisTagInitiation)
	var b strings.Builder
	for _, f := range q.fields {
		switch f.tag {
		case qrisTagAmount, qrisTagCRC:
			continue
		case qrisTagInitiation:
			f.value = "12"
		case qrisTagCountry:
			writeQRISField(&b, qrisTagAmount, amount.Digits())
		}
		writeQRISField(&b, f.tag, f.value)
		if f.tag == qrisTagFormat && !hasInitiation {
			// Tag 01 is optional in EMVCo; a payment with an amount needs it.
			writeQRISField(&b, qrisTagInitiation, "12")
		}
	}
	b.WriteString(qrisTagCRC + "04")
	return b.String() + fmt.Sprintf("%04X", CRC16CCITT([]byte(b.String()))), nil
}

func writeQRISField(b *strings.Builder, tag, value string) {
	fmt.Fprintf(b, "%s%02d%s", tag, utf8.RuneCountInString(value), value)
}

// CRC16CCITT is CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection,
// no final xor), the checksum of QRIS payloads: "123456789" gives 0x29B1.
func CRC16CCITT(data []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range data {
		crc ^= uint16(c) << 8
		for range 8 {
			if crc&0x8000 != 0 {
				crc = crc<<1 ^ 0x1021
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// QRISImagePrefix starts the lapak.Outbound.Image reference of a QR code to
// draw: "qris:" followed by the payload the picture must carry.
const QRISImagePrefix = "qris:"
