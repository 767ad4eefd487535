package dashboard

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The resellers pages: applicants to approve or reject, the resellers with
// their tier, 90-day sales and balance; one reseller's page with the bank
// account, the commission ledger, the customers they brought, the tier
// pin, the one change of their code and (owners only) a payout recorded.
// Every change is the chat desk's operation (shop.DecideReseller,
// ChangeResellerCode, PinTier, RecordPayout) in the dashboard user's
// transaction; the reseller is told as the desk tells them.

// resellerStore is what the resellers pages read (storage.Store).
type resellerStore interface {
	DashResellers(ctx context.Context, salesSince time.Time) ([]lapak.ResellerListing, []lapak.ResellerStanding, error)
	DashReseller(ctx context.Context, id int64, salesSince time.Time, ledger, customers int) (lapak.ResellerStanding, []lapak.CommissionEntry, []lapak.ResellerCustomer, error)
}

// ledgerShown bounds the entries a reseller's page shows.
const ledgerShown = 500

var resellerWords = words{
	"resellers.title":            {"Reseller", "Resellers"},
	"resellers.applicants":       {"Pendaftar menunggu persetujuan", "Applicants waiting for a decision"},
	"resellers.list":             {"Reseller", "Resellers"},
	"resellers.none":             {"Belum ada reseller.", "No resellers yet."},
	"resellers.code":             {"Kode", "Code"},
	"resellers.name":             {"Nama", "Name"},
	"resellers.city":             {"Kota", "City"},
	"resellers.phone":            {"HP", "Phone"},
	"resellers.tier":             {"Level", "Tier"},
	"resellers.pinned":           {"dikunci", "pinned"},
	"resellers.sales":            {"Penjualan 90 hari", "90-day sales"},
	"resellers.balance":          {"Saldo (terkonfirmasi − dibayar)", "Balance (confirmed − paid)"},
	"resellers.pending":          {"Tertahan", "Pending"},
	"resellers.orders":           {"Pesanan", "Orders"},
	"resellers.status":           {"Status", "Status"},
	"resellers.applied":          {"Mendaftar", "Applied"},
	"resellers.status.applicant": {"menunggu", "applicant"},
	"resellers.status.approved":  {"aktif", "approved"},
	"resellers.status.rejected":  {"ditolak", "rejected"},
	"resellers.status.suspended": {"dinonaktifkan", "suspended"},
	"resellers.approve":          {"Setujui", "Approve"},
	"resellers.reject":           {"Tolak", "Reject"},
	"resellers.suspend":          {"Nonaktifkan", "Suspend"},
	"resellers.reinstate":        {"Aktifkan lagi", "Reinstate"},
	"resellers.suspend.ask":      {"Nonaktifkan reseller ini? Kode dan link-nya berhenti mencatat pesanan.", "Suspend this reseller? Their code and links stop attributing orders."},
	"resellers.done":             {"Reseller %s (kode %s) sekarang %s.", "Reseller %s (code %s) is now %s."},
	"resellers.cannot":           {"Reseller %s (kode %s) sedang %s: tidak bisa jadi %s.", "Reseller %s (code %s) is %s: cannot become %s."},
	"resellers.bank":             {"Rekening", "Bank account"},
	"resellers.ledger":           {"Buku komisi", "Commission ledger"},
	"resellers.ledger.none":      {"Belum ada komisi.", "No commission yet."},
	"resellers.ledger.when":      {"Waktu", "When"},
	"resellers.ledger.order":     {"Pesanan / ref.", "Order / ref."},
	"resellers.ledger.kind":      {"Jenis", "Kind"},
	"resellers.ledger.amount":    {"Jumlah", "Amount"},
	"resellers.ledger.effect":    {"Ke saldo", "To balance"},
	"resellers.ledger.sum":       {"Jumlah ke saldo", "Sum to balance"},
	"resellers.ledger.cut":       {"Hanya %d catatan terakhir yang ditampilkan; saldo di atas dihitung dari semuanya.", "Only the latest %d entries are shown; the balance above counts them all."},
	"resellers.kind.pending":     {"tertahan (pesanan dibayar)", "pending (order paid)"},
	"resellers.kind.confirmed":   {"terkonfirmasi", "confirmed"},
	"resellers.kind.void":        {"batal sebelum konfirmasi", "void before confirmation"},
	"resellers.kind.reversal":    {"ditarik (batal setelah konfirmasi)", "reversed (cancelled after confirmation)"},
	"resellers.kind.payout":      {"dibayarkan", "paid out"},
	"resellers.customers":        {"Pelanggan yang dibawa", "Customers brought"},
	"resellers.customers.none":   {"Belum ada pelanggan.", "No customers yet."},
	"resellers.firstname":        {"Nama depan", "First name"},
	"resellers.area":             {"Area", "Area"},
	"resellers.tier.pin":         {"Kunci level", "Pin the tier"},
	"resellers.tier.auto":        {"Otomatis (dari penjualan)", "Automatic (from sales)"},
	"resellers.tier.save":        {"Simpan level", "Save the tier"},
	"resellers.tier.pinned":      {"Level %s dikunci untuk %s.", "Tier %s is pinned for %s."},
	"resellers.tier.unpinned":    {"Level %s kembali otomatis.", "%s's tier is automatic again."},
	"resellers.tier.unknown":     {"Level %q tidak ada. Level yang ada: %s.", "There is no tier %q. The tiers: %s."},
	"resellers.code.change":      {"Ganti kode (hanya sekali)", "Change the code (once only)"},
	"resellers.code.new":         {"Kode baru", "New code"},
	"resellers.code.save":        {"Ganti kode", "Change the code"},
	"resellers.code.once":        {"Kode sudah pernah diganti (hanya bisa sekali).", "The code was changed once already (it can be only once)."},
	"resellers.payout":           {"Catat pembayaran komisi", "Record a commission payout"},
	"resellers.payout.amount":    {"Jumlah (kosongkan untuk seluruh saldo)", "Amount (leave empty for the whole balance)"},
	"resellers.payout.ref":       {"Referensi transfer bank", "Bank transfer reference"},
	"resellers.payout.save":      {"Catat pembayaran", "Record the payout"},
	"resellers.payout.done":      {"Pembayaran %s ke %s dicatat (ref. %s). Sisa saldo %s. Reseller sudah dikabari.", "Payout of %s to %s recorded (ref. %s). Balance left %s. The reseller was told."},
	"resellers.payout.noref":     {"Isi referensi transfernya (maksimal 100 karakter): tidak ada yang dicatat.", "Fill in the transfer's reference (at most 100 characters): nothing was recorded."},
	"resellers.payout.badamount": {"Jumlah %q tidak bisa dibaca. Tulis misalnya 150000 atau 150rb: tidak ada yang dicatat.", "The amount %q cannot be read. Write e.g. 150000 or 150rb: nothing was recorded."},
	"resellers.payout.owner":     {"Hanya pemilik toko yang bisa mencatat pembayaran komisi.", "Only the shop's owner can record commission payouts."},
	"resellers.details":          {"Rincian", "Details"},
}

