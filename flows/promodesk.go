package flows

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/text"
)

// The desk's /promo: a promo composed step by step in chat (text, photo,
// voucher, segment, when, "don't send after"), a preview with the real
// numbers, and "ya" plans it; /promo status, jeda, lanjut, batal. The
// operations are package promo's, run in the turn's transaction
// (promo.Promo.In): on SQLite a second write transaction would wait
// behind the one the turn holds.

// Steps of the promo wizard (promoDraft.Step).
const (
	proText    = "text"
	proPhoto   = "photo"
	proVoucher = "voucher"
	proSegment = "segment"
	proWhen    = "when"
	proUntil   = "until"
	proConfirm = "confirm" // the preview is shown: ya, ubah or batal
	proPart    = "part"    // which part to change
)

// promoDraft is a promo being composed, kept in the admin's conversation
// state until they say "ya" (nothing is written before).
type promoDraft struct {
	Step    string `json:"step"`
	Text    string `json:"text,omitempty"`
	Image   string `json:"image,omitempty"` // media:CHANNEL:REF of the photo sent
	Voucher string `json:"voucher,omitempty"`
	Segment string `json:"segment,omitempty"` // a saved segment's name or conditions
	// Now: sent as soon as it is planned; else SendAt.
	Now     bool       `json:"now,omitempty"`
	SendAt  time.Time  `json:"send_at,omitzero"`
	Until   *time.Time `json:"until,omitempty"`
	Editing bool       `json:"editing,omitempty"`
}

// Common segments offered as buttons (ids after "pdesk:seg:").
var promoSegments = []struct {
	id, cond string
	label    text.Key
}{
	{"all", "all", text.BtnSegAll},
	{"o30", "order:30d", text.BtnSegOrdered30},
	{"l60", "lapsed:60d", text.BtnSegLapsed60},
	{"never", "never-ordered", text.BtnSegNeverOrdered},
}

// promoWords are the /promo subcommands.
var promoWords = map[string]string{
	"status": "status", "daftar": "status", "list": "status",
	"jeda": "pause", "pause": "pause", "tunda": "pause",
	"lanjut": "resume", "lanjutkan": "resume", "resume": "resume",
	"batal": "cancel", "batalkan": "cancel", "cancel": "cancel", "hentikan": "cancel",
}

// ops is the promo operations in the turn's transaction, at its time.
func (t *turn) promoOps() *promo.Promo { return t.e.promo.In(t.tx, t.now()) }

// promoCmd runs /promo.
func (d *deskTurn) promoCmd() error {
	args := d.cmd.args
	if len(args) == 0 {
		d.st.Promo = &promoDraft{}
		return d.promoAsk(d.st.Promo, proText)
	}
	sub := promoWords[strings.ToLower(args[0])]
	switch {
	case sub == "status" && len(args) == 1:
		return d.promoStatus()
	case sub != "" && sub != "status":
		if len(args) != 2 {
			return d.usage()
		}
		id, err := strconv.ParseInt(strings.TrimPrefix(args[1], "#"), 10, 64)
		if err != nil || id <= 0 {
			return d.usage()
		}
		return d.promoSet(sub, id)
	}
	// "/promo Halo {nama}, …": the text given at once.
	c := &promoDraft{Step: proText}
	d.st.Promo = c
	return d.promoStep(c, d.cmd.rest)
}

// promoTurn gives a promo being composed the first go at an admin's
// message. A command ("/stok …") drops the draft and runs; done is false
// then, and when there is no draft.
func (t *turn) promoTurn(raw string) (done bool, err error) {
	c := t.st.Promo
	if c == nil {
		return false, nil
	}
	if strings.HasPrefix(strings.TrimSpace(raw), "/") {
		t.st.Promo = nil
		return false, nil
	}
	if catCancelWords[lowerWords(raw)] {
		t.st.Promo = nil
		t.send(t.msg(text.PromoCancelled))
		return true, nil
	}
	if id := t.typedChoice(raw); id != "" && strings.HasPrefix(id, "pdesk:") {
		return t.promoChoice(id)
	}
	d := &deskTurn{turn: t}
	return true, d.done(d.promoStep(c, raw))
}

