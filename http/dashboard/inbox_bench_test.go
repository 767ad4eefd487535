package dashboard

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// BenchmarkInboxPages measures the server time of the inbox pages on
// PostgreSQL with 100,000 orders, 20,000 customers and 200,000 chat log
// entries (issue 14: every page ≤ 100 ms at p99), and how long a
// customer's message takes from its commit to the open chat's event
// stream (issue 14: within 1 s), with the app's wake-up after a commit and
// by polling alone (a taken-over chat's message: the router does not call
// OnCommit for it). Run it with
//
//	LAPAK_TEST_PG=postgres://… go test ./http/dashboard/ -run '^$' -bench InboxPages -benchtime 1x
func BenchmarkInboxPages(b *testing.B) {
	if storagetest.PostgresURL() == "" {
		b.Skip("PostgreSQL benchmark skipped: set LAPAK_TEST_PG=postgres://…")
	}
	const (
		customers     = 20_000
		orders        = 100_000
		perCustomer   = 10 // chat log entries
		benchRequests = 200
		sseMessages   = 40
	)
	now := time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC)
	st := storagetest.OpenWith(b, storage.Postgres, storage.Options{Now: func() time.Time { return now }})
	ctx := context.Background()
	start := time.Now()
	seedOrders(b, st, now, customers, orders)
	db := storagetest.RawDB(st)
	var custIDs []int64
	if err := selectInts(db, `SELECT id FROM lapak_customers ORDER BY id`, &custIDs); err != nil {
		b.Fatal(err)
	}
	// Ten entries a customer, in and out in turn, before their last activity.
	const batch = 1000
	total := customers * perCustomer
	for lo := 0; lo < total; lo += batch {
		var q strings.Builder
		q.WriteString(`INSERT INTO lapak_chat_log (customer_id, direction, author, body, media, secret, at) VALUES `)
		var args []any
		for i := lo; i < min(total, lo+batch); i++ {
			if i > lo {
				q.WriteString(",")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d,$%d,$%d,$%d,'',FALSE,$%d)", n+1, n+2, n+3, n+4, n+5)
			c := i % customers
			dir, by := "in", lapak.ChatByCustomer
			if (i/customers)%2 == 1 {
				dir, by = "out", lapak.ChatByBot
			}
			at := now.Add(-time.Duration(customers-c)*20*time.Minute + time.Duration(i/customers)*time.Second)
			args = append(args, custIDs[c], dir, by, fmt.Sprintf("pesan %d dari pelanggan %d: keripik pedas masih ada kak?", i/customers, c), at)
		}
		if _, err := db.ExecContext(ctx, q.String(), args...); err != nil {
			b.Fatalf("seeding the chat log: %v", err)
		}
	}
	// Five taken-over chats, and quick replies.
	for i, id := range custIDs[len(custIDs)-50 : len(custIDs)-45] {
		if _, err := db.ExecContext(ctx, `UPDATE lapak_customers SET takeover_until = $1, takeover_by = 'admin:telegram:999' WHERE id = $2`,
			now.Add(time.Duration(10+i)*time.Minute), id); err != nil {
			b.Fatal(err)
		}
	}
	for _, n := range []string{"ongkir", "rekening", "jam", "alamat", "cod"} {
		if _, err := db.ExecContext(ctx, `INSERT INTO lapak_quick_replies (name, body, created_at, updated_at) VALUES ($1, $2, $3, $3)`,
			n, "Teks "+n, now); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d customers, %d orders and %d chat log entries in %s", customers, orders, total, time.Since(start).Round(time.Millisecond))

	bd := newBenchDashboard(b, st, now)
	d := bd.d
	newest := custIDs[len(custIDs)-1]
	deepBot := custIDs[len(custIDs)/2]
	var deepAt time.Time
	if err := db.QueryRowContext(ctx, `SELECT updated_at FROM lapak_customers WHERE id = $1`, deepBot).Scan(&deepAt); err != nil {
		b.Fatal(err)
	}
	pages := []benchPage{
		{"inbox", "/dashboard/inbox", `id="inbox-bot"`},
		{"inbox-live", "/dashboard/inbox?fragment=groups", `id="inbox-payment"`},
		{"inbox-more", "/dashboard/inbox?group=bot&before=" + inboxCursorString(lapak.InboxCursor{At: deepAt, ID: deepBot}), `class="chat"`},
		{"chat", fmt.Sprintf("/dashboard/inbox/%d", newest), `id="messages"`},
		{"chat-human", fmt.Sprintf("/dashboard/inbox/%d", custIDs[len(custIDs)-50]), `data-state="human"`},
	}
	b.ResetTimer()
	var lines []string
	for range b.N {
		lines = bd.measure(pages, benchRequests, nil)
	}
	b.StopTimer()

	// The live chat: a customer's message, committed, to the event in the open stream.
	srv := httptest.NewServer(d)
	defer srv.Close()
	for _, wake := range []bool{true, false} {
		shown, err := st.ChatLog(ctx, newest, 0, 1) // the page's newest message: the stream starts after it
		if err != nil || len(shown) != 1 {
			b.Fatalf("chat log: %v %v", shown, err)
		}
		req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/dashboard/inbox/%d/events?after=%d", srv.URL, newest, shown[0].ID), nil)
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: "bench"})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		msgs := make(chan time.Time, sseMessages)
		go func() {
			sc := bufio.NewScanner(res.Body)
			for sc.Scan() {
				if sc.Text() == "event: msg" {
					msgs <- time.Now()
				}
			}
		}()
		time.Sleep(2 * feedPoll)
		var took []time.Duration
		for i := range sseMessages {
			in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: fmt.Sprint(100000 + customers - 1), MessageID: fmt.Sprintf("bench-%v-%d", wake, i),
				Text: "masih ada kak?"}
			if err := st.HandleInbound(ctx, in, func(context.Context, lapak.ShopTx, *lapak.Conversation) error { return nil }); err != nil {
				b.Fatal(err)
			}
			committed := time.Now()
			if wake {
				d.ChatChanged() // what serve does after each commit (the router's OnCommit)
			}
			select {
			case at := <-msgs:
				took = append(took, at.Sub(committed))
			case <-time.After(3 * time.Second):
				b.Fatalf("message %d did not reach the stream", i)
			}
			time.Sleep(time.Duration(37*(i%7)) * time.Millisecond) // spread over the poller's ticks
		}
		res.Body.Close()
		name := "sse-poll"
		if wake {
			name = "sse-wake"
		}
		lines = append(lines, reportQuantiles(b, name, took)+fmt.Sprintf(" (commit → event, %d messages)", sseMessages))
	}
	logLines(b, lines)
}
