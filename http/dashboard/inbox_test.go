package dashboard

import (
	"bufio"
	"context"
	crand "crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/flows"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// The inbox's tests drive the real router and flows (the customer's
// messages are answered, or not, as in production) and the dashboard
// through HTTP, on both databases.

// inboxHarness is a dashboard with the bot's router on the same store.
type inboxHarness struct {
	*harness
	router *bot.Router
}

var inboxMsgs atomic.Int64

func inboxTest(t *testing.T, idle time.Duration, fn func(t *testing.T, h *inboxHarness)) {
	start := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	clock := storagetest.NewClock(start)
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		clock.Set(start) // each database from the same morning
		if _, err := st.ImportCatalog(context.Background(), []lapak.CatalogRow{
			{SKU: "KRP-PDS", Name: "Keripik Singkong", Category: "Camilan", Variant: "Pedas", Price: 13000, Stock: 500},
		}); err != nil {
			t.Fatal(err)
		}
		h := newHarness(t, st, clock, Options{HandoverIdle: idle, Media: &fakeMedia{}, Owners: testSettings().Admins})
		t.Cleanup(h.d.Close)
		engine := flows.New(flows.Options{Shop: testSettings(), Ops: h.shop})
		r := bot.NewRouter(bot.RouterOptions{Store: st, Handle: engine.Handle, Apology: engine.Apology, Now: clock.Now,
			Logger: h.d.log})
		t.Cleanup(r.Wait)
		fn(t, &inboxHarness{harness: h, router: r})
	})
}

// say is a Telegram customer's message through the router.
func (h *inboxHarness) say(chat, name, text string) bot.Outcome {
	h.t.Helper()
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, SenderName: name,
		MessageID: fmt.Sprint("in-", inboxMsgs.Add(1)), Text: text}
	out, err := h.router.Route(context.Background(), in)
	if err != nil {
		h.t.Fatal(err)
	}
	h.clock.Advance(time.Second)
	return out
}

func (h *inboxHarness) customer(chat string) lapak.Customer {
	h.t.Helper()
	c, err := h.st.Customer(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: chat})
	if err != nil {
		h.t.Fatal(err)
	}
	return c
}

func chatPath(c lapak.Customer) string { return Prefix + "inbox/" + strconv.FormatInt(c.ID, 10) }

// section is the part of an inbox page inside the group with id.
func section(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	rest := body[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// The inbox groups conversations: a person asked for or has the chat, an
// order waits for payment, the bot has the rest; HTML in a customer's
// name and message is shown as text; very long names are cut by the
// layout, not the page.
func TestInboxGroupsConversations(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		h.say("200", "<script>alert('nama')</script>", "mau bicara dengan admin <script>alert(1)</script>")
		h.place(orderSpec{chat: "300", name: "Citra"})
		h.say("300", "Citra", "sudah transfer ya")
		long := strings.Repeat("Namanya-Panjang-Sekali", 20)
		h.say("400", long, "halo")
		ani, risky, citra, lng := h.customer("100"), h.customer("200"), h.customer("300"), h.customer("400")

		b := h.loginAs(lapak.RoleOwner)
		code, body := b.get(Prefix + "inbox")
		if code != http.StatusOK {
			t.Fatalf("inbox: %d\n%s", code, body)
		}
		human, payment, botted := section(body, "inbox-human"), section(body, "inbox-payment"), section(body, "inbox-bot")
		chat := func(c lapak.Customer) string { return fmt.Sprintf(`id="chat-%d"`, c.ID) }
		mustContain(t, human, chat(risky), "minta bicara dengan admin")
		mustContain(t, payment, chat(citra))
		mustContain(t, botted, chat(ani), chat(lng))
		for _, other := range []string{human, payment} {
			if strings.Contains(other, chat(ani)) {
				t.Errorf("Ani's chat is in the wrong group:\n%s", other)
			}
		}
		// Newest first.
		if strings.Index(botted, chat(lng)) > strings.Index(botted, chat(ani)) {
			t.Errorf("the bot's group is not newest first:\n%s", botted)
		}
		if strings.Contains(body, "<script>alert") {
			t.Fatalf("a customer's HTML reached the page:\n%s", body)
		}
		mustContain(t, body, "&lt;script&gt;alert(&#39;nama&#39;)&lt;/script&gt;", `href="/dashboard/inbox/`+strconv.FormatInt(ani.ID, 10)+`"`)

		_, page := b.get(chatPath(risky))
		if strings.Contains(page, "<script>alert") {
			t.Fatalf("a customer's HTML reached the chat page:\n%s", page)
		}
		mustContain(t, page, "mau bicara dengan admin &lt;script&gt;alert(1)&lt;/script&gt;", `id="chat-state" data-state="bot"`,
			"Pelanggan minta bicara dengan admin", `class="msg in" data-by="customer"`, `class="msg out" data-by="bot"`)

		// The order card beside the chat.
		o, err := h.st.LatestOrder(context.Background(), citra.ID)
		if err != nil {
			t.Fatal(err)
		}
		_, page = b.get(chatPath(citra))
		mustContain(t, page, `id="order-card"`, `href="/dashboard/orders/`+o.Number+`"`, h.shop.Price(o.Total))

		// The live inbox redraws its groups from a fragment.
		code, frag := b.get(Prefix + "inbox?fragment=groups")
		if code != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, `id="inbox-bot"`) {
			t.Fatalf("fragment %d:\n%s", code, frag)
		}
	})
}

