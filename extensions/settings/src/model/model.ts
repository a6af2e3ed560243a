// The editor's form model: a config as the editor holds it, and every edit
// the form makes, as pure functions (no DOM). Rules are kept as JSON trees,
// so keys the form does not model, number spellings and key order survive a
// load and save untouched; the form reads and writes typed values through
// the helpers below.

import { Family, familyOf, isKind, Kind, MAX_RULES } from './catalog';
import { check, Checked, Problem } from './check';
import { compact, JNum, JObj, JsonError, JValue, parse, utf8Length } from './json';
import { lintNotes, lintWarnings, sizeProblem } from './lint';
import { variablesOf, variablesText } from './variables';

export const NAMESPACE = '$app:checkout-guard';

export interface Metafield {
  namespace: string;
  key: string;
  value: string;
  type?: string;
}

export interface Draft {
  family: Family;
  /** The config's top level; its `rules` entry is replaced by `rules` when written. */
  root: JObj;
  rules: JValue[];
  /** Stable keys for rendering, one per rule. */
  uids: number[];
  next: number;
}

export type Loaded = { draft: Draft } | { error: string; text: string };

/** `$app:checkout-guard` as written, or as the admin resolves it (`app--<id>--checkout-guard`). */
export function ownNamespace(namespace: string): boolean {
  return namespace === NAMESPACE || /^app--\d+--checkout-guard$/.test(namespace);
}

export function emptyConfig(): JObj {
  return new JObj([
    ['version', new JNum('1')],
    ['rules', []],
  ]);
}

export function draftOf(config: JValue, family: Family): Loaded {
  const root = config instanceof JObj ? config : emptyConfig();
  const rules = root.get('rules');
  const list = Array.isArray(rules) ? [...rules] : [];
  if (!(config instanceof JObj) || !Array.isArray(rules)) return { error: 'not-a-config', text: compact(config) };
  return { draft: { family, root, rules: list, uids: list.map((_, i) => i), next: list.length } };
}

export function load(metafields: readonly Metafield[] | undefined, family: Family): Loaded {
  const field = (metafields ?? []).find((m) => m.key === 'config' && ownNamespace(m.namespace));
  if (!field) return draftOf(emptyConfig(), family);
  try {
    return draftOf(parse(field.value), family);
  } catch (e) {
    return { error: e instanceof JsonError ? e.message : 'invalid JSON', text: field.value };
  }
}

export function configOf(draft: Draft): JObj {
  return draft.root.with('rules', draft.rules);
}

export function configText(draft: Draft): string {
  return compact(configOf(draft));
}

export function ruleFamily(rule: JValue): Family | null {
  if (!(rule instanceof JObj)) return null;
  const kind = rule.get('kind');
  return typeof kind === 'string' && isKind(kind) ? familyOf(kind) : null;
}

/** Rule indexes this validation's editor shows: its family's rules and rules of no known family. */
export function shownRules(draft: Draft): number[] {
  return draft.rules.map((r, i) => [ruleFamily(r), i] as const).filter(([f]) => f === null || f === draft.family).map(([, i]) => i);
}

export interface Status {
  checked: Checked;
  /** Everything to show: the checker's problems as this validation's function sees them, and the size. */
  problems: Problem[];
  /** lint's notes (monitored rules): shown, never a problem. */
  notes: Problem[];
  errors: number;
  bytes: number;
  productTerms: number;
  customerTags: number;
}

export function status(draft: Draft): Status {
  const config = configOf(draft);
  const checked = check(config, draft.family);
  const problems = [...checked.problems, ...lintWarnings(config, draft.family)];
  const size = sizeProblem(config, draft.family);
  if (size) problems.unshift(size);
  return {
    checked,
    problems,
    notes: lintNotes(config, draft.family),
    errors: problems.filter((p) => p.severity === 'error').length,
    bytes: utf8Length(compact(config)),
    productTerms: checked.terms.productTags.length + checked.terms.collectionIds.length,
    customerTags: checked.terms.customerTags.length,
  };
}

