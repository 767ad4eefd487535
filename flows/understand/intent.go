package understand

import (
	"slices"
	"strings"
	"unicode"

	lapak "github.com/lapak-id/lapak"
)

// Whole messages that are commands by themselves, as people type them
// (after "kak", "min", "ya", "dong" and the like are dropped).
var (
	greetWords = WordSet("halo", "hallo", "hello", "helo", "hai", "hay", "hi", "hei", "hey", "p", "pp", "ping", "pagi", "siang",
		"sore", "malam", "selamat pagi", "selamat siang", "selamat sore", "selamat malam", "good morning", "good afternoon",
		"good evening", "assalamualaikum", "assalamu alaikum", "asalamualaikum", "assalamualaikum wr wb", "assalamualaikum warahmatullahi wabarakatuh",
		"salam", "permisi", "misi", "start", "punten", "mulai belanja", "halo selamat pagi", "hai selamat pagi", "halo selamat siang",
		"halo selamat sore", "halo selamat malam", "hi there", "hello there", "om swastiastu", "shalom", "sugeng enjing", "spada",
		"halo halo", "tes", "test", "hai hai", "hello hello", "yuhu", "woy", "woi", "oi")
	menuWords  = WordSet("menu", "menu utama", "main menu", "home", "kembali", "back", "balik", "kembali ke menu", "balik ke menu", "ke menu", "menu awal")
	abortWords = WordSet("batal", "batalkan", "batalin", "cancel", "gak jadi", "ga jadi", "nggak jadi", "tidak jadi", "gajadi", "ngga jadi",
		"enggak jadi", "abort", "batal aja", "gak jadi deh", "ga jadi deh", "tidak jadi deh", "udahan", "batal deh", "cancel aja", "gk jadi",
		"gajadi deh", "never mind", "nevermind", "forget it", "ga jadi aja", "gak jadi aja", "nggak jadi aja")
	helpWords = WordSet("bantuan", "help", "tolong", "cara pesan", "cara order", "how to order", "info", "panduan", "cara belanja",
		"gimana cara pesan", "gimana cara order", "cara beli", "cara pemesanan", "bagaimana cara pesan", "bagaimana cara order",
		"cara ordernya gimana", "cara pesannya gimana", "gimana cara belanja", "cara order gimana", "cara pesan gimana", "gimana cara beli",
		"how do i order", "how to buy", "how does this work", "tanya", "mau tanya", "mau nanya", "nanya", "help me", "info dong")
	cartWords = WordSet("keranjang", "cart", "troli", "lihat keranjang", "keranjang saya", "my cart", "basket", "isi keranjang",
		"cek keranjang", "keranjangku", "keranjang belanja", "belanjaan", "belanjaan saya", "lihat belanjaan", "show cart",
		"show my cart", "view cart", "see cart", "lihat cart", "cek cart")
	catalogWords = WordSet("katalog", "catalog", "catalogue", "produk", "products", "daftar produk", "daftar harga", "pricelist",
		"price list", "list", "kategori", "categories", "lihat produk", "menu produk", "list produk", "list harga", "lihat katalog",
		"produknya", "katalognya", "menunya", "pricelistnya", "daftar menu", "lihat menu", "show catalog", "show products")
	orderWords = WordSet("status", "pesanan saya", "cek pesanan", "pesanan", "my orders", "orders", "order status", "cek status",
		"riwayat", "riwayat pesanan", "lacak", "lacak pesanan", "track order", "status pesanan", "pesananku", "order saya", "orderan saya",
		"cek order", "my order", "status order", "riwayat order")
	checkoutWords = WordSet("checkout", "check out", "co", "bayar", "lanjut bayar", "pay", "proses", "lanjut checkout", "lanjut pembayaran",
		"mau checkout", "mau bayar", "checkout dong", "co dong", "langsung checkout", "itu aja", "itu saja", "udah itu aja", "sudah itu saja",
		"segitu aja", "segitu dulu", "itu dulu", "cukup", "udah cukup", "sudah cukup", "sudah semua", "udah semua", "itu aja dulu",
		"pesan sekarang", "order sekarang", "proses pesanan", "lanjutkan", "lanjut ke pembayaran", "proceed", "pay now", "check out now",
		"thats all", "that s all", "that is all", "proceed to checkout", "udah segitu aja", "segitu saja", "itu aja kak", "udah itu",
		"sudah itu", "segitu", "udah segitu", "sudah segitu")
	searchWords  = WordSet("cari", "cari produk", "search", "find", "cari barang", "mau cari")
	optOutWords  = WordSet("stop", "berhenti", "unsubscribe", "unsub", "unreg", "stop promo", "berhenti langganan", "stop langganan", "berhenti promo")
	optInWords   = WordSet("mulai", "start", "subscribe", "langganan", "start promo", "mulai langganan")
	englishWords = WordSet("english", "bahasa inggris", "inggris", "lang en", "en", "in english please", "english please", "in english",
		"speak english", "english pls", "can you speak english", "do you speak english", "english language")
	indoWords = WordSet("bahasa indonesia", "indonesia", "indonesian", "lang id", "id", "indo", "pakai bahasa indonesia",
		"bahasa indonesia aja", "pakai bahasa indonesia aja", "bahasa indo", "pake bahasa indonesia", "pake bahasa indo", "bahasa indonesia saja",
		"indonesian please", "in indonesian", "pakai bahasa indo aja", "bahasa indonesia dong", "pakai bahasa indonesia saja")
	langWords = WordSet("bahasa", "language", "lang", "ganti bahasa", "change language", "language bahasa", "pilih bahasa", "bahasa language")
	yesWords  = WordSet("ya", "iya", "y", "ok", "oke", "okay", "okey", "okee", "yes", "yup", "yap", "yep", "sip", "siap", "betul", "benar",
		"bener", "lanjut", "gas", "boleh", "setuju", "jadi", "yes please", "confirm", "ya betul", "yoi", "yo", "yaps", "iyaa", "iy", "iyap",
		"mantap", "deal", "oke deh", "ok deh", "iya deh", "ya udah", "yaudah", "yawes", "sure", "of course", "correct", "right", "go",
		"lanjutkan", "oce", "okok", "ok ok", "siip", "sippp", "gass", "gaskeun", "hayuk", "ayo", "yuk", "cus", "kuy", "aman", "oke siap",
		"sudah benar", "udah benar", "udah bener", "sudah bener", "betul sekali", "benar sekali", "iya benar", "iya bener", "iya betul",
		"ya benar", "ya bener", "ok lanjut", "oke lanjut", "iya lanjut", "ya lanjut", "lanjut aja", "gas aja", "sip lanjut", "iya jadi",
		"ya jadi", "jadi dong", "ya pesan", "iya pesan", "pesan", "order", "ok pesan", "oke pesan", "yes confirm", "looks good", "all good",
		"thats right", "that s right", "ok gas", "iya gas", "sip gas", "sip mantap", "mantap lanjut", "siap lanjut", "ok sip", "oke sip",
		"okedeh", "okelah", "ok lah", "oke lah", "yoi lanjut", "cocok", "sesuai", "udah sesuai", "sudah sesuai", "fix", "fiks", "yup bener",
		// Javanese and Sundanese: "nggih", "leres" (right), "muhun" (yes).
		"nggih", "inggih", "nggeh", "enggih", "njih", "injih", "muhun", "sumuhun", "leres", "nggih leres", "leres pisan", "muhun leres",
		"baik", "baiklah", "baik kak", "silakan", "silahkan", "monggo", "mangga")
	noWords = WordSet("tidak", "tdk", "gak", "ga", "nggak", "ngga", "enggak", "engga", "no", "nope", "jangan", "belum", "ga dulu",
		"gak dulu", "nggak dulu", "engga dulu", "tidak dulu", "belum dulu", "nanti dulu", "nanti aja", "ntar dulu", "ntar aja", "ga deh",
		"gak deh", "nggak deh", "engga deh", "no thanks", "not now", "nanti saja", "tidak usah", "ga usah", "gak usah", "nggak usah", "gausah",
		"no need", "belum deh", "enggak dulu", "jangan dulu", "tdk dulu", "ngga dulu", "skip", "ga jadi dulu")
	editWords = WordSet("ubah", "edit", "change", "ganti", "koreksi", "ralat", "revisi", "ada yang salah", "salah", "mau ubah", "mau ganti")
)

