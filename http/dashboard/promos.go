package dashboard

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The promos pages: the broadcasts and their progress, composing one
// (text, voucher, segment, when, "don't send after") with a live count of
// its recipients, a preview with the numbers the chat's /promo shows, and
// the confirm that plans it through the same operation (promo.Promo.Plan,
// in a transaction of the dashboard user's); a broadcast's page pauses,
// resumes and cancels it and shows its report, which downloads as CSV.
// The vouchers page (vouchers.go's half of this file) lists and creates
// vouchers through shop.CreateVoucher, read by the parser /voucher uses.

// promoStore is what the promos pages read (storage.Store).
type promoStore interface {
	// DashBroadcasts is the newest broadcasts with their recipients counted.
	DashBroadcasts(ctx context.Context, limit int) ([]lapak.BroadcastReport, error)
	// RecipientLines pages through a broadcast's recipients for its CSV.
	RecipientLines(ctx context.Context, id, after int64, limit int) ([]lapak.RecipientLine, error)
	DashVouchers(ctx context.Context) ([]lapak.Voucher, error)
	Audience(ctx context.Context, seg lapak.Segment, at time.Time, maxPerWeek int) (lapak.Audience, error)
	Segments(ctx context.Context) ([]lapak.Segment, error)
	Broadcast(ctx context.Context, id int64) (lapak.Broadcast, error)
	// KeepPhoto stores an uploaded promo photo ("stored:ID").
	KeepPhoto(ctx context.Context, data []byte) (string, error)
}

// promoWords are the promos pages' sentences, the vouchers page's among them.
var promoWords = join(promoPageWords, voucherWords)

