// One component per rule kind (and the parts kinds share: line filter,
// conditions, message). Each also lists the field paths it renders, so
// problems are placed next to their field (model.placeProblems).

import { ADDRESS_FIELDS, BILLING_FIELDS, COUNTRIES, CRITERIA_KEYS, DELIVERY_METHODS, familyOf, Kind, POSTAL_FORMAT_FIELDS, PROVINCES, UNITS } from '../model/catalog';
import { JObj } from '../model/json';
import { getAt, listOf, ruleAt, setAt } from '../model/model';
import { Checkbox, CodeList, CountryList, MultiCheck, ResourceList, Select, TextField, useCountryName } from './fields';
import { useEditor, useProblems, valueOf } from './context';

type P = { index: number };

const RESOURCES = ['productIds', 'variantIds', 'collectionIds'];

/** Every field path (below the rule) a kind's form renders. */
export function kindPaths(kind: Kind | null, rule: JObj): string[] {
  const message = rule.get('message');
  const languages = message instanceof JObj ? message.keys().map((k) => `.message.${k}`) : [];
  const common = ['.id', '.kind', '.enabled', '.monitor', '.steps', '.message', ...languages, '.when'];
  const when = ['countries', 'notCountries', 'customerTags', 'notCustomerTags', 'b2b', 'currencies', 'deliveryMethods'].map((k) => `.when.${k}`);
  const lines = ['.lines', ...CRITERIA_KEYS.map((k) => `.lines.${k}`), '.lines.except', ...CRITERIA_KEYS.map((k) => `.lines.except.${k}`)];
  const own: Record<Kind, string[]> = {
    line_quantity: ['.min', '.max', '.multipleOf', ...lines],
    product_quantity: ['.min', '.max', '.multipleOf', ...lines],
    cart_quantity: ['.min', '.max', '.multipleOf', ...lines],
    distinct_lines: ['.min', '.max', ...lines],
    cart_subtotal: ['.min', '.max', ...lines],
    cart_weight: ['.min', '.max', '.unit', ...lines],
    field_pattern: ['.pattern', '.preset', '.mode', '.required', '.caseSensitive', '.fields'],
    delivery_country: ['.allow', '.deny'],
    delivery_province: ['.country', '.allow', '.deny'],
    postal_code: ['.country', '.allow', '.deny'],
  };
  return [...common, ...when, ...(kind ? own[kind] : [])];
}

function GroupError(props: { path: string }) {
  const error = useProblems(props.path);
  return error ? <s-text tone="critical">{error}</s-text> : null;
}

function Criteria(props: P & { base: string[] }) {
  const { t } = useEditor();
  return (
    <s-stack gap="small-200">
      {CRITERIA_KEYS.map((k) =>
        RESOURCES.includes(k) ? (
          <ResourceList index={props.index} path={[...props.base, k]} label={t(`field.${k}`)} />
        ) : (
          <TextField index={props.index} path={[...props.base, k]} label={t(`field.${k}`)} as="list" />
        ),
      )}
    </s-stack>
  );
}

export function LineFilter(props: P) {
  const { t } = useEditor();
  return (
    <s-section heading={t('field.lines')}>
      <s-stack gap="base">
        <s-text tone="neutral">{t('field.linesHelp')}</s-text>
        <GroupError path=".lines" />
        <Criteria index={props.index} base={['lines']} />
        <s-heading>{t('field.except')}</s-heading>
        <GroupError path=".lines.except" />
        <Criteria index={props.index} base={['lines', 'except']} />
      </s-stack>
    </s-section>
  );
}

export function Conditions(props: P) {
  const { t } = useEditor();
  const i = props.index;
  return (
    <s-section heading={t('field.when')}>
      <s-stack gap="base">
        <s-text tone="neutral">{t('field.whenHelp')}</s-text>
        <GroupError path=".when" />
        <CountryList index={i} path={['when', 'countries']} label={t('field.countries')} />
        <CountryList index={i} path={['when', 'notCountries']} label={t('field.notCountries')} />
        <TextField index={i} path={['when', 'customerTags']} label={t('field.customerTags')} as="list" />
        <TextField index={i} path={['when', 'notCustomerTags']} label={t('field.notCustomerTags')} as="list" />
        <B2b index={i} />
        <TextField index={i} path={['when', 'currencies']} label={t('field.currencies')} as="list" />
        <MultiCheck index={i} path={['when', 'deliveryMethods']} label={t('field.deliveryMethods')} options={DELIVERY_METHODS.map((m) => [m, t(`field.method.${m}`)])} />
      </s-stack>
    </s-section>
  );
}