/** The two metafield writes of a save, `config` and its derived `variables`; null while a problem remains. */
export function saveChanges(draft: Draft): { type: 'updateMetafield'; namespace: string; key: string; value: string; valueType: 'json' }[] | null {
  const s = status(draft);
  if (s.errors > 0) return null;
  const write = (key: string, value: string) => ({ type: 'updateMetafield' as const, namespace: NAMESPACE, key, value, valueType: 'json' as const });
  return [write('config', configText(draft)), write('variables', variablesText(variablesOf(s.checked)))];
}

// --- edits -------------------------------------------------------------

function replaceRule(draft: Draft, index: number, rule: JValue): Draft {
  const rules = [...draft.rules];
  rules[index] = rule;
  return { ...draft, rules };
}

export function ruleAt(draft: Draft, index: number): JObj {
  const r = draft.rules[index];
  return r instanceof JObj ? r : new JObj();
}

/** Sets (or removes, with undefined) the value at `path` in rule `index`; emptied objects on the way are removed. */
export function setAt(draft: Draft, index: number, path: readonly string[], value: JValue | undefined): Draft {
  const put = (obj: JObj, at: number): JObj | undefined => {
    const key = path[at]!;
    if (at === path.length - 1) {
      const out = obj.with(key, value);
      return out.entries.length === 0 && at > 0 ? undefined : out;
    }
    const inner = obj.get(key);
    const child = put(inner instanceof JObj ? inner : new JObj(), at + 1);
    const out = obj.with(key, child);
    return out.entries.length === 0 && at > 0 ? undefined : out;
  };
  return replaceRule(draft, index, put(ruleAt(draft, index), 0) ?? new JObj());
}

export function getAt(draft: Draft, index: number, path: readonly string[]): JValue | undefined {
  let v: JValue | undefined = ruleAt(draft, index);
  for (const key of path) v = v instanceof JObj ? v.get(key) : undefined;
  return v;
}

