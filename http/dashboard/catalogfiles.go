package dashboard

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	lapak "github.com/lapak-id/lapak"
	"github.com/lapak-id/lapak/catalog"
	"github.com/lapak-id/lapak/shop"
)

// Many products at once: bulk stock and price, and the catalog files the
// CLI reads and writes (lapak export, lapak import), with the import's plan
// shown before anything changes.

const (
	// maxImportFile bounds a catalog file uploaded in the dashboard; the
	// confirm form carries it back (base64) within Go's 10 MB form limit.
	// Bigger catalogs go through `lapak import`.
	maxImportFile = 5 << 20
	// planLines is how many lines of each part of a plan are shown.
	planLines = 50
	// maxBulkFields bounds the inputs one bulk save reads.
	maxBulkFields = 5000
)

// ---- bulk stock and price ----

type bulkPageData struct {
	Products   []lapak.Product
	Search     string
	Page       int
	Total      int
	Prev, Next string
	Values     map[string]string
	Problems   map[string]string
	Problem    string
}

func (f bulkPageData) Value(field, def string) string {
	if v, ok := f.Values[field]; ok {
		return v
	}
	return def
}

func (d *Dashboard) renderBulk(w http.ResponseWriter, r *http.Request, c *call, code int, search string, page int,
	values, problems map[string]string, problem string) error {
	ps, total, err := d.opt.Store.DashProducts(r.Context(), lapak.ProductQuery{Search: search, Offset: (page - 1) * bulkPage, Limit: bulkPage})
	if err != nil {
		return err
	}
	data := bulkPageData{Products: ps, Search: search, Page: page, Total: total, Values: values, Problems: problems, Problem: problem}
	data.Prev, data.Next = pageLinks("catalog/bulk", url.Values{"q": {search}}, page, bulkPage, total)
	return c.renderAt(w, r, code, "catalogbulk", data)
}

func (d *Dashboard) bulkPage(w http.ResponseWriter, r *http.Request, c *call) error {
	return d.renderBulk(w, r, c, http.StatusOK, boundedQuery(r.URL.Query().Get("q")), pageNumber(r), nil, nil, "")
}

func (d *Dashboard) bulkSave(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := r.ParseForm(); err != nil || len(r.PostForm) > maxBulkFields {
		return errBadRequest
	}
	form := r.PostForm
	search := boundedQuery(form.Get("q"))
	page, err := strconv.Atoi(form.Get("page"))
	if err != nil || page < 1 {
		page = 1
	}
	var skus []string
	seen := map[string]bool{}
	for k := range form {
		for _, prefix := range []string{"price-", "stock-"} {
			if sku, ok := strings.CutPrefix(k, prefix); ok && !seen[sku] && len(sku) <= lapak.MaxSKU {
				seen[sku] = true
				skus = append(skus, sku)
			}
		}
	}
	problems := map[string]string{}
	edits := c.variantEdits(form, skus, problems)
	if len(problems) > 0 {
		return d.renderBulk(w, r, c, http.StatusUnprocessableEntity, search, page, formValues(form), problems,
			c.t("catalog.bulk.problems", len(problems)))
	}
	changes := 0
	err = c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		var err error
		changes, err = c.applyEdits(ctx, tx, by, edits)
		return err
	})
	var fe *formError
	switch {
	case errors.As(err, &fe):
		return d.renderBulk(w, r, c, http.StatusUnprocessableEntity, search, page, formValues(form), fe.problems,
			c.t("catalog.bulk.problems", len(fe.problems)))
	case err != nil:
		return err
	case changes == 0:
		return c.redirect(w, r, bulkPath(search, page), c.t("catalog.nochange"))
	}
	return c.redirect(w, r, bulkPath(search, page), c.t("catalog.bulk.saved", changes))
}

func bulkPath(search string, page int) string {
	q := url.Values{}
	if search != "" {
		q.Set("q", search)
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return "catalog/bulk"
	}
	return "catalog/bulk?" + q.Encode()
}

// ---- export ----