// resellerRoutes mounts the resellers pages.
func (d *Dashboard) resellerRoutes() {
	d.get("resellers", false, d.resellersPage)
	d.get("resellers/{id}", false, d.resellerPage)
	d.post("resellers/{id}/status", false, d.resellerStatus)
	d.post("resellers/{id}/code", false, d.resellerCode)
	d.post("resellers/{id}/tier", false, d.resellerTier)
	d.post("resellers/{id}/payout", true, d.resellerPayout)
}

// resellerRow is a reseller in the list.
type resellerRow struct {
	lapak.ResellerListing
	StatusText string
	Standing   bool // approved or suspended: tier, sales and balance apply
	Tier       string
	Pinned     bool
	Sales      lapak.Money
	Balance    lapak.Money
	Pending    lapak.Money
}

type resellersData struct {
	Applicants []resellerRow
	Resellers  []resellerRow
}

func (c *call) resellerStatus(s lapak.ResellerStatus) string {
	switch s {
	case lapak.ResellerApplicant, lapak.ResellerApproved, lapak.ResellerRejected, lapak.ResellerSuspended:
		return c.t("resellers.status." + string(s))
	}
	return string(s)
}

func (d *Dashboard) resellersPage(w http.ResponseWriter, r *http.Request, c *call) error {
	list, standings, err := d.opt.Store.DashResellers(r.Context(), d.now().Add(-lapak.SalesWindow))
	if err != nil {
		return err
	}
	by := make(map[int64]lapak.ResellerStanding, len(standings))
	for _, st := range standings {
		by[st.ID] = st
	}
	var data resellersData
	for _, l := range list {
		row := resellerRow{ResellerListing: l, StatusText: c.resellerStatus(l.Status)}
		if st, ok := by[l.ID]; ok {
			row.Standing, row.Tier, row.Pinned, row.Sales = true, d.opt.Settings.Commission.Tier(st.Tier).Name, st.Pinned, st.Sales
			row.Balance, row.Pending = st.Balance.Balance(), st.Balance.Pending
		}
		if l.Status == lapak.ResellerApplicant {
			data.Applicants = append(data.Applicants, row)
		} else {
			data.Resellers = append(data.Resellers, row)
		}
	}
	return c.render(w, r, "resellers", data)
}

