// The errors `checkout-guard lint` reports for a whole config file: the
// checker's errors plus the metafield size (each validation's config, as
// `deploy` writes it, within 10,000 bytes). The editor shows the same for
// the one validation it edits (`sizeProblem`).

import { Family, familyOf, isKind, METAFIELD_MAX_BYTES, POSTAL_FORMAT_COUNTRIES } from './catalog';
import { check, fold, PATTERN_SIZE_TIERS, Problem } from './check';
import { compact, JObj, JValue, quote, utf8Length } from './json';
import { Params, textKey } from './text';

function ruleFamily(rule: JValue): Family | null {
  if (!(rule instanceof JObj)) return null;
  const kind = rule.get('kind');
  return typeof kind === 'string' && isKind(kind) ? familyOf(kind) : null;
}

/** The config a family's validation gets: its own rules (and rules of no family), everything else as is. */
export function familyConfig(config: JObj, family: Family): { config: JObj; rules: number } {
  let rules = 0;
  const entries = config.entries.map(([k, v]) => {
    if (k === 'rules' && Array.isArray(v)) {
      const kept = v.filter((r) => {
        const f = ruleFamily(r);
        return f === null || f === family;
      });
      rules = kept.length;
      return [k, kept] as const;
    }
    return [k, v] as const;
  });
  return { config: new JObj(entries), rules };
}

export function sizeProblem(config: JValue, family: Family): Problem | null {
  const bytes = utf8Length(compact(config));
  if (bytes <= METAFIELD_MAX_BYTES) return null;
  return {
    path: 'config',
    ruleIndex: null,
    ruleId: null,
    severity: 'error',
    code: 'too_large',
    params: { family: textKey(`family.${family}`), bytes, limit: METAFIELD_MAX_BYTES },
  };
}

/** lint's errors for a whole file (the parity test's subject). */
export function lintErrors(config: JValue): Problem[] {
  const errors = check(config, null).problems.filter((p) => p.severity === 'error');
  if (config instanceof JObj && Array.isArray(config.get('rules'))) {
    for (const family of ['limits', 'address'] as const) {
      const split = familyConfig(config, family);
      if (split.rules === 0) continue;
      const p = sizeProblem(split.config, family);
      if (p) errors.push(p);
    }
  } else {
    const bytes = utf8Length(compact(config));
    if (bytes > METAFIELD_MAX_BYTES)
      errors.push({ path: 'config', ruleIndex: null, ruleId: null, severity: 'error', code: 'config_too_large', params: { bytes, limit: METAFIELD_MAX_BYTES } });
  }
  const order = (p: Problem) => (p.ruleIndex === null ? 0 : p.ruleIndex + 1);
  return errors.map((p, i) => [p, i] as const).sort((a, b) => order(a[0]) - order(b[0]) || a[1] - b[1]).map(([p]) => p);
}

/** lint's notes: each valid, enabled rule in monitor mode (`"monitor": true`), checked but never blocking. */
export function lintNotes(config: JValue, family: Family | null = null): Problem[] {
  const rules = config instanceof JObj ? config.get('rules') : undefined;
  if (!Array.isArray(rules)) return [];
  return check(config, family)
    .valid.map((index) => [index, rules[index]] as const)
    .filter(([, rule]) => rule instanceof JObj && rule.get('enabled') !== false && rule.get('monitor') === true)
    .map(([index, rule]) => ({
      path: `rules[${index}].monitor`,
      ruleIndex: index,
      ruleId: (rule as JObj).get('id') as string,
      severity: 'note' as const,
      code: 'monitored',
      params: {},
    }));
}

