package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot/telegram/telegramtest"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
)

// asLapak makes the test binary the lapak binary: a test re-runs itself
// with it set to start a real `lapak serve` process it can kill.
const asLapak = "LAPAK_TEST_RUN_AS_LAPAK"

func TestMain(m *testing.M) {
	if os.Getenv(asLapak) == "1" {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
	}
	os.Exit(m.Run())
}

// conversation is one customer's conversation: each line and a piece of the
// reply it must bring.
var conversation = []struct{ line, want string }{
	{"pesan keripik singkong pedas 1", "masuk keranjang"},
	{"checkout", "nama penerimanya"},
	{"Budi Santoso", "Nomor HP"},
	{"0812-3456-7890", "diambil sendiri atau dikirim"},
	{"2", "alamat lengkapnya"},
	{"Jl. Kenanga No. 12 RT 03/RW 05, Beji, Depok", "bayar pakai apa"},
	{"1", "Cek lagi pesanannya"},
	{"ya", "No. pesanan"},
}

// killTest is a `lapak serve` process under a conversation load, killed
// with SIGKILL at random moments and started again each time.
type killTest struct {
	t        *testing.T
	dir, db  string
	tg       *telegramtest.Server
	env      []string     // settings beyond the common ones (KEY=value)
	stderr   bytes.Buffer // every process's log
	mu       sync.Mutex
	cmd      *exec.Cmd
	restarts []time.Time // when each process after the first was started
}

func (k *killTest) start() {
	k.t.Helper()
	cmd := exec.Command(os.Args[0], "serve")
	cmd.Dir = k.dir
	cmd.Env = []string{
		asLapak + "=1",
		"DATABASE_URL=" + k.db,
		"LAPAK_TELEGRAM_TOKEN=" + telegramtest.Token,
		"LAPAK_TELEGRAM_API_URL=" + k.tg.URL,
		"LAPAK_ADMINS=telegram:999",
		"LAPAK_DEMO=false",
		"LAPAK_ALLOW_DEMO=true", // the demo's bank account, on a fake Telegram
		"LAPAK_LOG_LEVEL=warn",
		"LAPAK_HTTP_LISTEN=127.0.0.1:0",
	}
	cmd.Env = append(cmd.Env, k.env...)
	cmd.Stderr = lockedWriter{mu: &k.mu, w: &k.stderr}
	if err := cmd.Start(); err != nil {
		k.t.Fatal(err)
	}
	k.mu.Lock()
	k.cmd = cmd
	k.mu.Unlock()
}

// kill ends the process at once, as a power cut or the OOM killer would.
func (k *killTest) kill() {
	k.mu.Lock()
	cmd := k.cmd
	k.mu.Unlock()
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
}

// lastRestart is the latest restart at or before t (zero if none).
func (k *killTest) lastRestart(t time.Time) time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	var last time.Time
	for _, r := range k.restarts {
		if !r.After(t) {
			last = r
		}
	}
	return last
}

