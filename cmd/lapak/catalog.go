package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
)

// planLines is how many lines of each part of an import plan are shown.
const planLines = 20

// progressFrom is the file size (rows) from which an import on a terminal
// shows its progress.
const progressFrom = 2000

func importFlags(fs *flag.FlagSet) {
	fs.Bool("yes", false, "apply without asking (needed when stdin is not a terminal)")
	fs.Bool("dry-run", false, "show what the import would change, change nothing")
	fs.String("stock", "keep", "keep: a stock left as exported keeps the shop's stock (sold since); file: the file's stock always wins")
	fs.String("sheet", "", "the .xlsx sheet to read (default: the first)")
	fs.Bool("hide-missing", false, "the file is the whole catalog: hide from customers every product it does not name (nothing is deleted)")
}

func exportFlags(fs *flag.FlagSet) {
	fs.Bool("orders", false, "export orders with their items for bookkeeping, not the catalog")
	fs.String("from", "", "with --orders: the first day, YYYY-MM-DD in the shop's time zone")
	fs.String("to", "", "with --orders: the last day, YYYY-MM-DD (inclusive)")
}

// confirm asks a yes/no question on the terminal; anything but yes says
// that nothing changed.
func (e *env) confirm(question string) bool {
	fmt.Fprint(e.stderr, question)
	answer, _ := bufio.NewReader(e.stdin).ReadString('\n')
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "ya", "yes", "iya":
		return true
	}
	fmt.Fprintln(e.stdout, "dibatalkan: tidak ada yang diubah / cancelled: nothing changed")
	return false
}

// isTerminal reports whether a stream is a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func runImport(ctx context.Context, e *env, fs *flag.FlagSet) int {
	name := fs.Arg(0)
	yes := fs.Lookup("yes").Value.String() == "true"
	dry := fs.Lookup("dry-run").Value.String() == "true"
	opt := lapak.ImportOptions{HideMissing: fs.Lookup("hide-missing").Value.String() == "true"}
	switch s := fs.Lookup("stock").Value.String(); s {
	case "keep":
	case "file":
		opt.StockFromFile = true
	default:
		fmt.Fprintf(e.stderr, "lapak import: --stock %q: use keep or file\n", s)
		return exitUsage
	}
	in := e.stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return e.fail(fmt.Errorf("cannot read %s: %w", name, errors.Unwrap(err)))
		}
		defer f.Close()
		in = f
	}
	// Read and check the whole file before touching the database.
	sheet := fs.Lookup("sheet").Value.String()
	rows, err := catalog.Read(name, in, catalog.ReadOptions{Sheet: sheet})
	var csvErr *catalog.CSVError
	if errors.As(err, &csvErr) {
		for _, p := range csvErr.Problems {
			fmt.Fprintf(e.stderr, "line %d: %s\n", p.Line, p.Reason)
		}
		where := name
		if csvErr.Sheet != "" {
			where += fmt.Sprintf(" (sheet %q)", csvErr.Sheet)
		}
		return e.fail(fmt.Errorf("%s: %s, nothing imported", where, plural(len(csvErr.Problems), "problem")))
	}
	if err != nil {
		return e.fail(fmt.Errorf("%s: %w", name, err))
	}
	st, err := e.openStore(ctx)
	if err != nil {
		return e.fail(err)
	}
	defer st.Close()
	plan, err := st.PlanCatalogImport(ctx, rows, opt)
	if err != nil {
		return e.fail(err)
	}
	printPlan(e.stdout, plan, opt.HideMissing)
	switch {
	case dry:
		fmt.Fprintln(e.stdout, "uji coba: tidak ada yang diubah / dry run: nothing changed")
		return exitOK
	case !plan.Changes():
		fmt.Fprintln(e.stdout, "tidak ada perubahan / nothing to change")
		return exitOK
	case yes:
	case name != "-" && isTerminal(e.stdin):
		if !e.confirm("Terapkan perubahan ini? / Apply these changes? [y/N] ") {
			return exitOK
		}
	default:
		// A script gets the plan and a refusal, never a silent change.
		return e.fail(errors.New("nothing imported: stdin is not a terminal to confirm on; run again with --yes to apply (or --dry-run to only look)"))
	}
	if isTerminal(e.stderr) && len(rows) >= progressFrom {
		last, finished := time.Time{}, false
		opt.Progress = func(done, total int) {
			if finished {
				return
			}
			if now := time.Now(); now.Sub(last) >= 200*time.Millisecond || done == total {
				last, finished = now, done == total
				fmt.Fprintf(e.stderr, "\rmengimpor / importing… %d/%d", done, total)
				if done == total {
					fmt.Fprintln(e.stderr)
				}
			}
		}
	}
	applied, err := st.ApplyCatalogImport(ctx, rows, opt)
	if err != nil {
		return e.fail(err)
	}
	res := applied.Result()
	fmt.Fprintf(e.stdout, "imported: %d new, %d updated", res.Created, res.Updated)
	if n := len(applied.StockKept); n > 0 {
		fmt.Fprintf(e.stdout, ", %s kept", plural(n, "stock"))
	}
	if n := len(applied.Hide); n > 0 {
		fmt.Fprintf(e.stdout, ", %s hidden", plural(n, "product"))
	}
	fmt.Fprintln(e.stdout)
	return exitOK
}

