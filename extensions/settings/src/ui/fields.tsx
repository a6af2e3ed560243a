// Field components bound to a path inside one rule: each reads its value from
// the draft, writes through the model's edit functions, and shows the
// checker's problems for its path.

import { useState } from 'preact/hooks';
import { COUNTRIES, STEPS } from '../model/catalog';
import { JValue } from '../model/json';
import { getAt, listOf, listText, listValue, numberValue, setAt, stringValue, textOf, withItem } from '../model/model';
import { entries, idOf, recognise, RESOURCE_OF } from '../model/resource';
import { checkedOf, fieldId, useEditor, useProblems, valueOf } from './context';

export interface FieldProps {
  index: number;
  /** Path inside the rule, e.g. ["when", "countries"]. */
  path: string[];
  label: string;
  details?: string;
}

const sub = (path: string[]) => '.' + path.join('.');

function useField(index: number, path: string[]) {
  const { draft, update } = useEditor();
  const value = getAt(draft, index, path);
  const set = (v: JValue | undefined) => update((d) => setAt(d, index, path, v));
  return { value, set, error: useProblems(sub(path)), id: fieldId(index, sub(path)) };
}

/** Text, number, amount or list, typed. */
export function TextField(props: FieldProps & { as: 'text' | 'number' | 'amount' | 'list' }) {
  const { value, set, error, id } = useField(props.index, props.path);
  const shown = props.as === 'list' ? listText(value) : textOf(value);
  const parse = { text: stringValue, number: numberValue, amount: stringValue, list: listValue }[props.as];
  return (
    <s-text-field
      id={id}
      label={props.label}
      details={props.details}
      value={shown}
      error={error}
      onChange={(e: Event) => set(parse(valueOf(e)))}
    />
  );
}

export function Checkbox(props: FieldProps & { defaultValue?: boolean }) {
  const { value, set, error, id } = useField(props.index, props.path);
  const on = typeof value === 'boolean' ? value : (props.defaultValue ?? false);
  return (
    <s-checkbox
      id={id}
      label={props.label}
      details={props.details}
      checked={on}
      error={error}
      onChange={(e: Event) => set(checkedOf(e) === (props.defaultValue ?? false) ? undefined : checkedOf(e))}
    />
  );
}

/** One of a few values; '' removes the key, and so does choosing `fallback` (the default) when the key is absent. */
export function Select(props: FieldProps & { options: [string, string][]; fallback?: string; onChoose?: (v: string | undefined) => void }) {
  const { value, set: write, error, id } = useField(props.index, props.path);
  const current = typeof value === 'string' ? value : value === undefined ? (props.fallback ?? '') : textOf(value);
  const set = (v: string | undefined) => (props.onChoose ? props.onChoose(v) : write(value === undefined && v === props.fallback ? undefined : v));
  const known = props.options.some(([v]) => v === current);
  return (
    <s-select id={id} label={props.label} details={props.details} value={current} error={error} onChange={(e: Event) => set(valueOf(e) === '' ? undefined : valueOf(e))}>
      {!known && <s-option value={current}>{current}</s-option>}
      {props.options.map(([v, label]) => (
        <s-option value={v}>{label}</s-option>
      ))}
    </s-select>
  );
}

/** Several of a fixed set, as checkboxes (under group headings when options name one); none ticked removes the key. */
export function MultiCheck(props: FieldProps & { options: [string, string, string?][] }) {
  const { value, set, error, id } = useField(props.index, props.path);
  const chosen = listOf(value);
  const toggle = (v: string, on: boolean) => {
    const next = on ? [...chosen.filter((c) => c !== v), v] : chosen.filter((c) => c !== v);
    const ordered = [...props.options.map(([o]) => o).filter((o) => next.includes(o)), ...next.filter((n) => !props.options.some(([o]) => o === n))];
    set(ordered.length === 0 ? undefined : ordered);
  };
  return (
    <s-stack id={id} gap="small-200">
      <s-text type="strong">{props.label}</s-text>
      {props.details && <s-text tone="neutral">{props.details}</s-text>}
      {props.options.map(([v, label, group], at) => (
        <s-stack gap="small-200">
          {group && group !== props.options[at - 1]?.[2] && <s-text tone="neutral">{group}</s-text>}
          <s-checkbox id={`${id}-${v.replace('.', '-')}`} label={label} checked={chosen.includes(v)} onChange={(e: Event) => toggle(v, checkedOf(e))} />
        </s-stack>
      ))}
      {error && <s-text tone="critical">{error}</s-text>}
    </s-stack>
  );
}

