// The rule list: one card per rule of this validation, with its state,
// actions and, when open, its form.

import { useState } from 'preact/hooks';
import { isKind, Kind, kindsOf, MAX_RULES } from '../model/catalog';
import { Problem } from '../model/check';
import { JObj } from '../model/json';
import { addRule, duplicateRule, moveRule, newRule, placeProblems, removeRule, ruleAt, setEnabled, setMonitor, shownRules } from '../model/model';
import { summarize } from '../model/summary';
import { checkedOf, EditorContext, problemText, ProblemsContext, useEditor, valueOf } from './context';
import { TextField, Checkbox, Steps } from './fields';
import { Conditions, KindForm, KindOptions, kindPaths, Messages, optionPaths, usesOptions } from './kinds';

export function RuleList(props: { problems: Problem[] }) {
  const { draft, t } = useEditor();
  const shown = shownRules(draft);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <s-stack gap="base">
      {shown.map((index, at) => (
        <RuleCard
          key={draft.uids[index]}
          index={index}
          first={at === 0}
          last={at === shown.length - 1}
          open={open === draft.uids[index]}
          toggle={() => setOpen(open === draft.uids[index] ? null : (draft.uids[index] ?? null))}
          problems={props.problems.filter((p) => p.ruleIndex === index)}
        />
      ))}
      <AddRule onAdded={(uid) => setOpen(uid)} />
      {shown.length === 0 && <s-text tone="neutral">{t('intro')}</s-text>}
    </s-stack>
  );
}

