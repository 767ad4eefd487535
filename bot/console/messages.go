package console

// The console's own words, Bahasa Indonesia first with English after: the
// console does not know the customer's language, the flows' text does.
const (
	msgHint   = "Lapak siap. Ketik 'menu' untuk mulai, '/foto FILE' untuk kirim foto (misalnya bukti transfer), Ctrl-D untuk keluar. (Type 'menu' to start, '/photo FILE' to send a picture such as a transfer proof, Ctrl-D to quit.)"
	msgPrompt = "> "
	msgImage  = "🖼  gambar: %s"
	msgOther  = "──── pesan untuk %s / message to that account ────"
	msgNoImg  = "🖼  (gambar tidak bisa ditampilkan / image unavailable)"

	msgPhotoUsage = "📷 Tulis /foto lalu nama filenya, misalnya /foto bukti.jpg. (Type /photo and the file, e.g. /photo proof.jpg.) Tidak ada yang dikirim. (Nothing was sent.)"
	msgPhotoBad   = "📷 Foto %q tidak bisa dikirim: %s. Tidak ada yang dikirim. (The picture cannot be sent; nothing was sent.)"
	// Why, for msgPhotoBad.
	msgPhotoLong    = "jalurnya terlalu panjang / path too long"
	msgPhotoMissing = "tidak ada / not found"
	msgPhotoNotPic  = "bukan gambar / not a picture"
)
