// The app home in Debian's headless Chromium, against the server's real
// router (examples/home_fixture.rs) with Shopify's endpoints stood in.
// App Bridge is stubbed by this harness: its idToken() returns a session
// token signed here with the fixture's test secret. Every request the page
// makes is recorded: only this server and Shopify's CDN (stubbed), each API
// call with a Bearer session token, no cookie. Screenshots: target/server-screenshots/.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = join(ROOT, 'target/server-screenshots');
const FIXTURE = process.env.HOME_FIXTURE ?? join(ROOT, 'target/debug/examples/home_fixture');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
mkdirSync(SHOTS, { recursive: true });

const b64url = (text) => Buffer.from(text).toString('base64url');
function sessionToken({ shop, apiKey, secret }, edit = {}) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: `https://${shop}/admin`, dest: `https://${shop}`, aud: apiKey, sub: '42', exp: now + 60, nbf: now - 1, iat: now - 1, jti: `j${Math.random()}`, sid: 's', ...edit };
  const signed = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(JSON.stringify(claims))}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

let fixture;
let info;
let browser;
before(async () => {
  fixture = spawn(FIXTURE, [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: fixture.stdout });
  info = await new Promise((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line)));
    fixture.once('exit', (code) => reject(new Error(`fixture exited ${code}`)));
  });
  info.lines = lines;
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'cg-home-')), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  await browser?.close();
  if (fixture) {
    const last = new Promise((resolve) => info.lines.once('line', resolve));
    fixture.stdin.end();
    const report = JSON.parse(await last);
    assert.deepEqual(report.violations, [], 'the Shopify stand-in saw violations');
  }
});

/** Opens the app home as Shopify would embed it; returns the page and its request log. */
async function open({ locale = 'en', token } = {}) {
  const page = await browser.newPage();
  const errors = [];
  const requests = [];
  const responses = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('response', (r) => responses.push(r));
  await page.route('**/*', async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    requests.push({ url: request.url(), method: request.method(), headers: request.headers(), body: request.postData() });
    if (url.origin === info.base) return route.continue();
    if (request.url() === 'https://cdn.shopify.com/shopifycloud/app-bridge.js') {
      // The App Bridge stub: config, idToken, toast.
      const stub = `window.__toasts = []; window.shopify = { config: { apiKey: document.querySelector('meta[name=shopify-api-key]').content, locale: ${JSON.stringify(locale)} },
        idToken: async () => window.__token, toast: { show: (m) => window.__toasts.push(m) } };`;
      return route.fulfill({ contentType: 'text/javascript', body: stub });
    }
    if (request.url() === 'https://cdn.shopify.com/shopifycloud/polaris.js') {
      return route.fulfill({ contentType: 'text/javascript', body: '/* Polaris web components: styled by home.css in this harness */' });
    }
    return route.abort();
  });
  await page.addInitScript((t) => { window.__token = t; }, token ?? sessionToken(info));
  await page.goto(`${info.base}/?shop=${info.shop}&host=YWRtaW4&embedded=1&locale=${locale}`);
  await page.waitForSelector('#cards[aria-busy="false"], s-banner:not([hidden])');
  return { page, errors, requests, responses };
}

function assertPrivate({ requests, responses }) {
  for (const request of requests) {
    const url = new URL(request.url);
    assert.ok(url.origin === info.base || url.hostname === 'cdn.shopify.com', `third-party request: ${request.url}`);
    if (url.pathname.startsWith('/api/')) {
      assert.match(request.headers.authorization ?? '', /^Bearer eyJ/, `${request.url} without a session token`);
      assert.equal(request.headers.cookie, undefined);
    }
  }
  for (const response of responses) assert.equal(response.headers()['set-cookie'], undefined, `${response.url()} sets a cookie`);
}

describe('app home', () => {
  it('shows both validations, sets up the missing one (en)', async () => {
    const session = await open();
    const { page } = session;
    assert.deepEqual(session.errors, []);
    const limits = page.locator('s-section[data-function="limits"]');
    const address = page.locator('s-section[data-function="address"]');
    assert.equal(await limits.locator('h2').textContent(), 'Order limits');
    assert.equal(await limits.locator('s-badge').textContent(), 'On');
    assert.match(await limits.locator('[data-fact="rules"]').textContent(), /^Rules: \d+ \(in monitor mode: 0\)$/);
    assert.equal(await limits.locator('[data-fact="failure"]').textContent(), 'If the function fails: checkout continues');
    assert.equal(await address.locator('s-badge').textContent(), 'Not set up');
    await page.screenshot({ path: join(SHOTS, 'home-en.png'), fullPage: true });
    await address.locator('[data-action="setup"]').click();
    await page.waitForSelector('s-section[data-function="address"] [data-fact="rules"]');
    assert.equal(await address.locator('[data-fact="rules"]').textContent(), 'Rules: 1 (in monitor mode: 1)');
    assert.equal(await address.locator('s-badge').textContent(), 'On');
    assert.deepEqual(await page.evaluate(() => window.__toasts), ['Set up with a starter rule in monitor mode. Edit its rules in Checkout rules.']);
    await page.screenshot({ path: join(SHOTS, 'home-en-after-setup.png'), fullPage: true });
    assertPrivate(session);
    assert.deepEqual(await browser.cookies(), []);
    assert.ok(session.requests.some((r) => r.method === 'POST' && r.url.endsWith('/api/validations/address/setup')));
    await page.close();
  });

  it('speaks French', async () => {
    const session = await open({ locale: 'fr' });
    const { page } = session;
    assert.equal(await page.locator('s-section[data-function="limits"] h2').textContent(), 'Limites de commande');
    assert.equal(await page.locator('s-section[data-function="address"] [data-fact="rules"]').textContent(), 'Règles : 1 (en mode observation : 1)');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    await page.screenshot({ path: join(SHOTS, 'home-fr.png'), fullPage: true });
    assertPrivate(session);
    await page.close();
  });

  it('says so when the session token is refused', async () => {
    const forged = sessionToken({ ...info, secret: 'not-the-secret' });
    const session = await open({ token: forged });
    const { page } = session;
    assert.equal(await page.locator('#error').textContent(), 'Your validations could not be loaded. Reload the page to try again.');
    const api = session.responses.find((r) => r.url().endsWith('/api/validations'));
    assert.equal(api.status(), 401);
    assert.equal(api.headers()['x-shopify-retry-invalid-session-request'], '1');
    await page.screenshot({ path: join(SHOTS, 'home-en-refused.png'), fullPage: true });
    await page.close();
  });
});
