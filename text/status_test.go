package text

import (
	"testing"

	lapak "github.com/lapak-id/lapak"
)

func TestEveryStatusHasItsWords(t *testing.T) {
	for _, s := range []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing,
		lapak.StatusShipped, lapak.StatusCompleted, lapak.StatusCancelled, lapak.StatusExpired, lapak.StatusRefunded} {
		if _, ok := statusKeys[s]; !ok {
			t.Errorf("no words for status %s", s)
		}
	}
	if got := Status(lapak.English, lapak.StatusShipped); got == "" || got == string(lapak.StatusShipped) {
		t.Errorf("shipped in English: %q", got)
	}
}
