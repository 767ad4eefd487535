// Package telegramtest is a fake Telegram Bot API server for tests: it
// answers the methods Lapak uses, lets a test inject updates (a customer
// typing, pressing a button, sending a photo or a contact), serves the
// files a test added (getFile and /file/ downloads), records every call, and
// can be told to fail the next calls of a method (429, 5xx, 403) or to
// answer every send with flood control for a while (Flood).
package telegramtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Token is the token the fake server accepts unless NewServer was given another.
const Token = "123456:TEST-token_abcdefghijklmnopqrstuvw"

// Username is the fake bot's @name.
const Username = "lapak_test_bot"

// Call is one request the bot made.
type Call struct {
	Method string
	Params url.Values        // form fields (multipart fields too)
	Files  map[string][]byte // uploaded files by field name
	At     time.Time         // when the server received it
	// Failed is the error_code the call was answered by Fail or Flood
	// (0: the server handled it).
	Failed int
}

// Button is one inline keyboard button.
type Button struct {
	Text string `json:"text"`
	Data string `json:"callback_data"`
}

// Sent is one message the bot sent (sendMessage or sendPhoto).
type Sent struct {
	Method    string
	ChatID    string
	MessageID int
	Text      string // text, or the photo's caption
	ParseMode string
	Photo     []byte // uploaded bytes
	PhotoRef  string // URL or file id when not uploaded
	Keyboard  [][]Button
	At        time.Time // when the server accepted it (for rate measurements)
}

// Buttons is the keyboard flattened in reading order.
func (s Sent) Buttons() []Button {
	var out []Button
	for _, row := range s.Keyboard {
		out = append(out, row...)
	}
	return out
}

// Failure is what the next calls of a method answer instead of succeeding.
// A zero Failure lets its call through: Fail(m, 1, Failure{}) then
// Fail(m, 1, f) fails the second call.
type Failure struct {
	Code        int    // Telegram error_code and HTTP status
	Description string // e.g. "Forbidden: bot was blocked by the user"
	RetryAfter  int    // seconds, for 429
	// Hang holds the call until it is closed, then drops the connection
	// without an answer: the caller died, or the network did, mid-call.
	Hang <-chan struct{}
}

// TooManyRequests is Telegram's flood-control answer.
func TooManyRequests(retryAfter int) Failure {
	return Failure{Code: 429, Description: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), RetryAfter: retryAfter}
}

// Blocked is the answer for a user who blocked the bot.
func Blocked() Failure {
	return Failure{Code: 403, Description: "Forbidden: bot was blocked by the user"}
}

// ServerError is a Bot API internal error.
func ServerError() Failure {
	return Failure{Code: 502, Description: "Bad Gateway"}
}

// Server is the fake Bot API.
type Server struct {
	// URL is the base URL to give the bot (its APIURL).
	URL   string
	Token string
	// PollWait bounds how long getUpdates waits for an update when none is
	// queued (the bot asks for much longer); default 200ms.
	PollWait time.Duration

	srv *httptest.Server

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change
	updates    []json.RawMessage
	updateIDs  []int
	nextUpdate int
	nextMsg    map[string]int
	nextCB     int
	calls      []Call
	sent       []Sent
	sentBy     map[string][]int // chat id → indexes into sent, so a wait per chat stays cheap
	failures   map[string][]Failure
	flood      time.Time // sends before it answer 429 (Flood)
	blocked    map[string]bool
	webhook    url.Values
	lastOffset int
	files      map[string][]byte // file id → bytes, for getFile and /file/ downloads
}

