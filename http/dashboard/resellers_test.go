package dashboard

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// signUp makes chat a reseller in status st, as the chat's sign-up stores one.
func signUp(t *testing.T, h *harness, chat, name string, st lapak.ResellerStatus) lapak.Reseller {
	t.Helper()
	var r lapak.Reseller
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: "r-" + chat, Text: "daftar reseller"}
	if err := h.st.HandleInbound(context.Background(), in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		r = lapak.Reseller{CustomerID: c.Customer.ID, Name: name, Phone: "6281200000000", City: "Depok",
			Bank: lapak.ResellerBank{Name: "BCA", Number: "1234567890", Holder: "Dewi"}, Status: st}
		return tx.AddReseller(ctx, &r)
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

// op runs a shop operation as the chat admin.
func (h *harness) op(fn func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error) {
	h.t.Helper()
	if err := h.shop.Do(context.Background(), func(ctx context.Context, tx lapak.OpsTx) error {
		return fn(ctx, tx, shop.Admin(testAdmin))
	}); err != nil {
		h.t.Fatal(err)
	}
}

// earn gives r a confirmed commission: an order it brought, paid,
// shipped, completed and past the hold (Rp220.000 at 5%: Rp11.000).
func earn(t *testing.T, h *harness, r lapak.Reseller, chat string) {
	t.Helper()
	ctx := context.Background()
	if _, err := h.st.ImportCatalog(ctx, []lapak.CatalogRow{{SKU: "SMB-ROA", Name: "Sambal Roa", Category: "Sambal", Price: 55000, Stock: 50}}); err != nil {
		t.Fatal(err)
	}
	v, err := h.st.VariantBySKU(ctx, "SMB-ROA")
	if err != nil {
		t.Fatal(err)
	}
	o := lapak.Order{PaymentMethod: lapak.PayTransfer, Delivery: lapak.DeliveryCourier, Zone: "Jabodetabek",
		Breakdown: lapak.Breakdown{ShippingFee: 15000}, Address: "Jl. Mawar No. 1, Depok", Recipient: "Siti Aminah",
		Phone: "6281234567890", Items: []lapak.OrderItem{{VariantID: v.ID, Qty: 4}},
		Reseller: lapak.OrderReseller{ID: r.ID, Source: lapak.SourceLink}}
	in := lapak.Inbound{Channel: lapak.ChannelTelegram, ChatID: chat, MessageID: "o-" + chat, Text: "ya"}
	if err := h.st.HandleInbound(ctx, in, func(ctx context.Context, tx lapak.ShopTx, c *lapak.Conversation) error {
		c.Customer.Name = "Siti Aminah"
		o.CustomerID = c.Customer.ID
		return tx.PlaceOrder(ctx, &o)
	}); err != nil {
		t.Fatal(err)
	}
	h.op(func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := h.shop.ConfirmPayment(ctx, tx, by, o.Number)
		return err
	})
	h.op(func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := h.shop.Ship(ctx, tx, by, o.Number, lapak.Shipment{Courier: "JNE", Tracking: "JX1"})
		return err
	})
	h.op(func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := h.shop.Complete(ctx, tx, by, o.Number)
		return err
	})
	h.clock.Advance(8 * 24 * time.Hour)
	if n, err := h.shop.ConfirmDueCommissions(ctx); err != nil || n != 1 {
		t.Fatalf("confirmed %d commissions: %v", n, err)
	}
}

func (h *harness) reseller(id int64) lapak.Reseller {
	h.t.Helper()
	st, _, _, err := h.st.DashReseller(context.Background(), id, h.clock.Now().Add(-lapak.SalesWindow), 10, 10)
	if err != nil {
		h.t.Fatal(err)
	}
	return st.Reseller
}

func TestResellerApproveFromThePage(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		r := signUp(t, h, "501", "<script>alert(1)</script> Dewi", lapak.ResellerApplicant)
		b := h.loginAs(lapak.RoleStaff)
		code, body := b.get("/dashboard/resellers")
		if code != http.StatusOK {
			t.Fatalf("resellers page: %d", code)
		}
		mustContain(t, body, `id="applicants"`, `id="reseller-`+r.Code+`"`, "&lt;script&gt;alert(1)&lt;/script&gt; Dewi")
		if strings.Contains(body, "<script>alert") {
			t.Fatal("a reseller's name reached the page unescaped")
		}
		id := itoa(r.ID)
		_, body = b.follow("/dashboard/resellers/"+id+"/status", url.Values{"to": {"approved"}})
		mustContain(t, body, `id="resellers"`, `id="reseller-`+r.Code+`" data-status="approved"`)
		if got := h.reseller(r.ID); got.Status != lapak.ResellerApproved || got.DecidedBy != "dashboard:telegram:777" {
			t.Errorf("after approve: %+v", got)
		}
		msgs, err := h.st.MessagesTo(context.Background(), r.Identity)
		if err != nil || len(msgs) != 1 || !strings.Contains(msgs[0].Msg.Text, text.Get(lapak.Indonesian, text.ResellerWelcome, "Dapur Bu Sari", r.Code)) {
			t.Errorf("told the reseller %+v (%v)", msgs, err)
		}
		// Approving again is refused with what happened, nothing changes.
		_, body = b.follow("/dashboard/resellers/"+id+"/status", url.Values{"to": {"rejected"}})
		mustContain(t, body, "tidak bisa jadi ditolak")
		// The detail page escapes the name too.
		_, body = b.get("/dashboard/resellers/" + id)
		if strings.Contains(body, "<script>alert") {
			t.Fatal("a reseller's name reached the detail page unescaped")
		}
		mustContain(t, body, "BCA 1234567890")
		// Suspend from the list.
		b.follow("/dashboard/resellers/"+id+"/status", url.Values{"to": {"suspended"}})
		if got := h.reseller(r.ID); got.Status != lapak.ResellerSuspended {
			t.Errorf("after suspend: %+v", got)
		}
	})
}

