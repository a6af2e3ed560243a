// The admin's `i18n.translate`, as the harness stands in for it
// (test/harness/shopify.js), over the extension's own locale files: node
// tests render problems and summaries exactly as the page shows them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Problem } from '../src/model/check';
import { render, Translate } from '../src/model/text';
import { ROOT } from './corpus';

export type Locale = 'en' | 'fr';
const FILES: Record<Locale, string> = { en: 'en.default.json', fr: 'fr.json' };
export const STRINGS: Record<Locale, Record<string, unknown>> = {
  en: JSON.parse(readFileSync(join(ROOT, 'extensions/settings/locales', FILES.en), 'utf8')),
  fr: JSON.parse(readFileSync(join(ROOT, 'extensions/settings/locales', FILES.fr), 'utf8')),
};

/** Missing keys and unreplaced `{{…}}` throw: a test then fails on the text that lacks them. */
export function translator(locale: Locale): Translate {
  const plural = new Intl.PluralRules(locale);
  return (key, values = {}) => {
    let s: unknown = key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), STRINGS[locale]);
    if (s && typeof s === 'object' && typeof values.count === 'number') {
      const forms = s as Record<string, unknown>;
      s = forms[plural.select(values.count)] ?? forms.other;
    }
    if (typeof s !== 'string') throw new Error(`no ${locale} text for ${key}`);
    return s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => {
      if (!(k in values)) throw new Error(`${locale} text ${key} needs {{${k}}}`);
      return String(values[k]);
    });
  };
}

const translators = { en: translator('en'), fr: translator('fr') };

/** A problem's text in a locale (English: lint's wording). */
export function problemText(p: Problem, locale: Locale = 'en'): string {
  return render(translators[locale], locale, `problem.code.${p.code}`, p.params);
}

/** `path: text`, as lint's JSON output is compared. */
export const shown = (p: Problem) => `${p.path}: ${problemText(p)}`;
