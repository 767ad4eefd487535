package dashboard

// customerStore is what the customers pages read (storage.Store).
type customerStore interface{}

var customerWords = words{}

// customerRoutes mounts the customers pages.
func (d *Dashboard) customerRoutes() {}
