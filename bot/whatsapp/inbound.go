package whatsapp

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/proto/waE2E"
	"go.mau.fi/whatsmeow/types"
	"go.mau.fi/whatsmeow/types/events"
	"google.golang.org/protobuf/proto"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// kind says what the adapter does with a WhatsApp message.
type kind int

const (
	kindIgnore      kind = iota // groups, status, newsletters, reactions, edits, receipts
	kindCustomer                // a customer wrote: to the router
	kindSeller                  // the seller typed from the phone: the bot steps back
	kindUnsupported             // voice note, sticker, video…: "please type"
)

func (k kind) String() string {
	return [...]string{"ignore", "customer", "seller", "unsupported"}[k]
}

// toInbound translates one message event. peer is the private chat's other
// party, in phone form when it is known (see Adapter.peer). Only private
// chats count: groups, status updates, broadcast lists and newsletters are
// ignored.
func toInbound(e *events.Message, peer types.JID) (lapak.Inbound, kind) {
	if e == nil || e.Message == nil {
		return lapak.Inbound{}, kindIgnore
	}
	info := e.Info
	if info.IsGroup || info.Chat.Server != types.DefaultUserServer && info.Chat.Server != types.HiddenUserServer {
		return lapak.Inbound{}, kindIgnore // groups, status@broadcast, broadcast lists, newsletters, bots
	}
	if e.IsEdit || info.Edit != types.EditAttributeEmpty {
		return lapak.Inbound{}, kindIgnore // an edit is not a new request
	}
	m := e.Message
	in := lapak.Inbound{
		Channel:    lapak.ChannelWhatsApp,
		MessageID:  string(info.ID),
		ChatID:     chatID(peer),
		SenderName: info.PushName,
		ReceivedAt: info.Timestamp,
	}
	k := kindCustomer
	switch {
	case m.GetConversation() != "":
		in.Text = m.GetConversation()
	case m.GetExtendedTextMessage().GetText() != "":
		in.Text = m.GetExtendedTextMessage().GetText()
	case m.GetImageMessage() != nil:
		img := m.GetImageMessage()
		in.Text = img.GetCaption()
		in.Image = &lapak.Attachment{Ref: imageRef(img), MIME: img.GetMimetype(), Size: int64(img.GetFileLength())}
		if in.Image.MIME == "" {
			in.Image.MIME = "image/jpeg"
		}
		if q := img.GetContextInfo().GetQuotedMessage(); q != nil {
			// A photo in reply to a message: an admin's photo on a product's card.
			in.ReplyText = q.GetConversation()
			if in.ReplyText == "" {
				in.ReplyText = q.GetExtendedTextMessage().GetText()
			}
			if in.ReplyText == "" {
				in.ReplyText = q.GetImageMessage().GetCaption()
			}
		}
	case m.GetDocumentMessage() != nil:
		// A file: a picture sent "as document" (full quality) counts as a
		// picture, anything else is a file the flows answer about.
		doc := m.GetDocumentMessage()
		in.Text = doc.GetCaption()
		att := &lapak.Attachment{MIME: doc.GetMimetype(), Size: int64(doc.GetFileLength())}
		if strings.HasPrefix(att.MIME, "image/") {
			att.Ref = documentRef(doc)
			in.Image = att
		} else {
			in.File = att
			k = kindUnsupported // customers are asked to type; an admin's photo step says what it got
		}
	case m.GetAudioMessage() != nil, m.GetStickerMessage() != nil, m.GetVideoMessage() != nil,
		m.GetPtvMessage() != nil, m.GetLocationMessage() != nil,
		m.GetLiveLocationMessage() != nil, m.GetContactMessage() != nil, m.GetContactsArrayMessage() != nil:
		k = kindUnsupported
	default:
		return lapak.Inbound{}, kindIgnore // reactions, protocol messages, polls, key shares
	}
	if in.MessageID == "" || peer.IsEmpty() {
		return lapak.Inbound{}, kindIgnore
	}
	if info.IsFromMe {
		return in, kindSeller
	}
	return in, k
}

// chatID is how a chat is named in Lapak: the phone number without + for
// phone JIDs (so LAPAK_ADMINS whatsapp:6281… matches), else the full JID
// (a hidden number, …@lid, whose phone is not known).
func chatID(peer types.JID) string {
	if peer.Server == types.DefaultUserServer {
		return peer.User
	}
	return peer.String()
}

// parseChat is chatID's inverse, for delivery.
func parseChat(id string) (types.JID, error) {
	if id != "" && strings.Trim(id, "0123456789") == "" {
		return types.NewJID(id, types.DefaultUserServer), nil
	}
	jid, err := types.ParseJID(id)
	if err != nil || jid.User == "" || jid.Server != types.HiddenUserServer && jid.Server != types.DefaultUserServer {
		return types.JID{}, fmt.Errorf("whatsapp: %q is not a private chat", id)
	}
	return jid.ToNonAD(), nil
}

