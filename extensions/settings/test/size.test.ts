// Shopify refuses a UI extension whose compressed JavaScript is over 64 KB:
// the bundle esbuild builds (as the Shopify CLI does) must stay within it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ROOT } from './corpus';

const LIMIT = 64_000;

it('the extension bundle is within 64 KB compressed', () => {
  const meta = JSON.parse(readFileSync(join(ROOT, 'target/editor/settings.meta.json'), 'utf8')) as { outputs: Record<string, { bytes: number }> };
  const [name, output] = Object.entries(meta.outputs).find(([n]) => n.endsWith('settings.js'))!;
  const code = readFileSync(join(ROOT, name));
  assert.equal(code.length, output.bytes);
  const gzipped = gzipSync(code, { level: 9 }).length;
  console.log(`settings.js: ${code.length} bytes, ${gzipped} gzipped (limit ${LIMIT})`);
  assert.ok(gzipped <= LIMIT, `${gzipped} bytes gzipped`);
});

it('strings shown to the merchant come from the locales (English and French have the same keys)', () => {
  const keys = (o: Record<string, unknown>, p = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`]));
  const en = keys(JSON.parse(readFileSync(join(ROOT, 'extensions/settings/locales/en.default.json'), 'utf8')));
  const fr = keys(JSON.parse(readFileSync(join(ROOT, 'extensions/settings/locales/fr.json'), 'utf8')));
  assert.deepEqual(fr.sort(), en.sort());
  const source = ['index.tsx', 'ui/rules.tsx', 'ui/kinds.tsx', 'ui/fields.tsx'].map((f) => readFileSync(join(ROOT, 'extensions/settings/src', f), 'utf8')).join('\n');
  for (const [, key] of source.matchAll(/\bt\('([a-zA-Z.]+)'/g)) assert.ok(en.includes(key!), `locale key ${key}`);
});
