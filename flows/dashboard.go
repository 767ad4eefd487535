package flows

import (
	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/text"
)

// The dashboard from chat: /dashboard gives the admin a one-time login
// link and a 6-digit code, recorded in the turn's transaction (sent only
// if it commits). Staff get a staff login; what staff may not do is
// refused in chat too (owner).

// role is the admin's role (owner or staff); the turn fails on an error.
func (d *deskTurn) role() lapak.Role {
	role, _, err := d.e.ops.AdminRole(d.ctx, d.view(), d.conv.Inbound.From())
	if err != nil && d.err == nil {
		d.err = err
	}
	return role
}

// owner reports whether the admin is an owner; staff are told they are not.
func (d *deskTurn) owner() bool {
	if d.role() == lapak.RoleOwner {
		return true
	}
	if d.err == nil {
		d.send(d.msg(text.DeskOwnersOnly))
	}
	return false
}

func (d *deskTurn) dashboard() error {
	base := ""
	if d.e.dashURL != nil {
		base = d.e.dashURL()
	}
	if base == "" {
		d.send(d.msg(text.DashboardOff))
		return nil
	}
	role := d.role()
	if d.err != nil {
		return d.err
	}
	from := d.conv.Inbound.From()
	name := d.conv.Customer.Name
	if name == "" {
		name = from.String()
	}
	u := lapak.DashboardUser{Key: from.String(), Name: name, Role: role}
	token, code, err := lapak.NewDashboardLogin(d.ctx, d.view(), u, d.now())
	if err != nil {
		return err
	}
	// The link and the code are secrets: the chat log keeps neither.
	d.sendOut(lapak.Outbound{Text: d.msg(text.DashboardLink, d.msg(roleKey(role)), lapak.DashboardLoginLink(base, token), code,
		int(lapak.DashboardLoginTTL.Minutes())), Secret: true})
	return nil
}

func roleKey(r lapak.Role) text.Key {
	if r == lapak.RoleStaff {
		return text.RoleStaff
	}
	return text.RoleOwner
}
