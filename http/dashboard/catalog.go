package dashboard

// catalogStore is what the catalog pages read (storage.Store).
type catalogStore interface{}

var catalogWords = words{}

// catalogRoutes mounts the catalog pages.
func (d *Dashboard) catalogRoutes() {}
