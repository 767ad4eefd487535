package dashboard

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/shop"
)

// The settings page, for owners only (staff get 403 for it and for every
// form under it): the shop's admins (the configuration's, fixed, and the
// database's with their role), removing one or changing their role, a
// one-time invitation code, who is logged in to the dashboard, and the
// shop's configuration to read. Every change is one of the shop's
// operations in a transaction of its own, audited as the dashboard user.

// settingsStore is what the settings page reads (storage.Store).
type settingsStore interface {
	// DashboardSessions lists the live sessions, the last used first.
	DashboardSessions(ctx context.Context) ([]lapak.DashboardSession, error)
}

// Secret names a secret of the configuration (a bot token, a gateway
// key) and whether it is set: the dashboard is never given a secret's
// value, so it can never show one.
type Secret struct {
	Name string // the variable, "LAPAK_TELEGRAM_TOKEN"
	Set  bool
}

var settingsWords = words{
	"settings.title":        {"Pengaturan", "Settings"},
	"settings.admins":       {"Admin", "Admins"},
	"settings.admin":        {"Akun", "Account"},
	"settings.role":         {"Peran", "Role"},
	"settings.fixed":        {"tetap (LAPAK_ADMINS)", "fixed (LAPAK_ADMINS)"},
	"settings.fixednote":    {"Admin dari LAPAK_ADMINS selalu pemilik; ubah konfigurasinya untuk menghapus mereka.", "Admins from LAPAK_ADMINS are always owners; change the configuration to remove them."},
	"settings.unreachable":  {"kanalnya tidak berjalan di sini", "their channel does not run here"},
	"settings.remove":       {"Hapus admin", "Remove admin"},
	"settings.makeowner":    {"Jadikan pemilik", "Make owner"},
	"settings.makestaff":    {"Jadikan staf", "Make staff"},
	"settings.confirm":      {"Yakin?", "Are you sure?"},
	"settings.invite":       {"Undang admin", "Invite an admin"},
	"settings.invitenote":   {"Kode sekali pakai, berlaku %s. Orang yang diundang mengirim /admin KODE ke bot toko. Kode lama yang belum dipakai tidak berlaku lagi.", "A one-time code, valid for %s. The person invited sends /admin CODE to the shop's bot. Older unused codes stop working."},
	"settings.invitebtn":    {"Buat kode", "Create a code"},
	"settings.code":         {"Kode undangan (%s): %s", "Invitation code (%s): %s"},
	"settings.codeonce":     {"Kode ini hanya ditampilkan sekali, berlaku sampai %s. Kirim ke orangnya lewat chat: /admin %s", "This code is shown once only, valid until %s. Send it to them in chat: /admin %s"},
	"settings.sessions":     {"Sesi dasbor", "Dashboard sessions"},
	"settings.user":         {"Pengguna", "User"},
	"settings.lastseen":     {"Terakhir aktif", "Last seen"},
	"settings.since":        {"Masuk sejak", "Logged in since"},
	"settings.you":          {"sesi ini", "this session"},
	"settings.endsession":   {"Keluarkan", "Log out"},
	"settings.config":       {"Konfigurasi toko", "Shop configuration"},
	"settings.confignote":   {"Diatur di lapak.conf atau variabel lingkungan (LAPAK_*); perubahan berlaku setelah Lapak dijalankan ulang. Rahasia (token, kunci, kata sandi) tidak pernah ditampilkan.", "Set in lapak.conf or environment variables (LAPAK_*); changes apply after Lapak restarts. Secrets (tokens, keys, passwords) are never shown."},
	"settings.set":          {"diatur", "set"},
	"settings.unset":        {"tidak diatur", "not set"},
	"settings.none":         {"tidak ada", "none"},
	"settings.off":          {"mati", "off"},
	"settings.c.name":       {"Nama toko", "Shop name"},
	"settings.c.language":   {"Bahasa", "Language"},
	"settings.c.zone":       {"Zona waktu", "Time zone"},
	"settings.c.payments":   {"Cara bayar", "Payment methods"},
	"settings.c.banks":      {"Rekening", "Bank accounts"},
	"settings.c.qris":       {"QRIS", "QRIS"},
	"settings.c.gateway":    {"Pembayaran online", "Online payment"},
	"settings.c.pickup":     {"Ambil sendiri", "Pickup"},
	"settings.c.zones":      {"Zona kirim", "Delivery zones"},
	"settings.c.orderttl":   {"Batas bayar", "Time to pay"},
	"settings.c.quiet":      {"Jam tenang promo", "Quiet hours for promos"},
	"settings.c.handover":   {"Chat kembali ke bot setelah", "A chat goes back to the bot after"},
	"settings.c.publicurl":  {"Alamat publik dasbor", "Dashboard's public address"},
	"settings.c.loopback":   {"hanya komputer ini (LAPAK_PUBLIC_URL kosong)", "this machine only (LAPAK_PUBLIC_URL empty)"},
	"settings.c.referral":   {"Atribusi reseller (hari)", "Reseller attribution (days)"},
	"settings.c.lowstock":   {"Peringatan stok menipis", "Low-stock alert"},
	"settings.done.remove":  {"%s bukan admin lagi dan sudah dikeluarkan dari dasbor.", "%s is no longer an admin and was logged out of the dashboard."},
	"settings.done.role":    {"%s sekarang %s; sesi dasbornya diakhiri agar peran baru langsung berlaku.", "%s is now %s; their dashboard sessions ended so the new role applies at once."},
	"settings.done.samerol": {"%s sudah %s.", "%s already is %s."},
	"settings.done.session": {"Sesi %s sudah dikeluarkan.", "The session of %s was logged out."},
	"settings.err.config":   {"%s diatur di LAPAK_ADMINS: ubah konfigurasinya untuk mengubah atau menghapusnya.", "%s is set in LAPAK_ADMINS: change the configuration to change or remove them."},
	"settings.err.last":     {"%s admin terakhir yang bisa dihubungi; tambahkan admin lain dulu.", "%s is the last admin anyone can reach; add another admin first."},
	"settings.err.lastown":  {"%s pemilik terakhir; jadikan admin lain pemilik dulu.", "%s is the last owner; make another admin an owner first."},
	"settings.err.notfound": {"Admin itu tidak ada (mungkin sudah dihapus).", "That admin does not exist (perhaps already removed)."},
	"settings.err.session":  {"Sesi itu sudah berakhir.", "That session has already ended."},
	"settings.err.role":     {"Peran itu tidak dikenal.", "Unknown role."},
}

