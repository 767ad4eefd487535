package text

import lapak "github.com/lapak-id/lapak"

// statusKeys names each order status in words; a test checks every status
// has its key.
var statusKeys = map[lapak.OrderStatus]Key{
	lapak.StatusPendingPayment: StatusPendingPayment,
	lapak.StatusPaid:           StatusPaid,
	lapak.StatusProcessing:     StatusProcessing,
	lapak.StatusShipped:        StatusShipped,
	lapak.StatusCompleted:      StatusCompleted,
	lapak.StatusCancelled:      StatusCancelled,
	lapak.StatusExpired:        StatusExpired,
	lapak.StatusRefunded:       StatusRefunded,
}

// Status is order status s in words, in lang; one this code does not know
// shows its own name, never nothing.
func Status(lang lapak.Language, s lapak.OrderStatus) string {
	if k, ok := statusKeys[s]; ok {
		return Get(lang, k)
	}
	return string(s)
}
