package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"

	"github.com/lapak-id/lapak/bot/whatsapp"
	"github.com/lapak-id/lapak/storage"
)

func TestWhatsAppLoginRejectsALocalNumber(t *testing.T) {
	s := newShop(t)
	r := s.run("", "whatsapp-login", "--phone", "0812 3456 7890")
	if r.code != exitUsage || !strings.Contains(r.stderr, "international format without the leading 0, e.g. 6281234567890") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if p, ok := phoneNumber("+62 812-3456-7890"); !ok || p != "6281234567890" {
		t.Fatalf("phoneNumber(+62 812-3456-7890) = %q, %v", p, ok)
	}
}

// linkDevice stores a session as pairing would (no network here).
func linkDevice(t *testing.T, dbURL string) {
	ctx := context.Background()
	db, dialect, err := storage.OpenRaw(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dev, err := whatsapp.OpenDevice(ctx, db, dialect, nil)
	if err != nil {
		t.Fatal(err)
	}
	dev.ID = &types.JID{User: "6281234567890", Device: 7, Server: types.DefaultUserServer}
	dev.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte("d"), AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := dev.Save(ctx); err != nil {
		t.Fatal(err)
	}
}

func TestWhatsAppLoginWhenAlreadyLinked(t *testing.T) {
	s := newShop(t)
	linkDevice(t, s.env["DATABASE_URL"])
	r := s.ok("", "whatsapp-login")
	if !strings.Contains(r.stdout, "WhatsApp is already linked as +6281234567890") {
		t.Fatalf("stdout %q", r.stdout)
	}
}

func TestServeRefusesWhatsAppOnWithoutALinkedNumber(t *testing.T) {
	s := newShop(t)
	s.env["LAPAK_WHATSAPP"] = "on"
	r := s.run("", "serve")
	want := "lapak: LAPAK_WHATSAPP=on but no WhatsApp number is linked: run `lapak whatsapp-login` first"
	if r.code != exitError || !strings.Contains(r.stderr, want) {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestShopWithoutWhatsAppGetsNoWhatsAppTables(t *testing.T) {
	s := newShop(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	logs := &cancelOn{trigger: "no chat channel configured", cancel: cancel}
	if code := run(ctx, []string{"serve"}, strings.NewReader(""), &strings.Builder{}, logs, func(k string) string { return s.env[k] }); code != 0 {
		t.Fatalf("serve: exit %d\n%s", code, logs.buf.String())
	}
	db, err := sql.Open("sqlite", filepath.Join(s.dir, "lapak.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'whatsmeow%'`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d whatsmeow tables (%v)", n, err)
	}
}

func TestQRPictureGoesNextToTheDatabase(t *testing.T) {
	for url, want := range map[string]string{
		"sqlite:/srv/toko/lapak.db":                  "/srv/toko/lapak-whatsapp-qr.png",
		"sqlite:lapak.db":                            "lapak-whatsapp-qr.png",
		"postgres://u@db:5432/lapak?sslmode=disable": "lapak-whatsapp-qr.png",
	} {
		if got := qrPath(url); got != want {
			t.Errorf("qrPath(%q) = %q, want %q", url, got, want)
		}
	}
}
