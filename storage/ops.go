package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lapak-id/lapak"
)

// The store seen through the root package's interfaces, one per aggregate:
// tx is what a chat turn gets (lapak.ShopTx), opTx what an operation
// started outside a chat gets (lapak.OpsTx).
var (
	_ lapak.CatalogTx  = (*tx)(nil)
	_ lapak.VariantTx  = (*tx)(nil)
	_ lapak.CartTx     = (*tx)(nil)
	_ lapak.AddressTx  = (*tx)(nil)
	_ lapak.CustomerTx = (*tx)(nil)
	_ lapak.OrderTx    = (*tx)(nil)
	_ lapak.ProofTx    = (*tx)(nil)
	_ lapak.RestockTx  = (*tx)(nil)
	_ lapak.DeskTx     = (*tx)(nil)
	_ lapak.AuditTx    = (*tx)(nil)
	_ lapak.GatewayTx  = (*tx)(nil)
	_ lapak.ExpiryTx   = (*tx)(nil)
	_ lapak.ShopTx     = (*tx)(nil)
	_ lapak.OutboxTx   = opTx{}
	_ lapak.OpsTx      = opTx{}
)

// opTx is a transaction of its own (InTx): a chat turn's tx that also
// queues messages straight into the outbox, since no conversation carries
// them.
type opTx struct{ *tx }

// Now is the time the transaction began, on the store's clock.
func (t opTx) Now() time.Time { return t.now }

// Queue writes envelopes to the outbox, due when the transaction commits.
// An envelope to a known customer is linked to them, as a reply is (so
// blocking the bot fails their rows).
func (t opTx) Queue(ctx context.Context, envs ...lapak.Envelope) error {
	for _, env := range envs {
		cust, err := getCustomer(ctx, t.tx.tx, "channel = ? AND chat_id = ?", "", string(env.To.Channel), env.To.ChatID)
		if err != nil && !errors.Is(err, lapak.ErrNotFound) {
			return fmt.Errorf("storage: queueing a message to %s: %w", env.To, err)
		}
		if err := t.enqueue(ctx, cust, []lapak.Envelope{env}); err != nil {
			return err
		}
	}
	return nil
}

// InTx runs fn in one transaction of its own and commits when it returns
// nil: how an operation of the shop runs outside a chat turn (a gateway's
// notification, a job, later the dashboard). What fn queued is delivered
// only after the commit; when fn fails nothing it did stays.
func (s *Store) InTx(ctx context.Context, fn func(ctx context.Context, tx lapak.OpsTx) error) error {
	dbtx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storage: beginning a transaction: %w", err)
	}
	defer dbtx.Rollback()
	if err := fn(ctx, opTx{&tx{s: s, tx: dbtx, now: s.now()}}); err != nil {
		return err
	}
	if err := dbtx.Commit(); err != nil {
		return fmt.Errorf("storage: committing: %w", err)
	}
	return nil
}
