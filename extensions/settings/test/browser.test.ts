// The built extension in headless Chromium (Debian's package), in a small
// harness page: Polaris elements are plain custom elements
// (harness/elements.js), the validation-settings API records every
// applyMetafieldChange (harness/shopify.js). Each scenario keeps a PNG under
// target/editor-screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { ADDRESS_KINDS, LIMIT_KINDS } from '../src/model/catalog';
import { compact, JObj, JValue, parse } from '../src/model/json';
import { BROKEN, ROOT } from './corpus';
import { deriveVariables, variablesText } from '../src/model/variables';
import { summarize } from '../src/model/summary';
import { translator } from './locale';

const EXT = join(ROOT, 'extensions/settings');
const SHOTS = join(ROOT, 'target/editor-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const bundle = readFileSync(join(ROOT, 'target/editor/settings.iife.js'), 'utf8');
const elements = readFileSync(join(EXT, 'test/harness/elements.js'), 'utf8');
const api = readFileSync(join(EXT, 'test/harness/shopify.js'), 'utf8');
const strings = {
  en: JSON.parse(readFileSync(join(EXT, 'locales/en.default.json'), 'utf8')),
  fr: JSON.parse(readFileSync(join(EXT, 'locales/fr.json'), 'utf8')),
};
mkdirSync(SHOTS, { recursive: true });

let browser: BrowserContext;
before(async () => {
  // A fresh profile directory (Playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
});

interface Change {
  type: string;
  namespace: string;
  key: string;
  value: string;
  valueType: string;
}

/** Opens the editor on a config (text) or on a validation without metafields. */
async function open(config: string | null, locale: 'en' | 'fr' = 'en'): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (route) => route.abort());
  await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="background:#f1f1f1;margin:0"></body></html>');
  const metafields = config === null ? null : [{ id: 'gid://shopify/Metafield/1', namespace: 'app--1234--checkout-guard', key: 'config', value: config, type: 'json' }];
  await page.evaluate((setup) => ((window as unknown as { __harness: unknown }).__harness = setup), { metafields, locale, strings: strings[locale] });
  await page.addScriptTag({ content: elements });
  await page.addScriptTag({ content: api });
  await page.addScriptTag({ content: bundle });
  await page.evaluate(() => (window as unknown as { CheckoutGuardSettings: { default: () => Promise<void> } }).CheckoutGuardSettings.default());
  await page.waitForSelector('s-function-settings');
  assert.deepEqual(errors, []);
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
const save = (page: Page) => page.evaluate(() => (window as unknown as { __save: () => Promise<string> }).__save());
const changes = (page: Page) => page.evaluate(() => (window as unknown as { __changes: Change[] }).__changes);

async function type(page: Page, id: string, value: string) {
  const input = page.locator(`#${id} input`).first();
  await input.fill(value);
  await input.press('Tab');
}

async function errorAt(page: Page, id: string): Promise<string> {
  return (await page.locator(`#${id} .error`).first().textContent()) ?? '';
}

const example = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');
const familyRules = (text: string, kinds: readonly string[]) => {
  const config = parse(text) as JObj;
  return (config.get('rules') as JValue[]).filter((r) => kinds.includes(String((r as JObj).get('kind'))));
};

