package dashboard

var settingsWords = words{}

// settingsRoutes mounts the settings pages.
func (d *Dashboard) settingsRoutes() {}
