package shop

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The shop's admins are the configuration's (LAPAK_ADMINS) and the
// database's (added with a one-time admin code) together: every check of
// "is this an admin" and every notice to "the admins" goes through Admins.

// Errors of the admin operations, besides lapak.ErrNotFound (not an admin
// stored in the database), lapak.ErrAdminCode and *lapak.AdminThrottleError.
var (
	// ErrConfigAdmin: an admin named by LAPAK_ADMINS is removed by
	// changing the configuration, not in chat.
	ErrConfigAdmin = errors.New("admin is in the configuration")
	// ErrLastAdmin: removing this admin would leave no admin anyone can
	// reach, and order notices would go nowhere.
	ErrLastAdmin = errors.New("the last reachable admin cannot be removed")
	// ErrAlreadyAdmin: the account redeeming a code already is an admin;
	// the code is left as it was.
	ErrAlreadyAdmin = errors.New("already an admin")
)

// AdminEntry is one admin of the shop and where they come from.
type AdminEntry struct {
	lapak.Identity
	Name      string
	Config    bool // named by LAPAK_ADMINS
	Reachable bool // their channel runs here
	Role      lapak.Role
}

// AdminList lists the shop's admins: the configuration's first, in their
// order, then the database's, oldest first; an account in both is listed
// once, as the configuration's.
func (s *Shop) AdminList(ctx context.Context, tx lapak.AdminTx) ([]AdminEntry, error) {
	stored, err := tx.Admins(ctx)
	if err != nil {
		return nil, fmt.Errorf("shop: listing admins: %w", err)
	}
	out := make([]AdminEntry, 0, len(s.shop.Admins)+len(stored))
	for _, a := range s.shop.Admins {
		out = append(out, AdminEntry{Identity: a, Config: true, Reachable: s.reachable(a), Role: lapak.RoleOwner})
	}
	for _, a := range stored {
		if slices.Contains(s.shop.Admins, a.Identity) {
			continue
		}
		role := lapak.RoleOwner
		if a.Role == lapak.RoleStaff {
			role = lapak.RoleStaff
		}
		out = append(out, AdminEntry{Identity: a.Identity, Name: a.Name, Reachable: s.reachable(a.Identity), Role: role})
	}
	return out, nil
}

// Admins are the identities of the shop's admins (AdminList): who gets
// the admins' notices and who may run the desk.
func (s *Shop) Admins(ctx context.Context, tx lapak.AdminTx) ([]lapak.Identity, error) {
	list, err := s.AdminList(ctx, tx)
	if err != nil {
		return nil, err
	}
	out := make([]lapak.Identity, len(list))
	for i, a := range list {
		out[i] = a.Identity
	}
	return out, nil
}

// IsAdmin reports whether id is one of the shop's admins (Admins). It
// runs for every message a chat reads: it allocates nothing.
func (s *Shop) IsAdmin(ctx context.Context, tx lapak.AdminTx, id lapak.Identity) (bool, error) {
	if slices.Contains(s.shop.Admins, id) {
		return true, nil
	}
	stored, err := tx.Admins(ctx)
	if err != nil {
		return false, fmt.Errorf("shop: listing admins: %w", err)
	}
	return slices.ContainsFunc(stored, func(a lapak.Admin) bool { return a.Identity == id }), nil
}

// AdminRole is what admin id may do: owner for LAPAK_ADMINS, the role of
// their code for the database's; ok is false when id is not an admin.
func (s *Shop) AdminRole(ctx context.Context, tx lapak.AdminTx, id lapak.Identity) (role lapak.Role, ok bool, err error) {
	if slices.Contains(s.shop.Admins, id) {
		return lapak.RoleOwner, true, nil
	}
	stored, err := tx.Admins(ctx)
	if err != nil {
		return "", false, fmt.Errorf("shop: listing admins: %w", err)
	}
	for _, a := range stored {
		if a.Identity == id {
			if a.Role == lapak.RoleStaff {
				return lapak.RoleStaff, true, nil
			}
			return lapak.RoleOwner, true, nil
		}
	}
	return "", false, nil
}

// ErrOwnersOnly: staff may not change settings, admins or payouts.
var ErrOwnersOnly = errors.New("only the shop's owners may do this")

