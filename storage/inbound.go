package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/lapak-id/lapak"
)

type customerRow struct {
	ID          int64        `db:"id"`
	Channel     string       `db:"channel"`
	ChatID      string       `db:"chat_id"`
	Name        string       `db:"name"`
	ChatName    string       `db:"chat_name"`
	Phone       string       `db:"phone"`
	Language    string       `db:"language"`
	OptedOut    bool         `db:"opted_out"`
	OptedOutAt  sql.NullTime `db:"opted_out_at"`
	NeedsHuman  bool         `db:"needs_human"`
	Unreachable bool         `db:"unreachable"`
	Referrer    string       `db:"referrer"`
	CreatedAt   time.Time    `db:"created_at"`
	TakenUntil  sql.NullTime `db:"takeover_until"`
	TakenBy     string       `db:"takeover_by"`
}

const customerColumns = `id, channel, chat_id, name, chat_name, phone, language, opted_out, opted_out_at,
	needs_human, unreachable, referrer, created_at, takeover_until, takeover_by`

const selectCustomers = `SELECT ` + customerColumns + ` FROM lapak_customers`

func (r customerRow) customer() lapak.Customer {
	c := lapak.Customer{ID: r.ID, Channel: lapak.Channel(r.Channel), ExternalID: r.ChatID, Name: r.Name, ChatName: r.ChatName,
		Phone: r.Phone, Language: lapak.Language(r.Language), OptedOut: r.OptedOut, OptedOutAt: utcPtr(r.OptedOutAt),
		NeedsHuman: r.NeedsHuman, Unreachable: r.Unreachable, Referrer: r.Referrer, CreatedAt: utc(r.CreatedAt)}
	if r.TakenUntil.Valid {
		c.Takeover = lapak.Takeover{By: r.TakenBy, Until: utc(r.TakenUntil.Time)}
	}
	return c
}

func getCustomer(ctx context.Context, q sqlx.QueryerContext, where, lock string, args ...any) (lapak.Customer, error) {
	var r customerRow
	err := sqlx.GetContext(ctx, q, &r, q.(interface{ Rebind(string) string }).Rebind(selectCustomers+" WHERE "+where+lock), args...)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Customer{}, lapak.ErrNotFound
	}
	if err != nil {
		return lapak.Customer{}, err
	}
	return r.customer(), nil
}

// HandleInbound handles one inbound message in ONE transaction: it records
// (channel, message id) — a repeat gives lapak.ErrDuplicate and changes
// nothing —, gets or creates and locks the customer, loads the flow state,
// runs fn and, unless fn fails, saves the customer, the state and the
// replies (into the outbox) and commits. A new customer has an empty
// Language: the flows pick the shop's default.
func (s *Store) HandleInbound(ctx context.Context, in lapak.Inbound, fn lapak.HandleFunc) error {
	if in.Channel == "" || in.ChatID == "" || in.MessageID == "" {
		return errors.New("storage: inbound message needs a channel, a chat id and a message id")
	}
	now := s.now()
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: handling inbound: %w", err)
	}
	defer dbtx.Rollback()
	t := &tx{s: s, tx: dbtx, now: now}

	// Get or create and lock in one statement (ON CONFLICT DO UPDATE locks
	// the row): messages of one customer run one at a time even across
	// processes. The flow state rides on the customer row.
	// The newest notice to them comes along in the same statement.
	var r struct {
		customerRow
		State   []byte         `db:"state"`
		Notice  sql.NullString `db:"notice"`
		Catalog int64          `db:"catalog_revision"`
		Admins  int64          `db:"admin_revision"`
	}
	if err := t.get(ctx, &r, `INSERT INTO lapak_customers (channel, chat_id, created_at, updated_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (channel, chat_id) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING `+customerColumns+`, state, (SELECT n.notice FROM lapak_notices n
			WHERE n.channel = lapak_customers.channel AND n.chat_id = lapak_customers.chat_id) AS notice,
			(SELECT revision FROM lapak_catalog_revision) AS catalog_revision,
			(SELECT revision FROM lapak_admin_revision) AS admin_revision`,
		string(in.Channel), in.ChatID, now, now); err != nil {
		return fmt.Errorf("storage: loading customer: %w", err)
	}
	cust := r.customer()
	var notice lapak.Notice
	if r.Notice.Valid {
		if err := json.Unmarshal([]byte(r.Notice.String), &notice); err != nil {
			return fmt.Errorf("storage: decoding the notice to %s:%s: %w", in.Channel, in.ChatID, err)
		}
	}

	received := in.ReceivedAt
	if received.IsZero() {
		received = now
	}
	res, err := t.exec(ctx, `INSERT INTO lapak_inbound (channel, message_id, customer_id, received_at)
		VALUES (?, ?, ?, ?) ON CONFLICT (channel, message_id) DO NOTHING`,
		string(in.Channel), in.MessageID, cust.ID, received.UTC().Truncate(time.Microsecond))
	if err != nil {
		return fmt.Errorf("storage: recording inbound: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: %s message %s: %w", in.Channel, in.MessageID, lapak.ErrDuplicate)
	}

	conv := lapak.Conversation{Inbound: in, Customer: cust, State: r.State, Now: now, Notice: notice, Catalog: r.Catalog, Admins: r.Admins}
	if err := fn(ctx, t, &conv); err != nil {
		return fmt.Errorf("storage: handling %s message: %w", in.Channel, err)
	}

	c := conv.Customer
	if name := chatName(in.SenderName); name != "" {
		c.ChatName = name
	}
	if _, err := t.exec(ctx, `UPDATE lapak_customers SET name = ?, chat_name = ?, phone = ?, language = ?, opted_out = ?,
		opted_out_at = ?, needs_human = ?, referrer = ?, state = ?, updated_at = ? WHERE id = ?`,
		c.Name, c.ChatName, c.Phone, string(c.Language), c.OptedOut, nullTime(c.OptedOutAt), c.NeedsHuman, c.Referrer,
		conv.State, now, cust.ID); err != nil {
		return fmt.Errorf("storage: saving customer: %w", err)
	}
	if c.OptedOut != cust.OptedOut { // an opt-out or opt-in: kept with the message that did it
		if err := t.recordConsent(ctx, cust.ID, c.OptedOut, in); err != nil {
			return err
		}
	}
	// The message joins the chat log with its replies, in one statement; a
	// channel's event is no one's message.
	var logged []chatRow
	if in.Event == "" {
		logged = append(logged, inboundChat(cust.ID, in, conv.SecretInbound))
	}
	if err := t.enqueueLogged(ctx, cust, conv.Outbox, logged); err != nil {
		return err
	}
	if err := dbtx.Commit(); err != nil {
		return fmt.Errorf("storage: committing inbound: %w", err)
	}
	return nil
}

