// The config checker, ported from the engine (src/config/mod.rs and
// problem.rs): the same problems, at the same JSON paths, in the same order,
// with the same wording as `checkout-guard lint`. The parity tests run the
// CLI on every example and fixture config, one broken config per problem
// kind, 32,000 mutated rules and a catalogue of patterns, and compare.
// Patterns are the one approximation: the engine compiles them with
// regex-lite; here pattern.ts checks regex-lite's syntax (its error texts
// included) and an estimate of the compiled size stands in for regex-lite's
// own measure (see `patternSize`).

import {
  allRuleKeys, COMMON_KEYS, CRITERIA_KEYS, DELIVERY_METHODS, FIELD_NAMES, FILTER_KEYS, familyOf, isKind, Kind, kindKeys,
  MAX_CUSTOMER_TAGS, MAX_MESSAGE_CHARS, MAX_PATTERN_CHARS, MAX_PRODUCT_TERMS, MAX_RULES, MODES, POSTAL_FORMAT_FIELDS, PRESETS, STEPS,
  TOP_KEYS, UNITS, WHEN_KEYS, Family,
} from './catalog';
import { JNum, JObj, JValue } from './json';
import { regexLiteError, regexLiteSize } from './pattern';
import { Param, Params, textKey } from './text';

/** error: the rule (or config) is skipped; skipped: a valid rule left out by design (disabled, other family); warning: lint's advice; note: lint's notes (nothing to fix). */
export type Severity = 'error' | 'skipped' | 'warning' | 'note';

export interface Problem {
  /** JSON path into the config: `rules[3].max`, `version`, `config`. */
  path: string;
  ruleIndex: number | null;
  ruleId: string | null;
  severity: Severity;
  /** What is wrong, as data: the locale text `problem.code.<code>` with these parameters (English = lint's wording). */
  code: string;
  params: Params;
}

/** Terms a valid rule names, with their spelling at first mention. */
export interface Terms {
  productTags: string[];
  collectionIds: string[];
  customerTags: string[];
}

export interface Checked {
  problems: Problem[];
  /** Indexes of the valid rules (enabled or not). */
  valid: number[];
  /** Distinct terms of the valid rules, in first-seen order, first spelling. */
  terms: Terms;
  /** The size tier (0-5) of each valid rule's own pattern, by rule index. */
  patternTiers: Map<number, number>;
}

const PATTERN_COMPILE_BUDGET = 2_000_000;
export const PATTERN_SIZE_TIERS = [256, 512, 1024, 2048, 4096, 8192];
const compileCost = (tier: number) => 20_000 + 60 * PATTERN_SIZE_TIERS[tier]!;

/** A short description of a value for messages (`Json::describe`). */
export function describe(v: JValue): Param {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (v instanceof JNum) return [...v.raw].slice(0, 24).join('');
  if (typeof v === 'string') {
    const chars = [...v];
    return '"' + chars.slice(0, 40).join('') + (chars.length > 40 ? '…' : '') + '"';
  }
  if (Array.isArray(v)) return textKey('problem.found.list');
  return textKey('problem.found.object');
}

/** `text::fold_char`: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic letters fold; other scripts compare exactly (UTF-8 lengths kept). */
function foldCode(c: number): number {
  const even = c % 2 === 0;
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c >= 0xc0 && c <= 0xde && c !== 0xd7) return c + 32;
  if (((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) && even && c !== 0x130) return c + 1;
  if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) && !even) return c + 1;
  if (c === 0x178) return 0xff;
  if (c >= 0x391 && c <= 0x3a9 && c !== 0x3a2) return c + 32;
  if (c === 0x386) return 0x3ac;
  if (c >= 0x388 && c <= 0x38a) return c + 37;
  if (c === 0x38c) return 0x3cc;
  if (c >= 0x38e && c <= 0x38f) return c + 63;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (((c >= 0x460 && c <= 0x481) || (c >= 0x48a && c <= 0x4bf) || (c >= 0x4d0 && c <= 0x4ff)) && even) return c + 1;
  if (c >= 0x4c1 && c <= 0x4ce && !even) return c + 1;
  return c;
}

/** Case folding for tags, vendors and product types (`text::fold`). */
export function fold(s: string): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(foldCode(ch.codePointAt(0)!));
  return out;
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Values longer than this (UTF-8 bytes) get no suggestion (`problem::MAX_SUGGESTED_BYTES`). */
const MAX_SUGGESTED_BYTES = 64;
const MAX_EDITS = 2;

