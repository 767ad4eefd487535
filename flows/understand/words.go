package understand

import "strings"

// The words of shop chat. Every list is normalized (see Normalize) when the
// package loads, so entries are written the way people type them.

// alias maps chat spellings and abbreviations to one canonical word, so the
// rules below list each word once: "brp", "brapa" and "berapaan" are all
// "berapa".
var alias = func() map[string]string {
	groups := map[string][]string{
		"berapa":    {"brp", "brapa", "berapaan", "brapaan", "brpan", "brpa", "brapah", "berapah", "bpa", "brpaan", "brape", "berapakah"},
		"harga":     {"hrg", "hrga", "harganya", "hargany", "hrgnya", "pricenya", "harganyaa"},
		"tidak":     {"gk", "ga", "gak", "nggak", "ngga", "enggak", "engga", "tdk", "tak", "g", "kagak", "gaa", "nda", "ndak", "gag", "ngak", "nggk", "ngg", "gkk", "tida"},
		"sudah":     {"udh", "udah", "sdh", "dah", "uda", "sudh", "sdah", "udha", "udahh", "sudahh", "uwes", "wis", "wes"},
		"belum":     {"blm", "blom", "belom", "blum", "lom", "blon"},
		"saya":      {"sy", "aku", "gw", "gue", "ak", "aq", "ku", "sya", "gua", "ane", "i", "kula", "kulo", "abdi", "aing", "inyong", "awak"},
		"lihat":     {"liat", "lht", "lihatin", "liatin", "cek", "cekin", "check", "see", "intip", "tengok"},
		"kirim":     {"krm", "kirimin", "kirimkan", "dikirimin", "kirimnya"},
		"dikirim":   {"dikrm", "terkirim", "dikirimkan", "shipped", "sent"},
		"bisa":      {"bs", "bsa", "bisaa", "bisakah", "can"},
		"pesan":     {"meser", "tumbas", "tuku", "nuku", "pesenke", "pesen", "psn", "mesen", "pesenin", "pesankan", "memesan", "order", "orderin", "oder", "ordr", "odr", "pesanin", "psen"},
		"mau":       {"mw", "pengen", "pingin", "pgn", "ingin", "mauu", "mo", "pengin", "pngen", "want", "bade", "badhe", "hoyong", "arep", "ape", "meh", "kepengen"},
		"transfer":  {"tf", "trf", "trans", "transferan", "tranfer", "transfr", "trasnfer", "tansfer", "ditransfer", "ditf", "tfan", "transfered", "transferred"},
		"makasih":   {"mksh", "makasi", "trims", "thx", "thanks", "tq", "terimakasih", "suwun", "nuwun", "tengkyu", "thank", "thankyou", "ty", "makasiih", "mkasih", "mksih", "trimakasih", "trmksh", "tks", "thnks", "thanx", "mksi", "maaci", "makaci", "hatur", "nuhun", "hatur nuhun", "matur", "maturnuwun", "makasiw", "makasihh", "tengs"},
		"sama":      {"sm", "ama", "sma"},
		"yang":      {"yg", "yng"},
		"kalau":     {"kalo", "klo", "kl", "kalok", "klau", "if"},
		"jadi":      {"jd", "jdi", "jadiin", "jdiin", "jadikan", "jdikan"},
		"lagi":      {"lg", "lgi", "again"},
		"saja":      {"aja", "ajah", "aj", "ajaa", "doang", "only"},
		"gimana":    {"gmn", "bagaimana", "gmna", "gimna", "gmana", "gmn2", "how"},
		"kenapa":    {"knp", "napa", "kenapah", "why"},
		"ongkir":    {"ongkirnya", "ongkr", "ongkos", "shipping", "postage"},
		"rekening":  {"rek", "norek", "rekeningnya", "rekny", "reknya", "account"},
		"pakai":     {"pake", "pk", "pakek", "make", "pakaii", "use"},
		"sampai":    {"sampe", "nyampe", "nyampai", "smpe", "smpai", "nyampek", "sampek", "nympe", "arrive", "arrived", "sampainya", "nyampenya", "sampenya"},
		"kapan":     {"kpn", "kapn", "when"},
		"resi":      {"resinya", "resiny", "awb", "tracking", "noresi"},
		"kurir":     {"courier", "couriers", "expedition", "kurirnya"},
		"dong":      {"donk", "dunk", "dongg", "donggg"},
		"banget":    {"bgt", "bngt", "bener2", "bgtt"},
		"terus":     {"trus", "trs", "lalu", "then"},
		"dengan":    {"dgn", "dg", "with"},
		"atau":      {"ato", "or"},
		"tolong":    {"tlg", "tlong", "please", "pls", "plis", "plz", "pliss"},
		"keranjang": {"keranjangnya", "krnjang", "keranjangku", "cart", "troli", "trolly", "basket", "keranjng"},
		"hapus":     {"apus", "hapusin", "apusin", "remove", "delete", "buang", "buangin", "dihapus", "hilangin", "hilangkan", "cancelin"},
		"batal":     {"batalin", "batalkan", "cancel", "cancle", "cansel", "btl", "dibatalin", "dibatalkan", "batalkn", "canceled", "cancelled"},
		"bayar":     {"byr", "bayarnya", "dibayar", "pay", "paid", "pembayaran", "payment", "bayarin", "membayar"},
		"ready":     {"redy", "ready?", "readyy", "rdy", "redi", "reddy", "available", "tersedia"},
		"stok":      {"stock", "stoknya", "stocknya", "setok", "stoc"},
		"masih":     {"msh", "masi", "msih", "still"},
		"ukuran":    {"size", "ukurannya", "uk"},
		"berat":     {"beratnya", "weight", "brt"},
		"isi":       {"isinya", "isiny", "contents", "content"},
		"tahan":     {"awet", "tahannya", "tahanny", "last", "lasts", "keep"},
		"pedas":     {"pedes", "pdas", "pds", "spicy", "hot", "pedess", "pedaas"},
		"gratis":    {"free", "grtis"},
		"alamat":    {"almt", "alamatnya", "address"},
		"nama":      {"nm", "namanya", "name"},
		"nomor":     {"no", "nmr", "nomer", "number", "num"},
		"sekarang":  {"skrg", "skrng", "now"},
		"kemarin":   {"kmrn", "kemaren", "kmarin", "kmren", "kemrn", "yesterday"},
		"seperti":   {"kayak", "kaya", "kyk", "kek", "kayaknya", "like", "spt", "sprti"},
		"terakhir":  {"trakhir", "trkhir", "last"},
		"biasa":     {"biasanya", "usual", "usually"},
		"kabari":    {"kabarin", "kabarkan", "infoin", "kabarin", "kasitau", "kasih tau", "beritahu", "kabarii", "notif", "notify", "inform", "kabar"},
		"paket":     {"paketnya", "pakett", "package", "parcel"},
		"pesanan":   {"pesananku", "pesanannya", "orderan", "orderanku", "orderannya", "pesenan", "pesenanku", "pesananya", "psnan", "orders"},
		"rusak":     {"rsk", "broken", "damaged", "hancur", "remuk"},
		"komplain":  {"complain", "complaint", "keluhan", "kompline"},
		"tapi":      {"tp", "tpi", "but", "namun"},
		"tidakjadi": {"gajadi", "gakjadi", "nggajadi", "ngajadi", "gkjadi", "gjadi", "ngakjadi", "enggakjadi"},
	}
	m := map[string]string{}
	for canon, words := range groups {
		for _, w := range words {
			m[Normalize(w)] = canon
		}
	}
	return m
}()

