package catalog

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

var testKit = ShareKit{
	Shop: "Dapur Bu Sari",
	Code: "SARI",
	Link: "https://t.me/LapakDemoBot?start=ref_SARI-p_NST-500",
}

// photo makes a product photo of w×h: a warm gradient with a dark disc in
// the middle, so a crop or a squash shows in the samples.
func photo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cx, cy, r := w/2, h/2, min(w, h)/3
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{uint8(200 + 55*x/w), uint8(140 + 80*y/h), 90, 255}
			if (x-cx)*(x-cx)+(y-cy)*(y-cy) < r*r {
				c = color.RGBA{120, 60, 20, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// decodeCard checks data is a PNG of w×h and returns the text of the QR
// code in it.
func decodeCard(t *testing.T, data []byte, w, h int) string {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER: true,
	})
	if err != nil {
		t.Fatalf("no QR code found in the card: %v", err)
	}
	return res.GetText()
}

func TestProductCard(t *testing.T) {
	demo, err := DemoPNG("nastar")
	if err != nil {
		t.Fatal(err)
	}
	waLink := "https://wa.me/6281234567890?text=Halo%20kak%2C%20saya%20mau%20pesan%20Nastar%20Nanas%20%28kode%20SARI%29"
	cases := []struct {
		name string
		kit  ShareKit
		item ShareItem
	}{
		{"demo photo", testKit, ShareItem{Name: "Nastar Nanas", Price: 95000, Photo: demo}},
		{"jpeg with variant", testKit, ShareItem{Name: "Kopi Susu Gula Aren", Variant: "1 liter", Price: 85000, Photo: photo(t, 800, 600)}},
		{"no photo", testKit, ShareItem{Name: "Rempeyek Kacang", Price: 18000}},
		{"not a picture", testKit, ShareItem{Name: "Rempeyek Kacang", Price: 18000, Photo: []byte("GIF89a, or so it says")}},
		{"tall photo", testKit, ShareItem{Name: "Sirup Markisa", Price: 45000, Photo: photo(t, 300, 1200)}},
		{"banner photo", testKit, ShareItem{Name: "Lapis Legit", Price: 250000, Photo: photo(t, 1500, 300)}},
		{"long name", testKit, ShareItem{Name: strings.Repeat("Keripik Singkong Balado Super Pedas Level Lima ", 4), Variant: strings.Repeat("Toples Besar ", 8), Price: 1250000}},
		{"one long word", testKit, ShareItem{Name: strings.Repeat("Supercalifragilistic", 6), Price: 1}},
		{"emoji", testKit, ShareItem{Name: "🔥🔥 Sambal Bawang 🌶️ Pedas Mantap 😋", Variant: "Level 5 🔥", Price: 27000}},
		{"only emoji", testKit, ShareItem{Name: "🍪🍪", Price: 10000}},
		{"wa.me link, English", ShareKit{Shop: "Toko Kue Ibu Ani 🎂 & Friends — Jakarta Selatan Raya", Code: "ANIKUE2", Link: waLink, Lang: lapak.English,
			Price: lapak.PriceFormat{Prefix: "Rp ", Suffix: ",-"}}, ShareItem{Name: "Kastengel Keju", Price: 110000, Photo: demo}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := c.kit.ProductCard(c.item)
			if err != nil {
				t.Fatal(err)
			}
			if got := decodeCard(t, data, ProductCardSize, ProductCardSize); got != c.kit.Link {
				t.Errorf("QR code reads %q, want %q", got, c.kit.Link)
			}
		})
	}
}