function RuleCard(props: { index: number; first: boolean; last: boolean; open: boolean; toggle: () => void; problems: Problem[] }) {
  const editor = useEditor();
  const { draft, update, t, locale } = editor;
  const [more, setMore] = useState<boolean | null>(null);
  const i = props.index;
  const rule = ruleAt(draft, i);
  const id = rule.get('id');
  const kindName = rule.get('kind');
  const kind: Kind | null = typeof kindName === 'string' && isKind(kindName) ? kindName : null;
  const enabled = rule.get('enabled') !== false;
  const monitor = rule.get('monitor') === true;
  const errors = props.problems.filter((p) => p.severity === 'error');
  const warnings = props.problems.filter((p) => p.severity === 'warning');
  const notes = props.problems.filter((p) => p.severity === 'note');
  const rel = props.problems.filter((p) => p.severity !== 'warning' && p.severity !== 'note').map((p) => ({ ...p, path: p.path.slice(`rules[${i}]`.length) }));
  const placed = placeProblems(rel, kindPaths(kind, rule instanceof JObj ? rule : new JObj()));
  // Open, each problem is at its field and only the rule's own are listed here; closed, all are.
  const shownProblems = props.open ? placed.rest : rel;
  const text = (p: Problem) => problemText(p, t, locale);
  // "More options" opens by itself when an option holds a value (until closed) or a problem (then it stays open).
  const options = optionPaths(rule);
  const optionProblem = [...placed.at.keys()].some((path) => options.some((o) => path === o || path.startsWith(o + '.')));
  const moreOpen = optionProblem || (more ?? usesOptions(rule));
  const summary = summarize(rule, t, locale);
  return (
    <s-section id={`rule-${i}`} heading={`${typeof id === 'string' ? id : '—'} · ${kind ? t(`kind.${kind}`) : String(kindName ?? '—')}`}>
      <s-stack gap="base">
        {summary && <s-paragraph id={`r${i}-summary`}>{summary}</s-paragraph>}
        <s-stack direction="inline" gap="small-200">
          <s-badge tone={enabled ? 'success' : 'neutral'}>{enabled ? t('badge.active') : t('badge.disabled')}</s-badge>
          {monitor && <s-badge tone="info">{t('badge.monitor')}</s-badge>}
          {errors.length > 0 && <s-badge tone="critical">{t('badge.problems', { count: errors.length })}</s-badge>}
        </s-stack>
        <s-stack direction="inline" gap="small-200">
          <s-switch id={`r${i}-enabled`} label={t('field.enabled')} checked={enabled} onChange={(e: Event) => update((d) => setEnabled(d, i, checkedOf(e)))} />
          <s-switch id={`r${i}-monitor`} label={t('field.monitor')} checked={monitor} onChange={(e: Event) => update((d) => setMonitor(d, i, checkedOf(e)))} />
        </s-stack>
        <s-stack direction="inline" gap="small-200">
          <s-button id={`r${i}-edit`} onClick={props.toggle}>{props.open ? t('action.close') : t('action.edit')}</s-button>
          <s-button id={`r${i}-duplicate`} onClick={() => update((d) => duplicateRule(d, i))}>{t('action.duplicate')}</s-button>
          <s-button id={`r${i}-up`} disabled={props.first} onClick={() => update((d) => moveRule(d, i, -1))}>{t('action.up')}</s-button>
          <s-button id={`r${i}-down`} disabled={props.last} onClick={() => update((d) => moveRule(d, i, 1))}>{t('action.down')}</s-button>
          <s-button id={`r${i}-delete`} tone="critical" onClick={() => update((d) => removeRule(d, i))}>{t('action.delete')}</s-button>
        </s-stack>
        {shownProblems.length > 0 && (
          <s-banner id={`r${i}-problems`} tone="critical" heading={t('problem.rule')}>
            {shownProblems.map((p) => (
              <s-paragraph>{`${p.path === '' ? '' : p.path.replace(/^\./, '') + ': '}${text(p)}`}</s-paragraph>
            ))}
          </s-banner>
        )}
        {warnings.length > 0 && (
          <s-banner id={`r${i}-warnings`} tone="warning" heading={t('problem.warnings')}>
            {warnings.map((p) => (
              <s-paragraph>{`${p.path.slice(`rules[${i}].`.length)}: ${text(p)}`}</s-paragraph>
            ))}
          </s-banner>
        )}
        {notes.length > 0 && (
          <s-banner id={`r${i}-notes`} tone="info" heading={t('problem.notes')}>
            {notes.map((p) => (
              <s-paragraph>{`${p.path.slice(`rules[${i}].`.length)}: ${text(p)}`}</s-paragraph>
            ))}
          </s-banner>
        )}
        {props.open && (
          <ProblemsContext.Provider value={placed.at}>
            <EditorContext.Provider value={editor}>
              <s-stack gap="base">
                {kind && <KindForm index={i} kind={kind} />}
                <Messages index={i} part="first" />
                <s-stack direction="inline" gap="small-200">
                  <s-button id={`r${i}-more`} disabled={optionProblem} onClick={() => setMore(!moreOpen)}>
                    {moreOpen ? t('action.fewerOptions') : t('action.moreOptions')}
                  </s-button>
                  {!moreOpen && <s-text tone="neutral">{t('field.more')}</s-text>}
                </s-stack>
                {moreOpen && (
                  <s-stack id={`r${i}-options`} gap="base">
                    {kind && <KindOptions index={i} kind={kind} />}
                    <Messages index={i} part="more" />
                    <Steps index={i} />
                    <Conditions index={i} />
                    <TextField index={i} path={['id']} label={t('field.id')} details={t('field.idHelp')} as="text" />
                    <Checkbox index={i} path={['enabled']} label={t('field.enabled')} defaultValue />
                  </s-stack>
                )}
              </s-stack>
            </EditorContext.Provider>
          </ProblemsContext.Provider>
        )}
      </s-stack>
    </s-section>
  );
}

function AddRule(props: { onAdded: (uid: number) => void }) {
  const { draft, update, t } = useEditor();
  const kinds = kindsOf(draft.family);
  const [kind, setKind] = useState<Kind>(kinds[0]!);
  const add = () => {
    props.onAdded(draft.next);
    update((d) => addRule(d, newRule(d, kind, t(`defaultMessage.${kind}`))));
  };
  return (
    <s-stack direction="inline" gap="small-200">
      <s-select id="add-kind" label={t('action.addKind')} value={kind} onChange={(e: Event) => setKind(valueOf(e) as Kind)}>
        {kinds.map((k) => (
          <s-option value={k}>{t(`kind.${k}`)}</s-option>
        ))}
      </s-select>
      <s-button id="add-rule" variant="primary" disabled={draft.rules.length >= MAX_RULES} onClick={add}>
        {t('action.add')}
      </s-button>
    </s-stack>
  );
}
