package storage_test

import (
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/bot/telegram"
	"github.com/lapak-id/lapak/jobs"
	"github.com/lapak-id/lapak/payment/midtrans"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/storage"
)

// The store is each consumer's store: checked here, where a change to
// the store breaks first, rather than at wiring time in cmd/lapak.
var (
	_ bot.InboundStore     = (*storage.Store)(nil)
	_ bot.OutboxStore      = (*storage.Store)(nil)
	_ bot.BulkCounter      = (*storage.Store)(nil)
	_ telegram.OffsetStore = (*storage.Store)(nil)
	_ jobs.LeaseStore      = (*storage.Store)(nil)
	_ midtrans.Store       = (*storage.Store)(nil)
	_ shop.Store           = (*storage.Store)(nil)
)