// lightFillers are dropped before a whole message is compared with the
// command words: "menu dong kak" is "menu".
var lightFillers = WordSet("kak", "kakak", "ka", "kk", "min", "mimin", "gan", "sis", "sist", "bos", "bang", "mas", "mbak", "mba",
	"om", "tante", "bro", "sob", "dong", "donk", "deh", "ya", "yah", "yaa", "aja", "saja", "nih", "sih", "please", "pls", "plis",
	"tolong", "yuk", "ayo", "dulu", "lah", "kok", "kah", "ajah", "bu", "pak", "bund", "bunda", "say", "beb", "cuy", "dek", "oke", "ok")

// Asking for a person: matched on any word of a short message, or as a phrase.
var (
	humanWords   = WordSet("admin", "cs", "operator", "manusia", "human", "orang", "agent", "seller", "penjual", "owner", "pemilik", "mimin")
	humanPhrases = []string{"bicara dengan", "ngomong sama", "ngomong dengan", "bicara sama", "chat admin", "hubungi admin",
		"customer service", "talk to", "speak to", "real person", "hubungi penjual", "minta tolong admin", "sambungkan ke admin",
		"sambungin ke admin", "mau sama admin", "panggil admin", "panggilin admin", "admin nya mana", "adminnya mana", "ada admin",
		"minta admin", "butuh admin", "tanya admin", "tanya ke admin", "chat sama admin", "chat dengan admin", "bales admin",
		"dibalas admin", "langsung admin", "human please", "talk to a human", "ngobrol sama admin", "ngobrol dengan admin",
		"telpon admin", "telepon admin", "contact admin", "call admin", "admin dong", "admin please", "cs dong", "minta cs",
		"hubungi cs", "chat cs", "sama orang", "dengan orang", "sama manusia", "dengan manusia", "orang asli",
		"admin asli", "bukan bot", "jangan bot", "kok bot", "sama pemilik", "sama owner", "sama yang punya"}
)

// Words of the sentence rules, in canonical form (see alias).
var (
	complaintWords = WordSet("penyok", "penyot", "peyok", "rusak", "pecah", "bocor", "tumpah", "basi", "busuk", "jamuran", "berjamur",
		"kecewa", "komplain", "hancur", "remuk", "lembek", "melempem", "ketinggalan", "refund", "retur", "return", "parah", "zonk",
		"gosong", "apek", "bau", "tengik", "sobek", "robek", "kotor", "dented", "leaking", "leaked", "spoiled", "moldy", "disappointed",
		"kemasannya", "hilang", "lost", "missing", "wrong", "salah", "kurang", "beda", "penyek", "pesok", "ancur", "expired", "kadaluarsa",
		"kedaluwarsa", "kadaluwarsa", "lecek", "mengecewakan", "nyesel", "kapok", "keras", "alot", "asem", "asam", "semut", "rembes",
		"belum", "lama", "never", "late", "terlambat", "telat", "complaint", "komplain", "complain", "ngga", "tidak")
	strongComplaint = WordSet("hilang", "kebuka", "terbuka", "bolong", "retak", "meleleh", "lumer", "basah", "ketumpahan", "penyok", "penyot", "peyok", "rusak", "pecah", "bocor", "tumpah", "basi", "busuk", "jamuran", "berjamur",
		"kecewa", "komplain", "hancur", "remuk", "lembek", "melempem", "ketinggalan", "refund", "retur", "parah", "zonk", "gosong", "apek",
		"tengik", "sobek", "robek", "dented", "leaking", "leaked", "spoiled", "moldy", "disappointed", "penyek", "pesok", "ancur", "lecek",
		"mengecewakan", "nyesel", "kapok", "rembes", "semut", "terlambat", "telat", "complaint", "broken", "damaged", "crushed", "smashed")
	paymentNames = normalizedMap(map[string]lapak.PaymentMethod{
		"cod": lapak.PayCOD, "qris": lapak.PayQRIS, "transfer": lapak.PayTransfer, "ovo": lapak.PayQRIS, "gopay": lapak.PayQRIS,
		"dana": lapak.PayQRIS, "shopeepay": lapak.PayQRIS, "ewallet": lapak.PayQRIS, "wallet": lapak.PayQRIS, "linkaja": lapak.PayQRIS,
		"qr": lapak.PayQRIS, "bca": lapak.PayTransfer, "bri": lapak.PayTransfer, "bni": lapak.PayTransfer, "mandiri": lapak.PayTransfer,
		"bsi": lapak.PayTransfer, "jago": lapak.PayTransfer, "seabank": lapak.PayTransfer, "bank": lapak.PayTransfer,
		"midtrans": lapak.PayGateway, "va": lapak.PayGateway, "virtual": lapak.PayGateway, "kartu": lapak.PayGateway, "kredit": lapak.PayGateway,
		"debit": lapak.PayGateway, "card": lapak.PayGateway, "paylater": lapak.PayGateway, "kredivo": lapak.PayGateway, "online": lapak.PayGateway,
		"tunai": lapak.PayCOD, "cash": lapak.PayCOD, "ditempat": lapak.PayCOD,
	})
)

// normalizedMap normalizes a word map's keys (as Normalize writes words).
func normalizedMap[V any](m map[string]V) map[string]V {
	out := make(map[string]V, len(m))
	for k, v := range m {
		out[Normalize(k)] = v
	}
	return out
}

