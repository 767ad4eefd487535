package flows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// Admins by chat: the shop's admins are LAPAK_ADMINS and the admins stored
// in the database together (shop.Shop.Admins). A seller becomes one by
// sending the one-time code `lapak serve` or `lapak admin-code` printed
// ("/admin 4829-1375"); /admins lists them and removes one.

// adminCache is the database's admins as read at one revision
// (lapak.Conversation.Admins): shared by every conversation until an admin
// is added or removed, so a message costs no admin query.
type adminCache struct {
	rev    int64
	stored []lapak.Admin
}

// adminView is the turn's transaction, with the stored admins read once
// per revision: what the shop's operations get in a chat turn.
type adminView struct {
	lapak.ShopTx
	t *turn
}

func (v adminView) Admins(_ context.Context) ([]lapak.Admin, error) { return v.t.storedAdmins() }

// storedAdmins are the database's admins at the turn's revision.
func (t *turn) storedAdmins() ([]lapak.Admin, error) {
	rev := t.conv.Admins
	if c := t.e.admins.Load(); c != nil && c.rev == rev && rev != 0 {
		return c.stored, nil
	}
	stored, err := t.tx.Admins(t.ctx)
	if err != nil {
		return nil, err
	}
	if rev != 0 { // 0: a conversation storage did not load; read every time
		t.e.admins.Store(&adminCache{rev: rev, stored: stored})
	}
	return stored, nil
}

func (t *turn) view() adminView { return adminView{ShopTx: t.tx, t: t} }

// admins are the shop's admins; a store error fails the turn.
func (t *turn) admins() []lapak.Identity {
	ids, err := t.e.ops.Admins(t.ctx, t.view())
	if err != nil && t.err == nil {
		t.err = err
	}
	return ids
}

// isAdmin reports whether the sender is one of the shop's admins; a store
// error fails the turn.
func (t *turn) isAdmin() bool {
	ok, err := t.e.ops.IsAdmin(t.ctx, t.view(), t.conv.Inbound.From())
	if err != nil && t.err == nil {
		t.err = err
	}
	return ok
}

// adminCodeCommand reads "/admin 4829-1375": ok is false for anything
// else, "/admin" alone included (a customer calling for a person).
func adminCodeCommand(raw string) (code string, ok bool) {
	s := strings.TrimSpace(raw)
	if !strings.HasPrefix(s, "/") {
		return "", false
	}
	word, rest, _ := strings.Cut(s[1:], " ")
	if i := strings.IndexByte(word, '@'); i > 0 {
		word = word[:i] // "/admin@TokoBot 4829-1375"
	}
	if !strings.EqualFold(word, "admin") {
		return "", false
	}
	return lapak.NormalizeAdminCode(strings.TrimSpace(rest))
}

// redeem runs "/admin CODE" from anyone; done is false when raw is not one.
func (t *turn) redeem(raw string) (done bool, err error) {
	code, ok := adminCodeCommand(raw)
	if !ok {
		return false, nil
	}
	t.reset()
	t.conv.SecretInbound = true // the code is a secret: the chat log keeps no text of it
	if t.isAdmin() {
		t.send(t.msg(text.AdminAlready))
		return true, t.err
	}
	d := &deskTurn{turn: t}
	in := t.conv.Inbound
	name := t.conv.Customer.Name
	if name == "" {
		name = in.SenderName
	}
	err = t.e.ops.RedeemAdminCode(t.ctx, d.op(), lapak.Admin{Identity: in.From(), Name: name}, code)
	var throttled *lapak.AdminThrottleError
	switch {
	case errors.Is(err, shop.ErrAlreadyAdmin):
		t.send(t.msg(text.AdminAlready))
		return true, nil
	case errors.Is(err, lapak.ErrAdminCode):
		// One answer for a wrong, an expired and a used code.
		t.send(t.msg(text.AdminCodeRefused))
		return true, nil
	case errors.As(err, &throttled):
		t.send(t.msg(text.AdminCodeWait, max(1, int((throttled.Until.Sub(t.now())+time.Minute-1)/time.Minute))))
		return true, nil
	case err != nil:
		return true, err
	}
	t.send(t.msg(text.AdminWelcome, t.e.shop.Name))
	return true, d.done(t.waiting())
}

