package config

import (
	"testing"
	"time"
)

func TestWhatsAppSettings(t *testing.T) {
	cfg, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.WhatsApp != (WhatsApp{Mode: WhatsAppAuto, StepBack: 30 * time.Minute, NotifyPerMinute: 5, PromosPerDay: 200}) {
		t.Fatalf("defaults = %+v", cfg.WhatsApp)
	}
	cfg, err = Load("", env(map[string]string{"LAPAK_WHATSAPP": "ya", "LAPAK_WHATSAPP_STEP_BACK": "2h", "LAPAK_WHATSAPP_NOTIFY_PER_MINUTE": "3", "LAPAK_WHATSAPP_PROMOS_PER_DAY": "50"}))
	if err != nil || cfg.WhatsApp != (WhatsApp{Mode: WhatsAppOn, StepBack: 2 * time.Hour, NotifyPerMinute: 3, PromosPerDay: 50}) {
		t.Fatalf("set = %+v, %v", cfg.WhatsApp, err)
	}
	if cfg, err := Load("", env(map[string]string{"LAPAK_WHATSAPP": "off"})); err != nil || cfg.WhatsApp.Mode != WhatsAppOff {
		t.Fatalf("off = %+v, %v", cfg.WhatsApp, err)
	}
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LAPAK_WHATSAPP": "maybe"}, `config: LAPAK_WHATSAPP: "maybe" is not auto, on or off`},
		{map[string]string{"LAPAK_WHATSAPP_STEP_BACK": "30"}, `config: LAPAK_WHATSAPP_STEP_BACK: "30" is not a duration (use e.g. 30m or 2h, between 1m and 24h)`},
		{map[string]string{"LAPAK_WHATSAPP_STEP_BACK": "48h"}, `config: LAPAK_WHATSAPP_STEP_BACK: "48h" is out of range (use a duration between 1m and 24h)`},
		{map[string]string{"LAPAK_WHATSAPP_NOTIFY_PER_MINUTE": "60"}, `config: LAPAK_WHATSAPP_NOTIFY_PER_MINUTE: "60" is not a whole number between 1 and 20`},
	} {
		if _, err := Load("", env(tt.env)); err == nil || err.Error() != tt.want {
			t.Errorf("Load(%v):\ngot  %v\nwant %s", tt.env, err, tt.want)
		}
	}
}