// promoPhoto takes a photo sent while the wizard waits for one.
func (t *turn) promoPhoto() (done bool, err error) {
	c := t.st.Promo
	if c == nil || c.Step != proPhoto || !t.isAdmin() {
		return false, nil
	}
	d := &deskTurn{turn: t}
	img := t.conv.Inbound.Image
	switch {
	case img.Size > lapak.MaxPhotoBytes:
		d.send(d.msg(text.PromoPhotoTooBig, megabytes(img.Size), lapak.MaxPhotoBytes>>20))
		return true, nil
	case img.MIME != "" && !strings.HasPrefix(img.MIME, "image/") || img.Ref == "":
		d.send(d.msg(text.PromoPhotoNotImage, fileKind(img.MIME)))
		return true, nil
	}
	c.Image = lapak.MediaRef(t.conv.Inbound.Channel, img.Ref)
	return true, d.promoNext(c, proVoucher)
}

// promoChoice runs a promo wizard choice ("pdesk:…"), pressed or typed.
func (t *turn) promoChoice(id string) (bool, error) {
	if !t.isAdmin() {
		return false, nil
	}
	c := t.st.Promo
	if c == nil {
		return false, nil // an old button
	}
	d := &deskTurn{turn: t}
	verb, arg, _ := strings.Cut(strings.TrimPrefix(id, "pdesk:"), ":")
	switch {
	case verb == "seg" && c.Step == proSegment:
		for _, s := range promoSegments {
			if s.id == arg {
				return true, d.promoSegment(c, s.cond)
			}
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(arg, "s")); err == nil {
			segs, err := t.tx.Segments(t.ctx)
			if err != nil {
				return true, err
			}
			if n >= 0 && n < len(segs) {
				return true, d.promoSegment(c, segs[n].Name)
			}
		}
	case verb == "skip" && (c.Step == proPhoto || c.Step == proVoucher || c.Step == proUntil):
		return true, d.promoStep(c, "lewati")
	case verb == "now" && c.Step == proWhen:
		return true, d.promoStep(c, "sekarang")
	case verb == "yes" && c.Step == proConfirm:
		return true, d.done(d.promoPlan(c))
	case verb == "edit" && (c.Step == proConfirm || c.Step == proPart):
		return true, d.promoAskPart(c)
	case verb == "part" && c.Step == proPart:
		switch arg {
		case proText, proPhoto, proVoucher, proSegment, proWhen, proUntil:
			c.Editing = true
			return true, d.promoAsk(c, arg)
		}
	case verb == "cancel":
		t.st.Promo = nil
		t.send(t.msg(text.PromoCancelled))
		return true, nil
	}
	return true, d.promoAsk(c, c.Step) // a button of another step: ask this one again
}

var promoParts = []struct {
	step  string
	label text.Key
}{
	{proText, text.BtnPartText}, {proPhoto, text.BtnPartPhoto}, {proVoucher, text.BtnPartVoucher},
	{proSegment, text.BtnPartSegment}, {proWhen, text.BtnPartWhen}, {proUntil, text.BtnPartUntil},
}

func (d *deskTurn) promoAskPart(c *promoDraft) error {
	c.Step = proPart
	choices := make([]lapak.Choice, len(promoParts))
	for i, p := range promoParts {
		choices[i] = lapak.Choice{ID: "pdesk:part:" + p.step, Label: d.msg(p.label)}
	}
	d.send(d.msg(text.PromoAskPart), choices...)
	return nil
}

func (d *deskTurn) skipChoice() lapak.Choice {
	return lapak.Choice{ID: "pdesk:skip", Label: d.msg(text.BtnPromoSkip)}
}

