package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// The inbox: conversations grouped by who has them (a person, an order
// waiting for payment, the bot), newest first; a chat's page with its
// messages, the customer's latest order, the takeover and a reply form
// with the seller's quick replies. Taking over, handing back and replying
// are the shop's operations (shop/inbox.go), the same the chat desk's
// /ambil, /lepas and /balas run. New messages arrive live by server-sent
// events (feed.go).

// inboxStore is what the inbox pages read (storage.Store).
type inboxStore interface {
	// InboxChats is a page of a group's conversations, newest first.
	InboxChats(ctx context.Context, group lapak.InboxGroup, now time.Time, before lapak.InboxCursor, limit int) ([]lapak.InboxChat, error)
	CustomerByID(ctx context.Context, id int64) (lapak.Customer, error)
	// ChatLog is a conversation's entries before an entry id (0: the newest), oldest first.
	ChatLog(ctx context.Context, customerID, before int64, limit int) ([]lapak.ChatEntry, error)
	// ChatLogAfter is the entries after an entry id, of one conversation or (0) all.
	ChatLogAfter(ctx context.Context, customerID, after int64, limit int) ([]lapak.ChatEntry, error)
	LastChatID(ctx context.Context) (int64, error)
	// ChatMedia reports whether ref is a picture sent in a chat.
	ChatMedia(ctx context.Context, ref string) (bool, error)
	// LatestOrder is a customer's newest order (lapak.ErrNotFound: none).
	LatestOrder(ctx context.Context, customerID int64) (lapak.Order, error)
	QuickReplies(ctx context.Context) ([]lapak.QuickReply, error)
	// KeepPhoto keeps a picture the shop sends ("stored:ID").
	KeepPhoto(ctx context.Context, data []byte) (string, error)
}

// How many conversations a group shows at once, and messages a chat.
const (
	inboxPage = 20
	chatPage  = 100
)

