package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

// Payment proofs: what lapak.ShopTx keeps of the pictures customers send
// for their orders (lapak_order_proofs, append-only).

// maxProofRef bounds a stored channel reference; the router already cuts
// inbound references to 1024 runes.
const maxProofRef = 4096

func (t *tx) AttachProof(ctx context.Context, orderID int64, ch lapak.Channel, a lapak.Attachment, at time.Time) (lapak.Proof, error) {
	// A cut reference would fetch nothing: refuse it instead.
	if ch == "" || a.Ref == "" || len(a.Ref) > maxProofRef {
		return lapak.Proof{}, fmt.Errorf("storage: proof for order %d: the picture's reference is empty or longer than %d bytes", orderID, maxProofRef)
	}
	if at.IsZero() {
		at = t.now
	}
	var id int64
	err := t.get(ctx, &id, `SELECT id FROM lapak_orders WHERE id = ?`, orderID)
	if errors.Is(err, sql.ErrNoRows) {
		return lapak.Proof{}, fmt.Errorf("storage: proof for order %d: %w", orderID, lapak.ErrNotFound)
	}
	if err != nil {
		return lapak.Proof{}, fmt.Errorf("storage: proof for order %d: %w", orderID, err)
	}
	p := lapak.Proof{OrderID: orderID, Channel: ch, Ref: a.Ref, MIME: clip(a.MIME, 100), ReceivedAt: at.UTC().Truncate(time.Microsecond)}
	if err := t.get(ctx, &p.ID, `INSERT INTO lapak_order_proofs (order_id, channel, ref, mime, received_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`, orderID, string(ch), p.Ref, p.MIME, p.ReceivedAt); err != nil {
		return lapak.Proof{}, fmt.Errorf("storage: storing proof for order %d: %w", orderID, err)
	}
	return p, nil
}

func (t *tx) Proofs(ctx context.Context, orderID int64) ([]lapak.Proof, error) {
	var rows []struct {
		ID         int64     `db:"id"`
		Channel    string    `db:"channel"`
		Ref        string    `db:"ref"`
		MIME       string    `db:"mime"`
		ReceivedAt time.Time `db:"received_at"`
	}
	if err := t.sel(ctx, &rows, `SELECT id, channel, ref, mime, received_at FROM lapak_order_proofs
		WHERE order_id = ? ORDER BY id`, orderID); err != nil {
		return nil, fmt.Errorf("storage: proofs of order %d: %w", orderID, err)
	}
	out := make([]lapak.Proof, len(rows))
	for i, r := range rows {
		out[i] = lapak.Proof{ID: r.ID, OrderID: orderID, Channel: lapak.Channel(r.Channel), Ref: r.Ref, MIME: r.MIME,
			ReceivedAt: utc(r.ReceivedAt)}
	}
	return out, nil
}