// Killed with SIGKILL at random moments under load and restarted each
// time, `lapak serve` loses no customer message, doubles no order, keeps
// the stock right, repeats at most one reply per kill, and carries every
// reply within 10 s of the restart that had to send it.
func TestKilledAndRestartedUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes for about a minute")
	}
	t.Run("sqlite", func(t *testing.T) {
		killedUnderLoad(t, "sqlite:"+filepath.Join(t.TempDir(), "lapak.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		killedUnderLoad(t, storagetest.PostgresSchema(t))
	})
}

func killedUnderLoad(t *testing.T, db string) {
	const (
		kills     = 10
		customers = 20
		maxDelay  = 10 * time.Second
	)
	dir := t.TempDir()
	k := &killTest{t: t, dir: dir, db: db, tg: telegramtest.NewServer(t)}
	const stock = 100000
	csv := "sku,name,category,variant,price,stock\nKRP-PDS,Keripik Singkong,Keripik,Pedas," + fmt.Sprint(13000) + "," + fmt.Sprint(stock) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "catalog.csv"), []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	s := newShopAt(t, dir, k.db)
	s.env["LAPAK_DEMO"] = "false"
	s.ok("", "import", "--yes", filepath.Join(dir, "catalog.csv"))

	k.start()
	defer func() {
		k.mu.Lock()
		cmd := k.cmd
		k.mu.Unlock()
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
		if t.Failed() {
			k.mu.Lock()
			t.Logf("lapak serve logs:\n%s", k.stderr.String())
			k.mu.Unlock()
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	var (
		stopNew   atomic.Bool // no new conversation starts after the last kill
		wg        sync.WaitGroup
		mu        sync.Mutex
		orders    = map[int64]string{}
		late      []string
		completed int
	)
	nextUser := atomic.Int64{}
	nextUser.Store(5000)
	for range customers {
		wg.Go(func() {
			for !stopNew.Load() && ctx.Err() == nil {
				u := telegramtest.User{ID: nextUser.Add(1), FirstName: "Budi"}
				seen := 0
				for _, step := range conversation {
					sentAt := time.Now()
					k.tg.SendText(u, step.line)
					var got telegramtest.Sent
					for got.Text == "" || !strings.Contains(got.Text, step.want) {
						sent, err := k.tg.WaitSent(ctx, u.ID, seen+1)
						if err != nil {
							t.Errorf("customer %d: no reply with %q to %q: %v", u.ID, step.want, step.line, err)
							return
						}
						got = sent[seen]
						seen++
					}
					arrived := time.Now()
					if r := k.lastRestart(arrived); r.After(sentAt) {
						sentAt = r
					}
					if d := arrived.Sub(sentAt); d > maxDelay {
						mu.Lock()
						late = append(late, fmt.Sprintf("%d %q: %s", u.ID, step.line, d.Round(time.Millisecond)))
						mu.Unlock()
					}
					if m := orderNumber.FindStringSubmatch(got.Text); m != nil {
						mu.Lock()
						orders[u.ID] = m[1]
						mu.Unlock()
					}
				}
				mu.Lock()
				completed++
				mu.Unlock()
			}
		})
	}

	for range kills {
		time.Sleep(time.Duration(300+rand.IntN(2200)) * time.Millisecond) // a random moment
		k.kill()
		k.mu.Lock()
		k.restarts = append(k.restarts, time.Now())
		k.mu.Unlock()
		k.start()
	}
	stopNew.Store(true)
	wg.Wait()
	if t.Failed() {
		return
	}

	// Every completed conversation placed exactly one order.
	if len(orders) != completed || completed < customers {
		t.Errorf("%d conversations completed, %d orders seen", completed, len(orders))
	}
	st, err := storage.Open(context.Background(), k.db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for user, number := range orders {
		o, err := st.OrderByNumber(ctx, number)
		if err != nil {
			t.Errorf("order %s of %d: %v", number, user, err)
			continue
		}
		c, err := st.Customer(ctx, lapak.Identity{Channel: lapak.ChannelTelegram, ChatID: fmt.Sprint(user)})
		if err != nil || o.CustomerID != c.ID {
			t.Errorf("order %s is not customer %d's: %v", number, user, err)
		}
	}
	rows, err := st.ExportCatalog(ctx)
	if err != nil || len(rows) != 1 {
		t.Fatalf("catalog: %v %v", rows, err)
	}
	if want := stock - len(orders); rows[0].Stock != want {
		t.Errorf("stock %d after %d orders, want %d", rows[0].Stock, len(orders), want)
	}

	// A reply sent again shows as the same text twice to one chat; in
	// this conversation no reply repeats otherwise.
	repeats := 0
	byChat := map[string][]string{}
	for _, m := range k.tg.Sent(0) {
		byChat[m.ChatID] = append(byChat[m.ChatID], m.Text)
	}
	for chat, texts := range byChat {
		seen := map[string]bool{}
		for _, text := range texts {
			if seen[text] {
				repeats++
				t.Logf("repeated to %s: %.60q", chat, text)
			}
			seen[text] = true
		}
	}
	if repeats > kills {
		t.Errorf("%d replies repeated over %d kills, want at most one per kill", repeats, kills)
	}
	slices.Sort(late)
	if len(late) > 0 {
		t.Errorf("%d replies came more than %s after the message or the restart:\n%s", len(late), maxDelay, strings.Join(late, "\n"))
	}
	t.Logf("%d kills, %d conversations, %d orders, %d replies repeated", kills, completed, len(orders), repeats)
}