/** `problem::edit_distance_within`: the distance when at most `max`, else null; only a band of `max` around the diagonal is computed. */
function editDistanceWithin(a: string[], b: string[], max: number): number | null {
  if (Math.abs(a.length - b.length) > max) return null;
  const FAR = Number.MAX_SAFE_INTEGER;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => (j <= max ? j : FAR));
  let current = new Array<number>(b.length + 1).fill(FAR);
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(0, i - max);
    const hi = Math.min(i + max, b.length);
    let left = lo === 0 ? i : FAR;
    let rowBest = left;
    if (lo === 0) current[0] = i;
    for (let j = Math.max(lo, 1); j <= hi; j++) {
      const cell = Math.min((previous[j - 1] ?? FAR) + (b[j - 1] === a[i - 1] ? 0 : 1), left + 1, (previous[j] ?? FAR) + 1);
      current[j] = cell;
      left = cell;
      rowBest = Math.min(rowBest, cell);
    }
    if (hi + 1 <= b.length) current[hi + 1] = FAR;
    if (rowBest > max) return null;
    [previous, current] = [current, previous];
  }
  const d = previous[b.length]!;
  return d <= max ? d : null;
}

/** The closest candidate within two edits, ASCII-case-insensitively ("did you mean"; `problem::suggest`). */
export function suggest(word: string, candidates: readonly string[]): string | null {
  if (new TextEncoder().encode(word).length > MAX_SUGGESTED_BYTES) return null;
  const w = [...asciiLower(word)];
  let best: string | null = null;
  let bestD = MAX_EDITS + 1;
  for (const c of candidates) {
    if (Math.abs(c.length - w.length) > MAX_EDITS) continue;
    const d = editDistanceWithin(w, [...asciiLower(c)], MAX_EDITS);
    if (d !== null && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** `config::MAX_LISTED_PROBLEMS`: problems listed one by one per config; past them each rule's are counted. */
export const MAX_LISTED_PROBLEMS = 20;
const NOT_LISTED = 'not_listed';
const notListed = (count: number): Params => ({ count, first: MAX_LISTED_PROBLEMS });
/** An `expected` parameter: a locale text (`problem.expected.<name>`). */
const expected = (name: string): Param => textKey(`problem.expected.${name}`);
/** An `expected` parameter listing the accepted names: "a, b or c". */
const oneOf = (names: readonly string[], quoted = false): Param => ({ list: names.map((n) => (quoted ? `"${n}"` : n)), join: 'or' });

/** Where the last `key` of an object stands (`key_position`); Infinity when absent. */
function keyPosition(json: JObj, key: string): number {
  for (let i = json.entries.length - 1; i >= 0; i--) if (json.entries[i]![0] === key) return i;
  return Infinity;
}

const I64_MAX = (1n << 63n) - 1n;
const I128_MAX = (1n << 127n) - 1n;
const inI128 = (v: bigint) => v <= I128_MAX && v >= -I128_MAX - 1n;

/** `read::parse_int`: digits with an optional minus, saturating. */
function parseInt64(raw: string): bigint | null {
  const neg = raw.startsWith('-');
  const digits = neg ? raw.slice(1) : raw;
  if (!/^[0-9]+$/.test(digits)) return null;
  let v = BigInt(digits);
  if (v > I64_MAX) v = I64_MAX;
  return neg ? -v : v;
}

function asInt(v: JValue | undefined): bigint | null {
  return v instanceof JNum ? parseInt64(v.raw) : null;
}

/** `decimal::parse_scaled`. */
function parseScaled(text: string, scale: number): bigint | null {
  const neg = text.startsWith('-');
  const digits = neg ? text.slice(1) : text;
  const dot = digits.indexOf('.');
  const whole = dot < 0 ? digits : digits.slice(0, dot);
  const fraction = dot < 0 ? '' : digits.slice(dot + 1);
  if (whole === '' || whole.length > 24 || !/^[0-9]+$/.test(whole)) return null;
  if (!/^[0-9]*$/.test(fraction) || (dot >= 0 && fraction === '')) return null;
  let value = BigInt(whole);
  let kept = 0;
  let roundUp = false;
  for (let i = 0; i < fraction.length; i++) {
    const b = fraction.charCodeAt(i) - 48;
    if (kept < scale) {
      value = value * 10n + BigInt(b);
      kept++;
    } else {
      roundUp = i === scale && b >= 5;
      break;
    }
  }
  while (kept < scale) {
    value *= 10n;
    kept++;
  }
  if (roundUp) value += 1n;
  return neg ? -value : value;
}

function divRound(value: bigint, divisor: bigint): bigint {
  const q = value / divisor;
  const r = value % divisor;
  const abs = r < 0n ? -r : r;
  return abs * 2n >= divisor ? q + (value > 0n ? 1n : value < 0n ? -1n : 0n) : q;
}

/** `decimal::parse_number`: a JSON number as written, in units of 10^-scale. */
function parseNumber(raw: string, scale: number): bigint | null {
  const e = raw.search(/[eE]/);
  let mantissa = raw;
  let exponent = 0;
  if (e >= 0) {
    mantissa = raw.slice(0, e);
    const exp = raw.slice(e + 1);
    if (!/^[+-]?[0-9]+$/.test(exp)) return null;
    const n = Number(exp);
    if (n > 2147483647 || n < -2147483648) return null;
    exponent = n;
  }
  const dot = mantissa.indexOf('.');
  const whole = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const fraction = dot < 0 ? '' : mantissa.slice(dot + 1);
  const shift = exponent - fraction.length + scale;
  let value = parseScaled(whole, 0);
  if (value === null) return null;
  for (const ch of fraction) {
    if (!/[0-9]/.test(ch)) return null;
    const digit = BigInt(ch.charCodeAt(0) - 48);
    value = value * 10n + (value < 0n || whole.startsWith('-') ? -digit : digit);
    if (!inI128(value)) return null;
  }
  if (shift >= 0) {
    if (shift > 38) return null;
    const out = value * 10n ** BigInt(shift);
    return inI128(out) ? out : null;
  }
  if (-shift > 38) return 0n;
  return divRound(value, 10n ** BigInt(-shift));
}

const NANOGRAMS: Record<string, bigint> = { g: 1_000_000_000n, kg: 1_000_000_000_000n, oz: 28_349_523_125n, lb: 453_592_370_000n };

function toNanograms(unit: string, raw: string): bigint | null {
  let micro = parseNumber(raw, 6);
  if (micro === null) return null;
  if (micro < 0n) micro = 0n;
  const product = micro * NANOGRAMS[unit]!;
  if (!inI128(product)) return null;
  return divRound(product, 1_000_000n);
}

const validId = (id: string) => id.length >= 1 && id.length <= 64 && /^[A-Za-z0-9_-]+$/.test(id);

function validLanguageTag(tag: string): boolean {
  const parts = tag.split('-');
  const language = parts[0]!;
  return /^[A-Za-z]{2,3}$/.test(language) && parts.slice(1).every((p) => /^[A-Za-z0-9]{2,8}$/.test(p));
}

const PLACEHOLDERS = ['min', 'max', 'multipleOf', 'actual', 'product', 'field'];

/** `message::Template::parse`: the placeholders, or the error (a problem code and its parameters). */
export function parseTemplate(text: string): { placeholders: string[] } | { error: string; params: Params } {
  const placeholders: string[] = [];
  let rest = text;
  for (;;) {
    const at = rest.search(/[{}]/);
    if (at < 0) return { placeholders };
    const brace = rest[at]!;
    const after = rest.slice(at + 1);
    if (after.startsWith(brace)) {
      rest = after.slice(1);
      continue;
    }
    if (brace === '}') return { error: 'template_lone_close', params: { braces: '}}' } };
    const end = after.search(/[{}]/);
    if (end < 0 || after[end] !== '}') return { error: 'template_lone_open', params: { braces: '{{' } };
    const name = after.slice(0, end);
    if (!PLACEHOLDERS.includes(name)) return { error: 'template_unknown_placeholder', params: { placeholder: `{${[...name].slice(0, 24).join('')}}` } };
    placeholders.push(name);
    rest = after.slice(end + 1);
  }
}

/** Why a placeholder cannot be filled (`problem.why.<name>`), or null. */
function unavailable(placeholder: string, kind: Kind, fill: { min: boolean; max: boolean; multipleOf: boolean }): string | null {
  const limits = familyOf(kind) === 'limits';
  if (placeholder === 'min' && !fill.min) return 'no_min';
  if (placeholder === 'max' && !fill.max) return 'no_max';
  if (placeholder === 'multipleOf' && !fill.multipleOf) return 'no_multiple_of';
  if (placeholder === 'actual' && !limits) return 'no_buyer_data';
  if (placeholder === 'product' && kind !== 'line_quantity' && kind !== 'product_quantity') return 'no_product';
  if (placeholder === 'field' && kind !== 'field_pattern') return 'no_field';
  return null;
}

class RuleChecker {
  /** The problems listed (at most the config's room). */
  problems: Problem[] = [];
  /** Problems found, listed or not: the rule is valid when there are none. */
  found = 0;
  ruleId: string | null = null;
  /** The size tier the rule's pattern compiled in (field_pattern with a pattern). */
  patternTier: number | null = null;
  constructor(
    readonly index: number,
    readonly budget: { left: number; cache: Map<string, number> },
    /** Problems the config may still list. */
    readonly room: { left: number },
  ) {}

  problem(sub: string, code: string, params: Params = {}, severity: Severity = 'error') {
    this.found++;
    if (this.room.left === 0) return;
    this.room.left--;
    this.problems.push({ path: `rules[${this.index}]${sub}`, ruleIndex: this.index, ruleId: this.ruleId, severity, code, params });
  }

  /** A value of the wrong type or shape; `what` names a `problem.expected` text. */
  wrong(sub: string, what: string, found: JValue) {
    this.problem(sub, 'wrong_type', { expected: expected(what), found: describe(found) });
  }

  unknownValue(sub: string, accepted: Param, found: Param) {
    this.problem(sub, 'unknown_value', { expected: accepted, found });
  }

  /** A list of strings; each item `valid` refuses is a problem (`what`: a `problem.expected` name, or the accepted values). */
  strings(json: JValue | undefined, path: string, what: string | Param, valid: (s: string) => boolean): string[] {
    if (json === undefined) return [];
    if (!Array.isArray(json)) {
      this.wrong(path, 'list', json);
      return [];
    }
    const out: string[] = [];
    json.forEach((item, i) => {
      if (typeof item === 'string' && valid(item)) out.push(item);
      else if (typeof what === 'string') this.wrong(`${path}[${i}]`, what, item);
      else this.unknownValue(`${path}[${i}]`, what, describe(item));
    });
    return out;
  }

  object(json: JValue, sub: string, keys: readonly string[]): JObj | null {
    if (!(json instanceof JObj)) {
      this.wrong(sub, 'object', json);
      return null;
    }
    for (const key of json.keys()) if (!keys.includes(key)) this.problem(`${sub}.${key}`, 'unknown_key', { key });
    return json;
  }

  check(json: JValue, seenIds: Map<string, number>, family: Family | null, terms: Terms): { kind: Kind; enabled: boolean } | null {
    if (!(json instanceof JObj)) {
      this.wrong('', 'rule_object', json);
      return null;
    }
    const idv = json.get('id');
    let id: string | null = null;
    if (typeof idv === 'string' && validId(idv)) id = idv;
    else if (idv !== undefined) this.wrong('.id', 'rule_id', idv);
    else this.problem('', 'missing_key', { key: 'id' });
    if (id !== null) {
      this.ruleId = id;
      const first = seenIds.get(id);
      if (first !== undefined) this.problem('.id', 'duplicate_id', { first });
      else seenIds.set(id, this.index);
    }
    const kv = json.get('kind');
    let kind: Kind | null = null;
    if (typeof kv === 'string') {
      if (isKind(kv)) kind = kv;
      else this.problem('.kind', 'unknown_kind', { found: describe(kv) });
    } else if (kv !== undefined) this.wrong('.kind', 'kind_name', kv);
    else this.problem('', 'missing_key', { key: 'kind' });
    if (kind !== null && family !== null && familyOf(kind) !== family) {
      this.problem('.kind', 'misplaced', { kind, kindLabel: textKey(`kind.${kind}`), family: textKey(`family.${familyOf(kind)}`) }, 'skipped');
      return null;
    }
    const all = allRuleKeys();
    for (const key of json.keys()) {
      if (COMMON_KEYS.includes(key) || kind === null || kindKeys(kind).includes(key)) continue;
      if (all.includes(key)) this.problem(`.${key}`, 'key_not_for_kind', { key, kind: kind!, kindLabel: textKey(`kind.${kind}`) });
      else this.problem(`.${key}`, 'unknown_key', { key });
    }
    const ev = json.get('enabled');
    let enabled = true;
    if (ev === false) enabled = false;
    else if (ev !== undefined && ev !== true) this.wrong('.enabled', 'boolean', ev);
    const mv = json.get('monitor');
    if (mv !== undefined && typeof mv !== 'boolean') this.wrong('.monitor', 'boolean', mv);
    this.steps(json.get('steps'));
    this.when(json.get('when'), terms);
    const fill = { min: false, max: false, multipleOf: false };
    const checkOk = kind !== null && this.kindCheck(kind, json, fill, terms);
    const messageOk = this.message(json.get('message'), kind, fill);
    if (kind === null || !checkOk || !messageOk || id === null) return null;
    return { kind, enabled };
  }

  steps(json: JValue | undefined) {
    if (json === undefined) return;
    if (!Array.isArray(json)) return this.wrong('.steps', 'steps_list', json);
    if (json.length === 0) return this.problem('.steps', 'empty_list');
    json.forEach((item, i) => {
      if (typeof item === 'string') {
        if (!STEPS.includes(item)) this.unknownValue(`.steps[${i}]`, oneOf(STEPS), describe(item));
      } else this.wrong(`.steps[${i}]`, 'step_name', item);
    });
  }

  when(json: JValue | undefined, terms: Terms) {
    if (json === undefined) return;
    const w = this.object(json, '.when', WHEN_KEYS);
    if (!w) return;
    const country = (s: string) => /^[A-Z]{2}$/.test(s);
    const COUNTRY = 'country_code';
    const tag = (s: string) => s.trim() !== '' && [...s].length <= 255;
    this.strings(w.get('countries'), '.when.countries', COUNTRY, country);
    this.strings(w.get('notCountries'), '.when.notCountries', COUNTRY, country);
    const ct = this.strings(w.get('customerTags'), '.when.customerTags', 'tag', tag);
    const nct = this.strings(w.get('notCustomerTags'), '.when.notCustomerTags', 'tag', tag);
    this.strings(w.get('currencies'), '.when.currencies', 'currency_code', (s) => /^[A-Z]{3}$/.test(s));
    this.strings(w.get('deliveryMethods'), '.when.deliveryMethods', oneOf(DELIVERY_METHODS), (s) => DELIVERY_METHODS.includes(s));
    const b2b = w.get('b2b');
    if (b2b !== undefined && typeof b2b !== 'boolean') this.wrong('.when.b2b', 'boolean', b2b);
    // Terms as written, in the order of the config's text.
    if (keyPosition(w, 'notCustomerTags') < keyPosition(w, 'customerTags')) terms.customerTags.push(...nct, ...ct);
    else terms.customerTags.push(...ct, ...nct);
  }

  criteria(json: JObj, sub: string, terms: Terms) {
    const gid = (prefix: string) => (s: string) => s.startsWith(prefix) && /^[0-9]+$/.test(s.slice(prefix.length));
    const text = (s: string) => s.trim() !== '';
    this.strings(json.get('productIds'), `${sub}.productIds`, 'product_gid', gid('gid://shopify/Product/'));
    this.strings(json.get('variantIds'), `${sub}.variantIds`, 'variant_gid', gid('gid://shopify/ProductVariant/'));
    const collections = this.strings(json.get('collectionIds'), `${sub}.collectionIds`, 'collection_gid', gid('gid://shopify/Collection/'));
    // Shopify caps tags at 255 characters (as `when.customerTags` checks).
    const tag = (s: string) => s.trim() !== '' && [...s].length <= 255;
    const tags = this.strings(json.get('productTags'), `${sub}.productTags`, 'tag', tag);
    this.strings(json.get('vendors'), `${sub}.vendors`, 'vendor', text);
    this.strings(json.get('productTypes'), `${sub}.productTypes`, 'product_type', text);
    terms.productTags.push(...tags);
    terms.collectionIds.push(...collections);
  }

  lineFilter(json: JValue | undefined, terms: Terms) {
    if (json === undefined) return;
    const f = this.object(json, '.lines', FILTER_KEYS);
    if (!f) return;
    // Terms are collected in the order of the config's text.
    const include: Terms = { productTags: [], collectionIds: [], customerTags: [] };
    const excluded: Terms = { productTags: [], collectionIds: [], customerTags: [] };
    this.criteria(f, '.lines', include);
    const except = f.get('except');
    if (except !== undefined) {
      const e = this.object(except, '.lines.except', CRITERIA_KEYS);
      if (e) this.criteria(e, '.lines.except', excluded);
    }
    if (keyPosition(f, 'except') < keyPosition(f, 'productTags')) terms.productTags.push(...excluded.productTags, ...include.productTags);
    else terms.productTags.push(...include.productTags, ...excluded.productTags);
    terms.collectionIds.push(...include.collectionIds, ...excluded.collectionIds);
  }

  limit(json: JObj, min: bigint | null, max: bigint | null, bounds: string, fill: { min: boolean; max: boolean; multipleOf: boolean }, terms: Terms): boolean {
    this.lineFilter(json.get('lines'), terms);
    fill.min = json.has('min');
    fill.max = json.has('max');
    fill.multipleOf = json.has('multipleOf');
    if (!fill.min && !fill.max && !fill.multipleOf) {
      this.problem('', 'no_bound', { bounds });
      return false;
    }
    if (min !== null && max !== null && min > max) {
      this.problem('.min', 'min_above_max');
      return false;
    }
    return true;
  }

  kindCheck(kind: Kind, json: JObj, fill: { min: boolean; max: boolean; multipleOf: boolean }, terms: Terms): boolean {
    switch (kind) {
      case 'line_quantity':
      case 'product_quantity':
      case 'cart_quantity':
      case 'distinct_lines': {
        const count = (key: string): bigint | null => {
          const v = json.get(key);
          if (v === undefined) return null;
          const n = asInt(v);
          if (n !== null && n >= 1n) return n;
          this.wrong(`.${key}`, 'whole_number', v);
          return null;
        };
        const min = count('min');
        const max = count('max');
        if (kind !== 'distinct_lines') count('multipleOf');
        return this.limit(json, min, max, kind === 'distinct_lines' ? 'min, max' : 'min, max, multipleOf', fill, terms);
      }
      case 'cart_subtotal': {
        const amount = (key: string): bigint | null => {
          const v = json.get(key);
          if (v === undefined) return null;
          const micros = typeof v === 'string' ? parseScaled(v, 6) : null;
          if (micros !== null && micros >= 0n) return micros;
          this.wrong(`.${key}`, 'decimal_amount', v);
          return null;
        };
        const min = amount('min');
        const max = amount('max');
        return this.limit(json, min, max, 'min, max', fill, terms);
      }
      case 'cart_weight': {
        const uv = json.get('unit');
        let unit: string | null = null;
        if (uv === undefined) this.problem('', 'missing_key', { key: 'unit' });
        else if (typeof uv === 'string' && UNITS.includes(uv)) unit = uv;
        else this.unknownValue('.unit', oneOf(UNITS), describe(uv));
        const weight = (key: string): bigint | null => {
          const v = json.get(key);
          if (v === undefined) return null;
          const raw = v instanceof JNum && !v.raw.startsWith('-') ? v.raw : null;
          if (raw !== null && unit !== null) {
            const ng = toNanograms(unit, raw);
            if (ng === null) this.wrong(`.${key}`, 'weight', v);
            return ng;
          }
          if (raw !== null) return null;
          this.wrong(`.${key}`, 'weight', v);
          return null;
        };
        const min = weight('min');
        const max = weight('max');
        return this.limit(json, min, max, 'min, max', fill, terms) && unit !== null;
      }
      case 'field_pattern':
        return this.fieldPattern(json);
      case 'delivery_country':
        return this.allowDeny(json, 'country_code', (s) => /^[A-Z]{2}$/.test(s));
      case 'delivery_province': {
        const country = this.country(json.get('country'), true);
        const list = this.allowDeny(json, 'province_code', (s) => s.trim() !== '');
        return list && country;
      }
      case 'postal_code': {
        const cv = json.get('country');
        const country = cv === undefined ? true : this.country(cv, false);
        const list = this.allowDeny(json, 'postal_code', (s) => s.trim() !== '' && s.trim() !== '*');
        return list && country;
      }
    }
  }

  country(json: JValue | undefined, required: boolean): boolean {
    if (typeof json === 'string' && /^[A-Z]{2}$/.test(json)) return true;
    if (json !== undefined) this.wrong('.country', 'country_code', json);
    else if (required) this.problem('', 'missing_key', { key: 'country' });
    return false;
  }

  allowDeny(json: JObj, expected: string, valid: (s: string) => boolean): boolean {
    const allow = json.get('allow');
    const deny = json.get('deny');
    if (allow !== undefined && deny !== undefined) {
      this.problem('', 'either_not_both', { a: 'allow', b: 'deny' });
      return false;
    }
    if (allow === undefined && deny === undefined) {
      this.problem('', 'one_of_required', { a: 'allow', b: 'deny' });
      return false;
    }
    const key = allow !== undefined ? '.allow' : '.deny';
    const before = this.found;
    const entries = this.strings(allow !== undefined ? allow : deny, key, expected, valid);
    if (this.found > before) return false;
    if (entries.length === 0) {
      this.problem(key, 'empty_list');
      return false;
    }
    return true;
  }

  fieldPattern(json: JObj): boolean {
    const flag = (key: string): boolean => {
      const v = json.get(key);
      if (v === undefined) return false;
      if (typeof v === 'boolean') return v;
      this.wrong(`.${key}`, 'boolean', v);
      return false;
    };
    flag('required');
    const caseSensitive = flag('caseSensitive');
    const mv = json.get('mode');
    let modeOk = true;
    if (mv !== undefined && !(typeof mv === 'string' && MODES.includes(mv))) {
      this.unknownValue('.mode', oneOf(MODES, true), describe(mv));
      modeOk = false;
    }
    const fv = json.get('fields');
    let fieldsOk = false;
    if (fv === undefined) this.problem('', 'missing_key', { key: 'fields' });
    else if (Array.isArray(fv) && fv.length === 0) this.problem('.fields', 'empty_list');
    else if (Array.isArray(fv)) {
      fieldsOk = true;
      const seen: string[] = [];
      fv.forEach((item, i) => {
        if (typeof item === 'string' && FIELD_NAMES.includes(item)) {
          if (seen.includes(item)) this.wrong(`.fields[${i}]`, 'field_once', item);
          else seen.push(item);
        } else {
          const s = typeof item === 'string' ? suggest(item, FIELD_NAMES) : null;
          const found = s === null ? describe(item) : textKey('problem.found.suggested', { found: describe(item), suggestion: s });
          this.unknownValue(`.fields[${i}]`, expected('field_name'), found);
        }
      });
    } else this.wrong('.fields', 'field_list', fv);
    const pv = json.get('pattern');
    const sv = json.get('preset');
    let matcherOk = false;
    if (pv !== undefined && sv !== undefined) this.problem('', 'either_not_both', { a: 'pattern', b: 'preset' });
    else if (pv === undefined && sv === undefined) this.problem('', 'one_of_required', { a: 'pattern', b: 'preset' });
    else if (sv !== undefined) {
      if (typeof sv === 'string' && PRESETS.includes(sv)) matcherOk = true;
      else this.unknownValue('.preset', oneOf(PRESETS, true), describe(sv));
    } else if (typeof pv === 'string') matcherOk = this.pattern(pv, caseSensitive);
    else this.wrong('.pattern', 'regex_string', pv!);
    // Contract v1.2: postal_format reads postal codes, in require mode only (mode omitted = require).
    if (matcherOk && modeOk && sv === 'postal_format') {
      const before = this.found;
      if (mv === 'block') this.wrong('.mode', 'postal_format_mode', mv);
      if (Array.isArray(fv))
        fv.forEach((item, i) => {
          if (typeof item === 'string' && FIELD_NAMES.includes(item) && !POSTAL_FORMAT_FIELDS.includes(item)) this.wrong(`.fields[${i}]`, 'postal_format_field', item);
        });
      if (this.found > before) return false;
    }
    return matcherOk && modeOk && fieldsOk;
  }

  pattern(pattern: string, caseSensitive: boolean): boolean {
    const chars = [...pattern].length;
    if (chars > MAX_PATTERN_CHARS) {
      this.problem('.pattern', 'pattern_too_long', { chars, limit: MAX_PATTERN_CHARS });
      return false;
    }
    if (chars === 0) {
      this.problem('.pattern', 'pattern_invalid', { reason: textKey('problem.regex.empty') });
      return false;
    }
    const key = `${caseSensitive}:${pattern}`;
    const known = this.budget.cache.get(key);
    if (known !== undefined) {
      this.patternTier = known;
      return true;
    }
    const syntax = regexLiteError(pattern);
    // regex-lite's measure on a 64-bit build, against the limits the engine scales by 5/4 there (as the CLI does).
    const size = syntax === null ? regexLiteSize(pattern, caseSensitive) : 0;
    const guess = new TextEncoder().encode(pattern).length * 32;
    const first = Math.max(0, PATTERN_SIZE_TIERS.findIndex((l) => l >= guess));
    const firstTier = PATTERN_SIZE_TIERS.findIndex((l) => l >= guess) < 0 ? PATTERN_SIZE_TIERS.length - 1 : first;
    for (let tier = firstTier; tier < PATTERN_SIZE_TIERS.length; tier++) {
      if (compileCost(tier) > this.budget.left) {
        this.budget.left = 0;
        this.problem('.pattern', 'pattern_compile_budget', { limit: PATTERN_COMPILE_BUDGET });
        return false;
      }
      if (syntax !== null) {
        this.problem('.pattern', 'pattern_invalid', { reason: textKey(`problem.regex.${syntax}`) });
        return false;
      }
      if (size <= (PATTERN_SIZE_TIERS[tier]! * 5) / 4) {
        this.budget.left -= compileCost(tier);
        this.budget.cache.set(key, tier);
        this.patternTier = tier;
        return true;
      }
    }
    this.problem('.pattern', 'pattern_oversized');
    return false;
  }

  message(json: JValue | undefined, kind: Kind | null, fill: { min: boolean; max: boolean; multipleOf: boolean }): boolean {
    if (json === undefined) {
      this.problem('', 'missing_key', { key: 'message' });
      return false;
    }
    let entries: [string | null, JValue][];
    if (typeof json === 'string') entries = [[null, json]];
    else if (json instanceof JObj && json.entries.length > 0) entries = json.entries.map(([k, v]) => [k, v]);
    else if (json instanceof JObj) {
      this.wrong('.message', 'messages_object', json);
      return false;
    } else {
      this.wrong('.message', 'message_value', json);
      return false;
    }
    const before = this.found;
    let templates = 0;
    const seen: string[] = [];
    for (const [given, text] of entries) {
      const sub = given === null ? '.message' : `.message.${given}`;
      const tag = given ?? 'default';
      // Keys compare case-insensitively: "DEFAULT", "EN" and "Pt-br" are keys.
      if (asciiLower(tag) !== 'default' && !validLanguageTag(tag)) {
        this.wrong(sub, 'language_tag', tag);
        continue;
      }
      const lower = asciiLower(tag);
      if (seen.includes(lower)) {
        this.wrong(sub, 'language_once', tag);
        continue;
      }
      seen.push(lower);
      if (typeof text !== 'string') {
        this.wrong(sub, 'message_string', text);
        continue;
      }
      const chars = [...text].length;
      if (chars === 0 || chars > MAX_MESSAGE_CHARS) {
        this.problem(sub, 'message_length', { chars });
        continue;
      }
      const t = parseTemplate(text);
      if ('error' in t) this.problem(sub, t.error, t.params);
      else {
        for (const p of t.placeholders) {
          const why = kind === null ? null : unavailable(p, kind, fill);
          if (why !== null) this.problem(sub, 'placeholder_unavailable', { placeholder: `{${p}}`, why: textKey(`problem.why.${why}`) });
        }
        templates++;
      }
    }
    return this.found === before && templates > 0;
  }
}

/** Checks a config as `checkout_guard::config::compile` does; `family` as the function of that family sees it, null as lint does. */
export function check(config: JValue | undefined, family: Family | null = null): Checked {
  const out: Checked = { problems: [], valid: [], terms: { productTags: [], collectionIds: [], customerTags: [] }, patternTiers: new Map() };
  const top = (path: string, code: string, params: Params = {}) => out.problems.push({ path, ruleIndex: null, ruleId: null, severity: 'error', code, params });
  if (config === undefined || config === null) {
    top('config', 'config_missing');
    return out;
  }
  if (!(config instanceof JObj)) {
    top('config', 'wrong_type', { expected: expected('config_object'), found: describe(config) });
    return out;
  }
  let unlisted = 0;
  for (const key of config.keys()) {
    if (TOP_KEYS.includes(key)) continue;
    if (out.problems.length >= MAX_LISTED_PROBLEMS) unlisted++;
    else top(key, 'unknown_key', { key });
  }
  if (unlisted > 0) top('config', NOT_LISTED, notListed(unlisted));
  const version = config.get('version');
  if (version === undefined) top('version', 'missing_key', { key: 'version' });
  else if (asInt(version) !== 1n) top('version', 'unsupported_version', { found: describe(version) });
  const rules = config.get('rules');
  if (rules === undefined) top('rules', 'missing_key', { key: 'rules' });
  else if (!Array.isArray(rules)) top('rules', 'wrong_type', { expected: expected('rules_list'), found: describe(rules) });
  if (out.problems.length > 0 || !Array.isArray(rules)) {
    top('config', 'config_rejected');
    return out;
  }
  const seenIds = new Map<string, number>();
  const budget = { left: PATTERN_COMPILE_BUDGET, cache: new Map<string, number>() };
  const room = { left: MAX_LISTED_PROBLEMS };
  const folded = { product: new Set<string>(), collection: new Set<string>(), customer: new Set<string>() };
  rules.slice(0, MAX_RULES).forEach((json, index) => {
    const checker = new RuleChecker(index, budget, room);
    const terms: Terms = { productTags: [], collectionIds: [], customerTags: [] };
    const rule = checker.check(json, seenIds, family, terms);
    let ok = rule !== null && checker.found === 0;
    if (ok) {
      const productNew = new Set(terms.productTags.map(fold).filter((t) => !folded.product.has(t)));
      const collectionNew = new Set(terms.collectionIds.filter((c) => !folded.collection.has(c)));
      if (folded.product.size + folded.collection.size + productNew.size + collectionNew.size > MAX_PRODUCT_TERMS) {
        checker.problem('.lines', 'too_many_terms', { limit: MAX_PRODUCT_TERMS, what: textKey('problem.term.product_terms') });
        ok = false;
      }
      const customerNew = new Set(terms.customerTags.map(fold).filter((t) => !folded.customer.has(t)));
      if (folded.customer.size + customerNew.size > MAX_CUSTOMER_TAGS) {
        checker.problem('.when', 'too_many_terms', { limit: MAX_CUSTOMER_TAGS, what: textKey('problem.term.customer_tags') });
        ok = false;
      }
      if (ok) {
        const add = (list: string[], seen: Set<string>, items: string[], key: (s: string) => string) => {
          for (const item of items) {
            if (!seen.has(key(item))) {
              seen.add(key(item));
              list.push(item);
            }
          }
        };
        add(out.terms.productTags, folded.product, terms.productTags, fold);
        add(out.terms.collectionIds, folded.collection, terms.collectionIds, (s) => s);
        add(out.terms.customerTags, folded.customer, terms.customerTags, fold);
      }
    }
    const unlistedHere = checker.found - checker.problems.length;
    // Always listed: every invalid rule is named at least once.
    if (unlistedHere > 0)
      checker.problems.push({ path: `rules[${index}]`, ruleIndex: index, ruleId: checker.ruleId, severity: 'error', code: NOT_LISTED, params: notListed(unlistedHere) });
    out.problems.push(...checker.problems);
    if (ok && rule) {
      out.valid.push(index);
      if (checker.patternTier !== null) out.patternTiers.set(index, checker.patternTier);
      if (!rule.enabled)
        out.problems.push({ path: `rules[${index}].enabled`, ruleIndex: index, ruleId: checker.ruleId, severity: 'skipped', code: 'disabled', params: {} });
    }
  });
  if (rules.length > MAX_RULES) {
    // Named like every other problem: the first skipped rule's path and id.
    const first = rules[MAX_RULES];
    const idv = first instanceof JObj ? first.get('id') : undefined;
    out.problems.push({
      path: `rules[${MAX_RULES}]`,
      ruleIndex: MAX_RULES,
      ruleId: typeof idv === 'string' && validId(idv) ? idv : null,
      severity: 'error',
      code: 'too_many_rules',
      params: { skipped: rules.length - MAX_RULES, limit: MAX_RULES },
    });
  }
  return out;
}