// The admins' own chats with the bot (LAPAK_ADMINS, or added with a code in
// chat) are the desk, not customers: the inbox leaves them out.
func TestInboxLeavesAdminsOut(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		code, err := h.st.NewAdminCodeFor(context.Background(), crand.Reader, lapak.RoleStaff)
		if err != nil {
			t.Fatal(err)
		}
		h.say("500", "Dimas", "/admin "+code.Plain)
		h.say("500", "Dimas", "/pesanan")
		h.say(testAdmin.ChatID, "Sari", "/pesanan")
		h.say("100", "Ani", "halo kak")
		b := h.loginAs(lapak.RoleOwner)
		_, body := b.get(Prefix + "inbox")
		mustContain(t, body, fmt.Sprintf(`id="chat-%d"`, h.customer("100").ID))
		for _, admin := range []string{"500", testAdmin.ChatID} {
			if c, err := h.st.Customer(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: admin}); err == nil &&
				strings.Contains(body, fmt.Sprintf(`id="chat-%d"`, c.ID)) {
				t.Errorf("the inbox shows admin %s's chat:\n%s", admin, body)
			}
		}
	})
}

// A group shows its newest conversations and a link to the next page.
func TestInboxPagesAGroup(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		for i := range inboxPage + 3 {
			h.say(fmt.Sprint(1000+i), fmt.Sprint("Pelanggan ", i), "halo")
		}
		b := h.loginAs(lapak.RoleOwner)
		_, body := b.get(Prefix + "inbox")
		botted := section(body, "inbox-bot")
		if n := strings.Count(botted, `class="chat"`); n != inboxPage {
			t.Fatalf("the bot's group shows %d chats, want %d", n, inboxPage)
		}
		i := strings.Index(botted, `class="more" href="`)
		if i < 0 {
			t.Fatalf("no link to more:\n%s", botted)
		}
		more := botted[i+len(`class="more" href="`):]
		more = strings.ReplaceAll(more[:strings.IndexByte(more, '"')], "&amp;", "&")
		code, next := b.get(more)
		if code != http.StatusOK {
			t.Fatalf("next page %d:\n%s", code, next)
		}
		if n := strings.Count(section(next, "inbox-bot"), `class="chat"`); n != 3 {
			t.Fatalf("the next page shows %d chats, want 3:\n%s", n, next)
		}
		mustContain(t, next, "Pelanggan 0", "Pelanggan 2")
	})
}