// NewServer starts a fake server, closed when the test ends.
func NewServer(tb testing.TB) *Server {
	s := &Server{
		Token:      Token,
		PollWait:   200 * time.Millisecond,
		changed:    make(chan struct{}),
		nextUpdate: 1000,
		nextMsg:    make(map[string]int),
		failures:   make(map[string][]Failure),
		sentBy:     make(map[string][]int),
		blocked:    make(map[string]bool),
		files:      make(map[string][]byte),
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
	tb.Cleanup(s.Close)
	return s
}

// Close stops the server.
func (s *Server) Close() {
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// notify wakes everyone waiting for a change; call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// --- injecting updates -------------------------------------------------

// User is a fake Telegram user with a private chat of the same id.
type User struct {
	ID        int64
	FirstName string
	LastName  string
	Username  string
}

func (u User) from() map[string]any {
	m := map[string]any{"id": u.ID, "is_bot": false, "first_name": u.FirstName}
	if u.LastName != "" {
		m["last_name"] = u.LastName
	}
	if u.Username != "" {
		m["username"] = u.Username
	}
	return m
}

func (u User) chat() map[string]any {
	return map[string]any{"id": u.ID, "type": "private", "first_name": u.FirstName}
}

// Update is one raw Bot API update, as JSON would decode it.
type Update map[string]any

// ID is the update's update_id.
func (u Update) ID() int { id, _ := u["update_id"].(int); return id }

// Inject queues an update for getUpdates and returns its id. Like
// Telegram's, the queue's ids only grow: an update made before another but
// injected after it (two goroutines) gets a new id, or an offset already
// past it would drop it unseen.
func (s *Server) Inject(u Update) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n := len(s.updateIDs); n > 0 && u.ID() <= s.updateIDs[n-1] || u.ID() < s.lastOffset {
		s.nextUpdate++
		u["update_id"] = s.nextUpdate
	}
	data, err := json.Marshal(u)
	if err != nil {
		panic(err)
	}
	s.updates = append(s.updates, data)
	s.updateIDs = append(s.updateIDs, u.ID())
	s.notify()
	return u.ID()
}

// update wraps fields in a new update with the next update_id.
func (s *Server) update(key string, v map[string]any) Update {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextUpdate++
	return Update{"update_id": s.nextUpdate, key: v}
}

func (s *Server) message(u User, fields map[string]any) Update {
	s.mu.Lock()
	chat := strconv.FormatInt(u.ID, 10)
	s.nextMsg[chat]++
	id := s.nextMsg[chat]
	s.mu.Unlock()
	m := map[string]any{"message_id": id, "from": u.from(), "chat": u.chat(), "date": time.Now().Unix()}
	for k, v := range fields {
		m[k] = v
	}
	return s.update("message", m)
}

// TextUpdate is a text message from u (a "/command" gets its entity).
func (s *Server) TextUpdate(u User, text string) Update {
	fields := map[string]any{"text": text}
	if strings.HasPrefix(text, "/") {
		cmd, _, _ := strings.Cut(text, " ")
		fields["entities"] = []map[string]any{{"type": "bot_command", "offset": 0, "length": utf16Len(cmd)}}
	}
	return s.message(u, fields)
}

// PhotoUpdate is a photo from u in three sizes; the largest has file id fileID.
func (s *Server) PhotoUpdate(u User, fileID, caption string) Update {
	fields := map[string]any{"photo": []map[string]any{
		{"file_id": fileID + "-s", "file_unique_id": "s", "width": 90, "height": 90, "file_size": 1000},
		{"file_id": fileID, "file_unique_id": "l", "width": 1280, "height": 960, "file_size": 90000},
		{"file_id": fileID + "-m", "file_unique_id": "m", "width": 320, "height": 240, "file_size": 9000},
	}}
	if caption != "" {
		fields["caption"] = caption
	}
	return s.message(u, fields)
}

// ContactUpdate is u sharing their own phone number.
func (s *Server) ContactUpdate(u User, phone string) Update {
	return s.message(u, map[string]any{
		"contact": map[string]any{"phone_number": phone, "first_name": u.FirstName, "user_id": u.ID},
	})
}

// PressUpdate is u pressing a button with the given callback data.
func (s *Server) PressUpdate(u User, data string) Update {
	s.mu.Lock()
	s.nextCB++
	cb := fmt.Sprintf("cb%d-%d", u.ID, s.nextCB)
	s.mu.Unlock()
	return s.update("callback_query", map[string]any{
		"id": cb, "from": u.from(), "chat_instance": "ci", "data": data,
		"message": map[string]any{"message_id": 1, "chat": u.chat(), "date": time.Now().Unix(), "text": "menu"},
	})
}

// CallbackID is the callback query id of a PressUpdate.
func (u Update) CallbackID() string {
	q, _ := u["callback_query"].(map[string]any)
	id, _ := q["id"].(string)
	return id
}

// SendText queues a text message from u; it returns the update id.
func (s *Server) SendText(u User, text string) int { return s.Inject(s.TextUpdate(u, text)) }

// SendPhoto queues a photo from u.
func (s *Server) SendPhoto(u User, fileID, caption string) int {
	return s.Inject(s.PhotoUpdate(u, fileID, caption))
}

// SendContact queues a shared contact from u.
func (s *Server) SendContact(u User, phone string) int { return s.Inject(s.ContactUpdate(u, phone)) }

// Press queues a button press by u; it returns the callback query id.
func (s *Server) Press(u User, data string) string {
	up := s.PressUpdate(u, data)
	s.Inject(up)
	return up.CallbackID()
}

// PostUpdate posts u to a webhook the way Telegram does, with the secret
// header, and returns the HTTP status.
func PostUpdate(ctx context.Context, target, secret string, u Update) (int, error) {
	data, err := json.Marshal(u)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(data))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// Pending is the number of updates not yet acknowledged by an offset.
func (s *Server) Pending() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.updates)
}

