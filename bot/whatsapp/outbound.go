package whatsapp

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"google.golang.org/protobuf/proto"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/text"
)

// maxCaption is how much text rides on a picture; longer text follows it
// as its own message.
const maxCaption = 1024

// reconnectWait is how often a message is tried again while WhatsApp is
// disconnected. It is a bot.RetryAfterError, which the sender never gives
// up on: a long disconnection (or a logout until the next login) queues
// messages, it does not drop them.
const reconnectWait = 15 * time.Second

func notConnected(err error) error {
	return &bot.RetryAfterError{After: reconnectWait, Err: fmt.Errorf("whatsapp: not connected, the message waits in the outbox: %w", err)}
}

var errNotConnected = errors.New("websocket not connected")

// errFirstContact is WhatsApp's 463: it refuses a message to someone who
// has not written to this number. To a promo it is a ban warning.
var errFirstContact = errors.New("WhatsApp refused the message (463: this person has not written to the shop)")

// Deliver sends the message to its chat: the text with its choices as a
// numbered list ("1. Katalog") and a short hint, and the picture, if any,
// with the text as its caption when it fits. Text is sent as the flows
// wrote it: WhatsApp renders their *bold*, and nothing else is added.
func (a *Adapter) Deliver(ctx context.Context, d *bot.Delivery) error {
	jid, err := parseChat(d.ChatID())
	if err != nil {
		return fmt.Errorf("%w: %w", err, lapak.ErrUnreachable)
	}
	if !a.opt.Client.IsConnected() {
		return notConnected(errNotConnected)
	}
	if d.Class == lapak.PaceBulk && d.PartsSent == 0 {
		if err := a.checkRegistered(ctx, jid); err != nil {
			return err
		}
	}
	parts := a.render(ctx, d.Msg)
	// Parts an earlier attempt sent are skipped, and a part is re-sent
	// under the same id, derived from the outbox row, which WhatsApp dedupes.
	for i := d.PartsSent; i < len(parts); i++ {
		if err := a.send(ctx, jid, parts[i], messageID(d.Key(), i)); err != nil {
			if d.Class == lapak.PaceBulk && errors.Is(err, errFirstContact) {
				// Pushing promos on after this is how numbers get banned.
				return fmt.Errorf("%w: %w", err, bot.ErrStopBulk)
			}
			return err
		}
		if i < len(parts)-1 {
			d.PartSent(ctx)
		}
	}
	if len(parts) > 0 {
		_ = a.opt.Client.SendChatPresence(ctx, jid, types.ChatPresencePaused, types.ChatPresenceMediaText)
	}
	return nil
}

// maxRegistered bounds the numbers remembered as on WhatsApp; when full
// the memory starts over (a number is then checked once more).
const maxRegistered = 100_000

// checkRegistered asks WhatsApp, before the first promo to a number, that
// the number is still on WhatsApp: a customer may have left it since they
// wrote, and messages to numbers that are not there are what spam
// detection counts. A number that is not is unreachable (the customer gets
// no more promos); a check that fails lets the promo go, as before the
// check. Hidden numbers (…@lid) cannot be asked by number and are not.
func (a *Adapter) checkRegistered(ctx context.Context, jid types.JID) error {
	if jid.Server != types.DefaultUserServer {
		return nil
	}
	a.mu.Lock()
	known := a.registered[jid.User]
	a.mu.Unlock()
	if known {
		return nil
	}
	res, err := a.opt.Client.IsOnWhatsApp(ctx, []string{"+" + jid.User})
	if err != nil {
		a.log.Debug("whatsapp: could not check that a number is on WhatsApp; sending anyway", "err", err)
		return nil
	}
	for _, r := range res {
		if r.IsIn {
			a.mu.Lock()
			if a.registered == nil || len(a.registered) >= maxRegistered {
				a.registered = map[string]bool{}
			}
			a.registered[jid.User] = true
			a.mu.Unlock()
			return nil
		}
	}
	return fmt.Errorf("whatsapp: the number is not on WhatsApp: %w", lapak.ErrUnreachable)
}

// messageID is part i's WhatsApp message id: the shape whatsmeow's
// GenerateMessageID gives ("3EB0" and 18 hex digits), from a digest of the
// delivery's key, so every attempt sends a part under the same id.
func messageID(key string, i int) types.MessageID {
	sum := sha256.Sum256([]byte(key + "/" + strconv.Itoa(i)))
	return types.MessageID(whatsmeow.WebMessageIDPrefix + strings.ToUpper(hex.EncodeToString(sum[:9])))
}

// part is one WhatsApp message: a picture with an optional caption, or text.
type part struct {
	image []byte
	mime  string
	text  string
}

