package telegram

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lapak-id/lapak"
)

func decodeUpdate(t *testing.T, s string) tgbotapi.Update {
	t.Helper()
	var u tgbotapi.Update
	if err := json.Unmarshal([]byte(s), &u); err != nil {
		t.Fatal(err)
	}
	return u
}

func TestToInbound(t *testing.T) {
	const from = `"from":{"id":42,"is_bot":false,"first_name":"Siti","last_name":"Aminah","username":"siti"}`
	const chat = `"chat":{"id":42,"type":"private"}`
	tests := []struct {
		name   string
		update string
		want   lapak.Inbound
		ignore bool
	}{
		{
			name:   "text",
			update: `{"update_id":7,"message":{"message_id":3,` + from + `,` + chat + `,"date":1,"text":"pesan keripik 2"}}`,
			want:   lapak.Inbound{MessageID: "m42:3", ChatID: "42", SenderName: "Siti Aminah", Text: "pesan keripik 2"},
		},
		{
			name:   "deep link keeps the payload as text",
			update: `{"update_id":8,"message":{"message_id":4,` + from + `,` + chat + `,"date":1,"text":"/start ref_AB12","entities":[{"type":"bot_command","offset":0,"length":6}]}}`,
			want:   lapak.Inbound{MessageID: "m42:4", ChatID: "42", SenderName: "Siti Aminah", Text: "/start ref_AB12"},
		},
		{
			name:   "button press",
			update: `{"update_id":9,"callback_query":{"id":"987","data":"qty:45:2",` + from + `,"chat_instance":"x","message":{"message_id":1,` + chat + `,"date":1,"text":"menu"}}}`,
			want:   lapak.Inbound{MessageID: "c987", ChatID: "42", SenderName: "Siti Aminah", ChoiceID: "qty:45:2"},
		},
		{
			name: "photo: the largest size, caption as text",
			update: `{"update_id":10,"message":{"message_id":5,` + from + `,` + chat + `,"date":1,"caption":"bukti transfer","photo":[` +
				`{"file_id":"small","file_unique_id":"a","width":90,"height":90},` +
				`{"file_id":"big","file_unique_id":"b","width":1280,"height":720},` +
				`{"file_id":"mid","file_unique_id":"c","width":320,"height":180}]}}`,
			want: lapak.Inbound{MessageID: "m42:5", ChatID: "42", SenderName: "Siti Aminah", Text: "bukti transfer",
				Image: &lapak.Attachment{Ref: "big", MIME: "image/jpeg"}},
		},
		{
			name:   "image sent as a file",
			update: `{"update_id":11,"message":{"message_id":6,` + from + `,` + chat + `,"date":1,"document":{"file_id":"doc1","file_unique_id":"d","mime_type":"image/png"}}}`,
			want:   lapak.Inbound{MessageID: "m42:6", ChatID: "42", SenderName: "Siti Aminah", Image: &lapak.Attachment{Ref: "doc1", MIME: "image/png"}},
		},
		{
			name: "a big image file keeps its size; a reply carries what it replies to",
			update: `{"update_id":12,"message":{"message_id":7,` + from + `,` + chat + `,"date":1,"caption":"/foto NST-1",` +
				`"document":{"file_id":"doc2","file_unique_id":"e","mime_type":"image/jpeg","file_size":10485760},` +
				`"reply_to_message":{"message_id":2,"chat":{"id":42,"type":"private"},"date":1,"text":"Nastar Keju\n• 450 g"}}}`,
			want: lapak.Inbound{MessageID: "m42:7", ChatID: "42", SenderName: "Siti Aminah", Text: "/foto NST-1",
				Image: &lapak.Attachment{Ref: "doc2", MIME: "image/jpeg", Size: 10485760}, ReplyText: "Nastar Keju\n• 450 g"},
		},
		{
			name:   "a file that is not a picture",
			update: `{"update_id":13,"message":{"message_id":8,` + from + `,` + chat + `,"date":1,"caption":"/foto NST-1","document":{"file_id":"pdf1","file_unique_id":"f","mime_type":"application/pdf","file_size":2000}}}`,
			want: lapak.Inbound{MessageID: "m42:8", ChatID: "42", SenderName: "Siti Aminah", Text: "/foto NST-1",
				File: &lapak.Attachment{Ref: "pdf1", MIME: "application/pdf", Size: 2000}},
		},
		{
			name:   "shared contact",
			update: `{"update_id":12,"message":{"message_id":7,` + from + `,` + chat + `,"date":1,"contact":{"phone_number":"+6281234567890","first_name":"Siti","user_id":42}}}`,
			want:   lapak.Inbound{MessageID: "m42:7", ChatID: "42", SenderName: "Siti Aminah", Phone: "+6281234567890"},
		},
		{
			name:   "username when no name",
			update: `{"update_id":13,"message":{"message_id":8,"from":{"id":42,"is_bot":false,"first_name":"","username":"siti"},` + chat + `,"date":1,"text":"hai"}}`,
			want:   lapak.Inbound{MessageID: "m42:8", ChatID: "42", SenderName: "siti", Text: "hai"},
		},
		{name: "group message", ignore: true,
			update: `{"update_id":14,"message":{"message_id":9,` + from + `,"chat":{"id":-100,"type":"supergroup"},"date":1,"text":"hai"}}`},
		{name: "from a bot", ignore: true,
			update: `{"update_id":15,"message":{"message_id":9,"from":{"id":7,"is_bot":true,"first_name":"B"},` + chat + `,"date":1,"text":"hai"}}`},
		{name: "edited message (not subscribed)", ignore: true,
			update: `{"update_id":16,"edited_message":{"message_id":9,` + from + `,` + chat + `,"date":1,"text":"hai"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := toInbound(decodeUpdate(t, tt.update))
			if tt.ignore {
				if ok {
					t.Fatalf("want ignored, got %+v", got)
				}
				return
			}
			if !ok {
				t.Fatal("update ignored")
			}
			tt.want.Channel = lapak.ChannelTelegram
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(tt.want)
			if string(gj) != string(wj) {
				t.Errorf("got  %s\nwant %s", gj, wj)
			}
		})
	}
}

func TestSplitText(t *testing.T) {
	line := strings.Repeat("x", 99) + "\n" // 100 per line
	long := strings.Repeat(line, 100)      // 10,000
	parts := splitText(long, MaxText)
	if len(parts) != 3 {
		t.Fatalf("got %d parts, want 3", len(parts))
	}
	for _, p := range parts {
		if utf16Len(p) > MaxText {
			t.Errorf("part of %d units", utf16Len(p))
		}
		if strings.HasPrefix(p, "\n") || !strings.HasSuffix(p, "x") {
			t.Errorf("part not cut at a line break: %q…", p[:10])
		}
	}
	if got := strings.Join(parts, "\n"); got != strings.TrimSpace(long) {
		t.Error("parts do not add up to the text")
	}

	// No line breaks, no spaces, emoji (2 UTF-16 units each): cut inside, never mid-rune.
	emoji := strings.Repeat("🌶", 3000)
	parts = splitText(emoji, MaxText)
	total := 0
	for _, p := range parts {
		if !utf8.ValidString(p) || utf16Len(p) > MaxText {
			t.Fatalf("bad part: valid=%v units=%d", utf8.ValidString(p), utf16Len(p))
		}
		total += utf8.RuneCountInString(p)
	}
	if total != 3000 {
		t.Errorf("lost runes: %d", total)
	}
	if got := splitText("halo kak", MaxText); len(got) != 1 || got[0] != "halo kak" {
		t.Errorf("short text: %q", got)
	}
}

func TestLabel(t *testing.T) {
	for in, want := range map[string]string{
		"Katalog":               "Katalog",
		"  Keripik\nPedas\t ":   "Keripik Pedas",
		"":                      "•",
		strings.Repeat("a", 60): strings.Repeat("a", 39) + "…",
	} {
		if got := label(in); got != want {
			t.Errorf("label(%q) = %q, want %q", in, got, want)
		}
	}
}