// Taking a chat over silences the bot in it at once (the customer's
// message is kept and shown, the flows do not answer); the seller's reply
// goes to the customer's own channel through the outbox and shows as
// theirs; handing back lets the bot answer the next message. Every step is
// audited with the dashboard user.
func TestInboxTakeOverReplyHandBack(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		ani := h.customer("100")
		before := len(h.told("100"))
		b := h.loginAs(lapak.RoleOwner)

		code, page := b.follow(chatPath(ani)+"/takeover", nil)
		if code != http.StatusOK {
			t.Fatalf("takeover: %d\n%s", code, page)
		}
		mustContain(t, page, `id="chat-state" data-state="human"`, "Chat diambil alih: bot diam sampai "+h.clock.Now().Add(30*time.Minute).Format("15.04"))
		if c := h.customer("100"); c.Takeover.By != "admin:telegram:999" || !c.Takeover.Until.Equal(h.clock.Now().Add(30*time.Minute)) {
			t.Fatalf("takeover stored as %+v", c.Takeover)
		}
		if out := h.say("100", "Ani", "kak ada yang pedas?"); out != bot.TakenOver {
			t.Fatalf("the customer's message was %v, want taken over", out)
		}
		if got := h.told("100"); len(got) != before {
			t.Fatalf("the bot answered a taken-over chat: %q", got[before:])
		}

		code, page = b.follow(chatPath(ani)+"/reply", url.Values{"text": {"Ada kak, <b>pedas</b> level 5"}})
		if code != http.StatusOK {
			t.Fatalf("reply: %d\n%s", code, page)
		}
		mustContain(t, page, "Balasan dikirim.", "kak ada yang pedas?", `class="msg out" data-by="dashboard:telegram:999"`,
			"Ada kak, &lt;b&gt;pedas&lt;/b&gt; level 5", "Sari (Anda)")
		got := h.told("100")
		if len(got) != before+1 || got[before] != "Ada kak, <b>pedas</b> level 5" {
			t.Fatalf("the customer was sent %q", got[before:])
		}

		code, page = b.follow(chatPath(ani)+"/handback", nil)
		if code != http.StatusOK {
			t.Fatalf("handback: %d\n%s", code, page)
		}
		mustContain(t, page, `id="chat-state" data-state="bot"`, "Chat dikembalikan ke bot.")
		if out := h.say("100", "Ani", "menu"); out != bot.Answered {
			t.Fatalf("after the hand back the message was %v", out)
		}
		if got := h.told("100"); len(got) <= before+1 {
			t.Fatal("the bot did not answer after the hand back")
		}

		audit := h.auditOf("chat:" + strconv.FormatInt(ani.ID, 10))
		want := []string{"takeover", "reply", "handback"}
		if len(audit) != len(want) {
			t.Fatalf("audit %+v, want %v", audit, want)
		}
		for i, e := range audit {
			if e.Command != want[i] || e.Actor.String() != "dashboard:telegram:999" {
				t.Errorf("audit %d: %+v, want %s by dashboard:telegram:999", i, e, want[i])
			}
		}
	})
}

// auditOf is the audit entries about target, oldest first.
func (h *harness) auditOf(target string) []lapak.AuditEntry {
	h.t.Helper()
	var out []lapak.AuditEntry
	q := `SELECT actor, command FROM lapak_audit_log WHERE target = ? ORDER BY id`
	if h.st.Dialect() == storage.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	rows, err := storagetest.RawDB(h.st).Query(q, target)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var actor, cmd string
		if err := rows.Scan(&actor, &cmd); err != nil {
			h.t.Fatal(err)
		}
		ch, id, _ := strings.Cut(actor, ":")
		out = append(out, lapak.AuditEntry{Actor: lapak.Identity{Channel: lapak.Channel(ch), ChatID: id}, Command: cmd})
	}
	return out
}

// A reply in a chat the bot is handling takes it over (Chatwoot #4410:
// the bot must not talk over the seller); every reply moves the takeover's
// end to HandoverIdle after it, and a chat without a seller's message for
// that long is the bot's again.
func TestInboxReplyTakesOverUntilIdle(t *testing.T) {
	idle := 10 * time.Minute
	inboxTest(t, idle, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		ani := h.customer("100")
		b := h.loginAs(lapak.RoleStaff) // staff answer chats too
		code, page := b.follow(chatPath(ani)+"/reply", url.Values{"text": {"Halo kak, saya Sari"}})
		if code != http.StatusOK {
			t.Fatalf("reply: %d\n%s", code, page)
		}
		mustContain(t, page, "Balasan dikirim; chat diambil alih dari bot sampai "+h.clock.Now().Add(idle).Format("15.04"), `data-state="human"`,
			`data-by="dashboard:telegram:777"`)
		if out := h.say("100", "Ani", "oke"); out != bot.TakenOver {
			t.Fatalf("after an implicit takeover: %v", out)
		}

		h.clock.Advance(8 * time.Minute)
		b.follow(chatPath(ani)+"/reply", url.Values{"text": {"Ada lagi kak?"}}) // moves the end
		if c := h.customer("100"); !c.Takeover.Until.Equal(h.clock.Now().Add(idle)) {
			t.Fatalf("a reply did not move the takeover's end: %+v at %s", c.Takeover, h.clock.Now())
		}
		h.clock.Advance(idle - time.Minute)
		if out := h.say("100", "Ani", "masih"); out != bot.TakenOver {
			t.Fatalf("within the idle time: %v", out)
		}
		h.clock.Advance(2 * time.Minute)
		if out := h.say("100", "Ani", "menu"); out != bot.Answered {
			t.Fatalf("after the idle time the bot did not answer: %v", out)
		}
		_, page = b.get(chatPath(ani))
		mustContain(t, page, `data-state="bot"`)
	})
}

