// Package console is the terminal channel: a person types as a customer and
// the shop's replies are printed, for local use, demos and scripted tests.
// It keeps no state of its own: the conversation lives in the database, so
// quitting and running again continues where it stopped.
package console

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
)

// Console prints replies to a writer; it implements bot.Channel.
type Console struct {
	mediaDir string
	viewer   string     // the customer at this terminal; "" shows every chat plainly
	media    *bot.Media // pictures people sent on other channels

	mu  sync.Mutex
	out io.Writer
}

var _ bot.Channel = (*Console)(nil)

// New returns a console channel printing to out and writing pictures into
// mediaDir (created when first needed).
func New(out io.Writer, mediaDir string) *Console {
	return &Console{out: out, mediaDir: mediaDir}
}

// SetViewer names the customer typing at this terminal. Messages to other
// console identities (an admin's new-order notice) are then printed under a
// header naming the recipient, so a local demo shows what the seller gets.
func (c *Console) SetViewer(user string) {
	c.mu.Lock()
	c.viewer = user
	c.mu.Unlock()
}

// SetMedia gives the console the app's resolver for pictures people sent
// on other channels (a Telegram customer's proof for a console admin).
func (c *Console) SetMedia(m *bot.Media) {
	c.mu.Lock()
	c.media = m
	c.mu.Unlock()
}

// Name is lapak.ChannelConsole.
func (c *Console) Name() lapak.Channel { return lapak.ChannelConsole }

// Deliver prints msg: its text, its choices as a numbered list (choice ids
// stay hidden; the customer answers with the number or the label), and the
// path or URL of its picture.
func (c *Console) Deliver(ctx context.Context, d *bot.Delivery) error {
	chatID, msg := d.ChatID(), d.Msg
	if err := ctx.Err(); err != nil {
		return err
	}
	var b bytes.Buffer
	c.mu.Lock()
	viewer, media := c.viewer, c.media
	c.mu.Unlock()
	if viewer != "" && chatID != viewer {
		fmt.Fprintf(&b, msgOther, chatID)
		b.WriteByte('\n')
	}
	text, picture := msg.Text, ""
	if msg.Image != "" {
		data, url, err := load(ctx, media, msg.Image)
		switch {
		case err != nil && msg.NoImage != "":
			text = bot.WithoutImage(msg, err) // the text says why
		case err != nil:
			// A missing picture does not get better by retrying: say so and go on.
			picture = msgNoImg
		default:
			if picture, err = c.picture(data, url); err != nil {
				return err
			}
		}
	}
	if text != "" {
		b.WriteString(text)
		b.WriteByte('\n')
	}
	for i, ch := range msg.Choices {
		fmt.Fprintf(&b, "%d. %s\n", i+1, ch.Label)
	}
	if picture != "" {
		b.WriteString(picture)
		b.WriteByte('\n')
	}
	b.WriteByte('\n')

	c.mu.Lock()
	defer c.mu.Unlock()
	if _, err := c.out.Write(b.Bytes()); err != nil {
		return fmt.Errorf("console: writing reply: %w", err)
	}
	if f, ok := c.out.(interface{ Flush() error }); ok {
		if err := f.Flush(); err != nil {
			return fmt.Errorf("console: writing reply: %w", err)
		}
	}
	return nil
}

// load resolves an image reference: a picture typed in with /foto is read
// from its file again, one sent on another channel comes through media.
func load(ctx context.Context, media *bot.Media, ref string) ([]byte, string, error) {
	if ch, path, ok := lapak.ParseMediaRef(ref); ok && ch == lapak.ChannelConsole {
		data, err := FetchImage(ctx, path)
		return data, "", err
	}
	return media.Load(ctx, ref)
}

// FetchImage reads a picture a console customer sent with /foto (its Ref
// is the file's absolute path): a bounded, regular file that is an image.
// It is a plain file read, so any process on this machine can fetch it.
func FetchImage(_ context.Context, path string) ([]byte, error) {
	data, err := bot.ReadImageFile(path)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(http.DetectContentType(data), "image/") {
		return nil, fmt.Errorf("console: %s: %w", path, errNotPicture)
	}
	return data, nil
}

