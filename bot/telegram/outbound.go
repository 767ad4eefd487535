package telegram

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// Telegram's limits (Bot API docs), counted in UTF-16 code units like
// Telegram does; that is never less than the rune count.
const (
	MaxText         = 4096
	MaxCaption      = 1024
	MaxCallbackData = 64
	maxButtons      = 100
	maxLabel        = 40 // runes; longer labels are cut with "…"
	shortLabel      = 16 // two buttons of at most this length share a row
)

// Deliver sends the message to its chat. Text goes without a parse mode,
// so any character in a product name is shown as typed and can never break
// the message. Choices become an inline keyboard; an image is sent as a
// photo with the text as its caption when it fits. Parts an earlier attempt
// sent are skipped.
func (b *Bot) Deliver(ctx context.Context, d *bot.Delivery) error {
	id, err := strconv.ParseInt(d.ChatID(), 10, 64)
	if err != nil {
		return fmt.Errorf("telegram: chat id %q is not a number: %w", d.ChatID(), lapak.ErrUnreachable)
	}
	parts := b.render(ctx, d.Msg)
	for i := d.PartsSent; i < len(parts); i++ {
		if err := b.sendPart(ctx, id, parts[i]); err != nil {
			return err
		}
		if i < len(parts)-1 {
			d.PartSent(ctx)
		}
	}
	return nil
}

// part is one Bot API message: a photo (with Text as caption) or a text.
type part struct {
	photo    tgbotapi.RequestFileData
	ref      string // the photo's image reference, for the file id cache
	text     string
	keyboard *tgbotapi.InlineKeyboardMarkup
	noImage  string // lapak.Outbound.NoImage: said instead of a refused photo
}

// render turns msg into the Bot API messages that carry it, in order.
func (b *Bot) render(ctx context.Context, msg lapak.Outbound) []part {
	kb := b.keyboard(msg.Choices)
	text := strings.TrimSpace(msg.Text)
	var photo tgbotapi.RequestFileData
	if msg.Image != "" {
		p, err := b.photo(ctx, msg.Image)
		if err != nil {
			// A broken picture costs the picture, not the message (nor a
			// retry that cannot help): the text says why when it should.
			b.log.Warn("telegram: image not sent", "err", err)
			text = bot.WithoutImage(msg, err)
		}
		photo = p
	}
	if text == "" && kb != nil && photo == nil {
		text = "⬇️" // a keyboard needs a message to hang on
	}
	if photo != nil && utf16Len(text) <= MaxCaption {
		return []part{{photo: photo, ref: msg.Image, text: text, keyboard: kb, noImage: msg.NoImage}}
	}
	var parts []part
	if photo != nil {
		parts = append(parts, part{photo: photo, ref: msg.Image, noImage: msg.NoImage})
	}
	chunks := splitText(text, MaxText)
	for i, c := range chunks {
		p := part{text: c}
		if i == len(chunks)-1 {
			p.keyboard = kb
		}
		parts = append(parts, p)
	}
	return parts
}

// photo resolves an image reference. A picture sent to this bot goes
// again by its file id, never downloaded; others come through Options.Media.
func (b *Bot) photo(ctx context.Context, ref string) (tgbotapi.RequestFileData, error) {
	if ch, id, ok := lapak.ParseMediaRef(ref); ok && ch == lapak.ChannelTelegram {
		return tgbotapi.FileID(id), nil
	}
	if id, ok := b.photos.get(ref); ok {
		return cachedID(id), nil
	}
	data, u, err := b.opt.Media.Load(ctx, ref)
	if err != nil {
		return nil, err
	}
	if u != "" {
		return tgbotapi.FileURL(u), nil
	}
	return fileBytes(data), nil
}

// cachedID is a file id from the photo cache: sent like any file id, but
// known to stand for a picture Lapak holds, so a refusal re-uploads it.
type cachedID string

func (c cachedID) NeedsUpload() bool                      { return false }
func (c cachedID) UploadData() (string, io.Reader, error) { return tgbotapi.FileID(c).UploadData() }
func (c cachedID) SendData() string                       { return string(c) }

func fileBytes(data []byte) tgbotapi.FileBytes {
	name := "image.jpg"
	if http.DetectContentType(data) == "image/png" {
		name = "image.png"
	}
	return tgbotapi.FileBytes{Name: name, Bytes: data}
}

// FetchImage downloads a file a person sent to the bot, for an admin on
// another channel: getFile, then the file from the configured Bot API
// server, {APIURL}/file/bot<token>/<file_path> (tgbotapi's File.Link always
// uses Telegram's). The URL carries the token: no error here contains it.
func (b *Bot) FetchImage(ctx context.Context, fileID string) ([]byte, error) {
	f, err := b.call(ctx).GetFile(tgbotapi.FileConfig{FileID: fileID})
	if err != nil {
		return nil, fmt.Errorf("telegram: getFile: %w", redact(b.opt.Token, err))
	}
	if f.FilePath == "" {
		return nil, errors.New("telegram: getFile: no file path (the file is gone or too big for bots)")
	}
	if f.FileSize > bot.MaxImageBytes {
		return nil, fmt.Errorf("telegram: file of %d bytes, more than the %d MiB limit", f.FileSize, bot.MaxImageBytes>>20)
	}
	u := strings.TrimRight(b.opt.APIURL, "/") + "/file/bot" + b.opt.Token + "/" + (&url.URL{Path: f.FilePath}).EscapedPath()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("telegram: downloading a file: %w", redact(b.opt.Token, err))
	}
	resp, err := b.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram: downloading a file: %w", redact(b.opt.Token, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("telegram: downloading a file: %s", resp.Status)
	}
	data, err := bot.ReadAtMost(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("telegram: downloading a file: %w", redact(b.opt.Token, err))
	}
	return data, nil
}

