package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
)

// The seller works an order in the browser: it arrives from Telegram, is
// marked paid and shipped with a resi from the dashboard, and the customer
// gets each message at the fake Bot API; the audit log names the seller.
func TestDashboardWorksAnOrder(t *testing.T) {
	eachDB(t, dashboardWorksAnOrder)
}

func dashboardWorksAnOrder(t *testing.T, s *shop) {
	d := newDashShop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	b := newBrowser(t, d.base)
	d.loginAs(b, lapak.DashboardUser{Key: "telegram:9000", Name: "Sari", Role: lapak.RoleOwner})
	b.open("/dashboard/orders")
	b.waitText("main h1", "Pesanan")

	// The new order appears on the open orders page by itself.
	evalJS[bool](b, `window.__sameLoad = true`)
	budi := telegramtest.User{ID: 4242, FirstName: "Budi"}
	number := d.placeOrder(ctx, budi, "Budi Santoso", 2)
	b.waitVisible("#order-" + number)
	if !evalJS[bool](b, `window.__sameLoad === true`) {
		t.Error("the orders page reloaded to show the new order; want it added live")
	}
	b.screenshot("orders")
	b.clickAndLoad("#order-" + number + " a")
	b.waitJS("the order waits for payment", `() => document.querySelector("#order-status")?.dataset.status === "pending_payment" ? ["ok"] : null`)

	n := len(d.sentTo(budi.ID))
	b.clickAndLoad(`form[data-action="paid"] button`)
	b.waitJS("the order is paid", `() => document.querySelector("#order-status")?.dataset.status === "paid" ? ["ok"] : null`)
	d.waitMessage(ctx, budi.ID, n, "Pembayaran pesanan "+number+" sudah kami terima")
	b.screenshot("order")
	// Today now has it to process, and its sales.
	b.open("/dashboard/")
	b.waitText("#today-process", number)
	b.waitText("#today-sales", "1 pesanan dibayar")
	b.screenshot("today")
	b.open("/dashboard/orders/" + number)

	n = len(d.sentTo(budi.ID))
	b.fill("#ship-courier", "jne")
	b.fill("#ship-tracking", "jx1234567890")
	b.clickAndLoad(`form[data-action="ship"] button`)
	b.waitJS("the order is shipped", `() => document.querySelector("#order-status")?.dataset.status === "shipped" ? ["ok"] : null`)
	got := d.waitMessage(ctx, budi.ID, n, "sudah dikirim")
	if !strings.Contains(got.Text, "JNE") || !strings.Contains(got.Text, "JX1234567890") {
		t.Errorf("the customer's shipping notice: %q", got.Text)
	}
	b.waitText("#order-resi", "JX1234567890")

	log, err := d.store().AuditLog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var did []string
	for _, e := range log {
		if e.Target == number {
			did = append(did, e.Actor.String()+" "+e.Command)
		}
	}
	if want := "dashboard:telegram:9000 paid"; len(did) < 2 || did[0] != want || !strings.HasPrefix(did[1], "dashboard:telegram:9000 ") {
		t.Errorf("audit entries of %s: %q, want the seller's paid and ship", number, did)
	}
}

// A photo uploaded from the phone's dashboard is what a customer gets with
// the product in Telegram.
func TestDashboardProductPhoto(t *testing.T) {
	eachDB(t, dashboardProductPhoto)
}

func dashboardProductPhoto(t *testing.T, s *shop) {
	d := newDashShop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	b := newBrowser(t, d.base)
	d.loginAs(b, lapak.DashboardUser{Key: "telegram:9000", Name: "Sari", Role: lapak.RoleOwner})
	b.open("/dashboard/catalog?q=nastar+keju")
	b.waitVisible(`tr[id^="product-"] a`)
	b.clickAndLoad(`tr[id^="product-"] a`)
	b.waitVisible("#photo-form")

	img := image.NewRGBA(image.Rect(0, 0, 64, 64))
	for x := range 64 {
		for y := range 64 {
			img.Set(x, y, color.RGBA{R: uint8(x * 4), G: 120, B: uint8(y * 4), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	// Two photos at once (a phone offers its camera for the same input),
	// the first chosen the cover.
	var small bytes.Buffer
	if err := png.Encode(&small, image.NewRGBA(image.Rect(0, 0, 16, 16))); err != nil {
		t.Fatal(err)
	}
	b.upload("#photo-file", tempFile(t, "toples.png", small.Bytes()), tempFile(t, "nastar.png", buf.Bytes()))
	b.clickAndLoad("#photo-upload")
	b.waitText(".flash", "2 foto ditambahkan")
	if n := evalJS[int](b, `document.querySelectorAll("#photo-list .photo-item").length`); n != 2 {
		t.Fatalf("%d photos in the gallery, want the two uploaded", n)
	}
	b.waitJS("the cover loaded", `() => { const i = document.querySelector("#product-photo"); return i && i.complete && i.naturalWidth > 0 ? [""] : null }`)
	if w := evalJS[int](b, `document.querySelector("#product-photo").naturalWidth`); w != 16 {
		t.Errorf("the first photo chosen is not the cover: %d px wide", w)
	}
	// On a computer the seller drags the second photo to the top (the
	// page's HTML5 drag and drop, driven by its events), and it becomes
	// the cover.
	evalJS[bool](b, `(() => {
		const items = document.querySelectorAll("#photo-list .photo-item");
		const src = items[1], dst = items[0], dt = new DataTransfer(), box = dst.getBoundingClientRect();
		src.dispatchEvent(new DragEvent("dragstart", {bubbles: true, dataTransfer: dt}));
		dst.dispatchEvent(new DragEvent("dragover", {bubbles: true, cancelable: true, dataTransfer: dt, clientY: box.top + 1}));
		src.dispatchEvent(new DragEvent("drop", {bubbles: true, cancelable: true, dataTransfer: dt}));
		return true;
	})()`)
	b.waitJS("the dragged photo as the cover", `() => {
		const f = document.querySelector(".flash"), i = document.querySelector("#product-photo");
		return f && f.innerText.includes("Urutan foto") && i && i.complete && i.naturalWidth > 0 ? [""] : null }`)
	if w := evalJS[int](b, `document.querySelector("#product-photo").naturalWidth`); w != 64 {
		t.Errorf("the product page shows a cover %d px wide, want the uploaded 64", w)
	}

	ani := telegramtest.User{ID: 5151, FirstName: "Ani"}
	n := d.say(ani, "nastar keju")
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, m := range d.sentTo(ani.ID)[n:] {
			if bytes.Equal(m.Photo, buf.Bytes()) {
				return
			}
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			t.Fatalf("the customer never got the uploaded photo; messages: %+v", d.sentTo(ani.ID)[n:])
		}
		d.waitMessage(ctx, ani.ID, len(d.sentTo(ani.ID)), "") // the next message, whatever it says
	}
}
