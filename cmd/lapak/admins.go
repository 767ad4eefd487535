package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/bot"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/config"
	lapakshop "github.com/lapak-id/lapak/shop"
	"github.com/lapak-id/lapak/text"
)

// Going live: admins by chat (one-time admin codes) and `lapak serve`'s
// refusal to take the demo shop to real customers.

func adminCodeFlags(fs *flag.FlagSet) {
	fs.Bool("staff", false, "the code makes a staff admin: orders, chats and the catalog, but no settings, admins or payouts")
}

func runAdminCode(ctx context.Context, e *env, fs *flag.FlagSet) int {
	st, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer st.Close()
	role := lapak.RoleOwner
	if fs.Lookup("staff").Value.String() == "true" {
		role = lapak.RoleStaff
	}
	code, err := st.NewAdminCodeFor(ctx, rand.Reader, role)
	if err != nil {
		return e.fail(err)
	}
	printAdminCode(e.stdout, code)
	return exitOK
}

// printAdminCode writes the code for the seller, Indonesian then English.
// It goes to a terminal, never through the logger: the code is a secret
// for half an hour, and only its hash is stored.
func printAdminCode(w io.Writer, code lapak.AdminCode) {
	minutes := int(lapak.AdminCodeTTL.Minutes())
	for _, l := range []lapak.Language{lapak.Indonesian, lapak.English} {
		fmt.Fprintln(w, text.Get(l, text.AdminCodeBanner, code.Grouped(), minutes, code.Plain))
	}
}

func serveFlags(fs *flag.FlagSet) {
	fs.Bool("allow-demo", false, "run Telegram or WhatsApp with the demo shop's settings on purpose (also LAPAK_ALLOW_DEMO=true)")
}

// realChannels names the chat channels serve is about to run for real
// customers.
func realChannels(cfg config.Config, whatsapp bool) []lapak.Channel {
	var out []lapak.Channel
	if cfg.Telegram.Token != "" {
		out = append(out, lapak.ChannelTelegram)
	}
	if whatsapp {
		out = append(out, lapak.ChannelWhatsApp)
	}
	return out
}

// demoLeftovers lists, one line each, what still is the demo's in a shop
// about to run on real channels: settings (config.DemoLeftovers), the
// catalog, admins no one can reach. It runs before the app is opened, so
// a refused start seeds no demo products into the seller's database.
//
// Admins: a seller who just installed Lapak has none, and becomes one by
// sending the admin code serve prints, which needs serve running; so
// having no admin never refuses the start (serve prints the code loudly
// instead, see announceAdmins). What refuses is LAPAK_ADMINS naming chat
// admins of which none is on a running channel, with no admin added in
// chat who is: a typo or a channel not linked yet, mended in the
// configuration.
func (e *env) demoLeftovers(ctx context.Context, cfg config.Config, running []lapak.Channel) ([]string, error) {
	problems := cfg.DemoLeftovers()
	st, err := openStore(ctx, cfg, e.logger(cfg.LogLevel), e.clock.Now)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var products []lapak.Product
	if err := st.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		products, err = tx.AllProducts(ctx)
		return err
	}); err != nil {
		return nil, err
	}
	switch {
	case len(products) == 0 && cfg.Demo:
		problems = append(problems, "LAPAK_DEMO: the catalog is empty and would be filled with the demo products: "+
			"import yours first (`lapak import FILE.csv`), or set LAPAK_DEMO=false to start with an empty catalog")
	case isDemoCatalog(products):
		problems = append(problems, "catalog: it is still the demo catalog, unchanged: import your products "+
			"(`lapak import FILE.csv`; start from `lapak export products.csv`)")
	default:
		if skus := demoShown(products); len(skus) > 0 {
			// The demo tried in `lapak chat` first, then the seller's own
			// products imported beside it: customers would see both.
			problems = append(problems, fmt.Sprintf("catalog: %s of the demo are still shown to customers next to yours (%s): "+
				"hide them with `lapak import --hide-missing YOUR_FILE.csv` (hides what the file does not name), or `/sembunyikan SKU` in chat",
				plural(len(skus), "product"), listSome(skus, 3)))
		}
	}
	stored, err := st.Admins(ctx)
	if err != nil {
		return nil, err
	}
	reach := func(id lapak.Identity) bool { return slices.Contains(running, id.Channel) }
	chatAdmins := slices.ContainsFunc(cfg.Shop.Admins, func(id lapak.Identity) bool { return id.Channel != lapak.ChannelConsole })
	if chatAdmins && !slices.ContainsFunc(cfg.Shop.Admins, reach) &&
		!slices.ContainsFunc(stored, func(a lapak.Admin) bool { return reach(a.Identity) }) {
		problems = append(problems, fmt.Sprintf("LAPAK_ADMINS: no admin it names is on a running channel (%s), so order notices would reach nobody: "+
			"add yours (e.g. telegram:YOUR_USER_ID), or leave LAPAK_ADMINS unset and become admin by sending the code serve prints to your bot",
			channelList(running)))
	}
	return problems, nil
}