// Offset is the last offset a getUpdates call gave.
func (s *Server) Offset() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastOffset
}

// AddFile makes a file id downloadable, as a photo a user sent would be:
// getFile gives its path and /file/bot<token>/<path> serves data.
func (s *Server) AddFile(fileID string, data []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.files[fileID] = data
}

// filePath is where the fake keeps a file id's bytes.
func filePath(fileID string) string { return "photos/" + url.PathEscape(fileID) + ".jpg" }

// --- failures ----------------------------------------------------------

// Fail makes the next k calls of method answer f.
func (s *Server) Fail(method string, k int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range k {
		s.failures[method] = append(s.failures[method], f)
	}
}

// Flood makes every sendMessage and sendPhoto for the next d answer 429
// with retry_after the seconds left until the flood ends (rounded up), as
// Telegram's flood control does: a bot that waits as told sends its next
// message when the flood is over.
func (s *Server) Flood(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flood = time.Now().Add(d)
}

// Block makes every send to chatID answer 403 (the user blocked the bot).
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[strconv.FormatInt(chatID, 10)] = true
}

// --- inspecting --------------------------------------------------------

// Calls lists the recorded calls, of the given methods only if any are named.
func (s *Server) Calls(methods ...string) []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Call
	for _, c := range s.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Sent lists the delivered messages, to the given chat only if chatID != 0.
func (s *Server) Sent(chatID int64) []Sent {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentTo(chatID)
}

func (s *Server) sentTo(chatID int64) []Sent {
	if chatID == 0 {
		return append([]Sent(nil), s.sent...)
	}
	var out []Sent
	for _, i := range s.sentBy[strconv.FormatInt(chatID, 10)] {
		out = append(out, s.sent[i])
	}
	return out
}

// WaitSent waits until at least n messages were delivered to chatID (any
// chat if 0) and returns them all; it fails when ctx ends first.
func (s *Server) WaitSent(ctx context.Context, chatID int64, n int) ([]Sent, error) {
	return waitFor(ctx, s, func() ([]Sent, bool) {
		if k := s.count(chatID); k < n {
			return make([]Sent, k), false
		}
		return s.sentTo(chatID), true
	}, func(got []Sent) error {
		return fmt.Errorf("telegramtest: waiting for %d messages to chat %d: got %d", n, chatID, len(got))
	})
}

// count is how many messages went to chatID (any chat if 0); s.mu is held.
func (s *Server) count(chatID int64) int {
	if chatID == 0 {
		return len(s.sent)
	}
	return len(s.sentBy[strconv.FormatInt(chatID, 10)])
}

// WaitCalls waits until method was called at least n times.
func (s *Server) WaitCalls(ctx context.Context, method string, n int) ([]Call, error) {
	return waitFor(ctx, s, func() ([]Call, bool) {
		var out []Call
		for _, c := range s.calls {
			if c.Method == method {
				out = append(out, c)
			}
		}
		return out, len(out) >= n
	}, func(got []Call) error {
		return fmt.Errorf("telegramtest: waiting for %d %s calls: got %d", n, method, len(got))
	})
}

// WaitAcked waits until every injected update was acknowledged by a
// getUpdates offset past it.
func (s *Server) WaitAcked(ctx context.Context) error {
	_, err := waitFor(ctx, s, func() (int, bool) { return len(s.updates), len(s.updates) == 0 },
		func(n int) error { return fmt.Errorf("telegramtest: %d updates still unacknowledged", n) })
	return err
}

// waitFor re-checks cond (under the lock) on every change until it holds.
func waitFor[T any](ctx context.Context, s *Server, cond func() (T, bool), fail func(T) error) (T, error) {
	for {
		s.mu.Lock()
		v, ok := cond()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return v, nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return v, fail(v)
		}
	}
}

