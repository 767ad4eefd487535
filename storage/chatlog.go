package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lapak-id/lapak"
)

var _ lapak.InboxTx = (*tx)(nil)

// The chat log and the inbox (issue 14): every inbound message of a
// customer and every outbound message queued to them is one row of
// lapak_chat_log, written in the transaction that records or queues it,
// all of a turn in one multi-row INSERT.

// chatRow is one lapak_chat_log row to write.
type chatRow struct {
	customerID int64
	out        bool
	by, body   string
	media      string
	secret     bool
}

// inboundChat is how an inbound message is kept: its text (a pressed
// button by its choice id), its picture, and nothing of a secret.
func inboundChat(custID int64, in lapak.Inbound, secret bool) chatRow {
	r := chatRow{customerID: custID, by: lapak.ChatByCustomer, body: in.Text, secret: secret}
	if r.body == "" && in.ChoiceID != "" {
		r.body = "▸ " + in.ChoiceID
	}
	if in.Image != nil && in.Image.Ref != "" {
		r.media = lapak.MediaRef(in.Channel, in.Image.Ref)
	}
	if secret {
		r.body, r.media = "", ""
	}
	return r
}

// outboundChat is how a message queued to a customer is kept.
func outboundChat(custID int64, env lapak.Envelope) chatRow {
	r := chatRow{customerID: custID, out: true, by: env.By, body: env.Msg.Text, media: env.Msg.Image, secret: env.Msg.Secret}
	if r.by == "" {
		r.by = lapak.ChatByBot
		if env.Class == lapak.PaceBulk {
			r.by = lapak.ChatByPromo
		}
	}
	if r.secret {
		r.body = ""
	}
	return r
}

// othersChat is the chat log's entries for envelopes to people other than
// me who have a conversation (a seller's /balas from the desk reaches the
// customer's chat; an admin's notice, theirs), found in one query.
func (t *tx) othersChat(ctx context.Context, me lapak.Identity, envs []lapak.Envelope) ([]chatRow, error) {
	var q strings.Builder
	var args []any
	for _, env := range envs {
		if env.To == me {
			continue
		}
		if len(args) > 0 {
			q.WriteString(" OR ")
		}
		q.WriteString("(channel = ? AND chat_id = ?)") // placeholders only
		args = append(args, string(env.To.Channel), env.To.ChatID)
	}
	if len(args) == 0 {
		return nil, nil
	}
	var found []struct {
		ID      int64  `db:"id"`
		Channel string `db:"channel"`
		ChatID  string `db:"chat_id"`
	}
	if err := t.sel(ctx, &found, `SELECT id, channel, chat_id FROM lapak_customers WHERE `+q.String(), args...); err != nil {
		return nil, fmt.Errorf("storage: logging the chat: %w", err)
	}
	ids := make(map[lapak.Identity]int64, len(found))
	for _, f := range found {
		ids[lapak.Identity{Channel: lapak.Channel(f.Channel), ChatID: f.ChatID}] = f.ID
	}
	var rows []chatRow
	for _, env := range envs {
		if id, ok := ids[env.To]; ok && env.To != me {
			rows = append(rows, outboundChat(id, env))
		}
	}
	return rows, nil
}

