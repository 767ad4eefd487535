package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/whatsapp"
	"github.com/lapak-id/lapak/config"
	"github.com/lapak-id/lapak/promo"
	lapakshop "github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
)

// jobBroadcasts hands due promo recipients to the outbox's bulk lane and
// reports finished broadcasts; broadcastInterval is how often (half of
// promo.Window, so the lane never runs dry between passes).
const (
	jobBroadcasts     = "promo-broadcasts"
	broadcastInterval = promo.Window / 2
)

// telegramBulkRate is the pace a broadcast is queued and estimated at on
// Telegram: below the Bot API's ~30 messages a second, leaving room for
// replies.
const telegramBulkRate = 25

// newPromo makes the promo operations on st; queued wakes the sender and
// media fetches the photos admins send in chat (both nil outside serve).
func newPromo(cfg config.Config, st *storage.Store, sh *lapakshop.Shop, log *slog.Logger, now func() time.Time,
	queued func(), media *bot.Media) *promo.Promo {
	var fetch func(ctx context.Context, ref string) ([]byte, error)
	if media != nil {
		fetch = func(ctx context.Context, ref string) ([]byte, error) {
			data, _, err := media.Load(ctx, ref)
			return data, err
		}
	}
	perMinute := cfg.WhatsApp.NotifyPerMinute
	if perMinute <= 0 {
		perMinute = whatsapp.DefaultNotifyPerMinute
	}
	return promo.New(promo.Options{
		Shop:       cfg.Shop,
		Store:      st,
		MaxPerWeek: cfg.PromoMaxPerWeek,
		Rates: map[lapak.Channel]float64{
			lapak.ChannelTelegram: telegramBulkRate,
			lapak.ChannelWhatsApp: float64(perMinute) / 60,
			lapak.ChannelConsole:  10,
		},
		Admins: sh.Admins,
		Queued: queued,
		Fetch:  fetch,
		Logger: log,
		Now:    now,
	})
}

func broadcastFlags(fs *flag.FlagSet) {
	fs.String("segment", "", `who gets it: conditions joined with spaces, e.g. 'order:30d channel:telegram', "all", or a saved segment's name`)
	fs.String("at", "", "when to send, YYYY-MM-DD HH:MM in the shop's time zone (default: now)")
	fs.String("until", "", `"don't send after": YYYY-MM-DD HH:MM; what is not sent by then is skipped`)
	fs.String("photo", "", "a JPEG or PNG file sent with the promo")
	fs.String("voucher", "", "a voucher code shown in the promo")
	fs.Bool("dry-run", false, "print the recipients, those held back, a sample and how long it takes; change nothing")
	fs.Bool("yes", false, "plan without asking (needed when stdin is not a terminal)")
	fs.String("save-segment", "", "save --segment under this name (for --segment NAME later) and exit")
	fs.Bool("status", false, "list the broadcasts, or with an ID show one's report")
	fs.Int64("pause", 0, "pause broadcast ID")
	fs.Int64("resume", 0, "resume broadcast ID")
	fs.Int64("cancel", 0, "cancel broadcast ID: what is not sent yet is skipped")
}

