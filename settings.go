package lapak

import "time"

// Shop is what the flows need to know about the shop; config builds it.
type Shop struct {
	Name          string
	Language      Language        // for new customers
	Location      *time.Location  // shop time zone for dates shown to people
	Price         PriceFormat     // how prices are written to people; the zero value is Money.String
	PickupAddress string          // "" disables pickup
	Zones         []Zone          // courier zones with flat fees; none disables courier
	BankAccounts  []BankAccount   // none disables bank transfer
	COD           bool            // cash on delivery (courier only)
	QRIS          string          // the seller's static QRIS payload, checked by ParseQRIS; "" disables QRIS
	Gateway       string          // the payment gateway for online payment by link ("Midtrans"); "" disables it
	OrderTTL      time.Duration   // unpaid orders expire after this
	Quiet         QuietHours      // LAPAK_QUIET_HOURS: no promotional message goes out inside them
	Admins        []Identity      // LAPAK_ADMINS; the shop's admins are these and the database's (shop.Shop.Admins)
	Resellers     ResellerProgram // LAPAK_RESELLER_SIGNUP, LAPAK_RESELLER_TERMS, LAPAK_REFERRAL_DAYS
	Commission    CommissionPlan  // LAPAK_RESELLER_TIERS, LAPAK_COMMISSION_HOLD, LAPAK_PAYOUT_DAYS, LAPAK_PAYOUT_MIN
}

// Zone is a courier delivery area with a flat fee.
type Zone struct {
	Name string
	Fee  Money
	// Areas are the cities, regencies or provinces the zone covers
	// ("Jakarta", "Depok"): a shipping question or an address naming one
	// is in this zone.
	Areas []string
}

// BankAccount is where customers transfer to.
type BankAccount struct {
	Bank   string
	Number string
	Holder string
}

// PaymentMethods lists the methods the shop accepts, in menu order.
func (s Shop) PaymentMethods() []PaymentMethod {
	var m []PaymentMethod
	if len(s.BankAccounts) > 0 {
		m = append(m, PayTransfer)
	}
	if s.QRIS != "" {
		m = append(m, PayQRIS)
	}
	if s.Gateway != "" {
		m = append(m, PayGateway)
	}
	if s.COD {
		m = append(m, PayCOD)
	}
	return m
}