// logChat writes rows in one statement.
func (t *tx) logChat(ctx context.Context, rows []chatRow) error {
	if len(rows) == 0 {
		return nil
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO lapak_chat_log (customer_id, direction, author, body, media, secret, at) VALUES `)
	args := make([]any, 0, 7*len(rows))
	at := t.now.UTC().Truncate(time.Microsecond)
	for i, r := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?)") // placeholders only: values go in args
		dir := "in"
		if r.out {
			dir = "out"
		}
		args = append(args, r.customerID, dir, clip(r.by, 200), r.body, clip(r.media, 2000), r.secret, at)
	}
	if _, err := t.exec(ctx, q.String(), args...); err != nil {
		return fmt.Errorf("storage: logging the chat: %w", err)
	}
	return nil
}

// ---- the inbox's transaction side (lapak.InboxTx) ----

// LockCustomer reads customer id and locks its row; see lapak.InboxTx.
func (t *tx) LockCustomer(ctx context.Context, id int64) (lapak.Customer, error) {
	c, err := getCustomer(ctx, t.tx, "id = ?", t.s.forUpdate(), id)
	if err != nil {
		return lapak.Customer{}, fmt.Errorf("storage: locking customer %d: %w", id, err)
	}
	return c, nil
}

// CustomerByPhone is the customer with phone who wrote last.
func (t *tx) CustomerByPhone(ctx context.Context, phone string) (lapak.Customer, error) {
	c, err := getCustomer(ctx, t.tx, "phone = ? ORDER BY updated_at DESC, id DESC LIMIT 1", "", phone)
	if err != nil {
		return lapak.Customer{}, fmt.Errorf("storage: customer with phone %s: %w", phone, err)
	}
	return c, nil
}

// SetTakeover stores a conversation's takeover; see lapak.InboxTx.
func (t *tx) SetTakeover(ctx context.Context, customerID int64, to lapak.Takeover, needsHuman bool) error {
	var until sql.NullTime
	if !to.Until.IsZero() {
		until = sql.NullTime{Time: to.Until.UTC().Truncate(time.Microsecond), Valid: true}
	} else {
		to.By = ""
	}
	res, err := t.exec(ctx, `UPDATE lapak_customers SET takeover_until = ?, takeover_by = ?, needs_human = ?, updated_at = ? WHERE id = ?`,
		until, to.By, needsHuman, t.now, customerID)
	if err != nil {
		return fmt.Errorf("storage: takeover of customer %d: %w", customerID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("storage: takeover of customer %d: %w", customerID, lapak.ErrNotFound)
	}
	return nil
}

type quickReplyRow struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
	Body string `db:"body"`
}

func (r quickReplyRow) reply() lapak.QuickReply {
	return lapak.QuickReply{ID: r.ID, Name: r.Name, Text: r.Body}
}

const selectQuickReplies = `SELECT id, name, body FROM lapak_quick_replies`

// QuickReplies lists the quick replies by name.
func (t *tx) QuickReplies(ctx context.Context) ([]lapak.QuickReply, error) {
	return quickReplies(ctx, t.tx)
}

func quickReplies(ctx context.Context, q interface {
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
	Rebind(string) string
}) ([]lapak.QuickReply, error) {
	var rows []quickReplyRow
	if err := q.SelectContext(ctx, &rows, q.Rebind(selectQuickReplies+` ORDER BY name LIMIT ?`), lapak.MaxQuickReplies); err != nil {
		return nil, fmt.Errorf("storage: quick replies: %w", err)
	}
	out := make([]lapak.QuickReply, len(rows))
	for i, r := range rows {
		out[i] = r.reply()
	}
	return out, nil
}

// SaveQuickReply adds or replaces a quick reply by name; see lapak.InboxTx.
func (t *tx) SaveQuickReply(ctx context.Context, q lapak.QuickReply) (lapak.QuickReply, error) {
	var before quickReplyRow
	err := t.get(ctx, &before, selectQuickReplies+` WHERE name = ?`+t.s.forUpdate(), q.Name)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		if _, err := t.exec(ctx, `INSERT INTO lapak_quick_replies (name, body, created_at, updated_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, q.Name, q.Text, t.now, t.now); err != nil {
			return lapak.QuickReply{}, fmt.Errorf("storage: saving quick reply %s: %w", q.Name, err)
		}
		return lapak.QuickReply{}, nil
	case err != nil:
		return lapak.QuickReply{}, fmt.Errorf("storage: saving quick reply %s: %w", q.Name, err)
	}
	if _, err := t.exec(ctx, `UPDATE lapak_quick_replies SET body = ?, updated_at = ? WHERE id = ?`, q.Text, t.now, before.ID); err != nil {
		return lapak.QuickReply{}, fmt.Errorf("storage: saving quick reply %s: %w", q.Name, err)
	}
	return before.reply(), nil
}

// DeleteQuickReply removes a quick reply by name; see lapak.InboxTx.
func (t *tx) DeleteQuickReply(ctx context.Context, name string) (lapak.QuickReply, error) {
	var r quickReplyRow
	err := t.get(ctx, &r, `DELETE FROM lapak_quick_replies WHERE name = ? RETURNING id, name, body`, name)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.QuickReply{}, fmt.Errorf("storage: quick reply %s: %w", name, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.QuickReply{}, fmt.Errorf("storage: deleting quick reply %s: %w", name, err)
	}
	return r.reply(), nil
}

