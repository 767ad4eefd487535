package flows

import (
	"errors"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/flows/understand"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// The inbox from chat, the same operations the dashboard's inbox runs:
// /ambil takes a customer's chat over (the bot stays quiet in it), /balas
// answers them as the shop through their own channel (taking the chat over
// if the bot had it; a photo sent with the command goes along), /lepas
// gives it back to the bot. A chat is named by an order's number or the
// customer's phone.

// chatArg finds the chat the first argument names; ok is false after the
// admin was told (usage, not found).
func (d *deskTurn) chatArg() (lapak.Customer, string, bool) {
	if len(d.cmd.args) == 0 {
		d.usage()
		return lapak.Customer{}, "", false
	}
	arg := d.cmd.args[0]
	num := deskOrderNumber(arg)
	phone, _ := understand.NormalizePhone(arg)
	if num == "" && phone == "" {
		d.usage()
		return lapak.Customer{}, "", false
	}
	c, err := d.e.ops.FindChat(d.ctx, d.op(), num, phone)
	switch {
	case errors.Is(err, lapak.ErrNotFound):
		d.send(d.msg(text.DeskChatNotFound, arg))
		return lapak.Customer{}, "", false
	case err != nil:
		if d.err == nil {
			d.err = err
		}
		return lapak.Customer{}, "", false
	}
	return c, arg, true
}

// clock is a time in the shop's time zone, as admins read it.
func (d *deskTurn) clock(c lapak.Customer) string {
	return c.Takeover.Until.In(d.e.loc).Format("15.04")
}

func (d *deskTurn) takeOver() error {
	c, arg, ok := d.chatArg()
	if !ok {
		return d.err
	}
	ch, err := d.e.ops.TakeOverChat(d.ctx, d.op(), d.by(), c.ID, d.e.idle)
	if err != nil {
		return err
	}
	d.send(d.msg(text.DeskTookOver, c.Label(), d.clock(ch.Customer), arg, arg))
	return nil
}

func (d *deskTurn) handBack() error {
	c, _, ok := d.chatArg()
	if !ok {
		return d.err
	}
	if _, err := d.e.ops.HandBackChat(d.ctx, d.op(), d.by(), c.ID); err != nil {
		return err
	}
	d.send(d.msg(text.DeskHandedBack, c.Label()))
	return nil
}

func (d *deskTurn) reply() error {
	in := d.conv.Inbound
	var r shop.Reply
	if len(d.cmd.args) > 0 {
		r.Text = strings.TrimSpace(d.cmd.rest[len(d.cmd.args[0]):])
	}
	if in.Image != nil && in.Image.Ref != "" {
		r.Image = lapak.MediaRef(in.Channel, in.Image.Ref) // the admin's photo, fetched from their channel
	}
	if len(d.cmd.args) == 0 || r.Text == "" && r.Image == "" {
		return d.usage()
	}
	c, arg, ok := d.chatArg()
	if !ok {
		return d.err
	}
	ch, err := d.e.ops.ReplyAsShop(d.ctx, d.op(), d.by(), c.ID, r, d.e.idle)
	switch {
	case errors.Is(err, shop.ErrInvalid):
		d.send(d.msg(text.DeskReplyLong))
		return nil
	case err != nil:
		return err
	}
	if ch.TookOver {
		d.send(d.msg(text.DeskRepliedTook, c.Label(), d.clock(ch.Customer), arg))
	} else {
		d.send(d.msg(text.DeskReplied, c.Label()))
	}
	return nil
}