// enqueue writes envelopes to the outbox, due now, in one statement. An
// envelope to cust is linked to it (so blocking the bot can fail its rows).
func (t *tx) enqueue(ctx context.Context, cust lapak.Customer, envs []lapak.Envelope) error {
	return t.enqueueLogged(ctx, cust, envs, nil)
}

// enqueueLogged is enqueue that also writes logged, and an entry for each
// envelope to cust, to the chat log (in one statement).
func (t *tx) enqueueLogged(ctx context.Context, cust lapak.Customer, envs []lapak.Envelope, logged []chatRow) error {
	if len(envs) == 0 {
		return t.logChat(ctx, logged)
	}
	me := lapak.Identity{Channel: cust.Channel, ChatID: cust.ExternalID}
	var q strings.Builder
	q.WriteString(`INSERT INTO lapak_outbox (customer_id, channel, chat_id, class, payload, status, next_attempt_at, created_at) VALUES `)
	args := make([]any, 0, 7*len(envs))
	for i, env := range envs {
		payload, err := json.Marshal(env.Msg)
		if err != nil {
			return fmt.Errorf("storage: encoding outbound: %w", err)
		}
		class := env.Class
		if class == "" {
			class = lapak.PaceReply
		}
		var custID sql.NullInt64
		if env.To == me && cust.ID != 0 {
			custID = sql.NullInt64{Int64: cust.ID, Valid: true}
			logged = append(logged, outboundChat(cust.ID, env))
		}
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, 'pending', ?, ?)") // placeholders only: values go in args
		args = append(args, custID, string(env.To.Channel), env.To.ChatID, string(class), string(payload), t.now, t.now)
	}
	if _, err := t.exec(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("storage: queueing outbound: %w", err)
	}
	others, err := t.othersChat(ctx, me, envs)
	if err != nil {
		return err
	}
	if err := t.logChat(ctx, append(logged, others...)); err != nil {
		return err
	}
	for _, env := range envs {
		if env.Class == lapak.PaceReply || env.Class == "" || len(env.Msg.Choices) == 0 {
			continue // a reply's choices live in the sender's own flow state
		}
		notice, err := json.Marshal(lapak.Notice{At: t.now.UTC().Truncate(time.Microsecond), Choices: env.Msg.Choices})
		if err != nil {
			return fmt.Errorf("storage: encoding notice choices: %w", err)
		}
		if _, err := t.exec(ctx, `INSERT INTO lapak_notices (channel, chat_id, notice) VALUES (?, ?, ?)
			ON CONFLICT (channel, chat_id) DO UPDATE SET notice = excluded.notice`,
			string(env.To.Channel), env.To.ChatID, string(notice)); err != nil {
			return fmt.Errorf("storage: recording notice choices: %w", err)
		}
	}
	return nil
}

// Customer reads a customer by identity (lapak.ErrNotFound if unknown).
func (s *Store) Customer(ctx context.Context, id lapak.Identity) (lapak.Customer, error) {
	c, err := getCustomer(ctx, s.db, "channel = ? AND chat_id = ?", "", string(id.Channel), id.ChatID)
	if err != nil {
		return lapak.Customer{}, fmt.Errorf("storage: customer %s: %w", id, err)
	}
	return c, nil
}

// OrderByNumber reads an order with its items (lapak.ErrNotFound if unknown).
func (s *Store) OrderByNumber(ctx context.Context, number string) (lapak.Order, error) {
	o, err := loadOrder(ctx, s.db, "number = ?", "", number)
	if err != nil {
		return lapak.Order{}, fmt.Errorf("storage: order %s: %w", number, err)
	}
	return o, nil
}

// VariantBySKU reads a variant (lapak.ErrNotFound if unknown).
func (s *Store) VariantBySKU(ctx context.Context, sku string) (lapak.Variant, error) {
	var r variantRow
	err := s.db.GetContext(ctx, &r, s.db.Rebind(selectVariants+` WHERE sku = ?`), sku)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Variant{}, fmt.Errorf("storage: variant %s: %w", sku, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Variant{}, fmt.Errorf("storage: variant %s: %w", sku, err)
	}
	return r.variant(), nil
}

// chatName is a chat app's name for a person as kept: one line, at most
// 64 characters.
func chatName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 64 {
		s = string(r[:64])
	}
	return s
}