// classifyWhole recognises a message that is a command by itself ("menu",
// "batal", "admin", "ya"); those need no catalog.
func classifyWhole(r *Reading, raw []string, counted bool) bool {
	bare := bareWords(raw)
	joined := strings.Join(bare, " ")
	r.Whole = true
	switch {
	case len(raw) == 0 && !counted:
		r.Whole = strings.TrimSpace(r.Text) == "?"
		r.Intent = emojiIntent(r.Text)
		if r.Whole {
			r.Intent = Help
		}
		return true
	case optOutWords[joined]:
		r.Intent = OptOut
	case optInWords[joined]:
		r.Intent = OptIn
	case menuWords[joined]:
		r.Intent = Menu
	case greetWords[joined] || greetWords[strings.Join(raw, " ")] || allIn(bare, greetWords, lightFillers) && len(bare) > 0:
		r.Intent = Greeting
	case abortWords[joined]:
		r.Intent = Abort
	case joined == "?" || helpWords[joined]:
		r.Intent = Help
	case cartWords[joined]:
		r.Intent = CartView
	case englishWords[joined]:
		r.Intent = English
	case indoWords[joined]:
		r.Intent = Indonesian
	case langWords[joined]:
		r.Intent = Language
	case orderWords[joined]:
		r.Intent = Status
	case catalogWords[joined]:
		r.Intent = Catalog
	case checkoutWords[joined]:
		r.Intent = Checkout
	case searchWords[joined]:
		r.Intent = Search
	case yesWords[joined] && !counted:
		r.Intent = Yes
	case noWords[joined]:
		r.Intent = No
	case editWords[joined]:
		r.Intent = Edit
	case len(bare) == 1 && humanWords[bare[0]]:
		r.Intent = Human
	default:
		r.Whole = false
	}
	return r.Whole || r.Intent != Unknown
}

// classify decides the intent of a message from its words and items.
func classify(r *Reading, ws, raw wordSeq, toks []tok) {
	bare := bareWords(raw.list)
	found, named, counted := 0, 0, false
	for _, it := range r.Items {
		if it.Match.Found() {
			found++
		}
		if len(it.Match.Words) > 0 {
			named++
		}
		counted = counted || it.HasQty
	}
	verb := raw.any(orderVerbs) || ws.has("pesan", "mau")
	norm := strings.Join(raw.list, " ")
	question := r.Question
	switch {
	case resellerSignup(raw):
		r.Intent = ResellerSignup
	case myLinks(raw):
		r.Intent = MyLinks
	case (ws.has("stop", "berhenti", "jangan") && raw.has("promo", "promosi", "broadcast", "iklan")) || raw.seq("unsubscribe"):
		r.Intent = OptOut
	case ws.has("format", "form", "formulir", "template", "formatan") && !r.HasQty && found == 0 ||
		ws.has("isi", "disi", "mengisi") && ws.has("apa", "data", "gimana") && ws.has("pesan", "data", "order") && found == 0 ||
		raw.seq("format", "order") || raw.seq("format", "pesan") || raw.seq("format", "pemesanan"):
		r.Intent = Template
	case wantsHuman(norm, raw.list):
		r.Intent, r.Explicit = Human, true
	case yesSentence(raw.list) && !question && !r.HasQty && found == 0:
		r.Intent = Yes // "Baik, sudah sesuai. Silakan diproses."
	case complaint(ws, raw) && !(verb && counted && found > 0):
		r.Intent = Complaint
	case pastOrder(ws, raw) && ws.has("pesan") && ws.has("apa") && question:
		r.Intent = Status // "kemarin aku pesen apa ya? lupa"
	case reorder(ws, raw):
		r.Intent = Reorder
	case ws.has("kabari") || raw.seq("let", "me", "know") || raw.seq("notify", "me") ||
		raw.seq("kasih", "tau") && ws.has("ready", "stok", "ada", "restock") || raw.has("restock", "restok") && !question:
		if counted && found > 0 {
			r.Intent = Order // an order that also asks to hear of what is sold out
			break
		}
		r.Intent = Restock
	case paid(ws, raw):
		r.Intent = Paid
	case cartClear(ws, raw):
		r.Intent = CartClear
	case named > 0 && (ws.has("hapus") || (ws.has("batal") || ws.seq("tidak", "jadi")) && !ws.has("pesanan")) && !counted:
		r.Intent = CartRemove
	case named > 0 && counted && (ws.has("jadi", "ubah", "ganti", "change", "update") || ws.any(lessWords) ||
		raw.seq("make", "it")) && !ws.has("berapa", "harga"):
		r.Intent = CartSet
	case (ws.has("batal") || ws.seq("tidak", "jadi")) && ws.has("pesanan", "pesan", "beli", "semua", "semuanya"):
		r.Intent = CancelOrder
	case (ws.has("batal") || ws.seq("tidak", "jadi")) && named == 0 && !counted:
		r.Intent = Abort // "mau cancel aja deh kak"
	case named > 0 && counted && ws.has("saja", "cukup") && !ws.has("tambah", "lagi", "pesan", "mau", "beli") && refers(raw.list),
		named > 0 && counted && raw.has("salah", "bukan", "ralat", "koreksi", "maksudnya", "harusnya", "seharusnya"):
		r.Intent = CartSet // "keripiknya 1 aja deh", "nastarnya 3 bukan 2": what is in the cart
	case (slices.ContainsFunc(raw.list, func(w string) bool { return strings.HasPrefix(w, "belanja") }) || raw.has("keranjang", "keranjangnya")) &&
		ws.has("berapa", "total") && found == 0 ||
		ws.has("total") && (ws.has("berapa") || raw.has("what", "how")) && found == 0 && !r.HasQty:
		r.Intent, r.HowMuch = CartView, true
	case ws.has("cara") && (ws.has("gimana", "apa") || r.Question) && found == 0:
		r.Intent = Help // "kak caranya order lewat sini gimana ya"
	case ws.has("tidakjadi") && named == 0 && !counted:
		r.Intent = Abort // "gajadi deh kak maaf ya"
	case status(ws, raw) && !(counted && found > 0):
		r.Intent = Status
	case ws.has("keranjang") && !counted && !verb:
		r.Intent = CartView
	case shipping(ws, raw, question):
		r.Intent = AskShipping
		r.Place = place(toks)
	case payment(ws, raw, question, &r.Payment):
		r.Intent = AskPayment
	case edit(ws, raw, &r.Target):
		r.Intent = Edit
	case englishWords[norm] || raw.seq("bahasa", "ingris") || raw.seq("in", "english") || raw.seq("speak", "english"):
		r.Intent = English
	case raw.seq("bahasa", "indonesia") || raw.seq("bahasa", "indo") || raw.seq("in", "indonesian"):
		r.Intent = Indonesian
	case ws.seq("ada", "yang") && named > 0 || raw.seq("anything") && named > 0:
		r.Intent = AskStock // "ada yang pedas kak?": which products are
	case detail(ws, raw, question, &r.Topic) && !(verb && counted && found > 0):
		r.Intent = AskDetail
	case catalogAsk(ws, raw):
		r.Intent = Catalog
	case stock(ws, raw, question) && !(verb && counted && found > 0) && !(counted && found > 0 && !question):
		r.Intent = AskStock
	case price(ws, raw) && !(verb && counted && found > 0 && (!question || len(r.Items) > 1 || midQuestion(r.Text))):
		r.Intent = AskPrice
	case named > 0 && (verb || counted):
		r.Intent = Order
	case r.HasQty && named == 0 && (verb || ws.has("lagi")):
		r.Intent = Order // "tambah 1 lagi": more of the product in context
	case named == 0 && ws.has("pesan") && !r.Question:
		r.Intent = Order // "mau order dong kak": what would they like?
	case checkoutWords[strings.Join(trimFillers(raw.list), " ")] || ws.seq("mau", "checkout") || raw.seq("lanjut", "bayar") ||
		raw.has("checkout") && named == 0:
		r.Intent = Checkout
	case catalogAsk(ws, raw):
		r.Intent = Catalog
	case ws.has("makasih") || raw.seq("terima", "kasih") || raw.seq("matur", "nuwun") || raw.seq("hatur", "nuhun") ||
		raw.has("noted", "appreciate", "appreciated") && found == 0:
		r.Intent = Thanks
	case helpWords[strings.Join(trimFillers(raw.list), " ")] || ws.seq("cara", "pesan") || ws.seq("cara", "beli") ||
		ws.seq("cara", "belanja") || raw.seq("how", "to", "order") || raw.seq("how", "do", "i", "order") ||
		ws.has("cara") && (ws.has("gimana", "apa") || r.Question) && found == 0:
		r.Intent = Help
	case !r.HasQty && (allIn(bare, yesWords, lightFillers) || yesWords[strings.Join(trimFillers(raw.list), " ")] || yesSentence(raw.list)):
		r.Intent = Yes
	case allIn(bare, noWords, lightFillers) || noWords[strings.Join(trimFillers(raw.list), " ")]:
		r.Intent = No
	case named > 0:
		r.Intent = Product
	case r.HasQty:
		r.Intent = Order // "2 aja": a count for what was asked
	case hasAny(bare, greetWords) && len(bare) <= 4:
		r.Intent = Greeting
	case len(bare) <= 4 && hasAny(bare, humanWords):
		r.Intent = Human
	}
}

