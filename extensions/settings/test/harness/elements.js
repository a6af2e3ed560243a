// The test harness's stand-ins for Polaris web components: plain custom
// elements with the same tag names, properties and events (value/checked on
// the host, `change` events), drawn simply so screenshots are readable.
(() => {
  const PROPS = ['label', 'value', 'error', 'details', 'checked', 'disabled', 'heading', 'tone', 'variant', 'direction', 'gap', 'type', 'placeholder'];
  const CSS = `
    :host { display: block; font: 14px/1.4 system-ui, sans-serif; color: #202223; }
    .error { color: #b42318; font-size: 13px; margin-top: 2px; }
    .details { color: #616161; font-size: 12px; }
    label { display: block; font-weight: 500; }
    input[type=text], select, textarea { display: block; width: 100%; box-sizing: border-box; padding: 4px 6px; border: 1px solid #8a8a8a; border-radius: 6px; font: inherit; }
    .invalid input, .invalid select { border-color: #b42318; background: #fff4f4; }
  `;
  class Base extends HTMLElement {
    constructor() {
      super();
      this._p = {};
      this.attachShadow({ mode: 'open' });
    }
    connectedCallback() { this.draw(); }
    draw() {}
    esc(s) { return String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]); }
    foot() {
      return (this._p.details ? `<div class="details">${this.esc(this._p.details)}</div>` : '') +
        (this._p.error ? `<div class="error" role="alert">${this.esc(this._p.error)}</div>` : '');
    }
    fire(type) { this.dispatchEvent(new Event(type, { bubbles: true })); }
  }
  for (const p of PROPS) {
    Object.defineProperty(Base.prototype, p, {
      get() { return this._p[p] ?? (this.hasAttribute(p) ? this.getAttribute(p) : undefined); },
      set(v) {
        if (this._p[p] === v) return;
        this._p[p] = v;
        // Reflected, so tests can select on it (heading, tone, …).
        if (typeof v === 'string' && p !== 'value') this.setAttribute(p, v);
        if (this.isConnected) this.draw();
      },
    });
  }
  const simple = (tag, html, extra = '') => customElements.define(tag, class extends Base {
    draw() { this.shadowRoot.innerHTML = `<style>${CSS}${extra}</style>` + html(this); }
  });
  simple('s-function-settings', () => '<slot></slot>', ':host{padding:16px;max-width:900px}');
  simple('s-stack', (e) => `<div style="display:flex;flex-direction:${e.direction === 'inline' ? 'row' : 'column'};flex-wrap:wrap;gap:${e.gap === 'base' ? 12 : 6}px;align-items:${e.direction === 'inline' ? 'flex-end' : 'stretch'}"><slot></slot></div>`);
  simple('s-section', (e) => `<div style="border:1px solid #d0d0d0;border-radius:10px;padding:12px;background:#fff"><h3 style="margin:0 0 8px">${e.esc(e.heading)}</h3><slot></slot></div>`);
  simple('s-heading', () => '<h2 style="margin:0"><slot></slot></h2>');
  simple('s-paragraph', () => '<p style="margin:2px 0"><slot></slot></p>');
  simple('s-text', (e) => `<span style="color:${e.tone === 'critical' ? '#b42318' : e.tone === 'neutral' ? '#616161' : 'inherit'};font-weight:${e.type === 'strong' ? 600 : 400}" class="${e.tone === 'critical' ? 'error' : ''}"><slot></slot></span>`, ':host{display:inline}');
  simple('s-banner', (e) => `<div role="status" style="border-left:4px solid ${e.tone === 'critical' ? '#b42318' : '#2c6ecb'};background:${e.tone === 'critical' ? '#fff4f4' : '#f0f6ff'};padding:8px 12px;border-radius:6px">${e.heading ? `<strong>${e.esc(e.heading)}</strong>` : ''}<slot></slot></div>`);
  simple('s-badge', (e) => `<span style="display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;background:${{ critical: '#fed3d1', success: '#cdfee1', info: '#e0f0ff', warning: '#ffef9d' }[e.tone] ?? '#e3e3e3'}"><slot></slot></span>`, ':host{display:inline-block}');
  simple('s-divider', () => '<hr>');
  customElements.define('s-option', class extends HTMLElement {
    get value() { return this._v ?? this.getAttribute('value') ?? ''; }
    set value(v) { this._v = v; }
  });
  customElements.define('s-button', class extends Base {
    draw() {
      this.shadowRoot.innerHTML = `<style>${CSS}:host{display:inline-block}button{padding:4px 12px;border-radius:8px;border:1px solid #8a8a8a;background:${this._p.variant === 'primary' ? '#303030' : '#fff'};color:${this._p.variant === 'primary' ? '#fff' : this._p.tone === 'critical' ? '#b42318' : '#303030'}}</style><button ${this.disabled ? 'disabled' : ''}><slot></slot></button>`;
    }
  });
  const field = (tag, control) => customElements.define(tag, class extends Base {
    draw() {
      this.shadowRoot.innerHTML = `<style>${CSS}</style><div class="${this._p.error ? 'invalid' : ''}"><label>${this.esc(this.label)}${control(this)}</label>${this.foot()}</div>`;
      const input = this.shadowRoot.querySelector('input,textarea');
      input.addEventListener('input', () => { this._p.value = input.value; this.fire('input'); });
      input.addEventListener('change', () => { this._p.value = input.value; this.fire('change'); });
    }
  });
  field('s-text-field', (e) => `<input type="text" value="${e.esc(e.value)}">`);
  field('s-text-area', (e) => `<textarea rows="3">${e.esc(e.value)}</textarea>`);
  const toggle = (tag) => customElements.define(tag, class extends Base {
    draw() {
      this.shadowRoot.innerHTML = `<style>${CSS}:host{display:inline-block}label{font-weight:400}</style><label><input type="checkbox" ${this.checked ? 'checked' : ''}> ${this.esc(this.label)}${tag === 's-switch' ? ' ⇄' : ''}</label>${this.foot()}`;
      const input = this.shadowRoot.querySelector('input');
      input.addEventListener('change', () => { this._p.checked = input.checked; this.fire('change'); });
    }
  });
  toggle('s-checkbox');
  toggle('s-switch');
  customElements.define('s-select', class extends Base {
    connectedCallback() {
      this.draw();
      new MutationObserver(() => this.draw()).observe(this, { childList: true, subtree: true, characterData: true, attributes: true });
    }
    draw() {
      const options = [...this.querySelectorAll('s-option')].map((o) => `<option value="${this.esc(o.value)}" ${o.value === String(this.value ?? '') ? 'selected' : ''}>${this.esc(o.textContent)}</option>`).join('');
      this.shadowRoot.innerHTML = `<style>${CSS}</style><div class="${this._p.error ? 'invalid' : ''}"><label>${this.esc(this.label)}<select>${options}</select></label>${this.foot()}</div>`;
      const select = this.shadowRoot.querySelector('select');
      select.addEventListener('change', () => { this._p.value = select.value; this.fire('change'); });
    }
  });
})();