// settingsRoutes mounts the settings pages: every one owners only.
func (d *Dashboard) settingsRoutes() {
	d.get("settings", true, d.settingsPage)
	d.post("settings/admins/remove", true, d.settingsRemoveAdmin)
	d.post("settings/admins/role", true, d.settingsAdminRole)
	d.post("settings/invite", true, d.settingsInvite)
	d.post("settings/sessions/end", true, d.settingsEndSession)
}

type adminView struct {
	shop.AdminEntry
	Key, Label string
	Owner      bool
}

type sessionView struct {
	Hash, Key, Name string
	Role            string
	LastSeen, Since time.Time
	Current         bool
}

type configRow struct {
	ID, Label, Value string
}

type settingsData struct {
	Admins   []adminView
	Sessions []sessionView
	Config   []configRow
	Secrets  []configRow
	// Code is the invitation just made, shown this once.
	Code, CodeRole string
	CodeUntil      time.Time
	InviteNote     string
}

func (d *Dashboard) settingsPage(w http.ResponseWriter, r *http.Request, c *call) error {
	return d.renderSettings(w, r, c, settingsData{})
}

func (d *Dashboard) renderSettings(w http.ResponseWriter, r *http.Request, c *call, data settingsData) error {
	ctx := r.Context()
	var list []shop.AdminEntry
	if err := d.opt.Shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		list, err = d.opt.Shop.AdminList(ctx, tx)
		return err
	}); err != nil {
		return err
	}
	for _, a := range list {
		data.Admins = append(data.Admins, adminView{AdminEntry: a, Key: a.Identity.String(), Label: a.Label(), Owner: a.Role == lapak.RoleOwner})
	}
	sessions, err := d.opt.Store.DashboardSessions(ctx)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		data.Sessions = append(data.Sessions, sessionView{Hash: s.TokenHash, Key: s.User.Key, Name: s.User.Name, Role: c.t("role." + string(s.User.Role)),
			LastSeen: s.LastSeen, Since: s.Created, Current: c.ses != nil && s.TokenHash == c.ses.TokenHash})
	}
	data.Config = d.configRows(c)
	for _, s := range d.opt.Secrets {
		v := c.t("settings.unset")
		if s.Set {
			v = c.t("settings.set")
		}
		data.Secrets = append(data.Secrets, configRow{ID: s.Name, Label: s.Name, Value: v})
	}
	data.InviteNote = c.t("settings.invitenote", lapak.AdminCodeTTL.String())
	return c.render(w, r, "settings", data)
}

