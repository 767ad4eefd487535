package catalog

import lapak "github.com/lapak-id/lapak"

// demoProduct is one product of the demo shop with its variants.
type demoProduct struct {
	category, name, description, image string
	variants                           []demoVariant
	keywords                           string // other names customers use
}

type demoVariant struct {
	sku, name string
	price     lapak.Money
	stock     int // -1: made to order, unlimited
}

// demo is a small Indonesian home-industry shop: snacks, sambal, drinks and
// cakes, with variants by flavour or size, a sold-out item and made-to-order
// cakes, so every path of the flows can be tried.
var demo = []demoProduct{
	{"Keripik & Camilan", "Keripik Singkong", "Keripik singkong renyah buatan rumahan, digoreng tiap pagi. Isi 200 g.", "demo:keripik-singkong", []demoVariant{
		{"KRP-SGK-ORI", "Original", 12000, 25}, {"KRP-SGK-PDS", "Pedas", 13000, 20}, {"KRP-SGK-BLD", "Balado", 13000, 15}}, "kripik singkong; keripik ubi; cassava chips; cassava crisps"},
	{"Keripik & Camilan", "Keripik Pisang", "Keripik pisang kepok tipis dan manis. Isi 200 g.", "demo:keripik-pisang", []demoVariant{
		{"KRP-PSG-MNS", "Manis", 15000, 18}, {"KRP-PSG-CKL", "Cokelat", 17000, 12}}, "kripik pisang; banana chips"},
	{"Keripik & Camilan", "Basreng Pedas Daun Jeruk", "Bakso goreng iris, pedas gurih dengan daun jeruk.", "demo:basreng", []demoVariant{
		{"BSR-100", "100 g", 15000, 30}, {"BSR-250", "250 g", 32000, 10}}, "baso goreng; bakso goreng; spicy meatball chips; meatball chips"},
	{"Keripik & Camilan", "Makaroni Bantat", "Makaroni goreng kriuk, cocok buat teman nonton. Isi 150 g.", "demo:makaroni", []demoVariant{
		{"MKR-PDS", "Pedas", 10000, 40}, {"MKR-ASN", "Asin", 10000, 35}}, "makaroni goreng; makaroni kering; fried macaroni; macaroni snack"},
	{"Keripik & Camilan", "Kacang Bawang", "Kacang tanah goreng bawang putih, gurih dan renyah. Isi 250 g.", "demo:kacang-bawang", []demoVariant{
		{"KCG-BWG-250", "", 20000, 14}}, "kacang goreng; garlic peanuts; fried peanuts"},
	{"Keripik & Camilan", "Rempeyek Kacang", "Rempeyek kacang tanah tipis, isi 10 keping.", "", []demoVariant{
		{"RMP-KCG", "", 18000, 0}}, "peyek; peanut crackers"},
	{"Sambal & Bumbu", "Sambal Bawang", "Sambal bawang khas Jawa Timur, tanpa pengawet. Botol 150 ml.", "demo:sambal-bawang", []demoVariant{
		{"SMB-BWG-L1", "Level 1", 25000, 20}, {"SMB-BWG-L3", "Level 3", 25000, 20}, {"SMB-BWG-L5", "Level 5", 27000, 8}}, "sambel bawang; garlic chili sauce; garlic sambal"},
	{"Sambal & Bumbu", "Sambal Cumi", "Sambal cumi asin pedas, lauk praktis. Botol 150 ml.", "demo:sambal-cumi", []demoVariant{
		{"SMB-CUMI", "", 45000, 6}}, "sambel cumi; squid chili sauce; squid sambal"},
	{"Sambal & Bumbu", "Sambal Roa", "Sambal ikan roa asap khas Manado. Botol 150 ml.", "demo:sambal-roa", []demoVariant{
		{"SMB-ROA", "", 55000, 5}}, "sambel roa; smoked fish sambal"},
	{"Sambal & Bumbu", "Bumbu Rendang Instan", "Bumbu rendang siap pakai untuk 1 kg daging.", "demo:bumbu-rendang", []demoVariant{
		{"BMB-RDG", "", 22000, 30}}, "bumbu rendang; rendang paste; rendang spice"},
	{"Sambal & Bumbu", "Abon Sapi", "Abon sapi asli, manis gurih.", "demo:abon-sapi", []demoVariant{
		{"ABN-SPI-100", "100 g", 38000, 10}, {"ABN-SPI-250", "250 g", 85000, 4}}, "abon; beef floss; shredded beef"},
	{"Minuman", "Kopi Susu Gula Aren", "Kopi susu gula aren literan, simpan di kulkas tahan 3 hari.", "demo:kopi-susu", []demoVariant{
		{"KSA-250", "250 ml", 25000, 24}, {"KSA-1L", "1 liter", 85000, 8}}, "es kopi susu; palm sugar coffee; iced coffee latte; coffee milk"},
	{"Minuman", "Kopi Bubuk Robusta Lampung", "Kopi robusta Lampung sangrai medium, giling halus.", "demo:kopi-robusta", []demoVariant{
		{"KPI-RBS-250", "250 g", 30000, 20}, {"KPI-RBS-500", "500 g", 55000, 10}}, "kopi bubuk; kopi robusta; ground coffee; robusta coffee"},
	{"Minuman", "Wedang Jahe Instan", "Jahe merah instan dengan gula aren, isi 10 sachet.", "demo:wedang-jahe", []demoVariant{
		{"WDG-JHE", "", 20000, 30}}, "jahe instan; ginger drink; ginger tea"},
	{"Minuman", "Teh Tarik Sachet", "Teh tarik instan, 1 kotak isi 12 sachet.", "demo:teh-tarik", []demoVariant{
		{"TEH-TRK", "", 35000, 12}}, "milk tea; pulled tea"},
	{"Minuman", "Sirup Markisa", "Sirup markisa asli Medan. Botol 600 ml.", "demo:sirup-markisa", []demoVariant{
		{"SRP-MKS", "", 45000, 9}}, "passion fruit syrup"},
	{"Kue & Roti", "Nastar Nanas", "Nastar selai nanas homemade, toples 500 g.", "demo:nastar", []demoVariant{
		{"NST-500", "", 95000, 10}}, "kue nastar; pineapple tart; pineapple cookies"},
	{"Kue & Roti", "Kastengel Keju", "Kastengel keju edam, toples 500 g.", "demo:kastengel", []demoVariant{
		{"KST-500", "", 110000, 6}}, "kue keju; cheese sticks; cheese cookies"},
	{"Kue & Roti", "Bolu Pandan", "Bolu pandan lembut, loyang 20 cm. Dibuat sesuai pesanan (H+1).", "demo:bolu-pandan", []demoVariant{
		{"BOLU-PDN", "", 65000, -1}}, "kue bolu; pandan cake; sponge cake"},
	{"Kue & Roti", "Brownies Panggang", "Brownies panggang cokelat, loyang 20x10 cm. Dibuat sesuai pesanan.", "demo:brownies", []demoVariant{
		{"BRW-ORI", "Original", 55000, -1}, {"BRW-SKT", "Sekat 4 rasa", 75000, -1}}, "brownis; baked brownies; chocolate brownies"},
	{"Kue & Roti", "Lapis Legit", "Lapis legit wisman, 20x20 cm.", "demo:lapis-legit", []demoVariant{
		{"LPS-LGT", "", 250000, 2}}, "kue lapis; layer cake; thousand layer cake"},
}

// DemoRows returns the demo shop's catalog, as if read from a CSV file.
func DemoRows() []lapak.CatalogRow {
	var rows []lapak.CatalogRow
	for _, p := range demo {
		for _, v := range p.variants {
			rows = append(rows, lapak.CatalogRow{
				SKU: v.sku, Name: p.name, Category: p.category, Variant: v.name,
				Price: v.price, Stock: max(v.stock, 0), Unlimited: v.stock < 0,
				Description: p.description, Keywords: p.keywords, Image: p.image,
			})
		}
	}
	return rows
}
