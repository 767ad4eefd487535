package shop

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	lapak "github.com/lapak-id/lapak"
)

// The inbox's operations: a person takes a chat over from the bot, answers
// as the shop through the customer's own channel, and hands it back. The
// dashboard and the chat desk (/ambil, /balas, /lepas) run the same ones;
// each writes an audit entry naming who.

// InboxTx is what an inbox operation needs.
type InboxTx interface {
	Tx
	lapak.InboxTx
}

// MaxReplyText bounds a reply a person types as the shop.
const MaxReplyText = 4000

// ChatChange is what an inbox operation did to a conversation.
type ChatChange struct {
	Customer lapak.Customer // as it is now
	Was      lapak.Takeover // the takeover before
	// TookOver: the bot had the chat and this operation paused it (a
	// reply in a chat the bot was handling takes it over too).
	TookOver bool
}

// takeoverBy is how a takeover names by: an admin on a channel as
// lapak.TakeoverByAdmin, a dashboard user by their key.
func takeoverBy(by Actor) string {
	if by.Channel == DashboardChannel {
		return "admin:" + by.ChatID // "admin:telegram:42" or "admin:password:owner"
	}
	return lapak.TakeoverByAdmin(by.Identity)
}

// chatBy is how the chat log names by, writing as the shop.
func chatBy(by Actor) string { return by.Identity.String() }

// TakeOverChat pauses the bot in customer id's chat at once, until now +
// idle (the person's LAPAK_HANDOVER_IDLE): the customer's messages are
// kept, the flows stay out, and the chat no longer waits for a person.
// Taking over a chat already taken over moves its end (and names by).
func (s *Shop) TakeOverChat(ctx context.Context, tx InboxTx, by Actor, id int64, idle time.Duration) (ChatChange, error) {
	c, err := tx.LockCustomer(ctx, id)
	if err != nil {
		return ChatChange{}, fmt.Errorf("shop: taking over chat %d: %w", id, err)
	}
	return s.takeOver(ctx, tx, by, c, idle, "takeover")
}

func (s *Shop) takeOver(ctx context.Context, tx InboxTx, by Actor, c lapak.Customer, idle time.Duration, command string) (ChatChange, error) {
	if idle <= 0 {
		idle = lapak.HandoverIdle
	}
	now := tx.Now()
	was := c.Takeover
	to := lapak.Takeover{By: takeoverBy(by), Until: now.Add(idle)}
	if err := tx.SetTakeover(ctx, c.ID, to, false); err != nil {
		return ChatChange{}, fmt.Errorf("shop: taking over chat %d: %w", c.ID, err)
	}
	ch := ChatChange{Was: was, TookOver: !was.Active(now)}
	if command == "takeover" || ch.TookOver {
		if err := s.audit(ctx, tx, by, "takeover", chatTarget(c.ID), takeoverText(was, now), takeoverText(to, now)); err != nil {
			return ChatChange{}, err
		}
	}
	c.Takeover, c.NeedsHuman = to, false
	ch.Customer = c
	return ch, nil
}

// HandBackChat lets the bot answer customer id's next message at once;
// the chat no longer waits for a person.
func (s *Shop) HandBackChat(ctx context.Context, tx InboxTx, by Actor, id int64) (ChatChange, error) {
	c, err := tx.LockCustomer(ctx, id)
	if err != nil {
		return ChatChange{}, fmt.Errorf("shop: handing back chat %d: %w", id, err)
	}
	now := tx.Now()
	was := c.Takeover
	if err := tx.SetTakeover(ctx, c.ID, lapak.Takeover{}, false); err != nil {
		return ChatChange{}, fmt.Errorf("shop: handing back chat %d: %w", id, err)
	}
	if err := s.audit(ctx, tx, by, "handback", chatTarget(c.ID), takeoverText(was, now), "bot"); err != nil {
		return ChatChange{}, err
	}
	c.Takeover, c.NeedsHuman = lapak.Takeover{}, false
	return ChatChange{Customer: c, Was: was}, nil
}

// Reply is what a person answering as the shop sends: text, and
// optionally a picture (an lapak.Outbound.Image reference).
type Reply struct {
	Text  string
	Image string
}

