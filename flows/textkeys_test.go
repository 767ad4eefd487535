package flows

import (
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// TestEveryValueHasItsSentence: the sentences picked by a payment method or
// a desk command exist for each of them (statuses: text.Status).
func TestEveryValueHasItsSentence(t *testing.T) {
	for _, m := range []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayCOD, lapak.PayQRIS, lapak.PayGateway} {
		if _, ok := payLabelKeys[m]; !ok {
			t.Errorf("no label for payment %s", m)
		}
		if _, ok := payNameKeys[m]; !ok {
			t.Errorf("no name for payment %s", m)
		}
	}
	for _, name := range deskNames {
		if _, ok := deskUsage[name]; !ok {
			t.Errorf("no usage for desk command %s", name)
		}
	}
	for _, lang := range []lapak.Language{lapak.Indonesian, lapak.English} {
		if n := len(strings.Fields(text.Get(lang, text.Months))); n != 12 {
			t.Errorf("%s months: %d names", lang, n)
		}
	}
}
