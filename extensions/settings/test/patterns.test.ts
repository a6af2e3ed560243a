// Parity of the pattern checks, the editor's one approximation (pattern.ts
// and a size estimate standing in for regex-lite): a set of patterns across the
// syntax regex-lite accepts and refuses gets the same verdict from the editor
// and the CLI: valid, or the same problem at the same path, worded the same.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPlain, JObj } from '../src/model/json';
import { lintErrors, lintWarnings, matchesEverything } from '../src/model/lint';
import { haveCli, lint } from './cli';
import { problemText, shown } from './locale';

export const PATTERNS = [
  'box', '^[0-9]{5}$', '^\\d{5}(-\\d{4})?$', '(?i)po box', '(?i:po) box', '(?P<n>a)b', '(?<n>a)b', '\\bbox\\b', '\\Abox\\z', '\\<box\\>',
  '[[:alpha:]]+', '[a-z&&[^x]]', '\\p{L}+', '\\pL', '(?=x)', '(?!x)', '(?<=x)y', '(a)\\1', '\\k<n>', 'a{,3}', 'a{3}', 'a{2,}', 'a{0,60}',
  '.{0,60}', '^.{0,60}$', '.{0,150}z', '(?:.*){60}z', '(a|b|c)+', '[^\\n]', '\\x41', '\\u{41}', '\\u0041', '\\t\\n', '\\/', '\\-', '\\.', '\\Q.\\E',
  'a**', 'a++', 'a*?', '(?s).', '(?m)^a$', '(?x) a b', '(?U)a+', '[]', '[^]', '[a-]', '[-a]', '[\\]]', 'a)', '(a', '*a', '+', '?', '{', '}', 'a{', 'a{1', 'a{1,2',
  '\\', '\\d\\D\\w\\W\\s\\S', '\\B', '[\\d-z]', '\\cA', '\\0', '\\e', '\\a', '\\f', '\\v', 'é', '(?i)É', '[😀]', '😀+', '\\😀', '((((((((((((((((((((((((((a))))))))))))))))))))))))))',
  '(((((((((((((((((((((((((a)))))))))))))))))))))))))', '[\\p{Greek}]', '\\pN', '(?-i)a', '(?i-s:a.)', '$^', '^*', 'x{2}{3}', 'x{1000}', 'x{0,500}',
  ...['a{', 'a{1', '{1}', 'a{,3}', '[a-\\d]', '[z-a]', '\\x4', '\\x{110000}', '\\u{41}', '\\U0001F600', '(?i', '(?', '(?P<>a)', '(?P<1a>a)', '(?<n>a)(?<n>b)', '[a&&b]', '[a--b]', '[a~~b]', '\\b{start}', '\\b{x}', '(?R)a', '(?u)a', '(?z)a', '#', '(?x)a # c', '&', '~', '\\#', '\\&', '\\~', '\\<', '\\y', '\\_', '\\ ', '[\\-]', '[a\\]', 'a{2,1}', 'a{4294967296}', '(?:)', '()', '|', 'a|', '(|a)', '[[]', '[[]]', '[a[:digit:]]', '[[:foo:]]', '\\pL', '.*?', 'a{1,2}?', 'a??', 'x{0}', '\\d{2}{3}', '(?i)(?-i:a)', '(?ii)a', '(?i-i)a', '(?-)a', '(?:a', 'a)b', '\\h', '\\N', '\\X', '\\G', '\\Z', '\\o{1}', '[\\b]', '[\\A]', '\\B{start}'],
  // regex-lite's size limit: each atom at the largest counts that fit (case-insensitive and -sensitive) and one more.
  'x{211}', 'x{212}', 'x{316}', 'x{317}', 'x{0,114}', 'x{0,115}', 'x{0,139}', 'x{0,140}', '.{211}', '.{212}', '.{0,114}', '.{0,115}', '[a-z]{211}', '[a-z]{212}', '[a-z]{253}', '[a-z]{254}', '[a-z]{0,114}', '[a-z]{0,115}', '[a-z]{0,125}', '[a-z]{0,126}', '\\d{253}', '\\d{254}', '\\d{0,125}', '\\d{0,126}', '\\w{158}', '\\w{159}', '\\w{0,96}', '\\w{0,97}', '(ab){63}', '(ab){64}', '(ab){79}', '(ab){80}', '(ab){0,50}', '(ab){0,51}', '(ab){0,59}', '(ab){0,60}', '(?:ab){105}', '(?:ab){106}', '(?:ab){158}', '(?:ab){159}', '(?:ab){0,74}', '(?:ab){0,75}', '(?:ab){0,96}', '(?:ab){0,97}', '[^x]{180}', '[^x]{181}', '[^x]{211}', '[^x]{212}', '[^x]{0,104}', '[^x]{0,105}', '[^x]{0,114}', '[^x]{0,115}', '(?:a|b){60}', '(?:a|b){61}', '(?:a|b){74}', '(?:a|b){75}', '(?:a|b){0,48}', '(?:a|b){0,49}', '(?:a|b){0,57}', '(?:a|b){0,58}',
];

describe('pattern parity', { skip: haveCli ? false : 'target/debug/checkout-guard not built' }, () => {
  for (const pattern of PATTERNS) {
    it(pattern, () => {
      const config = fromPlain({
        version: 1,
        rules: [false, true].map((caseSensitive, i) => ({ id: `p${i}`, kind: 'field_pattern', pattern, caseSensitive, fields: ['deliveryAddress.address1'], message: 'm' })),
      }) as JObj;
      const verdict = (ps: { path: string; message: string }[]) => ps.map((p) => `${p.path}: ${p.message}`);
      const cli = lint(config);
      assert.deepEqual(lintErrors(config).map(shown), verdict(cli.errors));
      for (const p of lintErrors(config)) assert.ok(problemText(p, 'fr').length > 0);
      // Pattern warnings: the cost one always; "matches everything/empty" where RegExp can stand in for regex-lite.
      const mine = lintWarnings(config).map(shown);
      const theirs = cli.warnings.filter((w) => w.code.startsWith('pattern_')).filter((w) => w.code === 'pattern_expensive' || mine.includes(`${w.path}: ${w.message}`) || matchesEverything(pattern, false) !== null);
      assert.deepEqual(mine, verdict(theirs));
    });
  }
});
