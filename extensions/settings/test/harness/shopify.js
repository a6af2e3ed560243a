// The validation-settings API the harness gives the extension: the
// validation with its metafields in, a recorder of applyMetafieldChange out,
// translations from the extension's own locale files.
(() => {
  const setup = window.__harness;
  const lookup = (key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), setup.strings);
  window.__changes = [];
  window.shopify = {
    extension: { target: 'admin.settings.validation.render' },
    locale: setup.locale,
    data: {
      shopifyFunction: { id: 'gid://shopify/ShopifyFunction/1' },
      validation: setup.metafields ? { id: 'gid://shopify/Validation/1', metafields: setup.metafields } : undefined,
    },
    i18n: {
      // `count` picks a plural form (Intl.PluralRules' category, else "other"), as the admin's i18n does.
      translate(key, values = {}) {
        let s = lookup(key);
        if (s && typeof s === 'object' && typeof values.count === 'number') s = s[new Intl.PluralRules(setup.locale).select(values.count)] ?? s.other;
        if (typeof s !== 'string') return `[missing ${key}]`;
        return s.replace(/\{\{(\w+)\}\}/g, (_, k) => String(values[k] ?? ''));
      },
      formatNumber: (n) => String(n),
    },
    async applyMetafieldChange(change) {
      window.__changes.push(change);
      return { type: 'success' };
    },
  };
  // The admin reporting that committing failed for data the extension gave.
  window.__commitFailed = (messages) => {
    const event = new Event('error');
    event.error = { name: 'AggregateError', errors: messages.map((message) => ({ name: 'FunctionSettingsError', code: 'INVALID_VALUE', message })) };
    document.querySelector('s-function-settings').dispatchEvent(event);
  };
  // The admin's save bar: submits the settings form and records the outcome.
  window.__save = async () => {
    const form = document.querySelector('s-function-settings');
    const event = new Event('submit');
    let work = Promise.resolve();
    event.waitUntil = (p) => { work = p; };
    form.dispatchEvent(event);
    try {
      await work;
      return 'saved';
    } catch (e) {
      return `refused: ${e.message}`;
    }
  };
})();
