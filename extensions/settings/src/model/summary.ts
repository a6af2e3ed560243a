// A rule in one line, in the merchant's language: what it limits or blocks,
// the lines it counts, when it applies, the steps it is checked at and its
// mode ("At most 5 of each product per line · products tagged winter ·
// checked in the cart and at checkout"). Built as texts with parameters
// (summary.* in the locales), rendered with the admin's translate.

import { FIELD_NAMES, FILTER_KEYS, isKind, Kind, familyOf, STEPS } from './catalog';
import { JNum, JObj, JValue } from './json';
import { idOf, RESOURCE_OF } from './resource';
import { Param, render, Text, textKey, Translate } from './text';

const SEPARATOR = ' · ';
/** Long lists show their first items and "N more". */
const SHOWN_ITEMS = 4;

const raw = (v: JValue | undefined): string => (typeof v === 'string' ? v : v instanceof JNum ? v.raw : '');
const strings = (v: JValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : []);

function list(items: Param[], join: 'or' | 'and'): Param {
  if (items.length <= SHOWN_ITEMS + 1) return { list: items, join };
  return { list: [...items.slice(0, SHOWN_ITEMS), textKey('summary.more', { count: items.length - SHOWN_ITEMS })], join };
}

function countryNames(locale: string): (code: string) => string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  } catch {
    names = null;
  }
  return (code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

function bounds(kind: Kind, rule: JObj): Text[] {
  const min = raw(rule.get('min'));
  const max = raw(rule.get('max'));
  const multipleOf = kind === 'distinct_lines' || kind === 'cart_subtotal' || kind === 'cart_weight' ? '' : raw(rule.get('multipleOf'));
  const unit = raw(rule.get('unit'));
  const params = { min, max, multipleOf, unit };
  const shape = min && max ? 'range' : min ? 'min' : max ? 'max' : multipleOf ? 'multiple' : null;
  if (shape === null) return [{ key: 'summary.bounds.none', params: {} }];
  const out: Text[] = [{ key: `summary.bounds.${kind}.${shape}`, params }];
  if (multipleOf && shape !== 'multiple') out.push({ key: 'summary.multipleOf', params });
  return out;
}

/** "products tagged winter or from Acme" for a filter's criteria (`lines` or `lines.except`). */
function criteria(filter: JObj): Param | null {
  const parts: Param[] = [];
  for (const key of FILTER_KEYS.slice(0, -1)) {
    const values = strings(filter.get(key));
    if (values.length === 0) continue;
    const type = RESOURCE_OF[key];
    const items = values.map((v): Param => {
      const id = type ? idOf(v, type) : null;
      return id === null ? v : textKey('summary.lines.id', { id });
    });
    parts.push(textKey(`summary.lines.${key}`, { list: list(items, 'or') }));
  }
  return parts.length === 0 ? null : list(parts, 'or');
}

function lines(rule: JObj): Text[] {
  const filter = rule.get('lines');
  if (!(filter instanceof JObj)) return [];
  const out: Text[] = [];
  const include = criteria(filter);
  if (include !== null) out.push({ key: 'summary.lines.include', params: { criteria: include } });
  const except = filter.get('except');
  const excluded = except instanceof JObj ? criteria(except) : null;
  if (excluded !== null) out.push({ key: 'summary.lines.except', params: { criteria: excluded } });
  return out;
}

function when(rule: JObj, country: (code: string) => string): Text[] {
  const w = rule.get('when');
  if (!(w instanceof JObj)) return [];
  const out: Text[] = [];
  const each = (key: string, name: (s: string) => Param = (s) => s, all = false) => {
    const values = strings(w.get(key)).map(name);
    if (values.length > 0) out.push({ key: `summary.when.${key}`, params: { list: all ? { list: values, join: 'or' } : list(values, 'or') } });
  };
  each('countries', country);
  each('notCountries', country);
  each('customerTags');
  each('notCustomerTags');
  const b2b = w.get('b2b');
  if (b2b === true) out.push({ key: 'summary.when.b2bTrue', params: {} });
  if (b2b === false) out.push({ key: 'summary.when.b2bFalse', params: {} });
  each('currencies');
  // Six methods at most: all named.
  each('deliveryMethods', (m) => textKey(`summary.method.${m}`), true);
  return out;
}

/** The steps a rule is checked at, explicit or the contract's defaults. */
function steps(kind: Kind, rule: JObj): Text[] {
  const given = strings(rule.get('steps')).filter((s) => STEPS.includes(s));
  let at: string[];
  if (given.length > 0) at = given;
  else if (familyOf(kind) === 'address') return [];
  // Defaults: a max at all three steps, min and multipleOf at the two checkout steps.
  else at = rule.has('max') ? STEPS : STEPS.slice(1);
  const phrases: Param[] = [];
  if (at.includes('CART_INTERACTION')) phrases.push(textKey('summary.step.cart'));
  const interaction = at.includes('CHECKOUT_INTERACTION');
  const completion = at.includes('CHECKOUT_COMPLETION');
  if (interaction && completion) phrases.push(textKey('summary.step.checkout'));
  else if (interaction) phrases.push(textKey('summary.step.interaction'));
  else if (completion) phrases.push(textKey('summary.step.completion'));
  return [{ key: 'summary.steps', params: { list: { list: phrases, join: 'and' } } }];
}

const GROUPS = ['deliveryAddress', 'billingAddress', 'buyerIdentity'];

/** "shipping address lines 1 and 2 and the buyer's email". */
function fields(names: string[]): Param {
  const groups: Param[] = [];
  const unknown: Param[] = [];
  for (const group of GROUPS) {
    let own = names.filter((n) => n.startsWith(`${group}.`) && FIELD_NAMES.includes(n)).map((n) => n.slice(group.length + 1));
    if (own.length === 0) continue;
    const items: Param[] = [];
    if (own.includes('address1') && own.includes('address2')) {
      own = own.filter((f) => f !== 'address2');
      own = own.map((f) => (f === 'address1' ? 'lines12' : f));
    }
    for (const f of own) items.push(textKey(`summary.field.${f}`));
    groups.push(textKey(`summary.group.${group}`, { fields: { list: items, join: 'and' } }));
  }
  for (const n of names) if (!FIELD_NAMES.includes(n)) unknown.push(n);
  return { list: [...groups, ...unknown], join: 'and' };
}

function fieldPattern(rule: JObj): Text[] {
  const preset = raw(rule.get('preset'));
  // postal_format (v1.2) works in require mode, which an omitted mode means for it.
  const mode = rule.get('mode') === 'require' || (preset === 'postal_format' && !rule.has('mode')) ? 'require' : 'block';
  const pattern = raw(rule.get('pattern'));
  const names = strings(rule.get('fields'));
  const params = { fields: fields(names), pattern: `/${pattern}/` };
  const matcher = preset === 'po_box' || preset === 'military' || preset === 'postal_format' ? preset : 'pattern';
  if (matcher === 'pattern' && preset) params.pattern = preset;
  const out: Text[] = [{ key: `summary.pattern.${mode}.${matcher}`, params }];
  if (rule.get('caseSensitive') === true && rule.has('pattern')) out.push({ key: 'summary.caseSensitive', params: {} });
  if (rule.get('required') === true) out.push({ key: 'summary.required', params: {} });
  return out;
}

function lists(kind: Kind, rule: JObj, country: (code: string) => string): Text[] {
  const allow = rule.has('allow') || !rule.has('deny');
  const values = strings(rule.get(allow ? 'allow' : 'deny'));
  const mode = allow ? 'allow' : 'deny';
  const code = raw(rule.get('country'));
  if (kind === 'delivery_country') return [{ key: `summary.country.${mode}`, params: { list: list(values.map(country), 'or') } }];
  if (kind === 'delivery_province') return [{ key: `summary.province.${mode}`, params: { list: list(values, 'or'), country: code ? country(code) : '—' } }];
  return [{ key: `summary.postal.${mode}${code ? 'In' : ''}`, params: { list: list(values, 'or'), country: code ? country(code) : '' } }];
}

/** The summary's parts, as texts with parameters (empty for a rule of no known kind). */
export function summaryParts(rule: JValue | undefined, locale: string): Text[] {
  if (!(rule instanceof JObj)) return [];
  const kindName = rule.get('kind');
  if (typeof kindName !== 'string' || !isKind(kindName)) return [];
  const kind = kindName;
  const country = countryNames(locale);
  const out: Text[] = [];
  if (familyOf(kind) === 'limits') out.push(...bounds(kind, rule), ...lines(rule));
  else if (kind === 'field_pattern') out.push(...fieldPattern(rule));
  else out.push(...lists(kind, rule, country));
  out.push(...when(rule, country), ...steps(kind, rule));
  if (rule.get('enabled') === false) out.push({ key: 'summary.disabled', params: {} });
  else if (rule.get('monitor') === true) out.push({ key: 'summary.monitor', params: {} });
  return out;
}

export function summarize(rule: JValue | undefined, t: Translate, locale: string): string {
  return summaryParts(rule, locale)
    .map((p) => render(t, locale, p.key, p.params))
    .join(SEPARATOR);
}
