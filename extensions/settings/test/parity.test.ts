// Parity: the editor's checker gives every config the same verdict as
// `checkout-guard lint --format json` — the same error paths in the same
// order, with the same messages, and the same
// warnings: disabled rules, and every other lint warning except the two that
// are not about one validation's config (too_large_unsplit, and the
// --variables file's stale/unused terms). The editor's problems are data
// (a code and parameters): their English text from locales/en.default.json
// is what is compared, and each also renders in French.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../src/model/check';
import { lintErrors, lintNotes, lintWarnings } from '../src/model/lint';
import { haveCli, lint } from './cli';
import { broken, examples, fixtures } from './corpus';
import { problemText, shown, STRINGS } from './locale';

const cliShown = (p: { path: string; message: string }) => `${p.path}: ${p.message}`;

describe('lint parity', { skip: haveCli ? false : 'target/debug/checkout-guard not built' }, () => {
  const cases = [...examples(), ...fixtures(), ...broken()];
  it('has one broken config per problem kind', () => assert.ok(broken().length >= 60));
  const seen = new Set<string>();
  for (const c of cases) {
    it(c.name, () => {
      const cli = lint(c.config);
      for (const p of [...lintErrors(c.config), ...check(c.config).problems, ...lintWarnings(c.config), ...lintNotes(c.config)]) seen.add(p.code);
      assert.deepEqual(lintErrors(c.config).map(shown), cli.errors.map(cliShown), 'errors');
      const disabled = cli.warnings.filter((w) => w.message === 'disabled ("enabled": false); skipped').map(cliShown);
      const mine = check(c.config).problems.filter((p) => p.severity === 'skipped').map(shown);
      assert.deepEqual(mine, disabled, 'disabled rules');
      const ported = (w: { code?: string; path: string }) =>
        !['disabled', 'misplaced', 'too_large_unsplit', 'stale_variables', 'unused_variable'].includes(w.code ?? '');
      assert.deepEqual(lintWarnings(c.config).map(shown), cli.warnings.filter(ported).map(cliShown), 'warnings the editor ports');
      assert.deepEqual(lintNotes(c.config).map(shown), cli.notes.map(cliShown), 'notes (monitored rules)');
      // Every problem also has its French text, with every parameter it names.
      for (const p of [...check(c.config, 'limits').problems, ...check(c.config, 'address').problems, ...lintErrors(c.config), ...lintWarnings(c.config), ...lintNotes(c.config)])
        assert.ok(problemText(p, 'fr').length > 0);
    });
  }
  it('compares every problem text of the locale with the CLI at least once', () => {
    const codes = Object.keys((STRINGS.en.problem as { code: Record<string, unknown> }).code);
    // Not lint's: `misplaced` is what one family's function says of the other's rules (lint splits the file instead),
    // and no config within the corpus's reach makes lint estimate a 200-line input over 128,000 bytes.
    assert.deepEqual(codes.filter((code) => !seen.has(code)), ['misplaced', 'input_too_large']);
    assert.deepEqual([...seen].filter((code) => !codes.includes(code)), []);
  });
});