const strings = (v: JValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const CRITERIA: [string, boolean][] = [
  ['productIds', false],
  ['variantIds', false],
  ['productTags', true],
  ['collectionIds', false],
  ['vendors', true],
  ['productTypes', true],
];

/**
 * lint's warnings about valid, enabled rules that probably do not do what the
 * merchant wants, for the checks the editor ports: `min`/`multipleOf` at
 * CART_INTERACTION, a pattern too large to match more than a couple of
 * values, a pattern that matches everything (or the empty string) where
 * RegExp can stand in for regex-lite, contradictory `when` lists, an `except`
 * that excludes everything, an address rule that only judges countries its
 * `when` excludes, a key written twice, product terms that would push a
 * 200-line cart's input over 128,000 bytes, a military rule on delivery
 * fields that does not read the city (v1.2), a postal_format rule whose
 * `when.countries` has no country with a postal-code format (v1.2). (Variables warnings are the
 * CLI's only: the editor writes the variables itself.)
 */
export function lintWarnings(config: JValue, family: Family | null = null): Problem[] {
  const checked = check(config, family);
  const rules = config instanceof JObj ? config.get('rules') : undefined;
  if (!Array.isArray(rules)) return [];
  const out: Problem[] = repeatedKeys(config).map((path) => {
    const at = /^rules\[(\d+)\]/.exec(path);
    const index = at ? Number(at[1]) : null;
    const rule = index === null ? undefined : rules[index];
    const id = rule instanceof JObj ? rule.get('id') : undefined;
    const key = path.slice(path.lastIndexOf('.') + 1);
    return { path, ruleIndex: index, ruleId: typeof id === 'string' ? id : null, severity: 'warning' as const, code: 'repeated_key', params: { key } };
  });
  for (const index of checked.valid) {
    const rule = rules[index];
    if (!(rule instanceof JObj) || rule.get('enabled') === false) continue;
    const id = rule.get('id') as string;
    const warn = (path: string, code: string, params: Params = {}) => out.push({ path: `rules[${index}]${path}`, ruleIndex: index, ruleId: id, severity: 'warning', code, params });
    const kind = rule.get('kind') as string;
    const limits = familyOf(kind as never) === 'limits';
    if (limits && strings(rule.get('steps')).includes('CART_INTERACTION')) {
      const min = rule.has('min');
      const mult = rule.has('multipleOf') && kind !== 'distinct_lines';
      const bound = min && mult ? 'min_multiple_of' : min ? 'min' : mult ? 'multiple_of' : null;
      if (bound) warn('.steps', 'minimum_at_cart', { bound: textKey(`problem.bound.${bound}`), step: 'CART_INTERACTION' });
    }
    const tier = checked.patternTiers.get(index);
    const pattern = rule.get('pattern');
    if (tier !== undefined && typeof pattern === 'string') {
      // A run's whole matching budget (no input read, nothing compiled) over one 64-byte value's worst-case charge.
      const values = Math.floor(8_000_000 / ((64 + 8) * (1_000 + PATTERN_SIZE_TIERS[tier]! * 12)));
      if (values < 3)
        warn('.pattern', 'pattern_expensive', { tier: tier + 1, tiers: PATTERN_SIZE_TIERS.length, values });
      const everything = matchesEverything(pattern, rule.get('caseSensitive') === true);
      const mode = rule.get('mode') === 'require' ? 'require' : 'block';
      const required = rule.get('required') === true;
      if (everything !== null && !(mode === 'require' && required)) {
        if (mode === 'require' && everything.all)
          warn('.pattern', 'pattern_require_never_fires');
        else if (mode === 'require' && everything.empty)
          warn('.pattern', 'pattern_matches_empty');
        else if (mode === 'block' && everything.all) warn('.pattern', 'pattern_blocks_everything');
      }
    }
    // Contract v1.2: USPS writes APO, FPO or DPO as the city of a military address.
    const fields = strings(rule.get('fields'));
    if (kind === 'field_pattern' && rule.get('preset') === 'military' && fields.some((f) => f.startsWith('deliveryAddress.')) && !fields.includes('deliveryAddress.city'))
      warn('.fields', 'military_without_city');
    const when = rule.get('when');
    const w = when instanceof JObj ? when : new JObj();
    for (const [yesKey, noKey, folded] of [['countries', 'notCountries', false], ['customerTags', 'notCustomerTags', true]] as const) {
      const f = (s: string) => (folded ? fold(s) : s);
      const yes = strings(w.get(yesKey)).map(f);
      const no = strings(w.get(noKey)).map(f);
      const both = yes.filter((v) => no.includes(v));
      if (both.length === 0) continue;
      if (both.length === yes.length) warn(`.when.${noKey}`, 'when_contradiction', { yes: yesKey, no: noKey });
      else warn(`.when.${noKey}`, 'when_overlap', { values: both.map((b) => `"${b}"`).join(', '), yes: yesKey, no: noKey });
    }
    const lines = rule.get('lines');
    if (limits && lines instanceof JObj) {
      const except = lines.get('except');
      const e = except instanceof JObj ? except : new JObj();
      const list = (o: JObj, key: string, folded: boolean) => strings(o.get(key)).map((s) => (folded ? fold(s) : s));
      const includes = CRITERIA.some(([k, f]) => list(lines, k, f).length > 0);
      const covered = CRITERIA.every(([k, f]) => list(lines, k, f).every((v) => list(e, k, f).includes(v)));
      if (includes && covered) warn('.lines.except', 'except_covers_filter');
    }
    // Address rules that only judge countries their `when` excludes.
    const countries = strings(w.get('countries'));
    const notCountries = strings(w.get('notCountries'));
    const judged = (code: string) => (countries.length === 0 || countries.includes(code)) && !notCountries.includes(code);
    const country = rule.get('country');
    let never: [string, Params] | null = null;
    if ((kind === 'delivery_province' || kind === 'postal_code') && typeof country === 'string' && !judged(country)) {
      never = ['when_excludes_country', { country }];
    } else if (kind === 'delivery_country') {
      const allow = rule.has('allow');
      const codes = strings(rule.get(allow ? 'allow' : 'deny'));
      const breaks = (code: string) => codes.some((c) => c.toLowerCase() === code.trim().toLowerCase()) !== allow;
      if (countries.length > 0) {
        if (!countries.filter(judged).some(breaks)) never = ['when_countries_never_fire', {}];
      } else if (!allow && codes.every((c) => !judged(c))) never = ['when_excludes_denied', {}];
    } else if (
      kind === 'field_pattern' &&
      rule.get('preset') === 'postal_format' &&
      countries.length > 0 &&
      fields.every((f) => f.startsWith('deliveryAddress.')) &&
      !countries.some((c) => judged(c) && POSTAL_FORMAT_COUNTRIES.includes(c))
    ) {
      // v1.2: postal_format judges only countries with a postal-code format.
      never = ['when_countries_no_postal_format', {}];
    }
    if (never) warn('.when', ...never);
  }
  if (config instanceof JObj) {
    const limits = familyConfig(config, 'limits');
    const bytes = inputBytes(checked.terms, utf8Length(compact(limits.config)));
    const { productTags, collectionIds } = checked.terms;
    if (limits.rules > 0 && productTags.length + collectionIds.length > 0 && bytes > INPUT_LIMIT_BYTES) {
      out.push({
        path: 'config',
        ruleIndex: null,
        ruleId: null,
        severity: 'warning',
        code: 'input_too_large',
        params: {
          lines: LINES,
          bytes: { num: bytes },
          limit: { num: INPUT_LIMIT_BYTES },
          productTags: textKey('problem.term.product_tag', { count: productTags.length }),
          collectionIds: textKey('problem.term.collection_id', { count: collectionIds.length }),
        },
      });
    }
  }
  const order = (p: Problem) => (p.ruleIndex === null ? 0 : p.ruleIndex + 1);
  return out.map((p, i) => [p, i] as const).sort((a, b) => order(a[0]) - order(b[0]) || a[1] - b[1]).map(([p]) => p);
}

/** Paths of keys written twice in one object (`jsontext::repeated_keys`): only the last counts. */
export function repeatedKeys(json: JValue, path = '', found: string[] = []): string[] {
  if (json instanceof JObj) {
    json.entries.forEach(([key, value], i) => {
      const child = path === '' ? key : `${path}.${key}`;
      if (json.entries.slice(0, i).some(([k]) => k === key) && !found.includes(child)) found.push(child);
      repeatedKeys(value, child, found);
    });
  } else if (Array.isArray(json)) {
    json.forEach((item, i) => repeatedKeys(item, `${path}[${i}]`, found));
  }
  return found;
}

/** Values lint probes a pattern with: unrelated scripts, digits, punctuation, and one longer than any length limit. */
const PROBES = [
  'x',
  'Z9',
  '~',
  'é ü',
  '123 Main St',
  '京都',
  'a long value, longer than any length limit a merchant would set: ' + Array.from({ length: 20 }, () => '0123456789').join(' '),
];

/**
 * Whether a pattern matches every probe and the empty string, with
 * JavaScript's RegExp standing in for regex-lite where the two agree
 * (patterns without inline flags or regex-lite-only syntax); null where
 * they may not (lint's own answer is then not repeated here).
 */
export function matchesEverything(pattern: string, caseSensitive: boolean): { all: boolean; empty: boolean } | null {
  if (/\(\?|\\[AzpPxuU<>]|\\b\{|\[\[:|\\[^A-Za-z0-9]/.test(pattern)) return null;
  let re: RegExp;
  try {
    re = new RegExp(pattern, caseSensitive ? 'u' : 'iu');
  } catch {
    return null;
  }
  return { all: PROBES.every((p) => re.test(p)), empty: re.test('') };
}

const INPUT_LIMIT_BYTES = 128_000;
const LINES = 200;

/**
 * The CLI's estimate (cli/src/estimate.rs) of the order-limits function's
 * input for a 200-line cart: each line carries one answer per product tag and
 * collection id the config names (10 bytes each: read by position, no term
 * echoed), the cart one per customer tag.
 */
export function inputBytes(terms: { productTags: string[]; collectionIds: string[]; customerTags: string[] }, configBytes: number): number {
  const len = (s: string) => utf8Length(s);
  const tagBytes = terms.productTags.length * '{"h":false},'.length;
  const collectionBytes = terms.collectionIds.length * '{"m":false},'.length;
  const line =
    '{"q":12,"c":{"s":{"a":"1234.56"}},"m":{' +
    '"id":"gid://shopify/ProductVariant/44012345678901","r":true,"w":12.25,"u":"KILOGRAMS",' +
    `"p":{"id":"gid://shopify/Product/8012345678901","t":"${'T'.repeat(60)}","v":"${'V'.repeat(24)}","y":"${'Y'.repeat(16)}","g":[],"k":[]}}},`;
  const customer = terms.customerTags.reduce((n, t) => n + len(`{"tag":${quote(fold(t))},"hasTag":false},`), 0);
  const group = '{"deliveryAddress":{"countryCode":"US"},"selectedDeliveryOption":{"deliveryMethodType":"PICKUP_POINT"}},';
  const frame =
    '{"buyerJourney":{"step":"CHECKOUT_INTERACTION"},"cart":{"cost":{"subtotalAmount":' +
    '{"amount":"123456.78","currencyCode":"USD"}},"lines":[],"buyerIdentity":{"customer":' +
    '{"hasTags":[]},"purchasingCompany":{"__typename":"PurchasingCompany"}},"deliveryGroups":[]},' +
    '"localization":{"language":{"isoCode":"PT_BR"}},"presentmentCurrencyRate":"1.234567890123",' +
    '"validation":{"metafield":{"jsonValue":}}}';
  return frame.length + customer + 2 * group.length + configBytes + LINES * (line.length + tagBytes + collectionBytes);
}
