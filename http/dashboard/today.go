package dashboard

import "net/http"

// todayStore is what the today page reads (storage.Store).
type todayStore interface{}

var todayWords = words{
	"today.title": {"Hari ini", "Today"},
}

// todayRoutes mounts the today page, the dashboard's start.
func (d *Dashboard) todayRoutes() {
	d.get("{$}", false, d.todayPage)
}

func (d *Dashboard) todayPage(w http.ResponseWriter, r *http.Request, c *call) error {
	return c.render(w, r, "today", nil)
}
