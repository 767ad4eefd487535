package flows

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	lapak "github.com/lapak-id/lapak"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestCatalogsHaveTheSameKeysAndVerbs(t *testing.T) {
	for key, id := range messagesID {
		en, ok := messagesEN[key]
		if !ok {
			t.Errorf("English lacks %q", key)
			continue
		}
		if a, b := verb.FindAllString(id, -1), verb.FindAllString(en, -1); !slices.Equal(a, b) {
			t.Errorf("%q: verbs %v (id) vs %v (en)", key, a, b)
		}
		if strings.TrimSpace(id) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("%q is empty", key)
		}
	}
	for key := range messagesEN {
		if _, ok := messagesID[key]; !ok {
			t.Errorf("Indonesian lacks %q", key)
		}
	}
	for _, lang := range []lapak.Language{lapak.Indonesian, lapak.English} {
		if n := len(strings.Fields(msg(lang, "months"))); n != 12 {
			t.Errorf("%s months: %d names", lang, n)
		}
		for _, s := range []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing,
			lapak.StatusShipped, lapak.StatusCompleted, lapak.StatusCancelled, lapak.StatusExpired} {
			if _, ok := catalogs[lang]["status_"+string(s)]; !ok {
				t.Errorf("%s lacks status %s", lang, s)
			}
		}
		for _, m := range []lapak.PaymentMethod{lapak.PayTransfer, lapak.PayCOD, lapak.PayQRIS} {
			if _, ok := catalogs[lang]["pay_"+string(m)]; !ok {
				t.Errorf("%s lacks payment %s", lang, m)
			}
		}
	}
}
