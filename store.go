package lapak

import (
	"context"
	"time"
)

// The store seen through small interfaces, one per aggregate, each the
// size of what one part of the shop reads and changes inside a
// transaction. Callers compose the ones they need: ShopTx is what a flow
// gets for one inbound message, OpsTx what an operation of the shop gets
// in a transaction of its own (a gateway's notification, a job).

// CatalogTx reads the catalog.
type CatalogTx interface {
	// Categories, ProductsInCategory and AllProducts are the catalog as
	// customers see it: hidden products are left out (and not counted).
	Categories(ctx context.Context) ([]Category, error)
	// ProductsInCategory lists one page of a category, by name, and the total count.
	ProductsInCategory(ctx context.Context, categoryID int64, offset, limit int) ([]Product, int, error)
	// AllProducts returns the whole catalog with variants, for free-text search.
	AllProducts(ctx context.Context) ([]Product, error)
	Product(ctx context.Context, id int64) (Product, error)
	// Product, ProductOfVariant and ProductBySKU find hidden products too
	// (carts, orders and the desk need them). ProductOfVariant and
	// ProductBySKU find the product (with all its variants) one variant
	// belongs to, by variant id or by SKU (case-insensitive); ErrNotFound
	// when there is none.
	ProductOfVariant(ctx context.Context, variantID int64) (Product, error)
	ProductBySKU(ctx context.Context, sku string) (Product, error)
}

// VariantTx changes a variant's stock and price (admins only).
type VariantTx interface {
	// SetStock and SetPrice change a variant found by SKU (case-insensitive)
	// under its row lock and return it as it was before (ErrNotFound for an
	// unknown SKU).
	SetStock(ctx context.Context, sku string, stock int) (Variant, error)
	SetPrice(ctx context.Context, sku string, price Money) (Variant, error)
}

// CartTx keeps a customer's cart.
type CartTx interface {
	Cart(ctx context.Context, customerID int64) (Cart, error)
	// SetCartQty sets a line's quantity; 0 removes it.
	SetCartQty(ctx context.Context, customerID, variantID int64, qty int) error
	ClearCart(ctx context.Context, customerID int64) error
}

// AddressTx keeps a customer's delivery addresses, most recently used first.
type AddressTx interface {
	Addresses(ctx context.Context, customerID int64) ([]Address, error)
	// SaveAddress stores a new address, or marks an identical one as just used.
	SaveAddress(ctx context.Context, a *Address) error
}

// CustomerTx reads customers other than the one who wrote.
type CustomerTx interface {
	// CustomerByID reads a customer (ErrNotFound if unknown): where to tell
	// them about their order, and in which language.
	CustomerByID(ctx context.Context, id int64) (Customer, error)
}

// OrderTx places, reads and moves one order at a time.
type OrderTx interface {
	// PlaceOrder stores the order and reserves its stock with a conditional
	// update (a *StockError when an item ran out, and nothing is written).
	// With Voucher set it also takes one of the voucher's uses with a
	// conditional update and checks Discount is what the voucher takes off
	// the items now (a *VoucherError otherwise, and nothing is written). It
	// assigns ID, Number and CreatedAt, and for bank transfers a UniqueCode not
	// used by another open unpaid transfer order (Total includes it).
	PlaceOrder(ctx context.Context, o *Order) error
	// Order finds an order by its number (ErrNotFound if unknown).
	Order(ctx context.Context, number string) (Order, error)
	// LockOrder is Order that also locks the order's row until the
	// transaction ends: what an operation checks stays true while it acts.
	LockOrder(ctx context.Context, number string) (Order, error)
	// CustomerOrders lists a customer's orders, newest first.
	CustomerOrders(ctx context.Context, customerID int64, limit int) ([]Order, error)
	// TransitionOrder moves an order to a new status under a row lock, checked
	// by the state machine; cancelled and expired orders give their stock back.
	TransitionOrder(ctx context.Context, number string, to OrderStatus, at time.Time) (Order, error)
	// OrderHistory lists an order's status changes, oldest first.
	OrderHistory(ctx context.Context, orderID int64) ([]OrderEvent, error)
	// SetShipment stores the courier and tracking number of an order
	// (Order.Shipment reads them back).
	SetShipment(ctx context.Context, orderID int64, s Shipment) error
}

// ProofTx keeps the payment proofs customers send. AttachProof appends a
// picture sent on channel ch to an order (ErrNotFound for an unknown
// order); Proofs lists an order's proofs, oldest first.
type ProofTx interface {
	AttachProof(ctx context.Context, orderID int64, ch Channel, a Attachment, at time.Time) (Proof, error)
	Proofs(ctx context.Context, orderID int64) ([]Proof, error)
}