var promoPageWords = words{
	"promos.title":            {"Promo", "Promos"},
	"promos.off":              {"Promo belum aktif di toko ini (pengiriman promo tidak dijalankan).", "Promos are off in this shop (no promo sender runs)."},
	"promos.new":              {"Buat promo", "New promo"},
	"promos.vouchers":         {"Voucher", "Vouchers"},
	"promos.none":             {"Belum ada promo.", "No promos yet."},
	"promos.id":               {"No.", "No."},
	"promos.status":           {"Status", "Status"},
	"promos.sendat":           {"Waktu kirim", "Sends at"},
	"promos.segment":          {"Segmen", "Segment"},
	"promos.sent":             {"Terkirim", "Sent"},
	"promos.failed":           {"Gagal", "Failed"},
	"promos.skipped":          {"Dilewati", "Skipped"},
	"promos.unknown":          {"Tidak pasti", "Unknown"},
	"promos.waiting":          {"Menunggu", "Waiting"},
	"promos.progress":         {"Kemajuan", "Progress"},
	"promos.recipients":       {"Penerima", "Recipients"},
	"promos.status.active":    {"berjalan", "active"},
	"promos.status.paused":    {"dijeda", "paused"},
	"promos.status.cancelled": {"dibatalkan", "cancelled"},
	"promos.status.done":      {"selesai", "done"},
	"promos.compose":          {"Tulis promo", "Compose a promo"},
	"promos.text":             {"Teks promo", "Promo text"},
	"promos.text.hint":        {"Boleh pakai {nama} (nama depan pelanggan) dan {toko} (nama toko). Maksimal 3.500 karakter.", "You may use {nama} (the customer's first name) and {toko} (the shop's name). At most 3,500 characters."},
	"promos.photo":            {"Foto (opsional, JPEG/PNG/WebP, maksimal 5 MB)", "Photo (optional, JPEG/PNG/WebP, at most 5 MB)"},
	"promos.photo.kept":       {"Foto terlampir.", "Photo attached."},
	"promos.photo.drop":       {"Hapus foto", "Remove the photo"},
	"promos.photo.big":        {"Fotonya %.1f MB, maksimal %d MB. Kirim foto yang lebih kecil.", "The photo is %.1f MB, at most %d MB. Send a smaller one."},
	"promos.photo.notimage":   {"File itu bukan foto (JPEG, PNG, GIF atau WebP).", "That file is not a picture (JPEG, PNG, GIF or WebP)."},
	"promos.voucher":          {"Voucher (opsional)", "Voucher (optional)"},
	"promos.voucher.none":     {"Tanpa voucher", "No voucher"},
	"promos.seg.kind":         {"Siapa penerimanya", "Who gets it"},
	"promos.seg.all":          {"Semua pelanggan yang tidak berhenti langganan", "Everyone who did not opt out"},
	"promos.seg.order":        {"Pernah pesan dalam N hari terakhir", "Ordered in the last N days"},
	"promos.seg.lapsed":       {"Pernah pesan, tapi tidak dalam N hari terakhir", "Ordered before, not in the last N days"},
	"promos.seg.never":        {"Pernah chat, belum pernah pesan", "Chatted, never ordered"},
	"promos.seg.product":      {"Pernah pesan produk (SKU)", "Ordered a product (SKU)"},
	"promos.seg.category":     {"Pernah pesan dari kategori", "Ordered from a category"},
	"promos.seg.spent":        {"Total belanja minimal", "Spent at least"},
	"promos.seg.channel":      {"Di kanal", "On channel"},
	"promos.seg.zone":         {"Zona pengiriman alamat terakhir", "Delivery zone of the last address"},
	"promos.seg.city":         {"Kota di alamat terakhir", "City of the last address"},
	"promos.seg.saved":        {"Segmen tersimpan: %s", "Saved segment: %s"},
	"promos.seg.value":        {"Nilai (SKU, kategori, jumlah, kanal, zona, kota)", "Value (SKU, category, amount, channel, zone, city)"},
	"promos.seg.days":         {"Hari (untuk pesan/tidak pesan; opsional untuk produk dan kategori)", "Days (for ordered/lapsed; optional for product and category)"},
	"promos.seg.conds":        {"Atau tulis syaratnya seperti di chat (misalnya order:30d city:Depok)", "Or write the conditions as in chat (e.g. order:30d city:Depok)"},
	"promos.seg.novalue":      {"Isi nilainya untuk segmen ini (misalnya SKU, kategori atau kota).", "Fill in the value for this segment (e.g. a SKU, a category or a city)."},
	"promos.seg.quote":        {"Nilai segmen tidak boleh berisi tanda kutip (\").", "A segment's value cannot contain a quote (\")."},
	"promos.seg.bad":          {"Pilihan segmen tidak dikenal.", "Unknown segment choice."},
	"promos.count":            {"Jumlah penerima", "Recipients"},
	"promos.count.live":       {"%d penerima · %d ditahan batas mingguan · %d memblokir toko", "%d recipients · %d held back by the weekly cap · %d blocked the shop"},
	"promos.count.js":         {"Jumlahnya dihitung di pratinjau.", "The count is shown in the preview."},
	"promos.when":             {"Kapan dikirim", "When to send"},
	"promos.when.now":         {"Sekarang", "Now"},
	"promos.when.later":       {"Pada waktu ini (zona toko)", "At this time (the shop's zone)"},
	"promos.when.missing":     {"Pilih waktu kirimnya, atau pilih Sekarang.", "Pick the send time, or choose Now."},
	"promos.until":            {"Jangan kirim setelah (opsional)", "Don't send after (optional)"},
	"promos.preview.go":       {"Lihat pratinjau", "Preview"},
	"promos.preview":          {"Pratinjau", "Preview"},
	"promos.preview.sample":   {"Contoh untuk %s:", "Sample for %s:"},
	"promos.preview.heldback": {"Ditahan batas promo per minggu", "Held back by the weekly cap"},
	"promos.preview.blocked":  {"Memblokir toko", "Blocked the shop"},
	"promos.preview.takes":    {"Lama pengiriman", "Takes"},
	"promos.preview.ends":     {"Selesai sekitar", "Done by about"},
	"promos.preview.quiet":    {"(tidak dikirim di jam tenang)", "(nothing is sent in quiet hours)"},
	"promos.preview.until":    {"Jangan kirim setelah", "Don't send after"},
	"promos.preview.edit":     {"Ubah di bawah lalu lihat pratinjau lagi, atau kirim sekarang:", "Change it below and preview again, or send it:"},
	"promos.confirm":          {"Jadwalkan promo ini", "Schedule this promo"},
	"promos.planned":          {"Promo #%d dijadwalkan untuk %d pelanggan, mulai %s.", "Promo #%d is scheduled for %d customers, from %s."},
	"promos.pause":            {"Jeda", "Pause"},
	"promos.resume":           {"Lanjutkan", "Resume"},
	"promos.cancel":           {"Batalkan promo", "Cancel the promo"},
	"promos.cancel.ask":       {"Batalkan promo ini? Penerima yang belum dikirimi dilewati.", "Cancel this promo? Recipients not sent to yet are skipped."},
	"promos.set":              {"Promo #%d sekarang %s.", "Promo #%d is now %s."},
	"promos.wrongstate":       {"Promo #%d sedang %s: tidak ada yang diubah.", "Promo #%d is %s: nothing was changed."},
	"promos.report":           {"Laporan", "Report"},
	"promos.replies":          {"Membalas (3 hari)", "Replied (3 days)"},
	"promos.orders":           {"Pesanan (3 hari)", "Orders (3 days)"},
	"promos.revenue":          {"Omzet (3 hari)", "Revenue (3 days)"},
	"promos.voucheruses":      {"Voucher %s dipakai", "Voucher %s used"},
	"promos.csv":              {"Unduh laporan per penerima (CSV)", "Download the per-recipient report (CSV)"},
	"promos.by":               {"Dibuat oleh", "Created by"},
	"promos.created":          {"Dibuat", "Created"},
	"promos.finished":         {"Selesai", "Finished"},
	"promos.planned.n":        {"Direncanakan", "Planned"},
	"promos.skip.opted_out":   {"berhenti langganan", "opted out"},
	"promos.skip.blocked":     {"memblokir toko", "blocked the shop"},
	"promos.skip.deadline":    {"lewat batas waktu", "past the deadline"},
	"promos.skip.cancelled":   {"dibatalkan", "cancelled"},
	"promos.promotext":        {"Teks", "Text"},
}

// promoRoutes mounts the promos pages.
func (d *Dashboard) promoRoutes() {
	d.get("promos", false, d.promosPage)
	d.get("promos/new", false, d.promoNewPage)
	// The compose form may carry a photo: its body is bounded before the
	// session's CSRF check reads it.
	d.mux.Handle("POST "+Prefix+"promos/preview", d.limitBody(d.wrap(true, true, false, d.promoPreview)))
	d.post("promos/new", false, d.promoConfirm)
	d.get("promos/photo", false, d.promoPhoto)
	d.get("promos/count", false, d.promoCount)
	d.get("promos/{id}", false, d.promoPage)
	d.get("promos/{id}/report.csv", false, d.promoCSV)
	d.post("promos/{id}/{action}", false, d.promoSet)
	d.voucherRoutes()
}

