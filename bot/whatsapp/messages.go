package whatsapp

import "github.com/lapak-id/lapak"

// The adapter's own few words; everything else the customer reads comes
// from the flows' catalogs. Bahasa Indonesia first, English second.
const (
	msgPleaseType = "please_type"
	msgLoggedOut  = "logged_out"
	msgReplyHint  = "reply_hint"
)

var messages = map[lapak.Language]map[string]string{
	lapak.Indonesian: {
		msgPleaseType: "Maaf kak, pesan suara dan stiker belum bisa kami baca 🙏 Tolong ketik ya kak, misalnya \"menu\".",
		msgLoggedOut:  "⚠️ WhatsApp toko terputus: nomornya dikeluarkan dari Perangkat tertaut. Jalankan `lapak whatsapp-login` untuk menautkan lagi. Channel lain tetap jalan.",
		msgReplyHint:  "Balas dengan angka ya kak",
	},
	lapak.English: {
		msgPleaseType: "Sorry, we can't read voice notes and stickers yet 🙏 Please type your message, for example \"menu\".",
		msgLoggedOut:  "⚠️ The shop's WhatsApp is disconnected: the number was removed from Linked devices. Run `lapak whatsapp-login` to link it again. Other channels keep running.",
		msgReplyHint:  "Reply with a number",
	},
}

// text is message key in lang, Indonesian when lang has none.
func text(lang lapak.Language, key string) string {
	if s, ok := messages[lang][key]; ok {
		return s
	}
	return messages[lapak.Indonesian][key]
}
