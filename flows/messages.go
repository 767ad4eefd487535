package flows

import (
	"fmt"

	lapak "github.com/lapak-id/lapak"
)

// catalogs holds every customer-facing sentence, one map per language
// (messages_id.go, messages_en.go), keyed by message id.
var catalogs = map[lapak.Language]map[string]string{
	lapak.Indonesian: messagesID,
	lapak.English:    messagesEN,
}

// msg formats message key in lang, falling back to Indonesian; a missing key
// shows the key itself rather than failing the conversation.
func msg(lang lapak.Language, key string, args ...any) string {
	f, ok := catalogs[lang][key]
	if !ok {
		f, ok = messagesID[key]
	}
	if !ok {
		return key
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}
