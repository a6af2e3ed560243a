// The `variables` metafield, derived from the config as the contract says
// ("Where it lives"): every product tag, collection id and customer tag the
// valid rules name; tags de-duplicated case-insensitively keeping the
// spelling of their first mention; each list sorted by byte value; each key
// always present.

import { Family } from './catalog';
import { check, Checked } from './check';
import { JValue } from './json';

export interface Variables {
  productTags: string[];
  collectionIds: string[];
  customerTags: string[];
}

/** Compares strings by their UTF-8 bytes (= by code points). */
export function byteOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

export function variablesOf(checked: Checked): Variables {
  return {
    productTags: [...checked.terms.productTags].sort(byteOrder),
    collectionIds: [...checked.terms.collectionIds].sort(byteOrder),
    customerTags: [...checked.terms.customerTags].sort(byteOrder),
  };
}

export function deriveVariables(config: JValue | undefined, family: Family | null): Variables {
  return variablesOf(check(config, family));
}

/** The metafield value, compact, keys in the contract's order. */
export function variablesText(v: Variables): string {
  return JSON.stringify({ productTags: v.productTags, collectionIds: v.collectionIds, customerTags: v.customerTags });
}
