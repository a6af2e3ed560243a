// Texts in the merchant's language from data: a problem or a summary is a
// locale key and parameters; parameters may themselves be texts (a nested
// key), lists joined with the locale's "or"/"and", or numbers formatted for
// the locale. Rendering goes through the admin's `i18n.translate` (or, in
// node tests, a stand-in reading the same locale files), so English and
// French come from locales/*.json only.

/** `shopify.i18n.translate`: `{{name}}` replacements; a numeric `count` picks the plural form. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

export type Param =
  | string
  | number
  /** Another text: `key` rendered with its own parameters (`count` picks a plural form). */
  | { key: string; params?: Params }
  /** Items joined as the locale writes a list: "a, b or c". */
  | { list: Param[]; join: 'or' | 'and' }
  /** A number written as the locale writes it (128,000 / 128 000). */
  | { num: number };

export type Params = Record<string, Param>;

export interface Text {
  key: string;
  params: Params;
}

export function textKey(key: string, params: Params = {}): Param {
  return { key, params };
}

/** Renders one parameter to a string (numbers stay numbers, so `count` still picks a plural form). */
function value(p: Param, t: Translate, locale: string): string | number {
  if (typeof p === 'string' || typeof p === 'number') return p;
  if ('key' in p) return render(t, locale, p.key, p.params);
  if ('num' in p) {
    try {
      return new Intl.NumberFormat(locale).format(p.num);
    } catch {
      return String(p.num);
    }
  }
  const items = p.list.map((x) => String(value(x, t, locale)));
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${t(`text.${p.join}`)} ${items[items.length - 1]}`;
}

export function render(t: Translate, locale: string, key: string, params: Params = {}): string {
  const values: Record<string, string | number> = {};
  for (const [k, p] of Object.entries(params)) values[k] = value(p, t, locale);
  return t(key, values);
}