// lessWords take a count off a cart line: "nastarnya dikurangin 1".
var lessWords = WordSet("kurangi", "kurangin", "dikurangi", "dikurangin", "kurangkan", "dikurangkan", "dikurang", "reduce")

// midQuestion: a question asked and then something else said ("harga
// nastar 95rb kan? ambil 1 deh").
func midQuestion(text string) bool {
	t := strings.TrimSpace(text)
	return strings.Contains(t, "?") && !strings.HasSuffix(t, "?")
}

// yesSentence: a confirmation in a few words, "sudah benar kak, lanjut",
// "iyaa kak sudah sesuai", "udah itu aja, lanjut".
func yesSentence(raw []string) bool {
	core := false
	for _, w := range raw {
		switch {
		case yesCore[w]:
			core = true
		case yesFill[w] || lightFillers[w] || Honorifics[w]:
		default:
			return false
		}
	}
	return core
}

var (
	yesCore = WordSet("iya", "ya", "y", "ok", "oke", "okay", "okey", "sip", "benar", "bener", "betul", "sesuai", "lanjut", "lanjutkan", "gas",
		"boleh", "jadi", "yes", "yup", "yap", "cocok", "fix", "fiks", "siap", "mantap", "confirm", "setuju", "deal", "correct", "right", "yoi",
		"aman", "oce", "gaskeun", "cus", "proses", "diproses", "okelah", "okedeh", "nggih", "inggih", "nggeh", "enggih", "njih", "injih",
		"muhun", "sumuhun", "leres", "baik", "baiklah", "silakan", "silahkan", "monggo", "proceed")
	yesFill = WordSet("sudah", "udah", "sdh", "dah", "semua", "semuanya", "itu", "aja", "saja", "deh", "dong", "pesan", "order", "please",
		"pls", "yuk", "ayo", "kok", "kak", "data", "datanya", "pesanannya", "sekarang", "langsung", "segera", "saya", "sy", "aku", "tolong",
		"mohon", "thanks", "makasih", "that", "s", "is", "all", "good", "it", "go", "ahead", "sure", "sounds", "fine", "looks", "perfect",
		"pisan", "sekali", "banget", "diproses", "proses", "kirim", "dikirim", "ditunggu", "nuwun", "nuhun", "suwun", "hatur")
)

// emojiIntent reads a message of emoji only: 👍 is a yes, 🙏 a thanks.
func emojiIntent(s string) Intent {
	for _, set := range []struct {
		emoji  string
		intent Intent
	}{{"👍👌✅🆗✔☑🙆", Yes}, {"👎❌🙅", No}, {"🙏❤💕😍🥰💖💗😘", Thanks}} {
		only := true
		for _, r := range s {
			// Spaces, skin tones and variation selectors go with any emoji.
			if unicode.IsSpace(r) || r >= 0x1F3FB && r <= 0x1F3FF || r == 0xFE0F || r == 0x200D {
				continue
			}
			if !strings.ContainsRune(set.emoji, r) {
				only = false
				break
			}
		}
		if only && strings.ContainsAny(s, set.emoji) {
			return set.intent
		}
	}
	return Unknown
}

// bareWords drops light fillers: "menu dong kak" -> "menu".
func bareWords(raw []string) []string {
	out := make([]string, 0, len(raw))
	for _, w := range raw {
		if !lightFillers[w] {
			out = append(out, w)
		}
	}
	if len(out) == 0 && len(raw) > 0 {
		return raw // "ok", "ya": the filler is the message
	}
	return out
}

// trimFillers drops every filler and honorific.
func trimFillers(raw []string) []string {
	out := make([]string, 0, len(raw))
	for _, w := range raw {
		if !lightFillers[w] && !Honorifics[w] {
			out = append(out, w)
		}
	}
	return out
}

// allIn reports whether every word is in one of the sets (and one is in the first).
func allIn(ws []string, main, extra map[string]bool) bool {
	seen := false
	for _, w := range ws {
		switch {
		case main[w]:
			seen = true
		case extra[w]:
		default:
			return false
		}
	}
	return seen
}