// configRows is the shop's configuration in words, without a secret: the
// QRIS payload shows as set or not.
func (d *Dashboard) configRows(c *call) []configRow {
	s := d.opt.Settings
	setOr := func(ok bool) string {
		if ok {
			return c.t("settings.set")
		}
		return c.t("settings.unset")
	}
	orNone := func(v string) string {
		if v == "" {
			return c.t("settings.none")
		}
		return v
	}
	var pays []string
	for _, m := range s.PaymentMethods() {
		pays = append(pays, c.payLabel(m))
	}
	var banks []string
	for _, b := range s.BankAccounts {
		banks = append(banks, b.Bank+" "+b.Number+" a.n. "+b.Holder)
	}
	var zones []string
	for _, z := range s.Zones {
		zones = append(zones, z.Name+" "+s.Price.Format(z.Fee))
	}
	lang := "Bahasa Indonesia"
	if s.Language == lapak.English {
		lang = "English"
	}
	quiet := s.Quiet.String()
	if s.Quiet.Off() {
		quiet = c.t("settings.off")
	}
	ttl := c.t("settings.off")
	if s.OrderTTL > 0 {
		ttl = s.OrderTTL.String()
	}
	public := d.opt.PublicURL
	if public == "" {
		public = c.t("settings.c.loopback")
	}
	low := c.t("settings.off")
	if d.opt.Shop != nil && d.opt.Shop.LowStock() > 0 {
		low = strconv.Itoa(d.opt.Shop.LowStock())
	}
	rows := []configRow{
		{"name", c.t("settings.c.name"), s.Name},
		{"language", c.t("settings.c.language"), lang},
		{"zone", c.t("settings.c.zone"), s.Location.String()},
		{"payments", c.t("settings.c.payments"), orNone(strings.Join(pays, ", "))},
		{"banks", c.t("settings.c.banks"), orNone(strings.Join(banks, "; "))},
		{"qris", c.t("settings.c.qris"), setOr(s.QRIS != "")},
		{"gateway", c.t("settings.c.gateway"), orNone(s.Gateway)},
		{"pickup", c.t("settings.c.pickup"), orNone(s.PickupAddress)},
		{"zones", c.t("settings.c.zones"), orNone(strings.Join(zones, "; "))},
		{"orderttl", c.t("settings.c.orderttl"), ttl},
		{"quiet", c.t("settings.c.quiet"), quiet},
		{"handover", c.t("settings.c.handover"), d.opt.HandoverIdle.String()},
		{"lowstock", c.t("settings.c.lowstock"), low},
		{"referral", c.t("settings.c.referral"), strconv.Itoa(s.Resellers.ReferralDays)},
		{"publicurl", c.t("settings.c.publicurl"), public},
	}
	return rows
}

// formAdmin is the admin a form names ("telegram:42"), one of the list's.
func (d *Dashboard) formAdmin(ctx context.Context, r *http.Request) (shop.AdminEntry, error) {
	key := strings.TrimSpace(r.PostFormValue("admin"))
	if key == "" || len(key) > 200 {
		return shop.AdminEntry{}, errBadRequest
	}
	var list []shop.AdminEntry
	if err := d.opt.Shop.Do(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		list, err = d.opt.Shop.AdminList(ctx, tx)
		return err
	}); err != nil {
		return shop.AdminEntry{}, err
	}
	for _, a := range list {
		if a.Identity.String() == key {
			return a, nil
		}
	}
	return shop.AdminEntry{}, lapak.ErrNotFound
}

