package console

// The console's own words, Bahasa Indonesia first with English after: the
// console does not know the customer's language, the flows' text does.
const (
	msgHint   = "Lapak siap. Ketik 'menu' untuk mulai, Ctrl-D untuk keluar. (Type 'menu' to start, Ctrl-D to quit.)"
	msgPrompt = "> "
	msgImage  = "🖼  gambar: %s"
	msgOther  = "──── pesan untuk %s / message to that account ────"
	msgNoImg  = "🖼  (gambar tidak bisa ditampilkan / image unavailable)"
)
