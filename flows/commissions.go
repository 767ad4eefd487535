package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The commission in chat (issue 13): a reseller's /saldo (pending,
// confirmed, paid), /komisi (the latest ledger entries with their order
// numbers) and /pelangganku (the customers they brought: first name and
// area only); the admins' /bayar, which records a payout, and
// /reseller level, which pins a tier.

// tierWords start "/reseller level KODE NAMA".
var tierWords = map[string]bool{"level": true, "tier": true, "tingkat": true}

// ledgerWords are what a reseller types for each view, with or without
// the slash.
var ledgerWords = map[string]string{
	"saldo": "balance", "cek saldo": "balance", "saldo saya": "balance", "saldo komisi": "balance", "balance": "balance",
	"komisi": "statement", "komisi saya": "statement", "riwayat komisi": "statement", "commission": "statement", "statement": "statement",
	"pelangganku": "customers", "pelanggan saya": "customers", "pelanggan ku": "customers", "my customers": "customers", "customers": "customers",
}

// statementLength is how many entries /komisi shows; customersLength how
// many customers /pelangganku lists.
const (
	statementLength = 15
	customersLength = 30
)

// ledgerText answers a reseller's /saldo, /komisi and /pelangganku. The
// words without a slash are a reseller's only: anyone else's "saldo" is
// read as ordinary chat.
func (t *turn) ledgerText(raw string) (bool, error) {
	s := strings.ToLower(strings.Join(strings.Fields(raw), " "))
	slash := strings.HasPrefix(s, "/")
	s = strings.TrimPrefix(s, "/")
	if i := strings.IndexByte(s, '@'); i > 0 && slash {
		s = s[:i]
	}
	view, ok := ledgerWords[s]
	if !ok {
		return false, nil
	}
	r, mine, err := t.mine()
	if err != nil {
		return true, err
	}
	if !mine || r.Status == lapak.ResellerApplicant || r.Status == lapak.ResellerRejected {
		if !slash {
			return false, nil
		}
		t.send(t.msg(text.LedgerNotReseller))
		return true, nil
	}
	t.reset()
	switch view {
	case "balance":
		return true, t.ledgerBalance(r)
	case "statement":
		return true, t.ledgerStatement(r)
	}
	return true, t.ledgerCustomers(r)
}

func (t *turn) ledgerBalance(r lapak.Reseller) error {
	b, err := t.tx.CommissionBalance(t.ctx, r.ID, false)
	if err != nil {
		return err
	}
	name, _, err := t.tx.ResellerTier(t.ctx, r.ID)
	if err != nil {
		return err
	}
	plan := t.e.shop.Commission
	tier := plan.Tier(name)
	days := make([]string, len(plan.PayoutDays))
	for i, d := range plan.PayoutDays {
		days[i] = strconv.Itoa(d)
	}
	t.send(t.msg(text.LedgerBalance, r.Code, tier.Name, tier.Rate.String(), t.price(b.Pending), t.price(b.Confirmed),
		t.price(b.Paid), t.price(b.Balance()), strings.Join(days, ", "), t.price(plan.PayoutMin), int(plan.HoldFor().Hours()/24)))
	return nil
}

func (t *turn) ledgerStatement(r lapak.Reseller) error {
	es, err := t.tx.CommissionStatement(t.ctx, r.ID, statementLength)
	if err != nil {
		return err
	}
	if len(es) == 0 {
		t.send(t.msg(text.LedgerEmpty, r.Code))
		return nil
	}
	var b strings.Builder
	b.WriteString(t.msg(text.LedgerStatementTitle, len(es)))
	for _, e := range es {
		what, sign := t.ledgerKind(e.Kind)
		ref := e.OrderNumber
		if e.Kind == lapak.CommissionPayout {
			ref = "ref " + e.Reference
		}
		fmt.Fprintf(&b, "\n• %s · %s · %s %s%s", formatDate(t.lang, e.At.In(t.e.loc)), ref, what, sign, t.price(e.Amount))
	}
	t.send(b.String())
	return nil
}

// ledgerKind is an entry's kind in words and the sign it shows with.
func (t *turn) ledgerKind(k lapak.CommissionKind) (string, string) {
	switch k {
	case lapak.CommissionPending:
		return t.msg(text.LedgerPending), "+"
	case lapak.CommissionConfirmed:
		return t.msg(text.LedgerConfirmed), ""
	case lapak.CommissionVoid:
		return t.msg(text.LedgerVoid), "−"
	case lapak.CommissionReversal:
		return t.msg(text.LedgerReversal), "−"
	}
	return t.msg(text.LedgerPayout), "−"
}

