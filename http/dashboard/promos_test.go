package dashboard

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html/template"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/promo"
	"github.com/lapak-id/lapak/storage"
	"github.com/lapak-id/lapak/storage/storagetest"
	"github.com/lapak-id/lapak/text"
)

// eachPromoStore is eachStore with the promo operations on.
func eachPromoStore(t *testing.T, fn func(t *testing.T, h *harness)) {
	clock := storagetest.NewClock(time.Date(2026, 12, 3, 3, 0, 0, 0, time.UTC))
	storagetest.ForEachWith(t, storage.Options{Now: clock.Now}, func(t *testing.T, st *storage.Store) {
		p := promo.New(promo.Options{Shop: testSettings(), Store: st, MaxPerWeek: 2, Now: clock.Now})
		fn(t, newHarness(t, st, clock, Options{Promo: p}))
	})
}

// customerWrote makes a customer who wrote to the shop once.
func customerWrote(t *testing.T, st *storage.Store, chat, name string) {
	t.Helper()
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, MessageID: "hi-" + chat, ChatID: chat, Text: "halo"}
	if err := st.HandleInbound(context.Background(), in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		c.Customer.Name = name
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func composeForm(txt string) url.Values {
	return url.Values{"text": {txt}, "seg": {"all"}, "when": {"now"}}
}

func TestPromoComposePreviewConfirm(t *testing.T) {
	eachPromoStore(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		customerWrote(t, h.st, "101", "Siti Aminah")
		customerWrote(t, h.st, "102", "Siti Rahma")
		b := h.loginAs(lapak.RoleOwner)

		code, body := b.get("/dashboard/promos/new")
		if code != http.StatusOK {
			t.Fatalf("compose page: %d", code)
		}
		mustContain(t, body, `id="promo-form"`, `name="text"`, `id="promo-count"`, `value="never-ordered"`, `value="city"`)

		// The live count.
		code, body = b.get("/dashboard/promos/count?seg=all")
		var ans countAnswer
		if err := json.Unmarshal([]byte(body), &ans); code != http.StatusOK || err != nil || ans.Recipients != 2 {
			t.Fatalf("count = %d %q", code, body)
		}
		_, body = b.get("/dashboard/promos/count?seg=city&value=")
		if json.Unmarshal([]byte(body), &ans); ans.Problem == "" {
			t.Errorf("a city segment without a city was counted: %s", body)
		}

		// An unknown placeholder is refused at the preview, as in chat.
		code, body, _ = b.post("/dashboard/promos/preview", composeForm("Halo {nama}, dikirim ke {alamat}"))
		if code != http.StatusUnprocessableEntity {
			t.Errorf("preview with {alamat}: %d", code)
		}
		mustContain(t, body, text.Get(lapak.Indonesian, text.PromoUnknownPlaceholder, "{alamat}"))
		code, _, _ = b.post("/dashboard/promos/new", composeForm("Halo {nama}, dikirim ke {alamat}"))
		if code != http.StatusUnprocessableEntity {
			t.Errorf("confirm with {alamat}: %d", code)
		}
		// A time in the past too.
		past := composeForm("Halo {nama}")
		past.Set("when", "later")
		past.Set("at", "2026-12-02T10:00")
		code, body, _ = b.post("/dashboard/promos/preview", past)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("preview in the past: %d", code)
		}
		mustContain(t, body, "2026-12-02 10:00")

		// A time to come, read as the chat reads one, in the shop's zone;
		// a "don't send after" before it is refused.
		later := composeForm("Halo {nama}")
		later.Set("when", "later")
		later.Set("at", "2026-12-04T09:00")
		code, body, _ = b.post("/dashboard/promos/preview", later)
		if code != http.StatusOK {
			t.Errorf("preview for tomorrow: %d", code)
		}
		mustContain(t, body, "04/12/2026 09.00", `id="promo-takes"`)
		later.Set("until", "2026-12-04T08:00")
		code, _, _ = b.post("/dashboard/promos/preview", later)
		if code != http.StatusUnprocessableEntity {
			t.Errorf("a deadline before the start: %d", code)
		}

		// A voucher that does not exist is refused as in chat.
		nov := composeForm("Halo {nama}")
		nov.Set("voucher", "NOPE10")
		_, body, _ = b.post("/dashboard/promos/preview", nov)
		mustContain(t, body, text.Get(lapak.Indonesian, text.PromoVoucherUnknown, "NOPE10"))

		form := composeForm("Halo {nama}, nastar {toko} diskon!")
		code, body, _ = b.post("/dashboard/promos/preview", form)
		if code != http.StatusOK {
			t.Fatalf("preview: %d\n%s", code, body)
		}
		mustContain(t, body, `id="promo-preview-count">2<`, "Halo Siti, nastar Dapur Bu Sari diskon!", `id="promo-confirm"`)
		if list, _ := h.st.Broadcasts(ctx, 10); len(list) != 0 {
			t.Fatalf("the preview planned a broadcast: %+v", list)
		}

		code, _, loc := b.post("/dashboard/promos/new", form)
		if code != http.StatusSeeOther {
			t.Fatalf("confirm: %d", code)
		}
		list, err := h.st.Broadcasts(ctx, 10)
		if err != nil || len(list) != 1 {
			t.Fatalf("broadcasts = %+v %v", list, err)
		}
		bc := list[0]
		if bc.CreatedBy != "dashboard:"+testAdmin.String() || bc.Text != "Halo {nama}, nastar {toko} diskon!" {
			t.Errorf("broadcast = %+v", bc)
		}
		rep, err := h.st.BroadcastReport(ctx, bc.ID)
		if err != nil || rep.Planned != 2 {
			t.Errorf("report = %+v %v", rep, err)
		}
		if log, _ := h.st.AuditLog(ctx); len(log) != 1 || log[0].Actor.String() != "dashboard:"+testAdmin.String() ||
			log[0].Command != "promo" || log[0].Target != "#"+itoa(bc.ID) {
			t.Errorf("audit log = %+v", log)
		}
		if want := "/dashboard/promos/" + itoa(bc.ID); loc != want {
			t.Errorf("confirm went to %q, want %q", loc, want)
		}
		_, body = b.get(loc)
		mustContain(t, body, "#"+itoa(bc.ID), `id="promo-pause"`, `data-count="planned">2<`)
		_, body = b.get("/dashboard/promos")
		mustContain(t, body, `id="promo-`+itoa(bc.ID)+`"`, `<progress value="0" max="2">`)

		// Pause, then cancel, through the page.
		_, body = b.follow(loc+"/pause", nil)
		mustContain(t, body, `data-status="paused"`, `id="promo-resume"`)
		code, _, _ = b.post(loc+"/pause", nil)
		if code != http.StatusSeeOther {
			t.Errorf("pausing a paused promo: %d", code)
		}
		_, body = b.follow(loc+"/cancel", nil)
		mustContain(t, body, `data-status="cancelled"`, `data-count="skipped">2<`)
		if log, _ := h.st.AuditLog(ctx); len(log) != 3 || log[1].Command != "promo pause" || log[2].Command != "promo cancel" {
			t.Errorf("audit log = %+v", log)
		}
		if rep, _ := h.st.BroadcastReport(ctx, bc.ID); rep.Status != lapak.BroadcastCancelled || rep.Skipped[lapak.SkipCancelled] != 2 {
			t.Errorf("after cancel: %+v", rep)
		}

		// The report downloads, one row per recipient.
		res, err := b.c.Get(h.srv.URL + loc + "/report.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
			t.Errorf("CSV content type %q", ct)
		}
		rows, err := csv.NewReader(res.Body).ReadAll()
		if err != nil || len(rows) != 3 {
			t.Fatalf("CSV = %v %v", rows, err)
		}
		if rows[0][3] != "status" || rows[1][3] != "skipped" || rows[1][4] != "cancelled" || !strings.HasPrefix(rows[1][1], "Siti") {
			t.Errorf("CSV rows = %v", rows)
		}
	})
}

