package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
)

// The seller takes a Telegram chat over in the browser: the customer's
// messages appear in the open chat without a reload, the seller's reply
// reaches the customer at the fake Bot API, the bot stays silent until the
// chat is handed back, and a reply in a chat the bot handles takes it over.
func TestDashboardTakesOverAChat(t *testing.T) {
	eachDB(t, dashboardTakesOverAChat)
}

func dashboardTakesOverAChat(t *testing.T, s *shop) {
	d := newDashShop(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	defer cancel()
	citra := telegramtest.User{ID: 4343, FirstName: "Citra"}
	n := d.say(citra, "halo kak, nastar keju ada?")
	d.waitMessage(ctx, citra.ID, n, "") // the bot answered

	b := newBrowser(t, d.base)
	d.loginAs(b, lapak.DashboardUser{Key: "telegram:9000", Name: "Sari", Role: lapak.RoleOwner})
	b.open("/dashboard/inbox")
	b.waitText("#inbox-bot", "Citra")
	b.clickAndLoad(`#inbox-bot a[id^="chat-"]`)
	b.waitJS("the bot handles the chat", `() => document.querySelector("#chat-state")?.dataset.state === "bot" ? ["ok"] : null`)
	b.waitText("#messages", "nastar keju ada?")

	// A new message shows up in the open chat by itself.
	evalJS[bool](b, `window.__sameLoad = true`)
	sent := time.Now()
	n = d.say(citra, "kalau yang 500 gram berapa?")
	b.waitText("#messages", "500 gram")
	t.Logf("the customer's message appeared in the open chat %v after it was sent", time.Since(sent).Round(time.Millisecond))
	if !evalJS[bool](b, `window.__sameLoad === true`) {
		t.Error("the chat page reloaded to show a new message; want it added live")
	}
	d.waitMessage(ctx, citra.ID, n, "") // the bot still answers

	b.clickAndLoad("#takeover")
	b.waitJS("the seller has the chat", `() => document.querySelector("#chat-state")?.dataset.state === "human" ? ["ok"] : null`)
	n = d.say(citra, "bisa kirim ke Bogor?")
	waitInChat(t, b, "kirim ke Bogor")
	time.Sleep(2 * time.Second) // the bot would have answered by now
	if got := d.sentTo(citra.ID)[n:]; len(got) != 0 {
		t.Errorf("the bot answered a chat the seller took over: %+v", got)
	}

	b.fill("#reply-text", "Bisa kak, ongkir ke Bogor Rp15.000 ya")
	b.clickAndLoad("#reply-send")
	got := d.waitMessage(ctx, citra.ID, n, "ongkir ke Bogor Rp15.000")
	if strings.Contains(got.Text, "<") {
		t.Errorf("the reply reached the customer as %q", got.Text)
	}
	by := b.waitJS("the reply in the chat", `(want) => {
		const m = [...document.querySelectorAll("#messages .msg.out")].find(e => e.innerText.includes(want));
		return m ? [m.dataset.by] : null }`, "ongkir ke Bogor Rp15.000")[0]
	if by != "dashboard:telegram:9000" {
		t.Errorf("the chat says the reply was written by %q, want the seller", by)
	}
	b.screenshot("chat")

	b.clickAndLoad("#handback")
	b.waitJS("the bot has the chat back", `() => document.querySelector("#chat-state")?.dataset.state === "bot" ? ["ok"] : null`)
	n = d.say(citra, "katalog")
	d.waitMessage(ctx, citra.ID, n, "") // the bot answers again

	// Typing in a chat the bot handles takes it over: the bot does not talk over the seller.
	n = len(d.sentTo(citra.ID))
	b.fill("#reply-text", "Kak, nastar keju tinggal 3 toples ya")
	b.clickAndLoad("#reply-send")
	d.waitMessage(ctx, citra.ID, n, "tinggal 3 toples")
	b.waitJS("the reply took the chat over", `() => document.querySelector("#chat-state")?.dataset.state === "human" ? ["ok"] : null`)
	n = d.say(citra, "oke kak")
	waitInChat(t, b, "oke kak")
	time.Sleep(2 * time.Second)
	if got := d.sentTo(citra.ID)[n:]; len(got) != 0 {
		t.Errorf("the bot talked over the seller's reply: %+v", got)
	}
}

// waitInChat waits until the open chat shows want: the customer's message
// was handled. The live feed is asserted above; here the page is reloaded
// if it has not shown it after a few seconds, so a late event only slows
// the step.
func waitInChat(t *testing.T, b *browser, want string) {
	t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		for range 10 {
			if evalJS[bool](b, `document.querySelector("#messages").innerText.includes(`+strconv.Quote(want)+`)`) {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
		if time.Now().After(deadline) {
			t.Fatalf("the chat never showed %q", want)
		}
		t.Logf("the chat has not shown %q live after 3 s: reloading", want)
		b.open(b.location())
	}
}