func (b *Bot) sendPart(ctx context.Context, chatID int64, p part) error {
	api := b.call(ctx)
	if _, upload := p.photo.(tgbotapi.FileBytes); upload && cacheable(p.ref) {
		done := b.photos.uploading(p.ref)
		defer done()
		if id, ok := b.photos.get(p.ref); ok {
			p.photo = cachedID(id) // uploaded by the send this one waited for
		}
	}
	if p.photo != nil {
		c := tgbotapi.NewPhoto(chatID, p.photo)
		c.Caption = p.text
		if p.keyboard != nil {
			c.ReplyMarkup = *p.keyboard
		}
		resp, err := api.Request(c)
		if err == nil {
			if _, uploaded := p.photo.(tgbotapi.FileBytes); uploaded && resp != nil {
				b.photos.keep(p.ref, resp.Result)
			}
			return nil
		}
		err = b.apiError("sendPhoto", resp, err)
		var ae *apiErr
		if !errors.As(err, &ae) || ae.code != http.StatusBadRequest {
			return err
		}
		// A cached file id Telegram no longer takes: upload the picture again.
		if _, ok := p.photo.(cachedID); ok {
			b.photos.forget(p.ref)
			if again, perr := b.photo(ctx, p.ref); perr == nil {
				p.photo = again
				return b.sendPart(ctx, chatID, p)
			}
		}
		// A file id Telegram will not send as a photo (a picture sent "as
		// file" is a document): upload its bytes instead.
		if id, ok := p.photo.(tgbotapi.FileID); ok {
			if data, ferr := b.FetchImage(ctx, string(id)); ferr == nil {
				p.photo = fileBytes(data)
				return b.sendPart(ctx, chatID, p)
			}
		}
		// Telegram refused the picture itself (bad URL, not an image): send
		// what it carried without it rather than failing the message.
		b.log.Warn("telegram: photo refused, sending text only", "err", err)
		p.text = bot.WithoutImage(lapak.Outbound{Text: p.text, NoImage: p.noImage}, err)
		if p.text == "" && p.keyboard == nil {
			return nil
		}
		if p.text == "" {
			p.text = "⬇️"
		}
		p.photo = nil
		return b.sendPart(ctx, chatID, p)
	}
	c := tgbotapi.NewMessage(chatID, p.text)
	if p.keyboard != nil {
		c.ReplyMarkup = *p.keyboard
	}
	resp, err := api.Request(c)
	if err != nil {
		return b.apiError("sendMessage", resp, err)
	}
	return nil
}

// keyboard lays choices out as inline buttons: two short labels share a
// row, a long one has its own. A choice whose ID Telegram cannot carry is
// left out (and logged) rather than cut into a different, wrong action.
func (b *Bot) keyboard(choices []lapak.Choice) *tgbotapi.InlineKeyboardMarkup {
	var btns []tgbotapi.InlineKeyboardButton
	for _, c := range choices {
		if c.ID == "" || len(c.ID) > MaxCallbackData || !utf8.ValidString(c.ID) {
			b.log.Warn("telegram: choice left out: its id does not fit Telegram's 1–64 byte callback data", "bytes", len(c.ID))
			continue
		}
		if len(btns) == maxButtons {
			b.log.Warn("telegram: more than 100 choices, the rest left out", "choices", len(choices))
			break
		}
		btns = append(btns, tgbotapi.NewInlineKeyboardButtonData(label(c.Label), c.ID))
	}
	if len(btns) == 0 {
		return nil
	}
	var rows [][]tgbotapi.InlineKeyboardButton
	for i := 0; i < len(btns); i++ {
		if i+1 < len(btns) && short(btns[i].Text) && short(btns[i+1].Text) {
			rows = append(rows, tgbotapi.NewInlineKeyboardRow(btns[i], btns[i+1]))
			i++
			continue
		}
		rows = append(rows, tgbotapi.NewInlineKeyboardRow(btns[i]))
	}
	kb := tgbotapi.NewInlineKeyboardMarkup(rows...)
	return &kb
}

func short(s string) bool { return utf8.RuneCountInString(s) <= shortLabel }

// label makes a button text: one line, no control characters, bounded.
func label(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	if s == "" {
		return "•"
	}
	if utf8.RuneCountInString(s) > maxLabel {
		r := []rune(s)
		s = strings.TrimSpace(string(r[:maxLabel-1])) + "…"
	}
	return s
}

// splitText cuts text into pieces of at most limit UTF-16 units, at line
// breaks where possible, then at spaces, and only then inside a word.
func splitText(text string, limit int) []string {
	if text == "" {
		return nil
	}
	var out []string
	for utf16Len(text) > limit {
		cut := prefixLen(text, limit) // bytes that fit
		i := strings.LastIndex(text[:cut], "\n")
		if i <= 0 {
			i = strings.LastIndexAny(text[:cut], " \t")
		}
		if i <= 0 {
			i = cut
		}
		if piece := strings.TrimRight(text[:i], " \t\n"); piece != "" {
			out = append(out, piece)
		}
		text = strings.TrimLeft(text[i:], " \t\n")
	}
	if text = strings.TrimRight(text, " \t\n"); text != "" {
		out = append(out, text)
	}
	return out
}

// prefixLen is the byte length of the longest prefix of s that has at most
// limit UTF-16 units.
func prefixLen(s string, limit int) int {
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > limit {
			return i
		}
	}
	return len(s)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}