func TestPromosOff(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		b := h.loginAs(lapak.RoleStaff)
		_, body := b.get("/dashboard/promos")
		mustContain(t, body, `id="promos-off"`)
		if code, _ := b.get("/dashboard/promos/1"); code != http.StatusNotFound {
			t.Errorf("a promo page with promos off: %d", code)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestVoucherCreateAndEnd(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		b := h.loginAs(lapak.RoleStaff)
		code, body := b.get("/dashboard/promos/vouchers")
		if code != http.StatusOK {
			t.Fatalf("vouchers page: %d", code)
		}
		mustContain(t, body, `id="voucher-form"`)

		for _, bad := range []struct {
			discount string
			key      text.Key
		}{{"-5rb", text.VoucherBadAmount}, {"150%", text.VoucherBadPercent}, {"", text.None}} {
			code, body, _ := b.post("/dashboard/promos/vouchers", url.Values{"code": {"HEMAT10"}, "discount": {bad.discount}})
			if code != http.StatusUnprocessableEntity {
				t.Errorf("discount %q: %d", bad.discount, code)
			}
			if bad.key != text.None {
				mustContain(t, body, template.HTMLEscapeString(text.Get(lapak.Indonesian, bad.key, bad.discount)))
			}
		}
		if vs, _ := h.st.DashVouchers(ctx); len(vs) != 0 {
			t.Fatalf("refused vouchers were stored: %+v", vs)
		}

		code, body = b.follow("/dashboard/promos/vouchers", url.Values{"code": {"hemat10"}, "discount": {"10%"}, "min": {"50rb"},
			"max": {"20rb"}, "quota": {"100"}, "until": {"2026-12-31"}})
		if code != http.StatusOK {
			t.Fatalf("create: %d\n%s", code, body)
		}
		mustContain(t, body, `id="voucher-HEMAT10"`, "Rp50.000", "Rp20.000", "0 / 100", "31/12/2026")
		vs, err := h.st.DashVouchers(ctx)
		if err != nil || len(vs) != 1 || vs[0].Percent != 10 || vs[0].MinSpend != 50000 || vs[0].Quota != 100 ||
			vs[0].CreatedBy.String() != "dashboard:telegram:777" {
			t.Fatalf("vouchers = %+v %v", vs, err)
		}
		// The same code again is refused with the chat's sentence.
		code, body, _ = b.post("/dashboard/promos/vouchers", url.Values{"code": {"HEMAT10"}, "discount": {"5rb"}})
		if code != http.StatusUnprocessableEntity {
			t.Errorf("a taken code: %d", code)
		}
		mustContain(t, body, template.HTMLEscapeString(text.Get(lapak.Indonesian, text.VoucherExists, "HEMAT10")))

		_, body = b.follow("/dashboard/promos/vouchers/HEMAT10/end", nil)
		mustContain(t, body, `data-state="dihentikan"`)
		if vs, _ := h.st.DashVouchers(ctx); vs[0].EndedAt == nil {
			t.Errorf("the voucher did not end: %+v", vs[0])
		}
	})
}

