package flows

import (
	"fmt"

	"github.com/lapak-id/lapak/flows/understand"
)

// catalogIndex is the catalog prepared for reading messages. It is built
// from the catalog once per catalog revision (storage changes the revision
// with every product, variant or category change, not with stock) and
// shared by every conversation, so a message costs no catalog load.
func (t *turn) catalogIndex() (*understand.Index, error) {
	rev := t.conv.Catalog
	if ix := t.e.index.Load(); ix != nil && ix.Revision() == rev {
		return ix, nil
	}
	t.e.indexMu.Lock()
	defer t.e.indexMu.Unlock()
	if ix := t.e.index.Load(); ix != nil && ix.Revision() == rev {
		return ix, nil // built by another conversation meanwhile
	}
	products, err := t.tx.AllProducts(t.ctx)
	if err != nil {
		return nil, fmt.Errorf("flows: loading the catalog index: %w", err)
	}
	ix := understand.NewIndex(rev, products)
	t.e.index.Store(ix)
	return ix, nil
}
