package lapak

import (
	"slices"
	"time"
)

// A report is what the dashboard's reports page shows for a range of the
// shop's days. What counts as a sale: an order that is paid, processing,
// shipped or completed (PaidStatuses; cancelled, expired and refunded
// orders never count, pending ones not yet), dated by when it was paid:
// the moment it left pending_payment for paid, or for processing (COD,
// paid on delivery). An order with no stored payment time (older data)
// is dated by when it was made. Orders by status are dated by when they
// were made.

// PaidStatuses are the statuses whose orders count as sales in a report.
var PaidStatuses = []OrderStatus{StatusPaid, StatusProcessing, StatusShipped, StatusCompleted}

// Paid reports whether an order in status s counts as a sale in a report.
func (s OrderStatus) Paid() bool { return slices.Contains(PaidStatuses, s) }

// ReportDay is one day of sales: the paid orders dated on it and their totals.
type ReportDay struct {
	Day     time.Time // the day's start in the shop's time zone
	Orders  int
	Revenue Money
}

// ReportCount is a number of orders and their totals under a label (a
// status, a payment method).
type ReportCount struct {
	Label  string
	Orders int
	Amount Money
}

// ReportProduct is a product's sales: items of paid orders, by the
// product's name as ordered.
type ReportProduct struct {
	Name    string
	Qty     int
	Orders  int
	Revenue Money // unit price × quantity, before discounts and shipping
}

// ReportReseller is what a reseller brought: paid orders attributed to
// them, their totals and the commission they earned on them (accrued
// less voided and reversed).
type ReportReseller struct {
	ID         int64
	Code, Name string
	Orders     int
	Sales      Money
	Commission Money
}

// Report is a range's figures. Days has every day of the range, in order.
type Report struct {
	Days      []ReportDay
	Status    []ReportCount // orders made in the range, by their status now
	Payments  []ReportCount // paid orders by payment method
	Products  []ReportProduct
	Resellers []ReportReseller
	// The repeat-customer rate, counted by order so that days add up:
	// RepeatOrders are the paid orders of the range whose customer had
	// paid for an earlier order (at any time), FirstOrders the others
	// (each a new buyer's first order: FirstOrders is the range's new
	// buyers).
	FirstOrders, RepeatOrders int
	RepeatRevenue             Money
}

// Orders and Revenue are the range's paid orders and their totals.
func (r Report) Totals() (orders int, revenue Money) {
	for _, d := range r.Days {
		orders += d.Orders
		revenue += d.Revenue
	}
	return orders, revenue
}
