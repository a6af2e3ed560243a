// The errors `checkout-guard lint` reports for a whole config file: the
// checker's errors plus the metafield size (each validation's config, as
// `deploy` writes it, within 10,000 bytes). The editor shows the same for
// the one validation it edits (`sizeProblem`).

import { Family, familyOf, isKind, METAFIELD_MAX_BYTES } from './catalog';
import { check, Problem } from './check';
import { compact, JObj, JValue, utf8Length } from './json';

export const FAMILY_TITLE: Record<Family, string> = { limits: 'order limits', address: 'address rules' };

function ruleFamily(rule: JValue): Family | null {
  if (!(rule instanceof JObj)) return null;
  const kind = rule.get('kind');
  return typeof kind === 'string' && isKind(kind) ? familyOf(kind) : null;
}

/** The config a family's validation gets: its own rules (and rules of no family), everything else as is. */
export function familyConfig(config: JObj, family: Family): { config: JObj; rules: number } {
  let rules = 0;
  const entries = config.entries.map(([k, v]) => {
    if (k === 'rules' && Array.isArray(v)) {
      const kept = v.filter((r) => {
        const f = ruleFamily(r);
        return f === null || f === family;
      });
      rules = kept.length;
      return [k, kept] as const;
    }
    return [k, v] as const;
  });
  return { config: new JObj(entries), rules };
}

export function sizeProblem(config: JValue, family: Family): Problem | null {
  const bytes = utf8Length(compact(config));
  if (bytes <= METAFIELD_MAX_BYTES) return null;
  return {
    path: 'config',
    ruleIndex: null,
    ruleId: null,
    severity: 'error',
    message: `the ${FAMILY_TITLE[family]} validation's config is ${bytes} bytes once minified; Shopify hands a function at most ${METAFIELD_MAX_BYTES} (it would see no config)`,
  };
}

/** lint's errors for a whole file (the parity test's subject). */
export function lintErrors(config: JValue): Problem[] {
  const errors = check(config, null).problems.filter((p) => p.severity === 'error');
  if (config instanceof JObj && Array.isArray(config.get('rules'))) {
    for (const family of ['limits', 'address'] as const) {
      const split = familyConfig(config, family);
      if (split.rules === 0) continue;
      const p = sizeProblem(split.config, family);
      if (p) errors.push(p);
    }
  } else {
    const bytes = utf8Length(compact(config));
    if (bytes > METAFIELD_MAX_BYTES)
      errors.push({ path: 'config', ruleIndex: null, ruleId: null, severity: 'error', message: `the config is ${bytes} bytes; Shopify hands a function at most ${METAFIELD_MAX_BYTES} (it would see no config)` });
  }
  const order = (p: Problem) => (p.ruleIndex === null ? 0 : p.ruleIndex + 1);
  return errors.map((p, i) => [p, i] as const).sort((a, b) => order(a[0]) - order(b[0]) || a[1] - b[1]).map(([p]) => p);
}