// promoRow is a broadcast in the list and on its page.
type promoRow struct {
	lapak.BroadcastReport
	StatusText string
	Done       int // recipients whose promo ended (sent, failed, skipped, unknown)
	Skips      []skipCount
}

type skipCount struct {
	Label string
	N     int
}

func (c *call) promoRow(r lapak.BroadcastReport) promoRow {
	row := promoRow{BroadcastReport: r, StatusText: c.promoStatus(r.Status)}
	row.Done = r.Sent + r.Failed + r.Unknown + r.SkippedTotal()
	for _, why := range []lapak.SkipReason{lapak.SkipOptedOut, lapak.SkipBlocked, lapak.SkipDeadline, lapak.SkipCancelled} {
		if n := r.Skipped[why]; n > 0 {
			row.Skips = append(row.Skips, skipCount{Label: c.t("promos.skip." + string(why)), N: n})
		}
	}
	return row
}

func (c *call) promoStatus(s lapak.BroadcastStatus) string {
	switch s {
	case lapak.BroadcastActive, lapak.BroadcastPaused, lapak.BroadcastCancelled, lapak.BroadcastDone:
		return c.t("promos.status." + string(s))
	}
	return string(s)
}

type promosData struct {
	Off  bool
	Rows []promoRow
}

func (d *Dashboard) promosPage(w http.ResponseWriter, r *http.Request, c *call) error {
	if d.opt.Promo == nil {
		return c.render(w, r, "promos", promosData{Off: true})
	}
	list, err := d.opt.Store.DashBroadcasts(r.Context(), 50)
	if err != nil {
		return err
	}
	data := promosData{}
	for _, b := range list {
		data.Rows = append(data.Rows, c.promoRow(b))
	}
	return c.render(w, r, "promos", data)
}

// ---- composing ----

// promoForm is the compose form as posted (and shown again).
type promoForm struct {
	Text    string
	Voucher string
	Seg     string // a kind of segmentKinds, or "saved:NAME"
	Value   string
	Days    string
	Conds   string // the segment written as in chat; wins over Seg when set
	When    string // "now" or "later"
	At      string // datetime-local, the shop's zone
	Until   string // datetime-local, "" for none
	Image   string // the photo uploaded at the preview ("stored:ID"), "" for none
}

// segmentKinds are the segment choices of the form, as promo's segments
// read them (lapak.ParseSegment); value and days say what each needs.
var segmentKinds = []struct {
	kind, label string
	value, days bool
}{
	{"all", "promos.seg.all", false, false},
	{"order", "promos.seg.order", false, true},
	{"lapsed", "promos.seg.lapsed", false, true},
	{"never-ordered", "promos.seg.never", false, false},
	{"product", "promos.seg.product", true, false},
	{"category", "promos.seg.category", true, false},
	{"spent", "promos.seg.spent", true, false},
	{"channel", "promos.seg.channel", true, false},
	{"zone", "promos.seg.zone", true, false},
	{"city", "promos.seg.city", true, false},
}

func readPromoForm(r *http.Request) promoForm {
	get := func(k string, n int) string {
		v := r.FormValue(k)
		if len(v) > n {
			v = v[:n]
		}
		return v
	}
	return promoForm{Text: get("text", 4*promo.MaxText+100), Voucher: get("voucher", 40), Seg: get("seg", 100),
		Value: get("value", 200), Days: get("days", 10), Conds: get("conds", 500), When: get("when", 10),
		At: get("at", 40), Until: get("until", 40), Image: get("image", 40)}
}

// segmentText is the form's segment in the syntax promo reads (a saved
// segment's name, or conditions); a problem sentence otherwise.
func (c *call) segmentText(f promoForm) (string, string) {
	if s := strings.TrimSpace(f.Conds); s != "" {
		return s, ""
	}
	if name, ok := strings.CutPrefix(f.Seg, "saved:"); ok && name != "" {
		return name, ""
	}
	for _, k := range segmentKinds {
		if k.kind != f.Seg {
			continue
		}
		v, days := strings.TrimSpace(f.Value), strings.TrimSpace(f.Days)
		if strings.ContainsAny(v+days, "\"“”") {
			return "", c.t("promos.seg.quote")
		}
		s := k.kind
		if k.value {
			if v == "" {
				return "", c.t("promos.seg.novalue")
			}
			s += `:"` + v + `"`
		}
		if days != "" && (k.days || k.kind == "product" || k.kind == "category") {
			s += ":" + days + "d"
		} else if k.days {
			s += ":30d"
		}
		return s, ""
	}
	return "", c.t("promos.seg.bad")
}

// promoWhen reads a time from the form as the chat reads a typed one
// (lapak.ParseWhen); a problem sentence in the chat's words otherwise.
func (c *call) promoWhen(raw string) (time.Time, string) {
	typed := strings.Replace(strings.TrimSpace(raw), "T", " ", 1) // datetime-local: 2026-12-24T09:00
	at, err := lapak.ParseWhen(typed, c.d.now(), c.d.opt.Settings.Location)
	switch {
	case errors.Is(err, lapak.ErrWhenPast):
		return at, text.Get(c.lang, text.PromoWhenPast, typed)
	case errors.Is(err, lapak.ErrWhenNoHour):
		return at, text.Get(c.lang, text.PromoWhenNoHour)
	case err != nil:
		return at, text.Get(c.lang, text.PromoWhenBad, typed)
	}
	return at, ""
}