func (t *turn) ledgerCustomers(r lapak.Reseller) error {
	cs, err := t.tx.ResellerCustomers(t.ctx, r.ID, customersLength)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		t.send(t.msg(text.LedgerNoCustomers, r.Code))
		return nil
	}
	var b strings.Builder
	b.WriteString(t.msg(text.LedgerCustomersTitle, r.Code, len(cs)))
	for _, c := range cs {
		name := c.FirstName
		if name == "" {
			name = "—"
		}
		area := ""
		if c.Area != "" {
			area = " · " + c.Area
		}
		fmt.Fprintf(&b, "\n• %s%s · %s", name, area, t.msg(text.LedgerOrders, c.Orders))
	}
	t.send(b.String())
	return nil
}

// payout runs /bayar: alone, the balances due now; "/bayar KODE JUMLAH
// REF" or "/bayar KODE semua REF" records a payout.
func (d *deskTurn) payout() error {
	args := d.cmd.args
	if len(args) == 0 {
		return d.payoutList()
	}
	if len(args) < 3 {
		return d.usage()
	}
	r, err := d.tx.ResellerByCode(d.ctx, args[0])
	if notFound(err) {
		d.send(d.msg(text.AdminResellerUnknown, strings.ToUpper(args[0])))
		return nil
	}
	if err != nil {
		return err
	}
	var amount lapak.Money
	if w := strings.ToLower(args[1]); w != "semua" && w != "all" {
		if amount, err = lapak.ParsePrice(args[1]); err != nil || amount <= 0 {
			d.send(d.msg(text.DeskBadAmount, args[1]))
			return nil
		}
	}
	ref := strings.Join(args[2:], " ")
	p, err := d.e.ops.RecordPayout(d.ctx, d.op(), d.by(), r.ID, amount, ref)
	switch {
	case errors.Is(err, shop.ErrOverBalance):
		d.send(d.msg(text.PayoutOverBalance, r.Code, d.turn.price(p.Balance.Balance()), d.turn.price(amount)))
		return nil
	case errors.Is(err, shop.ErrInvalid):
		return d.usage()
	case err != nil:
		return err
	}
	d.send(d.msg(text.PayoutRecorded, r.Code, d.turn.price(p.Entry.Amount), p.Entry.Reference, d.turn.price(p.Balance.Balance())))
	return nil
}

func (d *deskTurn) payoutList() error {
	// Every positive balance: the minimum is for the payout day's list;
	// an admin asking may pay a smaller one (a reseller who stops).
	due, err := d.e.ops.PayoutList(d.ctx, d.tx, d.now(), 0)
	if err != nil {
		return err
	}
	if len(due) == 0 {
		d.send(d.msg(text.PayoutNoneDue))
		return nil
	}
	var b strings.Builder
	b.WriteString(d.msg(text.PayoutListTitle, len(due)))
	var total lapak.Money
	for _, st := range due {
		total += st.Balance.Balance()
		b.WriteString("\n" + d.msg(text.PayoutListLine, st.Code, st.Name, d.turn.price(st.Balance.Balance()), st.Bank.Name, st.Bank.Number, st.Bank.Holder))
	}
	b.WriteString("\n" + d.msg(text.PayoutListHint, d.turn.price(total), due[0].Code))
	d.send(b.String())
	return nil
}

// pinTier runs "/reseller level KODE NAMA" (NAMA "otomatis" unpins).
func (d *deskTurn) pinTier(code, name string) error {
	r, err := d.tx.ResellerByCode(d.ctx, code)
	if notFound(err) {
		d.send(d.msg(text.AdminResellerUnknown, strings.ToUpper(code)))
		return nil
	}
	if err != nil {
		return err
	}
	if w := strings.ToLower(name); w == "otomatis" || w == "auto" {
		name = ""
	}
	tier, err := d.e.ops.PinTier(d.ctx, d.op(), d.by(), r.ID, name)
	if errors.Is(err, shop.ErrInvalid) {
		d.send(d.msg(text.TierUnknown, name, d.e.shop.Commission.Levels().String()))
		return nil
	}
	if err != nil {
		return err
	}
	if name == "" {
		d.send(d.msg(text.TierUnpinned, r.Code))
		return nil
	}
	d.send(d.msg(text.TierPinned, r.Code, tier.Name, tier.Rate.String()))
	return nil
}