func TestCatalogCard(t *testing.T) {
	var items []ShareItem
	for i, p := range demo[:MaxCatalogCardItems+1] {
		it := ShareItem{Name: p.name, Variant: p.variants[0].name, Price: p.variants[0].price}
		switch {
		case i == 1:
			it.Photo = photo(t, 640, 480)
		case p.image != "":
			data, err := DemoPNG(strings.TrimPrefix(p.image, "demo:"))
			if err != nil {
				t.Fatal(err)
			}
			it.Photo = data
		}
		items = append(items, it)
	}
	for n := 1; n <= MaxCatalogCardItems; n++ {
		data, err := testKit.CatalogCard(items[:n])
		if err != nil {
			t.Fatalf("%d products: %v", n, err)
		}
		if got := decodeCard(t, data, CatalogCardWidth, CatalogCardHeight); got != testKit.Link {
			t.Errorf("%d products: QR code reads %q, want %q", n, got, testKit.Link)
		}
	}
	if _, err := testKit.CatalogCard(items); !errors.Is(err, ErrShareTooMany) {
		t.Errorf("%d products: %v, want ErrShareTooMany", len(items), err)
	}
	if _, err := testKit.CatalogCard(nil); !errors.Is(err, ErrShareNoItems) {
		t.Errorf("no product: %v, want ErrShareNoItems", err)
	}
}

func TestShareKitRefuses(t *testing.T) {
	item := ShareItem{Name: "Nastar", Price: 95000}
	for _, c := range []struct {
		kit  ShareKit
		want error
	}{
		{ShareKit{Shop: "Toko", Code: "SARI"}, ErrShareNoLink},
		{ShareKit{Shop: "Toko", Link: "https://t.me/x?start=ref_SARI"}, ErrShareNoCode},
		{ShareKit{Shop: "Toko", Code: "SARI", Link: "https://wa.me/62812?text=" + strings.Repeat("x", 3000)}, ErrShareLongLink},
	} {
		if _, err := c.kit.ProductCard(item); !errors.Is(err, c.want) {
			t.Errorf("%+v: %v, want %v", c.kit, err, c.want)
		}
		if _, err := c.kit.CatalogCard([]ShareItem{item}); !errors.Is(err, c.want) {
			t.Errorf("catalog card %+v: %v, want %v", c.kit, err, c.want)
		}
	}
}