// A POST without the session's CSRF token changes nothing; an empty reply
// is refused with a sentence; an unknown chat is 404.
func TestInboxRefusesBadPosts(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		ani := h.customer("100")
		b := h.loginAs(lapak.RoleOwner)
		for _, p := range []string{"/takeover", "/handback", "/reply"} {
			code, _, _ := b.post(chatPath(ani)+p, url.Values{"csrf": {"forged"}, "text": {"x"}})
			if code != http.StatusForbidden {
				t.Errorf("%s without the token: %d", p, code)
			}
		}
		if code, _, _ := b.post(Prefix+"inbox/quick", url.Values{"csrf": {"forged"}, "name": {"a"}, "text": {"b"}}); code != http.StatusForbidden {
			t.Errorf("quick reply without the token: %d", code)
		}
		if c := h.customer("100"); c.Takeover.Active(h.clock.Now()) {
			t.Fatal("a forged POST took the chat over")
		}
		_, page := b.follow(chatPath(ani)+"/reply", url.Values{"text": {"   "}})
		mustContain(t, page, "Tulis balasannya dulu", `data-state="bot"`)
		if code, _ := b.get(Prefix + "inbox/99999"); code != http.StatusNotFound {
			t.Errorf("unknown chat: %d", code)
		}
		if code, _, _ := b.post(Prefix+"inbox/99999/takeover", nil); code != http.StatusNotFound {
			t.Errorf("taking over an unknown chat: %d", code)
		}
		anon := h.browser()
		if code, _, _ := anon.post(chatPath(ani)+"/takeover", url.Values{"csrf": {"x"}}); code != http.StatusUnauthorized {
			t.Errorf("logged out: %d", code)
		}
	})
}

// Quick replies are kept by the shop, shown on the chat page as buttons
// carrying their text, and deleted; a bad name is refused.
func TestInboxQuickReplies(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		ani := h.customer("100")
		b := h.loginAs(lapak.RoleOwner)
		back := "inbox/" + strconv.FormatInt(ani.ID, 10)
		code, page := b.follow(Prefix+"inbox/quick", url.Values{"name": {"/Rekening"}, "text": {"BCA 123 a.n. <Sari>"}, "back": {back}})
		if code != http.StatusOK {
			t.Fatalf("save: %d\n%s", code, page)
		}
		mustContain(t, page, `Balasan cepat “rekening” disimpan.`, `id="quick-replies"`, `data-text="BCA 123 a.n. &lt;Sari&gt;"`, "/rekening")
		_, page = b.follow(Prefix+"inbox/quick", url.Values{"name": {"ongkir kota"}, "text": {"x"}})
		mustContain(t, page, "Nama balasan cepat hanya huruf kecil")
		_, page = b.follow(Prefix+"inbox/quick/rekening/delete", nil)
		mustContain(t, page, "Balasan cepat “rekening” dihapus.")
		if qs, _ := h.st.QuickReplies(context.Background()); len(qs) != 0 {
			t.Fatalf("left: %+v", qs)
		}
		if audit := h.auditOf("quickreply:rekening"); len(audit) != 2 || audit[0].Actor.String() != "dashboard:telegram:999" {
			t.Fatalf("audit %+v", audit)
		}
	})
}

// sse reads a server-sent event stream.
type sse struct {
	res    *http.Response
	events chan [2]string // name, data
}

func (b *browser) events(path string) *sse {
	b.h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.h.srv.URL+path, nil)
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		b.h.t.Fatalf("%s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
	}
	s := &sse{res: res, events: make(chan [2]string, 100)}
	b.h.t.Cleanup(func() { res.Body.Close() })
	go func() {
		defer close(s.events)
		sc := bufio.NewScanner(res.Body)
		var name, data string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if name != "" {
					s.events <- [2]string{name, data}
				}
				name, data = "", ""
			case strings.HasPrefix(line, "event: "):
				name = line[len("event: "):]
			case strings.HasPrefix(line, "data: "):
				data = line[len("data: "):]
			}
		}
	}()
	return s
}