export function uniqueId(draft: Draft, base: string): string {
  const ids = new Set(draft.rules.map((r) => (r instanceof JObj ? r.get('id') : undefined)).filter((x): x is string => typeof x === 'string'));
  const stem = base.slice(0, 58);
  if (!ids.has(stem)) return stem;
  for (let n = 2; ; n++) if (!ids.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/** The starting values of a new rule of `kind`: valid, monitored (v1.1: tried on live checkouts before it blocks). */
export function newRule(draft: Draft, kind: Kind, message: string): JObj {
  const id = uniqueId(draft, kind.replace(/_/g, '-'));
  const base: [string, JValue][] = [
    ['id', id],
    ['kind', kind],
  ];
  const bounds: Record<Kind, [string, JValue][]> = {
    line_quantity: [['max', new JNum('10')]],
    product_quantity: [['max', new JNum('10')]],
    cart_quantity: [['max', new JNum('50')]],
    distinct_lines: [['max', new JNum('20')]],
    cart_subtotal: [['min', '50.00']],
    cart_weight: [
      ['max', new JNum('30')],
      ['unit', 'kg'],
    ],
    field_pattern: [
      ['preset', 'po_box'],
      ['fields', ['deliveryAddress.address1', 'deliveryAddress.address2']],
    ],
    delivery_country: [['allow', ['US']]],
    delivery_province: [
      ['country', 'US'],
      ['deny', ['AK', 'HI']],
    ],
    postal_code: [['deny', ['96799']]],
  };
  return new JObj([...base, ...bounds[kind], ['message', message], ['monitor', true]]);
}

export function addRule(draft: Draft, rule: JObj): Draft {
  if (draft.rules.length >= MAX_RULES) return draft;
  return { ...draft, rules: [...draft.rules, rule], uids: [...draft.uids, draft.next], next: draft.next + 1 };
}

export function duplicateRule(draft: Draft, index: number): Draft {
  const rule = ruleAt(draft, index);
  const id = rule.get('id');
  const copy = rule.with('id', uniqueId(draft, `${typeof id === 'string' ? id : 'rule'}-copy`));
  const rules = [...draft.rules];
  rules.splice(index + 1, 0, copy);
  const uids = [...draft.uids];
  uids.splice(index + 1, 0, draft.next);
  return draft.rules.length >= MAX_RULES ? draft : { ...draft, rules, uids, next: draft.next + 1 };
}

export function removeRule(draft: Draft, index: number): Draft {
  return { ...draft, rules: draft.rules.filter((_, i) => i !== index), uids: draft.uids.filter((_, i) => i !== index) };
}

/** Moves rule `index` up (-1) or down (+1) past the next rule this editor shows. */
export function moveRule(draft: Draft, index: number, direction: -1 | 1): Draft {
  const shown = shownRules(draft);
  const at = shown.indexOf(index);
  const other = shown[at + direction];
  if (at < 0 || other === undefined) return draft;
  const rules = [...draft.rules];
  const uids = [...draft.uids];
  [rules[index], rules[other]] = [rules[other]!, rules[index]!];
  [uids[index], uids[other]] = [uids[other]!, uids[index]!];
  return { ...draft, rules, uids };
}

/** `enabled` is true by default: enabling removes the key, disabling writes false. */
export function setEnabled(draft: Draft, index: number, on: boolean): Draft {
  return setAt(draft, index, ['enabled'], on ? undefined : false);
}

/** `monitor` is false by default (contract v1.1). */
export function setMonitor(draft: Draft, index: number, on: boolean): Draft {
  return setAt(draft, index, ['monitor'], on ? true : undefined);
}

// --- values between JSON and form fields ---------------------------------

/** What a text field shows for a value. */
export function textOf(v: JValue | undefined): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof JNum) return v.raw;
  return compact(v);
}

/** A typed number: a JSON number when it reads as one, else the text itself (so the checker names the mistake); empty removes the key. */
export function numberValue(text: string): JValue | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  return /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(t) ? new JNum(t) : text;
}

/** A typed amount (a decimal string in config v1). */
export function stringValue(text: string): JValue | undefined {
  return text === '' ? undefined : text;
}

export function listOf(v: JValue | undefined): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return [textOf(v)];
  return v.map((x) => (typeof x === 'string' ? x : compact(x)));
}

export function listText(v: JValue | undefined): string {
  return listOf(v).join(', ');
}

/** A typed list, comma or newline separated; empty removes the key. */
export function listValue(text: string): JValue | undefined {
  const items = text.split(/[,\n]/).map((s) => s.trim()).filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
}

/** Adds a picked code to a list value (kept once). */
export function withItem(v: JValue | undefined, item: string): JValue[] {
  const list = Array.isArray(v) ? [...v] : [];
  return list.includes(item) ? list : [...list, item];
}

// --- problems next to their fields -----------------------------------------

/**
 * Places each problem at the field whose path is the longest prefix of the
 * problem's path (`rules[2].when.countries[1]` → `rules[2].when.countries`);
 * problems no field claims are the rule's (or the config's) own.
 */
export function placeProblems(problems: readonly Problem[], fieldPaths: readonly string[]): { at: Map<string, Problem[]>; rest: Problem[] } {
  const at = new Map<string, Problem[]>();
  const rest: Problem[] = [];
  for (const p of problems) {
    let best: string | null = null;
    for (const f of fieldPaths) {
      const under = p.path === f || p.path.startsWith(f + '.') || p.path.startsWith(f + '[');
      if (under && (best === null || f.length > best.length)) best = f;
    }
    if (best === null) rest.push(p);
    else at.set(best, [...(at.get(best) ?? []), p]);
  }
  return { at, rest };
}