// wantsHuman: the customer asks for a person in so many words.
func wantsHuman(norm string, raw []string) bool {
	if !hasAny(raw, humanCues) {
		return false // every phrase below has one of these
	}
	padded := " " + norm + " "
	for _, p := range paddedHumanPhrases {
		if strings.Contains(padded, p) {
			return true
		}
	}
	// "admin dong", "minta cs", "mau chat admin": a person and the words
	// asking for one; "Bapak Admin" and "rumah pak admin" are not asking.
	person := false
	for _, w := range raw {
		switch {
		case w == "admin" || w == "cs" || w == "operator" || w == "manusia" || w == "human" || w == "mimin" || w == "adminnya" || w == "csnya":
			person = true
		case askPerson[w] || lightFillers[w] && w != "pak" && w != "bu" && w != "bapak" && w != "ibu" && w != "mas" && w != "mbak":
		default:
			return false
		}
	}
	return person
}

// humanCues are the words of humanPhrases and of the requests wantsHuman
// reads, one of which a request for a person has.
var humanCues = func() map[string]bool {
	m := WordSet("admin", "adminnya", "cs", "csnya", "operator", "manusia", "human", "mimin")
	common := WordSet("sama", "dengan", "ke", "mau", "minta", "to", "a", "the", "dong", "please", "ada", "mana", "nya")
	for _, p := range humanPhrases {
		for _, w := range Tokens(p) {
			if !common[w] {
				m[w] = true
			}
		}
	}
	return m
}()

// paddedHumanPhrases are humanPhrases between spaces, to match whole words.
var paddedHumanPhrases = func() []string {
	out := make([]string, len(humanPhrases))
	for i, p := range humanPhrases {
		out[i] = " " + Normalize(p) + " "
	}
	return out
}()

// askPerson are the words around a request for a person: "mau chat admin".
var askPerson = WordSet("mau", "minta", "chat", "hubungi", "panggil", "panggilin", "tolong", "butuh", "sama", "ke", "dengan", "ngobrol",
	"bicara", "ngomong", "tanya", "nanya", "langsung", "aja", "saja", "dulu", "bisa", "ada", "mana", "nya", "adminnya", "want", "talk",
	"to", "an", "a", "the", "please", "with", "need", "real", "speak", "call", "contact", "sambungkan", "sambungin", "hubungkan",
	"aku", "saya", "sy", "gw", "pengen", "ingin", "pingin", "bentar", "sebentar", "boleh", "langsung", "dong", "deh", "kak", "i", "can",
	"could", "may", "someone", "somebody", "person", "telpon", "telepon", "wa", "whatsapp")

func reorder(ws, raw wordSeq) bool {
	past := pastOrder(ws, raw)
	switch {
	case raw.has("reorder", "repeat") && (ws.has("pesan") || raw.has("order")):
		return true
	case ws.seq("pesan", "ulang") || raw.seq("order", "ulang") || raw.seq("beli", "ulang"):
		return true
	case past && ws.has("seperti", "sama", "persis", "same", "yang", "lagi", "ulang", "again"):
		return !ws.has("sampai", "dikirim", "resi", "paket") && !raw.has("sudah", "udah", "belum", "kok")
	case ws.seq("yang", "biasa"):
		return true
	}
	return false
}

// pastOrder reports words pointing at an order before: "kemarin",
// "yang terakhir", "sebelumnya", "yang dulu".
func pastOrder(ws, raw wordSeq) bool {
	return ws.has("kemarin", "terakhir", "biasa", "sebelumnya") || raw.has("lalu", "kemaren", "sebelumnya", "kmaren") ||
		raw.seq("last", "time") || raw.seq("last", "order") || raw.seq("waktu", "itu") || ws.seq("yang", "dulu") ||
		raw.seq("previous", "order") || raw.seq("same", "as", "before")
}

func paid(ws, raw wordSeq) bool {
	if ws.has("belum") || ws.seq("bisa", "transfer") {
		return false
	}
	switch {
	case ws.has("sudah", "barusan") && ws.has("transfer", "bayar") || raw.has("lunas") && ws.has("sudah"):
		return true
	case raw.seq("bukti", "transfer") || ws.seq("bukti", "transfer") || raw.seq("bukti", "bayar") || raw.seq("bukti", "pembayaran"):
		return true
	case raw.seq("already", "paid") || raw.seq("i", "paid") || raw.seq("have", "paid") || raw.seq("payment", "done") ||
		raw.seq("done", "transfer") || ws.seq("done", "transfer") || raw.seq("already", "transfered") || raw.seq("i", "transfered") ||
		raw.seq("have", "transfered") || raw.seq("already", "transfer") || raw.seq("just", "paid") || raw.seq("just", "transfered") ||
		raw.seq("payment", "sent") || raw.seq("sent", "the", "payment") || raw.seq("made", "the", "payment"):
		return true
	case ws.has("transfer") && ws.has("masuk") && !ws.has("ke", "kemana"):
		return true
	case raw.has("sent", "done", "made", "completed", "finished", "already", "just") && ws.has("transfer", "bayar"):
		return true
	}
	return false
}

func complaint(ws, raw wordSeq) bool {
	if ws.any(strongComplaint) || raw.any(strongComplaint) {
		return !ws.has("tidak") || !ws.has("rusak", "basi", "bocor") || ws.has("sudah", "kok") // "gak bocor kan?" asks
	}
	late := ws.has("belum") && ws.has("sampai", "datang", "dateng", "diterima", "nyampe")
	if ws.has("kurang") && ws.has("datang", "dateng", "sampai", "diterima", "terima", "dikirim", "barang", "barangnya", "paket", "paketnya") {
		return true // "barang yg dateng kurang 1 toples"
	}
	switch {
	case ws.seq("tidak", "ada") && ws.has("barang", "barangnya", "paket", "pesanan", "isinya", "isi") && ws.has("dikirim", "sampai", "datang", "dateng", "buka", "dibuka", "terima", "diterima"):
		return true
	case raw.seq("kurang", "enak") || ws.seq("tidak", "enak") || ws.has("beda") && ws.has("kemarin", "foto", "gambar", "biasanya", "sebelumnya"):
		return true
	case late && (raw.has("kok", "koq", "kenapa", "lama", "juga", "masih", "udah", "sudah", "hari", "mingu") || ws.has("kenapa", "sudah")):
		return true
	case raw.seq("lama", "banget") || ws.seq("lama", "banget") || raw.seq("lama", "sekali") || raw.seq("kok", "lama"):
		return true
	case ws.seq("tidak", "sampai") || ws.seq("tidak", "datang") || ws.seq("tidak", "sesuai") || raw.seq("salah", "kirim") ||
		raw.seq("salah", "barang") || raw.seq("salah", "rasa") || raw.seq("salah", "varian") || raw.seq("salah", "pesanan") ||
		raw.seq("beda", "sama") || ws.seq("tidak", "enak") || raw.seq("isinya", "kurang") || raw.seq("jumlahnya", "kurang") ||
		raw.seq("barangnya", "kurang") || raw.seq("kurang", "satu") || raw.seq("wrong", "item") || raw.seq("never", "arived") ||
		raw.seq("not", "arived") || raw.seq("hasn", "t", "arived") || raw.seq("stil", "not") || raw.seq("belum", "juga"):
		return true
	}
	return false
}