// ---- what the inbox pages read ----

type chatEntryRow struct {
	ID         int64     `db:"id"`
	CustomerID int64     `db:"customer_id"`
	Direction  string    `db:"direction"`
	Author     string    `db:"author"`
	Body       string    `db:"body"`
	Media      string    `db:"media"`
	Secret     bool      `db:"secret"`
	At         time.Time `db:"at"`
}

const chatEntryColumns = `id, customer_id, direction, author, body, media, secret, at`

func (r chatEntryRow) entry() lapak.ChatEntry {
	return lapak.ChatEntry{ID: r.ID, CustomerID: r.CustomerID, Out: r.Direction == "out", By: r.Author, Text: r.Body,
		Media: r.Media, Secret: r.Secret, At: utc(r.At)}
}

func chatEntries(rows []chatEntryRow) []lapak.ChatEntry {
	out := make([]lapak.ChatEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out
}

// ChatLog is up to limit entries of a conversation before entry id before
// (0: the newest), oldest first.
func (s *Store) ChatLog(ctx context.Context, customerID, before int64, limit int) ([]lapak.ChatEntry, error) {
	if before <= 0 {
		before = 1<<63 - 1
	}
	var rows []chatEntryRow
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT `+chatEntryColumns+` FROM lapak_chat_log
		WHERE customer_id = ? AND id < ? ORDER BY id DESC LIMIT ?`), customerID, before, limit); err != nil {
		return nil, fmt.Errorf("storage: chat log of customer %d: %w", customerID, err)
	}
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	return chatEntries(rows), nil
}

// ChatLogAfter is up to limit entries after entry id after, oldest first:
// of one conversation, or of all of them when customerID is 0 (what the
// dashboard's live feed polls).
func (s *Store) ChatLogAfter(ctx context.Context, customerID, after int64, limit int) ([]lapak.ChatEntry, error) {
	var rows []chatEntryRow
	var err error
	if customerID == 0 {
		err = s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT `+chatEntryColumns+` FROM lapak_chat_log
			WHERE id > ? ORDER BY id LIMIT ?`), after, limit)
	} else {
		err = s.db.SelectContext(ctx, &rows, s.db.Rebind(`SELECT `+chatEntryColumns+` FROM lapak_chat_log
			WHERE customer_id = ? AND id > ? ORDER BY id LIMIT ?`), customerID, after, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: chat log after %d: %w", after, err)
	}
	return chatEntries(rows), nil
}

// LastChatID is the newest chat log entry's id (0 when there is none).
func (s *Store) LastChatID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := s.db.GetContext(ctx, &id, `SELECT MAX(id) FROM lapak_chat_log`); err != nil {
		return 0, fmt.Errorf("storage: newest chat log entry: %w", err)
	}
	return id.Int64, nil
}

