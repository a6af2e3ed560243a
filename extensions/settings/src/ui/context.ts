import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { Problem } from '../model/check';
import { Draft } from '../model/model';
import { render, Translate } from '../model/text';

export type { Translate };

export interface Editor {
  draft: Draft;
  update: (edit: (d: Draft) => Draft) => void;
  t: Translate;
  /** The merchant's language, for country names. */
  locale: string;
}

export const EditorContext = createContext<Editor | null>(null);

export function useEditor(): Editor {
  const editor = useContext(EditorContext);
  if (!editor) throw new Error('no editor');
  return editor;
}

/** Problems placed at one rule's fields (by sub-path such as ".max"). */
export const ProblemsContext = createContext<Map<string, Problem[]>>(new Map());

/** A problem in the merchant's language (English: lint's wording). */
export function problemText(p: Problem, t: Translate, locale: string): string {
  return render(t, locale, `problem.code.${p.code}`, p.params);
}

export function useProblems(path: string): string | undefined {
  const { t, locale } = useEditor();
  const at = useContext(ProblemsContext).get(path);
  return at && at.length > 0 ? at.map((p) => problemText(p, t, locale)).join(' · ') : undefined;
}

/** The DOM id of a rule's field: r2-when-countries. */
export function fieldId(index: number, sub: string): string {
  return `r${index}${sub.replace(/[.[\]]+/g, '-')}`.replace(/-$/, '');
}

export const valueOf = (e: Event): string => String((e.currentTarget as unknown as { value?: unknown }).value ?? '');
export const checkedOf = (e: Event): boolean => Boolean((e.currentTarget as unknown as { checked?: unknown }).checked);