// RedeemAdminCode makes who an admin with a one-time admin code: the code
// is used up, the audit log names them, and the other admins are told.
// A code that does not work gives lapak.ErrAdminCode (or, after too many,
// *lapak.AdminThrottleError); an admin already gets ErrAlreadyAdmin and
// the code stays live.
func (s *Shop) RedeemAdminCode(ctx context.Context, tx Tx, who lapak.Admin, code string) error {
	before, err := s.Admins(ctx, tx)
	if err != nil {
		return err
	}
	if slices.Contains(before, who.Identity) {
		return ErrAlreadyAdmin
	}
	if err := tx.RedeemAdminCode(ctx, who, code); err != nil {
		return fmt.Errorf("shop: redeeming an admin code: %w", err)
	}
	if err := s.audit(ctx, tx, Admin(who.Identity), "admin-add", who.Identity.String(), "", "admin (one-time code)"); err != nil {
		return err
	}
	msg := text.Get(s.shop.Language, text.AdminAddedNotice, adminLabel(who.Identity, who.Name))
	return tx.Queue(ctx, s.notices(before, msg)...)
}

// RemoveAdmin removes an admin stored in the database. An admin of the
// configuration gives ErrConfigAdmin, the last reachable admin
// ErrLastAdmin, an account that is no admin lapak.ErrNotFound. The removed
// admin and the others are told.
func (s *Shop) RemoveAdmin(ctx context.Context, tx Tx, by Actor, id lapak.Identity) (AdminEntry, error) {
	list, err := s.AdminList(ctx, tx)
	if err != nil {
		return AdminEntry{}, err
	}
	i := slices.IndexFunc(list, func(a AdminEntry) bool { return a.Identity == id })
	if i < 0 {
		return AdminEntry{}, fmt.Errorf("shop: removing admin %s: %w", id, lapak.ErrNotFound)
	}
	gone := list[i]
	if gone.Config {
		return gone, fmt.Errorf("shop: removing admin %s: %w", id, ErrConfigAdmin)
	}
	rest := slices.Delete(slices.Clone(list), i, i+1)
	if !slices.ContainsFunc(rest, func(a AdminEntry) bool { return a.Reachable }) {
		return gone, fmt.Errorf("shop: removing admin %s: %w", id, ErrLastAdmin)
	}
	if err := tx.RemoveAdmin(ctx, id); err != nil {
		return gone, fmt.Errorf("shop: removing admin %s: %w", id, err)
	}
	// Their dashboard logins end with them, in the same transaction.
	if err := endSessions(ctx, tx, id); err != nil {
		return gone, err
	}
	if err := s.audit(ctx, tx, by, "admin-remove", id.String(), "admin", "removed"); err != nil {
		return gone, err
	}
	l := s.shop.Language
	var out []lapak.Envelope
	if id != by.Identity {
		out = append(out, lapak.Envelope{To: id, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: text.Get(l, text.AdminYouRemoved, by.Identity.String())}})
	}
	var others []lapak.Identity
	for _, a := range rest {
		if a.Identity != by.Identity {
			others = append(others, a.Identity)
		}
	}
	out = append(out, s.notices(others, text.Get(l, text.AdminRemovedNotice, adminLabel(id, gone.Name), by.Identity.String()))...)
	return gone, tx.Queue(ctx, out...)
}

func (s *Shop) notices(to []lapak.Identity, msg string) []lapak.Envelope {
	out := make([]lapak.Envelope, 0, len(to))
	for _, a := range to {
		out = append(out, lapak.Envelope{To: a, Class: lapak.PaceNotify, Msg: lapak.Outbound{Text: msg}})
	}
	return out
}

// adminLabel names an admin for people: "Sari (telegram:42)".
func adminLabel(id lapak.Identity, name string) string {
	if name == "" {
		return id.String()
	}
	return name + " (" + id.String() + ")"
}

// AdminLabel names an admin for people: their name and account.
func (a AdminEntry) Label() string { return adminLabel(a.Identity, a.Name) }

// endSessions ends the dashboard sessions of admin id when the store keeps
// them (lapak.DashboardSessionTx).
func endSessions(ctx context.Context, tx Tx, id lapak.Identity) error {
	st, ok := tx.(lapak.DashboardSessionTx)
	if !ok {
		return nil
	}
	if _, err := st.EndDashboardSessions(ctx, id.String()); err != nil {
		return fmt.Errorf("shop: logging admin %s out of the dashboard: %w", id, err)
	}
	return nil
}