// ReplyAsShop sends r to customer id through their own channel (the
// outbox), as by. A chat the bot was handling is taken over by it
// (Chatwoot #4410: the bot must not talk over the person), and every reply
// moves the takeover's end to now + idle, so a chat goes back to the bot
// idle after the person's last message.
func (s *Shop) ReplyAsShop(ctx context.Context, tx InboxTx, by Actor, id int64, r Reply, idle time.Duration) (ChatChange, error) {
	r.Text = strings.TrimSpace(r.Text)
	if r.Text == "" && r.Image == "" {
		return ChatChange{}, fmt.Errorf("shop: an empty reply: %w", ErrInvalid)
	}
	if utf8.RuneCountInString(r.Text) > MaxReplyText {
		return ChatChange{}, fmt.Errorf("shop: a reply of more than %d characters: %w", MaxReplyText, ErrInvalid)
	}
	c, err := tx.LockCustomer(ctx, id)
	if err != nil {
		return ChatChange{}, fmt.Errorf("shop: replying in chat %d: %w", id, err)
	}
	ch, err := s.takeOver(ctx, tx, by, c, idle, "reply")
	if err != nil {
		return ChatChange{}, err
	}
	env := lapak.Envelope{To: c.Identity(), Class: lapak.PaceReply, By: chatBy(by), Msg: lapak.Outbound{Text: r.Text, Image: r.Image}}
	if err := tx.Queue(ctx, env); err != nil {
		return ChatChange{}, err
	}
	if err := s.audit(ctx, tx, by, "reply", chatTarget(c.ID), "", clipText(r.Text, 200)); err != nil {
		return ChatChange{}, err
	}
	return ch, nil
}

// SaveQuickReply adds a quick reply or changes the text of the one with
// its name.
func (s *Shop) SaveQuickReply(ctx context.Context, tx InboxTx, by Actor, name, text string) (lapak.QuickReply, error) {
	n, ok := lapak.QuickReplyName(name)
	if !ok {
		return lapak.QuickReply{}, fmt.Errorf("shop: quick reply name %q: %w", name, ErrInvalid)
	}
	text = strings.TrimSpace(text)
	if text == "" || utf8.RuneCountInString(text) > lapak.MaxQuickReplyText {
		return lapak.QuickReply{}, fmt.Errorf("shop: quick reply %s: text empty or too long: %w", n, ErrInvalid)
	}
	q := lapak.QuickReply{Name: n, Text: text}
	if before, err := tx.QuickReplies(ctx); err != nil {
		return lapak.QuickReply{}, err
	} else if len(before) >= lapak.MaxQuickReplies && !hasQuickReply(before, n) {
		return lapak.QuickReply{}, fmt.Errorf("shop: more than %d quick replies: %w", lapak.MaxQuickReplies, ErrInvalid)
	}
	was, err := tx.SaveQuickReply(ctx, q)
	if err != nil {
		return lapak.QuickReply{}, err
	}
	if err := s.audit(ctx, tx, by, "quickreply", "quickreply:"+n, clipText(was.Text, 200), clipText(text, 200)); err != nil {
		return lapak.QuickReply{}, err
	}
	return q, nil
}

// DeleteQuickReply removes the quick reply named name (lapak.ErrNotFound
// if there is none).
func (s *Shop) DeleteQuickReply(ctx context.Context, tx InboxTx, by Actor, name string) error {
	n, ok := lapak.QuickReplyName(name)
	if !ok {
		return fmt.Errorf("shop: quick reply %q: %w", name, lapak.ErrNotFound)
	}
	was, err := tx.DeleteQuickReply(ctx, n)
	if err != nil {
		return err
	}
	return s.audit(ctx, tx, by, "quickreply-delete", "quickreply:"+n, clipText(was.Text, 200), "")
}

// FindChat is the conversation an admin names in chat: an order's number
// (its customer's chat) or a phone number (the customer with it who wrote
// last); lapak.ErrNotFound if none.
func (s *Shop) FindChat(ctx context.Context, tx interface {
	lapak.InboxTx
	lapak.OrderTx
}, number, phone string) (lapak.Customer, error) {
	if number != "" {
		o, err := tx.Order(ctx, number)
		if err == nil {
			return tx.LockCustomer(ctx, o.CustomerID)
		}
		if !errors.Is(err, lapak.ErrNotFound) || phone == "" {
			return lapak.Customer{}, err
		}
	}
	if phone == "" {
		return lapak.Customer{}, lapak.ErrNotFound
	}
	return tx.CustomerByPhone(ctx, phone)
}

func hasQuickReply(qs []lapak.QuickReply, name string) bool {
	for _, q := range qs {
		if q.Name == name {
			return true
		}
	}
	return false
}

// chatTarget names a conversation in the audit log.
func chatTarget(id int64) string { return fmt.Sprintf("chat:%d", id) }

func takeoverText(t lapak.Takeover, now time.Time) string {
	if !t.Active(now) {
		return "bot"
	}
	return t.By + " until " + t.Until.UTC().Format(time.RFC3339)
}

func clipText(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