// --- serving -----------------------------------------------------------

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if rest, ok := strings.CutPrefix(r.URL.Path, "/file/bot"); ok {
		s.download(w, rest)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		reply(w, 404, nil, Failure{Code: 404, Description: "Not Found"})
		return
	}
	if token != s.Token {
		reply(w, 401, nil, Failure{Code: 401, Description: "Unauthorized"})
		return
	}
	call := Call{Method: method, Params: url.Values{}, Files: map[string][]byte{}}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
			return
		}
		for k, v := range r.MultipartForm.Value {
			call.Params[k] = v
		}
		for k, fhs := range r.MultipartForm.File {
			f, err := fhs[0].Open()
			if err == nil {
				call.Files[k], _ = io.ReadAll(f)
				f.Close()
			}
		}
	} else {
		if err := r.ParseForm(); err != nil {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: " + err.Error()})
			return
		}
		call.Params = r.PostForm
	}

	s.mu.Lock()
	call.At = time.Now()
	var fail *Failure
	if q := s.failures[method]; len(q) > 0 {
		fail = &q[0]
		s.failures[method] = q[1:]
	}
	if left := s.flood.Sub(call.At); fail == nil && left > 0 && (method == "sendMessage" || method == "sendPhoto") {
		f := TooManyRequests(int((left + time.Second - 1) / time.Second))
		fail = &f
	}
	if fail != nil {
		call.Failed = fail.Code
	}
	s.calls = append(s.calls, call)
	s.notify()
	s.mu.Unlock()
	if fail != nil && fail.Hang != nil {
		select {
		case <-fail.Hang:
		case <-r.Context().Done():
		}
		panic(http.ErrAbortHandler) // no answer: the connection is dropped
	}
	if fail != nil && fail.Code != 0 {
		reply(w, fail.Code, nil, *fail)
		return
	}

	switch method {
	case "getMe":
		reply(w, 200, map[string]any{"id": 123456, "is_bot": true, "first_name": "Lapak Test", "username": Username}, Failure{})
	case "getUpdates":
		s.getUpdates(w, r, call.Params)
	case "sendMessage", "sendPhoto":
		s.send(w, call)
	case "getFile":
		s.getFile(w, call.Params.Get("file_id"))
	case "answerCallbackQuery", "deleteWebhook":
		if method == "deleteWebhook" {
			s.mu.Lock()
			s.webhook = nil
			s.mu.Unlock()
		}
		reply(w, 200, true, Failure{})
	case "setWebhook":
		s.mu.Lock()
		s.webhook = call.Params
		s.mu.Unlock()
		reply(w, 200, true, Failure{})
	case "editMessageText", "editMessageReplyMarkup":
		reply(w, 200, true, Failure{})
	default:
		reply(w, 404, nil, Failure{Code: 404, Description: "Not Found: method not found"})
	}
}

func (s *Server) getFile(w http.ResponseWriter, id string) {
	s.mu.Lock()
	data, ok := s.files[id]
	s.mu.Unlock()
	if !ok {
		reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: invalid file_id"})
		return
	}
	reply(w, 200, map[string]any{"file_id": id, "file_unique_id": "u" + strconv.Itoa(len(id)),
		"file_size": len(data), "file_path": filePath(id)}, Failure{})
}