var inboxWords = words{
	"inbox.title":       {"Chat", "Inbox"},
	"inbox.human":       {"Perlu admin", "Needs a human"},
	"inbox.payment":     {"Menunggu pembayaran", "Waiting for payment"},
	"inbox.bot":         {"Ditangani bot", "Bot handling"},
	"inbox.more":        {"Lebih lama →", "Older →"},
	"inbox.all":         {"← Semua chat", "← All chats"},
	"inbox.none":        {"Tidak ada chat di sini.", "No chats here."},
	"inbox.asked":       {"minta bicara dengan admin", "asked for a person"},
	"inbox.takenuntil":  {"diambil alih sampai %s", "taken over until %s"},
	"inbox.secret":      {"(rahasia, tidak disimpan)", "(secret, not kept)"},
	"inbox.photo":       {"[foto]", "[photo]"},
	"inbox.empty":       {"(tanpa teks)", "(no text)"},
	"inbox.live":        {"Chat baru muncul sendiri.", "New messages appear by themselves."},
	"inbox.quick":       {"Balasan cepat", "Quick replies"},
	"inbox.quicknote":   {"Teks yang sering dipakai (mis. ongkir, rekening): klik untuk menyisipkannya ke balasan.", "Snippets you use often (e.g. shipping, bank account): click one to put it in the reply."},
	"inbox.quickname":   {"Nama (mis. ongkir)", "Name (e.g. ongkir)"},
	"inbox.quicktext":   {"Teks", "Text"},
	"inbox.quickadd":    {"Simpan balasan cepat", "Save the quick reply"},
	"inbox.quickdel":    {"Hapus", "Delete"},
	"inbox.quicksaved":  {"Balasan cepat “%s” disimpan.", "Quick reply “%s” saved."},
	"inbox.quickgone":   {"Balasan cepat “%s” dihapus.", "Quick reply “%s” deleted."},
	"inbox.quickbad":    {"Nama balasan cepat hanya huruf kecil, angka, - dan _ (paling banyak 30), teksnya tidak boleh kosong (paling banyak 2000 huruf), paling banyak 100 balasan.", "A quick reply's name is lower-case letters, digits, - and _ (at most 30), its text not empty (at most 2000 characters), 100 replies at most."},
	"inbox.quickmanage": {"Atur balasan cepat", "Manage quick replies"},

	"chat.title":       {"Chat dengan %s", "Chat with %s"},
	"chat.statebot":    {"Bot yang menjawab chat ini.", "The bot answers this chat."},
	"chat.statehuman":  {"Diambil alih oleh %s sampai %s: bot diam.", "Taken over by %s until %s: the bot is quiet."},
	"chat.asked":       {"Pelanggan minta bicara dengan admin.", "The customer asked for a person."},
	"chat.takeover":    {"Ambil alih", "Take over"},
	"chat.handback":    {"Kembalikan ke bot", "Hand back to the bot"},
	"chat.idle":        {"Chat kembali ke bot %d menit setelah balasan terakhir Anda.", "The chat goes back to the bot %d minutes after your last reply."},
	"chat.reply":       {"Balas sebagai toko", "Reply as the shop"},
	"chat.replynote":   {"Membalas akan mengambil alih chat ini dari bot.", "Replying takes this chat over from the bot."},
	"chat.send":        {"Kirim", "Send"},
	"chat.photo":       {"Foto (boleh kosong)", "Photo (optional)"},
	"chat.older":       {"← Pesan lebih lama", "← Older messages"},
	"chat.newest":      {"Pesan terbaru →", "Newest messages →"},
	"chat.none":        {"Belum ada pesan.", "No messages yet."},
	"chat.order":       {"Pesanan terakhir", "Latest order"},
	"chat.noorder":     {"Belum pernah pesan.", "No orders yet."},
	"chat.customer":    {"Pelanggan", "Customer"},
	"chat.by.customer": {"Pelanggan", "Customer"},
	"chat.by.bot":      {"Bot", "Bot"},
	"chat.by.promo":    {"Promo", "Promo"},
	"chat.by.phone":    {"Penjual (HP)", "Seller (phone)"},
	"chat.by.person":   {"Admin %s", "Admin %s"},
	"chat.you":         {"Anda", "you"},
	"chat.done.take":   {"Chat diambil alih: bot diam sampai %s.", "Chat taken over: the bot stays quiet until %s."},
	"chat.done.back":   {"Chat dikembalikan ke bot.", "The chat is back with the bot."},
	"chat.done.reply":  {"Balasan dikirim.", "Reply sent."},
	"chat.done.replytook": {"Balasan dikirim; chat diambil alih dari bot sampai %s.",
		"Reply sent; the chat is taken over from the bot until %s."},
	"chat.err.empty": {"Tulis balasannya dulu (atau pilih foto).", "Write the reply first (or choose a photo)."},
	"chat.err.long":  {"Balasannya terlalu panjang (paling banyak 4000 huruf).", "The reply is too long (at most 4000 characters)."},
	"chat.err.photo": {"Foto itu tidak bisa dipakai: pilih JPG, PNG, GIF atau WebP sampai %d MB.", "That photo cannot be used: choose a JPG, PNG, GIF or WebP up to %d MB."},
}

// inboxRoutes mounts the inbox pages.
func (d *Dashboard) inboxRoutes() {
	d.get("inbox", false, d.inboxPage)
	d.get("inbox/events", false, d.inboxEvents)
	d.get("inbox/quick", false, d.quickPage)
	d.post("inbox/quick", false, d.quickSave)
	d.post("inbox/quick/{name}/delete", false, d.quickDelete)
	d.get("inbox/{id}", false, d.chatPage)
	d.get("inbox/{id}/events", false, d.chatEvents)
	d.post("inbox/{id}/takeover", false, d.chatTakeover)
	d.post("inbox/{id}/handback", false, d.chatHandback)
	d.upload("inbox/{id}/reply", d.chatReply) // multipart with a photo, or a plain form
}

// inboxGroups are the groups in the page's order, with their element ids.
var inboxGroups = []struct {
	group lapak.InboxGroup
	id    string
	title string
}{
	{lapak.InboxHuman, "inbox-human", "inbox.human"},
	{lapak.InboxPayment, "inbox-payment", "inbox.payment"},
	{lapak.InboxBot, "inbox-bot", "inbox.bot"},
}

