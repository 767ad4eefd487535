package dashboard

import (
	"context"
	"sync"
	"time"

	lapak "github.com/lapak-id/lapak"
)

// The live inbox: one poller reads the chat log's new entries for every
// open stream (GET …/events), so the database sees one small indexed
// query per tick however many browsers watch, and several Lapak processes
// on one database all see every message. It runs only while a stream is
// open.
//
// Ids of entries committed by concurrent transactions can appear out of
// order (PostgreSQL hands out ids before commit), so the poller reads from
// the last id below which it has seen everything, remembers the ids above
// it, and gives up on a hole (a rolled-back insert) after feedHole.

// How often the poller reads, and how long it waits on a hole in the ids.
const (
	feedPoll  = 200 * time.Millisecond
	feedHole  = 5 * time.Second
	feedBatch = 500
	subBuffer = 64
)

// feed fans the chat log's new entries out to the open streams.
type feed struct {
	d *Dashboard

	mu      sync.Mutex
	subs    map[*feedSub]struct{}
	running bool
	kick    chan struct{}
}

// feedSub is one open stream: batches of new entries (an entry with ID 0
// says a conversation's state changed). c is closed when the stream fell
// too far behind or the dashboard closed.
type feedSub struct{ c chan []lapak.ChatEntry }

func newFeed(d *Dashboard) *feed {
	return &feed{d: d, subs: map[*feedSub]struct{}{}, kick: make(chan struct{}, 1)}
}

func (f *feed) subscribe() *feedSub {
	s := &feedSub{c: make(chan []lapak.ChatEntry, subBuffer)}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subs[s] = struct{}{}
	if !f.running {
		// The poller's start is read before subscribe returns: the stream's
		// own catch-up read comes after it, so an entry committed in between
		// is the poller's news, never lost between the two.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		last, err := f.d.opt.Store.LastChatID(ctx)
		cancel()
		f.running = true
		go f.run(last, err == nil)
	}
	return s
}

func (f *feed) unsubscribe(s *feedSub) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.subs[s]; ok {
		delete(f.subs, s)
		close(s.c)
	}
}

// wake makes the poller read now (a message this process just committed).
func (f *feed) wake() {
	select {
	case f.kick <- struct{}{}:
	default:
	}
}

// changed tells the streams that customer id's conversation changed (a
// takeover), and wakes the poller.
func (f *feed) changed(id int64) {
	f.publish([]lapak.ChatEntry{{CustomerID: id}})
	f.wake()
}

// publish hands es to every stream; a stream that cannot keep up is
// dropped (its browser reconnects and catches up by Last-Event-ID).
func (f *feed) publish(es []lapak.ChatEntry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for s := range f.subs {
		select {
		case s.c <- es:
		default:
			delete(f.subs, s)
			close(s.c)
		}
	}
}

// run polls while streams are open.
func (f *feed) run(low int64, started bool) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-f.d.closing:
			cancel()
		case <-ctx.Done():
		}
	}()
	// low: the newest entry when the poller started (or, if that read
	// failed, when one first works): only later ones are news.
	seen := map[int64]bool{}
	var hole time.Time
	tick := time.NewTicker(feedPoll)
	defer tick.Stop()
	for {
		f.mu.Lock()
		if len(f.subs) == 0 || ctx.Err() != nil {
			f.running = false
			for s := range f.subs {
				delete(f.subs, s)
				close(s.c)
			}
			f.mu.Unlock()
			return
		}
		f.mu.Unlock()
		select {
		case <-ctx.Done():
			continue
		case <-tick.C:
		case <-f.kick:
		}
		if !started {
			last, err := f.d.opt.Store.LastChatID(ctx)
			if err != nil {
				if ctx.Err() == nil {
					f.d.log.Warn("dashboard: live inbox: reading the chat log", "err", err)
				}
				continue
			}
			low, started = last, true
		}
		es, err := f.d.opt.Store.ChatLogAfter(ctx, 0, low, feedBatch)
		if err != nil {
			if ctx.Err() == nil {
				f.d.log.Warn("dashboard: live inbox: reading the chat log", "err", err)
			}
			continue
		}
		var fresh []lapak.ChatEntry
		for _, e := range es {
			if !seen[e.ID] {
				seen[e.ID] = true
				fresh = append(fresh, e)
			}
		}
		if len(fresh) > 0 {
			f.publish(fresh)
		}
		for seen[low+1] {
			delete(seen, low+1)
			low++
		}
		switch {
		case len(seen) == 0:
			hole = time.Time{}
		case hole.IsZero():
			hole = time.Now()
		case time.Since(hole) > feedHole: // a rolled-back id: nothing will fill it
			lowest := int64(-1)
			for id := range seen {
				if lowest < 0 || id < lowest {
					lowest = id
				}
			}
			low = lowest - 1
			for seen[low+1] {
				delete(seen, low+1)
				low++
			}
			hole = time.Time{}
		}
	}
}