// spelling maps spelling variants and English words to the words catalogs
// use, so "sambel", "coklat" and "coffee" find their products. Per-product
// keywords (the catalog's keywords column) cover the rest.
var spelling = func() map[string]string {
	m := map[string]string{
		"kripik": "keripik", "kripick": "keripik", "keripick": "keripik", "kripi": "keripik", "krpk": "keripik", "keripk": "keripik",
		"chips": "keripik", "chip": "keripik", "crisps": "keripik",
		"sambel": "sambal", "sambl": "sambal", "smbl": "sambal", "smbal": "sambal", "chili": "sambal", "chilli": "sambal", "sauce": "sambal",
		"cabe": "cabai", "coklat": "cokelat", "coklt": "cokelat", "cklt": "cokelat", "chocolate": "cokelat", "choco": "cokelat",
		"krupuk": "kerupuk", "sirop": "sirup", "syrup": "sirup", "ori": "original", "orginal": "original", "orisinil": "original",
		"coffee": "kopi", "milk": "susu", "banana": "pisang", "cassava": "singkong",
		"garlic": "bawang", "bwg": "bawang", "bawng": "bawang", "peanut": "kacang", "peanuts": "kacang", "ginger": "jahe", "tea": "teh",
		"sweet": "manis", "salty": "asin", "cheese": "keju", "palm": "aren", "sugar": "gula",
		"beef": "sapi", "squid": "cumi", "macaroni": "makaroni", "makroni": "makaroni", "makaroni2": "makaroni",
		"brownis": "brownies", "browni": "brownies", "brownies2": "brownies", "pineapple": "nanas", "nenas": "nanas", "passion": "markisa",
		"drink": "minuman", "drinks": "minuman", "snack": "camilan", "snacks": "camilan", "cemilan": "camilan",
		"kue2": "kue", "cookies": "kue", "cake": "kue", "bread": "roti", "baso": "bakso", "liter": "liter", "litre": "liter",
		"lt": "liter", "ltr": "liter", "l": "liter", "gr": "g", "gram": "g", "grm": "g", "lvl": "level", "lv": "level",
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[Normalize(k)] = Normalize(v)
	}
	return out
}()