// ChatMedia reports whether ref is a picture sent in a chat (the
// dashboard shows only pictures it knows).
func (s *Store) ChatMedia(ctx context.Context, ref string) (bool, error) {
	if ref == "" {
		return false, nil
	}
	var n int
	if err := s.db.GetContext(ctx, &n, s.db.Rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM lapak_chat_log WHERE media = ? LIMIT 1) x`), ref); err != nil {
		return false, fmt.Errorf("storage: chat picture: %w", err)
	}
	return n > 0, nil
}

// CustomerByID reads a customer by id (lapak.ErrNotFound if unknown).
func (s *Store) CustomerByID(ctx context.Context, id int64) (lapak.Customer, error) {
	c, err := getCustomer(ctx, s.db, "id = ?", "", id)
	if err != nil {
		return lapak.Customer{}, fmt.Errorf("storage: customer %d: %w", id, err)
	}
	return c, nil
}

// QuickReplies lists the quick replies by name.
func (s *Store) QuickReplies(ctx context.Context) ([]lapak.QuickReply, error) {
	return quickReplies(ctx, s.db)
}

// LatestOrder is a customer's newest order (lapak.ErrNotFound: none).
func (s *Store) LatestOrder(ctx context.Context, customerID int64) (lapak.Order, error) {
	o, err := loadOrder(ctx, s.db, "customer_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", "", customerID)
	if err != nil {
		return lapak.Order{}, fmt.Errorf("storage: latest order of customer %d: %w", customerID, err)
	}
	return o, nil
}

// inboxColumns are customerColumns of lapak_customers c.
var inboxColumns = func() string {
	cols := strings.Split(customerColumns, ",")
	for i, c := range cols {
		cols[i] = "c." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

// inboxWhere is each group's condition on lapak_customers c; ? is now.
var inboxWhere = map[lapak.InboxGroup]string{
	// Asked for a person or taken over: read through the two partial
	// indexes, as the today page does.
	lapak.InboxHuman: `c.id IN (SELECT id FROM lapak_customers WHERE needs_human
		UNION SELECT id FROM lapak_customers WHERE takeover_until > ?)`,
	lapak.InboxPayment: `NOT c.needs_human AND (c.takeover_until IS NULL OR c.takeover_until <= ?)
		AND c.id IN (SELECT customer_id FROM lapak_orders WHERE status = 'pending_payment')`,
	lapak.InboxBot: `NOT c.needs_human AND (c.takeover_until IS NULL OR c.takeover_until <= ?)
		AND NOT EXISTS (SELECT 1 FROM lapak_orders o WHERE o.customer_id = c.id AND o.status = 'pending_payment')`,
}

// notAnAdmin leaves the shop's admins' own chats with the bot (their desk)
// out of the inbox: they are not customers' conversations.
const notAnAdmin = `NOT EXISTS (SELECT 1 FROM lapak_admins a WHERE a.channel = c.channel AND a.chat_id = c.chat_id)`

// InboxChats is up to limit conversations of group at now, by last
// activity, newest first, after cursor before (zero: from the newest),
// each with its newest chat log entry. Admins added in chat are left out;
// the caller leaves out the configuration's (LAPAK_ADMINS).
func (s *Store) InboxChats(ctx context.Context, group lapak.InboxGroup, now time.Time, before lapak.InboxCursor, limit int) ([]lapak.InboxChat, error) {
	where, ok := inboxWhere[group]
	if !ok {
		return nil, fmt.Errorf("storage: inbox group %q: %w", group, lapak.ErrNotFound)
	}
	now = now.UTC().Truncate(time.Microsecond)
	args := []any{now}
	if !before.Zero() {
		at := before.At.UTC().Truncate(time.Microsecond)
		where += ` AND (c.updated_at < ? OR c.updated_at = ? AND c.id < ?)`
		args = append(args, at, at, before.ID)
	}
	args = append(args, limit)
	var rows []struct {
		customerRow
		UpdatedAt time.Time      `db:"updated_at"`
		LastID    sql.NullInt64  `db:"last_id"`
		LastDir   sql.NullString `db:"last_direction"`
		LastBy    sql.NullString `db:"last_author"`
		LastBody  sql.NullString `db:"last_body"`
		LastMedia sql.NullString `db:"last_media"`
		LastSec   sql.NullBool   `db:"last_secret"`
		LastAt    sql.NullTime   `db:"last_at"`
	}
	q := `SELECT ` + inboxColumns + `, c.updated_at, l.id AS last_id, l.direction AS last_direction, l.author AS last_author,
			l.body AS last_body, l.media AS last_media, l.secret AS last_secret, l.at AS last_at
		FROM (SELECT c.id FROM lapak_customers c WHERE (` + where + `) AND ` + notAnAdmin + ` ORDER BY c.updated_at DESC, c.id DESC LIMIT ?) p
		JOIN lapak_customers c ON c.id = p.id
		LEFT JOIN lapak_chat_log l ON l.id = (SELECT MAX(x.id) FROM lapak_chat_log x WHERE x.customer_id = c.id)
		ORDER BY c.updated_at DESC, c.id DESC`
	if err := s.db.SelectContext(ctx, &rows, s.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("storage: inbox %s: %w", group, err)
	}
	out := make([]lapak.InboxChat, len(rows))
	for i, r := range rows {
		ch := lapak.InboxChat{Customer: r.customer(), UpdatedAt: utc(r.UpdatedAt)}
		if r.LastID.Valid {
			ch.Last = chatEntryRow{ID: r.LastID.Int64, CustomerID: r.ID, Direction: r.LastDir.String, Author: r.LastBy.String,
				Body: r.LastBody.String, Media: r.LastMedia.String, Secret: r.LastSec.Bool, At: r.LastAt.Time}.entry()
		}
		out[i] = ch
	}
	return out, nil
}
