package dashboard

// promoStore is what the promos pages read (storage.Store).
type promoStore interface{}

var promoWords = words{}

// promoRoutes mounts the promos pages.
func (d *Dashboard) promoRoutes() {}