/**
 * Products, variants or collections: each one listed by its number, and a
 * field to paste more (admin links, numbers or GIDs, several at once). A
 * recognised entry is stored as its GID; anything else is kept as typed, so
 * the checker's problem shows here and saving waits for a fix.
 */
export function ResourceList(props: FieldProps) {
  const { t } = useEditor();
  const { value, set, error, id } = useField(props.index, props.path);
  const key = props.path[props.path.length - 1]!;
  const type = RESOURCE_OF[key]!;
  const items = listOf(value);
  const [added, setAdded] = useState<{ recognised: string[]; unrecognised: string[]; round: number }>({ recognised: [], unrecognised: [], round: 0 });
  const add = (text: string) => {
    const next = [...items];
    const recognised: string[] = [];
    const unrecognised: string[] = [];
    for (const entry of entries(text)) {
      const found = recognise(entry, type);
      if (found && 'gid' in found) recognised.push(`${t(`field.resource.item.${type}`, { id: found.id })} (${t(`field.resource.from.${found.from}`)})`);
      else unrecognised.push(found ? t('field.resource.wrongType', { text: entry }) : entry);
      const stored = found && 'gid' in found ? found.gid : entry;
      if (!next.includes(stored)) next.push(stored);
    }
    if (recognised.length + unrecognised.length === 0) return;
    set(next);
    setAdded({ recognised, unrecognised, round: added.round + 1 });
  };
  const remove = (item: string) => {
    const rest = items.filter((x) => x !== item);
    set(rest.length === 0 ? undefined : rest);
  };
  return (
    <s-stack gap="small-200">
      <s-text type="strong">{props.label}</s-text>
      {items.map((item, n) => {
        const number = idOf(item, type);
        return (
          <s-stack direction="inline" gap="small-200">
            <s-text id={`${id}-item-${n}`}>{number === null ? item : t(`field.resource.item.${type}`, { id: number })}</s-text>
            {number !== null && <s-text tone="neutral">{item}</s-text>}
            <s-button id={`${id}-remove-${n}`} onClick={() => remove(item)}>
              {t('action.remove')}
            </s-button>
          </s-stack>
        );
      })}
      <s-text-field key={added.round} id={id} label={t(`field.resource.add.${key}`)} details={t('field.resource.help')} value="" error={error} onChange={(e: Event) => add(valueOf(e))} />
      {added.recognised.length > 0 && <s-text id={`${id}-recognised`}>{t('field.resource.recognised', { items: added.recognised.join(', ') })}</s-text>}
      {added.unrecognised.length > 0 && (
        <s-text id={`${id}-unrecognised`} tone="neutral">
          {t('field.resource.unrecognised', { items: added.unrecognised.join(', ') })}
        </s-text>
      )}
    </s-stack>
  );
}

export function Steps(props: { index: number }) {
  const { t } = useEditor();
  return (
    <MultiCheck index={props.index} path={['steps']} label={t('field.steps')} details={t('field.stepsHelp')} options={STEPS.map((s) => [s, t(`field.step.${s}`)])} />
  );
}

/** Codes typed or picked from a list (countries, provinces). */
export function CodeList(props: FieldProps & { codes: string[]; names?: (code: string) => string }) {
  const { t } = useEditor();
  const { value, set, error, id } = useField(props.index, props.path);
  const name = props.names ?? ((c: string) => c);
  return (
    <s-stack gap="small-200">
      <s-text-field id={id} label={props.label} details={props.details} value={listText(value)} error={error} onChange={(e: Event) => set(listValue(valueOf(e)))} />
      {props.codes.length > 0 && (
        <s-select id={`${id}-pick`} label={t('action.pick')} value="" onChange={(e: Event) => valueOf(e) !== '' && set(withItem(value, valueOf(e)))}>
          <s-option value="">—</s-option>
          {props.codes
            .filter((c) => !listOf(value).includes(c))
            .map((c) => (
              <s-option value={c}>{`${name(c)} (${c})`}</s-option>
            ))}
        </s-select>
      )}
    </s-stack>
  );
}

export function useCountryName(): (code: string) => string {
  const { locale } = useEditor();
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale, 'en'], { type: 'region' });
  } catch {
    names = null;
  }
  return (code) => {
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  };
}

export function CountryList(props: FieldProps) {
  return <CodeList {...props} codes={COUNTRIES} names={useCountryName()} />;
}