// ledgerRow is one ledger entry with what it does to the balance
// (confirmed − paid) and to the pending amount.
type ledgerRow struct {
	lapak.CommissionEntry
	KindText string
	Effect   lapak.Money // to the balance
	Pending  lapak.Money // to the pending amount
}

type resellerData struct {
	lapak.ResellerStanding
	StatusText string
	TierName   string
	Tiers      lapak.Tiers
	Balance    lapak.Money
	Ledger     []ledgerRow
	LedgerSum  lapak.Money
	LedgerCut  bool
	LedgerMax  int
	Customers  []lapak.ResellerCustomer
	Owner      bool
	Moves      []resellerMove
}

// resellerMove is a status button: to where, and its label.
type resellerMove struct {
	To     lapak.ResellerStatus
	Label  string
	Danger bool
}

func (c *call) resellerMoves(s lapak.ResellerStatus) []resellerMove {
	switch s {
	case lapak.ResellerApplicant:
		return []resellerMove{{lapak.ResellerApproved, c.t("resellers.approve"), false}, {lapak.ResellerRejected, c.t("resellers.reject"), true}}
	case lapak.ResellerApproved:
		return []resellerMove{{lapak.ResellerSuspended, c.t("resellers.suspend"), true}}
	case lapak.ResellerSuspended, lapak.ResellerRejected:
		return []resellerMove{{lapak.ResellerApproved, c.t("resellers.reinstate"), false}}
	}
	return nil
}

func resellerID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, lapak.ErrNotFound
	}
	return id, nil
}

func (d *Dashboard) resellerPage(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := resellerID(r)
	if err != nil {
		return err
	}
	st, entries, custs, err := d.opt.Store.DashReseller(r.Context(), id, d.now().Add(-lapak.SalesWindow), ledgerShown, 100)
	if err != nil {
		return err
	}
	plan := d.opt.Settings.Commission
	data := resellerData{ResellerStanding: st, StatusText: c.resellerStatus(st.Status), Tiers: plan.Levels(),
		Balance: st.Balance.Balance(), Customers: custs, Owner: c.User().Owner(), LedgerMax: ledgerShown,
		LedgerCut: len(entries) >= ledgerShown, Moves: c.resellerMoves(st.Status)}
	if st.Tier != "" {
		data.TierName = plan.Tier(st.Tier).Name
	}
	for _, e := range entries {
		row := ledgerRow{CommissionEntry: e, KindText: c.t("resellers.kind." + string(e.Kind))}
		switch e.Kind {
		case lapak.CommissionPending:
			row.Pending = e.Amount
		case lapak.CommissionConfirmed:
			row.Effect, row.Pending = e.Amount, -e.Amount
		case lapak.CommissionVoid:
			row.Pending = -e.Amount
		case lapak.CommissionReversal, lapak.CommissionPayout:
			row.Effect = -e.Amount
		default:
			row.KindText = string(e.Kind)
		}
		data.LedgerSum += row.Effect
		data.Ledger = append(data.Ledger, row)
	}
	return c.render(w, r, "reseller", data)
}