func TestResellerPayout(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		r := signUp(t, h, "601", "Dewi Lestari", lapak.ResellerApproved)
		earn(t, h, r, "602")
		page := "/dashboard/resellers/" + itoa(r.ID)
		owner, staff := h.loginAs(lapak.RoleOwner), h.loginAs(lapak.RoleStaff)

		_, body := owner.get(page)
		mustContain(t, body, `id="payout-form"`, `id="reseller-balance" data-amount="11000"`, `id="ledger-sum" data-amount="11000"`,
			"Rp11.000", "Siti")
		_, body = staff.get(page)
		mustContain(t, body, `id="reseller-balance" data-amount="11000"`)
		if strings.Contains(body, `id="payout-form"`) {
			t.Error("staff see the payout form")
		}
		if code, _, _ := staff.post(page+"/payout", url.Values{"amount": {"1000"}, "reference": {"BCA-1"}}); code != http.StatusForbidden {
			t.Errorf("staff's payout: %d, want 403", code)
		}

		_, body = owner.follow(page+"/payout", url.Values{"amount": {"20rb"}, "reference": {"BCA-1"}})
		mustContain(t, body, text.Get(lapak.Indonesian, text.PayoutOverBalance, r.Code, "Rp11.000", "Rp20.000"), `data-amount="11000"`)
		_, body = owner.follow(page+"/payout", url.Values{"amount": {"5000"}, "reference": {"  "}})
		mustContain(t, body, word(lapak.Indonesian, "resellers.payout.noref"), `data-amount="11000"`)

		_, body = owner.follow(page+"/payout", url.Values{"amount": {"5.000"}, "reference": {"BCA-20261203"}})
		mustContain(t, body, `id="reseller-balance" data-amount="6000"`, `id="ledger-sum" data-amount="6000"`, "BCA-20261203", "Rp6.000")
		st, entries, _, err := h.st.DashReseller(context.Background(), r.ID, h.clock.Now().Add(-lapak.SalesWindow), 10, 10)
		if err != nil || st.Balance.Balance() != 6000 || len(entries) != 3 || entries[0].Kind != lapak.CommissionPayout ||
			entries[0].Actor != "dashboard:"+testAdmin.String() {
			t.Errorf("after the payout: %+v %+v %v", st.Balance, entries, err)
		}
		// The list shows the same balance.
		_, body = staff.get("/dashboard/resellers")
		mustContain(t, body, `id="reseller-`+r.Code+`"`, `data-balance="6000"`)
	})
}

func TestResellerCodeAndTier(t *testing.T) {
	eachStore(t, func(t *testing.T, h *harness) {
		r := signUp(t, h, "701", "Rina", lapak.ResellerApproved)
		b := h.loginAs(lapak.RoleStaff)
		page := "/dashboard/resellers/" + itoa(r.ID)
		_, body := b.follow(page+"/code", url.Values{"code": {"RINA 2"}})
		mustContain(t, body, template.HTMLEscapeString(text.Get(lapak.Indonesian, text.AdminCodeSpace, "RINA 2")), `id="code-form"`)
		_, body = b.follow(page+"/code", url.Values{"code": {"rinakue"}})
		mustContain(t, body, `id="reseller-code">RINAKUE<`, word(lapak.Indonesian, "resellers.code.once"))
		if strings.Contains(body, `id="code-form"`) {
			t.Error("the code form is offered after the one change")
		}
		code, _, _ := b.post(page+"/code", url.Values{"code": {"RINA3"}})
		if got := h.reseller(r.ID); code != http.StatusSeeOther || got.Code != "RINAKUE" {
			t.Errorf("a second change: %d, code %s", code, got.Code)
		}
		_, body = b.follow(page+"/tier", url.Values{"tier": {"Reseller"}})
		mustContain(t, body, "dikunci")
		_, body = b.follow(page+"/tier", url.Values{"tier": {"Emas"}})
		mustContain(t, body, template.HTMLEscapeString(`Level "Emas" tidak ada`))
		if log, _ := h.st.AuditLog(context.Background()); len(log) != 2 || log[0].Command != "reseller code" || log[1].Command != "pin-tier" {
			t.Errorf("audit log = %+v", log)
		}
	})
}