// promoAsk puts the question of step.
func (d *deskTurn) promoAsk(c *promoDraft, step string) error {
	c.Step = step
	switch step {
	case proText:
		d.send(d.msg(text.PromoAskText, promo.MaxText))
	case proPhoto:
		d.send(d.msg(text.PromoAskPhoto), d.skipChoice())
	case proVoucher:
		d.send(d.msg(text.PromoAskVoucher), d.skipChoice())
	case proSegment:
		var choices []lapak.Choice
		for _, s := range promoSegments {
			choices = append(choices, lapak.Choice{ID: "pdesk:seg:" + s.id, Label: d.msg(s.label)})
		}
		segs, err := d.tx.Segments(d.ctx)
		if err != nil {
			return err
		}
		for i, s := range segs {
			if i == 10 {
				break // more are typed by name
			}
			choices = append(choices, lapak.Choice{ID: fmt.Sprintf("pdesk:seg:s%d", i), Label: s.Name})
		}
		d.send(d.msg(text.PromoAskSegment), choices...)
	case proWhen:
		d.send(d.msg(text.PromoAskWhen), lapak.Choice{ID: "pdesk:now", Label: d.msg(text.BtnPromoNow)})
	case proUntil:
		d.send(d.msg(text.PromoAskUntil), d.skipChoice())
	case proConfirm, proPart:
		return d.promoPreview(c)
	}
	return nil
}

// promoNext moves to step, or back to the preview when one part was
// being changed.
func (d *deskTurn) promoNext(c *promoDraft, step string) error {
	if c.Editing {
		c.Editing = false
		step = proConfirm
	}
	return d.promoAsk(c, step)
}

// refusedDraft tells the admin what promo refused; false for an error
// that is not theirs.
func (d *deskTurn) refusedDraft(err error) bool {
	var de *promo.DraftError
	if errors.As(err, &de) {
		d.send(de.Text(d.lang))
		return true
	}
	return false
}

// promoStep reads the answer to the current step.
func (d *deskTurn) promoStep(c *promoDraft, raw string) error {
	raw = strings.TrimSpace(raw)
	skip := catSkipWords[lowerWords(raw)]
	switch c.Step {
	case proText:
		body, err := promo.CheckText(raw)
		if err != nil {
			if d.refusedDraft(err) {
				return nil
			}
			return err
		}
		c.Text = body
		return d.promoNext(c, proPhoto)
	case proPhoto:
		if skip {
			c.Image = ""
			return d.promoNext(c, proVoucher)
		}
		d.send(d.msg(text.PromoPhotoWait), d.skipChoice())
	case proVoucher:
		if skip || raw == "" {
			if raw == "" {
				return d.promoAsk(c, proVoucher)
			}
			c.Voucher = ""
			return d.promoNext(c, proSegment)
		}
		code, ok := lapak.NormalizeVoucherCode(raw)
		if !ok || strings.ContainsAny(raw, " \t\n") {
			d.send(d.msg(text.PromoVoucherBad, raw), d.skipChoice())
			return nil
		}
		if _, err := d.tx.Voucher(d.ctx, code); notFound(err) {
			d.send(d.msg(text.PromoVoucherUnknown, code), d.skipChoice())
			return nil
		} else if err != nil {
			return err
		}
		c.Voucher = code
		return d.promoNext(c, proSegment)
	case proSegment:
		if raw == "" {
			return d.promoAsk(c, proSegment)
		}
		return d.promoSegment(c, raw)
	case proWhen:
		if raw == "" {
			return d.promoAsk(c, proWhen)
		}
		at, ok := d.promoWhen(raw)
		if !ok {
			return nil
		}
		c.Now, c.SendAt = at.Equal(d.now()), at
		if c.Until != nil && !c.Until.After(d.sendAt(c)) {
			c.Until = nil // the old deadline is before the new time: asked again
			return d.promoAsk(c, proUntil)
		}
		return d.promoNext(c, proUntil)
	case proUntil:
		if skip {
			c.Until = nil
			return d.promoNext(c, proConfirm)
		}
		if raw == "" {
			return d.promoAsk(c, proUntil)
		}
		at, ok := d.promoWhen(raw)
		if !ok {
			return nil
		}
		if start := d.sendAt(c); !at.After(start) {
			d.send(d.msg(text.PromoUntilBeforeStart, formatTime(d.lang, at.In(d.e.loc)), formatTime(d.lang, start.In(d.e.loc))), d.skipChoice())
			return nil
		}
		c.Until = &at
		return d.promoNext(c, proConfirm)
	case proConfirm:
		w := lowerWords(raw)
		switch {
		case catYesWords[w]:
			return d.promoPlan(c)
		case catEditWords[w]:
			return d.promoAskPart(c)
		}
		d.send(d.msg(text.PromoConfirmHint), d.st.Choices...)
	case proPart:
		w := lowerWords(raw)
		for _, p := range promoParts {
			if l := lowerWords(d.msg(p.label)); w == l || len(w) >= 3 && strings.Contains(l, w) {
				c.Editing = true
				return d.promoAsk(c, p.step)
			}
		}
		return d.promoAskPart(c)
	default:
		d.st.Promo = nil
	}
	return nil
}

