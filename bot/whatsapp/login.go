package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/skip2/go-qrcode"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/types/events"
)

// ErrAlreadyLinked is returned by Login when the store already holds a session.
var ErrAlreadyLinked = errors.New("whatsapp: a number is already linked")

// LoginOptions configures Login.
type LoginOptions struct {
	// Phone, in international format without + (62812…), asks for a pairing
	// code to type on that phone instead of a QR code.
	Phone string
	// PNGPath is where the QR code is also written as a picture (for
	// headless servers); "" writes none. It is removed once linked.
	PNGPath string
	Out     io.Writer // where the QR code and the instructions go
}

// Login links the store's device to a WhatsApp account: a QR code to scan
// (printed and written as a PNG) or a pairing code to type on the phone.
// It returns when the phone confirmed, the codes ran out (about 2½
// minutes) or ctx ends. The caller disconnects the client afterwards.
func Login(ctx context.Context, cli *whatsmeow.Client, opt LoginOptions) error {
	if cli.Store.ID != nil {
		return fmt.Errorf("%w (+%s)", ErrAlreadyLinked, cli.Store.ID.User)
	}
	qrs, err := cli.GetQRChannel(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp: login: %w", err)
	}
	connected := make(chan struct{}, 1)
	cli.AddEventHandler(func(evt any) {
		if _, ok := evt.(*events.Connected); ok {
			select {
			case connected <- struct{}{}:
			default:
			}
		}
	})
	if err := cli.Connect(); err != nil {
		return fmt.Errorf("whatsapp: cannot reach WhatsApp: %w", err)
	}
	defer func() {
		if opt.PNGPath != "" {
			os.Remove(opt.PNGPath)
		}
	}()
	paired := false
	for {
		var item whatsmeow.QRChannelItem
		var ok bool
		select {
		case item, ok = <-qrs:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !ok {
			return errors.New("whatsapp: login ended without an answer from WhatsApp: try again")
		}
		switch item.Event {
		case whatsmeow.QRChannelEventCode:
			if opt.Phone != "" {
				if paired {
					continue // the pairing code stays valid; the QR codes behind it are not shown
				}
				code, err := cli.PairPhone(ctx, opt.Phone, true, whatsmeow.PairClientChrome, "Chrome (Linux)")
				if err != nil {
					return fmt.Errorf("whatsapp: asking for a pairing code: %w", err)
				}
				paired = true
				fmt.Fprintf(opt.Out, "\nPairing code: %s\n\nOn the phone with WhatsApp for +%s: Settings → Linked devices → Link a device →\n"+
					"\"Link with phone number instead\", then type the code. Waiting…\n", code, opt.Phone)
				continue
			}
			if err := showQR(opt.Out, item.Code, opt.PNGPath, item.Timeout); err != nil {
				return err
			}
		case whatsmeow.QRChannelSuccess.Event:
			fmt.Fprintln(opt.Out, "Linked. Finishing the first connection…")
			// The phone shows the device as linked once the first login went through.
			select {
			case <-connected:
			case <-time.After(45 * time.Second):
			case <-ctx.Done():
			}
			return nil
		case whatsmeow.QRChannelTimeout.Event:
			return errors.New("whatsapp: the code expired before the phone linked it: run `lapak whatsapp-login` again")
		case whatsmeow.QRChannelScannedWithoutMultidevice.Event:
			fmt.Fprintln(opt.Out, "The phone needs multi-device: update WhatsApp on the phone, then scan again.")
		case whatsmeow.QRChannelClientOutdated.Event:
			return errors.New("whatsapp: WhatsApp says this client is outdated: update Lapak")
		case whatsmeow.QRChannelEventError:
			return fmt.Errorf("whatsapp: linking failed: %w", item.Error)
		default:
			return fmt.Errorf("whatsapp: linking failed (%s)", item.Event)
		}
	}
}

func showQR(out io.Writer, code, pngPath string, valid time.Duration) error {
	q, err := qrcode.New(code, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("whatsapp: drawing the QR code: %w", err)
	}
	fmt.Fprint(out, "\n"+RenderQR(q.Bitmap())+"\n")
	if pngPath != "" {
		if err := q.WriteFile(512, pngPath); err != nil {
			return fmt.Errorf("whatsapp: writing the QR code picture: %w", err)
		}
		fmt.Fprintf(out, "(also saved as %s: open it if the code above does not scan)\n", pngPath)
	}
	fmt.Fprintf(out, "On the phone: WhatsApp → Settings → Linked devices → Link a device, and scan this code (valid %s).\n", valid.Round(time.Second))
	return nil
}

// RenderQR draws a QR bitmap (true = dark) with half-block characters, two
// rows per line, in explicit black and white so it scans on dark and light
// terminals alike.
func RenderQR(bits [][]bool) string {
	var b strings.Builder
	for y := 0; y < len(bits); y += 2 {
		for x := range bits[y] {
			fg, bg := "97", "107" // bright white
			if bits[y][x] {
				fg = "30" // black
			}
			if y+1 < len(bits) && bits[y+1][x] {
				bg = "40"
			}
			b.WriteString("\x1b[" + fg + ";" + bg + "m▀")
		}
		b.WriteString("\x1b[0m\n")
	}
	return b.String()
}
