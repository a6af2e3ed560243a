// The one-line summary of a rule, in English and French, for every kind and
// every option the summary names (bounds, line filters and their exceptions,
// conditions, steps and their defaults, patterns and presets, modes, lists).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPlain } from '../src/model/json';
import { summarize } from '../src/model/summary';
import { examples } from './corpus';
import { JObj, JValue } from '../src/model/json';
import { translator } from './locale';

const en = translator('en');
const fr = translator('fr');
const both = (rule: Record<string, unknown>) => [summarize(fromPlain(rule), en, 'en'), summarize(fromPlain(rule), fr, 'fr')];
const base = { id: 'r', message: 'm' };

const CASES: [string, Record<string, unknown>, string, string][] = [
  // Limits: each kind's bounds (max, min, range, multipleOf alone and with a bound) and default steps.
  ['line max, tagged', { ...base, kind: 'line_quantity', max: 5, lines: { productTags: ['winter'] } },
    'At most 5 of each product per line · products tagged winter · checked in the cart and at checkout',
    'Au plus 5 de chaque produit par ligne · produits étiquetés winter · vérifiée dans le panier et au paiement'],
  ['line at checkout', { ...base, kind: 'line_quantity', max: 5, steps: ['CHECKOUT_INTERACTION', 'CHECKOUT_COMPLETION'], lines: { productTags: ['winter'] } },
    'At most 5 of each product per line · products tagged winter · checked at checkout',
    'Au plus 5 de chaque produit par ligne · produits étiquetés winter · vérifiée au paiement'],
  ['line min', { ...base, kind: 'line_quantity', min: 2 }, 'At least 2 of each product per line · checked at checkout', 'Au moins 2 de chaque produit par ligne · vérifiée au paiement'],
  ['line range and multiple', { ...base, kind: 'line_quantity', min: 6, max: 24, multipleOf: 6 },
    'Between 6 and 24 of each product per line · in multiples of 6 · checked in the cart and at checkout',
    'Entre 6 et 24 de chaque produit par ligne · par multiples de 6 · vérifiée dans le panier et au paiement'],
  ['product multiple only', { ...base, kind: 'product_quantity', multipleOf: 6 },
    'Each product in the cart in multiples of 6 · checked at checkout', 'Chaque produit du panier par multiples de 6 · vérifiée au paiement'],
  ['product max', { ...base, kind: 'product_quantity', max: 2 }, 'At most 2 of each product in the cart · checked in the cart and at checkout', 'Au plus 2 de chaque produit dans le panier · vérifiée dans le panier et au paiement'],
  ['cart range', { ...base, kind: 'cart_quantity', min: 1, max: 50 }, 'Between 1 and 50 items in the cart · checked in the cart and at checkout', 'Entre 1 et 50 articles dans le panier · vérifiée dans le panier et au paiement'],
  ['cart multiple', { ...base, kind: 'cart_quantity', multipleOf: 2 }, 'Items in the cart in multiples of 2 · checked at checkout', 'Articles du panier par multiples de 2 · vérifiée au paiement'],
  ['distinct max', { ...base, kind: 'distinct_lines', max: 20 }, 'At most 20 different items in the cart · checked in the cart and at checkout', 'Au plus 20 articles différents dans le panier · vérifiée dans le panier et au paiement'],
  ['distinct min', { ...base, kind: 'distinct_lines', min: 3 }, 'At least 3 different items in the cart · checked at checkout', 'Au moins 3 articles différents dans le panier · vérifiée au paiement'],
  ['subtotal min', { ...base, kind: 'cart_subtotal', min: '50.00' }, 'Subtotal of at least 50.00 · checked at checkout', "Sous-total d'au moins 50.00 · vérifiée au paiement"],
  ['subtotal range', { ...base, kind: 'cart_subtotal', min: '50.00', max: '500.00' }, 'Subtotal between 50.00 and 500.00 · checked in the cart and at checkout', 'Sous-total entre 50.00 et 500.00 · vérifiée dans le panier et au paiement'],
  ['subtotal max', { ...base, kind: 'cart_subtotal', max: '500.00' }, 'Subtotal of at most 500.00 · checked in the cart and at checkout', "Sous-total d'au plus 500.00 · vérifiée dans le panier et au paiement"],
  ['weight max', { ...base, kind: 'cart_weight', max: 30, unit: 'kg' }, 'Cart weighs at most 30 kg · checked in the cart and at checkout', 'Panier de 30 kg au plus · vérifiée dans le panier et au paiement'],
  ['weight min', { ...base, kind: 'cart_weight', min: 1.5, unit: 'lb' }, 'Cart weighs at least 1.5 lb · checked at checkout', "Panier d'au moins 1.5 lb · vérifiée au paiement"],
  ['weight range', { ...base, kind: 'cart_weight', min: 1, max: 9.5, unit: 'oz' }, 'Cart weighs between 1 and 9.5 oz · checked in the cart and at checkout', 'Panier entre 1 et 9.5 oz · vérifiée dans le panier et au paiement'],
  ['no bound', { ...base, kind: 'cart_quantity' }, 'No bound yet · checked at checkout', "Aucune borne pour l'instant · vérifiée au paiement"],
  // Line filters: every criterion, ids by number, except, long lists.
  ['every criterion', { ...base, kind: 'line_quantity', max: 3, steps: ['CART_INTERACTION'], lines: {
      productIds: ['gid://shopify/Product/123'], variantIds: ['gid://shopify/ProductVariant/45'], collectionIds: ['gid://shopify/Collection/7', 'gid://shopify/Collection/8'],
      vendors: ['Acme'], productTypes: ['Mugs'] } },
    'At most 3 of each product per line · products #123, variants #45, products in collection #7 or #8, products from Acme or products of type Mugs · checked in the cart',
    'Au plus 3 de chaque produit par ligne · produits n° 123, variantes n° 45, produits de la collection n° 7 ou n° 8, produits de Acme ou produits de type Mugs · vérifiée dans le panier'],
  ['except', { ...base, kind: 'cart_quantity', max: 9, steps: ['CHECKOUT_COMPLETION'], lines: { productTags: ['a', 'b'], except: { productTags: ['sale'], vendors: ['X'] } } },
    'At most 9 items in the cart · products tagged a or b · except products tagged sale or products from X · checked when the order is placed',
    'Au plus 9 articles dans le panier · produits étiquetés a ou b · sauf produits étiquetés sale ou produits de X · vérifiée à la validation de la commande'],
  ['long list', { ...base, kind: 'line_quantity', max: 1, steps: ['CHECKOUT_INTERACTION'], lines: { productTags: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } },
    'At most 1 of each product per line · products tagged a, b, c, d or 3 more · checked during checkout',
    'Au plus 1 de chaque produit par ligne · produits étiquetés a, b, c, d ou 3 autres · vérifiée pendant le paiement'],
  // Conditions, each key; monitor and disabled.
  ['every condition, monitored', { ...base, kind: 'line_quantity', max: 5, monitor: true, when: {
      countries: ['FR', 'BE'], notCountries: ['US'], customerTags: ['vip'], notCustomerTags: ['staff'], b2b: true, currencies: ['EUR'], deliveryMethods: ['SHIPPING', 'PICK_UP', 'LOCAL', 'PICKUP_POINT', 'RETAIL', 'NONE'] } },
    'At most 5 of each product per line · delivering to France or Belgium · not delivering to United States · customers tagged vip · not for customers tagged staff · B2B buyers only · paid in EUR · shipping, pickup, local delivery, pickup point, in store or no delivery only · checked in the cart and at checkout · monitor mode',
    'Au plus 5 de chaque produit par ligne · livraison vers France ou Belgique · sauf livraison vers États-Unis · clients étiquetés vip · sauf clients étiquetés staff · acheteurs B2B uniquement · payé en EUR · livraison, retrait, livraison locale, point relais, en magasin ou sans livraison uniquement · vérifiée dans le panier et au paiement · mode surveillance'],
  ['not b2b, disabled', { ...base, kind: 'cart_subtotal', min: '10.00', enabled: false, monitor: true, when: { b2b: false } },
    'Subtotal of at least 10.00 · not for B2B buyers · checked at checkout · disabled', "Sous-total d'au moins 10.00 · hors acheteurs B2B · vérifiée au paiement · désactivée"],
  // Address kinds: presets, patterns, modes, flags, field groups.
  ['po box', { ...base, kind: 'field_pattern', preset: 'po_box', fields: ['deliveryAddress.address1', 'deliveryAddress.address2'], monitor: true, when: { deliveryMethods: ['SHIPPING'] } },
    'Blocks PO boxes in shipping address lines 1 and 2 · shipping only · monitor mode',
    "Bloque les boîtes postales dans les lignes 1 et 2 de l'adresse de livraison · livraison uniquement · mode surveillance"],
  ['military, several groups', { ...base, kind: 'field_pattern', preset: 'military', fields: ['deliveryAddress.city', 'billingAddress.address1', 'billingAddress.zip'] },
    'Blocks military addresses in shipping address city and billing address line 1 and postal code',
    "Bloque les adresses militaires dans la ville de l'adresse de livraison et la ligne 1 et le code postal de l'adresse de facturation"],
  ['require preset', { ...base, kind: 'field_pattern', preset: 'po_box', mode: 'require', fields: ['deliveryAddress.address2'] },
    'Requires a PO box in shipping address line 2', "Exige une boîte postale dans la ligne 2 de l'adresse de livraison"],
  ['require military', { ...base, kind: 'field_pattern', preset: 'military', mode: 'require', fields: ['deliveryAddress.address1'] },
    'Requires a military address in shipping address line 1', "Exige une adresse militaire dans la ligne 1 de l'adresse de livraison"],
  ['postal format, mode omitted', { ...base, kind: 'field_pattern', preset: 'postal_format', fields: ['deliveryAddress.zip', 'billingAddress.zip'], required: true },
    "Requires shipping address postal code and billing address postal code to have the postal-code format of the address's country · a value is required",
    "Exige que le code postal de l'adresse de livraison et le code postal de l'adresse de facturation ait le format de code postal du pays de l'adresse · valeur obligatoire"],
  ['postal format in block mode (invalid)', { ...base, kind: 'field_pattern', preset: 'postal_format', mode: 'block', fields: ['deliveryAddress.zip'] },
    "Blocks postal codes that have their country's format in shipping address postal code",
    "Bloque les codes postaux au format de leur pays dans le code postal de l'adresse de livraison"],
  ['block pattern, case-sensitive', { ...base, kind: 'field_pattern', pattern: 'TEST', caseSensitive: true, fields: ['buyerIdentity.email', 'buyerIdentity.phone'] },
    "Blocks values matching /TEST/ in the buyer's email and phone · case-sensitive",
    "Bloque les valeurs correspondant à /TEST/ dans l'e-mail et le téléphone de l'acheteur · sensible à la casse"],
  ['require pattern, required', { ...base, kind: 'field_pattern', pattern: '^[0-9]{5}$', mode: 'require', required: true, fields: ['deliveryAddress.zip'], steps: ['CHECKOUT_COMPLETION'] },
    'Requires shipping address postal code to match /^[0-9]{5}$/ · a value is required · checked when the order is placed',
    "Exige que le code postal de l'adresse de livraison corresponde à /^[0-9]{5}$/ · valeur obligatoire · vérifiée à la validation de la commande"],
  ['every field label', { ...base, kind: 'field_pattern', preset: 'po_box', fields: ['deliveryAddress.company', 'deliveryAddress.countryCode', 'deliveryAddress.firstName', 'deliveryAddress.lastName', 'deliveryAddress.phone', 'deliveryAddress.provinceCode', 'deliveryAddress.nickname'] },
    'Blocks PO boxes in shipping address company, country, first name, last name, phone and province and deliveryAddress.nickname',
    "Bloque les boîtes postales dans la société, le pays, le prénom, le nom, le téléphone et la province de l'adresse de livraison et deliveryAddress.nickname"],
  ['country allow', { ...base, kind: 'delivery_country', allow: ['US', 'CA'] }, 'Delivers only to United States or Canada', 'Livraison uniquement vers États-Unis ou Canada'],
  ['country deny', { ...base, kind: 'delivery_country', deny: ['RU'] }, 'Does not deliver to Russia', 'Pas de livraison vers Russie'],
  ['province deny', { ...base, kind: 'delivery_province', country: 'US', deny: ['AK', 'HI'] }, 'In United States, does not deliver to AK or HI', 'États-Unis : pas de livraison vers AK ou HI'],
  ['province allow', { ...base, kind: 'delivery_province', country: 'CA', allow: ['QC'] }, 'In Canada, delivers only to QC', 'Canada : livraison uniquement vers QC'],
  ['postal deny', { ...base, kind: 'postal_code', deny: ['96799', '100*'] }, 'Does not deliver to postal codes 96799 or 100*', 'Pas de livraison aux codes postaux 96799 ou 100*'],
  ['postal allow in country', { ...base, kind: 'postal_code', country: 'FR', allow: ['75001-75020'] }, 'In France, delivers only to postal codes 75001-75020', 'France : livraison uniquement aux codes postaux 75001-75020'],
  ['postal deny in country', { ...base, kind: 'postal_code', country: 'FR', deny: ['20*'] }, 'In France, does not deliver to postal codes 20*', 'France : pas de livraison aux codes postaux 20*'],
  ['postal allow', { ...base, kind: 'postal_code', allow: ['10001'] }, 'Delivers only to postal codes 10001', 'Livraison uniquement aux codes postaux 10001'],
  ['address steps', { ...base, kind: 'delivery_country', allow: ['US'], steps: ['CHECKOUT_INTERACTION'] }, 'Delivers only to United States · checked during checkout', 'Livraison uniquement vers États-Unis · vérifiée pendant le paiement'],
];

describe('rule summaries', () => {
  for (const [name, rule, english, french] of CASES) {
    it(name, () => assert.deepEqual(both(rule), [english, french]));
  }
  it('a rule of no known kind has no summary', () => {
    assert.deepEqual(both({ id: 'x', kind: 'line_quantty', max: 1 }), ['', '']);
    assert.equal(summarize(null, en, 'en'), '');
  });
  it('every example rule has a summary in both languages, every text found', () => {
    for (const ex of examples())
      for (const rule of (ex.config as JObj).get('rules') as JValue[]) {
        assert.ok(summarize(rule, en, 'en').length > 10);
        assert.ok(summarize(rule, fr, 'fr').length > 10);
      }
  });
});