// peer is the other party of a private chat, in phone form when WhatsApp
// said it (SenderAlt/RecipientAlt) or the device store knows the mapping.
func (a *Adapter) peer(ctx context.Context, info types.MessageInfo) types.JID {
	jid := info.Chat.ToNonAD()
	if jid.Server != types.HiddenUserServer {
		return jid
	}
	alt := info.SenderAlt
	if info.IsFromMe {
		alt = info.RecipientAlt
	}
	if alt.Server == types.DefaultUserServer {
		return alt.ToNonAD()
	}
	if a.opt.PNForLID != nil {
		if pn, err := a.opt.PNForLID(ctx, jid); err == nil && pn.Server == types.DefaultUserServer {
			return pn.ToNonAD()
		}
	}
	return jid
}

// imageRef packs what is needed to download a customer's picture later
// (Adapter.FetchImage) into a short string: the media path and keys,
// without the thumbnail.
func imageRef(img *waE2E.ImageMessage) string {
	ref := &waE2E.ImageMessage{
		DirectPath:    img.DirectPath,
		MediaKey:      img.MediaKey,
		FileEncSHA256: img.FileEncSHA256,
		FileSHA256:    img.FileSHA256,
		FileLength:    img.FileLength,
		Mimetype:      img.Mimetype,
	}
	b, err := proto.Marshal(ref)
	if err != nil {
		return ""
	}
	return imageRefPrefix + base64.RawURLEncoding.EncodeToString(b)
}

const imageRefPrefix = "wa-image:"

// documentRef is imageRef for a picture sent as a document: WhatsApp
// encrypts documents under other keys, so it is downloaded as one.
func documentRef(doc *waE2E.DocumentMessage) string {
	ref := &waE2E.DocumentMessage{
		DirectPath:    doc.DirectPath,
		MediaKey:      doc.MediaKey,
		FileEncSHA256: doc.FileEncSHA256,
		FileSHA256:    doc.FileSHA256,
		FileLength:    doc.FileLength,
		Mimetype:      doc.Mimetype,
	}
	b, err := proto.Marshal(ref)
	if err != nil {
		return ""
	}
	return documentRefPrefix + base64.RawURLEncoding.EncodeToString(b)
}

const documentRefPrefix = "wa-doc:"

// FetchImage fetches and decrypts a picture a customer sent, given its
// lapak.Attachment.Ref.
func (a *Adapter) FetchImage(ctx context.Context, ref string) ([]byte, error) {
	var msg interface {
		proto.Message
		whatsmeow.DownloadableMessage
		GetFileLength() uint64
	}
	enc, ok := strings.CutPrefix(ref, imageRefPrefix)
	if ok {
		msg = &waE2E.ImageMessage{}
	} else if enc, ok = strings.CutPrefix(ref, documentRefPrefix); ok {
		msg = &waE2E.DocumentMessage{}
	} else {
		return nil, errors.New("whatsapp: not a WhatsApp image reference")
	}
	b, err := base64.RawURLEncoding.DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: image reference: %w", err)
	}
	if err := proto.Unmarshal(b, msg); err != nil {
		return nil, fmt.Errorf("whatsapp: image reference: %w", err)
	}
	if msg.GetFileLength() > bot.MaxImageBytes {
		return nil, fmt.Errorf("whatsapp: image of %d bytes, more than the %d MiB limit", msg.GetFileLength(), bot.MaxImageBytes>>20)
	}
	data, err := a.opt.Client.Download(ctx, msg)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: downloading image: %w", err)
	}
	if len(data) > bot.MaxImageBytes {
		return nil, fmt.Errorf("whatsapp: image: more than the %d MiB limit", bot.MaxImageBytes>>20)
	}
	return data, nil
}

// HandleEvent is the whatsmeow event handler (registered by Run). It
// returns false only when a message could not be committed, so WhatsApp
// delivers it again.
func (a *Adapter) HandleEvent(evt any) bool {
	ctx := a.runCtx()
	switch e := evt.(type) {
	case *events.Message:
		return a.onMessage(ctx, e)
	case *events.Connected:
		a.connected()
	case *events.LoggedOut:
		a.log.Error("whatsapp: LOGGED OUT: this number was unlinked from the phone (or WhatsApp ended the session). "+
			"Run `lapak whatsapp-login` to link it again; the rest of the shop keeps running", "reason", e.Reason.String())
		a.tellAdmins(ctx)
	case *events.StreamReplaced:
		a.log.Error("whatsapp: disconnected: another program is using this WhatsApp session (two `lapak serve` on one database?). Stop the other one, then restart")
	case *events.TemporaryBan:
		a.log.Error("whatsapp: TEMPORARILY BANNED by WhatsApp: sending is blocked until it expires; lower LAPAK_WHATSAPP_NOTIFY_PER_MINUTE",
			"reason", e.Code.String(), "expires_in", e.Expire)
	case *events.ConnectFailure:
		a.log.Error("whatsapp: connection refused by WhatsApp", "reason", e.Reason.String(), "message", e.Message)
	case *events.ClientOutdated:
		a.log.Error("whatsapp: WhatsApp says this client is outdated: update Lapak")
	case *events.KeepAliveTimeout:
		a.log.Warn("whatsapp: connection is not answering", "errors", e.ErrorCount)
	case *events.Disconnected:
		a.log.Warn("whatsapp: disconnected, reconnecting; replies wait in the outbox")
	}
	return true
}