// canon maps one normalized word to its canonical chat form (alias), and
// canonical to its catalog spelling.
func canon(w string) string {
	if c, ok := alias[w]; ok {
		return c
	}
	return w
}

// intentWord is the canonical chat form of a word, also with "-nya"
// ("pesanannya", "ongkirnya", "resinya").
func intentWord(w string) string {
	if c, ok := alias[w]; ok {
		return c
	}
	if t, ok := strings.CutSuffix(w, "nya"); ok && len(t) >= 3 {
		if c, ok := alias[t]; ok {
			return c
		}
		return t
	}
	return w
}

// canonical maps one normalized word to its catalog spelling ("sambel" ->
// "sambal", "sambalnya" -> "sambal").
func canonical(w string) string {
	if c, ok := spelling[w]; ok {
		return c
	}
	if c, ok := alias[w]; ok && productAlias[c] {
		return c
	}
	if strings.HasSuffix(w, "nya") && len(w) > 5 {
		return canonical(strings.TrimSuffix(w, "nya"))
	}
	return w
}

// productAlias are canonical chat words that are also catalog words (a
// variant "Pedas", a product "Paket ...").
var productAlias = WordSet("pedas", "isi", "paket")

// Honorifics and fillers: words that carry no product meaning.
var (
	Honorifics = WordSet("kak", "kakak", "ka", "kk", "kaka", "kakk", "min", "mimin", "minn", "gan", "agan", "juragan", "sis", "sist",
		"siss", "bos", "boss", "bang", "abang", "mas", "mbak", "mba", "mbk", "bu", "ibu", "pak", "bapak", "om", "tante", "bro",
		"sob", "say", "beb", "cuy", "dek", "kakaa", "kang", "akang", "teteh", "neng", "mbakyu", "cak", "ning", "bli", "mbok", "jeng",
		"dik", "adik", "bestie", "besti", "bestii", "sayang", "beib", "ces", "gaes", "guys", "kakk", "kakakk", "mbaa", "mbakk", "mase", "bun", "admin", "seller", "owner", "aa", "uni", "bund", "bunda", "madam", "sir", "mam", "maam", "ma'am", "buk")
	// fillers are chat words around what people ask for.
	fillers = WordSet("ya", "yah", "yaa", "yaaa", "yak", "yups", "dong", "deh", "dehh", "saja", "nih", "sih", "loh", "lho", "tuh", "kah", "lah", "nya",
		"ini", "itu", "untuk", "buat", "utk", "bwt", "juga", "jg", "dulu", "duluan", "sekalian", "skalian", "punya", "hehe", "hehehe", "wkwk",
		"wkwkwk", "haha", "hihi", "xixi", "heheh", "hmm", "eh", "nah", "oh", "wah", "wow", "sip", "oke", "ok", "okay", "okey", "siap",
		"mohon", "tolong", "bantu", "dibantu", "bantuin", "siapin", "siapkan", "bikinin", "bikin", "buatin", "dibuatin", "disiapin",
		"siapain", "titip", "nitip", "pesan", "mau", "beli", "belikan", "beliin", "ambil", "ambilin", "minta", "mintak", "tambah",
		"tambahin", "tambahkan", "add", "buy", "get", "need", "butuh", "perlu", "masukin", "masukkan", "masukan", "ya?", "kak?",
		"saya", "kami", "kita", "km", "kamu", "anda", "you", "your", "me", "my", "we", "our", "the", "a", "an", "of", "to", "for",
		"some", "please", "just", "also", "too", "is", "are", "do", "does", "have", "has", "would", "like", "could", "will",
		"besok", "lusa", "nanti", "ntar", "entar", "segera", "cepat", "cepet", "hari", "pagi", "siang", "sore", "malam", "mlm",
		"minggu", "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "tomorrow", "today", "tonight", "pls", "plis", "yg",
		"yang", "jadi", "lagi", "terus", "dengan", "sama", "kalau", "soalnya", "karena", "krn", "biar", "supaya", "agar",
		"acara", "arisan", "lebaran", "natal", "imlek", "ultah", "oleh", "oleh2", "hampers", "bingkisan", "kado", "hadiah",
		"pengajian", "syukuran", "kantor", "keluarga", "anak", "anakku", "suami", "istri", "ibuku", "mamah", "mama", "papa",
		"sekarang", "banget", "sangat", "bener", "pokoknya", "kira", "kira2", "kiranya", "sekitar", "kurang", "lebih",
		"semua", "semuanya", "sekaligus", "total", "totalnya", "per", "each", "aja?", "ajah", "sekian", "gitu", "begitu",
		"selamat", "pagi", "halo", "hallo", "hai", "hi", "hey", "hei", "hello", "p", "permisi", "misi", "assalamualaikum",
		"salam", "punten", "waalaikumsalam", "ada", "ga", "apa", "mana", "gimana", "bisa", "kak", "dan", "atau", "want",
		"order", "pesen", "mesen", "makasih", "thanks", "thank", "terima", "kasih", "maaf", "sorry", "ka", "and", "with",
		"i", "im", "i'm", "id", "like", "can", "may", "in", "on", "at", "it", "its", "that", "this", "these", "those",
		"one's", "any", "got", "gotta", "wanna", "hv", "pcs?", "tdk", "tidak", "sudah", "belum", "lah?", "dah", "iya",
		"enak", "enk", "mantap", "mantul", "mantab", "murah", "termurah", "terenak", "favorit", "fav", "best", "laris", "terlaris",
		"baru", "fresh", "segar", "spesial", "special", "recommended", "rekomen", "rekomendasi", "andalan", "populer", "viral",
		"kekinian", "homemade", "kan", "kann", "tadi", "barusan", "reseller", "reseler", "dropshipper", "boleh", "bolehkah", "tanya2", "nanya2", "actually", "make", "instead", "meant", "mean", "one", "ones", "flavour", "flavor", "flavours", "flavors", "kind", "type", "version", "rasanya", "varian", "variannya", "nggih", "nggeh", "inggih", "njih", "yo", "nuwun", "sewu", "nyuwun", "monggo", "punten", "lupa", "bentar",
		"sebentar", "yaudah", "yasudah", "colek", "kabarin", "nuhun", "hatur", "atuh", "mah", "euy", "wae", "ae", "tah", "lezat", "gurih", "renyah", "kriuk", "yummy", "nikmat", "delicious", "tasty", "good", "nice",
		"stok", "ready", "masih", "harga", "berapa", "pakai", "kirim", "dikirim", "keranjang", "cart", "produk", "product", "item",
		"barang", "lihat", "cari", "carikan", "search", "find", "tanya", "nanya", "info", "menu", "list", "daftar",
		"di", "dari", "pada", "oleh", "tentang", "rumah", "kantor", "tamu", "tamunya", "orang", "keluarga", "temen", "teman",
		"anymore", "borong", "tinggal", "d", "s", "ll", "m", "re", "ve", "t", "much", "many", "how", "what", "left", "something", "anything", "stuff", "thing", "things",
		"inside", "myself", "yourself", "noted", "nice", "day", "money", "account", "there", "here", "which", "where", "when", "yet",
		"already", "been", "hasn", "isn", "don", "doesn", "didn", "won", "arrived", "week", "today", "again", "same", "time", "last",
		"pertama", "kali", "harus", "wajib", "mesti", "perlu", "jual", "jualan", "sedia", "nyedia", "sedian", "tersedia", "available", "emang", "memang", "emg", "kok", "koq", "deh?")
)

// orderVerbs mark a message as wanting to buy: "pesan", "beli", "mau".
var orderVerbs = WordSet("pesan", "beli", "belikan", "beliin", "mau", "tambah", "tambahin", "tambahkan", "ambil", "ambilin", "minta",
	"mintak", "buy", "add", "want", "get", "need", "butuh", "siapin", "siapkan", "bikinin", "buatin", "disiapin", "siapain", "titip",
	"nitip", "masukin", "masukkan", "masukan", "checkout", "co", "purchase", "wanna", "like", "take", "pengen", "order", "pesen", "mesen",
	"ambilkan", "kirimin", "kirimkan", "kirim", "would", "i'll", "ill", "bungkusin", "dibungkus", "reserve", "booking", "book",
	"keep", "taruh", "naruh", "dipesan", "pesanin", "pesenin", "orderin", "beliin")

// separators between items of one message: "keripik 2 dan sambal 1".
var separatorWords = WordSet("dan", "sama", "serta", "plus", "and", "terus", "tambah", "tambahin", "ditambah", "sm", "juga", "&", "+")
