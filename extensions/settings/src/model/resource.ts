// Products, variants and collections as a merchant can copy them: the admin
// page's address (https://admin.shopify.com/store/<store>/products/123, the
// older https://<shop>.myshopify.com/admin/products/123, a variant's
// …/products/123/variants/456), the number alone, or the GID config v1
// stores. No resource picker: it needs read_products, a scope the app does
// not ask for (write_validations only).

export type ResourceType = 'Product' | 'ProductVariant' | 'Collection';

export interface Recognised {
  gid: string;
  type: ResourceType;
  id: string;
  /** What the text was: an admin link (new or store-domain admin), a number, a GID. */
  from: 'admin' | 'legacy' | 'number' | 'gid';
}

/** A criterion key's resource type. */
export const RESOURCE_OF: Record<string, ResourceType> = { productIds: 'Product', variantIds: 'ProductVariant', collectionIds: 'Collection' };

const ID = '([1-9][0-9]{0,19})';
const PATH: [RegExp, ResourceType][] = [
  [new RegExp(`^products/${ID}/variants/${ID}$`), 'ProductVariant'],
  [new RegExp(`^products/${ID}$`), 'Product'],
  [new RegExp(`^collections/${ID}$`), 'Collection'],
];
const STORE = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** The resource a URL's admin path names, whatever the expected type. */
function fromUrl(text: string): Omit<Recognised, 'gid'> | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const parts = url.pathname.split('/').filter((p) => p !== '');
  let rest: string[];
  let from: Recognised['from'];
  const host = url.hostname.toLowerCase();
  if (host === 'admin.shopify.com' && parts[0] === 'store' && parts[1] !== undefined && STORE.test(parts[1])) {
    rest = parts.slice(2);
    from = 'admin';
  } else if (host.endsWith('.myshopify.com') && STORE.test(host.slice(0, -'.myshopify.com'.length)) && parts[0] === 'admin') {
    rest = parts.slice(1);
    from = 'legacy';
  } else return null;
  const path = rest.join('/');
  for (const [re, type] of PATH) {
    const m = re.exec(path);
    if (m) return { type, id: type === 'ProductVariant' ? m[2]! : m[1]!, from };
  }
  return null;
}

/**
 * What `text` names, if it names a resource of `type`: the link's,
 * number's or GID's id as a GID. A link to another type (a product link in
 * collections) is `{ other }`; anything else null (kept as typed, so the
 * checker names the mistake).
 */
export function recognise(text: string, type: ResourceType): Recognised | { other: ResourceType } | null {
  const t = text.trim();
  const gid = new RegExp(`^gid://shopify/(Product|ProductVariant|Collection)/${ID}$`).exec(t);
  let found: Omit<Recognised, 'gid'> | null = null;
  if (gid) found = { type: gid[1] as ResourceType, id: gid[2]!, from: 'gid' };
  else if (new RegExp(`^#?${ID}$`).test(t)) found = { type, id: t.replace('#', ''), from: 'number' };
  else found = fromUrl(t);
  if (found === null) return null;
  if (found.type !== type) return { other: found.type };
  return { ...found, gid: `gid://shopify/${type}/${found.id}` };
}

/** The number of a stored GID of `type`, else null. */
export function idOf(gid: string, type: ResourceType): string | null {
  const m = new RegExp(`^gid://shopify/${type}/${ID}$`).exec(gid);
  return m ? m[1]! : null;
}

/** Entries pasted or typed together: split on commas, spaces and new lines (links and ids hold none). */
export function entries(text: string): string[] {
  return text.split(/[\s,]+/).filter((s) => s !== '');
}
