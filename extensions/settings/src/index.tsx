// Checkout Guard's settings page for a validation (admin.settings.validation.render):
// the rules of the validation being edited, every problem next to its field,
// and a save that writes `config` and its `variables` together.
import '@shopify/ui-extensions/preact';
import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { Family, MAX_CUSTOMER_TAGS, MAX_PRODUCT_TERMS, METAFIELD_MAX_BYTES } from './model/catalog';
import { Draft, draftOf, emptyConfig, load, ruleFamily, saveChanges, shownRules, status } from './model/model';
import { EditorContext, problemText, Translate, valueOf } from './ui/context';
import { RuleList } from './ui/rules';

export default async () => {
  render(<Settings />, document.body);
};

/** Which validation this is: from the family of its rules; a validation without rules asks (the API gives only the function's id). */
function familyOf(metafields: readonly { namespace: string; key: string; value: string }[] | undefined): Family | null {
  const loaded = load(metafields, 'limits');
  if ('draft' in loaded) for (const r of loaded.draft.rules) {
    const f = ruleFamily(r);
    if (f) return f;
  }
  return null;
}

function Settings() {
  const t: Translate = (key, values) => shopify.i18n.translate(key, values) as string;
  const metafields = shopify.data.validation?.metafields;
  const known = useMemo(() => familyOf(metafields), []);
  const [loaded, setLoaded] = useState(() => load(metafields, known ?? 'limits'));
  const [draft, setDraft] = useState<Draft | null>('draft' in loaded ? loaded.draft : null);
  const family = draft?.family ?? known ?? 'limits';
  const [saveError, setSaveError] = useState<string | null>(null);
  if (draft === null) {
    return (
      <s-function-settings>
        <s-banner tone="critical">{t('problem.notJson', { error: 'error' in loaded ? loaded.error : '' })}</s-banner>
        <s-button
          id="start-over"
          onClick={() => {
            const fresh = draftOf(emptyConfig(), family);
            if ('draft' in fresh) {
              setLoaded(fresh);
              setDraft(fresh.draft);
            }
          }}
        >
          {t('action.startOver')}
        </s-button>
      </s-function-settings>
    );
  }
  const s = status(draft);
  const others = draft.rules.length - shownRules(draft).length;
  const topProblems = s.problems.filter((p) => p.ruleIndex === null && p.severity !== 'warning');
  const topWarnings = s.problems.filter((p) => p.ruleIndex === null && p.severity === 'warning');
  const submit = (event: Event & { waitUntil?: (p: Promise<unknown>) => void }) => {
    const changes = saveChanges(draft);
    const work = (async () => {
      if (changes === null) {
        setSaveError(t('save.refused'));
        throw new Error(t('save.refused'));
      }
      for (const change of changes) {
        const result = await shopify.applyMetafieldChange(change);
        if (result.type === 'error') {
          setSaveError(t('save.failed', { message: result.message }));
          throw new Error(t('save.failed', { message: result.message }));
        }
      }
      setSaveError(null);
    })();
    event.waitUntil?.(work);
  };
  const editor = { draft, update: (edit: (d: Draft) => Draft) => setDraft((d) => (d ? edit(d) : d)), t, locale: String((shopify as unknown as { locale?: string }).locale ?? 'en') };
  return (
    <s-function-settings
      onSubmit={submit as never}
      onReset={() => 'draft' in loaded && setDraft(loaded.draft)}
      onError={(event: Event) => {
        // Committing to Shopify failed for data we gave (e.g. a metafield the server refused).
        const errors = (event as Event & { error?: { errors?: { message?: string }[] } }).error?.errors ?? [];
        setSaveError(t('save.failed', { message: errors.map((e) => e.message ?? '').join('; ') }));
      }}
    >
      <EditorContext.Provider value={editor}>
        <s-stack gap="base">
          <s-heading>{t('title', { family: t(`family.${draft.family}`) })}</s-heading>
          <s-paragraph>{t('intro')}</s-paragraph>
          {known === null && draft.rules.length === 0 && (
            <s-select id="family" label={t('field.family')} value={draft.family} onChange={(e: Event) => setDraft({ ...draft, family: valueOf(e) === 'address' ? 'address' : 'limits' })}>
              <s-option value="limits">{t('family.limits')}</s-option>
              <s-option value="address">{t('family.address')}</s-option>
            </s-select>
          )}
          <s-stack id="status" direction="inline" gap="base">
            <s-badge id="status-size" tone={s.bytes > METAFIELD_MAX_BYTES ? 'critical' : 'neutral'}>
              {t('status.size', { bytes: s.bytes, limit: METAFIELD_MAX_BYTES })}
            </s-badge>
            <s-badge id="status-terms" tone={s.productTerms >= MAX_PRODUCT_TERMS ? 'warning' : 'neutral'}>
              {t('status.productTerms', { count: s.productTerms, limit: MAX_PRODUCT_TERMS })}
            </s-badge>
            <s-badge id="status-customer-tags" tone={s.customerTags >= MAX_CUSTOMER_TAGS ? 'warning' : 'neutral'}>
              {t('status.customerTags', { count: s.customerTags, limit: MAX_CUSTOMER_TAGS })}
            </s-badge>
            <s-badge id="status-problems" tone={s.errors > 0 ? 'critical' : 'success'}>
              {s.errors > 0 ? t('status.problems', { count: s.errors }) : t('status.ready')}
            </s-badge>
          </s-stack>
          {saveError && (
            <s-banner id="save-error" tone="critical">
              {saveError}
            </s-banner>
          )}
          {topProblems.length > 0 && (
            <s-banner id="config-problems" tone="critical" heading={t('problem.config')}>
              {topProblems.map((p) => (
                <s-paragraph>{`${p.path}: ${problemText(p, t, editor.locale)}`}</s-paragraph>
              ))}
            </s-banner>
          )}
          {topWarnings.length > 0 && (
            <s-banner id="config-warnings" tone="warning" heading={t('problem.warnings')}>
              {topWarnings.map((p) => (
                <s-paragraph>{`${p.path}: ${problemText(p, t, editor.locale)}`}</s-paragraph>
              ))}
            </s-banner>
          )}
          {others > 0 && <s-text tone="neutral">{t('status.otherFamily', { count: others })}</s-text>}
          <RuleList problems={[...s.problems, ...s.notes]} />
        </s-stack>
      </EditorContext.Provider>
    </s-function-settings>
  );
}