func cartClear(ws, raw wordSeq) bool {
	return raw.has("kosongkan", "kosongin", "kosongkn", "clear", "empty") && !ws.has("stok") ||
		ws.has("hapus") && raw.has("semua", "semuanya", "al") ||
		ws.has("batal") && raw.has("semua", "semuanya") && ws.has("keranjang")
}

func status(ws, raw wordSeq) bool {
	switch {
	case ws.has("pesanan") && ws.has("lihat", "berapa", "total", "detail", "info"):
		return true
	case ws.has("ekspedisi", "kurir", "kurirnya") && ws.has("apa", "pakai", "siapa", "mana", "which", "what"):
		return true
	case ws.has("resi") || raw.has("lacak", "track", "tracking", "lacakan"):
		return true
	case ws.has("paket", "pesanan") && ws.has("dikirim", "kirim", "sampai", "gimana", "mana", "kapan", "status", "diproses", "proses", "sudah", "belum", "posisi"):
		return true
	case raw.has("order", "orderan", "pesan") && ws.has("dikirim", "diproses", "sampai", "status") && ws.has("sudah", "belum", "kapan", "gimana", "mana"):
		return true
	case ws.has("dikirim") && ws.has("kapan", "sudah", "belum"):
		return true
	case ws.seq("sampai", "mana") || raw.seq("where", "is", "my") || raw.seq("my", "order") || raw.seq("my", "package") ||
		raw.seq("has", "it", "shiped") || raw.seq("ben", "shiped") || raw.seq("order", "status") || raw.seq("my", "parcel"):
		return true
	case ws.has("diproses") && ws.has("sudah", "belum", "kapan"):
		return true
	}
	return false
}

func shipping(ws, raw wordSeq, question bool) bool {
	switch {
	case ws.has("ongkir") || raw.seq("ongkos", "kirim") || raw.seq("biaya", "kirim") || raw.seq("biaya", "pengiriman") ||
		raw.seq("delivery", "fe") || raw.seq("delivery", "cost") || raw.seq("shiping", "cost") || raw.seq("shiping", "fe"):
		return true
	case ws.has("kirim", "dikirim") && raw.has("ke", "luar") && question:
		return true
	case raw.has("ship", "deliver", "delivery", "shipping", "send", "antar", "diantar", "nganter", "anter", "dianter") && raw.has("to", "ke") && question:
		return true
	case raw.has("pick", "pickup", "ambil") && question && raw.has("can", "bisa", "myself", "sendiri", "where", "mana", "dimana", "alamat",
		"alamatnya", "lokasi", "lokasinya", "address"):
		return true
	case raw.has("jangkauan", "area", "wilayah", "daerah", "coverage", "zona") && question && ws.has("kirim", "dikirim", "bisa"):
		return true
	}
	return false
}

func payment(ws, raw wordSeq, question bool, m *lapak.PaymentMethod) bool {
	for _, w := range raw.list {
		if pm, ok := paymentNames[w]; ok && *m == "" {
			*m = pm
		}
	}
	if *m == "" && ws.has("transfer") {
		*m = lapak.PayTransfer
	}
	switch {
	case ws.has("rekening") || raw.seq("no", "rek") || raw.seq("nomor", "rekening") || raw.seq("bank", "apa") ||
		ws.seq("transfer", "ke", "mana") || ws.seq("transfer", "kemana") || raw.seq("bank", "acount"):
		*m = lapak.PayTransfer
		return true
	case ws.seq("bayar", "pakai", "apa") || ws.seq("bayar", "gimana") || ws.seq("bayar", "lewat", "apa") || raw.seq("metode", "pembayaran") ||
		raw.seq("metode", "bayar") || raw.seq("cara", "bayar") || raw.seq("cara", "pembayaran") || raw.seq("payment", "method") ||
		raw.seq("payment", "methods") || raw.seq("how", "can", "i", "pay") || raw.seq("how", "to", "pay") || raw.seq("how", "do", "i", "pay") ||
		ws.seq("bayar", "via", "apa") || ws.seq("bisa", "bayar") || raw.seq("pembayarannya", "gimana") || raw.seq("pembayarannya", "apa") ||
		ws.has("bayar") && raw.seq("how", "much") || ws.has("bayar") && ws.has("apa") && question:
		return true
	case *m != "" && (question || ws.has("bisa", "terima", "ada") || raw.has("acept", "terima")):
		return true
	case ws.has("bayar", "transfer") && deadline(ws, raw):
		return true // "batas bayarnya sampai kapan?"
	}
	*m = ""
	return false
}

// deadline reports a question about until when: "sampai kapan", "batas
// waktu", "paling lambat", "how long do I have".
func deadline(ws, raw wordSeq) bool {
	return raw.has("batas", "deadline", "tenggat", "maksimal", "maks") || ws.seq("sampai", "kapan") || raw.seq("paling", "lambat") ||
		raw.seq("berapa", "jam") || ws.seq("berapa", "lama") || raw.seq("how", "long") || raw.seq("until", "when") || raw.has("expire", "expires")
}

func edit(ws, raw wordSeq, target *string) bool {
	if !raw.has("ganti", "ubah", "edit", "change", "koreksi", "ralat", "revisi", "salah", "ganti", "update", "diganti", "diubah") {
		return false
	}
	switch {
	case ws.has("alamat"):
		*target = "address"
	case ws.has("nama") || raw.seq("penerima"):
		*target = "name"
	case raw.has("hp", "wa", "telp", "telepon", "phone", "whatsap") || ws.seq("nomor"):
		*target = "phone"
	case ws.has("bayar", "transfer") || raw.has("pembayaran", "payment", "cod", "qris"):
		*target = "payment"
	case ws.has("kirim", "dikirim", "ongkir") || raw.has("pengiriman", "kurir", "delivery", "ekspedisi", "pickup", "ambil"):
		*target = "delivery"
	case ws.has("keranjang", "pesanan") || raw.has("barang", "isi"):
		*target = "cart"
	default:
		return false
	}
	return true
}

