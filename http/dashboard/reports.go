package dashboard

// reportStore is what the reports pages read (storage.Store).
type reportStore interface{}

var reportWords = words{}

// reportRoutes mounts the reports pages.
func (d *Dashboard) reportRoutes() {}