// ErrLastOwner: making this owner staff would leave the shop no owner.
var ErrLastOwner = errors.New("the last owner cannot become staff")

// SetAdminRole gives an admin stored in the database role (owner or
// staff). An admin of the configuration gives ErrConfigAdmin (always an
// owner), the last owner becoming staff ErrLastOwner, an account that is
// no admin lapak.ErrNotFound. Their dashboard sessions end, so the new
// role holds from their next login; the audit log names by.
func (s *Shop) SetAdminRole(ctx context.Context, tx Tx, by Actor, id lapak.Identity, role lapak.Role) (AdminEntry, error) {
	rt, ok := tx.(lapak.AdminRoleTx)
	if !ok {
		return AdminEntry{}, errors.New("shop: this store cannot change an admin's role")
	}
	if role != lapak.RoleOwner && role != lapak.RoleStaff {
		return AdminEntry{}, fmt.Errorf("shop: role %q: %w", role, ErrInvalid)
	}
	list, err := s.AdminList(ctx, tx)
	if err != nil {
		return AdminEntry{}, err
	}
	i := slices.IndexFunc(list, func(a AdminEntry) bool { return a.Identity == id })
	if i < 0 {
		return AdminEntry{}, fmt.Errorf("shop: role of admin %s: %w", id, lapak.ErrNotFound)
	}
	a := list[i]
	if a.Config {
		return a, fmt.Errorf("shop: role of admin %s: %w", id, ErrConfigAdmin)
	}
	if a.Role == role {
		return a, nil
	}
	if role == lapak.RoleStaff && !slices.ContainsFunc(list, func(o AdminEntry) bool { return o.Identity != id && o.Role == lapak.RoleOwner }) {
		return a, fmt.Errorf("shop: role of admin %s: %w", id, ErrLastOwner)
	}
	if err := rt.SetAdminRole(ctx, id, role); err != nil {
		return a, fmt.Errorf("shop: role of admin %s: %w", id, err)
	}
	if err := s.audit(ctx, tx, by, "admin-role", id.String(), string(a.Role), string(role)); err != nil {
		return a, err
	}
	if err := endSessions(ctx, tx, id); err != nil {
		return a, err
	}
	a.Role = role
	return a, nil
}

// NewAdminCode draws a one-time admin code from rand (crypto/rand.Reader)
// for an admin with role and stores it, as `lapak admin-code [--staff]`
// does; the audit log names by. The code itself is returned once and
// never stored.
func (s *Shop) NewAdminCode(ctx context.Context, tx Tx, by Actor, role lapak.Role, rand io.Reader) (lapak.AdminCode, error) {
	ct, ok := tx.(lapak.AdminCodeTx)
	if !ok {
		return lapak.AdminCode{}, errors.New("shop: this store cannot keep admin codes")
	}
	if role != lapak.RoleOwner && role != lapak.RoleStaff {
		return lapak.AdminCode{}, fmt.Errorf("shop: role %q: %w", role, ErrInvalid)
	}
	code, err := lapak.NewAdminCode(rand)
	if err != nil {
		return lapak.AdminCode{}, err
	}
	if err := ct.CreateAdminCode(ctx, code, role); err != nil {
		return lapak.AdminCode{}, fmt.Errorf("shop: storing an admin code: %w", err)
	}
	if err := s.audit(ctx, tx, by, "admin-code", string(role), "", "one-time code, "+lapak.AdminCodeTTL.String()); err != nil {
		return lapak.AdminCode{}, err
	}
	return code, nil
}

// EndDashboardSession logs one dashboard session out (the settings page);
// lapak.ErrNotFound when it is no longer live. The audit log names by.
func (s *Shop) EndDashboardSession(ctx context.Context, tx Tx, by Actor, tokenHash string) (lapak.DashboardSession, error) {
	st, ok := tx.(lapak.DashboardSessionTx)
	if !ok {
		return lapak.DashboardSession{}, errors.New("shop: this store keeps no dashboard sessions")
	}
	ses, err := st.EndDashboardSession(ctx, tokenHash)
	if err != nil {
		return ses, fmt.Errorf("shop: ending a dashboard session: %w", err)
	}
	if err := s.audit(ctx, tx, by, "dashboard-logout", ses.User.Key, "logged in", "logged out"); err != nil {
		return ses, err
	}
	return ses, nil
}