// waitingStatuses are the orders an admin has something to do with.
var waitingStatuses = []lapak.OrderStatus{lapak.StatusPendingPayment, lapak.StatusPaid, lapak.StatusProcessing}

// waiting lists the orders that wait for an admin: a new admin hears of
// every order whose notices went to nobody while there was no admin.
func (t *turn) waiting() error {
	const limit = 20
	orders, err := t.tx.OrdersByStatus(t.ctx, waitingStatuses, limit)
	if err != nil {
		return err
	}
	if len(orders) == 0 {
		t.send(t.msg(text.AdminNoneWaiting))
		return nil
	}
	var b strings.Builder
	b.WriteString(t.msg(text.AdminWaiting, len(orders)))
	for _, o := range orders {
		fmt.Fprintf(&b, "\n• %s · %s · %s · %s · %s", o.Number, formatTime(t.lang, o.CreatedAt.In(t.e.loc)),
			o.Recipient, t.price(o.Total), t.statusText(o.Status))
	}
	if len(orders) == limit {
		b.WriteString("\n" + t.msg(text.DeskOrdersMore, limit))
	}
	t.send(b.String())
	return nil
}

// removeWords start "/admins hapus …".
var removeWords = wordSet("hapus", "remove", "delete", "del", "buang")

// adminsCmd runs /admins: the list, or "/admins hapus 2" /
// "/admins hapus telegram:123".
func (d *deskTurn) adminsCmd() error {
	list, err := d.e.ops.AdminList(d.ctx, d.op())
	if err != nil {
		return err
	}
	args := d.cmd.args
	if len(args) == 0 {
		d.send(d.adminList(list))
		return nil
	}
	if len(args) != 2 || !removeWords[strings.ToLower(args[0])] {
		return d.usage()
	}
	id, ok := pickAdmin(list, args[1])
	if !ok {
		d.send(d.msg(text.AdminsRemoveUnknown, args[1]))
		return nil
	}
	gone, err := d.e.ops.RemoveAdmin(d.ctx, d.op(), d.by(), id)
	switch {
	case errors.Is(err, shop.ErrConfigAdmin):
		d.send(d.msg(text.AdminsRemoveConfig, gone.Label()))
	case errors.Is(err, shop.ErrLastAdmin):
		d.send(d.msg(text.AdminsRemoveLast, gone.Label()))
	case errors.Is(err, lapak.ErrNotFound):
		d.send(d.msg(text.AdminsRemoveUnknown, id.String()))
	case err != nil:
		return err
	default:
		d.send(d.msg(text.AdminsRemoved, gone.Label()))
	}
	return nil
}

func (d *deskTurn) adminList(list []shop.AdminEntry) string {
	var b strings.Builder
	b.WriteString(d.msg(text.AdminsTitle))
	for i, a := range list {
		fmt.Fprintf(&b, "\n%d. %s", i+1, a.Label())
		var marks []string
		if a.Config {
			marks = append(marks, d.msg(text.AdminsFromConfig))
		}
		if a.Role == lapak.RoleStaff {
			marks = append(marks, d.msg(text.RoleStaff))
		}
		if !a.Reachable {
			marks = append(marks, d.msg(text.AdminsUnreachable))
		}
		if len(marks) > 0 {
			b.WriteString(" (" + strings.Join(marks, "; ") + ")")
		}
	}
	b.WriteString("\n\n" + d.msg(text.AdminsHint))
	return b.String()
}

// pickAdmin finds the admin arg names: a number of the /admins list or
// an account ("telegram:123").
func pickAdmin(list []shop.AdminEntry, arg string) (lapak.Identity, bool) {
	if n, err := strconv.Atoi(arg); err == nil {
		if n < 1 || n > len(list) {
			return lapak.Identity{}, false
		}
		return list[n-1].Identity, true
	}
	ch, id, ok := strings.Cut(arg, ":")
	if !ok || id == "" {
		return lapak.Identity{}, false
	}
	return lapak.Identity{Channel: lapak.Channel(strings.ToLower(ch)), ChatID: id}, true
}