func runBroadcast(ctx context.Context, e *env, fs *flag.FlagSet) int {
	str := func(name string) string { return strings.TrimSpace(fs.Lookup(name).Value.String()) }
	id := func(name string) int64 { n, _ := strconv.ParseInt(str(name), 10, 64); return n }
	usage := func(format string, args ...any) int {
		fmt.Fprintf(e.stderr, "lapak broadcast: "+format+"\n", args...)
		return exitUsage
	}
	actions := 0
	for _, f := range []string{"pause", "resume", "cancel"} {
		if id(f) != 0 {
			actions++
		}
	}
	if str("status") == "true" {
		actions++
	}
	if str("save-segment") != "" {
		actions++
	}
	if actions > 1 {
		return usage("use one of --status, --pause, --resume, --cancel, --save-segment at a time")
	}
	if actions == 0 {
		if fs.NArg() != 1 {
			return usage("give the promo's text file (FILE.txt, or - for stdin)")
		}
		if str("segment") == "" {
			return usage(`--segment is required: e.g. --segment 'order:30d', or --segment all`)
		}
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return e.fail(err)
	}
	st, err := openStore(ctx, cfg, e.logger(cfg.LogLevel), e.clock.Now)
	if err != nil {
		return e.fail(err)
	}
	defer st.Close()
	sh := lapakshop.New(lapakshop.Options{Shop: cfg.Shop, Store: st})
	p := newPromo(cfg, st, sh, e.logger(cfg.LogLevel), e.clock.Now, nil, nil)
	loc := cfg.Shop.Location

	switch {
	case str("status") == "true":
		if fs.NArg() == 0 {
			return e.listBroadcasts(ctx, p, loc)
		}
		n, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || n <= 0 {
			return usage("--status %q: give a broadcast's number", fs.Arg(0))
		}
		r, err := p.Report(ctx, n)
		if err != nil {
			return e.fail(broadcastErr(n, err))
		}
		printReport(e.stdout, r, cfg.Shop, loc)
		return exitOK
	case id("pause") != 0 || id("resume") != 0 || id("cancel") != 0:
		var b lapak.Broadcast
		var err error
		var n int64
		switch {
		case id("pause") != 0:
			n = id("pause")
			b, err = p.Pause(ctx, n)
		case id("resume") != 0:
			n = id("resume")
			b, err = p.Resume(ctx, n)
		default:
			n = id("cancel")
			b, err = p.Cancel(ctx, n)
		}
		if err != nil {
			return e.fail(broadcastErr(n, err))
		}
		fmt.Fprintf(e.stdout, "broadcast %d: %s\n", b.ID, b.Status)
		return exitOK
	case str("save-segment") != "":
		seg, err := lapak.ParseSegment(str("segment"))
		if err != nil {
			return e.fail(err)
		}
		if err := p.SaveSegment(ctx, str("save-segment"), seg); err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, "segment %q saved: %s\n", str("save-segment"), seg)
		return exitOK
	}

	// Plan (or preview) a broadcast.
	seg, err := p.Segment(ctx, str("segment"))
	if err != nil {
		return e.fail(err)
	}
	name := fs.Arg(0)
	body, err := readPromo(name, e.stdin)
	if err != nil {
		return e.fail(err)
	}
	d := promo.Draft{Text: body, Voucher: str("voucher"), Segment: seg, By: "cli"}
	if s := str("at"); s != "" {
		if d.SendAt, err = parseWhen(s, loc); err != nil {
			return usage("--at: %v", err)
		}
	}
	if s := str("until"); s != "" {
		u, err := parseWhen(s, loc)
		if err != nil {
			return usage("--until: %v", err)
		}
		d.Until = &u
	}
	dry := str("dry-run") == "true"
	var photo []byte
	if f := str("photo"); f != "" {
		if photo, err = os.ReadFile(f); err != nil {
			return e.fail(fmt.Errorf("cannot read %s: %w", f, errors.Unwrap(err)))
		}
		if err := checkPhotoBytes(photo); err != nil {
			return e.fail(fmt.Errorf("%s: %w", f, err))
		}
	}
	pv, err := p.Preview(ctx, d)
	if err != nil {
		return e.fail(err)
	}
	printPreview(e.stdout, pv, seg, loc)
	if photo != nil {
		fmt.Fprintf(e.stdout, "foto / photo: %s (%d KB)\n", str("photo"), (len(photo)+1023)/1024)
	}
	switch {
	case dry:
		fmt.Fprintln(e.stdout, "uji coba: tidak ada yang diubah / dry run: nothing changed")
		return exitOK
	case pv.Recipients == 0:
		return e.fail(errors.New("nothing planned: the segment has no recipient now"))
	case str("yes") == "true":
	case name != "-" && isTerminal(e.stdin):
		if !e.confirm(fmt.Sprintf("Kirim promo ini ke %d pelanggan? / Send this promo to %d customers? [y/N] ", pv.Recipients, pv.Recipients)) {
			return exitOK
		}
	default:
		return e.fail(errors.New("nothing planned: stdin is not a terminal to confirm on; run again with --yes to plan (or --dry-run to only look)"))
	}
	if photo != nil { // kept once the promo is planned
		if d.Image, err = st.KeepPhoto(ctx, photo); err != nil {
			return e.fail(fmt.Errorf("%s: %w", str("photo"), err))
		}
	}
	b, planned, err := p.Plan(ctx, d)
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "broadcast %d planned: %d recipients, sends from %s (lapak serve sends it)\n",
		b.ID, planned.Recipients, b.SendAt.In(loc).Format(whenLayout))
	return exitOK
}

// checkPhotoBytes checks a photo as KeepPhoto does, without keeping it.
func checkPhotoBytes(data []byte) error {
	if len(data) > lapak.MaxPhotoBytes {
		return lapak.ErrPhotoTooBig
	}
	switch http.DetectContentType(data) {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return nil
	}
	return lapak.ErrNotPhoto
}

func broadcastErr(id int64, err error) error {
	var se *lapak.BroadcastStateError
	switch {
	case errors.Is(err, lapak.ErrNotFound):
		return fmt.Errorf("no broadcast %d (lapak broadcast --status lists them)", id)
	case errors.As(err, &se):
		return fmt.Errorf("broadcast %d is %s: nothing changed", id, se.Status)
	}
	return err
}

// readPromo reads the promo's text from a file or stdin ("-"), bounded.
func readPromo(name string, stdin io.Reader) (string, error) {
	in := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return "", fmt.Errorf("cannot read %s: %w", name, errors.Unwrap(err))
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, 64<<10))
	if err != nil {
		return "", fmt.Errorf("reading %s: %w", name, err)
	}
	return string(data), nil
}

const whenLayout = "2006-01-02 15:04"