// catalogExport writes the catalog as `lapak export` does, CSV or XLSX by
// the path's extension.
func (d *Dashboard) catalogExport(w http.ResponseWriter, r *http.Request, c *call) error {
	ext := path.Ext(r.URL.Path)
	format, err := catalog.FormatFor("katalog" + ext)
	if err != nil {
		return lapak.ErrNotFound
	}
	rows, err := d.opt.Store.ExportCatalog(r.Context())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := catalog.Write(&buf, format, rows); err != nil {
		return err
	}
	h := w.Header()
	if ext == ".csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	name := "katalog-" + d.now().In(d.opt.Settings.Location).Format("20060102") + ext
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(buf.Bytes())
	return err
}

// ---- import ----

type importPageData struct {
	Problems []string // the file's problems, line by line
	More     int      // problems not shown
	Problem  string
	Plan     *planView
	// The confirm form carries the file back.
	File, Name, Stock string
	Hide              bool
	MaxMB             int
}

// planView is an import plan as the page shows it: the same parts as the
// CLI's, the first planLines lines of each.
type planView struct {
	Total     int
	Sections  []planSection
	Unchanged int
	Changes   bool
}

type planSection struct {
	Title string
	Lines []string
	More  int
}

func stockText(c *call, l lapak.StockLevel) string {
	if l.Unlimited {
		return "∞"
	}
	return strconv.Itoa(l.N)
}

func (d *Dashboard) planView(c *call, p lapak.ImportPlan) *planView {
	v := &planView{Total: p.Total, Unchanged: p.Unchanged, Changes: p.Changes()}
	rp := d.opt.Settings.Price.Format
	add := func(key string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		s := planSection{Title: fmt.Sprintf("%s: %d", c.t(key), n), More: max(n-planLines, 0)}
		for i := range min(n, planLines) {
			s.Lines = append(s.Lines, line(i))
		}
		v.Sections = append(v.Sections, s)
	}
	add("catalog.plan.newprod", len(p.NewProducts), func(i int) string {
		return p.NewProducts[i].Category + " › " + p.NewProducts[i].Name
	})
	add("catalog.plan.newvar", len(p.NewVariants), func(i int) string {
		r := p.NewVariants[i]
		return fmt.Sprintf("%s %s: %s, %s %s", r.SKU, lapak.ItemTitle(r.Name, r.Variant), rp(r.Price), c.t("catalog.stock"), stockText(c, r.Level()))
	})
	add("catalog.plan.price", len(p.PriceChanges), func(i int) string {
		x := p.PriceChanges[i]
		return fmt.Sprintf("%s %s: %s → %s", x.SKU, x.Title, rp(x.From), rp(x.To))
	})
	add("catalog.plan.stock", len(p.StockChanges), func(i int) string {
		x := p.StockChanges[i]
		return fmt.Sprintf("%s %s: %s → %s", x.SKU, x.Title, stockText(c, x.From), stockText(c, x.To))
	})
	add("catalog.plan.kept", len(p.StockKept), func(i int) string {
		x := p.StockKept[i]
		return fmt.Sprintf("%s %s: %s, file %s", x.SKU, x.Title, stockText(c, x.From), stockText(c, x.To))
	})
	add("catalog.plan.details", len(p.Details), func(i int) string {
		x := p.Details[i]
		return fmt.Sprintf("%s %s: %s", x.SKU, x.Title, strings.Join(x.Fields, ", "))
	})
	add("catalog.plan.missing", len(p.Missing), func(i int) string {
		r := p.Missing[i]
		return r.SKU + " " + lapak.ItemTitle(r.Name, r.Variant)
	})
	add("catalog.plan.hide", len(p.Hide), func(i int) string {
		return p.Hide[i].Category + " › " + p.Hide[i].Name
	})
	return v
}

func (d *Dashboard) importPage(w http.ResponseWriter, r *http.Request, c *call) error {
	return c.render(w, r, "catalogimport", importPageData{Stock: "keep", MaxMB: maxImportFile >> 20})
}

// importOptions reads the form's stock and hide-missing choices.
func importOptions(stock, hide string) lapak.ImportOptions {
	return lapak.ImportOptions{StockFromFile: stock == "file", HideMissing: hide == "on" || hide == "1"}
}

