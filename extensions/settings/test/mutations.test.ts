// Parity beyond the corpus: every rule of every example, with each of its
// keys (and keys it lacks, nested `when` and `lines` keys included) replaced
// by each of a set of odd values or removed, checked by the editor and by
// `checkout-guard lint` — the same error paths and messages. Mutated rules
// are batched 40 to a config (one CLI run each).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compact, JNum, JObj, JValue } from '../src/model/json';
import { lintErrors, lintNotes, lintWarnings } from '../src/model/lint';
import { haveCli, lint } from './cli';
import { examples } from './corpus';
import { problemText, shown } from './locale';

const ODD: JValue[] = [
  null, true, '', ' ', 'x', 'US', 'CART_INTERACTION', 'kg', 'po_box', 'postal_format', 'block', 'require', '50.00', '-1', '{min}', '(a', 'a{2,3}',
  new JNum('0'), new JNum('1'), new JNum('-1'), new JNum('2.5'), new JNum('1e3'), new JNum('5.0'),
  [], ['x'], ['US', 'us'], ['CART_INTERACTION'], ['US'], ['VIP'], ['Coffee Pods'], [new JNum('1')], ['gid://shopify/Product/1'], ['deliveryAddress.zip', 'buyerIdentity.phone'],
  new JObj(), new JObj([['x', new JNum('1')]]), new JObj([['en', '{max} {product}'], ['fr', 'x']]),
];
const KEYS = ['id', 'kind', 'message', 'enabled', 'steps', 'min', 'max', 'multipleOf', 'unit', 'pattern', 'preset', 'mode', 'required', 'caseSensitive', 'fields', 'allow', 'deny', 'country'];
const NESTED: [string, string][] = [
  ['when', 'countries'], ['when', 'notCountries'], ['when', 'customerTags'], ['when', 'b2b'], ['when', 'currencies'], ['when', 'deliveryMethods'],
  ['lines', 'productIds'], ['lines', 'productTags'], ['lines', 'collectionIds'], ['lines', 'vendors'], ['lines', 'except'],
];

function mutants(): JValue[] {
  const out: JValue[] = [];
  for (const ex of examples()) {
    const rules = (ex.config as JObj).get('rules') as JValue[];
    for (const rule of rules) {
      if (!(rule instanceof JObj)) continue;
      for (const key of [...KEYS, ...rule.keys().filter((k) => !KEYS.includes(k))]) {
        for (const v of [...ODD, undefined]) out.push(rule.with(key, v));
      }
      for (const [outer, inner] of NESTED) {
        const o = rule.get(outer);
        const base = o instanceof JObj ? o : new JObj();
        for (const v of ODD) out.push(rule.with(outer, base.with(inner, v)));
      }
    }
  }
  return out;
}

describe('lint parity on mutated rules', { skip: haveCli ? false : 'target/debug/checkout-guard not built' }, () => {
  const all = mutants();
  const cliShown = (p: { path: string; message: string }) => `${p.path}: ${p.message}`;
  it(`covers ${all.length} mutated rules`, () => assert.ok(all.length > 3000));
  for (let at = 0; at < all.length; at += 40) {
    const config = new JObj([
      ['version', new JNum('1')],
      ['rules', all.slice(at, at + 40)],
    ]);
    it(`rules ${at}–${Math.min(at + 40, all.length) - 1}`, () => {
      const cli = lint(config);
      assert.deepEqual(lintErrors(config).map(shown), cli.errors.map(cliShown), compact(config).slice(0, 200));
      const ported = (w: { code?: string; path: string }) =>
        !['disabled', 'misplaced', 'too_large_unsplit', 'stale_variables', 'unused_variable'].includes(w.code ?? '');
      assert.deepEqual(lintWarnings(config).map(shown), cli.warnings.filter(ported).map(cliShown), 'warnings the editor ports');
      assert.deepEqual(lintNotes(config).map(shown), cli.notes.map(cliShown), 'notes (monitored rules)');
      for (const p of lintErrors(config)) assert.ok(problemText(p, 'fr').length > 0);
    });
  }
});
