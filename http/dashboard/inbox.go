package dashboard

// inboxStore is what the inbox pages read (storage.Store).
type inboxStore interface{}

var inboxWords = words{}

// inboxRoutes mounts the inbox pages.
func (d *Dashboard) inboxRoutes() {}