// promoWhen reads a time the admin typed; false after saying what is wrong.
func (d *deskTurn) promoWhen(raw string) (time.Time, bool) {
	at, err := lapak.ParseWhen(raw, d.now(), d.e.loc)
	switch {
	case errors.Is(err, lapak.ErrWhenPast):
		d.send(d.msg(text.PromoWhenPast, raw))
	case errors.Is(err, lapak.ErrWhenNoHour):
		d.send(d.msg(text.PromoWhenNoHour))
	case err != nil:
		d.send(d.msg(text.PromoWhenBad, raw))
	default:
		return at, true
	}
	return time.Time{}, false
}

// sendAt is when the draft would go if planned now.
func (d *deskTurn) sendAt(c *promoDraft) time.Time {
	if c.Now || c.SendAt.IsZero() {
		return d.now()
	}
	return c.SendAt
}

// promoSegment takes a segment: a saved one by name, or conditions; one
// matching no one now is refused at once.
func (d *deskTurn) promoSegment(c *promoDraft, s string) error {
	ops := d.promoOps()
	seg, err := ops.Segment(d.ctx, s)
	var se *lapak.SegmentError
	if errors.As(err, &se) {
		d.send(d.msg(text.PromoSegmentBad, s, se.Reason))
		return nil
	}
	if err != nil {
		return err
	}
	a, err := d.tx.Audience(d.ctx, seg, d.sendAt(c), d.e.promoCap())
	if err != nil {
		return err
	}
	if a.Recipients == 0 {
		c.Step = proSegment
		d.send(d.msg(text.PromoNoRecipients), d.st.Choices...)
		return nil
	}
	c.Segment = s
	return d.promoNext(c, proWhen)
}

// draft is c as the promo operations take it.
func (d *deskTurn) draft(c *promoDraft) (promo.Draft, error) {
	seg, err := d.promoOps().Segment(d.ctx, c.Segment)
	if err != nil {
		return promo.Draft{}, err
	}
	pd := promo.Draft{Text: c.Text, Image: c.Image, Voucher: c.Voucher, Segment: seg, Until: c.Until,
		By: d.conv.Inbound.From().String()}
	if !c.Now {
		pd.SendAt = c.SendAt
	}
	return pd, nil
}

// promoPreview shows what the draft would do, counted now, and asks for
// ya, ubah or batal.
func (d *deskTurn) promoPreview(c *promoDraft) error {
	c.Step = proConfirm
	pd, err := d.draft(c)
	if err != nil {
		return err
	}
	pv, err := d.promoOps().Preview(d.ctx, pd)
	if err != nil {
		if d.refusedDraft(err) {
			return d.promoAskPart(c)
		}
		return err
	}
	if pv.Recipients == 0 {
		d.send(d.msg(text.PromoNoRecipients))
		return d.promoAsk(c, proSegment)
	}
	var chans []string
	for ch, n := range pv.ByChannel {
		chans = append(chans, fmt.Sprintf("%s %d", ch, n))
	}
	slices.Sort(chans)
	by := ""
	if len(chans) > 0 {
		by = " (" + strings.Join(chans, ", ") + ")"
	}
	when := formatTime(d.lang, pv.SendAt.In(d.e.loc))
	if c.Now {
		when = d.msg(text.PromoPreviewNow)
	}
	until := ""
	if c.Until != nil {
		until = d.msg(text.PromoPreviewUntil, formatTime(d.lang, c.Until.In(d.e.loc)))
	}
	label := pd.Segment.String()
	if pd.Segment.Name != "" {
		label = pd.Segment.Name + " (" + label + ")"
	}
	who := pv.Sample.Name
	if who == "" {
		who = pv.Sample.Identity().String()
	}
	head := d.msg(text.PromoPreview, label, pv.Recipients, by, pv.HeldBack, pv.Blocked, when, promoDuration(pv.Estimate),
		formatTime(d.lang, pv.Ends.In(d.e.loc)), until, who)
	d.send(head)
	// The promo as the sample customer gets it (without its voucher
	// button: the admin's tap would use it on their own cart).
	d.sendOut(lapak.Outbound{Text: pv.Rendered.Text, Image: pv.Rendered.Image})
	d.send(d.msg(text.PromoConfirmHint),
		lapak.Choice{ID: "pdesk:yes", Label: d.msg(text.BtnPromoSend)},
		lapak.Choice{ID: "pdesk:edit", Label: d.msg(text.BtnPromoEdit)},
		lapak.Choice{ID: "pdesk:cancel", Label: d.msg(text.BtnPromoCancel)})
	return nil
}