// readCatalog reads a catalog file; a file with problems fills data's
// problems and returns ok false.
func (c *call) readCatalog(name string, file []byte, data *importPageData) ([]lapak.CatalogRow, bool, error) {
	rows, err := catalog.Read(name, bytes.NewReader(file), catalog.ReadOptions{})
	var csvErr *catalog.CSVError
	if errors.As(err, &csvErr) {
		for i, p := range csvErr.Problems {
			if i == planLines {
				data.More = len(csvErr.Problems) - planLines
				break
			}
			data.Problems = append(data.Problems, c.t("catalog.import.line", p.Line, p.Reason))
		}
		data.Problem = c.t("catalog.import.errors", len(csvErr.Problems))
		return nil, false, nil
	}
	if err != nil {
		// Not a catalog at all (no header, a binary file, ...): its reason.
		data.Problem = c.t("catalog.import.errors", 1)
		data.Problems = []string{err.Error()}
		return nil, false, nil
	}
	return rows, true, nil
}

func (d *Dashboard) importPlan(w http.ResponseWriter, r *http.Request, c *call) error {
	data := importPageData{Stock: "keep", MaxMB: maxImportFile >> 20}
	up, err := readUpload(w, r, c, "file", maxImportFile)
	switch {
	case errors.Is(err, errTooBig):
		data.Problem = c.t("catalog.import.big", maxImportFile>>20)
		return c.renderAt(w, r, http.StatusRequestEntityTooLarge, "catalogimport", data)
	case err != nil:
		return err
	}
	if up.Fields["stock"] == "file" {
		data.Stock = "file"
	}
	data.Hide = up.Fields["hide"] != ""
	if len(up.File) == 0 {
		data.Problem = c.t("catalog.import.nofile")
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "catalogimport", data)
	}
	rows, ok, err := c.readCatalog(up.Name, up.File, &data)
	if err != nil || !ok {
		if err == nil {
			return c.renderAt(w, r, http.StatusUnprocessableEntity, "catalogimport", data)
		}
		return err
	}
	opt := importOptions(data.Stock, up.Fields["hide"])
	plan, err := d.opt.Store.PlanCatalogImport(r.Context(), rows, opt)
	if err != nil {
		data.Problem = c.t("catalog.import.errors", 1)
		data.Problems = []string{err.Error()}
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "catalogimport", data)
	}
	data.Plan = d.planView(c, plan)
	data.File, data.Name = base64.StdEncoding.EncodeToString(up.File), clipRunes(up.Name, 200)
	return c.render(w, r, "catalogimport", data)
}

func (d *Dashboard) importApply(w http.ResponseWriter, r *http.Request, c *call) error {
	data := importPageData{Stock: "keep", MaxMB: maxImportFile >> 20}
	file, err := base64.StdEncoding.DecodeString(r.PostFormValue("file"))
	if err != nil || len(file) == 0 || len(file) > maxImportFile {
		return errBadRequest
	}
	name := clipRunes(r.PostFormValue("name"), 200)
	rows, ok, err := c.readCatalog(name, file, &data)
	if err != nil {
		return err
	}
	if !ok {
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "catalogimport", data)
	}
	opt := importOptions(r.PostFormValue("stock"), r.PostFormValue("hide"))
	applied, err := d.opt.Store.ApplyCatalogImport(r.Context(), rows, opt)
	if err != nil {
		data.Problem = c.t("catalog.import.errors", 1)
		data.Problems = []string{err.Error()}
		return c.renderAt(w, r, http.StatusUnprocessableEntity, "catalogimport", data)
	}
	res := applied.Result()
	// The import is the store's own transaction (as `lapak import`); the
	// audit entry saying who imported what follows it.
	if err := c.do(r.Context(), func(ctx context.Context, tx lapak.OpsTx, by shop.Actor) error {
		return d.opt.Shop.RecordImport(ctx, tx, by, name, res)
	}); err != nil {
		d.log.Warn("dashboard: recording an import", "err", err)
	}
	return c.redirect(w, r, "catalog", c.t("catalog.import.done", res.Created, res.Updated))
}