func (a *Adapter) connected() {
	own := ""
	if wc, ok := a.opt.Client.(*whatsmeow.Client); ok && wc.Store != nil && wc.Store.ID != nil {
		own = wc.Store.ID.User
	}
	a.mu.Lock()
	a.own = own
	a.mu.Unlock()
	a.log.Info("whatsapp: connected", "number", "+"+own)
}

func (a *Adapter) onMessage(ctx context.Context, e *events.Message) bool {
	in, k := toInbound(e, a.peer(ctx, e.Info))
	log := a.log.With("chat", in.ChatID, "message", in.MessageID)
	now := a.opt.Now()
	switch k {
	case kindIgnore:
		return true
	case kindSeller:
		a.mu.Lock()
		self := in.ChatID == a.own
		a.mu.Unlock()
		if self {
			return true // a note to self
		}
		return a.stepBack(ctx, in, now, log)
	}
	if !in.ReceivedAt.IsZero() && now.Sub(in.ReceivedAt) > a.opt.MaxAge {
		log.Info("whatsapp: old message left unanswered", "sent", in.ReceivedAt)
		return true
	}
	if a.opt.Router == nil {
		return false // not wired (only Run's callers hand events in): let WhatsApp keep it
	}
	in.Unsupported = k == kindUnsupported // the flows ask them to type
	jid, _ := parseChat(in.ChatID)
	if !in.Unsupported {
		// Best effort: the customer sees "typing…" while the flows decide.
		_ = a.opt.Client.SendChatPresence(ctx, jid, types.ChatPresenceComposing, types.ChatPresenceMediaText)
	}
	out, err := a.opt.Router.Route(ctx, in)
	if err != nil {
		a.paused(ctx, jid, in)
		log.Warn("whatsapp: message not handled, WhatsApp will deliver it again", "err", err)
		return false
	}
	if out != bot.Answered {
		a.paused(ctx, jid, in) // no reply is coming from the bot
	}
	if out == bot.TakenOver {
		log.Debug("whatsapp: seller is handling this chat, bot stays quiet")
	}
	return true
}

// paused takes back the "typing…" shown for in.
func (a *Adapter) paused(ctx context.Context, jid types.JID, in lapak.Inbound) {
	if !in.Unsupported {
		_ = a.opt.Client.SendChatPresence(ctx, jid, types.ChatPresencePaused, types.ChatPresenceMediaText)
	}
}

// stepBack translates the seller typing in a customer's chat from the
// phone into a takeover of that conversation, stored through the router:
// the bot stays out of it for StepBack, across restarts.
func (a *Adapter) stepBack(ctx context.Context, in lapak.Inbound, now time.Time, log *slog.Logger) bool {
	if a.opt.Router == nil {
		return false
	}
	until := now.Add(a.opt.StepBack)
	if err := a.opt.Router.TakeOver(ctx, in.From(), lapak.TakeoverSellerPhone, until); err != nil {
		log.Warn("whatsapp: could not record that the seller is answering this chat, WhatsApp will deliver it again", "err", err)
		return false
	}
	log.Info("whatsapp: the seller is answering this chat from the phone; the bot steps back", "until", until)
	return true
}

// tellAdmins hands the router an event for the admins on other channels
// (Telegram, console): WhatsApp cannot carry the news that WhatsApp is
// gone. The flows write the notice; it goes through the outbox like every
// other message. It is addressed to the first configured admin not on
// WhatsApp, else to the shop itself ("system:whatsapp"): the admins added
// in chat, stored in the database, are known to the flows only.
func (a *Adapter) tellAdmins(ctx context.Context) {
	to := &lapak.Identity{Channel: "system", ChatID: "whatsapp"}
	for _, id := range a.opt.Admins {
		if id.Channel != lapak.ChannelWhatsApp {
			to = &id
			break
		}
	}
	if a.opt.Router == nil {
		return
	}
	now := a.opt.Now()
	in := lapak.Inbound{
		Channel:    to.Channel,
		ChatID:     to.ChatID,
		MessageID:  "lapak:whatsapp-logged-out:" + strconv.FormatInt(now.UnixNano(), 10),
		ReceivedAt: now,
		Event:      lapak.EventWhatsAppLoggedOut,
	}
	if err := a.opt.Router.Handle(context.WithoutCancel(ctx), in); err != nil {
		a.log.Error("whatsapp: could not queue the logout notice for the admins", "err", err)
	}
}