// draft reads the form into a promo draft, as the chat's wizard would
// have it; problem is the sentence that says what is wrong.
func (d *Dashboard) draft(ctx context.Context, c *call, f promoForm) (promo.Draft, string, error) {
	pd := promo.Draft{Text: f.Text, By: shop.Dashboard(c.User().Key).String()}
	if f.Image != "" {
		if _, ok := lapak.ParseStoredRef(f.Image); !ok {
			return pd, text.Get(c.lang, text.PromoPhotoBad, f.Image), nil
		}
		pd.Image = f.Image
	}
	if _, err := promo.CheckText(f.Text); err != nil {
		var de *promo.DraftError
		if errors.As(err, &de) {
			return pd, de.Text(c.lang), nil
		}
		return pd, "", err
	}
	if v := strings.TrimSpace(f.Voucher); v != "" {
		code, ok := lapak.NormalizeVoucherCode(v)
		if !ok {
			return pd, text.Get(c.lang, text.PromoVoucherBad, v), nil
		}
		vs, err := d.opt.Store.DashVouchers(ctx)
		if err != nil {
			return pd, "", err
		}
		if !slices.ContainsFunc(vs, func(x lapak.Voucher) bool { return x.Code == code }) {
			return pd, text.Get(c.lang, text.PromoVoucherUnknown, code), nil
		}
		pd.Voucher = code
	}
	s, problem := c.segmentText(f)
	if problem != "" {
		return pd, problem, nil
	}
	seg, err := d.opt.Promo.Segment(ctx, s)
	var se *lapak.SegmentError
	if errors.As(err, &se) {
		return pd, text.Get(c.lang, text.PromoSegmentBad, s, se.Reason), nil
	}
	if err != nil {
		return pd, "", err
	}
	pd.Segment = seg
	if f.When == "later" {
		if strings.TrimSpace(f.At) == "" {
			return pd, c.t("promos.when.missing"), nil
		}
		at, problem := c.promoWhen(f.At)
		if problem != "" {
			return pd, problem, nil
		}
		pd.SendAt = at
	}
	if strings.TrimSpace(f.Until) != "" {
		at, problem := c.promoWhen(f.Until)
		if problem != "" {
			return pd, problem, nil
		}
		pd.Until = &at
	}
	return pd, "", nil
}

// composeData is the compose page, with the preview once there is one.
type composeData struct {
	Off      bool
	Form     promoForm
	Problem  string
	Vouchers []lapak.Voucher
	Kinds    []segmentKind
	Saved    []string
	Channels []lapak.Channel
	MaxText  int
	Preview  *previewData
	HasMedia bool // kept photos can be shown (Options.Media)
}

type segmentKind struct{ Kind, Label string }

type previewData struct {
	lapak.Audience
	Segment  string
	Sample   string // whose name the sample shows
	Text     string // the promo as that customer gets it
	Now      bool
	SendAt   time.Time
	Takes    string
	Ends     time.Time
	Until    *time.Time
	Channels string // "telegram 3, whatsapp 2"
}

func (d *Dashboard) compose(ctx context.Context, c *call, f promoForm) (composeData, error) {
	data := composeData{Form: f, MaxText: promo.MaxText, HasMedia: d.opt.Media != nil, Channels: []lapak.Channel{lapak.ChannelTelegram, lapak.ChannelWhatsApp, lapak.ChannelConsole}}
	if data.Form.Seg == "" {
		data.Form.Seg = "all"
	}
	if data.Form.When == "" {
		data.Form.When = "now"
	}
	vs, err := d.opt.Store.DashVouchers(ctx)
	if err != nil {
		return data, err
	}
	now := d.now()
	for _, v := range vs {
		if st := v.State(now); st == lapak.VoucherActive || st == lapak.VoucherScheduled {
			data.Vouchers = append(data.Vouchers, v)
		}
	}
	for _, k := range segmentKinds {
		data.Kinds = append(data.Kinds, segmentKind{Kind: k.kind, Label: c.t(k.label)})
	}
	segs, err := d.opt.Store.Segments(ctx)
	if err != nil {
		return data, err
	}
	for _, s := range segs {
		data.Saved = append(data.Saved, s.Name)
	}
	return data, nil
}

func (d *Dashboard) promoNewPage(w http.ResponseWriter, r *http.Request, c *call) error {
	if d.opt.Promo == nil {
		return c.render(w, r, "promo_new", composeData{Off: true})
	}
	data, err := d.compose(r.Context(), c, promoForm{})
	if err != nil {
		return err
	}
	return c.render(w, r, "promo_new", data)
}

// promoPreview shows what the draft would do, counted now: the chat's
// preview numbers (promo.Promo.Preview), the promo as a real recipient
// gets it, and the confirm button.
func (d *Dashboard) promoPreview(w http.ResponseWriter, r *http.Request, c *call) error {
	if d.opt.Promo == nil {
		return lapak.ErrNotFound
	}
	ctx := r.Context()
	f := readPromoForm(r)
	problem, err := d.takePhoto(ctx, c, r, &f)
	if err != nil {
		return err
	}
	data, err := d.compose(ctx, c, f)
	if err != nil {
		return err
	}
	if problem != "" {
		data.Problem = problem
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "promo_new", data)
	}
	pd, problem, err := d.draft(ctx, c, f)
	if err != nil {
		return err
	}
	if problem != "" {
		data.Problem = problem
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "promo_new", data)
	}
	pv, err := d.opt.Promo.Preview(ctx, pd)
	var de *promo.DraftError
	if errors.As(err, &de) {
		data.Problem = de.Text(c.lang)
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "promo_new", data)
	}
	if err != nil {
		return err
	}
	if pv.Recipients == 0 {
		data.Problem = text.Get(c.lang, text.PromoNoRecipients)
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "promo_new", data)
	}
	p := &previewData{Audience: pv.Audience, Segment: pd.Segment.String(), Text: pv.Rendered.Text, Now: pd.SendAt.IsZero(),
		SendAt: pv.SendAt, Takes: duration(pv.Estimate), Ends: pv.Ends, Until: pd.Until}
	if pd.Segment.Name != "" {
		p.Segment = pd.Segment.Name + " (" + p.Segment + ")"
	}
	p.Sample = pv.Sample.Name
	if p.Sample == "" {
		p.Sample = pv.Sample.ChatName
	}
	if p.Sample == "" {
		p.Sample = pv.Sample.Identity().String()
	}
	var chans []string
	for ch, n := range pv.ByChannel {
		chans = append(chans, fmt.Sprintf("%s %d", ch, n))
	}
	slices.Sort(chans)
	p.Channels = strings.Join(chans, ", ")
	data.Preview = p
	return c.render(w, r, "promo_new", data)
}