// inboxRow is one conversation as listed.
type inboxRow struct {
	ID                int64
	Name, Channel     string
	Link, Preview     string
	Out               bool
	At                time.Time
	Asked             bool
	TakenUntil        *time.Time
	ElementID, LastBy string
}

type inboxGroupData struct {
	ID, Title string
	Rows      []inboxRow
	More      string // the next page's link
}

type inboxData struct {
	Groups []inboxGroupData
	Paged  bool // one group's later page
	LastID int64
}

// customerName is how the dashboard names a customer.
func customerName(c lapak.Customer) string {
	switch {
	case c.Name != "":
		return c.Name
	case c.ChatName != "":
		return c.ChatName
	}
	return c.Identity().String()
}

// preview is an entry's text in a line of at most 80 characters.
func (c *call) preview(e lapak.ChatEntry) string {
	switch {
	case e.ID == 0:
		return ""
	case e.Secret:
		return c.t("inbox.secret")
	case e.Text == "" && e.Media != "":
		return c.t("inbox.photo")
	}
	s := strings.Join(strings.Fields(e.Text), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}

func inboxCursorString(k lapak.InboxCursor) string {
	return cursorString(lapak.OrderCursor{At: k.At, ID: k.ID})
}

func (d *Dashboard) inboxGroup(ctx context.Context, c *call, g lapak.InboxGroup, id, title string, before lapak.InboxCursor) (inboxGroupData, error) {
	now := d.now()
	// The owners of LAPAK_ADMINS talk to the bot as admins, not customers:
	// read as many more as there are, to leave them out and still fill a page.
	chats, err := d.opt.Store.InboxChats(ctx, g, now, before, inboxPage+1+len(d.opt.Owners))
	if err != nil {
		return inboxGroupData{}, err
	}
	chats = slices.DeleteFunc(chats, func(ch lapak.InboxChat) bool { return slices.Contains(d.opt.Owners, ch.Customer.Identity()) })
	data := inboxGroupData{ID: id, Title: c.t(title)}
	if len(chats) > inboxPage {
		chats = chats[:inboxPage]
		last := chats[len(chats)-1]
		data.More = Prefix + "inbox?" + url.Values{"group": {string(g)},
			"before": {inboxCursorString(lapak.InboxCursor{At: last.UpdatedAt, ID: last.Customer.ID})}}.Encode()
	}
	for _, ch := range chats {
		cu := ch.Customer
		row := inboxRow{ID: cu.ID, Name: customerName(cu), Channel: c.channelLabel(cu.Channel),
			Link: Prefix + "inbox/" + strconv.FormatInt(cu.ID, 10), Preview: c.preview(ch.Last), Out: ch.Last.Out,
			At: ch.UpdatedAt, Asked: cu.NeedsHuman, ElementID: "chat-" + strconv.FormatInt(cu.ID, 10), LastBy: ch.Last.By}
		if !ch.Last.At.IsZero() {
			row.At = ch.Last.At
		}
		if cu.Takeover.Active(now) {
			u := cu.Takeover.Until
			row.TakenUntil = &u
		}
		data.Rows = append(data.Rows, row)
	}
	return data, nil
}

func (d *Dashboard) inboxPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	q := r.URL.Query()
	var data inboxData
	last, err := d.opt.Store.LastChatID(ctx)
	if err != nil {
		return err
	}
	data.LastID = last
	only := lapak.InboxGroup(q.Get("group"))
	before, ok := parseCursor(q.Get("before"))
	if !ok {
		before = lapak.OrderCursor{}
	}
	for _, g := range inboxGroups {
		if only != "" && g.group != only {
			continue
		}
		cur := lapak.InboxCursor{}
		if only != "" {
			cur = lapak.InboxCursor{At: before.At, ID: before.ID}
			data.Paged = !cur.Zero()
		}
		gd, err := d.inboxGroup(ctx, c, g.group, g.id, g.title, cur)
		if err != nil {
			return err
		}
		data.Groups = append(data.Groups, gd)
	}
	if len(data.Groups) == 0 {
		return lapak.ErrNotFound // an unknown group
	}
	if q.Get("fragment") == "groups" {
		return c.fragment(w, "inbox", "inbox-groups", data)
	}
	return c.render(w, r, "inbox", data)
}