function B2b(props: P) {
  const { t, draft, update } = useEditor();
  const v = getAt(draft, props.index, ['when', 'b2b']);
  const error = useProblems('.when.b2b');
  const current = v === true ? 'true' : v === false ? 'false' : '';
  return (
    <s-select
      id={`r${props.index}-when-b2b`}
      label={t('field.b2b')}
      value={current}
      error={error}
      onChange={(e: Event) => update((d) => setAt(d, props.index, ['when', 'b2b'], valueOf(e) === '' ? undefined : valueOf(e) === 'true'))}
    >
      <s-option value="">{t('field.b2bAny')}</s-option>
      <s-option value="true">{t('field.b2bTrue')}</s-option>
      <s-option value="false">{t('field.b2bFalse')}</s-option>
    </s-select>
  );
}

/** Messages per language; a plain string is the "default" message. The first is an essential; other languages are options. */
export function Messages(props: P & { part: 'first' | 'more' }) {
  const { t, draft, update } = useEditor();
  const i = props.index;
  const message = ruleAt(draft, i).get('message');
  const error = useProblems('.message');
  const rows: [string | null, string][] =
    typeof message === 'string' ? [[null, message]] : message instanceof JObj ? message.entries.map(([k, v]) => [k, typeof v === 'string' ? v : '']) : [];
  const asObject = (): JObj => (message instanceof JObj ? message : typeof message === 'string' ? new JObj([['default', message]]) : new JObj());
  const addLanguage = () =>
    update((d) => {
      const obj = asObject();
      const tag = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt-BR', 'ja'].find((l) => !obj.has(l)) ?? 'default';
      return setAt(d, i, ['message'], obj.with(tag, obj.entries[0]?.[1] ?? ''));
    });
  if (props.part === 'first') {
    return (
      <s-stack gap="small-200">
        <s-text type="strong">{t('field.message')}</s-text>
        <s-text tone="neutral">{t('field.messageHelp')}</s-text>
        {error && typeof message !== 'string' && <s-text tone="critical">{error}</s-text>}
        {rows.slice(0, 1).map(([tag, text]) => (
          <MessageRow index={i} tag={tag} text={text} />
        ))}
      </s-stack>
    );
  }
  return (
    <s-stack gap="small-200">
      {rows.slice(1).map(([tag, text]) => (
        <MessageRow index={i} tag={tag} text={text} />
      ))}
      <s-button id={`r${i}-message-add`} onClick={addLanguage}>
        {t('action.addLanguage')}
      </s-button>
    </s-stack>
  );
}

function MessageRow(props: { index: number; tag: string | null; text: string }) {
  const { t, draft, update } = useEditor();
  const { index, tag } = props;
  const path = tag === null ? '.message' : `.message.${tag}`;
  const error = useProblems(path);
  const id = tag === null ? `r${index}-message` : `r${index}-message-${tag}`;
  const message = ruleAt(draft, index).get('message');
  const setText = (text: string) =>
    update((d) => setAt(d, index, tag === null ? ['message'] : ['message', tag], text));
  const rename = (to: string) =>
    update((d) => {
      if (!(message instanceof JObj) || tag === null || to === tag || to === '') return d;
      return setAt(d, index, ['message'], new JObj(message.entries.map(([k, v]) => [k === tag ? to : k, v] as const)));
    });
  const remove = () =>
    update((d) => {
      if (!(message instanceof JObj) || tag === null) return d;
      const rest = message.with(tag, undefined);
      return setAt(d, index, ['message'], rest.entries.length === 0 ? undefined : rest);
    });
  return (
    <s-stack direction="inline" gap="small-200">
      {tag !== null && (
        <s-text-field id={`${id}-tag`} label={t('field.language')} details={t('field.languageHelp')} value={tag} onChange={(e: Event) => rename(valueOf(e).trim())} />
      )}
      <s-text-field id={id} label={tag === null ? t('field.message') : `${t('field.message')} (${tag})`} value={props.text} error={error} onChange={(e: Event) => setText(valueOf(e))} />
      {tag !== null && (
        <s-button id={`${id}-remove`} tone="critical" onClick={remove}>
          {t('action.removeLanguage')}
        </s-button>
      )}
    </s-stack>
  );
}

function Bounds(props: P & { multipleOf: boolean }) {
  const { t } = useEditor();
  const i = props.index;
  return (
    <s-stack direction="inline" gap="base">
      <TextField index={i} path={['min']} label={t('field.min')} as="number" />
      <TextField index={i} path={['max']} label={t('field.max')} as="number" />
      {props.multipleOf && <TextField index={i} path={['multipleOf']} label={t('field.multipleOf')} as="number" />}
    </s-stack>
  );
}

