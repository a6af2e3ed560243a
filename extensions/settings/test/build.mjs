// Builds the settings extension the way the Shopify CLI does (esbuild, one
// minified ES module, Preact's automatic JSX), plus what the tests need:
//   target/editor/settings.js        the extension bundle (+ .meta.json, the esbuild metafile)
//   target/editor/settings.iife.js   the same code as a script, for the browser harness
//   target/editor/tests/*.test.mjs   the node tests
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync, mkdirSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const ext = resolve(here, '..');
const out = resolve(ext, '../../target/editor');
mkdirSync(join(out, 'tests'), { recursive: true });

const common = {
  bundle: true,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  target: 'es2020',
  logLevel: 'warning',
  legalComments: 'none',
};

const bundle = await build({
  ...common,
  entryPoints: [join(ext, 'src/index.tsx')],
  outfile: join(out, 'settings.js'),
  format: 'esm',
  minify: true,
  metafile: true,
});
writeFileSync(join(out, 'settings.meta.json'), JSON.stringify(bundle.metafile));

await build({
  ...common,
  entryPoints: [join(ext, 'src/index.tsx')],
  outfile: join(out, 'settings.iife.js'),
  format: 'iife',
  globalName: 'CheckoutGuardSettings',
  minify: true,
});

const tests = readdirSync(here).filter((f) => f.endsWith('.test.ts'));
await build({
  ...common,
  entryPoints: tests.map((f) => join(here, f)),
  outdir: join(out, 'tests'),
  outExtension: { '.js': '.mjs' },
  entryNames: '[name]',
  format: 'esm',
  platform: 'node',
  packages: 'external',
  sourcemap: 'inline',
});