// Topics of product questions and the words that name them.
var topicWords = normalizedMap(map[string]string{
	"pedas": "pedas", "tahan": "tahan", "grams": "berat", "sachets": "isi", "pcs": "isi", "meat": "bahan", "expired": "tahan", "kadaluarsa": "tahan", "kedaluwarsa": "tahan",
	"kadaluwarsa": "tahan", "exp": "tahan", "berat": "berat", "gram": "berat", "heavy": "berat", "kilo": "berat", "isi": "isi",
	"pieces": "isi", "keping": "isi", "ukuran": "ukuran", "besar": "ukuran", "big": "ukuran", "diameter": "ukuran", "cm": "ukuran",
	"bahan": "bahan", "komposisi": "bahan", "terbuat": "bahan", "ingredients": "bahan", "ingredient": "bahan", "made": "bahan",
	"pengawet": "bahan", "preservative": "bahan", "preservatives": "bahan", "halal": "halal", "rasa": "rasa", "varian": "rasa",
	"rasanya": "rasa", "flavor": "rasa", "flavors": "rasa", "flavour": "rasa", "flavours": "rasa", "variants": "rasa", "pilihan": "rasa",
	"foto": "foto", "gambar": "foto", "photo": "foto", "picture": "foto", "pic": "foto", "fotonya": "foto", "gambarnya": "foto",
	"manis": "rasa", "enak": "rasa", "asin": "rasa", "gurih": "rasa", "sweet": "rasa", "taste": "rasa", "lama": "tahan",
	"awet": "tahan", "volume": "isi", "ml": "isi", "liter": "isi", "contents": "isi", "porsi": "isi", "spicy": "pedas",
	"dingin": "tahan", "kulkas": "tahan", "fridge": "tahan", "weight": "berat", "size": "ukuran", "kg": "berat", "g": "berat",
	"gr": "berat",
})