export function QuantityRule(props: P) {
  return (
    <s-stack gap="base">
      <Bounds index={props.index} multipleOf />
    </s-stack>
  );
}

export function DistinctLinesRule(props: P) {
  return (
    <s-stack gap="base">
      <Bounds index={props.index} multipleOf={false} />
    </s-stack>
  );
}

export function SubtotalRule(props: P) {
  const { t } = useEditor();
  return (
    <s-stack gap="base">
      <s-stack direction="inline" gap="base">
        <TextField index={props.index} path={['min']} label={t('field.minAmount')} as="amount" />
        <TextField index={props.index} path={['max']} label={t('field.maxAmount')} as="amount" />
      </s-stack>
    </s-stack>
  );
}

export function WeightRule(props: P) {
  const { t } = useEditor();
  return (
    <s-stack gap="base">
      <s-stack direction="inline" gap="base">
        <TextField index={props.index} path={['min']} label={t('field.min')} as="number" />
        <TextField index={props.index} path={['max']} label={t('field.max')} as="number" />
        <Select index={props.index} path={['unit']} label={t('field.unit')} options={UNITS.map((u) => [u, t(`field.unitName.${u}`)])} />
      </s-stack>
    </s-stack>
  );
}

export function PatternRule(props: P) {
  const { t, draft, update } = useEditor();
  const i = props.index;
  const rule = ruleAt(draft, i);
  const usesPattern = rule.has('pattern');
  // Grouped as a merchant thinks of them: shipping address, billing address, contact.
  const group = (name: string, fields: string[]) => fields.map((f): [string, string, string] => [`${name}.${f}`, t(`field.name.${f}`), t(`field.group.${name}`)]);
  // postal_format (v1.2) reads postal codes only, in require mode (its default).
  const postal = !usesPattern && rule.get('preset') === 'postal_format';
  const allFields = [...group('deliveryAddress', ADDRESS_FIELDS), ...group('billingAddress', BILLING_FIELDS), ...group('buyerIdentity', ['email', 'phone'])];
  // Other fields a postal_format rule still names stay listed, so they can be unticked.
  const chosen = listOf(rule.get('fields'));
  const fieldOptions = postal ? allFields.filter(([f]) => POSTAL_FORMAT_FIELDS.includes(f) || chosen.includes(f)) : allFields;
  const choosePreset = (to: string | undefined) =>
    update((d) => {
      let next = setAt(d, i, ['preset'], to);
      if (to === 'postal_format') {
        const zips = listOf(getAt(d, i, ['fields'])).filter((f) => POSTAL_FORMAT_FIELDS.includes(f));
        next = setAt(next, i, ['fields'], zips.length > 0 ? zips : ['deliveryAddress.zip']);
        if (getAt(d, i, ['mode']) === 'block') next = setAt(next, i, ['mode'], undefined);
      }
      return next;
    });
  const modes: [string, string][] = [['block', t('field.modeBlock')], ['require', t('field.modeRequire')]];
  const switchMatcher = (to: string) =>
    update((d) => {
      if (to === 'pattern' && !usesPattern) return setAt(setAt(d, i, ['preset'], undefined), i, ['pattern'], '^.+$');
      if (to === 'preset' && usesPattern) return setAt(setAt(d, i, ['pattern'], undefined), i, ['preset'], 'po_box');
      return d;
    });
  return (
    <s-stack gap="base">
      <s-select id={`r${i}-matcher`} label={t('field.matcher')} value={usesPattern ? 'pattern' : 'preset'} onChange={(e: Event) => switchMatcher(valueOf(e))}>
        <s-option value="preset">{t('field.matcherPreset')}</s-option>
        <s-option value="pattern">{t('field.matcherPattern')}</s-option>
      </s-select>
      {usesPattern ? (
        <TextField index={i} path={['pattern']} label={t('field.pattern')} details={t('field.patternHelp')} as="text" />
      ) : (
        <Select
          index={i}
          path={['preset']}
          label={t('field.preset')}
          onChoose={choosePreset}
          options={[['po_box', t('field.presetPoBox')], ['military', t('field.presetMilitary')], ['postal_format', t('field.presetPostalFormat')]]}
        />
      )}
      <Select index={i} path={['mode']} label={t('field.mode')} fallback={postal ? 'require' : 'block'} options={postal ? modes.slice(1) : modes} />
      <MultiCheck index={i} path={['fields']} label={t('field.fields')} options={fieldOptions} />
    </s-stack>
  );
}

