/**
 * Three-letter codes an MRZ may carry as issuing state or nationality: ICAO Doc 9303 Part 3
 * (Eighth edition, 2021), section 5 "Codes for nationality, place of birth, location of
 * issuing State/authority and other purposes" — the ISO 3166-1 alpha-3 country codes (list as
 * published by the ISO 3166 Maintenance Agency), plus the codes ICAO adds in that section
 * (Germany `D`, the British `GB?` categories, the United Nations, international organisations,
 * stateless persons and refugees, `XXX` unspecified). `UTO` (Utopia) is the fictitious state of
 * the specimens in Doc 9303 itself, kept so those specimens parse.
 *
 * OCR uses this to refuse a code no state has (`SHE`, `1TA`, `VNH`): those places are covered by
 * no check digit, so without the list such a misread would pass every check.
 */
const ISO_3166_ALPHA3 = `
ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR
BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG
COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH
FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY
HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL
MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR
NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU
SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA
TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB
VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE`;

/** Doc 9303-3 §5 additions to ISO 3166-1. */
const ICAO_ADDITIONS = `
D GBD GBN GBO GBP GBS RKS EUE UNO UNA UNK XBA XIM XCC XCE XCO XEC XES XMP XOM XPO XDC XXA XXB
XXC XXX UTO`;

const CODES: ReadonlySet<string> = new Set(`${ISO_3166_ALPHA3} ${ICAO_ADDITIONS}`.trim().split(/\s+/));

/** True for a code as parsed (fillers stripped: `D`, not `D<<`) that ICAO 9303-3 lists. */
export const isIcaoStateCode = (code: string): boolean => CODES.has(code);
