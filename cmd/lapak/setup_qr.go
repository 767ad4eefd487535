package main

import (
	"errors"
	"fmt"
	"image"
	_ "image/gif" // stickers photographed or saved in any common format
	_ "image/jpeg"
	_ "image/png"
	"os"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// maxQRPhoto bounds the photo of a QRIS sticker setup reads; a phone photo
// is a few megabytes.
const maxQRPhoto = 25 << 20

// decodeQR reads the text of the QR code in a picture file (a photo or a
// screenshot of the shop's QRIS sticker).
func decodeQR(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("setup: opening %s: %w", path, errors.Unwrap(err))
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > maxQRPhoto {
		return "", fmt.Errorf("setup: %s is larger than 25 MB", path)
	}
	img, _, err := image.Decode(f)
	if err != nil {
		return "", errors.New("not a PNG, JPEG or GIF picture")
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", fmt.Errorf("reading the picture: %w", err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{
		gozxing.DecodeHintType_TRY_HARDER: true,
	})
	if err != nil {
		return "", errors.New("no QR code found")
	}
	return res.GetText(), nil
}
