// The configs the tests run on: every example under examples/, every
// fixture's config (payload.input.validation.metafield.jsonValue) under
// tests/fixtures/, and one deliberately broken config per problem kind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JObj, JValue, parse } from '../src/model/json';

export const ROOT = resolve(process.cwd());

export interface Case {
  name: string;
  config: JValue;
}

function fixtureConfig(file: string): JValue | undefined {
  const doc = parse(readFileSync(file, 'utf8'));
  let v: JValue | undefined = doc;
  for (const key of ['payload', 'input', 'validation', 'metafield', 'jsonValue']) v = v instanceof JObj ? v.get(key) : undefined;
  return v;
}

export function examples(): Case[] {
  const dir = join(ROOT, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: `examples/${f}`, config: parse(readFileSync(join(dir, f), 'utf8')) }));
}

export function fixtures(): Case[] {
  const dir = join(ROOT, 'tests/fixtures');
  const out: Case[] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const config = fixtureConfig(join(dir, f));
    if (config !== undefined) out.push({ name: `tests/fixtures/${f}`, config });
  }
  return out;
}

const rule = (r: string) => `{"version": 1, "rules": [${r}]}`;
const q = (extra: string) => rule(`{"id": "r", "kind": "line_quantity", "message": "m"${extra}}`);
const a = (extra: string) => rule(`{"id": "a", "kind": "field_pattern", "fields": ["deliveryAddress.address1"], "message": "m"${extra}}`);

