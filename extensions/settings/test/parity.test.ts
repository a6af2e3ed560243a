// Parity: the editor's checker gives every config the same verdict as
// `checkout-guard lint --format json` — the same error paths in the same
// order, with the same messages, and the same
// warnings: disabled rules, and every other lint warning except the two that
// are not about one validation's config (too_large_unsplit, and the
// --variables file's stale/unused terms).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check } from '../src/model/check';
import { lintErrors, lintNotes, lintWarnings } from '../src/model/lint';
import { haveCli, lint } from './cli';
import { broken, examples, fixtures } from './corpus';

const shown = (p: { path: string; message: string }) => (`${p.path}: ${p.message}`);

describe('lint parity', { skip: haveCli ? false : 'target/debug/checkout-guard not built' }, () => {
  const cases = [...examples(), ...fixtures(), ...broken()];
  it('has one broken config per problem kind', () => assert.ok(broken().length >= 60));
  for (const c of cases) {
    it(c.name, () => {
      const cli = lint(c.config);
      assert.deepEqual(lintErrors(c.config).map(shown), cli.errors.map(shown), 'errors');
      const disabled = cli.warnings.filter((w) => w.message === 'disabled ("enabled": false); skipped').map(shown);
      const mine = check(c.config).problems.filter((p) => p.severity === 'skipped').map(shown);
      assert.deepEqual(mine, disabled, 'disabled rules');
      const ported = (w: { code?: string; path: string }) =>
        !['disabled', 'misplaced', 'too_large_unsplit', 'stale_variables', 'unused_variable'].includes(w.code ?? '');
      assert.deepEqual(lintWarnings(c.config).map(shown), cli.warnings.filter(ported).map(shown), 'warnings the editor ports');
      assert.deepEqual(lintNotes(c.config).map(shown), cli.notes.map(shown), 'notes (monitored rules)');
    });
  }
});