// fragment writes one template of page name on its own (what the live
// inbox fetches to redraw its groups).
func (c *call) fragment(w http.ResponseWriter, page, name string, data any) error {
	t := c.d.pages[c.lang][page]
	if t == nil {
		return fmt.Errorf("dashboard: no page %q", page)
	}
	var buf strings.Builder
	if err := t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("dashboard: rendering %s of %s: %w", name, page, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	_, err := w.Write([]byte(buf.String()))
	return err
}

// ---- a chat ----

// chatMsg is one message as the chat page and its live feed show it.
type chatMsg struct {
	ID     int64  `json:"id"`
	Dir    string `json:"dir"` // "in" or "out"
	By     string `json:"by"`  // as the chat log names who (data-by)
	Who    string `json:"who"` // in words
	Text   string `json:"text"`
	Note   string `json:"note,omitempty"`  // a secret's or an empty message's note
	Media  string `json:"media,omitempty"` // the picture's URL
	At     string `json:"at"`              // the shop's time, 15.04
	AtISO  string `json:"iso"`
	Secret bool   `json:"secret,omitempty"`
}

func (c *call) chatMsg(e lapak.ChatEntry, cust lapak.Customer) chatMsg {
	loc := c.d.opt.Settings.Location
	m := chatMsg{ID: e.ID, Dir: "in", By: e.By, Text: e.Text, At: when(e.At, loc, "02/01 15.04"), AtISO: when(e.At, loc, "2006-01-02T15:04:05"),
		Secret: e.Secret}
	if e.Out {
		m.Dir = "out"
	}
	switch {
	case e.By == lapak.ChatByCustomer:
		m.Who = customerName(cust)
	case e.By == lapak.ChatByBot:
		m.Who = c.t("chat.by.bot")
	case e.By == lapak.ChatByPromo:
		m.Who = c.t("chat.by.promo")
	case e.By == lapak.TakeoverSellerPhone:
		m.Who = c.t("chat.by.phone")
	default:
		who := strings.TrimPrefix(e.By, string(shop.DashboardChannel)+":")
		if c.ses != nil && who == c.ses.User.Key {
			who = c.ses.User.Name + " (" + c.t("chat.you") + ")"
		}
		m.Who = c.t("chat.by.person", who)
	}
	switch {
	case e.Secret:
		m.Note = c.t("inbox.secret")
	case e.Text == "" && e.Media == "":
		m.Note = c.t("inbox.empty")
	}
	if e.Media != "" && c.d.opt.Media != nil {
		m.Media = Prefix + "media?ref=" + url.QueryEscape(e.Media)
	}
	return m
}

type chatState struct {
	State string // "bot" or "human"
	Words string
	Until *time.Time
}

func (c *call) chatState(cu lapak.Customer) chatState {
	now := c.d.now()
	if !cu.Takeover.Active(now) {
		return chatState{State: "bot", Words: c.t("chat.statebot")}
	}
	u := cu.Takeover.Until
	by := strings.TrimPrefix(cu.Takeover.By, "admin:")
	switch {
	case cu.Takeover.By == lapak.TakeoverSellerPhone:
		by = c.t("chat.by.phone")
	case c.ses != nil && by == c.ses.User.Key:
		by = c.t("chat.you")
	}
	return chatState{State: "human", Words: c.t("chat.statehuman", by, when(u, c.d.opt.Settings.Location, "15.04")), Until: &u}
}

type chatData struct {
	ID          int64
	Name        string
	Channel     string
	Phone       string
	Asked       bool
	State       chatState
	Messages    []chatMsg
	Older       string // link
	Newest      string
	LastID      int64
	Order       *orderCard
	Quick       []lapak.QuickReply
	IdleMinutes int
	Events      string
	Reply       string
	PhotoMB     int
}

// orderCard is the customer's latest order beside the chat.
type orderCard struct {
	Number string
	Status lapak.OrderStatus
	Badge  string
	Total  lapak.Money
	At     time.Time
	Link   string
}

// chatID reads the {id} of a chat's path.
func chatID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, lapak.ErrNotFound
	}
	return id, nil
}