func (a *Adapter) render(ctx context.Context, msg lapak.Outbound) []part {
	body := a.body(msg)
	if msg.Image == "" {
		if body == "" {
			return nil
		}
		return []part{{text: body}}
	}
	data, err := a.picture(ctx, msg.Image)
	if err != nil {
		// A broken picture costs the picture, not the message (nor a retry
		// that cannot help): the text says why when it should.
		a.log.Warn("whatsapp: picture not sent", "err", err)
		body = a.body(lapak.Outbound{Text: bot.WithoutImage(msg, err), Choices: msg.Choices})
		if body == "" {
			return nil
		}
		return []part{{text: body}}
	}
	img := part{image: data, mime: http.DetectContentType(data)}
	if utf8.RuneCountInString(body) <= maxCaption {
		img.text = body
		return []part{img}
	}
	return []part{img, {text: body}}
}

// body is the text with its choices as a numbered list. The numbers are
// the choices' positions, which is what the flows read back from "2".
func (a *Adapter) body(msg lapak.Outbound) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(msg.Text))
	if len(msg.Choices) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		for i, c := range msg.Choices {
			b.WriteString(strconv.Itoa(i+1) + ". " + oneLine(c.Label) + "\n")
		}
		b.WriteString("\n" + text.Get(a.opt.Language, text.WhatsAppReplyHint))
	}
	return b.String()
}

// oneLine keeps a menu entry on one line.
func oneLine(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if s == "" {
		return "-"
	}
	return s
}

// picture resolves an image reference to bytes: WhatsApp needs the file
// uploaded, so URLs are fetched here (bounded by bot.MaxImageBytes). A
// picture sent to this number is downloaded again; one sent on another
// channel comes through Options.Media.
func (a *Adapter) picture(ctx context.Context, ref string) ([]byte, error) {
	if ch, own, ok := lapak.ParseMediaRef(ref); ok && ch == lapak.ChannelWhatsApp {
		return a.FetchImage(ctx, own)
	}
	data, url, err := a.opt.Media.Load(ctx, ref)
	if err != nil || url == "" {
		return data, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: picture: %w", err)
	}
	resp, err := a.opt.HTTPClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: picture: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("whatsapp: picture: %s answered %s", resp.Request.URL.Host, resp.Status)
	}
	data, err = io.ReadAll(io.LimitReader(resp.Body, bot.MaxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("whatsapp: picture: %w", err)
	}
	if len(data) > bot.MaxImageBytes {
		return nil, fmt.Errorf("whatsapp: picture: more than the %d MiB limit", bot.MaxImageBytes>>20)
	}
	if !strings.HasPrefix(http.DetectContentType(data), "image/") {
		return nil, errors.New("whatsapp: picture: the URL did not return an image")
	}
	return data, nil
}

func (a *Adapter) send(ctx context.Context, jid types.JID, p part, id types.MessageID) error {
	m := &waE2E.Message{Conversation: proto.String(p.text)}
	if p.image != nil {
		up, err := a.opt.Client.Upload(ctx, p.image, whatsmeow.MediaImage)
		if err != nil {
			return sendError("uploading picture", err)
		}
		img := &waE2E.ImageMessage{
			Mimetype:      proto.String(p.mime),
			URL:           proto.String(up.URL),
			DirectPath:    proto.String(up.DirectPath),
			MediaKey:      up.MediaKey,
			FileEncSHA256: up.FileEncSHA256,
			FileSHA256:    up.FileSHA256,
			FileLength:    proto.Uint64(up.FileLength),
		}
		if p.text != "" {
			img.Caption = proto.String(p.text)
		}
		m = &waE2E.Message{ImageMessage: img}
	}
	if _, err := a.opt.Client.SendMessage(ctx, jid, m, whatsmeow.SendRequestExtra{ID: id}); err != nil {
		return sendError("sending", err)
	}
	return nil
}

// sendError classifies a failed send for the sender: a lost connection
// waits for the reconnection; a chat WhatsApp will never take is
// unreachable (the customer is marked, nothing is retried); anything else
// is retried with backoff.
func sendError(what string, err error) error {
	switch {
	case errors.Is(err, whatsmeow.ErrNotConnected), errors.Is(err, whatsmeow.ErrNotLoggedIn):
		return notConnected(err)
	case errors.Is(err, whatsmeow.ErrServerReturnedError) && strings.HasSuffix(err.Error(), " 463"):
		// WhatsApp refuses messages to someone who has not written to this
		// number (first contact): retrying only raises the ban risk.
		return fmt.Errorf("whatsapp: %s: %w: %w", what, errFirstContact, lapak.ErrUnreachable)
	case errors.Is(err, whatsmeow.ErrRecipientADJID), errors.Is(err, whatsmeow.ErrUnknownServer),
		errors.Is(err, whatsmeow.ErrBroadcastListUnsupported):
		return fmt.Errorf("whatsapp: %s: %w: %w", what, err, lapak.ErrUnreachable)
	}
	return fmt.Errorf("whatsapp: %s: %w", what, err)
}
