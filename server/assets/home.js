// The app home: each of Checkout Guard's two validations, what it does and
// how to set it up. Every request carries a fresh App Bridge session token
// in its Authorization header; nothing is stored in the browser, no cookie.
// Every string comes from /assets/locales/<locale>.json.

const LOCALES = ['en', 'fr'];
const FUNCTIONS = ['limits', 'address'];
// Where merchants edit a validation's rules (our settings extension renders there).
const CHECKOUT_RULES = 'shopify:admin/settings/checkout';

function pickLocale() {
  const query = new URLSearchParams(window.location.search).get('locale');
  const wanted = (window.shopify?.config?.locale || query || navigator.language || 'en').slice(0, 2).toLowerCase();
  return LOCALES.includes(wanted) ? wanted : 'en';
}

function translate(strings, key, params = {}) {
  let text = strings[key] ?? key;
  for (const [name, value] of Object.entries(params)) text = text.replaceAll(`{${name}}`, String(value));
  return text;
}

async function api(path, method = 'GET') {
  const token = await window.shopify.idToken();
  const response = await fetch(path, { method, headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function element(tag, attributes = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function card(t, validation, onAction) {
  const section = element('s-section', { 'data-function': validation.function });
  section.append(element('h2', {}, t(`function.${validation.function}`)));
  const status = !validation.installed ? ['status.notInstalled', 'warning'] : validation.enabled ? ['status.enabled', 'success'] : ['status.disabled', 'info'];
  section.append(element('s-badge', { tone: status[1], 'data-status': status[0] }, t(status[0])));
  section.append(element('s-paragraph', {}, t(`function.${validation.function}.description`)));
  const facts = element('ul', { class: 'facts' });
  if (!validation.installed) {
    facts.append(element('li', {}, t('fact.notInstalled')));
  } else {
    facts.append(element('li', { 'data-fact': 'rules' }, validation.rules === 0 ? t('fact.noRules') : t('fact.rules', { rules: validation.rules, monitor: validation.monitor })));
    if (validation.problems > 0) facts.append(element('li', { 'data-fact': 'problems' }, t('fact.problems', { count: validation.problems })));
    facts.append(element('li', { 'data-fact': 'failure' }, t(validation.blockOnFailure ? 'fact.blockOnFailure' : 'fact.allowOnFailure')));
  }
  section.append(facts);
  const actions = element('div', { class: 'actions' });
  if (!validation.installed) {
    const button = element('s-button', { variant: 'primary', 'data-action': 'setup' }, t('action.setUp'));
    button.addEventListener('click', () => onAction(validation.function, 'setup', button));
    actions.append(button);
  } else {
    if (!validation.enabled) {
      const button = element('s-button', { 'data-action': 'enable' }, t('action.enable'));
      button.addEventListener('click', () => onAction(validation.function, 'enable', button));
      actions.append(button);
    }
    actions.append(element('s-link', { href: CHECKOUT_RULES, 'data-action': 'edit' }, t('action.edit')));
  }
  section.append(actions);
  return section;
}

async function main() {
  const locale = pickLocale();
  document.documentElement.lang = locale;
  const strings = await (await fetch(`/assets/locales/${locale}.json`)).json();
  const t = (key, params) => translate(strings, key, params);
  document.title = t('title');
  document.getElementById('page').setAttribute('heading', t('title'));
  document.getElementById('intro').textContent = t('intro');
  const cards = document.getElementById('cards');
  const banner = document.getElementById('error');
  const showError = (key) => { banner.textContent = t(key); banner.hidden = false; };

  async function refresh() {
    cards.replaceChildren(element('s-paragraph', {}, t('loading')));
    cards.setAttribute('aria-busy', 'true');
    const overview = await api('/api/validations');
    const byFunction = new Map(overview.validations.map((v) => [v.function, v]));
    cards.replaceChildren(...FUNCTIONS.filter((f) => byFunction.has(f)).map((f) => card(t, byFunction.get(f), act)));
    cards.setAttribute('aria-busy', 'false');
  }

  async function act(fn, action, button) {
    button.setAttribute('loading', '');
    try {
      await api(`/api/validations/${fn}/${action}`, 'POST');
      if (action === 'setup') window.shopify.toast?.show(t('done.setUp'));
      await refresh();
    } catch (error) {
      button.removeAttribute('loading');
      showError('error.action');
    }
  }

  try {
    await refresh();
  } catch (error) {
    cards.replaceChildren();
    showError('error.load');
  }
}

main();