// parseWhen reads a date and time in the shop's time zone.
func parseWhen(s string, loc *time.Location) (time.Time, error) {
	for _, layout := range []string{whenLayout, "2006-01-02T15:04", "2006-01-02 15.04", "02/01/2006 15:04", "02/01/2006 15.04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: write the date and time as YYYY-MM-DD HH:MM, e.g. 2026-12-24 09:00", s)
}

func printPreview(w io.Writer, pv promo.Preview, seg lapak.Segment, loc *time.Location) {
	label := seg.String()
	if seg.Name != "" {
		label = fmt.Sprintf("%s (%s)", seg.Name, seg)
	}
	fmt.Fprintf(w, "segmen / segment: %s\n", label)
	chans := make([]string, 0, len(pv.ByChannel))
	for ch, n := range pv.ByChannel {
		chans = append(chans, fmt.Sprintf("%s %d", ch, n))
	}
	slices.Sort(chans)
	by := ""
	if len(chans) > 0 {
		by = " (" + strings.Join(chans, ", ") + ")"
	}
	fmt.Fprintf(w, "penerima / recipients: %d%s\n", pv.Recipients, by)
	fmt.Fprintf(w, "ditahan batas promo per minggu / held back by the weekly cap: %d\n", pv.HeldBack)
	fmt.Fprintf(w, "memblokir toko / blocked the shop: %d\n", pv.Blocked)
	fmt.Fprintf(w, "kirim / sends: %s, about %s at the channels' bulk pace, done by %s (not in quiet hours)\n",
		pv.SendAt.In(loc).Format(whenLayout), roundDuration(pv.Estimate), pv.Ends.In(loc).Format(whenLayout))
	who := pv.Sample.Name
	if who == "" {
		who = "-"
	}
	fmt.Fprintf(w, "contoh untuk / sample for %s:\n", who)
	for _, line := range strings.Split(pv.Rendered.Text, "\n") {
		fmt.Fprintf(w, "  | %s\n", line)
	}
}

func roundDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return "1s"
	case d < time.Minute:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}

func (e *env) listBroadcasts(ctx context.Context, p *promo.Promo, loc *time.Location) int {
	list, err := p.List(ctx, 20)
	if err != nil {
		return e.fail(err)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "belum ada promo / no broadcasts yet")
		return exitOK
	}
	fmt.Fprintf(e.stdout, "%-5s %-9s %-16s %8s %6s %6s %7s %7s  %s\n", "ID", "STATUS", "SENDS", "PLANNED", "SENT", "FAILED", "SKIPPED", "UNKNOWN", "SEGMENT")
	for _, b := range list {
		r, err := p.Report(ctx, b.ID)
		if err != nil {
			return e.fail(err)
		}
		fmt.Fprintf(e.stdout, "%-5d %-9s %-16s %8d %6d %6d %7d %7d  %s\n", b.ID, b.Status, b.SendAt.In(loc).Format(whenLayout),
			r.Planned, r.Sent, r.Failed, r.SkippedTotal(), r.Unknown, b.Segment)
	}
	return exitOK
}

func printReport(w io.Writer, r lapak.BroadcastReport, sh lapak.Shop, loc *time.Location) {
	fmt.Fprintf(w, "broadcast %d: %s\n", r.ID, r.Status)
	fmt.Fprintf(w, "segment: %s\n", r.Segment)
	fmt.Fprintf(w, "sends: %s", r.SendAt.In(loc).Format(whenLayout))
	if r.Until != nil {
		fmt.Fprintf(w, ", not after %s", r.Until.In(loc).Format(whenLayout))
	}
	fmt.Fprintln(w)
	if r.Voucher != "" {
		fmt.Fprintf(w, "voucher: %s\n", r.Voucher)
	}
	fmt.Fprintf(w, "planned: %d (held back by the weekly cap: %d, blocked the shop: %d)\n", r.Planned, r.HeldBack, r.Blocked)
	fmt.Fprintf(w, "waiting: %d, in the outbox: %d\n", r.Waiting, r.Sending)
	fmt.Fprintf(w, "sent: %d, failed: %d, unknown (stopped mid-send, not sent again): %d\n", r.Sent, r.Failed, r.Unknown)
	why := map[lapak.SkipReason]string{lapak.SkipOptedOut: "opted out since", lapak.SkipBlocked: "blocked the shop since",
		lapak.SkipDeadline: "past the deadline", lapak.SkipCancelled: "cancelled"}
	var parts []string
	for _, k := range []lapak.SkipReason{lapak.SkipOptedOut, lapak.SkipBlocked, lapak.SkipDeadline, lapak.SkipCancelled} {
		if n := r.Skipped[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", why[k], n))
		}
	}
	fmt.Fprintf(w, "skipped: %d", r.SkippedTotal())
	if len(parts) > 0 {
		fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "within 3 days of their promo: %d replied, %d orders, %s\n", r.Replies, r.Orders, sh.Price.Format(r.Revenue))
	if r.Voucher != "" {
		fmt.Fprintf(w, "voucher %s used in %d of those orders\n", r.Voucher, r.VoucherUses)
	}
}