// maxUpload bounds a compose form's body: a photo of lapak.MaxPhotoBytes
// and the rest of the form.
const maxUpload = lapak.MaxPhotoBytes + 64<<10

// limitBody refuses a body larger than maxUpload with a page that says
// why, before anything reads it.
func (d *Dashboard) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxUpload {
			c := &call{d: d, lang: d.language(r)}
			w.Header().Set("Connection", "close")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			c.renderStatus(w, "error", http.StatusRequestEntityTooLarge,
				errorPage{Message: c.t("promos.photo.big", float64(r.ContentLength)/(1<<20), lapak.MaxPhotoBytes>>20), Code: http.StatusRequestEntityTooLarge})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		next.ServeHTTP(w, r)
	})
}

// takePhoto keeps the photo uploaded with the compose form, if any, as
// the promo's (f.Image); "nophoto" drops the one kept before. problem
// says why an upload is refused.
func (d *Dashboard) takePhoto(ctx context.Context, c *call, r *http.Request, f *promoForm) (string, error) {
	if r.FormValue("nophoto") != "" {
		f.Image = ""
	}
	if r.MultipartForm == nil || len(r.MultipartForm.File["photo"]) == 0 {
		return "", nil
	}
	fh := r.MultipartForm.File["photo"][0]
	if fh.Size == 0 && fh.Filename == "" {
		return "", nil // the file input left empty
	}
	if fh.Size > lapak.MaxPhotoBytes {
		return c.t("promos.photo.big", float64(fh.Size)/(1<<20), lapak.MaxPhotoBytes>>20), nil
	}
	file, err := fh.Open()
	if err != nil {
		return "", err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, lapak.MaxPhotoBytes+1))
	if err != nil {
		return "", err
	}
	ref, err := d.opt.Store.KeepPhoto(ctx, data)
	switch {
	case errors.Is(err, lapak.ErrPhotoTooBig):
		return c.t("promos.photo.big", float64(len(data))/(1<<20), lapak.MaxPhotoBytes>>20), nil
	case errors.Is(err, lapak.ErrNotPhoto):
		return c.t("promos.photo.notimage"), nil
	case err != nil:
		return "", err
	}
	f.Image = ref
	return "", nil
}

// promoPhoto shows a promo's kept photo (the preview's, a broadcast's).
func (d *Dashboard) promoPhoto(w http.ResponseWriter, r *http.Request, c *call) error {
	ref := r.URL.Query().Get("ref")
	if _, ok := lapak.ParseStoredRef(ref); !ok || d.opt.Media == nil {
		return lapak.ErrNotFound
	}
	data, _, err := d.opt.Media.Load(r.Context(), ref)
	if err != nil || len(data) == 0 {
		return lapak.ErrNotFound
	}
	w.Header().Set("Content-Type", http.DetectContentType(data))
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, err = w.Write(data)
	return err
}

// duration writes an estimate as the chat does: "40s", "12m", "2h5m".
func duration(e time.Duration) string {
	switch {
	case e < time.Second:
		return "1s"
	case e < time.Minute:
		return e.Round(time.Second).String()
	}
	return strings.TrimSuffix(e.Round(time.Minute).String(), "0s")
}

// promoConfirm plans the promo: the chat confirm's operation
// (promo.Promo.Plan) in the dashboard user's transaction, with an audit
// entry naming them; the broadcast's created_by does too.
func (d *Dashboard) promoConfirm(w http.ResponseWriter, r *http.Request, c *call) error {
	if d.opt.Promo == nil {
		return lapak.ErrNotFound
	}
	ctx := r.Context()
	f := readPromoForm(r)
	pd, problem, err := d.draft(ctx, c, f)
	if err != nil {
		return err
	}
	var b lapak.Broadcast
	var planned promo.Preview
	if problem == "" {
		err = c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
			var err error
			b, planned, err = d.opt.Promo.In(tx, tx.Now()).Plan(ctx, pd)
			if err != nil {
				return err
			}
			return tx.Audit(ctx, lapak.AuditEntry{Actor: by.Identity, Command: "promo", Target: "#" + strconv.FormatInt(b.ID, 10),
				After: fmt.Sprintf("%d recipients, %s, from %s", planned.Recipients, b.Segment, b.SendAt.UTC().Format(time.RFC3339)), At: tx.Now()})
		})
		var de *promo.DraftError
		if errors.As(err, &de) {
			problem, err = de.Text(c.lang), nil
		}
		if err != nil {
			return err
		}
	}
	if problem != "" {
		data, err := d.compose(ctx, c, f)
		if err != nil {
			return err
		}
		data.Problem = problem
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "promo_new", data)
	}
	return c.redirect(w, r, "promos/"+strconv.FormatInt(b.ID, 10),
		c.t("promos.planned", b.ID, planned.Recipients, when(b.SendAt, d.opt.Settings.Location, "02/01/2006 15.04")))
}

