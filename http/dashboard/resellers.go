package dashboard

// resellerStore is what the resellers pages read (storage.Store).
type resellerStore interface{}

var resellerWords = words{}

// resellerRoutes mounts the resellers pages.
func (d *Dashboard) resellerRoutes() {}