func (d *Dashboard) chatPage(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	id, err := chatID(r)
	if err != nil {
		return err
	}
	cu, err := d.opt.Store.CustomerByID(ctx, id)
	if err != nil {
		return err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	log, err := d.opt.Store.ChatLog(ctx, id, before, chatPage+1)
	if err != nil {
		return err
	}
	base := Prefix + "inbox/" + strconv.FormatInt(id, 10)
	data := chatData{ID: id, Name: customerName(cu), Channel: c.channelLabel(cu.Channel), Phone: cu.Phone, Asked: cu.NeedsHuman,
		State: c.chatState(cu), IdleMinutes: int(d.opt.HandoverIdle.Minutes()), Events: base + "/events", Reply: base + "/reply",
		PhotoMB: int(lapak.MaxPhotoBytes >> 20)}
	if len(log) > chatPage {
		log = log[1:]
		data.Older = base + "?before=" + strconv.FormatInt(log[0].ID, 10)
	}
	if before > 0 {
		data.Newest = base
	}
	for _, e := range log {
		data.Messages = append(data.Messages, c.chatMsg(e, cu))
	}
	if len(log) > 0 {
		data.LastID = log[len(log)-1].ID
	}
	if before > 0 {
		data.Events = "" // an older page is not live
	}
	o, err := d.opt.Store.LatestOrder(ctx, id)
	switch {
	case err == nil:
		data.Order = &orderCard{Number: o.Number, Status: o.Status, Badge: badge(o.Status), Total: o.Total, At: o.CreatedAt,
			Link: Prefix + "orders/" + url.PathEscape(o.Number)}
	case !errors.Is(err, lapak.ErrNotFound):
		return err
	}
	if data.Quick, err = d.opt.Store.QuickReplies(ctx); err != nil {
		return err
	}
	return c.render(w, r, "chat", data)
}

func (d *Dashboard) chatTakeover(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := chatID(r)
	if err != nil {
		return err
	}
	var ch shop.ChatChange
	if err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		ch, err = d.opt.Shop.TakeOverChat(ctx, tx, by, id, d.opt.HandoverIdle)
		return err
	}); err != nil {
		return err
	}
	d.feed.changed(id)
	return c.redirect(w, r, "inbox/"+strconv.FormatInt(id, 10), c.t("chat.done.take", c.clock(ch.Customer.Takeover.Until)))
}

func (d *Dashboard) chatHandback(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := chatID(r)
	if err != nil {
		return err
	}
	if err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.HandBackChat(ctx, tx, by, id)
		return err
	}); err != nil {
		return err
	}
	d.feed.changed(id)
	return c.redirect(w, r, "inbox/"+strconv.FormatInt(id, 10), c.t("chat.done.back"))
}

func (c *call) clock(t time.Time) string { return when(t, c.d.opt.Settings.Location, "15.04") }