// RestockTx keeps the customers waiting for a sold-out product.
type RestockTx interface {
	// WatchRestock records that the customer wants one message when the
	// product has stock again; asking twice changes nothing.
	WatchRestock(ctx context.Context, customerID, productID int64, at time.Time) error
}

// OutboxTx queues messages to people, delivered after the transaction
// commits (rule 3 of the design: nothing is sent for work rolled back).
type OutboxTx interface {
	Queue(ctx context.Context, envs ...Envelope) error
}

// ShopTx is what a flow may read and change while one inbound message is
// handled. Every call runs inside that message's database transaction, so a
// failure anywhere leaves nothing half-written. Its messages go out through
// the Conversation, not through an OutboxTx.
type ShopTx interface {
	CatalogTx
	VariantTx
	ProductTx
	ProductPhotoTx
	CartTx
	AddressTx
	CustomerTx
	OrderTx
	ProofTx
	RestockTx
	// The seller's order desk (admins only; see desk.go).
	DeskTx
	AuditTx
	// The admins stored in the database and their codes (see admin.go).
	AdminTx
	// Vouchers and the codes attached to carts (see voucher.go).
	VoucherTx
	// Promo broadcasts planned and steered from the desk's /promo (see broadcast.go).
	BroadcastTx
	// Resellers and the customers' attributions (see reseller.go).
	ResellerTx
	// The resellers' commission ledger (see commission.go).
	CommissionTx
	// Logins to the seller's dashboard asked for in chat (see dashboard.go).
	DashboardTx
	// Takeovers and quick replies of the inbox (see inbox.go).
	InboxTx
}

// OpsTx is a transaction of its own for an operation of the shop started
// outside a chat turn: a gateway's payment notification, a background job,
// later the dashboard. It can do what a chat turn can, queue messages, and
// what only those callers need.
type OpsTx interface {
	ShopTx
	OutboxTx
	GatewayTx
	ExpiryTx
	CommissionJobTx
	// Now is the transaction's time: every change it makes is stamped with it.
	Now() time.Time
}

// ExpiryTx finds the unpaid orders whose time is up.
type ExpiryTx interface {
	// DueToExpire locks and returns up to limit unpaid orders whose
	// deadline is at or before now, oldest deadline first. Orders another
	// transaction holds are skipped, so several processes expire each
	// order once.
	DueToExpire(ctx context.Context, now time.Time, limit int) ([]Order, error)
}

// Conversation is one inbound message being handled: the customer, the flow
// state and the replies. Storage loads it, a HandleFunc changes it, storage
// saves it and queues Outbox in the same transaction.
type Conversation struct {
	Inbound  Inbound
	Customer Customer // changes are saved
	State    []byte   // the flows' own state, opaque to storage; saved
	Outbox   []Envelope
	Now      time.Time
	// Notice is the newest notice with choices (Class other than
	// PaceReply) queued to this person, zero if none: a typed "2" selects
	// from whichever list they were shown last.
	Notice Notice
	// Catalog is the catalog's revision: it changes whenever a category,
	// product or variant changes in a way search sees (not stock), so an
	// index of the catalog built at this revision is still right.
	Catalog int64
	// Admins is the revision of the admins stored in the database: it
	// changes whenever one is added or removed, so a list read at this
	// revision is still right.
	Admins int64
	// SecretInbound: the message itself is a secret (an admin code): the
	// chat log keeps an empty text in its place.
	SecretInbound bool
}

// Notice is a choice list sent to someone who did not just write, and when
// it was queued.
type Notice struct {
	At      time.Time `json:"at"`
	Choices []Choice  `json:"choices"`
}

// Reply queues messages to the customer who wrote.
func (c *Conversation) Reply(msgs ...Outbound) {
	for _, m := range msgs {
		c.Outbox = append(c.Outbox, Envelope{To: c.Inbound.From(), Class: PaceReply, Msg: m})
	}
}

// Notify queues a message to someone else (an admin), in the notify class.
func (c *Conversation) Notify(to Identity, m Outbound) {
	c.Outbox = append(c.Outbox, Envelope{To: to, Class: PaceNotify, Msg: m})
}

// HandleFunc decides what one inbound message does, inside its transaction.
// Returning an error rolls everything back.
type HandleFunc func(ctx context.Context, tx ShopTx, conv *Conversation) error
