package lapak

import (
	"errors"
	"fmt"
)

// Named errors; wrap them with %w and test with errors.Is.
var (
	ErrNotFound          = errors.New("not found")
	ErrDuplicate         = errors.New("message already processed")
	ErrIllegalTransition = errors.New("illegal order status change")
	ErrOutOfStock        = errors.New("out of stock")
	ErrEmptyCart         = errors.New("cart is empty")
	// ErrUnreachable is returned by a channel when the person cannot be
	// messaged any more (blocked the bot, deleted the account): do not retry.
	ErrUnreachable = errors.New("recipient unreachable")
)

// StockError says which item ran out while an order was being placed.
type StockError struct {
	SKU       string
	Title     string
	Available int
}

func (e *StockError) Error() string {
	return fmt.Sprintf("%s (%s): only %d left", e.Title, e.SKU, e.Available)
}

func (e *StockError) Unwrap() error { return ErrOutOfStock }