func (d *Dashboard) chatReply(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	id, err := chatID(r)
	if err != nil {
		return err
	}
	path := "inbox/" + strconv.FormatInt(id, 10)
	mb := int(lapak.MaxPhotoBytes >> 20)
	var text string
	var photo []byte
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		up, err := readUpload(w, r, c, "photo", lapak.MaxPhotoBytes)
		switch {
		case errors.Is(err, errTooBig):
			return c.redirect(w, r, path, c.t("chat.err.photo", mb))
		case err != nil:
			return err
		}
		text, photo = up.Fields["text"], up.File
		if len(text) >= 4<<10 { // readUpload keeps 4 KB of a field: never send a cut reply
			return c.redirect(w, r, path, c.t("chat.err.long"))
		}
	} else {
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if !c.csrfOK(r) {
			return errCSRF
		}
		text = r.PostFormValue("text")
	}
	if _, err := d.opt.Store.CustomerByID(ctx, id); err != nil {
		return err
	}
	reply := shop.Reply{Text: text}
	if len(photo) > 0 {
		if pictureType(photo) == "" {
			return c.redirect(w, r, path, c.t("chat.err.photo", mb))
		}
		ref, err := d.opt.Store.KeepPhoto(ctx, photo)
		switch {
		case errors.Is(err, lapak.ErrPhotoTooBig), errors.Is(err, lapak.ErrNotPhoto):
			return c.redirect(w, r, path, c.t("chat.err.photo", mb))
		case err != nil:
			return err
		}
		reply.Image = ref
	}
	var ch shop.ChatChange
	err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		ch, err = d.opt.Shop.ReplyAsShop(ctx, tx, by, id, reply, d.opt.HandoverIdle)
		return err
	})
	switch {
	case errors.Is(err, shop.ErrInvalid) && strings.TrimSpace(text) == "":
		return c.redirect(w, r, path, c.t("chat.err.empty"))
	case errors.Is(err, shop.ErrInvalid):
		return c.redirect(w, r, path, c.t("chat.err.long"))
	case err != nil:
		return err
	}
	d.feed.changed(id)
	if ch.TookOver {
		return c.redirect(w, r, path, c.t("chat.done.replytook", c.clock(ch.Customer.Takeover.Until)))
	}
	return c.redirect(w, r, path, c.t("chat.done.reply"))
}

// ---- quick replies ----

type quickData struct {
	Quick []lapak.QuickReply
	Back  string
}

func (d *Dashboard) quickPage(w http.ResponseWriter, r *http.Request, c *call) error {
	qs, err := d.opt.Store.QuickReplies(r.Context())
	if err != nil {
		return err
	}
	return c.render(w, r, "quickreplies", quickData{Quick: qs, Back: backTo(r.URL.Query().Get("back"))})
}

// backTo is a chat's path to go back to, or the quick replies' page.
func backTo(s string) string {
	if rest, ok := strings.CutPrefix(s, "inbox/"); ok {
		if id, err := strconv.ParseInt(rest, 10, 64); err == nil && id > 0 {
			return s
		}
	}
	return "inbox/quick"
}

func (d *Dashboard) quickSave(w http.ResponseWriter, r *http.Request, c *call) error {
	name, text := r.PostFormValue("name"), r.PostFormValue("text")
	back := backTo(r.PostFormValue("back"))
	if utf8.RuneCountInString(text) > lapak.MaxQuickReplyText+100 {
		return c.redirect(w, r, back, c.t("inbox.quickbad"))
	}
	var q lapak.QuickReply
	err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		q, err = d.opt.Shop.SaveQuickReply(ctx, tx, by, name, text)
		return err
	})
	switch {
	case errors.Is(err, shop.ErrInvalid):
		return c.redirect(w, r, back, c.t("inbox.quickbad"))
	case err != nil:
		return err
	}
	return c.redirect(w, r, back, c.t("inbox.quicksaved", q.Name))
}

func (d *Dashboard) quickDelete(w http.ResponseWriter, r *http.Request, c *call) error {
	name := r.PathValue("name")
	err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		return d.opt.Shop.DeleteQuickReply(ctx, tx, by, name)
	})
	if err != nil {
		return err
	}
	return c.redirect(w, r, "inbox/quick", c.t("inbox.quickgone", name))
}

// ---- live: server-sent events ----

// sseHeartbeat is how often an idle stream says it is alive (proxies close
// silent connections) and a chat's state is sent again.
const sseHeartbeat = 15 * time.Second

// stream starts a server-sent event stream; it reports false (and has
// answered) when the connection cannot stream.
func stream(w http.ResponseWriter) (*http.ResponseController, bool) {
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not hold the events back
	w.WriteHeader(http.StatusOK)
	if err := rc.Flush(); err != nil {
		return nil, false
	}
	return rc, true
}

// event writes one server-sent event and flushes it.
func event(w http.ResponseWriter, rc *http.ResponseController, name string, id int64, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if id > 0 {
		fmt.Fprintf(w, "id: %d\n", id)
	}
	if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, b); err != nil {
		return err
	}
	return rc.Flush()
}

