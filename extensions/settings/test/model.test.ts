// The config ↔ form model: every example and fixture config loads and saves
// unchanged, every edit does what it says and keeps what the form does not
// model, and `variables` is derived as the contract says (and as the CLI does).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KINDS, LIMIT_KINDS, ADDRESS_KINDS, familyOf, POSTAL_FORMAT_COUNTRIES } from '../src/model/catalog';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check } from '../src/model/check';
import { compact, JNum, JObj, parse } from '../src/model/json';
import {
  addRule, configText, duplicateRule, getAt, listValue, load, moveRule, newRule, numberValue, placeProblems, removeRule, saveChanges,
  setAt, setEnabled, setMonitor, shownRules, status, Draft, NAMESPACE,
} from '../src/model/model';
import { deriveVariables, variablesText } from '../src/model/variables';
import { deploy, haveCli, variables as cliVariables } from './cli';
import { broken, examples, fixtures, ROOT } from './corpus';
import { shown } from './locale';

const all = [...examples(), ...fixtures()];
const meta = (value: string) => [{ namespace: NAMESPACE, key: 'config', value, type: 'json' }];

function draftOf(text: string, family: 'limits' | 'address'): Draft {
  const loaded = load(meta(text), family);
  assert.ok('draft' in loaded, 'loads');
  return loaded.draft;
}

describe('round trips', () => {
  it('covers every example and fixture config', () => {
    assert.ok(examples().length >= 6);
    assert.ok(fixtures().length >= 150);
  });
  for (const c of [...all, ...broken()]) {
    it(`${c.name} loads and saves unchanged`, () => {
      const text = compact(c.config);
      for (const family of ['limits', 'address'] as const) {
        const loaded = load(meta(text), family);
        if (!('draft' in loaded)) {
          assert.ok(!(c.config instanceof JObj) || !Array.isArray(c.config.get('rules')), 'only a non-config fails to load');
          continue;
        }
        assert.equal(configText(loaded.draft), text);
        const changes = saveChanges(loaded.draft);
        if (changes) {
          assert.equal(changes.length, 2);
          assert.deepEqual(changes[0], { type: 'updateMetafield', namespace: NAMESPACE, key: 'config', value: text, valueType: 'json' });
          assert.equal(changes[1]!.key, 'variables');
          assert.equal(changes[1]!.value, variablesText(deriveVariables(c.config, family)));
        } else {
          assert.ok(status(loaded.draft).errors > 0);
        }
      }
    });
  }
});

describe('edits', () => {
  const base = '{"version":1,"rules":[{"id":"a","kind":"line_quantity","max":5,"message":"m"},{"id":"b","kind":"postal_code","deny":["1"],"message":"m"},{"id":"c","kind":"cart_weight","max":9.50,"unit":"kg","message":"m"}]}';
  const extra = '{"version":1,"rules":[{"id":"a","kind":"line_quantity","max":5,"message":"m","x-note":"kept"}],"comment":1}';

  it('changing one key keeps everything else, unknown keys and number spellings included', () => {
    const d = setAt(draftOf(base, 'limits'), 0, ['max'], numberValue('7'));
    assert.equal(configText(d), base.replace('"max":5', '"max":7'));
  });

  it('keys the form does not model are kept through edits', () => {
    const d = setAt(draftOf(extra, 'limits'), 0, ['max'], numberValue('6'));
    assert.equal(configText(d), extra.replace('"max":5', '"max":6'));
  });

  it('emptying a nested list removes the key and the emptied object', () => {
    let d = setAt(draftOf(base, 'limits'), 0, ['when', 'countries'], listValue('US, CA'));
    assert.equal(compact(getAt(d, 0, ['when'])!), '{"countries":["US","CA"]}');
    d = setAt(d, 0, ['when', 'countries'], listValue(' , '));
    assert.equal(configText(d), base);
  });

  it('shows only this family and keeps the other family in place', () => {
    const d = draftOf(base, 'limits');
    assert.deepEqual(shownRules(d), [0, 2]);
    const moved = moveRule(d, 2, -1);
    assert.deepEqual(moved.rules.map((r) => (r as JObj).get('id')), ['c', 'b', 'a']);
    assert.deepEqual(moveRule(d, 0, -1).rules, d.rules);
  });

  it('duplicates with a fresh id, removes, enables and monitors', () => {
    let d = duplicateRule(draftOf(base, 'limits'), 0);
    assert.equal((d.rules[1] as JObj).get('id'), 'a-copy');
    assert.equal(new Set(d.uids).size, d.rules.length);
    d = removeRule(d, 1);
    assert.equal(configText(d), base);
    d = setEnabled(d, 0, false);
    assert.equal((d.rules[0] as JObj).get('enabled'), false);
    d = setEnabled(d, 0, true);
    assert.equal((d.rules[0] as JObj).has('enabled'), false);
    d = setMonitor(d, 0, true);
    assert.equal((d.rules[0] as JObj).get('monitor'), true);
    assert.equal(check(parse(configText(d))).problems.length, 0, 'monitor is a v1.1 key');
    d = setMonitor(d, 0, false);
    assert.equal(configText(d), base);
  });

  for (const kind of KINDS) {
    it(`a new ${kind} rule is valid, monitored and in its family`, () => {
      const family = familyOf(kind);
      let d = draftOf('{"version":1,"rules":[]}', family);
      d = addRule(d, newRule(d, kind, 'Blocked.'));
      d = addRule(d, newRule(d, kind, 'Blocked.'));
      const s = status(d);
      assert.deepEqual(s.problems, []);
      assert.equal((d.rules[0] as JObj).get('monitor'), true);
      assert.deepEqual(s.notes.map((p) => p.path), ['rules[0].monitor', 'rules[1].monitor'], "lint's monitor notes");
      assert.notEqual((d.rules[0] as JObj).get('id'), (d.rules[1] as JObj).get('id'));
      assert.ok(saveChanges(d));
    });
  }

  it('monitor (contract v1.1) is a boolean', () => {
    const d = setAt(draftOf(base, 'limits'), 0, ['monitor'], 'yes');
    assert.deepEqual(status(d).problems.filter((p) => p.severity === 'error').map(shown), ['rules[0].monitor: expected true or false, found "yes"']);
  });

  it('saving is refused while a problem remains', () => {
    const d = setAt(draftOf(base, 'limits'), 0, ['max'], numberValue('0'));
    assert.equal(saveChanges(d), null);
    assert.equal(status(d).problems[0]!.path, 'rules[0].max');
  });

  it('kinds split between families', () => {
    assert.equal(LIMIT_KINDS.length + ADDRESS_KINDS.length, KINDS.length);
    assert.ok(LIMIT_KINDS.every((k) => familyOf(k) === 'limits'));
  });

  it('keeps numbers as written', () => {
    assert.ok(numberValue('5.0') instanceof JNum);
    assert.equal(numberValue('five'), 'five');
    assert.equal(numberValue(' '), undefined);
  });
});