func TestClean(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{
		"🔥🔥 Sambal Bawang 🌶️ Pedas 😋": "Sambal Bawang Pedas",
		"Kopi\tSusu\n Gula  Aren":     "Kopi Susu Gula Aren",
		"Crème brûlée – 5×":           "Crème brûlée – 5×",
		"👨‍👩‍👧 Paket Keluarga":        "Paket Keluarga",
		"🍪🍪":                          "",
	} {
		if got := clean(fs, in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWrap(t *testing.T) {
	fs, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	face := fs.face(fs.bold, 52)
	lines := wrap(face, strings.Repeat("Keripik Singkong Balado ", 10), 984, 2)
	if len(lines) != 2 || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("long name: %q, want 2 lines ending in …", lines)
	}
	if lines := wrap(face, "Nastar Nanas", 984, 2); len(lines) != 1 || lines[0] != "Nastar Nanas" {
		t.Errorf("short name: %q", lines)
	}
	for _, l := range wrap(face, strings.Repeat("W", 80), 984, 3) {
		if w := measure(face, l); w > 984 {
			t.Errorf("line %q is %d px wide", l, w)
		}
	}
}

func TestCaption(t *testing.T) {
	it := ShareItem{Name: "Kopi Susu Gula Aren", Variant: "1 liter", Price: 85000}
	id := testKit.Caption(it)
	for _, want := range []string{"Kopi Susu Gula Aren (1 liter)", "Rp85.000", testKit.Link, "SARI", "pesan"} {
		if !strings.Contains(id, want) {
			t.Errorf("caption %q lacks %q", id, want)
		}
	}
	en := testKit
	en.Lang = lapak.English
	if got := en.Caption(it); !strings.Contains(got, "Order now") || !strings.Contains(got, testKit.Link) {
		t.Errorf("English caption %q", got)
	}
	cat := testKit.CatalogCaption([]ShareItem{it, {Name: "Nastar Nanas", Price: 95000}})
	for _, want := range []string{"Dapur Bu Sari", "• Kopi Susu Gula Aren (1 liter) Rp85.000\n• Nastar Nanas Rp95.000", testKit.Link, "SARI"} {
		if !strings.Contains(cat, want) {
			t.Errorf("catalog caption %q lacks %q", cat, want)
		}
	}
	if text.Get(lapak.English, text.ShareKitCode, "SARI") != "Code: SARI" {
		t.Error("English code label")
	}
}

// TestShareSamples writes sample cards for a person to look at, into the
// folder LAPAK_SHARE_SAMPLES names.
func TestShareSamples(t *testing.T) {
	dir := os.Getenv("LAPAK_SHARE_SAMPLES")
	if dir == "" {
		t.Skip("LAPAK_SHARE_SAMPLES not set")
	}
	nastar, _ := DemoPNG("nastar")
	write := func(name string, data []byte, err error) {
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "share-sample-"+name+".png"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := testKit.ProductCard(ShareItem{Name: "Nastar Nanas", Variant: "Toples 500 g", Price: 95000, Photo: nastar})
	write("product", data, err)
	data, err = testKit.ProductCard(ShareItem{Name: "🔥 Keripik Singkong Balado Super Pedas Level Lima Khas Padang Asli Bukittinggi", Price: 1250000, Photo: photo(t, 1600, 900)})
	write("long", data, err)
	data, err = testKit.ProductCard(ShareItem{Name: "Rempeyek Kacang", Price: 18000})
	write("nophoto", data, err)
	en := ShareKit{Shop: "Toko Kue Ibu Ani 🎂 & Friends — Jakarta Selatan Raya", Code: "ANIKUE2", Lang: lapak.English, Price: lapak.PriceFormat{Prefix: "Rp ", Suffix: ",-"},
		Link: "https://wa.me/6281234567890?text=Halo%20kak%2C%20saya%20mau%20pesan%20Sambal%20Bawang%20%28kode%20ANIKUE2%29"}
	data, err = en.ProductCard(ShareItem{Name: "🔥🔥 Sambal Bawang 🌶️ Pedas Mantap 😋", Variant: "Level 5 🔥", Price: 27000, Photo: photo(t, 600, 1400)})
	write("emoji-en", data, err)
	var items []ShareItem
	for i, p := range demo[:6] {
		it := ShareItem{Name: p.name, Variant: p.variants[0].name, Price: p.variants[0].price}
		if p.image != "" {
			it.Photo, _ = DemoPNG(strings.TrimPrefix(p.image, "demo:"))
		}
		if i == 1 {
			it.Photo = photo(t, 640, 480)
		}
		items = append(items, it)
	}
	data, err = testKit.CatalogCard(items)
	write("catalog6", data, err)
	data, err = testKit.CatalogCard(items[:3])
	write("catalog3", data, err)
	data, err = testKit.CatalogCard(items[:1])
	write("catalog1", data, err)
}

// BenchmarkProductCard draws a card from a photo as a chat app sends it
// (1280×960) and from a camera's own (12 megapixels).
func BenchmarkProductCard(b *testing.B) {
	for _, size := range [][2]int{{1280, 960}, {3000, 4000}} {
		item := ShareItem{Name: "Kopi Susu Gula Aren", Variant: "1 liter", Price: 85000, Photo: photo(b, size[0], size[1])}
		b.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := testKit.ProductCard(item); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCatalogCard(b *testing.B) {
	items := make([]ShareItem, MaxCatalogCardItems)
	for i := range items {
		items[i] = ShareItem{Name: "Kopi Susu Gula Aren", Variant: "1 liter", Price: 85000, Photo: photo(b, 1280, 960)}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := testKit.CatalogCard(items); err != nil {
			b.Fatal(err)
		}
	}
}