// lastEventID is where a stream resumes: the browser's Last-Event-ID after
// a reconnect, else the page's ?after=.
func lastEventID(r *http.Request) int64 {
	s := r.Header.Get("Last-Event-ID")
	if s == "" {
		s = r.URL.Query().Get("after")
	}
	n, _ := strconv.ParseInt(s, 10, 64)
	return max(n, 0)
}

// inboxEvent tells the inbox a conversation has a new message.
type inboxEvent struct {
	Chat int64 `json:"chat"`
	ID   int64 `json:"id"`
}

// inboxEvents streams "chat" events, one per new message of any
// conversation, until the browser leaves or the dashboard closes.
func (d *Dashboard) inboxEvents(w http.ResponseWriter, r *http.Request, c *call) error {
	sub := d.feed.subscribe()
	defer d.feed.unsubscribe(sub)
	after := lastEventID(r)
	rc, ok := stream(w)
	if !ok {
		return nil
	}
	if after > 0 { // what came while the browser was away
		missed, err := d.opt.Store.ChatLogAfter(r.Context(), 0, after, 200)
		if err != nil {
			return nil // the status is sent: the browser reconnects
		}
		for _, e := range missed {
			if err := event(w, rc, "chat", e.ID, inboxEvent{Chat: e.CustomerID, ID: e.ID}); err != nil {
				return nil
			}
		}
	}
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return nil
		case <-d.closing:
			return nil
		case <-beat.C:
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return nil
			}
		case es, ok := <-sub.c:
			if !ok {
				return nil // too far behind: the browser reconnects and catches up
			}
			for _, e := range es {
				if e.ID != 0 && e.ID <= after {
					continue
				}
				if err := event(w, rc, "chat", e.ID, inboxEvent{Chat: e.CustomerID, ID: e.ID}); err != nil {
					return nil
				}
			}
		}
	}
}

// stateEvent is a chat's takeover as the page shows it.
type stateEvent struct {
	State string `json:"state"`
	Words string `json:"words"`
}

// chatEvents streams a conversation's new messages ("msg" events, in the
// chat page's shape) and its state ("state") until the browser leaves or
// the dashboard closes.
func (d *Dashboard) chatEvents(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	id, err := chatID(r)
	if err != nil {
		return err
	}
	cu, err := d.opt.Store.CustomerByID(ctx, id)
	if err != nil {
		return err
	}
	sub := d.feed.subscribe()
	defer d.feed.unsubscribe(sub)
	after := lastEventID(r)
	rc, ok := stream(w)
	if !ok {
		return nil
	}
	sent := map[int64]bool{}
	send := func(es []lapak.ChatEntry) bool {
		for _, e := range es {
			if e.CustomerID != id || e.ID <= after || sent[e.ID] { // (an ID 0 entry is a state change)
				continue
			}
			sent[e.ID] = true
			if err := event(w, rc, "msg", e.ID, c.chatMsg(e, cu)); err != nil {
				return false
			}
		}
		return true
	}
	state := ""
	sendState := func() bool {
		cu2, err := d.opt.Store.CustomerByID(ctx, id)
		if err != nil {
			return ctx.Err() == nil
		}
		cu = cu2
		st := c.chatState(cu)
		if st.State == state {
			return true
		}
		state = st.State
		return event(w, rc, "state", 0, stateEvent{State: st.State, Words: st.Words}) == nil
	}
	if !sendState() {
		return nil
	}
	missed, err := d.opt.Store.ChatLogAfter(ctx, id, after, 200)
	if err != nil || !send(missed) {
		return nil
	}
	beat := time.NewTicker(sseHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-d.closing:
			return nil
		case <-beat.C:
			if !sendState() {
				return nil
			}
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || rc.Flush() != nil {
				return nil
			}
		case es, ok := <-sub.c:
			if !ok {
				return nil
			}
			mine := false
			for _, e := range es {
				mine = mine || e.CustomerID == id
			}
			if !mine {
				continue
			}
			if !sendState() || !send(es) {
				return nil
			}
		}
	}
}
