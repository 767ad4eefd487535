package dashboard

// orderStore is what the orders pages read (storage.Store).
type orderStore interface{}

var orderWords = words{}

// orderRoutes mounts the orders pages.
func (d *Dashboard) orderRoutes() {}