// topics lists every product detail a message asks about, in order:
// "is it spicy? and how big is the bottle?" asks "pedas" and "ukuran".
func topics(raw []string) []string {
	var out []string
	for _, w := range raw {
		t, ok := topicWords[w]
		if !ok {
			t, ok = topicWords[intentWord(w)]
		}
		if ok && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func detail(ws, raw wordSeq, question bool, topic *string) bool {
	if !question && !raw.has("gak", "ga", "ngak", "enga", "tidak", "kah", "apa", "seberapa", "berapa") {
		return false
	}
	if raw.has("left", "remaining", "sisa", "tinggal", "stok", "stock") {
		return false // "how many left?" asks the stock
	}
	for i, w := range raw.list {
		t, ok := topicWords[w]
		if !ok {
			t, ok = topicWords[ws.list[i]]
		}
		if !ok {
			t, ok = topicWords[canonical(w)]
		}
		if !ok {
			continue
		}
		switch t {
		case "tahan":
			if w == "lama" && !raw.has("tahan", "awet", "bertahan", "simpan", "disimpan", "last", "kep") {
				continue // "lama banget" is a complaint, "berapa lama dikirim" a shipping question
			}
		case "rasa":
			if w == "rasa" && !ws.has("apa", "berapa", "gimana", "pilihan", "varian") && !question {
				continue
			}
		case "isi", "ukuran", "berat":
			if sizeWords[w] && (i == 0 || ws.list[i-1] != "berapa" && raw.list[i-1] != "many") {
				continue // "1 liter brp": the variant, asked its price
			}
		}
		*topic = t
		return true
	}
	if raw.seq("how", "long") || raw.seq("berapa", "lama") {
		*topic = "tahan"
		return true
	}
	if ws.has("bisa") && raw.has("dipesan", "dipesen", "diorder", "pesan", "order", "ready") && raw.has("besok", "lusa", "tanggal", "tgl", "kapan", "tomorrow") {
		*topic = "pesan" // "bolu pandan bisa dipesan buat besok?": when it is made
		return true
	}
	if (raw.seq("how", "many") || raw.seq("dapat", "berapa") || raw.seq("dapet", "berapa") || raw.seq("isi", "berapa")) &&
		!raw.has("left", "remaining", "stock", "available", "have", "sisa", "stok") {
		*topic = "isi"
		return true
	}
	return false
}

func stock(ws, raw wordSeq, question bool) bool {
	switch {
	case ws.has("ready", "stok", "sisa", "tersedia", "restock", "kosong", "habis", "available") || raw.has("sedia", "nyetok", "stock"):
		return true
	case ws.seq("masih", "ada") || raw.seq("in", "stock") || raw.seq("how", "many") && raw.has("left", "remaining", "available", "stock"):
		return true
	case question && (raw.seq("do", "you", "have") || raw.seq("do", "you", "sel") || raw.seq("is", "there") ||
		raw.seq("are", "there") || raw.seq("have", "any") || raw.seq("you", "have") || raw.has("any") || raw.has("left")):
		return true
	case ws.has("ada", "jual", "jualan", "punya") && (question || ws.has("tidak")):
		return true
	}
	return false
}

func price(ws, raw wordSeq) bool {
	return ws.has("harga", "berapa", "price") || raw.seq("how", "much") || raw.has("berapan", "cost", "costs", "brapan", "pricelist", "prices") ||
		raw.has("total", "totalnya")
}

func catalogAsk(ws, raw wordSeq) bool {
	switch {
	case raw.has("katalog", "catalog", "catalogue", "pricelist", "katalognya", "menunya", "produknya") && !ws.has("ready", "stok"):
		return true
	case ws.has("jual", "jualan", "ada", "produk", "menu", "punya") && ws.seq("apa", "saja"):
		return true
	case raw.seq("what", "do", "you", "sel") || raw.seq("what", "do", "you", "have") || raw.seq("show", "me") ||
		raw.has("list") && raw.has("produk", "harga", "menu", "product", "products", "price"):
		return true
	case ws.has("lihat") && raw.has("produk", "menu", "barang", "katalog", "jualan", "produknya", "products"):
		return true
	}
	return false
}

// place is the city or area after "ke"/"to" (or after "ongkir"):
// "ongkir ke Bandung brp?" -> "Bandung".
func place(ts []tok) string {
	start := -1
	for i, t := range ts {
		if t.k != tWord {
			continue
		}
		if t.w == "ke" || t.w == "to" || t.w == "kota" || t.w == "daerah" || t.w == "wilayah" || t.w == "area" {
			start = i + 1
		}
	}
	if start < 0 {
		for i, t := range ts {
			if t.k == tWord && (canon(t.w) == "ongkir" || t.w == "kirim") {
				start = i + 1
			}
		}
	}
	if start < 0 {
		return ""
	}
	var words []string
	for _, t := range ts[start:] {
		if t.k == tSep && len(words) > 0 {
			break
		}
		if t.k != tWord {
			continue
		}
		c := canon(t.w)
		if placeStop[c] || placeStop[t.w] || Honorifics[t.w] {
			if len(words) > 0 {
				break
			}
			continue
		}
		words = append(words, t.raw)
		if len(words) == 3 {
			break
		}
	}
	return strings.Join(words, " ")
}

// placeStop ends a place name: "ke Bandung berapa", "ke Medan bisa?".
var placeStop = WordSet("berapa", "bisa", "tidak", "ya", "dong", "saja", "kira", "kena", "jadi", "kah", "sih", "nih", "deh", "ongkir",
	"harga", "biaya", "ongkos", "kirim", "dikirim", "brp", "apa", "mana", "gimana", "sampai", "ke", "to", "the", "how", "much", "is",
	"for", "please", "and", "dan", "sama", "yang", "pakai", "via", "lewat", "kurir", "jne", "jnt", "sicepat", "gojek", "grab", "itu",
	"ini", "rumah", "saya", "cost", "shipping", "delivery", "can", "you", "ship", "deliver", "send", "kota", "daerah", "wilayah",
	"area", "sekitar", "berapaan", "untuk", "buat", "kalau", "kalo", "nya", "juga", "also", "do", "does", "what")

// language tells whether words are clearly English or Indonesian: one
// English function word with no Indonesian one ("any smoked fish
// sambal?", "2 ginger drink please") is enough; English shop words
// ("price", "chips") need two.
func language(raw []string) lapak.Language {
	strong, weak, id := 0, 0, 0
	for _, w := range raw {
		switch {
		case englishMarkers[w]:
			strong++
		case englishWords2[w]:
			weak++
		}
		if indonesianMarkers[w] {
			id++
		}
	}
	switch {
	case id == 0 && (strong >= 1 || weak >= 2), strong >= 4 && strong >= 3*id:
		return lapak.English
	case id >= 2 && strong == 0, id >= 1 && strong+weak == 0 && len(raw) >= 3:
		return lapak.Indonesian
	}
	return ""
}

var (
	englishMarkers = WordSet("i", "im", "you", "your", "the", "is", "are", "was", "do", "does", "did", "want", "would", "could", "should",
		"please", "how", "what", "much", "many", "have", "has", "can", "my", "me", "of", "with", "it", "this", "that", "some", "any",
		"need", "like", "where", "when", "which", "there", "here", "already", "yet", "not", "will", "be", "an", "if", "we", "they",
		"our", "us", "am", "been", "just", "still", "why", "who", "left", "hasn", "isn", "don", "doesn", "didn", "won", "can't", "i'll",
		"i'd", "i'm", "its", "sorry", "anything", "something", "also", "too",
		"them", "those", "these", "from", "about", "give", "tell", "let", "know", "again", "same", "last", "time", "very", "really", "account")
	// englishWords2 are English shop words Indonesians borrow now and then.
	englishWords2 = WordSet("in", "thank", "thanks", "yes", "to", "for", "and", "a", "get", "send", "long", "ship", "shipping", "deliver", "delivery", "buy", "price",
		"cost", "available", "stock", "paid", "pay", "payment", "cancel", "spicy", "sweet", "cheese", "tart", "tarts", "chips", "cookies",
		"cake", "coffee", "tea", "drink", "sauce", "paste", "floss", "fish", "squid", "peanuts", "banana", "cassava", "beef", "milk", "sell",
		"add", "remove", "change", "make", "show", "total", "order", "fee", "pick", "up", "broken", "arrived", "package", "bottle", "pack",
		"packs", "box", "pieces", "grams", "heavy", "inside", "sticks", "tea", "ginger", "layer", "thousand", "preservatives", "halal")
	indonesianMarkers = WordSet("mau", "kak", "ka", "min", "gan", "sis", "beli", "pesan", "pesen", "berapa", "brp", "ya", "dong", "aja", "saja",
		"saya", "aku", "ada", "gak", "ga", "nggak", "tidak", "bisa", "dan", "yang", "yg", "sama", "sudah", "udah", "belum", "apa",
		"gimana", "kapan", "kirim", "harga", "tolong", "makasih", "terima", "kasih", "ini", "itu", "deh", "nih", "sih", "kalau", "kalo",
		"jadi", "lagi", "juga", "untuk", "buat", "dengan", "bayar", "ongkir", "pakai", "pake", "bahasa", "indonesia", "kah", "dulu",
		"masih", "boleh", "minta", "ambil", "mana", "kenapa", "kok", "bang", "mbak", "mas", "bu", "pak", "nya", "sy", "gk", "udh",
		"sdh", "blm", "tdk", "bgt", "banget", "engga", "ngga", "enggak", "lho", "loh", "dah", "iya", "siap", "sip", "oke",
		// The labels of an Indonesian order form.
		"nama", "alamat", "pesanan", "pembayaran", "penerima", "catatan", "jumlah", "kecamatan", "kelurahan", "pengiriman", "ekspedisi")
)

// Affirms reports a message that says yes in its own words and takes
// nothing back: "iya kak, transfer ya", "sip kak lanjut bayar".
func Affirms(text string) bool {
	ws := Tokens(text)
	yes, first := false, true
	for _, w := range ws {
		switch c := intentWord(w); {
		case negations[w] || negations[c]:
			return false
		case weakYes[w] && !first:
			// "nanti dulu ya": a "ya" after other words is a particle.
		case yesCore[w] || yesCore[c]:
			yes = true
		}
		if !Honorifics[w] && !greetWords[w] {
			first = false
		}
	}
	return yes
}

// weakYes say yes only at the start of a message: "ya, transfer", not
// "nanti dulu ya".
var weakYes = WordSet("ya", "y", "yaa", "jadi", "boleh", "yo")

// negations take a yes back or ask for a change.
var negations = WordSet("tidak", "belum", "jangan", "ganti", "ubah", "salah", "batal", "tunggu", "bentar", "sebentar", "wait", "no",
	"not", "dont", "don", "cancel", "edit", "change", "koreksi", "ralat", "kecuali", "tapi", "but", "hapus", "kurang", "tambah",
	"nanti", "ntar", "tanya", "tanyain", "pikir", "pikirin", "dipikir", "mikir", "diskusi", "nunggu", "later", "think", "hold", "ragu",
	"mungkin", "maybe", "perhaps", "gajadi", "tidakjadi", "enggak", "ngga", "nggak", "gak", "ga")

// DeliveryWords reports a message asking for delivery by courier: "mau
// dikirim aja", "pakai kurir".
func DeliveryWords(text string) bool {
	ws := newWordSeq(Tokens(text))
	return ws.has("dikirim", "kirim", "kirimin", "antar", "diantar", "anter", "dianter", "kurir", "delivery", "deliver", "ship", "courier") &&
		!ws.seq("tidak", "usah", "dikirim") && !ws.seq("jangan", "dikirim")
}

// resellerWords name the reseller program.
var resellerWords = []string{"reseller", "resseller", "reseler", "dropshipper", "dropshiper", "affiliate", "afiliasi"}

// resellerSignup: "daftar reseller", "mau jadi reseller", "gabung jadi
// reseller dong", "how do I become a reseller", "join as reseller".
func resellerSignup(raw wordSeq) bool {
	if !raw.has(resellerWords...) {
		return false
	}
	return raw.has("daftar", "mendaftar", "gabung", "bergabung", "join", "register", "signup", "become", "jadi", "menjadi", "ikut", "ikutan", "apply")
}

// myLinks: "link saya", "link reseller saya", "minta link", "my link", "my links".
func myLinks(raw wordSeq) bool {
	if !raw.has("link", "links", "tautan") || len(raw.list) > 5 {
		return false
	}
	return raw.has("saya", "aku", "ku", "gue", "gw", "my", "reseller", "linkku", "minta", "share", "bagikan", "berbagi")
}