var errNotPicture = errors.New("not a picture")

// picture returns the line that shows a loaded image: its URL, or the path
// of a file written into mediaDir. The file name is a hash of the picture,
// so a product photo is written once however often it is shown.
func (c *Console) picture(data []byte, url string) (string, error) {
	if url != "" {
		return fmt.Sprintf(msgImage, url), nil
	}
	sum := sha256.Sum256(data)
	path := filepath.Join(c.mediaDir, hex.EncodeToString(sum[:8])+imageExt(data))
	if _, err := os.Stat(path); err == nil {
		return fmt.Sprintf(msgImage, path), nil
	}
	if err := os.MkdirAll(c.mediaDir, 0o755); err != nil {
		return "", fmt.Errorf("console: media folder: %w", err)
	}
	// Write then rename, so a half-written file never has the final name.
	tmp, err := os.CreateTemp(c.mediaDir, ".tmp-*.png")
	if err != nil {
		return "", fmt.Errorf("console: writing picture: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("console: writing picture: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("console: writing picture: %w", err)
	}
	return fmt.Sprintf(msgImage, path), nil
}

// imageExt names a picture's file by its content.
func imageExt(data []byte) string {
	switch http.DetectContentType(data) {
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	}
	return ".png"
}

// maxLine bounds how much of one typed line is kept; the router cuts the
// text further to lapak.MaxInboundText runes.
const maxLine = lapak.MaxInboundText * 4

// seq makes message ids unique within a process; the time makes them
// unique across runs, since the store ignores an id it has seen.
var seq atomic.Uint64

// Chat reads messages from in as the customer user, hands each to r, and
// drains s so the replies are printed before the next message is read. A
// message is one line; a line ending in a backslash goes on with the next
// line (piped input writes a pasted order form so), and in a terminal the
// lines of one paste arrive together and are one message. It returns at EOF
// after the replies to the last message. Interactive mode prints a short
// hint and a prompt.
func Chat(ctx context.Context, in io.Reader, user string, r *bot.Router, s *bot.Sender, interactive bool, out io.Writer) error {
	br := bufio.NewReaderSize(in, 64<<10)
	if interactive {
		fmt.Fprintln(out, msgHint)
	}
	// Replies left from an earlier run (or a crash) come first.
	if _, err := s.Drain(ctx); err != nil {
		return fmt.Errorf("console: delivering replies: %w", err)
	}
	input := newLines(br, interactive)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if interactive {
			fmt.Fprint(out, msgPrompt)
			if f, ok := out.(interface{ Flush() error }); ok {
				f.Flush()
			}
		}
		text, err := readMessage(input)
		if errors.Is(err, io.EOF) && text == "" {
			if interactive {
				fmt.Fprintln(out)
			}
			return nil
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("console: reading input: %w", err)
		}
		img, problem, isPhoto := photo(text)
		if problem != "" {
			fmt.Fprintf(out, "%s\n\n", problem) // nothing goes to the shop
		} else if len(bytes.TrimSpace([]byte(text))) > 0 {
			msg := lapak.Inbound{
				Channel:   lapak.ChannelConsole,
				MessageID: fmt.Sprintf("%s-%d-%d", user, time.Now().UnixNano(), seq.Add(1)),
				ChatID:    user,
				Text:      text,
			}
			if isPhoto {
				msg.Text, msg.Image = "", img
			}
			if herr := r.Handle(ctx, msg); herr != nil {
				return fmt.Errorf("console: %w", herr)
			}
			if _, derr := s.Drain(ctx); derr != nil {
				return fmt.Errorf("console: delivering replies: %w", derr)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
	}
}

// pasteGap is how soon after a line the next must arrive to belong to the
// same paste: a terminal delivers a pasted block at once, a person cannot
// type a line that fast.
const pasteGap = 30 * time.Millisecond

// lines reads input lines: Wait for the next one, or Soon for one that
// arrives right away (the rest of a paste; never with piped input, where
// every line is a message).
type lines struct {
	br    *bufio.Reader
	ahead chan lineRead // a terminal's lines, read in the background
}

type lineRead struct {
	line string
	err  error
}

func newLines(br *bufio.Reader, interactive bool) *lines {
	l := &lines{br: br}
	if interactive {
		l.ahead = make(chan lineRead, 64)
		go func() {
			defer close(l.ahead)
			for {
				line, err := readLine(br)
				l.ahead <- lineRead{line, err}
				if err != nil {
					return
				}
			}
		}()
	}
	return l
}

func (l *lines) Wait() (string, error) {
	if l.ahead == nil {
		return readLine(l.br)
	}
	r, ok := <-l.ahead
	if !ok {
		return "", io.EOF
	}
	return r.line, r.err
}

func (l *lines) Soon() (string, bool, error) {
	if l.ahead == nil {
		return "", false, nil
	}
	select {
	case r, ok := <-l.ahead:
		if !ok || r.line == "" && r.err != nil {
			return "", false, nil // the end: the next Wait says so
		}
		return r.line, true, r.err
	case <-time.After(pasteGap):
		return "", false, nil
	}
}

// readMessage reads one message: a line, the lines a backslash at the end
// of a line joins to it, and in a terminal the lines pasted with it.
func readMessage(l *lines) (string, error) {
	line, err := l.Wait()
	var b strings.Builder
	for {
		cont := strings.HasSuffix(line, "\\")
		b.WriteString(strings.TrimSuffix(line, "\\"))
		if err != nil || b.Len() > maxLine {
			return b.String(), err
		}
		more := true
		if cont {
			line, err = l.Wait()
		} else {
			line, more, err = l.Soon()
		}
		if !more {
			return b.String(), err
		}
		b.WriteByte('\n')
	}
}

// maxPathRef is the longest path a /foto picture may have: the router keeps
// 1024 characters of a reference, and a cut path would find nothing.
const maxPathRef = 1000

// photo reads "/foto PATH" (or "/photo PATH"): the console's way to send a
// picture, such as a transfer proof. isPhoto reports the command; problem
// is the line to print instead of sending when the picture is no good.
func photo(line string) (img *lapak.Attachment, problem string, isPhoto bool) {
	s := strings.TrimSpace(line)
	word, arg, _ := strings.Cut(s, " ")
	if w := strings.ToLower(word); w != "/foto" && w != "/photo" {
		return nil, "", false
	}
	arg = strings.TrimSpace(arg)
	if len(arg) >= 2 && (arg[0] == '"' || arg[0] == '\'') && arg[len(arg)-1] == arg[0] {
		arg = arg[1 : len(arg)-1] // a pasted path in quotes
	}
	if arg == "" {
		return nil, msgPhotoUsage, true
	}
	if rest, ok := strings.CutPrefix(arg, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			arg = filepath.Join(home, rest)
		}
	}
	path, err := filepath.Abs(arg)
	if err != nil || len(path) > maxPathRef {
		return nil, fmt.Sprintf(msgPhotoBad, arg, msgPhotoLong), true
	}
	data, err := FetchImage(context.Background(), path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Sprintf(msgPhotoBad, arg, msgPhotoMissing), true
	case errors.Is(err, errNotPicture):
		return nil, fmt.Sprintf(msgPhotoBad, arg, msgPhotoNotPic), true
	case err != nil:
		why := err.Error()
		if i := strings.LastIndex(why, ": "); i >= 0 {
			why = why[i+2:] // "not a regular file", "… more than the 10 MiB limit"
		}
		return nil, fmt.Sprintf(msgPhotoBad, arg, why), true
	}
	return &lapak.Attachment{Ref: path, MIME: http.DetectContentType(data), Size: int64(len(data))}, "", true
}

// readLine returns the next line without its end, keeping at most maxLine
// bytes of it and skipping the rest, so a huge paste cannot exhaust memory.
// At the end of input it returns the last partial line with io.EOF.
func readLine(br *bufio.Reader) (string, error) {
	var buf []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if room := maxLine - len(buf); room > 0 {
			buf = append(buf, chunk[:min(len(chunk), room)]...)
		}
		switch {
		case err == nil:
			return string(bytes.TrimRight(buf, "\r\n")), nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return string(bytes.TrimRight(buf, "\r\n")), err
		}
	}
}