// tellReseller queues the reseller's notice of what an admin did, in their
// language, as the chat desk words it. (The share links need the bot's
// name and number, which only the chat knows: the notice names the code,
// and "link saya" in chat gives the links.)
func (d *Dashboard) tellReseller(ctx context.Context, tx lapak.OpsTx, r lapak.Reseller, msg string) error {
	if msg == "" {
		return nil
	}
	return tx.Queue(ctx, lapak.Envelope{To: r.Identity, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: msg}})
}

func (d *Dashboard) resellerLang(r lapak.Reseller) lapak.Language {
	if r.Language == lapak.Indonesian || r.Language == lapak.English {
		return r.Language
	}
	return d.opt.Settings.Language
}

// resellerStatus approves, rejects, suspends or reinstates a reseller
// (shop.DecideReseller) and tells them.
func (d *Dashboard) resellerStatus(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := resellerID(r)
	if err != nil {
		return err
	}
	to := lapak.ResellerStatus(r.FormValue("to"))
	switch to {
	case lapak.ResellerApproved, lapak.ResellerRejected, lapak.ResellerSuspended:
	default:
		return errBadRequest
	}
	back := "resellers"
	if r.FormValue("back") == "detail" {
		back = "resellers/" + strconv.FormatInt(id, 10)
	}
	var after lapak.Reseller
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		if after, err = d.opt.Shop.DecideReseller(ctx, tx, by, id, to); err != nil {
			return err
		}
		l, shopName := d.resellerLang(after), d.opt.Settings.Name
		var msg string
		switch after.Status {
		case lapak.ResellerApproved:
			msg = text.Get(l, text.ResellerWelcome, shopName, after.Code) + "\n\n" + text.Get(l, text.ResellerLinkCode, after.Code)
		case lapak.ResellerRejected:
			msg = text.Get(l, text.ResellerRejectedMsg, shopName)
		case lapak.ResellerSuspended:
			msg = text.Get(l, text.ResellerSuspendedMsg, after.Code)
		}
		return d.tellReseller(ctx, tx, after, msg)
	})
	var move *lapak.ResellerMoveError
	switch {
	case errors.As(err, &move):
		return c.redirect(w, r, back, c.t("resellers.cannot", after.Name, after.Code, c.resellerStatus(move.From), c.resellerStatus(move.To)))
	case err != nil:
		return err
	}
	return c.redirect(w, r, back, c.t("resellers.done", after.Name, after.Code, c.resellerStatus(after.Status)))
}