// adminProblem is what the owner reads when an admin operation refused.
func (c *call) adminProblem(err error, a shop.AdminEntry) (string, bool) {
	switch {
	case errors.Is(err, shop.ErrConfigAdmin):
		return c.t("settings.err.config", a.Label()), true
	case errors.Is(err, shop.ErrLastAdmin):
		return c.t("settings.err.last", a.Label()), true
	case errors.Is(err, shop.ErrLastOwner):
		return c.t("settings.err.lastown", a.Label()), true
	case errors.Is(err, lapak.ErrNotFound):
		return c.t("settings.err.notfound"), true
	}
	return "", false
}

func (d *Dashboard) settingsRemoveAdmin(w http.ResponseWriter, r *http.Request, c *call) error {
	a, err := d.formAdmin(r.Context(), r)
	if errors.Is(err, lapak.ErrNotFound) {
		return c.redirect(w, r, "settings", c.t("settings.err.notfound"))
	}
	if err != nil {
		return err
	}
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.RemoveAdmin(ctx, tx, by, a.Identity)
		return err
	})
	if msg, ok := c.adminProblem(err, a); ok {
		return c.redirect(w, r, "settings", msg)
	}
	if err != nil {
		return err
	}
	return c.redirect(w, r, "settings", c.t("settings.done.remove", a.Label()))
}

func (d *Dashboard) settingsAdminRole(w http.ResponseWriter, r *http.Request, c *call) error {
	role, ok := lapak.ParseRole(r.PostFormValue("role"))
	if !ok {
		return c.redirect(w, r, "settings", c.t("settings.err.role"))
	}
	a, err := d.formAdmin(r.Context(), r)
	if errors.Is(err, lapak.ErrNotFound) {
		return c.redirect(w, r, "settings", c.t("settings.err.notfound"))
	}
	if err != nil {
		return err
	}
	if a.Role == role && !a.Config {
		return c.redirect(w, r, "settings", c.t("settings.done.samerol", a.Label(), c.t("role."+string(role))))
	}
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		_, err := d.opt.Shop.SetAdminRole(ctx, tx, by, a.Identity, role)
		return err
	})
	if msg, ok := c.adminProblem(err, a); ok {
		return c.redirect(w, r, "settings", msg)
	}
	if err != nil {
		return err
	}
	if a.Identity.String() == c.ses.User.Key {
		// The owner made themselves staff: their session ended with it.
		return c.redirect(w, r, "login", "")
	}
	return c.redirect(w, r, "settings", c.t("settings.done.role", a.Label(), c.t("role."+string(role))))
}

// settingsInvite makes a one-time admin code and shows it on the page
// this once (never in a stored message: the flash lives in the database).
func (d *Dashboard) settingsInvite(w http.ResponseWriter, r *http.Request, c *call) error {
	role, ok := lapak.ParseRole(r.PostFormValue("role"))
	if !ok {
		return c.redirect(w, r, "settings", c.t("settings.err.role"))
	}
	var code lapak.AdminCode
	var until time.Time
	if err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		code, err = d.opt.Shop.NewAdminCode(ctx, tx, by, role, rand.Reader)
		until = tx.Now().Add(lapak.AdminCodeTTL)
		return err
	}); err != nil {
		return err
	}
	return d.renderSettings(w, r, c, settingsData{Code: code.Grouped(), CodeRole: c.t("role." + string(role)), CodeUntil: until})
}

func (d *Dashboard) settingsEndSession(w http.ResponseWriter, r *http.Request, c *call) error {
	hash := strings.TrimSpace(r.PostFormValue("session"))
	if len(hash) != 64 {
		return errBadRequest
	}
	var ended lapak.DashboardSession
	err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		ended, err = d.opt.Shop.EndDashboardSession(ctx, tx, by, hash)
		return err
	})
	if errors.Is(err, lapak.ErrNotFound) {
		return c.redirect(w, r, "settings", c.t("settings.err.session"))
	}
	if err != nil {
		return err
	}
	if hash == c.ses.TokenHash {
		return c.redirect(w, r, "login", "")
	}
	who := ended.User.Key
	if ended.User.Name != "" {
		who = fmt.Sprintf("%s (%s)", ended.User.Name, ended.User.Key)
	}
	return c.redirect(w, r, "settings", c.t("settings.done.session", who))
}