describe('settings extension in Chromium', () => {
  it('opens an example config and shows its rules', async () => {
    const text = example('order-limits.json');
    const page = await open(text);
    const rules = familyRules(text, LIMIT_KINDS);
    assert.equal(await page.locator('s-section[id^="rule-"]').count(), rules.length);
    for (const r of rules) await page.locator(`s-section[heading^="${(r as JObj).get('id')} ·"]`).waitFor();
    assert.match((await page.locator('#status-problems').textContent()) ?? '', /No problems/);
    await shot(page, '01-open-example');
    await page.close();
  });

  it('opens an address example in French', async () => {
    const text = example('po-box-blocker.json');
    const page = await open(text, 'fr');
    assert.equal(await page.locator('s-section[id^="rule-"]').count(), familyRules(text, ADDRESS_KINDS).length);
    assert.match((await page.locator('s-heading').first().textContent()) ?? '', /règles d'adresse/);
    await page.click('#r0-edit');
    await shot(page, '02-open-address-fr');
    await page.close();
  });

  it('changes a bound and saves config and variables together', async () => {
    const text = example('order-limits.json');
    const page = await open(text);
    await page.click('#r0-edit');
    await type(page, 'r0-max', '7');
    assert.equal(await save(page), 'saved');
    const expected = compact(parse(text)).replace('"max":5,', '"max":7,');
    assert.notEqual(expected, compact(parse(text)));
    assert.deepEqual(await changes(page), [
      { type: 'updateMetafield', namespace: '$app:checkout-guard', key: 'config', value: expected, valueType: 'json' },
      { type: 'updateMetafield', namespace: '$app:checkout-guard', key: 'variables', value: variablesText(deriveVariables(parse(expected), 'limits')), valueType: 'json' },
    ]);
    await shot(page, '03-change-bound-saved');
    await page.close();
  });

  it('shows what the admin reports when committing fails', async () => {
    const page = await open(example('order-limits.json'));
    await page.evaluate(() => (window as unknown as { __commitFailed: (m: string[]) => void }).__commitFailed(['Value is too long']));
    assert.match((await page.locator('#save-error').textContent()) ?? '', /Saving failed: Value is too long/);
    await page.close();
  });

  it('saves an untouched config unchanged', async () => {
    const text = example('b2b-wholesaler.json');
    const page = await open(text);
    assert.equal(await save(page), 'saved');
    assert.equal((await changes(page))[0]!.value, compact(parse(text)));
    await page.close();
  });

  const limitsMistakes: [string, (p: Page) => Promise<void>, string, RegExp][] = [
    ['bound-zero', (p) => type(p, 'r0-max', '0'), 'r0-max', /expected a whole number >= 1, found 0/],
    ['bound-text', (p) => type(p, 'r0-max', 'five'), 'r0-max', /expected a whole number >= 1, found "five"/],
    ['min-above-max', (p) => type(p, 'r0-min', '9'), 'r0-min', /min is greater than max/],
    ['bad-id', (p) => type(p, 'r0-id', 'no spaces'), 'r0-id', /expected 1-64 characters of A-Z a-z 0-9 _ -, found "no spaces"/],
    ['placeholder', (p) => type(p, 'r0-message-en', 'Only {max} of {field}.'), 'r0-message-en', /placeholder \{field\} cannot be filled/],
    ['lone-brace', (p) => type(p, 'r0-message-fr', 'Au plus {max'), 'r0-message-fr', /lone '\{'/],
    ['language-tag', (p) => type(p, 'r0-message-fr-tag', 'french'), 'r0-message-french', /a language tag/],
    ['country-code', (p) => type(p, 'r0-when-countries', 'us'), 'r0-when-countries', /two-letter upper-case country code/],
    ['collection-id', (p) => type(p, 'r0-lines-collectionIds', 'https://admin.shopify.com/store/acme/products/12345'), 'r0-lines-collectionIds', /a collection GID/],
    ['except-vendor', (p) => type(p, 'r0-lines-except-productIds', 'gid://shopify/Product/x'), 'r0-lines-except-productIds', /a product GID/],
    ['currency', (p) => type(p, 'r0-when-currencies', 'euro'), 'r0-when-currencies', /three-letter upper-case currency code/],
  ];
  for (const [name, act, id, expected] of limitsMistakes) {
    it(`shows a mistake next to its field and refuses to save: ${name}`, async () => {
      const page = await open(example('order-limits.json'));
      await page.click('#r0-edit');
      await act(page);
      assert.match(await errorAt(page, id), expected);
      assert.match(await save(page), /^refused: Fix the problems/);
      assert.deepEqual(await changes(page), []);
      await page.locator('#save-error').waitFor();
      await shot(page, `04-mistake-${name}`);
      await page.close();
    });
  }

  const addressMistakes: [string, (p: Page) => Promise<void>, string, RegExp][] = [
    ['pattern-syntax', async (p) => {
      await p.locator('#r0-matcher select').selectOption('pattern');
      await type(p, 'r0-pattern', '(unclosed');
    }, 'r0-pattern', /pattern does not compile/],
    ['pattern-oversized', async (p) => {
      await p.locator('#r0-matcher select').selectOption('pattern');
      await type(p, 'r0-pattern', '.{0,150}z');
    }, 'r0-pattern', /compiles too large/],
    ['actual-placeholder', (p) => type(p, 'r0-message', 'No {actual}'), 'r0-message', /address rules never print the buyer's data/],
  ];
  for (const [name, act, id, expected] of addressMistakes) {
    it(`shows an address mistake next to its field: ${name}`, async () => {
      const page = await open('{"version":1,"rules":[{"id":"no-po","kind":"field_pattern","preset":"po_box","fields":["deliveryAddress.address1"],"message":"No PO boxes."}]}');
      await page.click('#r0-edit');
      await act(page);
      assert.match(await errorAt(page, id), expected);
      assert.match(await save(page), /^refused/);
      assert.deepEqual(await changes(page), []);
      await shot(page, `05-mistake-${name}`);
      await page.close();
    });
  }

  it('shows list mistakes of country, province and postal rules', async () => {
    const page = await open('{"version":1,"rules":[{"id":"c","kind":"delivery_country","allow":["US"],"message":"m"},{"id":"p","kind":"delivery_province","country":"US","deny":["HI"],"message":"m"},{"id":"z","kind":"postal_code","deny":["10001"],"message":"m"}]}');
    await page.click('#r0-edit');
    await type(page, 'r0-allow', 'USA');
    assert.match(await errorAt(page, 'r0-allow'), /two-letter upper-case country code/);
    await page.click('#r1-edit');
    await type(page, 'r1-deny', ' ');
    assert.match((await page.locator('#r1-problems').textContent()) ?? '', /expected "allow" or "deny"/);
    await page.click('#r2-edit');
    await type(page, 'r2-deny', '*');
    assert.match(await errorAt(page, 'r2-deny'), /a postal code, prefix/);
    assert.match(await save(page), /^refused/);
    await shot(page, '05-mistake-lists');
    await page.close();
  });

  it('shows the config size and term budget problems', async () => {
    let page = await open(BROKEN['too-large']!);
    assert.match((await page.locator('#config-problems').textContent()) ?? '', /bytes once minified; Shopify hands a function at most 10000/);
    assert.match((await page.locator('#status-size').textContent()) ?? '', /of 10000 bytes/);
    assert.match(await save(page), /^refused/);
    await shot(page, '06-too-large');
    await page.close();
    page = await open(BROKEN['too-many-product-terms']!);
    await page.click('#r1-edit');
    assert.match((await page.locator('#rule-1 s-text.error, #rule-1 s-text[tone=critical]').first().textContent()) ?? '', /names more than 10 distinct product tags and collection ids/);
    assert.match((await page.locator('#status-terms').textContent()) ?? '', /6 of 10/);
    await shot(page, '06-term-budget');
    await page.close();
  });

  it('shows lint warnings on the rule and still saves', async () => {
    const page = await open(BROKEN['warn-cart-steps']!);
    assert.match((await page.locator('#r0-warnings').textContent()) ?? '', /min and multipleOf are checked at CART_INTERACTION/);
    assert.match((await page.locator('#status-problems').textContent()) ?? '', /No problems/);
    await shot(page, '06-warnings');
    assert.equal(await save(page), 'saved');
    await page.close();
  });

  it('writes an explicit pattern mode only when chosen', async () => {
    const page = await open('{"version":1,"rules":[{"id":"zip","kind":"field_pattern","pattern":"^[0-9]{5}$","fields":["deliveryAddress.zip"],"message":"Five digits."}]}');
    await page.click('#r0-edit');
    await page.click('#r0-more');
    await page.locator('#r0-mode select').selectOption('require');
    await page.locator('#r0-required input').check();
    await page.locator('#r0-caseSensitive input').check();
    assert.equal(await save(page), 'saved');
    assert.equal((await changes(page))[0]!.value, '{"version":1,"rules":[{"id":"zip","kind":"field_pattern","pattern":"^[0-9]{5}$","fields":["deliveryAddress.zip"],"message":"Five digits.","mode":"require","required":true,"caseSensitive":true}]}');
    await shot(page, '07-pattern-require');
    await page.close();
  });

  it('offers postal_format on postal codes only, in require mode (v1.2)', async () => {
    const page = await open('{"version":1,"rules":[{"id":"zip","kind":"field_pattern","preset":"po_box","fields":["deliveryAddress.address1","billingAddress.zip"],"message":"Check the postal code."}]}');
    await page.click('#r0-edit');
    await page.locator('#r0-preset select').selectOption('postal_format');
    // The fields offered are the two postal codes; the other fields chosen are dropped.
    const offered = await page.locator('#r0-fields input[type=checkbox]').count();
    assert.equal(offered, 2);
    await page.click('#r0-more');
    assert.deepEqual(await page.locator('#r0-mode option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)), ['require']);
    assert.match((await page.locator('#rule-0').textContent()) ?? '', /Requires billing address postal code to have the postal-code format of the address's country/);
    assert.equal(await save(page), 'saved');
    assert.equal((await changes(page))[0]!.value, '{"version":1,"rules":[{"id":"zip","kind":"field_pattern","preset":"postal_format","fields":["billingAddress.zip"],"message":"Check the postal code."}]}');
    await shot(page, '07-postal-format');
    await page.close();
    const blocked = await open('{"version":1,"rules":[{"id":"zip","kind":"field_pattern","preset":"postal_format","mode":"block","fields":["deliveryAddress.zip","deliveryAddress.city"],"message":"m"}]}');
    await blocked.click('#r0-edit');
    assert.match(await errorAt(blocked, 'r0-mode'), /the postal_format preset works in require mode only/);
    assert.match((await blocked.locator('#r0-fields s-text[tone=critical]').first().textContent()) ?? '', /the postal_format preset reads postal codes only/);
    assert.match(await save(blocked), /^refused/);
    // The other field stays listed, so it can be unticked (and then is no longer offered).
    await blocked.locator('#r0-fields-deliveryAddress-city input').click();
    assert.equal(await blocked.locator('#r0-fields-deliveryAddress-city').count(), 0);
    assert.equal(await blocked.locator('#r0-fields s-text[tone=critical]').count(), 0);
    assert.match(await save(blocked), /^refused/);
    await blocked.close();
  });

  for (const [family, kinds] of [['limits', LIMIT_KINDS], ['address', ADDRESS_KINDS]] as const) {
    it(`adds a rule of each ${family} kind from scratch and saves`, async () => {
      const page = await open(null);
      await page.locator('#family select').selectOption(family);
      for (const kind of kinds) {
        await page.locator('#add-kind select').selectOption(kind);
        await page.click('#add-rule');
      }
      assert.equal(await page.locator('s-section[id^="rule-"]').count(), kinds.length);
      assert.match((await page.locator('#status-problems').textContent()) ?? '', /No problems/);
      await shot(page, `07-add-every-${family}-kind`);
      assert.equal(await save(page), 'saved');
      const [config, variables] = await changes(page);
      const rules = (parse(config!.value) as JObj).get('rules') as JObj[];
      assert.deepEqual(rules.map((r) => r.get('kind')), [...kinds]);
      assert.ok(rules.every((r) => r.get('monitor') === true), 'new rules start in monitor mode');
      assert.equal(variables!.value, variablesText(deriveVariables(parse(config!.value), family)));
      await page.close();
    });
  }

  it('turns monitor mode on and off', async () => {
    const text = example('order-limits.json');
    const page = await open(text);
    await page.locator('#r0-monitor input').check();
    await page.locator('#rule-0 s-badge', { hasText: 'Monitor mode' }).waitFor();
    await shot(page, '08-monitor-on');
    assert.equal(await save(page), 'saved');
    const on = parse((await changes(page))[0]!.value) as JObj;
    assert.equal(((on.get('rules') as JObj[])[0]!).get('monitor'), true);
    await page.locator('#r0-monitor input').uncheck();
    assert.equal(await save(page), 'saved');
    assert.equal((await changes(page))[2]!.value, compact(parse(text)));
    await page.close();
  });

  it('duplicates, reorders, disables and deletes rules', async () => {
    const text = example('order-limits.json');
    const page = await open(text);
    await page.click('#r0-duplicate');
    await page.locator('s-section[heading^="max-5-per-item-copy ·"]').waitFor();
    await page.click('#r1-down');
    await page.locator('#r2-enabled input').uncheck();
    await page.click('#r0-delete');
    await shot(page, '09-duplicate-reorder-disable-delete');
    assert.equal(await save(page), 'saved');
    const rules = (parse((await changes(page))[0]!.value) as JObj).get('rules') as JObj[];
    const original = (parse(text) as JObj).get('rules') as JObj[];
    assert.deepEqual(rules.map((r) => r.get('id')), [original[1]!.get('id'), 'max-5-per-item-copy', ...original.slice(2).map((r) => r.get('id'))]);
    assert.equal(rules[1]!.get('enabled'), false);
    await page.close();
  });

  for (const locale of ['en', 'fr'] as const) {
    it(`lists every rule with its summary (${locale})`, async () => {
      const text = example('order-limits.json');
      const page = await open(text, locale);
      const rules = familyRules(text, LIMIT_KINDS);
      for (const [i, rule] of rules.entries()) {
        const shown = (await page.locator(`#r${i}-summary`).textContent()) ?? '';
        assert.equal(shown, summarize(rule, translator(locale), locale));
        assert.ok(shown.length > 20);
      }
      assert.match((await page.locator('#r0-summary').textContent()) ?? '', locale === 'en' ? /^At most 5 of each product per line · except products of type Coffee Pods/ : /^Au plus 5 de chaque produit par ligne · sauf produits de type Coffee Pods/);
      await shot(page, `10-rule-list-summaries-${locale}`);
      await page.close();
    });
  }

  it('opens a rule with its options folded, and opens them when asked or when they hold a value or a problem', async () => {
    const page = await open('{"version":1,"rules":[{"id":"max-5","kind":"line_quantity","max":5,"message":"At most {max}.","monitor":true},{"id":"vip","kind":"cart_quantity","max":9,"when":{"customerTags":["vip"]},"message":"m"}]}');
    await page.click('#r0-edit');
    await page.locator('#r0-max').waitFor();
    assert.equal(await page.locator('#r0-options').count(), 0, 'options folded');
    assert.equal(await page.locator('#r0-lines-productTags').count(), 0);
    assert.equal(await page.locator('#r0-when-countries').count(), 0);
    assert.equal(await page.locator('#r0-id').count(), 0);
    assert.match((await page.locator('#r0-summary').textContent()) ?? '', /^At most 5 of each product per line · checked in the cart and at checkout · monitor mode$/);
    await shot(page, '11-rule-options-folded');
    await page.click('#r0-more');
    await page.locator('#r0-options').waitFor();
    await page.locator('#r0-lines-productTags').waitFor();
    // A problem in an option keeps them open (the button cannot fold them).
    await type(page, 'r0-when-currencies', 'euro');
    assert.match(await errorAt(page, 'r0-when-currencies'), /three-letter upper-case currency code/);
    assert.equal(await page.locator('#r0-more').evaluate((e) => (e as unknown as { disabled: boolean }).disabled), true);
    await page.click('#r0-edit');
    // A rule whose options hold a value opens with them shown.
    await page.click('#r1-edit');
    await page.locator('#r1-options').waitFor();
    assert.equal(await page.locator('#r1-when-customerTags input').inputValue(), 'vip');
    await page.click('#r1-more');
    assert.equal(await page.locator('#r1-options').count(), 0, 'folded when asked');
    await page.close();
  });

  it('adds a product by pasting its admin link, and shows what was recognised', async () => {
    const page = await open('{"version":1,"rules":[{"id":"max-5","kind":"line_quantity","max":5,"message":"At most {max}."}]}');
    await page.click('#r0-edit');
    await page.click('#r0-more');
    await type(page, 'r0-lines-productIds', 'https://admin.shopify.com/store/acme-coffee/products/8012345678901');
    assert.equal(await page.locator('#r0-lines-productIds-recognised').textContent(), 'Recognised: Product 8012345678901 (from an admin link)');
    assert.equal(await page.locator('#r0-lines-productIds-item-0').textContent(), 'Product 8012345678901');
    // Several at once: the store-domain admin link, a number and a GID, in collections.
    await type(page, 'r0-lines-collectionIds', 'https://acme-coffee.myshopify.com/admin/collections/412345678901, 77 gid://shopify/Collection/78');
    assert.equal(await page.locator('#r0-lines-collectionIds-recognised').textContent(), 'Recognised: Collection 412345678901 (from a store admin link), Collection 77 (from a number), Collection 78 (as a GID)');
    assert.match((await page.locator('#r0-summary').textContent()) ?? '', /products #8012345678901 or products in collection #412345678901, #77 or #78/);
    assert.match((await page.locator('#status-terms').textContent()) ?? '', /3 of 10/);
    await shot(page, '12-product-pasted-admin-link');
    assert.equal(await save(page), 'saved');
    assert.equal(
      (await changes(page))[0]!.value,
      '{"version":1,"rules":[{"id":"max-5","kind":"line_quantity","max":5,"message":"At most {max}.","lines":{"productIds":["gid://shopify/Product/8012345678901"],"collectionIds":["gid://shopify/Collection/412345678901","gid://shopify/Collection/77","gid://shopify/Collection/78"]}}]}',
    );
    // Removing the last one removes the key.
    await page.click('#r0-lines-productIds-remove-0');
    assert.equal(await page.locator('#r0-lines-productIds-item-0').count(), 0);
    assert.equal(await save(page), 'saved');
    assert.ok(!(await changes(page))[2]!.value.includes('productIds'));
    // Text that names nothing is kept as typed: the checker names it, saving waits.
    await type(page, 'r0-lines-productIds', 'blue-mug');
    assert.match((await page.locator('#r0-lines-productIds-unrecognised').textContent()) ?? '', /Not recognised, kept as typed: blue-mug/);
    assert.match(await errorAt(page, 'r0-lines-productIds'), /expected a product GID such as "gid:\/\/shopify\/Product\/123", found "blue-mug"/);
    assert.match(await save(page), /^refused/);
    await page.close();
  });

  it('labels fields, delivery methods and units for people, grouped as a merchant thinks of them', async () => {
    const page = await open('{"version":1,"rules":[{"id":"no-po","kind":"field_pattern","preset":"po_box","fields":["deliveryAddress.address1"],"message":"No PO boxes.","when":{"deliveryMethods":["SHIPPING"]}}]}', 'fr');
    await page.click('#r0-edit');
    const fields = (await page.locator('#r0-fields').textContent()) ?? '';
    for (const group of ['Adresse de livraison', 'Adresse de facturation', 'Contact']) assert.ok(fields.includes(group), group);
    const labels = await page.locator('#r0-fields s-checkbox').evaluateAll((boxes) => boxes.map((b) => b.getAttribute('label')));
    assert.equal(labels.length, 19);
    for (const label of ['Adresse, ligne 1', 'Code postal', 'E-mail', 'Téléphone']) assert.ok(labels.includes(label), label);
    assert.ok(labels.every((l) => l !== null && !l.includes('.')), 'no JSON paths');
    assert.equal(await page.locator('#r0-fields-deliveryAddress-address1').getAttribute('label'), 'Adresse, ligne 1');
    assert.equal(await page.locator('#r0-when-deliveryMethods-PICKUP_POINT').getAttribute('label'), 'Point relais');
    assert.match((await page.locator('#r0-summary').textContent()) ?? '', /^Bloque les boîtes postales dans la ligne 1 de l'adresse de livraison · livraison uniquement$/);
    await shot(page, '13-labels-fr');
    await page.close();
  });

  it('shows problems in the merchant\'s language, at the same place', async () => {
    const page = await open(example('order-limits.json'), 'fr');
    await page.click('#r0-edit');
    await type(page, 'r0-max', '0');
    assert.equal(await errorAt(page, 'r0-max'), 'attendu : un nombre entier supérieur ou égal à 1 ; trouvé : 0');
    await type(page, 'r0-max', '5');
    await type(page, 'r0-message-fr', 'Au plus {max');
    assert.equal(await errorAt(page, 'r0-message-fr'), '« { » isolée (écrivez {{ pour une accolade)');
    assert.match(await save(page), /^refused/);
    await shot(page, '14-problem-fr');
    await page.close();
    const unknown = await open('{"version":1,"rules":[{"id":"a","kind":"line_quantity","mx":5,"message":"m"}]}', 'fr');
    assert.match((await unknown.locator('#r0-problems').textContent()) ?? '', /mx: clé inconnue « mx »/);
    await unknown.close();
  });
});
