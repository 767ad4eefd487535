package lapak

import "time"

// What the dashboard's catalog and customers pages read (storage.Store
// answers them; nothing here changes the shop).

// ProductQuery picks a page of the catalog for the dashboard: hidden
// products included.
type ProductQuery struct {
	Search     string // in the name or an SKU, any case; "" for all
	CategoryID int64  // 0 for every category
	Offset     int
	Limit      int // at most 200
}

// CustomerQuery picks a page of customers for the dashboard, the latest
// active first.
type CustomerQuery struct {
	Search string // in the name, chat name or phone, any case
	Offset int
	Limit  int // at most 200
}

// CustomerSummary is one line of the dashboard's customer list.
type CustomerSummary struct {
	Customer
	Orders    int       // orders placed
	LastOrder time.Time // zero: none yet
}

// CustomerOrder is one order in a customer's history.
type CustomerOrder struct {
	Number    string
	Status    OrderStatus
	Total     Money
	CreatedAt time.Time
}

// SavedAddress is an address a customer gave at checkout.
type SavedAddress struct {
	Text     string
	Zone     string
	LastUsed time.Time
}

// ConsentEvent is one opt-out (OptedOut) or opt-back-in of a customer.
type ConsentEvent struct {
	OptedOut bool
	Channel  Channel
	Text     string // what they typed ("STOP")
	At       time.Time
}

// CustomerAttribution is the reseller a customer came through.
type CustomerAttribution struct {
	ResellerID   int64
	ResellerName string
	Code         string
	Source       string // link, prefilled_text, typed, checkout
	At           time.Time
}

// CustomerDetail is everything the dashboard shows of one customer.
type CustomerDetail struct {
	Customer
	Orders      []CustomerOrder // newest first, at most 100
	OrderCount  int
	Addresses   []SavedAddress
	Consent     []ConsentEvent       // newest first, at most 20
	Attribution *CustomerAttribution // nil: none
}
