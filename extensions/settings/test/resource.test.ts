// Products, variants and collections as a merchant copies them: admin links
// (both forms), numbers and GIDs, stored as GIDs; anything else is not
// recognised (and kept as typed by the form, so the checker names it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entries, idOf, recognise } from '../src/model/resource';

describe('recognising products, variants and collections', () => {
  const cases: [string, 'Product' | 'ProductVariant' | 'Collection', unknown][] = [
    ['https://admin.shopify.com/store/acme-coffee/products/8012345678901', 'Product', { gid: 'gid://shopify/Product/8012345678901', type: 'Product', id: '8012345678901', from: 'admin' }],
    ['https://admin.shopify.com/store/acme/products/123?variant=9#top', 'Product', { gid: 'gid://shopify/Product/123', type: 'Product', id: '123', from: 'admin' }],
    ['  https://admin.shopify.com/store/acme/products/123/  ', 'Product', { gid: 'gid://shopify/Product/123', type: 'Product', id: '123', from: 'admin' }],
    ['https://admin.shopify.com/store/acme/collections/412345678901', 'Collection', { gid: 'gid://shopify/Collection/412345678901', type: 'Collection', id: '412345678901', from: 'admin' }],
    ['https://admin.shopify.com/store/acme/products/123/variants/456', 'ProductVariant', { gid: 'gid://shopify/ProductVariant/456', type: 'ProductVariant', id: '456', from: 'admin' }],
    ['https://acme.myshopify.com/admin/products/123', 'Product', { gid: 'gid://shopify/Product/123', type: 'Product', id: '123', from: 'legacy' }],
    ['https://ACME.myshopify.com/admin/collections/77', 'Collection', { gid: 'gid://shopify/Collection/77', type: 'Collection', id: '77', from: 'legacy' }],
    ['123', 'Product', { gid: 'gid://shopify/Product/123', type: 'Product', id: '123', from: 'number' }],
    ['#123', 'Collection', { gid: 'gid://shopify/Collection/123', type: 'Collection', id: '123', from: 'number' }],
    ['gid://shopify/Product/123', 'Product', { gid: 'gid://shopify/Product/123', type: 'Product', id: '123', from: 'gid' }],
    ['gid://shopify/ProductVariant/5', 'ProductVariant', { gid: 'gid://shopify/ProductVariant/5', type: 'ProductVariant', id: '5', from: 'gid' }],
    // Links and GIDs of another type are told apart from nonsense.
    ['https://admin.shopify.com/store/acme/products/123', 'Collection', { other: 'Product' }],
    ['gid://shopify/Collection/9', 'Product', { other: 'Collection' }],
    ['https://admin.shopify.com/store/acme/products/1/variants/2', 'Product', { other: 'ProductVariant' }],
    // Not recognised.
    ['https://admin.shopify.com/store/acme/orders/123', 'Product', null],
    ['https://admin.shopify.com/products/123', 'Product', null],
    ['https://acme-coffee.com/products/blue-mug', 'Product', null],
    ['https://evil.example/admin/products/123', 'Product', null],
    ['https://myshopify.com.evil.example/admin/products/1', 'Product', null],
    ['https://acme.myshopify.com/products/123', 'Product', null],
    ['ftp://acme.myshopify.com/admin/products/123', 'Product', null],
    ['https://admin.shopify.com/store/acme/products/abc', 'Product', null],
    ['https://admin.shopify.com/store/acme/products/0', 'Product', null],
    ['gid://shopify/Product/x', 'Product', null],
    ['gid://shopify/Order/1', 'Product', null],
    ['12a', 'Product', null],
    ['-5', 'Product', null],
    ['0', 'Product', null],
    ['123456789012345678901', 'Product', null],
    ['', 'Product', null],
    ['blue mug', 'Product', null],
  ];
  for (const [text, type, expected] of cases) it(`${JSON.stringify(text)} as ${type}`, () => assert.deepEqual(recognise(text, type), expected));

  it('reads a stored GID back as its number', () => {
    assert.equal(idOf('gid://shopify/Product/123', 'Product'), '123');
    assert.equal(idOf('gid://shopify/Product/123', 'Collection'), null);
    assert.equal(idOf('123', 'Product'), null);
  });

  it('splits several pasted entries', () => {
    assert.deepEqual(entries(' https://admin.shopify.com/store/a/products/1, 2\n gid://shopify/Product/3 '), ['https://admin.shopify.com/store/a/products/1', '2', 'gid://shopify/Product/3']);
    assert.deepEqual(entries(' , '), []);
  });
});