// resellerCode changes a reseller's code, once (shop.ChangeResellerCode),
// with the chat desk's refusals.
func (d *Dashboard) resellerCode(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := resellerID(r)
	if err != nil {
		return err
	}
	code := r.FormValue("code")
	if len(code) > 100 {
		code = code[:100]
	}
	var before, after lapak.Reseller
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		if before, err = tx.Reseller(ctx, id); err != nil {
			return err
		}
		if after, err = d.opt.Shop.ChangeResellerCode(ctx, tx, by, id, code); err != nil {
			return err
		}
		if after.Status == lapak.ResellerApproved {
			l := d.resellerLang(after)
			return d.tellReseller(ctx, tx, after, text.Get(l, text.ResellerCodeNew, after.Code)+"\n"+text.Get(l, text.ResellerLinkCode, after.Code))
		}
		return nil
	})
	path := "resellers/" + strconv.FormatInt(id, 10)
	var bad *shop.ResellerCodeError
	var exists *lapak.ExistsError
	msg := ""
	switch {
	case errors.As(err, &bad):
		switch bad.Problem {
		case lapak.CodeSpace:
			msg = text.Get(c.lang, text.AdminCodeSpace, code)
		case lapak.CodeTooShort:
			msg = text.Get(c.lang, text.AdminCodeShort, lapak.MinResellerCode, code)
		case lapak.CodeTooLong:
			msg = text.Get(c.lang, text.AdminCodeLong, lapak.MaxResellerCode, code)
		case lapak.CodeNoLetters:
			msg = text.Get(c.lang, text.AdminCodeNoLetter, code)
		default:
			msg = text.Get(c.lang, text.AdminCodeSymbol, code)
		}
	case errors.Is(err, lapak.ErrCodeChanged):
		msg = text.Get(c.lang, text.AdminCodeOnce, before.Code)
	case errors.As(err, &exists):
		msg = text.Get(c.lang, text.AdminCodeTaken, strings.ToUpper(strings.TrimSpace(code)))
	case err != nil:
		return err
	default:
		msg = text.Get(c.lang, text.AdminCodeChanged, before.Code, after.Code)
	}
	return c.redirect(w, r, path, msg)
}

// resellerTier pins a reseller's tier, or unpins it (shop.PinTier).
func (d *Dashboard) resellerTier(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := resellerID(r)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.FormValue("tier"))
	if len(name) > 100 {
		return errBadRequest
	}
	var code string
	var tier lapak.Tier
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		rs, err := tx.Reseller(ctx, id)
		if err != nil {
			return err
		}
		code = rs.Code
		tier, err = d.opt.Shop.PinTier(ctx, tx, by, id, name)
		return err
	})
	path := "resellers/" + strconv.FormatInt(id, 10)
	switch {
	case errors.Is(err, shop.ErrInvalid):
		return c.redirect(w, r, path, c.t("resellers.tier.unknown", name, d.opt.Settings.Commission.Levels().String()))
	case err != nil:
		return err
	case name == "":
		return c.redirect(w, r, path, c.t("resellers.tier.unpinned", code))
	}
	return c.redirect(w, r, path, c.t("resellers.tier.pinned", tier.Name, code))
}

// resellerPayout records a payout (shop.RecordPayout): owners only (the
// route refuses staff with 403), never above the confirmed balance, with
// the bank's reference.
func (d *Dashboard) resellerPayout(w http.ResponseWriter, r *http.Request, c *call) error {
	id, err := resellerID(r)
	if err != nil {
		return err
	}
	path := "resellers/" + strconv.FormatInt(id, 10)
	raw := strings.TrimSpace(r.FormValue("amount"))
	var amount lapak.Money
	if raw != "" {
		if len(raw) > 40 {
			raw = raw[:40]
		}
		amount, err = lapak.ParsePrice(raw)
		if err != nil || amount <= 0 {
			return c.redirect(w, r, path, c.t("resellers.payout.badamount", raw))
		}
	}
	ref := r.FormValue("reference")
	if len(ref) > 1000 {
		ref = ref[:1000]
	}
	var p shop.Payout
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		p, err = d.opt.Shop.RecordPayout(ctx, tx, by, id, amount, ref)
		return err
	})
	price := d.opt.Settings.Price.Format
	switch {
	case errors.Is(err, shop.ErrOverBalance):
		asked := amount
		if asked == 0 {
			asked = p.Balance.Balance()
		}
		return c.redirect(w, r, path, text.Get(c.lang, text.PayoutOverBalance, p.Reseller.Code, price(p.Balance.Balance()), price(asked)))
	case errors.Is(err, shop.ErrInvalid):
		return c.redirect(w, r, path, c.t("resellers.payout.noref"))
	case err != nil:
		return err
	}
	return c.redirect(w, r, path, c.t("resellers.payout.done", price(p.Entry.Amount), p.Reseller.Code, p.Entry.Reference, price(p.Balance.Balance())))
}