// printPlan writes what an import changes, the first planLines of each
// part, Indonesian first.
func printPlan(w io.Writer, p lapak.ImportPlan, hideMissing bool) {
	fmt.Fprintf(w, "%d baris / rows\n", p.Total)
	section := func(title string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(w, "%s: %d\n", title, n)
		for i := range min(n, planLines) {
			fmt.Fprintf(w, "  %s\n", line(i))
		}
		if n > planLines {
			fmt.Fprintf(w, "  … +%d\n", n-planLines)
		}
	}
	section("produk baru / new products", len(p.NewProducts), func(i int) string {
		return p.NewProducts[i].Category + " › " + p.NewProducts[i].Name
	})
	section("varian baru / new variants", len(p.NewVariants), func(i int) string {
		r := p.NewVariants[i]
		line := fmt.Sprintf("%s %s: %s, stok %s", r.SKU, lapak.ItemTitle(r.Name, r.Variant), r.Price, stockWord(r.Level()))
		if r.ResellerPrice > 0 {
			line += ", reseller " + r.ResellerPrice.String()
		}
		if r.MinResellerQty > 0 {
			line += fmt.Sprintf(" min %d", r.MinResellerQty)
		}
		return line
	})
	section("harga berubah / price changes", len(p.PriceChanges), func(i int) string {
		c := p.PriceChanges[i]
		return fmt.Sprintf("%s %s: %s → %s", c.SKU, c.Title, c.From, c.To)
	})
	section("stok berubah / stock changes", len(p.StockChanges), func(i int) string {
		c := p.StockChanges[i]
		return fmt.Sprintf("%s %s: %s → %s", c.SKU, c.Title, stockWord(c.From), stockWord(c.To))
	})
	section("stok toko dipertahankan (berubah sejak ekspor; --stock=file memakai stok file) / shop stock kept (changed since the export; --stock=file uses the file's)", len(p.StockKept), func(i int) string {
		c := p.StockKept[i]
		return fmt.Sprintf("%s %s: toko/shop %s, file %s", c.SKU, c.Title, stockWord(c.From), stockWord(c.To))
	})
	section("data lain berubah / other changes", len(p.Details), func(i int) string {
		c := p.Details[i]
		return fmt.Sprintf("%s %s: %s", c.SKU, c.Title, strings.Join(c.Fields, ", "))
	})
	if p.Unchanged > 0 {
		fmt.Fprintf(w, "tidak berubah / unchanged: %d\n", p.Unchanged)
	}
	missing := "ada di toko, tidak ada di file (tetap, tidak dihapus) / in the shop, not in the file (kept, not deleted)"
	if hideMissing {
		missing = "ada di toko, tidak ada di file (tidak dihapus) / in the shop, not in the file (not deleted)"
	}
	section(missing, len(p.Missing), func(i int) string {
		r := p.Missing[i]
		return r.SKU + " " + lapak.ItemTitle(r.Name, r.Variant)
	})
	section("disembunyikan dari pelanggan (--hide-missing) / hidden from customers", len(p.Hide), func(i int) string {
		return p.Hide[i].Category + " › " + p.Hide[i].Name
	})
}

func stockWord(l lapak.StockLevel) string {
	if l.Unlimited {
		return "∞"
	}
	return strconv.Itoa(l.N)
}

func runExport(ctx context.Context, e *env, fs *flag.FlagSet) int {
	name := fs.Arg(0)
	format, err := catalog.FormatFor(name)
	if err != nil {
		fmt.Fprintf(e.stderr, "lapak export: %s: write FILE.csv or FILE.xlsx\n", name)
		return exitUsage
	}
	orders := fs.Lookup("orders").Value.String() == "true"
	fromText, toText := fs.Lookup("from").Value.String(), fs.Lookup("to").Value.String()
	if !orders && (fromText != "" || toText != "") {
		fmt.Fprintln(e.stderr, "lapak export: --from and --to go with --orders")
		return exitUsage
	}
	cfg, err := e.loadConfig()
	if err != nil {
		return e.fail(err)
	}
	loc := cfg.Shop.Location
	from, to := time.Unix(0, 0), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	if fromText != "" {
		if from, err = time.ParseInLocation(time.DateOnly, fromText, loc); err != nil {
			fmt.Fprintf(e.stderr, "lapak export: --from %q: write a date as YYYY-MM-DD\n", fromText)
			return exitUsage
		}
	}
	if toText != "" {
		if to, err = time.ParseInLocation(time.DateOnly, toText, loc); err != nil {
			fmt.Fprintf(e.stderr, "lapak export: --to %q: write a date as YYYY-MM-DD\n", toText)
			return exitUsage
		}
		to = to.AddDate(0, 0, 1) // the whole last day
	}
	st, err := openStore(ctx, cfg, e.logger(cfg.LogLevel), e.clock.Now)
	if err != nil {
		return e.fail(err)
	}
	defer st.Close()

	var write func(io.Writer) error
	var count int
	what := "variant"
	if orders {
		what = "order"
		write = func(w io.Writer) error {
			ow, err := catalog.NewOrderWriter(w, format, loc, cfg.Shop.Language)
			if err != nil {
				return err
			}
			if err := st.OrdersCreatedBetween(ctx, from, to, func(o lapak.Order, c lapak.Customer) error {
				count++
				return ow.Write(o, c)
			}); err != nil {
				return err
			}
			return ow.Close()
		}
	} else {
		rows, err := st.ExportCatalog(ctx)
		if err != nil {
			return e.fail(err)
		}
		count = len(rows)
		write = func(w io.Writer) error { return catalog.Write(w, format, rows) }
	}
	if name == "" || name == "-" {
		if err := write(e.stdout); err != nil {
			return e.fail(err)
		}
		return exitOK
	}
	if err := writeFileAtomic(name, write); err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stderr, "exported %s to %s\n", plural(count, what), name)
	return exitOK
}