// countAnswer is promos/count's JSON.
type countAnswer struct {
	Recipients int    `json:"recipients"`
	HeldBack   int    `json:"held_back"`
	Blocked    int    `json:"blocked"`
	Text       string `json:"text"`
	Problem    string `json:"problem,omitempty"`
}

// promoCount counts the segment of the query (the compose form's fields:
// seg, value, days, conds) now, for the form's live count.
func (d *Dashboard) promoCount(w http.ResponseWriter, r *http.Request, c *call) error {
	if d.opt.Promo == nil {
		return lapak.ErrNotFound
	}
	f := readPromoForm(r)
	var ans countAnswer
	s, problem := c.segmentText(f)
	if problem == "" {
		seg, err := d.opt.Promo.Segment(r.Context(), s)
		var se *lapak.SegmentError
		switch {
		case errors.As(err, &se):
			problem = text.Get(c.lang, text.PromoSegmentBad, s, se.Reason)
		case err != nil:
			return err
		default:
			a, err := d.opt.Store.Audience(r.Context(), seg, d.now(), d.opt.Promo.MaxPerWeek())
			if err != nil {
				return err
			}
			ans.Recipients, ans.HeldBack, ans.Blocked = a.Recipients, a.HeldBack, a.Blocked
			ans.Text = c.t("promos.count.live", a.Recipients, a.HeldBack, a.Blocked)
		}
	}
	ans.Problem = problem
	if problem != "" {
		ans.Text = problem
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(ans)
}

// ---- one broadcast ----

func (d *Dashboard) broadcastID(r *http.Request) (int64, error) {
	if d.opt.Promo == nil {
		return 0, lapak.ErrNotFound
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, lapak.ErrNotFound
	}
	return id, nil
}

type promoData struct {
	promoRow
	CanPause, CanResume, CanCancel bool
}

func (d *Dashboard) promoPage(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := d.broadcastID(r)
	if err != nil {
		return err
	}
	rep, err := d.opt.Promo.Report(r.Context(), id)
	if err != nil {
		return err
	}
	data := promoData{promoRow: c.promoRow(rep)}
	data.CanPause = rep.Status == lapak.BroadcastActive
	data.CanResume = rep.Status == lapak.BroadcastPaused
	data.CanCancel = rep.Status == lapak.BroadcastActive || rep.Status == lapak.BroadcastPaused
	return c.render(w, r, "promo", data)
}

// promoSet pauses, resumes or cancels a broadcast through promo's
// operations, in the dashboard user's transaction, audited.
func (d *Dashboard) promoSet(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := d.broadcastID(r)
	if err != nil {
		return err
	}
	action := r.PathValue("action")
	switch action {
	case "pause", "resume", "cancel":
	default:
		return lapak.ErrNotFound
	}
	var b lapak.Broadcast
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		ops := d.opt.Promo.In(tx, tx.Now())
		var err error
		switch action {
		case "pause":
			b, err = ops.Pause(ctx, id)
		case "resume":
			b, err = ops.Resume(ctx, id)
		default:
			b, err = ops.Cancel(ctx, id)
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, lapak.AuditEntry{Actor: by.Identity, Command: "promo " + action, Target: "#" + strconv.FormatInt(id, 10),
			After: string(b.Status), At: tx.Now()})
	})
	path := "promos/" + strconv.FormatInt(id, 10)
	var se *lapak.BroadcastStateError
	switch {
	case errors.As(err, &se):
		return c.redirect(w, r, path, c.t("promos.wrongstate", id, c.promoStatus(se.Status)))
	case err != nil:
		return err
	}
	return c.redirect(w, r, path, c.t("promos.set", id, c.promoStatus(b.Status)))
}

