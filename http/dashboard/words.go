package dashboard

import lapak "github.com/lapak-id/lapak"

// words are the dashboard's sentences: key → {Indonesian, English}. Each
// part of the dashboard keeps its own beside its pages; a test checks
// every {{t "key"}} in the templates has both.
type words map[string][2]string

// allWords joins every part's words; a key defined twice is a test failure.
var allWords = join(commonWords, authWords, todayWords, orderWords, inboxWords, catalogWords,
	customerWords, promoWords, resellerWords, reportWords, settingsWords)

func join(parts ...words) words {
	all := words{}
	for _, p := range parts {
		for k, v := range p {
			all[k] = v
		}
	}
	return all
}

// word is key in lang; a missing key shows itself (the test forbids it).
func word(lang lapak.Language, key string) string {
	w, ok := allWords[key]
	if !ok {
		return key
	}
	if lang == lapak.English && w[1] != "" {
		return w[1]
	}
	return w[0]
}

var commonWords = words{
	"app.title":       {"Dasbor", "Dashboard"},
	"nav.today":       {"Hari ini", "Today"},
	"nav.orders":      {"Pesanan", "Orders"},
	"nav.inbox":       {"Chat", "Inbox"},
	"nav.catalog":     {"Katalog", "Catalog"},
	"nav.customers":   {"Pelanggan", "Customers"},
	"nav.promos":      {"Promo", "Promos"},
	"nav.resellers":   {"Reseller", "Resellers"},
	"nav.reports":     {"Laporan", "Reports"},
	"nav.settings":    {"Pengaturan", "Settings"},
	"nav.logout":      {"Keluar", "Log out"},
	"nav.menu":        {"Menu", "Menu"},
	"role.owner":      {"pemilik", "owner"},
	"role.staff":      {"staf", "staff"},
	"common.save":     {"Simpan", "Save"},
	"common.cancel":   {"Batal", "Cancel"},
	"common.search":   {"Cari", "Search"},
	"common.next":     {"Berikutnya", "Next"},
	"common.prev":     {"Sebelumnya", "Previous"},
	"common.none":     {"Belum ada.", "Nothing yet."},
	"common.back":     {"Kembali", "Back"},
	"common.export":   {"Unduh", "Download"},
	"common.all":      {"Semua", "All"},
	"error.title":     {"Ada masalah", "Something went wrong"},
	"error.internal":  {"Maaf, ada gangguan. Coba lagi sebentar lagi.", "Sorry, something went wrong. Please try again shortly."},
	"error.notfound":  {"Halaman atau data ini tidak ada.", "This page or item does not exist."},
	"error.forbidden": {"Halaman ini hanya untuk pemilik toko.", "This page is for the shop's owner only."},
	"error.csrf":      {"Formulir ini sudah kedaluwarsa. Muat ulang halaman lalu coba lagi.", "This form has expired. Reload the page and try again."},
	"error.loggedout": {"Sesi Anda sudah berakhir. Silakan masuk lagi.", "Your session has ended. Please log in again."},
	"error.badrequest": {"Isian formulir tidak bisa dibaca. Periksa lagi lalu kirim ulang.",
		"The form could not be read. Check it and send it again."},
	"error.throttled": {"Terlalu banyak percobaan masuk yang salah. Tunggu 15 menit lalu coba lagi.",
		"Too many wrong login attempts. Wait 15 minutes and try again."},
	"error.home": {"Ke halaman utama", "Go to the start page"},
}
