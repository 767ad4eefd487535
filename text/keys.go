package text

// The keys, one per sentence, in the order of the catalogs. A new key goes
// before keyCount and into both catalogs (id.go, en.go); the tests fail
// until both have it with the same placeholders.
const (
	// None is the zero Key: no sentence (Get gives "").
	None Key = iota

	// Menu and general.
	Welcome
	Help
	HintMenu
	HintQty
	HintConfirm
	NotUnderstood
	Empty
	EmojiOnly
	Unreadable
	TooLong
	StaleChoice
	Apology
	Aborted
	NothingToAbort
	YesWhat
	NoOk
	PickOne
	Months

	// Buttons.
	BtnCatalog
	BtnSearch
	BtnCart
	BtnOrders
	BtnHelp
	BtnAdmin
	BtnLanguage
	BtnMenu
	BtnCategories
	BtnPrev
	BtnNext
	BtnBack
	BtnAdd
	BtnAddVariant
	BtnDetail
	BtnCheckout
	BtnContinue
	BtnViewCart
	BtnEditLine
	BtnRemove
	BtnClearCart
	BtnCancel
	BtnPickup
	BtnZone
	BtnNewAddress
	BtnConfirm
	BtnEdit
	BtnEditName
	BtnEditPhone
	BtnEditDelivery
	BtnEditPayment
	BtnEditCart
	BtnOrderDetail
	BtnCancelOrder
	BtnYesCancel
	BtnNoKeep

	// Catalog and search.
	CatalogEmpty
	PickCategory
	CategoryEmpty
	CategoryTitle
	PickProduct
	PriceFrom
	PriceLine
	SoldOutMark
	StockReady
	StockNone
	StockN
	DetailHint
	DetailSoldOut
	DetailPhoto
	ProductGone
	AskSearch
	SearchNone
	SearchMany
	AskWhat
	AskVariant
	AskQty
	SoldOut

	// Quantities and stock.
	QtyMin
	QtyTooBig
	QtyWhole
	QtyVague
	StockLeft
	StockLeftInCart
	StockGoneCheckout
	Added
	CartFull

	// Cart.
	CartTitle
	CartEmpty
	CartHint
	Subtotal
	AskCartQty
	Removed
	VariantSwapped
	QtyChanged
	LineGone
	NoSuchLine
	CartCleared
	CheckoutStale

	// Checkout.
	AskName
	NameBad
	NameShort
	NameLong
	AskPhone
	PhoneBad
	PhoneSaved
	AskDelivery
	AskSavedAddress
	AskAddress
	AddressPick
	AddressShort
	AddressLong
	AddressBad
	CODLimited
	CODUnavailable
	CODRuleZones
	CODRuleMax
	CODRuleAnd
	AskPayment
	PayTransfer
	PayCOD
	PayQRIS
	ShopNotReady
	RecapTitle
	Shipping
	Total
	RecapUniqueCode
	RecapQRIS
	RecapName
	RecapPhone
	RecapAddress
	RecapPickup
	RecapPayment
	ConfirmNo
	EditWhat

	// Order placed and payment.
	Placed
	PayTransferTotal
	UniqueCodeWhy
	UniqueCodeLine
	BankTitle
	BankLine
	PayBefore
	SendProof
	PayCODTotal
	PayQRISShort
	PayQRISTotal
	QRISHow
	QRISProof
	QRISUnavailable
	AlreadyOrdered

	// Orders.
	NoOrders
	OrdersTitle
	OrderTitle
	OrderStatus
	OrderNotFound
	AskCancel
	Cancelled
	AlreadyCancelled
	CannotCancel
	OrderExpired
	OrderReminder
	ProofReceived
	ImageUnknown
	ImageNeedText
	StatusPendingPayment
	StatusPaid
	StatusProcessing
	StatusShipped
	StatusCompleted
	StatusCancelled
	StatusExpired

	// Account.
	HumanOk
	AskLanguage
	LanguageSet
	OptedOut
	OptedIn

	// For the seller (sent to admins in the shop's language).
	AdminNewOrder
	AdminPickup
	AdminHuman
	AdminLastMessage
	AdminProof
	AdminLowStock
	AdminSoldOut
	AdminCancelled

	// The seller's order desk (admins only; in the admin's language).
	DeskHelp
	BtnDeskPaid
	BtnDeskReject
	DeskNoticeHint
	DeskAskReason
	DeskUsage
	DeskUseHelp
	DeskUseOrders
	DeskUsePaid
	DeskUseReject
	DeskUseProcess
	DeskUseShip
	DeskUseDone
	DeskUseCancel
	DeskUseStock
	DeskUsePrice
	DeskUseRecap
	DeskUseCheck
	DeskOrderNotFound
	DeskNoOrders
	DeskOrdersTitle
	DeskOrdersMore
	DeskCustomer
	DeskPayment
	DeskShipment
	DeskHistory
	DeskIllegal
	DeskAlready
	DeskMoved
	DeskRejectNotPending
	DeskRejected
	DeskBadStock
	DeskSKUNotFound
	DeskUnlimited
	DeskStockSet
	DeskBadAmount
	DeskPriceSet
	DeskCheckNone
	DeskCheckFound
	DeskCheckHint
	DeskRecap
	DeskTop

	// To the customer when the seller changes their order.
	CustPaid
	CustProcessing
	CustShipped
	CustCompleted
	CustCancelled
	CustRejected

	// Online payment via Midtrans (payment gateway).
	PayGateway
	PayGatewayShort
	RecapGateway
	PayGatewayTotal
	GatewayPreparing
	GatewayLink
	GatewayAuto
	GatewayLinkReady
	GatewayLinkLate
	CustGatewayLate
	AdminGatewayPaid
	AdminGatewayLate
	AdminGatewayLatePaid

	// Payment proofs: the photo attaches to the order and reaches the admins.
	ProofNoOrder
	AdminProofExpect
	AdminProofNoImage
	DeskProofs
	DeskProofLine
	RestockOffer
	BtnRestock
	RestockOk
	RestockInStock
	RestockBack
	NotInCatalogLike
	WhichOne
	ItemNotFound
	ItemQtyBad
	AddedMany
	CartTotal
	ItemSoldOut
	ItemShort
	ItemGone
	AskWhichProduct
	BtnAddN
	PriceTitle
	PriceForN
	PriceEach
	PriceWhich
	PriceNote
	StockOutAnswer
	StockAnswer
	DetailAnswer
	DetailVariants
	DetailUnknown
	ShipPickupOnly
	ShipFee
	ShipOrPickup
	ShipUnknownPlace
	ShipFees
	PayTransferName
	PayCODName
	PayQRISName
	PayGatewayName
	PayWindow
	PayNoWindow
	PayWindowShort
	NHours
	NMinutes
	PayNotOffered
	PayOffered
	PayMethods
	PayTransferHow
	PayCODHow
	PayQRISHow
	PayGatewayHow
	NothingToCancel
	PaidNoOrder
	PaidReceived
	PaidAmountDiffers
	PaidSendProof
	AdminPaidClaim
	AdminPaidClaimAmount
	AdminComplaint
	AdminComplaintOrder
	ComplaintOk
	ComplaintOkOrder
	ThanksReply
	FormPickup
	FormIntro
	FormTemplate
	FormNameBad
	FormPhoneBad
	FormAddressBad
	NoteCourier
	ZoneFromAddress
	FormRead
	FormNoItems
	ReorderNone
	ReorderTitle
	NotInCart
	WhichLine
	RecapReused
	RecapNote
	OrderShipment

	// Language names, each written in its own language.
	LangIndonesian
	LangEnglish

	// The WhatsApp adapter's own words.
	WhatsAppPleaseType
	WhatsAppLoggedOut
	PromosStopped      // channel name
	PromoReportVoucher // code, orders that used it
	WhatsAppReplyHint

	// The console's own lines. The console does not know who is typing, so
	// each line says it in both languages, the same in both catalogs.
	ConsoleHint
	ConsolePrompt
	ConsoleImage
	ConsoleOther
	ConsoleNoImage
	ConsolePhotoUsage
	ConsolePhotoBad
	ConsolePhotoLong    // why, for ConsolePhotoBad
	ConsolePhotoMissing // why, for ConsolePhotoBad
	ConsolePhotoNotPic  // why, for ConsolePhotoBad

	// Item names on the Midtrans payment page, beside the products.
	GatewayItemShipping
	GatewayItemDiscount
	GatewayItemUniqueCode

	// The shop's operations (package shop): refunds, corrected tracking
	// numbers, the desk's /resi and the customer's order list.
	CustRefund
	AdminRefundDue
	CustResiCorrected
	DeskResiCorrected
	DeskNotShipped
	DeskUseResi
	OrderListShipment

	// The catalog from the phone: /tambah, /foto, /sembunyikan, /tampilkan, /ubah.
	DeskHelpCatalog
	DeskUseAdd
	DeskUsePhoto
	DeskUseHide
	DeskUseShow
	DeskUseEdit
	AddAskName
	AddAskCategory
	AddAskVariants
	AddAskDescription
	AddRecap
	AddRecapNewCategory
	AddRecapNone
	AddRecapUnlimited
	AddRecapAutoSKU
	AddRecapVariant
	AddRecapNoVariant
	AddConfirmHint
	AddAskPart
	BtnAddSave
	BtnAddEdit
	BtnAddCancel
	BtnPartName
	BtnPartCategory
	BtnPartVariants
	BtnPartDescription
	AddSaved
	AddSavedVariant
	AddCancelled
	AddNameBad
	AddCategoryBad
	AddDescriptionBad
	AddNameExists
	AddSKUExists
	AddNoPrice
	AddBadPrice
	AddBadStock
	AddBadVariantName
	AddBadSKU
	AddBadVariants
	AddMissingPart
	AddPartName
	AddPartCategory
	AddPartVariants
	AddInVariant
	PhotoSet
	PhotoAdded
	PhotoFull
	PhotoRemoved
	PhotoCoverSet
	PhotoNoSuch
	PhotoTooBig
	PhotoNotImage
	PhotoHint
	PhotoAwait
	PhotoAwaitHint
	PhotoFailed
	PhotoReasonTooBig
	PhotoReasonNotImage
	PhotoReasonFetch
	ProductHidden
	ProductShown
	ProductAlreadyHidden
	ProductAlreadyShown
	ProductRenamed
	ProductDescribed
	ProductDescriptionRemoved
	ProductRenameExists
	ProductCategorySet
	ProductKeywordsSet
	ProductKeywordsRemoved
	ProductKeywordsBad
	// /ubah SKU varian tambah NAMA HARGA STOK: a variant added to a product.
	VariantAdded
	VariantExists
	VariantHiddenProduct
	VariantUnnamed
	VariantNoName
	// Admins by chat: one-time admin codes (/admin CODE), the list of
	// admins (/admins) and removing one, and the code as `lapak serve` and
	// `lapak admin-code` print it.
	AdminWelcome
	AdminWaiting
	AdminNoneWaiting
	AdminCodeRefused
	AdminCodeWait
	AdminAlready
	AdminsTitle
	AdminsFromConfig
	AdminsUnreachable
	AdminsHint
	AdminsRemoved
	AdminsRemoveConfig
	AdminsRemoveLast
	AdminsRemoveUnknown
	DeskUseAdmins
	DeskHelpAdmins
	AdminAddedNotice
	AdminRemovedNotice
	AdminYouRemoved
	AdminCodeBanner
	AdminCodeNoAdmin
	// Promo broadcasts (issue 12): the stop line every promo ends with,
	// the voucher line, refusals of a draft, the admins' report.
	PromoStop
	PromoVoucher
	PromoNameFallback
	PromoEmpty
	PromoTooLong
	PromoUnknownPlaceholder
	PromoPastTime
	PromoUntilBeforeStart
	PromoVoucherBad
	PromoPhotoBad
	PromoNoRecipients
	PromoReport

	// Vouchers: /voucher on the desk, and customers applying codes.
	DeskHelpVouchers
	DeskUseVoucher
	VoucherCreated
	VoucherDescPercent
	VoucherDescPercentMax
	VoucherDescAmount
	VoucherDescMin
	VoucherDescNoMin
	VoucherDescAll
	VoucherDescScope
	VoucherScopeCategory
	VoucherScopeSKU
	VoucherDescQuota
	VoucherDescNoQuota
	VoucherDescPer
	VoucherDescUntil
	VoucherDescOpen
	VoucherBadCode
	VoucherCodeSpaces
	VoucherNoDiscount
	VoucherTwoDiscounts
	VoucherBadPercent
	VoucherBadAmount
	VoucherMissingValue
	VoucherBadMoney
	VoucherBadNumber
	VoucherMaxNeedsPercent
	VoucherBadDate
	VoucherPastDate
	VoucherEndBeforeStart
	VoucherUnknownWord
	VoucherSKUNotFound
	VoucherCategoryNotFound
	VoucherExists
	VoucherTooMuchScope
	VouchersTitle
	VouchersNone
	VoucherListLine
	VouchersHint
	VoucherStateActive
	VoucherStateActiveUntil
	VoucherStateScheduled
	VoucherStateExpired
	VoucherStateEnded
	VoucherStateUsedUp
	VoucherEnded
	VoucherAlreadyOver
	VoucherDeskNotFound
	VoucherShortPercent
	VoucherShortPercentMax
	VoucherShortAmount
	VoucherShortMin
	VoucherApplied
	VoucherAppliedSaving
	VoucherAppliedLater
	VoucherAlreadyOn
	VoucherReplaces
	VoucherUnknown
	VoucherRefused
	VoucherKept
	VoucherWhyExpired
	VoucherWhyEnded
	VoucherWhyNotStarted
	VoucherWhyUsedUp
	VoucherWhyAlreadyUsed
	VoucherWhyNotForItems
	VoucherWhyMinSpend
	VoucherWhyChanged
	RecapDiscount
	RecapVoucherOff
	VoucherLostAtPlace
	VoucherRemoved
	VoucherNoneOn
	BtnUseVoucher
	// Abandoned-cart reminders (issue 12, cart and restock reminders).
	CartReminderTitle
	CartReminderSoldOut
	CartReminderFewLeft
	CartReminderPriceNow
	CartReminderHint
	CartReminderStop
	CartReminderRemoved
	CartReminderTrimmed

	// The desk's /promo wizard (issue 12, /promo).
	DeskHelpPromo
	DeskUsePromo
	PromoAskText
	PromoAskPhoto
	PromoPhotoWait
	PromoPhotoTooBig
	PromoPhotoNotImage
	PromoAskVoucher
	PromoVoucherUnknown
	PromoAskSegment
	PromoSegmentBad
	PromoAskWhen
	PromoWhenBad
	PromoWhenPast
	PromoWhenNoHour
	PromoAskUntil
	PromoPreview
	PromoPreviewUntil
	PromoPreviewNow
	PromoConfirmHint
	PromoAskPart
	PromoPlanned
	PromoCancelled
	PromoNone
	PromoStatusTitle
	PromoStatusLine
	PromoNotFound
	PromoWrongState
	PromoSetStatus
	PromoStatusActive
	PromoStatusPaused
	PromoStatusCancelled
	PromoStatusDone
	BtnSegAll
	BtnSegOrdered30
	BtnSegLapsed60
	BtnSegNeverOrdered
	BtnPromoSend
	BtnPromoEdit
	BtnPromoCancel
	BtnPromoSkip
	BtnPromoNow
	BtnPartText
	BtnPartPhoto
	BtnPartVoucher
	BtnPartSegment
	BtnPartWhen
	BtnPartUntil

	// Cart reminders: a product the seller hid since.
	CartReminderGone
	CartReminderGoneRemoved
	// Share kits: texts on a reseller's share image and the caption to copy
	// with it (issue 13, share-kit images).
	ShareKitCode
	ShareKitScan
	ShareKitCatalog
	ShareCaption
	ShareCatalogCaption

	// Packing slips (/slip NUM).
	SlipOrder
	SlipCOD
	SlipResi
	SlipTo
	SlipFrom
	SlipItems
	SlipMore
	SlipNote
	DeskUseSlip
	DeskSlip
	DeskSlipClosed
	DeskHelpSlip
	// Resellers: sign-up, codes, links and attribution (issue 13).
	ResellerSignupOff
	ResellerPending
	ResellerAlready
	ResellerWasRejected
	ResellerIsSuspended
	ResellerAskName
	ResellerAskPhone
	ResellerAskCity
	ResellerAskBank
	ResellerAskNumber
	ResellerAskHolder
	ResellerAskTerms
	ResellerTermsDefault
	BtnAgree
	BtnDisagree
	ResellerBadName
	ResellerBadPhone
	ResellerBadCity
	ResellerBadBank
	ResellerBadNumber
	ResellerAgreeFirst
	ResellerDisagreed
	ResellerApplied
	ResellerWelcome
	ResellerRejectedMsg
	ResellerSuspendedMsg
	ResellerCodeNew
	ResellerLinksTitle
	ResellerLinkTelegram
	ResellerLinkWhatsApp
	ResellerLinkNone
	ResellerLinkCode
	ResellerLinkProductHint
	ResellerProductLinks
	ResellerProductTooLong
	ResellerProductUnknown
	ResellerNotYet
	WAPrefill
	WAPrefillProduct
	RefRecorded
	RefSelf
	RefInactive
	RefUnknown
	AdminResellerApplied
	AdminResellerJoined
	BtnApprove
	BtnReject
	AdminResellerDone
	AdminResellerCannot
	AdminResellerUnknown
	ResellerStApplicant
	ResellerStApproved
	ResellerStRejected
	ResellerStSuspended
	ResellersTitle
	ResellersLine
	ResellersNone
	ResellersHint
	AdminCodeChanged
	AdminCodeOnce
	AdminCodeTaken
	AdminCodeSpace
	AdminCodeSymbol
	AdminCodeShort
	AdminCodeLong
	AdminCodeNoLetter
	DeskUseReseller
	DeskHelpResellers
	AdminOrderReseller
	ResellerOrderNotice
	RefSourceLink
	RefSourcePrefilled
	RefSourceTyped
	RefSourceCheckout

	// The commission ledger (issue 13).
	CommissionVoided
	CommissionReversed
	CommissionConfirmedNotice
	PayoutNotice

	// Refunds of shipped or completed orders.
	StatusRefunded
	CustRefunded
	DeskUseRefund
	DeskHelpRefund
	TierUp
	PayoutListTitle
	PayoutListLine
	PayoutListHint

	// The commission in chat.
	LedgerNotReseller
	LedgerBalance
	LedgerEmpty
	LedgerStatementTitle
	LedgerPending
	LedgerConfirmed
	LedgerVoid
	LedgerReversal
	LedgerPayout
	LedgerNoCustomers
	LedgerCustomersTitle
	LedgerOrders
	DeskUsePayout
	DeskHelpPayout
	PayoutOverBalance
	PayoutRecorded
	PayoutNoneDue
	TierUnknown
	TierUnpinned
	TierPinned

	// Share kits in chat.
	ShareHint
	ShareWhich
	ShareSoldOut
	ShareNoLink
	ShareHowTo
	ShareNothing
	ResellerPriceTag
	ResellersMoney

	// Dropship.
	AskForWhom
	BtnForSelf
	BtnDropship
	AskDropName
	AskDropPhone
	RecapDropship
	AdminDropship
	ShippedForward

	// The dashboard in the browser.
	DeskUseDashboard
	DeskHelpDashboard
	DashboardLink
	DashboardOff
	DeskOwnersOnly
	RoleOwner
	RoleStaff

	// The inbox from chat: take a customer's chat over, reply, hand back.
	DeskUseTakeover
	DeskUseHandback
	DeskUseReply
	DeskHelpInbox
	DeskChatNotFound
	DeskTookOver
	DeskHandedBack
	DeskReplied
	DeskRepliedTook
	DeskReplyLong

	keyCount // not a key: how many there are, the catalogs' length
)