/** One broken config per problem the checker reports. */
export const BROKEN: Record<string, string> = {
  'not-an-object': '[1, 2]',
  'unknown-top-key': '{"version": 1, "rules": [], "extra": true}',
  'unknown-version': '{"version": 2, "rules": []}',
  'version-as-string': '{"version": "1", "rules": []}',
  'missing-version': '{"rules": []}',
  'missing-rules': '{"version": 1}',
  'rules-not-list': '{"version": 1, "rules": {}}',
  'rule-not-object': rule('"x"'),
  'missing-id': rule('{"kind": "line_quantity", "max": 1, "message": "m"}'),
  'bad-id': rule('{"id": "no spaces", "kind": "line_quantity", "max": 1, "message": "m"}'),
  'duplicate-id': rule('{"id": "a", "kind": "line_quantity", "max": 1, "message": "m"}, {"id": "a", "kind": "cart_quantity", "max": 1, "message": "m"}'),
  'missing-kind': rule('{"id": "a", "max": 1, "message": "m"}'),
  'unknown-kind': rule('{"id": "a", "kind": "line_quantty", "max": 1, "message": "m"}'),
  'kind-not-string': rule('{"id": "a", "kind": 3, "max": 1, "message": "m"}'),
  'unknown-key': q(', "mx": 5'),
  'key-not-for-kind': q(', "max": 5, "unit": "kg"'),
  'enabled-not-bool': q(', "max": 5, "enabled": "yes"'),
  'disabled': q(', "max": 5, "enabled": false'),
  'steps-empty': q(', "max": 5, "steps": []'),
  'steps-unknown': q(', "max": 5, "steps": ["CHECKOUT"]'),
  'steps-not-list': q(', "max": 5, "steps": "CHECKOUT_COMPLETION"'),
  'when-not-object': q(', "max": 5, "when": []'),
  'when-unknown-key': q(', "max": 5, "when": {"country": ["US"]}'),
  'when-bad-country': q(', "max": 5, "when": {"countries": ["us"], "notCountries": "FR"}'),
  'when-bad-tag': q(', "max": 5, "when": {"customerTags": [" "], "notCustomerTags": [1]}'),
  'when-bad-currency-method-b2b': q(', "max": 5, "when": {"currencies": ["eur"], "deliveryMethods": ["POST"], "b2b": "yes"}'),
  'no-bound': q(''),
  'bound-not-whole': q(', "max": 5.0, "min": 0'),
  'min-above-max': q(', "min": 6, "max": 5'),
  'lines-not-object': q(', "max": 5, "lines": ["x"]'),
  'lines-bad-values': q(', "max": 5, "lines": {"productIds": ["gid://shopify/Product/x"], "variantIds": ["1"], "collectionIds": ["gid://shopify/Collection/"], "productTags": [""], "vendors": [" "], "productTypes": [2], "except": {"vendors": [""], "except": {}}, "tags": []}'),
  'too-many-product-terms': rule(
    `{"id": "a", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"productTags": ["t1", "t2", "t3", "t4", "t5", "t6"]}}, {"id": "b", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"productTags": ["T1", "t7"], "collectionIds": ["gid://shopify/Collection/1", "gid://shopify/Collection/2", "gid://shopify/Collection/3", "gid://shopify/Collection/4"]}}`,
  ),
  'too-many-customer-tags': rule(
    `{"id": "a", "kind": "cart_quantity", "max": 1, "message": "m", "when": {"customerTags": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]}}`,
  ),
  'subtotal-bad-amounts': rule('{"id": "s", "kind": "cart_subtotal", "min": 50, "max": "-1.00", "message": "m"}'),
  'subtotal-min-above-max': rule('{"id": "s", "kind": "cart_subtotal", "min": "50.005", "max": "50.00", "message": "m"}'),
  'weight-missing-unit': rule('{"id": "w", "kind": "cart_weight", "max": 5, "message": "m"}'),
  'weight-bad-unit-and-values': rule('{"id": "w", "kind": "cart_weight", "max": -5, "min": "1", "unit": "kgs", "message": "m"}'),
  'weight-min-above-max': rule('{"id": "w", "kind": "cart_weight", "min": 2.5, "max": 2.4999, "unit": "lb", "message": "m"}'),
  'distinct-multiple-of': rule('{"id": "d", "kind": "distinct_lines", "max": 5, "multipleOf": 2, "message": "m"}'),
  'message-missing': rule('{"id": "a", "kind": "line_quantity", "max": 1}'),
  'message-empty-object': q(', "max": 5, "message": {}'),
  'message-not-string': q(', "max": 5, "message": 5'),
  'message-bad-languages': q(', "max": 5, "message": {"english": "x", "fr": 3, "FR": "y", "de": "", "pt-BR": "ok"}'),
  'message-too-long': q(`, "max": 5, "message": "${'x'.repeat(256)}"`),
  'message-placeholders': q(', "max": 5, "message": {"en": "{min} {multipleOf} {field} {actual}", "fr": "{prix}", "de": "a { b", "es": "a } b"}'),
  'message-subtotal-product': rule('{"id": "s", "kind": "cart_subtotal", "min": "5.00", "message": "{product} {max}"}'),
  'pattern-and-preset': a(', "pattern": "x", "preset": "po_box"'),
  'pattern-neither': a(''),
  'pattern-unknown-preset-mode': a(', "preset": "pobox", "mode": "deny"'),
  'pattern-too-long': a(`, "pattern": "${'a'.repeat(257)}"`),
  'pattern-empty': a(', "pattern": ""'),
  'pattern-not-string': a(', "pattern": 5'),
  'pattern-syntax': a(', "pattern": "(unclosed"'),
  'pattern-oversized': a(', "pattern": ".{0,150}z"'),
  'pattern-flags': a(', "pattern": "x", "required": "yes", "caseSensitive": 1'),
  'pattern-actual-placeholder': rule('{"id": "a", "kind": "field_pattern", "preset": "po_box", "fields": ["deliveryAddress.address1"], "message": "{actual} {field} {max}"}'),
  'fields-missing': rule('{"id": "a", "kind": "field_pattern", "preset": "po_box", "message": "m"}'),
  'fields-empty': a('').replace('["deliveryAddress.address1"]', '[]').replace('"message": "m"', '"message": "m", "preset": "po_box"'),
  'fields-bad': rule('{"id": "a", "kind": "field_pattern", "preset": "po_box", "fields": ["deliveryAddress.adress1", "billingAddress.firstName", 3, "buyerIdentity.email", "buyerIdentity.email"], "message": "m"}'),
  // Contract v1.2: postal_format on postal codes only, in require mode only.
  'postal-format-block-mode': rule('{"id": "z", "kind": "field_pattern", "preset": "postal_format", "mode": "block", "fields": ["deliveryAddress.zip"], "message": "m"}'),
  'postal-format-other-fields': rule('{"id": "z", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip", "deliveryAddress.city", "billingAddress.zip", "buyerIdentity.email", "deliveryAddress.adress1", "deliveryAddress.city", 7], "message": "m"}'),
  'postal-format-bad-mode-and-field': rule('{"id": "z", "kind": "field_pattern", "preset": "postal_format", "mode": "blok", "fields": ["billingAddress.address1"], "message": "m"}'),
  'postal-format-block-and-fields-not-list': rule('{"id": "z", "kind": "field_pattern", "preset": "postal_format", "mode": "block", "fields": "deliveryAddress.zip", "message": "m"}'),
  'postal-format-valid': rule('{"id": "z", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip", "billingAddress.zip"], "required": true, "caseSensitive": true, "message": "Enter a postal code in your country\'s format."}, {"id": "y", "kind": "field_pattern", "preset": "postal_format", "mode": "require", "fields": ["billingAddress.zip"], "message": "{field}"}'),
  'postal-format-actual': rule('{"id": "z", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "message": "{actual} is not a postal code"}'),
  'preset-typo-postal': a(', "preset": "postal_fromat"'),
  'fields-not-list': rule('{"id": "a", "kind": "field_pattern", "preset": "po_box", "fields": "buyerIdentity.email", "message": "m"}'),
  'country-both': rule('{"id": "c", "kind": "delivery_country", "allow": ["US"], "deny": ["CA"], "message": "m"}'),
  'country-neither': rule('{"id": "c", "kind": "delivery_country", "message": "m"}'),
  'country-bad-code': rule('{"id": "c", "kind": "delivery_country", "allow": ["USA", "ca"], "message": "m"}'),
  'country-empty': rule('{"id": "c", "kind": "delivery_country", "deny": [], "message": "m"}'),
  'province-missing-country': rule('{"id": "p", "kind": "delivery_province", "deny": ["HI"], "message": "m"}'),
  'province-bad': rule('{"id": "p", "kind": "delivery_province", "country": "usa", "deny": ["HI", " "], "message": "m"}'),
  'postal-bad': rule('{"id": "z", "kind": "postal_code", "country": "U", "allow": ["*", "100*"], "message": "m"}'),
  'postal-not-list': rule('{"id": "z", "kind": "postal_code", "deny": "10001", "message": "m"}'),
  'too-many-rules': `{"version": 1, "rules": [${Array.from({ length: 102 }, (_, i) => `{"id": "r${i}", "kind": "cart_quantity", "max": 5, "message": "m"}`).join(', ')}]}`,
  'too-large': rule(Array.from({ length: 60 }, (_, i) => `{"id": "r${i}", "kind": "cart_quantity", "max": 5, "message": "${'x'.repeat(200)}"}`).join(', ')),
  'warn-cart-steps': rule('{"id": "a", "kind": "cart_quantity", "min": 2, "multipleOf": 2, "steps": ["CART_INTERACTION"], "message": "m"}, {"id": "b", "kind": "distinct_lines", "min": 2, "steps": ["CART_INTERACTION", "CHECKOUT_COMPLETION"], "message": "m"}, {"id": "c", "kind": "cart_quantity", "max": 2, "steps": ["CART_INTERACTION"], "message": "m"}'),
  'warn-contradictions': rule('{"id": "a", "kind": "cart_quantity", "max": 2, "when": {"countries": ["US", "CA"], "notCountries": ["CA"], "customerTags": ["VIP"], "notCustomerTags": ["vip"]}, "message": "m"}, {"id": "b", "kind": "delivery_country", "deny": ["FR"], "when": {"countries": ["US"], "notCountries": ["US"]}, "message": "m"}'),
  'warn-except-covers': rule('{"id": "a", "kind": "cart_quantity", "max": 2, "lines": {"vendors": ["Acme"], "except": {"vendors": ["ACME", "Other"]}}, "message": "m"}, {"id": "b", "kind": "cart_quantity", "max": 2, "lines": {"vendors": ["Acme"], "productTags": ["x"], "except": {"vendors": ["acme"]}}, "message": "m"}, {"id": "c", "kind": "cart_quantity", "max": 2, "enabled": false, "lines": {"vendors": ["Acme"], "except": {"vendors": ["acme"]}}, "message": "m"}'),
  'pattern-compile-budget': rule(
    Array.from({ length: 6 }, (_, i) => `{"id": "p${i}", "kind": "field_pattern", "pattern": "x{${200 + i}}", "fields": ["deliveryAddress.address1"], "message": "m"}`)
      .concat(['{"id": "same", "kind": "field_pattern", "pattern": "x{200}", "fields": ["deliveryAddress.address2"], "message": "m"}', '{"id": "small", "kind": "field_pattern", "pattern": "box", "fields": ["deliveryAddress.address2"], "message": "m"}'])
      .join(', '),
  ),
  'warn-address-scope': rule('{"id": "p", "kind": "delivery_province", "country": "US", "deny": ["HI"], "when": {"notCountries": ["US"]}, "message": "m"}, {"id": "z", "kind": "postal_code", "country": "CA", "deny": ["H0H"], "when": {"countries": ["US"]}, "message": "m"}, {"id": "c", "kind": "delivery_country", "allow": ["US", "CA"], "when": {"countries": ["us", "CA"]}, "message": "m"}, {"id": "d", "kind": "delivery_country", "deny": ["FR"], "when": {"notCountries": ["FR"]}, "message": "m"}, {"id": "e", "kind": "delivery_country", "deny": ["FR"], "when": {"countries": ["DE"]}, "message": "m"}'),
  'warn-postal-format-no-format-countries': rule('{"id": "a", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["AE", "HK"]}, "message": "m"}, {"id": "b", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["AE", "GB"]}, "message": "m"}, {"id": "c", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip", "billingAddress.zip"], "when": {"countries": ["AE"]}, "message": "m"}, {"id": "d", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["GB"], "notCountries": ["GB"]}, "message": "m"}, {"id": "e", "kind": "field_pattern", "preset": "postal_format", "fields": ["deliveryAddress.zip"], "when": {"countries": ["QA"]}, "enabled": false, "message": "m"}'),
  'no-config': 'null',
  'too-large-not-an-object': `[${'1,'.repeat(6000)}1]`,
  'warn-pattern-matches-everything': rule('{"id": "a", "kind": "field_pattern", "pattern": "x*", "fields": ["deliveryAddress.address1"], "mode": "require", "message": "m"}, {"id": "b", "kind": "field_pattern", "pattern": ".*", "fields": ["deliveryAddress.address1"], "message": "m"}'),
  'warn-input-size': rule(`{"id": "a", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"collectionIds": [${Array.from({ length: 10 }, (_, i) => `"gid://shopify/Collection/41234567890${i}"`).join(', ')}]}}`),
  'repeated-key-last-counts': '{"version": 1, "rules": [{"id": "a", "kind": "cart_quantity", "max": "x", "max": 5, "message": "m"}]}',
  // Issue #9: bounded listing, rules[100] named, case-insensitive message keys, product tags capped, monitor mode, terms in text order.
  'problems-past-20-counted': rule(
    Array.from({ length: 8 }, (_, i) => `{"id": "r${i}", "kind": "cart_quantity", "max": 0, "min": "x", "mx": 1, "message": {"xx-1": "a", "EN": "b", "en": "c"}}`).join(', '),
  ),
  'top-keys-past-20-counted': `{"version": 1, ${Array.from({ length: 25 }, (_, i) => `"k${i}": 1`).join(', ')}, "rules": [{"id": "a", "kind": "cart_quantity", "max": 0, "message": "m"}]}`,
  'too-many-rules-named': rule(Array.from({ length: 102 }, (_, i) => `{"id": "r${i}", "kind": "cart_quantity", "max": 1, "message": "m"}`).join(', ')),
  'message-keys-any-case': rule('{"id": "a", "kind": "cart_quantity", "max": 1, "message": {"DEFAULT": "x", "Pt-br": "y", "EN": "z"}}, {"id": "b", "kind": "cart_quantity", "max": 1, "message": {"en": "x", "EN": "y", "Default": "z", "default": "w"}}'),
  'product-tag-over-255': rule(`{"id": "a", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"productTags": ["ok", "${'t'.repeat(256)}"], "except": {"productTags": ["${'é'.repeat(255)}"]}}}`),
  'monitor-not-boolean-and-notes': rule('{"id": "a", "kind": "cart_quantity", "max": 1, "monitor": true, "message": "m"}, {"id": "b", "kind": "cart_quantity", "max": 1, "monitor": "yes", "message": "m"}, {"id": "c", "kind": "cart_quantity", "max": 1, "monitor": false, "message": "m"}, {"id": "d", "kind": "cart_quantity", "max": 1, "monitor": true, "enabled": false, "message": "m"}, {"id": "e", "kind": "cart_quantity", "max": 0, "monitor": true, "message": "m"}'),
  'terms-fold-only-the-engines-scripts': rule('{"id": "a", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"productTags": ["Ա", "ա", "Ⱥ", "ⱥ", "Ω", "ω", "Ж", "ж", "Ё", "ё", "ǅ", "ǆ"]}, "when": {"customerTags": ["Ａ", "ａ", "İ", "i̇"], "notCustomerTags": ["ａ"]}}'),
  'terms-first-spelling-in-text-order': rule('{"id": "a", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"except": {"productTags": ["BIG"]}, "productTags": ["big", "Small"]}, "when": {"notCustomerTags": ["VIP"], "customerTags": ["vip", "Staff"]}}, {"id": "b", "kind": "line_quantity", "max": 1, "message": "m", "lines": {"productTags": ["small"], "except": {"productTags": ["TINY", "tiny"]}}, "when": {"customerTags": ["staff"]}}'),
};

export function broken(): Case[] {
  return Object.entries(BROKEN).map(([name, text]) => ({ name: `broken/${name}`, config: parse(text) }));
}
