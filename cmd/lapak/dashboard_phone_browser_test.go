package main

import (
	"context"
	"testing"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
)

// Every page of the dashboard fits a phone's 360 px: nothing makes the page
// scroll sideways (a wide table scrolls inside its own box).
func TestDashboardFitsAPhone(t *testing.T) {
	s := newShop(t)
	d := newDashShop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	number := d.placeOrder(ctx, telegramtest.User{ID: 4242, FirstName: "Budi"}, "Budi Santoso Wijayakusuma Hadiningrat", 2)
	b := newBrowser(t, d.base)
	d.loginAs(b, lapak.DashboardUser{Key: "telegram:9000", Name: "Sari", Role: lapak.RoleOwner})

	pages := []string{"/dashboard/", "/dashboard/orders", "/dashboard/orders/" + number, "/dashboard/inbox",
		"/dashboard/catalog", "/dashboard/catalog/new", "/dashboard/catalog/bulk", "/dashboard/catalog/import",
		"/dashboard/customers", "/dashboard/promos", "/dashboard/promos/new", "/dashboard/promos/vouchers",
		"/dashboard/resellers", "/dashboard/reports", "/dashboard/settings", "/dashboard/inbox/quick"}
	b.open("/dashboard/catalog?q=nastar+keju")
	pages = append(pages, evalJS[string](b, `document.querySelector('tr[id^="product-"] a').getAttribute("href")`))
	b.open("/dashboard/customers")
	pages = append(pages, evalJS[string](b, `document.querySelector('a[href^="/dashboard/customers/"]').getAttribute("href")`))
	b.open("/dashboard/inbox")
	pages = append(pages, evalJS[string](b, `document.querySelector('a[id^="chat-"]').getAttribute("href")`))

	for _, p := range pages {
		b.open(p)
		b.waitVisible("main")
		wide := evalJS[string](b, `(() => {
			const w = document.documentElement.clientWidth;
			if (document.documentElement.scrollWidth <= w) return "";
			const out = [];
			document.querySelectorAll("main *").forEach(e => {
				const r = e.getBoundingClientRect();
				if (r.right > w + 1 && !e.closest(".table-wrap")) out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " to " + Math.round(r.right) + "px");
			});
			return out.slice(0, 5).join(", ") || "the page";
		})()`)
		if wide != "" {
			t.Errorf("%s is wider than a 360 px phone: %s", p, wide)
		}
	}
}