describe('problems next to fields', () => {
  it('places each problem at the longest matching field path', () => {
    const p = (path: string) => ({ path, ruleIndex: 0, ruleId: 'a', severity: 'error' as const, code: 'x', params: {} });
    const placed = placeProblems([p('.when.countries[1]'), p('.when.country'), p('.mx'), p('.max'), p('')], ['.when', '.when.countries', '.max']);
    assert.deepEqual(placed.at.get('.when.countries')!.map((x) => x.path), ['.when.countries[1]']);
    assert.deepEqual(placed.at.get('.when')!.map((x) => x.path), ['.when.country']);
    assert.deepEqual(placed.at.get('.max')!.map((x) => x.path), ['.max']);
    assert.deepEqual(placed.rest.map((x) => x.path), ['.mx', '']);
  });
});

describe('variables (contract "Where it lives")', () => {
  it('keeps the first spelling, de-duplicates case-insensitively, sorts by bytes, always has every key', () => {
    const config = parse(`{"version":1,"rules":[
      {"id":"a","kind":"line_quantity","max":1,"message":"m","lines":{"productTags":["Zeta","apple","Été"],"except":{"productTags":["ZETA"]},"collectionIds":["gid://shopify/Collection/20","gid://shopify/Collection/3"]},"when":{"customerTags":["VIP"]}},
      {"id":"b","kind":"cart_quantity","max":1,"message":"m","lines":{"productTags":["Apple","bulk"]},"when":{"notCustomerTags":["vip","Staff"]}},
      {"id":"c","kind":"cart_quantity","mx":1,"message":"m","lines":{"productTags":["invalid-rule"]}}]}`);
    assert.deepEqual(deriveVariables(config, null), {
      productTags: ['Zeta', 'apple', 'bulk', 'Été'],
      collectionIds: ['gid://shopify/Collection/20', 'gid://shopify/Collection/3'],
      customerTags: ['Staff', 'VIP'],
    });
    assert.equal(variablesText(deriveVariables(parse('{"version":1,"rules":[]}'), null)), '{"productTags":[],"collectionIds":[],"customerTags":[]}');
    assert.deepEqual(deriveVariables(config, 'address').customerTags, []);
  });
});

describe('variables equal `checkout-guard variables`', { skip: haveCli ? false : 'target/debug/checkout-guard not built' }, () => {
  for (const c of [...all, ...broken().filter((b) => b.name.includes('terms-'))]) {
    it(c.name, () => {
      for (const family of [null, 'limits', 'address'] as const) {
        const theirs = cliVariables(c.config, family);
        const ours = deriveVariables(c.config, family);
        // The contract keeps a tag's first spelling, as the CLI does.
        assert.deepEqual(theirs, ours, `family ${family ?? 'all'}`);
      }
    });
  }
});

describe('a config deployed by the CLI opens and saves unchanged', { skip: haveCli ? false : 'target/debug/checkout-guard not built' }, () => {
  for (const c of examples()) {
    it(c.name, () => {
      const deployed = deploy(c.config);
      assert.ok(deployed.length > 0);
      for (const d of deployed) {
        const loaded = load(meta(d.config), d.family);
        assert.ok('draft' in loaded);
        const changes = saveChanges(loaded.draft)!;
        assert.equal(changes[0]!.value, d.config, 'config written as the CLI wrote it');
        assert.equal(changes[1]!.value, d.variables, 'variables as the CLI derives them');
      }
    });
  }
});

it("the countries with a postal-code format are the engine's table (v1.2)", () => {
  const table = readFileSync(join(ROOT, 'src/rules/postal_table.rs'), 'utf8');
  const codes = /pub const COUNTRIES: &\[u8; \d+\] = b"([A-Z]+)";/.exec(table)?.[1] ?? '';
  assert.deepEqual(POSTAL_FORMAT_COUNTRIES, codes.match(/../g));
  assert.equal(POSTAL_FORMAT_COUNTRIES.length, 181);
});