// promoCSV exports a broadcast's report, one row per recipient (whatomate
// #88: a campaign's results must leave the dashboard), paged through the
// store a thousand at a time.
func (d *Dashboard) promoCSV(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := d.broadcastID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if _, err := d.opt.Store.Broadcast(ctx, id); err != nil {
		return err
	}
	lines, err := d.opt.Store.RecipientLines(ctx, id, 0, 1000)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="promo-%d.csv"`, id))
	cw := csv.NewWriter(w)
	cw.Write([]string{"customer_id", "name", "channel", "status", "skip_reason", "sent_at", "replied", "orders", "revenue", "voucher_uses"})
	loc := d.opt.Settings.Location
	for len(lines) > 0 {
		for _, l := range lines {
			sent := ""
			if l.SentAt != nil {
				sent = l.SentAt.In(loc).Format("2006-01-02 15:04:05")
			}
			replied := "0"
			if l.Replied {
				replied = "1"
			}
			cw.Write([]string{strconv.FormatInt(l.CustomerID, 10), csvSafe(l.Name), string(l.Channel), string(l.Status), string(l.Reason),
				sent, replied, strconv.Itoa(l.Orders), l.Revenue.Digits(), strconv.Itoa(l.VoucherUses)})
		}
		if len(lines) < 1000 {
			break
		}
		if lines, err = d.opt.Store.RecipientLines(ctx, id, lines[len(lines)-1].ID, 1000); err != nil {
			d.log.Error("dashboard: exporting a promo's report", "broadcast", id, "err", err)
			break // the header is out: the file ends short
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a customer's name as a formula.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ---- vouchers ----

func (d *Dashboard) voucherRoutes() {
	d.get("promos/vouchers", false, d.vouchersPage)
	d.post("promos/vouchers", false, d.createVoucher)
	d.post("promos/vouchers/{code}/end", false, d.endVoucher)
}

// voucherForm is the create form as posted.
type voucherForm struct {
	Code, Discount, Min, Max, Quota, Per, From, Until, SKUs, Categories string
}

type voucherRow struct {
	lapak.Voucher
	State   string
	LastDay time.Time // the last day an exclusive end covers
	Live    bool      // can be ended
	Scope   string
}

type vouchersData struct {
	Rows    []voucherRow
	Form    voucherForm
	Problem string
}

func (d *Dashboard) vouchers(ctx context.Context, c *call) ([]voucherRow, error) {
	vs, err := d.opt.Store.DashVouchers(ctx)
	if err != nil {
		return nil, err
	}
	now := d.now()
	rows := make([]voucherRow, len(vs))
	for i, v := range vs {
		st := v.State(now)
		row := voucherRow{Voucher: v, State: c.t("vouchers.state." + string(st)), Live: st != lapak.VoucherEnded && st != lapak.VoucherExpired}
		if v.EndsAt != nil {
			row.LastDay = v.EndsAt.Add(-time.Nanosecond)
		}
		var scope []string
		for _, cat := range v.Categories {
			scope = append(scope, cat.Name)
		}
		scope = append(scope, v.SKUs...)
		row.Scope = strings.Join(scope, ", ")
		rows[i] = row
	}
	return rows, nil
}

func (d *Dashboard) vouchersPage(w http.ResponseWriter, r *http.Request, c *call) error {
	rows, err := d.vouchers(r.Context(), c)
	if err != nil {
		return err
	}
	return c.render(w, r, "vouchers", vouchersData{Rows: rows})
}

// voucherLine writes the form as a /voucher line, so the one parser the
// chat uses (shop.ParseVoucherLine) reads it and refuses what it refuses.
func voucherLine(f voucherForm) (string, *shop.VoucherProblem) {
	parts := []string{strings.TrimSpace(f.Code), strings.TrimSpace(f.Discount)}
	add := func(word, v string) {
		if v = strings.TrimSpace(v); v != "" {
			parts = append(parts, word, v)
		}
	}
	add("min", f.Min)
	add("maks", f.Max)
	add("kuota", f.Quota)
	add("per orang", f.Per)
	for _, dt := range []struct{ word, v string }{{"mulai", f.From}, {"sampai", f.Until}} {
		if v := strings.TrimSpace(dt.v); v != "" {
			day, err := time.Parse("2006-01-02", v)
			if err != nil {
				return "", &shop.VoucherProblem{Key: text.VoucherBadDate, Args: []any{v}}
			}
			parts = append(parts, dt.word, day.Format("02/01/2006"))
		}
	}
	add("untuk sku", f.SKUs)
	add("untuk kategori", f.Categories)
	return strings.Join(parts, " "), nil
}

// voucherProblem is p in the person's language (the chat desk's rules:
// a text.Key argument is that sentence, a time a day, money a price).
func (c *call) voucherProblem(p *shop.VoucherProblem) string {
	args := make([]any, len(p.Args))
	for i, a := range p.Args {
		switch a := a.(type) {
		case text.Key:
			args[i] = text.Get(c.lang, a)
		case time.Time:
			args[i] = when(a, c.d.opt.Settings.Location, "02/01/2006")
		case lapak.Money:
			args[i] = c.d.opt.Settings.Price.Format(a)
		default:
			args[i] = a
		}
	}
	if p.Key == text.DeskUsage {
		return c.t("vouchers.usage")
	}
	return text.Get(c.lang, p.Key, args...)
}

func (d *Dashboard) createVoucher(w http.ResponseWriter, r *http.Request, c *call) error {
	ctx := r.Context()
	get := func(k string) string {
		v := r.FormValue(k)
		if utf8.RuneCountInString(v) > 500 {
			v = string([]rune(v)[:500])
		}
		return strings.Join(strings.Fields(v), " ")
	}
	f := voucherForm{Code: get("code"), Discount: get("discount"), Min: get("min"), Max: get("max"), Quota: get("quota"),
		Per: get("per"), From: get("from"), Until: get("until"), SKUs: get("skus"), Categories: get("categories")}
	problem := ""
	line, p := voucherLine(f)
	var v lapak.Voucher
	if p == nil {
		v, p = shop.ParseVoucherLine(line, d.now(), d.opt.Settings.Location)
	}
	if p != nil {
		problem = c.voucherProblem(p)
	}
	var made lapak.Voucher
	if problem == "" {
		var cats []string
		err := c.do(ctx, func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
			var err error
			made, err = d.opt.Shop.CreateVoucher(ctx, tx, by, v)
			var fe *shop.VoucherFieldError
			if errors.As(err, &fe) && fe.Field == "category" {
				all, cerr := tx.Categories(ctx)
				if cerr != nil {
					return cerr
				}
				for _, cat := range all {
					cats = append(cats, cat.Name)
				}
			}
			return err
		})
		var fe *shop.VoucherFieldError
		var ee *lapak.ExistsError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			problem = text.Get(c.lang, text.VoucherExists, ee.Value)
		case errors.As(err, &fe) && fe.Field == "sku":
			problem = text.Get(c.lang, text.VoucherSKUNotFound, strings.ToUpper(fe.Value))
		case errors.As(err, &fe) && fe.Field == "category":
			problem = text.Get(c.lang, text.VoucherCategoryNotFound, fe.Value, strings.Join(cats, ", "))
		case errors.As(err, &fe) && fe.Field == "code":
			problem = text.Get(c.lang, text.VoucherBadCode, fe.Value, lapak.MinVoucherCode, lapak.MaxVoucherCode)
		case errors.As(err, &fe) && fe.Field == "scope":
			problem = text.Get(c.lang, text.VoucherTooMuchScope, lapak.MaxVoucherScope)
		case errors.As(err, &fe):
			problem = c.t("vouchers.badfield", fe.Field, fe.Value)
		default:
			return err
		}
	}
	if problem != "" {
		rows, err := d.vouchers(ctx, c)
		if err != nil {
			return err
		}
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "vouchers", vouchersData{Rows: rows, Form: f, Problem: problem})
	}
	return c.redirect(w, r, "promos/vouchers", c.t("vouchers.created", made.Code))
}

func (d *Dashboard) endVoucher(w http.ResponseWriter, r *http.Request, c *call) error {
	code, ok := lapak.NormalizeVoucherCode(r.PathValue("code"))
	if !ok {
		return lapak.ErrNotFound
	}
	var v lapak.Voucher
	err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		v, err = d.opt.Shop.EndVoucher(ctx, tx, by, code)
		return err
	})
	switch {
	case errors.Is(err, shop.ErrVoucherOver):
		return c.redirect(w, r, "promos/vouchers", c.t("vouchers.over", v.Code))
	case err != nil:
		return err
	}
	return c.redirect(w, r, "promos/vouchers", c.t("vouchers.ended", v.Code, v.Used))
}

// voucherWords are the vouchers page's sentences (promoWords' part).
var voucherWords = words{
	"vouchers.title":           {"Voucher", "Vouchers"},
	"vouchers.none":            {"Belum ada voucher.", "No vouchers yet."},
	"vouchers.code":            {"Kode", "Code"},
	"vouchers.kind":            {"Jenis", "Kind"},
	"vouchers.kind.percent":    {"persen", "percent"},
	"vouchers.kind.amount":     {"potongan", "amount off"},
	"vouchers.value":           {"Besar", "Discount"},
	"vouchers.min":             {"Min. belanja", "Min. spend"},
	"vouchers.max":             {"Maks. potongan", "Max. discount"},
	"vouchers.quota":           {"Dipakai / kuota", "Used / quota"},
	"vouchers.valid":           {"Berlaku", "Valid"},
	"vouchers.scope":           {"Untuk", "For"},
	"vouchers.scope.all":       {"semua produk", "every product"},
	"vouchers.state":           {"Status", "Status"},
	"vouchers.state.active":    {"aktif", "active"},
	"vouchers.state.scheduled": {"belum mulai", "not started"},
	"vouchers.state.expired":   {"kedaluwarsa", "expired"},
	"vouchers.state.ended":     {"dihentikan", "ended"},
	"vouchers.state.used_up":   {"kuota habis", "used up"},
	"vouchers.end":             {"Hentikan", "End"},
	"vouchers.end.ask":         {"Hentikan voucher ini? Pesanan baru tidak bisa memakainya lagi.", "End this voucher? New orders can no longer use it."},
	"vouchers.new":             {"Buat voucher", "New voucher"},
	"vouchers.f.code":          {"Kode (huruf dan angka, 3–20)", "Code (letters and digits, 3–20)"},
	"vouchers.f.discount":      {"Potongan: persen (10%) atau rupiah (15rb)", "Discount: a percentage (10%) or rupiah (15rb)"},
	"vouchers.f.min":           {"Minimal belanja (opsional, misalnya 50rb)", "Minimum spend (optional, e.g. 50rb)"},
	"vouchers.f.max":           {"Maksimal potongan untuk persen (opsional)", "Maximum discount for a percentage (optional)"},
	"vouchers.f.quota":         {"Kuota pemakaian (opsional, kosong = tanpa batas)", "Quota (optional, empty = no limit)"},
	"vouchers.f.per":           {"Per pelanggan (opsional, biasanya 1)", "Per customer (optional, 1 by default)"},
	"vouchers.f.from":          {"Mulai (opsional)", "From (optional)"},
	"vouchers.f.until":         {"Sampai dengan (opsional)", "Until (optional)"},
	"vouchers.f.skus":          {"Hanya untuk SKU (opsional, pisahkan dengan koma)", "Only for SKUs (optional, comma-separated)"},
	"vouchers.f.categories":    {"Hanya untuk kategori (opsional, pisahkan dengan koma)", "Only for categories (optional, comma-separated)"},
	"vouchers.create":          {"Buat voucher", "Create the voucher"},
	"vouchers.created":         {"Voucher %s dibuat.", "Voucher %s created."},
	"vouchers.ended":           {"Voucher %s dihentikan (sudah dipakai %d kali).", "Voucher %s ended (used %d times)."},
	"vouchers.over":            {"Voucher %s sudah berakhir: tidak ada yang diubah.", "Voucher %s is already over: nothing was changed."},
	"vouchers.usage":           {"Isi kode dan potongannya, misalnya HEMAT10 dan 10%.", "Fill in the code and the discount, e.g. HEMAT10 and 10%."},
	"vouchers.badfield":        {"Isian %s (%q) tidak bisa dipakai. Periksa lagi lalu kirim ulang.", "The %s (%q) cannot be used. Check it and send it again."},
	"vouchers.open":            {"tanpa batas", "open-ended"},
	"vouchers.nolimit":         {"tanpa batas", "no limit"},
}
