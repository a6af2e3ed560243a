// Runs the merchant CLI (`checkout-guard`), the reference the editor must agree with.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compact, JValue } from '../src/model/json';
import { ROOT } from './corpus';

export const CLI = process.env.CHECKOUT_GUARD_CLI ?? join(ROOT, 'target/debug/checkout-guard');
export const haveCli = existsSync(CLI);
const dir = mkdtempSync(join(tmpdir(), 'cg-editor-'));
let n = 0;

function file(config: JValue): string {
  const path = join(dir, `c${n++}.json`);
  writeFileSync(path, compact(config));
  return path;
}

export function cli(args: string[], config: JValue): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CLI, [...args.slice(0, 1), file(config), ...args.slice(1)], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface Finding {
  path: string;
  ruleIndex: number | null;
  ruleId: string | null;
  code: string;
  message: string;
}

export function lint(config: JValue): { errors: Finding[]; warnings: Finding[]; notes: Finding[] } {
  const r = cli(['lint', '--format', 'json'], config);
  if (r.status !== 0 && r.status !== 1) throw new Error(`lint exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

export function variables(config: JValue, family: 'limits' | 'address' | null): unknown {
  const r = cli(['variables', '--format', 'json', ...(family ? ['--family', family] : [])], config);
  if (r.status !== 0) return { exit: r.status, stderr: r.stderr.trim() };
  return JSON.parse(r.stdout);
}

export interface Deployed {
  family: 'limits' | 'address';
  config: string;
  variables: string;
}

/** What `deploy --format json` writes to each validation: its config and variables metafield values. */
export function deploy(config: JValue): Deployed[] {
  const r = cli(['deploy', '--format', 'json'], config);
  if (r.status !== 0) return [];
  const out = JSON.parse(r.stdout) as { mutations: { family: 'limits' | 'address'; variables: { validation: { metafields: { key: string; value: string }[] } } }[] };
  return out.mutations.map((m) => {
    const value = (key: string) => m.variables.validation.metafields.find((f) => f.key === key)!.value;
    return { family: m.family, config: value('config'), variables: value('variables') };
  });
}