func channelList(chs []lapak.Channel) string {
	names := make([]string, len(chs))
	for i, c := range chs {
		names[i] = string(c)
	}
	return strings.Join(names, ", ")
}

// demoItem is a demo variant as seeded.
type demoItem struct {
	product, variant string
	price            lapak.Money
}

// demoItems are the demo catalog's variants by upper-case SKU.
func demoItems() map[string]demoItem {
	demo := map[string]demoItem{}
	for _, r := range catalog.DemoRows() {
		demo[strings.ToUpper(r.SKU)] = demoItem{r.Name, r.Variant, r.Price}
	}
	return demo
}

// isDemoCatalog reports whether the catalog is the demo's as seeded:
// the same SKUs, names and prices (stock moves with orders tried in the
// demo and is not compared).
func isDemoCatalog(products []lapak.Product) bool {
	demo := demoItems()
	n := 0
	for _, p := range products {
		for _, v := range p.Variants {
			if demo[strings.ToUpper(v.SKU)] != (demoItem{p.Name, v.Name, v.Price}) {
				return false
			}
			n++
		}
	}
	return n > 0 && n == len(demo)
}

// demoShown lists the first SKU of each shown product that is still the
// demo's as seeded (same name, every variant's SKU and price).
func demoShown(products []lapak.Product) []string {
	demo := demoItems()
	var skus []string
	for _, p := range products {
		if p.Hidden || len(p.Variants) == 0 {
			continue
		}
		same := true
		for _, v := range p.Variants {
			same = same && demo[strings.ToUpper(v.SKU)] == (demoItem{p.Name, v.Name, v.Price})
		}
		if same {
			skus = append(skus, p.Variants[0].SKU)
		}
	}
	return skus
}

// listSome names the first n of list, and how many more there are.
func listSome(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:n], ", ") + fmt.Sprintf(" and %d more", len(list)-n)
}

// refuseDemo prints why serve does not start, one line per setting.
func (e *env) refuseDemo(running []lapak.Channel, problems []string) int {
	fmt.Fprintf(e.stderr, "lapak: serve: refusing to run %s for real customers with the demo shop's settings; change these:\n", channelList(running))
	for _, p := range problems {
		fmt.Fprintf(e.stderr, "lapak:   %s\n", p)
	}
	fmt.Fprintln(e.stderr, "lapak: (to run the demo on these channels on purpose: lapak serve --allow-demo, or LAPAK_ALLOW_DEMO=true)")
	return exitError
}

// reachable reports whether a message to id can go out from this process:
// its channel runs here. In `lapak chat` (the console alone) every admin
// counts, since `lapak serve` may be running the other channels.
func (a *App) reachable(id lapak.Identity) bool {
	if !slices.ContainsFunc(a.channels, func(c bot.Channel) bool { return c.Name() != lapak.ChannelConsole }) {
		return true
	}
	return slices.ContainsFunc(a.channels, func(c bot.Channel) bool { return c.Name() == id.Channel })
}

// announceAdmins tells the seller at start who gets the order notices.
// With no admin on a running channel it prints a one-time admin code,
// loudly, to w (the terminal, not the log): sending it to the bot makes
// the sender an admin, who is then told of every order that waits.
func (a *App) announceAdmins(ctx context.Context, w io.Writer) error {
	if len(a.channels) == 0 {
		return nil
	}
	var list []lapakshop.AdminEntry
	if err := a.store.InTx(ctx, func(ctx context.Context, tx lapak.OpsTx) error {
		var err error
		list, err = a.shop.AdminList(ctx, tx)
		return err
	}); err != nil {
		return err
	}
	var reach []string
	for _, ad := range list {
		if ad.Reachable {
			reach = append(reach, ad.Identity.String())
		}
	}
	if len(reach) > 0 {
		a.log.Info("admins: order notices go to "+strings.Join(reach, ", ")+"; `lapak admin-code` gives a code to add another admin", "admins", len(list))
		return nil
	}
	code, err := a.store.NewAdminCode(ctx, rand.Reader)
	if err != nil {
		return err
	}
	a.log.Warn("admins: no admin on a running channel: order notices wait until one sends the admin code (printed on the terminal, not logged) to the bot")
	line := strings.Repeat("=", 72)
	fmt.Fprintln(w, line)
	for _, l := range []lapak.Language{lapak.Indonesian, lapak.English} {
		fmt.Fprintln(w, text.Get(l, text.AdminCodeNoAdmin))
	}
	printAdminCode(w, code)
	fmt.Fprintln(w, line)
	return nil
}