// download serves GET /file/bot<token>/<file_path>, recorded as a call of
// method "file" with the path as parameter "path".
func (s *Server) download(w http.ResponseWriter, rest string) {
	token, path, ok := strings.Cut(rest, "/")
	if !ok || token != s.Token {
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
		return
	}
	s.mu.Lock()
	s.calls = append(s.calls, Call{Method: "file", Params: url.Values{"path": {path}}})
	var data []byte
	found := false
	for id, d := range s.files {
		if filePath(id) == path {
			data, found = d, true
		}
	}
	s.notify()
	s.mu.Unlock()
	if !found {
		http.Error(w, "Not Found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	_, _ = w.Write(data)
}

// Webhook is what the last setWebhook registered (nil after deleteWebhook).
func (s *Server) Webhook() url.Values {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.webhook
}

func (s *Server) getUpdates(w http.ResponseWriter, r *http.Request, p url.Values) {
	offset, _ := strconv.Atoi(p.Get("offset"))
	limit, _ := strconv.Atoi(p.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	timeout, _ := strconv.Atoi(p.Get("timeout"))
	deadline := time.NewTimer(min(time.Duration(timeout)*time.Second, s.PollWait))
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if s.webhook != nil {
			s.mu.Unlock()
			reply(w, 409, nil, Failure{Code: 409, Description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"})
			return
		}
		s.lastOffset = offset
		// Like Telegram: an offset confirms every update before it.
		i := 0
		for i < len(s.updateIDs) && s.updateIDs[i] < offset {
			i++
		}
		if i > 0 {
			s.updates = s.updates[i:]
			s.updateIDs = s.updateIDs[i:]
			s.notify()
		}
		n := min(limit, len(s.updates))
		batch := append([]json.RawMessage(nil), s.updates[:n]...)
		ch := s.changed
		s.mu.Unlock()
		if n > 0 {
			reply(w, 200, batch, Failure{})
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			reply(w, 200, []json.RawMessage{}, Failure{})
			return
		case <-r.Context().Done():
			return
		}
	}
}

func (s *Server) send(w http.ResponseWriter, c Call) {
	m := Sent{Method: c.Method, ChatID: c.Params.Get("chat_id"), ParseMode: c.Params.Get("parse_mode")}
	if c.Method == "sendPhoto" {
		m.Text = c.Params.Get("caption")
		m.Photo = c.Files["photo"]
		m.PhotoRef = c.Params.Get("photo")
		if len(m.Photo) == 0 && m.PhotoRef == "" {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: there is no photo in the request"})
			return
		}
		if utf16Len(m.Text) > 1024 {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: message caption is too long"})
			return
		}
	} else {
		m.Text = c.Params.Get("text")
		if strings.TrimSpace(m.Text) == "" {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: message text is empty"})
			return
		}
		if utf16Len(m.Text) > 4096 {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: message is too long"})
			return
		}
	}
	if m.ParseMode != "" {
		reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: the fake server checks no entities: send without parse_mode"})
		return
	}
	if rm := c.Params.Get("reply_markup"); rm != "" {
		var kb struct {
			InlineKeyboard [][]Button `json:"inline_keyboard"`
		}
		if err := json.Unmarshal([]byte(rm), &kb); err != nil {
			reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: can't parse reply keyboard markup JSON object"})
			return
		}
		for _, row := range kb.InlineKeyboard {
			for _, b := range row {
				if len(b.Data) < 1 || len(b.Data) > 64 {
					reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: BUTTON_DATA_INVALID"})
					return
				}
				if b.Text == "" {
					reply(w, 400, nil, Failure{Code: 400, Description: "Bad Request: text buttons are unallowed in the inline keyboard"})
					return
				}
			}
		}
		m.Keyboard = kb.InlineKeyboard
	}
	s.mu.Lock()
	if s.blocked[m.ChatID] {
		s.mu.Unlock()
		reply(w, 403, nil, Blocked())
		return
	}
	s.nextMsg[m.ChatID]++
	m.MessageID = s.nextMsg[m.ChatID]
	m.At = time.Now()
	s.sentBy[m.ChatID] = append(s.sentBy[m.ChatID], len(s.sent))
	s.sent = append(s.sent, m)
	s.notify()
	s.mu.Unlock()
	chatID, _ := strconv.ParseInt(m.ChatID, 10, 64)
	result := map[string]any{
		"message_id": m.MessageID, "date": time.Now().Unix(),
		"chat": map[string]any{"id": chatID, "type": "private"},
		"from": map[string]any{"id": 123456, "is_bot": true, "first_name": "Lapak Test", "username": Username},
	}
	if m.Method == "sendPhoto" {
		// Each upload gets a file id of its own (a file id sent again is
		// answered with itself), as Telegram does.
		id := m.PhotoRef
		if id == "" {
			id = fmt.Sprintf("sent-photo-%s-%d", m.ChatID, m.MessageID)
		}
		result["photo"] = []map[string]any{{"file_id": id + "-small", "file_unique_id": "sps", "width": 90, "height": 90},
			{"file_id": id, "file_unique_id": "sp", "width": 512, "height": 512}}
		if m.Text != "" {
			result["caption"] = m.Text
		}
	} else {
		result["text"] = m.Text
	}
	reply(w, 200, result, Failure{})
}

func reply(w http.ResponseWriter, status int, result any, f Failure) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	body := map[string]any{"ok": f.Code == 0}
	if f.Code == 0 {
		body["result"] = result
	} else {
		body["error_code"] = f.Code
		body["description"] = f.Description
		if f.RetryAfter > 0 {
			body["parameters"] = map[string]any{"retry_after": f.RetryAfter}
		}
	}
	_ = json.NewEncoder(w).Encode(body)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