// postMultipart sends form with a file field "photo" (nil: none) and the
// browser's CSRF token.
func (b *browser) postMultipart(path string, form url.Values, photo []byte) (int, string) {
	b.h.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if photo != nil {
		fw, _ := mw.CreateFormFile("photo", "promo.png")
		fw.Write(photo)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.h.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.h.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(1, 1, color.RGBA{R: 200, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestPromoPhoto(t *testing.T) {
	eachPromoStore(t, func(t *testing.T, h *harness) {
		ctx := context.Background()
		customerWrote(t, h.st, "201", "Wati")
		b := h.loginAs(lapak.RoleOwner)
		form := composeForm("Halo {nama}, ada foto!")

		code, body := b.postMultipart("/dashboard/promos/preview", form, []byte("not a picture at all"))
		if code != http.StatusUnprocessableEntity {
			t.Errorf("a text file as the photo: %d", code)
		}
		mustContain(t, body, word(lapak.Indonesian, "promos.photo.notimage"))
		code, body = b.postMultipart("/dashboard/promos/preview", form, bytes.Repeat([]byte{0xff}, 6<<20))
		if code != http.StatusRequestEntityTooLarge {
			t.Errorf("a 6 MB photo: %d", code)
		}
		mustContain(t, body, "maksimal 5 MB")

		code, body = b.postMultipart("/dashboard/promos/preview", form, testPNG(t))
		if code != http.StatusOK {
			t.Fatalf("preview with a photo: %d\n%s", code, body)
		}
		mustContain(t, body, `id="promo-photo-kept"`, `id="promo-photo-preview"`)
		i := strings.Index(body, `name="image" value="stored:`)
		if i < 0 {
			t.Fatalf("the kept photo is not in the form:\n%s", body)
		}
		ref := body[i+len(`name="image" value="`):]
		ref = ref[:strings.IndexByte(ref, '"')]
		form.Set("image", ref)
		if code, _, _ := b.post("/dashboard/promos/new", form); code != http.StatusSeeOther {
			t.Fatalf("confirm: %d", code)
		}
		list, err := h.st.Broadcasts(ctx, 1)
		if err != nil || len(list) != 1 || list[0].Image != ref {
			t.Errorf("broadcasts = %+v (%v), want the photo %s", list, err, ref)
		}
		// A reference that is not a kept photo is refused.
		form.Set("image", "/etc/passwd")
		if code, _, _ := b.post("/dashboard/promos/new", form); code != http.StatusUnprocessableEntity {
			t.Errorf("a made-up photo reference: %d", code)
		}
	})
}