// next is the next event called name within d, skipping others.
func (s *sse) next(t *testing.T, name string, d time.Duration) (string, time.Duration) {
	t.Helper()
	start := time.Now()
	timeout := time.After(d)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("the stream ended before a %q event", name)
			}
			if ev[0] == name {
				return ev[1], time.Since(start)
			}
		case <-timeout:
			t.Fatalf("no %q event within %s", name, d)
		}
	}
}

// A customer's new message reaches the open chat and the open inbox as a
// server-sent event within a second, in the chat page's shape (escaped by
// the script, which sets it as text); a takeover changes the chat's
// state; closing the dashboard ends the streams.
func TestInboxLiveEvents(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		ani := h.customer("100")
		b := h.loginAs(lapak.RoleOwner)
		_, page := b.get(chatPath(ani))
		i := strings.Index(page, `data-events="`)
		if i < 0 {
			t.Fatalf("no live feed on the chat page:\n%s", page)
		}
		events := page[i+len(`data-events="`):]
		events = strings.ReplaceAll(events[:strings.IndexByte(events, '"')], "&amp;", "&")

		chat := b.events(events)
		if st, _ := chat.next(t, "state", time.Second); !strings.Contains(st, `"state":"bot"`) {
			t.Fatalf("first state %s", st)
		}
		inbox := b.events(Prefix + "inbox/events")
		time.Sleep(2 * feedPoll) // the poller starts from the newest entry

		h.say("100", "Ani", "<script>x</script> ada?")
		data, took := chat.next(t, "msg", time.Second)
		t.Logf("the message reached the chat's stream in %s", took)
		mustContain(t, data, `"dir":"in"`, `"by":"customer"`, `"who":"Ani"`, `\u003cscript\u003ex\u003c/script\u003e ada?`)
		data, _ = chat.next(t, "msg", time.Second) // the bot's answer
		mustContain(t, data, `"dir":"out"`, `"by":"bot"`)
		data, _ = inbox.next(t, "chat", time.Second)
		mustContain(t, data, fmt.Sprintf(`"chat":%d`, ani.ID))

		b.post(chatPath(ani)+"/takeover", nil)
		if st, _ := chat.next(t, "state", time.Second); !strings.Contains(st, `"state":"human"`) {
			t.Fatalf("after the takeover: %s", st)
		}

		h.d.Close()
		for _, s := range []*sse{chat, inbox} {
			select {
			case _, ok := <-s.events:
				for ok {
					_, ok = <-s.events
				}
			case <-time.After(2 * time.Second):
				t.Fatal("a stream outlived Close")
			}
		}
	})
}

// A reply with a photo (the page's multipart form) sends the picture the
// shop kept along with the text; something that is not a picture is
// refused and nothing is sent.
func TestInboxReplyWithPhoto(t *testing.T) {
	inboxTest(t, 0, func(t *testing.T, h *inboxHarness) {
		h.say("100", "Ani", "halo kak")
		ani := h.customer("100")
		b := h.loginAs(lapak.RoleOwner)
		before := len(h.told("100"))
		code, _, loc := b.upload(chatPath(ani)+"/reply", map[string]string{"text": "Ini fotonya kak"}, "photo", "p.png", tinyPNG)
		if code != http.StatusSeeOther || loc != chatPath(ani) {
			t.Fatalf("reply with a photo: %d %s", code, loc)
		}
		msgs, err := h.st.MessagesTo(context.Background(), lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: "100"})
		if err != nil || len(msgs) != before+1 {
			t.Fatalf("messages %+v %v", msgs, err)
		}
		if m := msgs[len(msgs)-1].Msg; m.Text != "Ini fotonya kak" || !strings.HasPrefix(m.Image, "stored:") {
			t.Fatalf("sent %+v", m)
		}
		_, page := b.get(chatPath(ani))
		mustContain(t, page, `data-by="dashboard:telegram:999"`, `src="/dashboard/media?ref=stored%3A`)

		code, _, _ = b.upload(chatPath(ani)+"/reply", map[string]string{"text": "x"}, "photo", "p.txt", []byte("not a picture"))
		if code != http.StatusSeeOther || len(h.told("100")) != before+1 {
			t.Fatalf("a non-picture: %d, %d messages", code, len(h.told("100")))
		}
	})
}
