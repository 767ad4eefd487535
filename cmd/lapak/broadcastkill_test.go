package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// senderParallel is how many messages `lapak serve`'s sender delivers at
// once on one channel (bot.SenderOptions.Parallel, default 32; app.go
// leaves it at the default for Telegram). A bulk row is 'sending' from
// MarkSending to its outcome, all inside one delivery holding one of those
// slots, so a killed process leaves at most this many rows 'sending'.
const senderParallel = 32

// A broadcast of 2,000 recipients, its `lapak serve` killed with SIGKILL
// at ten random points of the sending and started again each time, ends
// with every recipient sent, failed, skipped or unknown; the fake Telegram
// server got the promo at most once per chat, exactly once for each one
// sent; and no more are unknown than were mid-send at the kills.
func TestBroadcastKilledAndRestarted(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes for about two minutes per database")
	}
	t.Run("sqlite", func(t *testing.T) {
		broadcastKilled(t, "sqlite:"+filepath.Join(t.TempDir(), "lapak.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		broadcastKilled(t, storagetest.PostgresSchema(t))
	})
}

const promoMark = "Nastar Keju diskon"

func broadcastKilled(t *testing.T, db string) {
	const (
		recipients = 2000
		kills      = 10
		firstChat  = 700000
		admin      = 999
	)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	dir := t.TempDir()
	k := &killTest{t: t, dir: dir, db: db, tg: telegramtest.NewServer(t), env: []string{
		// The test runs at any hour: the default quiet hours (21:00-08:00
		// Jakarta) would hold the promo back.
		"LAPAK_QUIET_HOURS=off",
	}}

	// 2,000 customers who wrote to the shop, each through the transaction
	// the router runs for an inbound message.
	st, err := storage.Open(ctx, db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < recipients; i += 4 {
				chat := strconv.Itoa(firstChat + i)
				in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: "start-" + chat,
					Text: "/start", ReceivedAt: time.Now()}
				if err := st.HandleInbound(ctx, in, func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil }); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	st.Close()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	s := newShopAt(t, dir, db)
	s.env["LAPAK_DEMO"] = "false"
	s.env["LAPAK_QUIET_HOURS"] = "off"
	promoFile := filepath.Join(dir, "promo.txt")
	if err := os.WriteFile(promoFile, []byte("Halo {nama}! "+promoMark+" 20% di {toko}, cuma minggu ini.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := s.ok("", "broadcast", "--segment", "all", "--yes", promoFile); !strings.Contains(r.stdout, fmt.Sprintf("broadcast 1 planned: %d recipients", recipients)) {
		t.Fatalf("planned:\n%s", r.stdout)
	}

	promos := func() int {
		n := 0
		for _, m := range k.tg.Sent(0) {
			if strings.Contains(m.Text, promoMark) {
				n++
			}
		}
		return n
	}
	waitFor := func(what string, cond func() bool) {
		t.Helper()
		for !cond() {
			select {
			case <-ctx.Done():
				t.Fatalf("never: %s (%d promos received)", what, promos())
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	rdb := openRead(t, db)

	// Ten random points of the sending, as counts of promos received; each
	// kill lands up to a few sends after its point, anywhere in a send.
	points := make([]int, kills)
	for i := range points {
		points[i] = 20 + rand.IntN(recipients-60)
	}
	slices.Sort(points)

	began := time.Now()
	k.start()
	var progress []string // promos received every 5 s, for a failure's log
	stopProgress := make(chan struct{})
	defer close(stopProgress)
	go func() {
		tick := time.NewTicker(5 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stopProgress:
				return
			case <-tick.C:
				line := fmt.Sprintf("%s:%d", time.Since(began).Round(time.Second), promos())
				k.mu.Lock()
				progress = append(progress, line)
				k.mu.Unlock()
			}
		}
	}()
	defer func() {
		k.mu.Lock()
		cmd := k.cmd
		k.mu.Unlock()
		if cmd.ProcessState == nil {
			_ = cmd.Process.Signal(os.Interrupt)
			_ = cmd.Wait()
		}
		if t.Failed() {
			k.mu.Lock()
			t.Logf("promos received: %s", strings.Join(progress, " "))
			t.Logf("lapak serve logs:\n%s", k.stderr.String())
			k.mu.Unlock()
		}
	}()
	inFlight := map[int64]bool{} // bulk outbox rows found 'sending' after a kill
	var perKill []int
	for _, p := range points {
		waitFor(fmt.Sprintf("%d promos received", p), func() bool { return promos() >= p })
		time.Sleep(time.Duration(rand.IntN(300)) * time.Millisecond)
		k.kill()
		// Nothing writes the database now: the rows 'sending' are the
		// sends under way at the kill (those left from an earlier kill and
		// not yet settled are not counted again).
		n := 0
		for _, id := range sendingRows(t, rdb, !strings.HasPrefix(db, "sqlite:")) {
			if !inFlight[id] {
				inFlight[id] = true
				n++
			}
		}
		perKill = append(perKill, n)
		if n > senderParallel {
			t.Errorf("a kill left %d promos mid-send, more than the sender's %d at once", n, senderParallel)
		}
		k.start()
	}
	waitFor("the admin's report of promo #1", func() bool {
		for _, m := range k.tg.Sent(admin) {
			if strings.Contains(m.Text, "📣 Promo #1 selesai") {
				return true
			}
		}
		return false
	})
	took := time.Since(began)
	k.mu.Lock()
	cmd := k.cmd
	k.mu.Unlock()
	_ = cmd.Process.Signal(os.Interrupt)
	_ = cmd.Wait()

	// What each chat got, counted at the fake server.
	got := map[string]int{}
	for _, m := range k.tg.Sent(0) {
		if strings.Contains(m.Text, promoMark) {
			got[m.ChatID]++
		}
	}
	status := recipientStatus(t, rdb)
	if len(status) != recipients {
		t.Errorf("%d recipients, want %d", len(status), recipients)
	}
	count := map[string]int{}
	unknownArrived := 0
	for chat, st := range status {
		count[st]++
		switch n := got[chat]; {
		case n > 1:
			t.Errorf("chat %s got the promo %d times (%s)", chat, n, st)
		case st == "sent" && n != 1:
			t.Errorf("chat %s is sent but got the promo %d times", chat, n)
		case st == "failed" || st == "skipped":
			if n != 0 {
				t.Errorf("chat %s is %s but got the promo", chat, st)
			}
		case st == "unknown":
			unknownArrived += n
		case st != "sent":
			t.Errorf("chat %s ends %q, want sent, failed, skipped or unknown", chat, st)
		}
	}
	for chat := range got {
		if _, ok := status[chat]; !ok {
			t.Errorf("chat %s got the promo but is no recipient", chat)
		}
	}
	// Unknown: only rows whose send was under way when a process died.
	if count["unknown"] > len(inFlight) {
		t.Errorf("%d recipients unknown, but only %d sends were under way at the kills (%v)", count["unknown"], len(inFlight), perKill)
	}
	if r := s.ok("", "broadcast", "--status", "1"); !strings.Contains(r.stdout, "broadcast 1: done") ||
		!strings.Contains(r.stdout, fmt.Sprintf("unknown (stopped mid-send, not sent again): %d", count["unknown"])) {
		t.Errorf("status:\n%s", r.stdout)
	}
	t.Logf("%d kills at promos %v, mid-send at each kill %v; done in %s: %d sent, %d failed, %d skipped, %d unknown (%d of them arrived)",
		kills, points, perKill, took.Round(100*time.Millisecond), count["sent"], count["failed"], count["skipped"], count["unknown"], unknownArrived)
}

// openRead opens db for the test's own reads, made only while no lapak
// process runs.
func openRead(t *testing.T, db string) *sql.DB {
	t.Helper()
	driver, dsn := "postgres", db
	if path, ok := strings.CutPrefix(db, "sqlite:"); ok {
		driver, dsn = "sqlite", path
	}
	d, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// sendingRows are the promos whose platform call had started and not
// ended (storage.Store.MarkSending). On PostgreSQL a killed client's last
// COMMIT may still be in the server's hands: a SHARE lock on the outbox
// waits for every transaction that wrote it to end first.
func sendingRows(t *testing.T, db *sql.DB, pg bool) []int64 {
	t.Helper()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if pg {
		if _, err := tx.Exec(`LOCK TABLE lapak_outbox IN SHARE MODE`); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := tx.Query(`SELECT id FROM lapak_outbox WHERE class = 'bulk' AND status = 'sending'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// recipientStatus is each recipient's chat and status.
func recipientStatus(t *testing.T, db *sql.DB) map[string]string {
	t.Helper()
	rows, err := db.Query(`SELECT chat_id, status FROM lapak_broadcast_recipients`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var chat, status string
		if err := rows.Scan(&chat, &status); err != nil {
			t.Fatal(err)
		}
		out[chat] = status
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
