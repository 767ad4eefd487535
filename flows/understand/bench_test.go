package understand

import (
	"fmt"
	"slices"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// bigCatalog is a shop of n products: the demo catalog and products made of
// common Indonesian shop words, with variants and keywords, as a seller
// with a large catalog would have.
func bigCatalog(n int) []lapak.Product {
	products := demoProducts()
	kinds := []string{"Keripik", "Sambal", "Kopi", "Teh", "Kue", "Roti", "Bolu", "Kerupuk", "Abon", "Dodol", "Madu", "Sirup",
		"Bumbu", "Rendang", "Rempeyek", "Basreng", "Cireng", "Seblak", "Makaroni", "Kacang", "Kastengel", "Nastar", "Brownies", "Susu"}
	things := []string{"Singkong", "Pisang", "Tempe", "Talas", "Ubi", "Jagung", "Bawang", "Cumi", "Teri", "Roa", "Ikan", "Udang",
		"Ayam", "Sapi", "Kambing", "Gula Aren", "Jahe", "Pandan", "Keju", "Cokelat", "Stroberi", "Nanas", "Kelapa", "Durian"}
	flavours := []string{"Original", "Pedas", "Balado", "Manis", "Asin", "Level 1", "Level 3", "Level 5", "Jeruk", "Madu"}
	sizes := []string{"100 g", "250 g", "500 g", "1 kg", "250 ml", "1 liter"}
	id := int64(len(products))
	vid := int64(1000)
	for i := 0; len(products) < n; i++ {
		id++
		name := fmt.Sprintf("%s %s %s", kinds[i%len(kinds)], things[(i/len(kinds))%len(things)], []string{"Khas Bandung",
			"Homemade", "Premium", "Asli", "Super", "Mini", "Jumbo", "Spesial"}[(i/(len(kinds)*len(things)))%8])
		p := lapak.Product{ID: id, Name: name, Category: kinds[i%len(kinds)], Description: "Produk rumahan, tanpa pengawet. Isi 200 g.",
			Keywords: things[(i/len(kinds))%len(things)] + " snack"}
		for v := 0; v < 1+i%4; v++ {
			vid++
			vn := flavours[(i+v)%len(flavours)]
			if i%3 == 0 {
				vn = sizes[(i+v)%len(sizes)]
			}
			p.Variants = append(p.Variants, lapak.Variant{ID: vid, ProductID: id, SKU: fmt.Sprintf("SKU-%d", vid), Name: vn,
				Price: lapak.Money(10000 + 500*(i%40)), Stock: 10})
		}
		products = append(products, p)
	}
	return products
}

// BenchmarkRead measures understanding one message (every message of
// testdata/phrasings in turn) against a 2,000-product catalog, and reports
// the p50 and p99 time per message.
//
//	go test ./flows/understand -run XXX -bench Read -benchtime 20000x
func BenchmarkRead(b *testing.B) {
	ix := NewIndex(1, bigCatalog(2000))
	catalog := func() *Index { return ix }
	msgs := phrasingSeeds(b)
	times := make([]time.Duration, 0, b.N)
	var short []time.Duration // messages of a chat line (up to 280 characters)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		m := msgs[i%len(msgs)]
		t0 := time.Now()
		Read(m, catalog, Context{Product: 1})
		d := time.Since(t0)
		times = append(times, d)
		if len(m) <= 280 {
			short = append(short, d)
		}
	}
	b.StopTimer()
	slices.Sort(times)
	slices.Sort(short)
	b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
	if len(short) > 0 {
		b.ReportMetric(float64(short[len(short)*99/100].Microseconds()), "p99-short-µs")
	}
}

// BenchmarkReadCold is BenchmarkRead with nothing remembered: each pass
// over the messages starts from a new index, so every word and phrase is
// looked up for the first time.
//
//	go test ./flows/understand -run XXX -bench ReadCold -benchtime 5x
func BenchmarkReadCold(b *testing.B) {
	products := bigCatalog(2000)
	msgs := phrasingSeeds(b)
	var times, short []time.Duration
	for b.Loop() {
		b.StopTimer()
		ix := NewIndex(1, products)
		catalog := func() *Index { return ix }
		b.StartTimer()
		for _, m := range msgs {
			t0 := time.Now()
			Read(m, catalog, Context{Product: 1})
			d := time.Since(t0)
			times = append(times, d)
			if len(m) <= 280 {
				short = append(short, d)
			}
		}
	}
	slices.Sort(times)
	slices.Sort(short)
	b.ReportMetric(float64(times[len(times)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(times[len(times)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(short[len(short)*99/100].Microseconds()), "p99-short-µs")
}

// BenchmarkIndex measures building the index of a 2,000-product catalog,
// done once per catalog change.
func BenchmarkIndex(b *testing.B) {
	products := bigCatalog(2000)
	b.ReportAllocs()
	for b.Loop() {
		NewIndex(1, products)
	}
}
