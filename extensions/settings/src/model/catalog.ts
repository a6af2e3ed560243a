// The vocabulary of config v1 (and v1.1's `monitor`), as the engine defines it
// (src/config/mod.rs, src/rules): kinds, their families and keys, fields,
// steps, conditions. Names only; merchant-facing labels live in the locales.

export type Family = 'limits' | 'address';

export const LIMIT_KINDS = ['line_quantity', 'product_quantity', 'cart_quantity', 'distinct_lines', 'cart_subtotal', 'cart_weight'] as const;
export const ADDRESS_KINDS = ['field_pattern', 'delivery_country', 'delivery_province', 'postal_code'] as const;
export const KINDS = [...LIMIT_KINDS, ...ADDRESS_KINDS] as const;
export type Kind = (typeof KINDS)[number];

export function isKind(name: string): name is Kind {
  return (KINDS as readonly string[]).includes(name);
}

export function familyOf(kind: Kind): Family {
  return (LIMIT_KINDS as readonly string[]).includes(kind) ? 'limits' : 'address';
}

export function kindsOf(family: Family): readonly Kind[] {
  return family === 'limits' ? LIMIT_KINDS : ADDRESS_KINDS;
}

export const MAX_RULES = 100;
export const MAX_PRODUCT_TERMS = 10;
export const MAX_CUSTOMER_TAGS = 10;
export const MAX_PATTERN_CHARS = 256;
export const MAX_MESSAGE_CHARS = 255;
export const METAFIELD_MAX_BYTES = 10_000;

export const TOP_KEYS = ['version', 'rules'];
/** v1's common keys, then v1.1's `monitor`. */
export const COMMON_KEYS = ['id', 'kind', 'message', 'enabled', 'steps', 'when', 'monitor'];
export const WHEN_KEYS = ['countries', 'notCountries', 'customerTags', 'notCustomerTags', 'b2b', 'currencies', 'deliveryMethods'];
export const FILTER_KEYS = ['productIds', 'variantIds', 'productTags', 'collectionIds', 'vendors', 'productTypes', 'except'];
export const CRITERIA_KEYS = FILTER_KEYS.slice(0, -1);
export const DELIVERY_METHODS = ['SHIPPING', 'PICK_UP', 'LOCAL', 'PICKUP_POINT', 'RETAIL', 'NONE'];
export const STEPS = ['CART_INTERACTION', 'CHECKOUT_INTERACTION', 'CHECKOUT_COMPLETION'];
export const PRESETS = ['po_box', 'military', 'postal_format'];
/** Countries whose postal codes have a format in the engine's table (src/rules/postal_table.rs, Google's address metadata; a test compares). */
export const POSTAL_FORMAT_COUNTRIES = 'AC AD AF AI AL AM AR AS AT AU AX AZ BA BB BD BE BG BH BL BM BN BR BT BY CA CC CH CL CN CO CR CU CV CX CY CZ DE DK DO DZ EC EE EG EH ES ET FI FK FM FO FR GB GE GF GG GI GL GN GP GR GS GT GU GW HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JO JP KE KG KH KR KW KY KZ LA LB LI LK LR LS LT LU LV MA MC MD ME MF MG MH MK MM MN MP MQ MT MU MV MX MY MZ NA NC NE NF NG NI NL NO NP NZ OM PE PF PG PH PK PL PM PN PR PT PW PY RE RO RS RU SA SD SE SG SH SI SJ SK SM SN SO SV SZ TA TC TH TJ TM TN TR TW TZ UA UM US UY UZ VA VC VE VG VI VN WF XK YT ZA ZM'.split(' ');
/** The fields the postal_format preset (v1.2) reads. */
export const POSTAL_FORMAT_FIELDS = ['deliveryAddress.zip', 'billingAddress.zip'];
export const MODES = ['block', 'require'];
export const UNITS = ['g', 'kg', 'oz', 'lb'];

export function kindKeys(kind: Kind): string[] {
  switch (kind) {
    case 'line_quantity':
    case 'product_quantity':
    case 'cart_quantity':
      return ['min', 'max', 'multipleOf', 'lines'];
    case 'distinct_lines':
    case 'cart_subtotal':
      return ['min', 'max', 'lines'];
    case 'cart_weight':
      return ['min', 'max', 'unit', 'lines'];
    case 'field_pattern':
      return ['pattern', 'preset', 'mode', 'required', 'caseSensitive', 'fields'];
    case 'delivery_country':
      return ['allow', 'deny'];
    case 'delivery_province':
    case 'postal_code':
      return ['country', 'allow', 'deny'];
  }
}

export function allRuleKeys(): string[] {
  const keys = [...COMMON_KEYS];
  for (const kind of KINDS) for (const k of kindKeys(kind)) if (!keys.includes(k)) keys.push(k);
  return keys;
}

export const ADDRESS_FIELDS = ['address1', 'address2', 'city', 'company', 'countryCode', 'firstName', 'lastName', 'phone', 'provinceCode', 'zip'];
export const BILLING_FIELDS = ['address1', 'address2', 'city', 'company', 'countryCode', 'provinceCode', 'zip'];
export const FIELD_NAMES = [
  ...ADDRESS_FIELDS.map((f) => `deliveryAddress.${f}`),
  ...BILLING_FIELDS.map((f) => `billingAddress.${f}`),
  'buyerIdentity.email',
  'buyerIdentity.phone',
];

/** ISO 3166-1 alpha-2 codes (names come from Intl.DisplayNames in the merchant's language). */
export const COUNTRIES = (
  'AD AE AF AG AI AL AM AO AR AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CV CW CX CY CZ ' +
  'DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GW GY HK HN HR HT HU ID IE IL IM IN IO IQ IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MK ML MM MN MO MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ ' +
  'OM PA PE PF PG PH PK PL PM PN PS PT PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SZ TA TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ ' +
  'UA UG UM US UY UZ VA VC VE VG VN VU WF WS XK YE YT ZA ZM ZW'
).split(' ');

/** Province codes Shopify uses, for the countries whose checkout asks for one (the rest are typed). */
export const PROVINCES: Record<string, string[]> = {
  US: 'AL AK AS AZ AR CA CO CT DE DC FM FL GA GU HI ID IL IN IA KS KY LA ME MH MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND MP OH OK OR PW PA PR RI SC SD TN TX UT VT VI VA WA WV WI WY AA AE AP UM'.split(' '),
  CA: 'AB BC MB NB NL NT NS NU ON PE QC SK YT'.split(' '),
  AU: 'ACT NSW NT QLD SA TAS VIC WA'.split(' '),
  MX: 'AGS BC BCS CAMP CHIS CHIH DF COAH COL DGO GTO GRO HGO JAL MEX MICH MOR NAY NL OAX PUE QRO SLP SIN SON TAB TAMPS TLAX VER YUC ZAC'.split(' '),
};
