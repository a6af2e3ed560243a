// What the Shopify CLI needs from a clone after `npm ci` when it loads the app
// (every `shopify app …` command, `function build` and `deploy` included):
// each UI extension target's module exists, and its type reference
// `@shopify/ui-extensions/<target>` resolves from that module as Node
// resolves it (the CLI's `require.resolve`); otherwise the CLI stops with
// "Type reference for <target> could not be found".
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { it } from 'node:test';
import { ROOT } from './corpus';

const EXT = join(ROOT, 'extensions/settings');

/** `[[extensions.targeting]]` tables of the TOML: module and target, in order. */
function targeting(toml: string): { module: string; target: string }[] {
  return toml
    .split(/^\s*\[\[extensions\.targeting\]\]\s*$/m)
    .slice(1)
    .map((table) => {
      const value = (key: string) => new RegExp(`^\\s*${key}\\s*=\\s*"([^"]+)"`, 'm').exec(table)?.[1];
      return { module: value('module') ?? '', target: value('target') ?? '' };
    });
}

it('every target of the settings extension has its module and its type reference', () => {
  const found = targeting(readFileSync(join(EXT, 'shopify.extension.toml'), 'utf8'));
  assert.deepEqual(found, [{ module: './src/index.tsx', target: 'admin.settings.validation.render' }]);
  for (const { module, target } of found) {
    const entry = join(EXT, module);
    assert.ok(existsSync(entry), `${module} exists`);
    const resolved = createRequire(entry).resolve(`@shopify/ui-extensions/${target}`);
    assert.ok(resolved.startsWith(join(ROOT, 'node_modules/@shopify/ui-extensions/')), resolved);
  }
});