/** `allow` or `deny`, and the list under whichever is set. */
function AllowDeny(props: P & { list: (key: 'allow' | 'deny') => preact.JSX.Element }) {
  const { t, draft, update } = useEditor();
  const i = props.index;
  const rule = ruleAt(draft, i);
  const key = rule.has('deny') && !rule.has('allow') ? 'deny' : 'allow';
  const flip = (to: string) =>
    update((d) => {
      if (to === key) return d;
      const list = getAt(d, i, [key]);
      return setAt(setAt(d, i, [key], undefined), i, [to], list ?? []);
    });
  return (
    <s-stack gap="small-200">
      <s-select id={`r${i}-listMode`} label={t('field.list')} value={key} onChange={(e: Event) => flip(valueOf(e))}>
        <s-option value="allow">{t('field.allow')}</s-option>
        <s-option value="deny">{t('field.deny')}</s-option>
      </s-select>
      {props.list(key)}
    </s-stack>
  );
}

export function CountryRule(props: P) {
  const { t } = useEditor();
  return <AllowDeny index={props.index} list={(key) => <CountryList index={props.index} path={[key]} label={t('field.countryList')} />} />;
}

export function ProvinceRule(props: P) {
  const { t, draft } = useEditor();
  const country = getAt(draft, props.index, ['country']);
  const codes = typeof country === 'string' ? (PROVINCES[country] ?? []) : [];
  return (
    <s-stack gap="base">
      <SingleCountry index={props.index} optional={false} />
      <AllowDeny index={props.index} list={(key) => <CodeList index={props.index} path={[key]} label={t('field.provinces')} codes={codes} />} />
    </s-stack>
  );
}

export function PostalRule(props: P) {
  const { t } = useEditor();
  return (
    <s-stack gap="base">
      <SingleCountry index={props.index} optional />
      <AllowDeny index={props.index} list={(key) => <TextField index={props.index} path={[key]} label={t('field.postalCodes')} as="list" />} />
    </s-stack>
  );
}

/** One country, picked from the list (a value the list lacks is shown as is). */
function SingleCountry(props: P & { optional: boolean }) {
  const { t } = useEditor();
  const name = useCountryName();
  return (
    <Select
      index={props.index}
      path={['country']}
      label={t('field.country')}
      options={[...(props.optional ? [['', t('field.countryAny')] as [string, string]] : []), ...COUNTRIES.map((c) => [c, `${name(c)} (${c})`] as [string, string])]}
    />
  );
}

export function KindForm(props: P & { kind: Kind }) {
  switch (props.kind) {
    case 'line_quantity':
    case 'product_quantity':
    case 'cart_quantity':
      return <QuantityRule index={props.index} />;
    case 'distinct_lines':
      return <DistinctLinesRule index={props.index} />;
    case 'cart_subtotal':
      return <SubtotalRule index={props.index} />;
    case 'cart_weight':
      return <WeightRule index={props.index} />;
    case 'field_pattern':
      return <PatternRule index={props.index} />;
    case 'delivery_country':
      return <CountryRule index={props.index} />;
    case 'delivery_province':
      return <ProvinceRule index={props.index} />;
    case 'postal_code':
      return <PostalRule index={props.index} />;
  }
}

/** What a kind has beyond its essentials, behind "More options": the line filter, a pattern's case and required flags. */
export function KindOptions(props: P & { kind: Kind }) {
  const { t, draft } = useEditor();
  const i = props.index;
  if (props.kind === 'field_pattern') {
    return (
      <s-stack gap="small-200">
        {ruleAt(draft, i).has('pattern') && <Checkbox index={i} path={['caseSensitive']} label={t('field.caseSensitive')} />}
        <Checkbox index={i} path={['required']} label={t('field.required')} />
      </s-stack>
    );
  }
  if (familyOf(props.kind) === 'limits') return <LineFilter index={i} />;
  return null;
}

/** Paths (below the rule) of what "More options" holds; it opens by itself when one holds a value or a problem. */
export function optionPaths(rule: JObj): string[] {
  const message = rule.get('message');
  const extraLanguages = message instanceof JObj ? message.keys().slice(1).map((k) => `.message.${k}`) : [];
  return ['.id', '.enabled', '.steps', '.when', '.lines', '.caseSensitive', '.required', ...extraLanguages];
}

/** Whether the rule sets any of the options (so they are shown opened). */
export function usesOptions(rule: JObj): boolean {
  const message = rule.get('message');
  return ['steps', 'when', 'lines', 'caseSensitive', 'required'].some((k) => rule.has(k)) || (message instanceof JObj && message.entries.length > 1);
}
