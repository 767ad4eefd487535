package understand

import (
	"fmt"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

// item is what a test expects of one item: the product (and variant) it
// names clearly, and its count (0: none given).
type item struct {
	product, variant string
	qty              int
}

func (it item) String() string { return fmt.Sprintf("%s/%s×%d", it.product, it.variant, it.qty) }

func readDemo(text string) Reading {
	return Read(text, func() *Index { return demoIndex }, Context{})
}

func items(r Reading) []item {
	var out []item
	for _, it := range r.Items {
		x := item{product: "?", qty: it.Qty.N}
		if it.Match.Clear && it.Match.Found() {
			h := it.Match.Hits[0]
			x.product = h.Product.Name
			if h.Variant >= 0 {
				x.variant = h.Product.Variants[h.Variant].Name
			}
		}
		out = append(out, x)
	}
	return out
}

// The pure reading of messages, by kind; testdata/phrasings holds many more,
// played through the whole conversation.
func TestReadItems(t *testing.T) {
	tests := []struct {
		text  string
		items []item
	}{
		// Product and quantity in a sentence.
		{"kak aku mau ambil sambel bwg nya 3 botol ya", []item{{"Sambal Bawang", "", 3}}},
		{"min pesen kripik ori 2 bks aja", []item{{"Keripik Singkong", "Original", 2}}},
		{"tolong siapin basreng 4 ya buat besok", []item{{"Basreng Pedas Daun Jeruk", "", 4}}},
		{"nastar selusin ya kak", []item{{"Nastar Nanas", "", 12}}},
		{"wedang jahe 2 lusin", []item{{"Wedang Jahe Instan", "", 24}}},
		{"kacang bawang setengah lusin", []item{{"Kacang Bawang", "", 6}}},
		{"makaroni pedes sekodi", []item{{"Makaroni Bantat", "Pedas", 20}}},
		{"sebotol sirup markisa", []item{{"Sirup Markisa", "", 1}}},
		{"kopi susu 1 liter 3", []item{{"Kopi Susu Gula Aren", "1 liter", 3}}},
		{"sambal bawang level 3 dua botol", []item{{"Sambal Bawang", "Level 3", 2}}},
		{"basreng 250gr 2", []item{{"Basreng Pedas Daun Jeruk", "250 g", 2}}},
		{"brownies sekat 1 kak", []item{{"Brownies Panggang", "Sekat 4 rasa", 1}}},
		{"mau kastangel 1 toples", []item{{"Kastengel Keju", "", 1}}},
		{"I want 2 pineapple tarts please", []item{{"Nastar Nanas", "", 2}}},
		{"nastar ２ toples", []item{{"Nastar Nanas", "", 2}}},
		// Several items in one message.
		{"keripik pedas 2, sambal bawang 1 sama kopi 1", []item{{"Keripik Singkong", "Pedas", 2}, {"Sambal Bawang", "", 1}, {"?", "", 1}}},
		{"2 basreng dan 1 teh", []item{{"Basreng Pedas Daun Jeruk", "", 2}, {"Teh Tarik Sachet", "", 1}}},
		{"- nastar x2\n- kastengel x1", []item{{"Nastar Nanas", "", 2}, {"Kastengel Keju", "", 1}}},
		{"1. nastar 2 toples\n2. lapis legit 1", []item{{"Nastar Nanas", "", 2}, {"Lapis Legit", "", 1}}},
		{"nastar 2 kastengel 1", []item{{"Nastar Nanas", "", 2}, {"Kastengel Keju", "", 1}}},
		{"nastar & kastengel masing2 2 toples", []item{{"Nastar Nanas", "", 2}, {"Kastengel Keju", "", 2}}},
		{"keripik singkong pedas 2 sama yang balado 1", []item{{"Keripik Singkong", "Pedas", 2}, {"Keripik Singkong", "Balado", 1}}},
		{"keripik pedas 2, kue lumpur 1", []item{{"Keripik Singkong", "Pedas", 2}, {"?", "", 1}}},
		// Chat shortenings, regional words, sizes and prices that pick a variant.
		{"kopsus 3", []item{{"Kopi Susu Gula Aren", "", 3}}},
		{"kopi susu literan 1", []item{{"Kopi Susu Gula Aren", "1 liter", 1}}},
		{"kula badhe pesen nastar loro nggih", []item{{"Nastar Nanas", "", 2}}},
		{"punten teh, bade mesen wedang jahe 4", []item{{"Wedang Jahe Instan", "", 4}}},
		{"abon sapi yang seratus gram dua", []item{{"Abon Sapi", "100 g", 2}}},
		{"kopi susu yg 85rb 1", []item{{"Kopi Susu Gula Aren", "1 liter", 1}}},
		{"nastar2kastengel1", []item{{"Nastar Nanas", "", 2}, {"Kastengel Keju", "", 1}}},
		{"2x basreng 250", []item{{"Basreng Pedas Daun Jeruk", "250 g", 2}}},
		{"basreng 100 2 sama yg 250 1", []item{{"Basreng Pedas Daun Jeruk", "100 g", 2}, {"Basreng Pedas Daun Jeruk", "250 g", 1}}},
		// English articles and "one" standing for a product.
		{"a bottle of garlic sambal level 3", []item{{"Sambal Bawang", "Level 3", 1}}},
		{"half a dozen bags of fried macaroni, the spicy one", []item{{"Makaroni Bantat", "Pedas", 6}}},
		{"two salty fried macaroni and two spicy ones", []item{{"Makaroni Bantat", "Asin", 2}, {"Makaroni Bantat", "Pedas", 2}}},
		{"and a thousand layer cake", []item{{"Lapis Legit", "", 1}}},
		// Corrections, negations and bad counts keep the product.
		{"kastengel 2 eh salah, maksudnya nastar 2", []item{{"Nastar Nanas", "", 2}}},
		{"nastar 2, kastengel 2, eh kastengelnya 1 aja", []item{{"Nastar Nanas", "", 2}, {"Kastengel Keju", "", 1}}},
		{"nastar 2, eh tambah 1 lagi deh", []item{{"Nastar Nanas", "", 3}}},
		{"bukan nastar ya kak, tapi kastengel 2", []item{{"Kastengel Keju", "", 2}}},
		{"one jar of pineapple tarts, please. Actually, make that two.", []item{{"Nastar Nanas", "", 2}}},
		{"peyek abis ya kak? kalo gitu kacang bawang aja 2", []item{{"Kacang Bawang", "", 2}}},
		{"nastar 2 toples, eh 3 deh", []item{{"Nastar Nanas", "", 3}}},
		{"kastengel minus 2 toples", []item{{"Kastengel Keju", "", 0}}},
		{"pesan keripik pedas 1000000", []item{{"Keripik Singkong", "Pedas", 0}}},
	}
	for _, tt := range tests {
		if got := items(readDemo(tt.text)); fmt.Sprint(got) != fmt.Sprint(tt.items) {
			t.Errorf("%q: items %v, want %v", tt.text, got, tt.items)
		}
	}
}

// Numbers that are never quantities: phone numbers, RT/RW, house numbers,
// postcodes, times, amounts, sizes.
func TestNumbersThatAreNoQuantities(t *testing.T) {
	for _, text := range []string{
		"nastar 2, kirim ke Jl. Mawar No. 12 RT 03/RW 05 Depok 16424",
		"nastar 2 ya kak, no hp 0812-7788-9900",
		"wa aku +62 812 7788 9900 pesan nastar 2",
		"nastar 2, diambil jam 10.00 besok",
		"nastar 2 ya, sudah transfer Rp190.123",
		"nastar 2 buat 40 orang",
	} {
		r := readDemo(text)
		got := items(r)
		if len(got) != 1 || got[0] != (item{"Nastar Nanas", "", 2}) {
			t.Errorf("%q: items %v, want only 2 × Nastar Nanas", text, got)
		}
	}
	if r := readDemo("udah tf ya kak 57.123"); r.Intent != Paid || r.Amount != 57123 || r.HasQty {
		t.Errorf("paid claim read as %+v", r)
	}
}

func TestReadIntents(t *testing.T) {
	tests := []struct {
		text   string
		intent Intent
	}{
		{"halo kak", Greeting}, {"p", Greeting}, {"menu", Menu}, {"batal", Abort}, {"gak jadi deh", Abort},
		{"STOP", OptOut}, {"admin", Human}, {"mau ngomong sama admin", Human}, {"english please", English},
		{"pakai bahasa indonesia aja", Indonesian}, {"liat keranjang dong", CartView}, {"hapus sambalnya", CartRemove},
		{"sambalnya jadi 3 aja", CartSet}, {"kosongkan keranjang", CartClear}, {"minta format order kak", Template},
		{"cara ordernya gimana kak", Help}, {"pesan lagi kayak kemarin", Reorder}, {"kabari kalau ready ya", Restock},
		{"nastar berapaan kak", AskPrice}, {"kalo 5 jadi brp", AskPrice}, {"nastar ready?", AskStock},
		{"masih ada kak?", AskStock}, {"pedes gak?", AskDetail}, {"tahan berapa lama?", AskDetail},
		{"ongkir ke Bandung brp?", AskShipping}, {"bisa kirim ke Medan?", AskShipping}, {"rekening apa kak?", AskPayment},
		{"bisa cod?", AskPayment}, {"paket sy udah dikirim?", Status}, {"resinya mana kak", Status},
		{"udah tf ya kak 57.123", Paid}, {"batalin aja pesanannya", CancelOrder}, {"barangnya penyok kak", Complaint},
		{"kok belum nyampe ya", Complaint}, {"makasih kak 🙏", Thanks}, {"iya kak bener", Yes}, {"sip", Yes},
		{"👍", Yes}, {"engga kak", No}, {"ganti alamat", Edit}, {"pesan keripik pedas 2", Order},
		{"keripik pedas", Product}, {"checkout", Checkout}, {"udah itu aja kak", Checkout}, {"jual apa aja kak?", Catalog},
		{"do you have cassava chips?", AskStock}, {"how much is the cheese sticks", AskPrice},
		{"Nama: Dwi\nNo HP: 0812-7788-9900\nAlamat: Jl. Mawar 1, Depok\nPesanan: nastar 2", OrderForm},
	}
	for _, tt := range tests {
		if r := readDemo(tt.text); r.Intent != tt.intent {
			t.Errorf("%q: intent %d, want %d", tt.text, r.Intent, tt.intent)
		}
	}
}

func TestReadPlaceAndLanguage(t *testing.T) {
	if r := readDemo("ongkir ke Bandung brp kak?"); r.Place != "Bandung" {
		t.Errorf("place %q", r.Place)
	}
	for text, want := range map[string]lapak.Language{
		"do you have pineapple tarts?": lapak.English, "I'll take 2": lapak.English, "hi": "", "no 2": "",
		"mau order dong kak": lapak.Indonesian, "ready stock?": "", "desk:paid:3AM-GRA": "",
	} {
		if got := readDemo(text).Lang; got != want {
			t.Errorf("%q: language %q, want %q", text, got, want)
		}
	}
}

func TestReadForm(t *testing.T) {
	r := readDemo("Kak ini format ordernya ya 🙏\n" +
		"*Nama penerima*: dwi lestari\n" +
		"No. WA : 0812-7788-9900\n" +
		"Alamat lengkap: Jl. Mawar No. 12 RT 03/RW 05\n" +
		"Kel. Kemiri Muka, Kec. Beji\n" +
		"Depok 16424\n" +
		"Pesanan:\n" +
		"- nastar x2\n" +
		"- sambel bwg level 3 1 botol\n" +
		"Kirim via: JNE\n" +
		"Bayar: tf\n" +
		"Catatan: jangan dibanting")
	f := r.Form
	if r.Intent != OrderForm || f == nil {
		t.Fatalf("not a form: %+v", r)
	}
	if f.Name != "Dwi Lestari" || f.Phone != "6281277889900" || f.Payment != lapak.PayTransfer || f.Delivery != "JNE" ||
		f.Note != "jangan dibanting" || !strings.Contains(f.Address, "Jl. Mawar No. 12 RT 03/RW 05, Kel. Kemiri Muka, Kec. Beji, Depok 16424") {
		t.Errorf("form %+v", f)
	}
	if got := items(r); fmt.Sprint(got) != fmt.Sprint([]item{{"Nastar Nanas", "", 2}, {"Sambal Bawang", "Level 3", 1}}) {
		t.Errorf("items %v", got)
	}
	// Without labels: one thing a line.
	r = readDemo("Siti Nurhaliza\n0812-3131-4242\nJl. Flamboyan No. 9 RT 01/RW 02, Beji, Depok 16421\nNastar 1, kastengel 1\nJNE, transfer")
	if f := r.Form; r.Intent != OrderForm || f.Name != "Siti Nurhaliza" || f.Phone != "6281231314242" || !strings.HasPrefix(f.Address, "Jl. Flamboyan") ||
		f.Payment != lapak.PayTransfer || len(f.Items) != 2 {
		t.Errorf("form without labels: %+v", r.Form)
	}
	// Other shapes customers send: on one line, labels typed short, the
	// recipient apart from the dropshipper, picked up with no address.
	for _, tt := range []struct {
		text                 string
		name, phone, address string
		pay                  lapak.PaymentMethod
		pickup               bool
		items                int
	}{
		{"Rudi Hartono 081256781234 Jl Sudirman no 5 Balikpapan pesan sambal roa 1 sambal cumi 1", "Rudi Hartono", "6281256781234", "Jl Sudirman no 5 Balikpapan", "", false, 2},
		{"Andi Wijaya 081355556666 jl cendrawasih 7 makassar abon sapi 250 2 transfer", "Andi Wijaya", "6281355556666", "jl cendrawasih 7 makassar", lapak.PayTransfer, false, 1},
		{"Nama Siti Nurhaliza No HP 085600001111 Alamat Jl Kartini 17 Bekasi Pesanan basreng 100gr 5 Pembayaran transfer", "Siti Nurhaliza", "6285600001111", "Jl Kartini 17 Bekasi", lapak.PayTransfer, false, 1},
		{"nma: Dewi\nhp: 0812 1111 2222\nalmt: jl. asia afrika 50 bandung\npsnan: nastar 1\npmbyrn: tf", "Dewi", "6281211112222", "jl. asia afrika 50 bandung", lapak.PayTransfer, false, 1},
		{"📦 DROPSHIP\n🙋 Dari: Reseller Snack Nia\n👤 Kepada: Bapak Suryadi\n☎️ 0813 2200 4411\n📍 Jl. Slamet Riyadi No. 200, Solo 57141\n🛍️ Makaroni pedas 10", "Suryadi", "6281322004411", "Jl. Slamet Riyadi No. 200, Solo 57141", "", false, 1},
		{"Darto Wiyono\n0813-4455-6677\nambil sendiri aja\nnastar 1 kastengel 1", "Darto Wiyono", "6281344556677", "", "", true, 2},
	} {
		r := readDemo(tt.text)
		f := r.Form
		if r.Intent != OrderForm || f == nil {
			t.Errorf("%q: not a form: %+v", tt.text, r)
			continue
		}
		if f.Name != tt.name || f.Phone != tt.phone || f.Address != tt.address || f.Payment != tt.pay || f.Pickup != tt.pickup || len(f.Items) != tt.items {
			t.Errorf("%q: form %+v", tt.text, *f)
		}
	}
}

func TestNameAndAddress(t *testing.T) {
	for in, want := range map[string]string{
		"nama saya Dwi Lestari": "Dwi Lestari", "atas nama Bu Rina": "Rina", "a.n. Putri": "Putri", "namaku Sinta ya kak": "Sinta",
		"Nama lengkap: Muhammad Rizki": "Muhammad Rizki", "penerimanya ibu saya, Sri Wahyuni": "Sri Wahyuni", "dwi lestari": "Dwi Lestari",
		"Siti Nur'aini": "Siti Nur'aini", "ok kak, nama Cindy Wijaya": "Cindy Wijaya",
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"alamat: Jl. Mawar No. 1, Depok":            "Jl. Mawar No. 1, Depok",
		"kirim ke Jl. Melati 5\nBeji\nDepok":        "Jl. Melati 5, Beji, Depok",
		"alamatnya Perum Griya Asri Blok C2 ya kak": "Perum Griya Asri Blok C2",
	} {
		if got := Address(in); got != want {
			t.Errorf("Address(%q) = %q, want %q", in, got, want)
		}
	}
	if p, _, _, ok := FindPhone("wa aku +62 812 7788 9900 ya"); !ok || p != "6281277889900" {
		t.Errorf("FindPhone: %q %v", p, ok)
	}
}

func TestInvisibleCharacters(t *testing.T) {
	r := readDemo("pe\u200bsan nas\u200dtar 2 \u202eya")
	if got := items(r); r.Intent != Order || fmt.Sprint(got) != fmt.Sprint([]item{{"Nastar Nanas", "", 2}}) || strings.ContainsRune(r.Text, '\u202e') {
		t.Errorf("invisible characters: %+v %v", r, got)
	}
}