// promoDuration writes an estimate: "40s", "12m", "2h5m".
func promoDuration(e time.Duration) string {
	switch {
	case e < time.Second:
		return "1s"
	case e < time.Minute:
		return e.Round(time.Second).String()
	}
	s := e.Round(time.Minute).String()
	return strings.TrimSuffix(s, "0s")
}

// promoPlan plans the draft: the one write of the whole wizard.
func (d *deskTurn) promoPlan(c *promoDraft) error {
	pd, err := d.draft(c)
	if err != nil {
		return err
	}
	b, planned, err := d.promoOps().Plan(d.ctx, pd)
	if err != nil {
		if d.refusedDraft(err) {
			if planned.Recipients == 0 {
				return d.promoAsk(c, proSegment)
			}
			return d.promoAskPart(c)
		}
		return err
	}
	d.st.Promo = nil
	d.send(d.msg(text.PromoPlanned, b.ID, planned.Recipients, formatTime(d.lang, b.SendAt.In(d.e.loc))))
	return nil
}

// promoStatus runs /promo status: the latest broadcasts and their numbers.
func (d *deskTurn) promoStatus() error {
	ops := d.promoOps()
	list, err := ops.List(d.ctx, 10)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		d.send(d.msg(text.PromoNone))
		return nil
	}
	var b strings.Builder
	b.WriteString(d.msg(text.PromoStatusTitle))
	for _, br := range list {
		r, err := ops.Report(d.ctx, br.ID)
		if err != nil {
			return err
		}
		b.WriteString("\n" + d.msg(text.PromoStatusLine, br.ID, d.promoStatusText(br.Status), formatTime(d.lang, br.SendAt.In(d.e.loc)),
			br.Segment, r.Planned, r.Sent, r.Failed, r.SkippedTotal(), r.Waiting+r.Sending, r.Replies, r.Orders, d.turn.price(r.Revenue)))
		if r.Voucher != "" {
			b.WriteString("\n   " + d.msg(text.PromoReportVoucher, r.Voucher, r.VoucherUses))
		}
	}
	d.send(b.String())
	return nil
}

func (d *deskTurn) promoStatusText(s lapak.BroadcastStatus) string {
	switch s {
	case lapak.BroadcastActive:
		return d.msg(text.PromoStatusActive)
	case lapak.BroadcastPaused:
		return d.msg(text.PromoStatusPaused)
	case lapak.BroadcastCancelled:
		return d.msg(text.PromoStatusCancelled)
	case lapak.BroadcastDone:
		return d.msg(text.PromoStatusDone)
	}
	return string(s)
}

// promoSet runs /promo jeda|lanjut|batal N.
func (d *deskTurn) promoSet(sub string, id int64) error {
	ops := d.promoOps()
	var b lapak.Broadcast
	var err error
	switch sub {
	case "pause":
		b, err = ops.Pause(d.ctx, id)
	case "resume":
		b, err = ops.Resume(d.ctx, id)
	default:
		b, err = ops.Cancel(d.ctx, id)
	}
	var se *lapak.BroadcastStateError
	switch {
	case notFound(err):
		d.send(d.msg(text.PromoNotFound, id))
		return nil
	case errors.As(err, &se):
		d.send(d.msg(text.PromoWrongState, id, d.promoStatusText(se.Status)))
		return nil
	case err != nil:
		return err
	}
	d.send(d.msg(text.PromoSetStatus, b.ID, d.promoStatusText(b.Status)))
	return nil
}

// promoCap is the weekly cap the preview counts with.
func (e *Engine) promoCap() int { return e.promo.MaxPerWeek() }
