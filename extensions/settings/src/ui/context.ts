import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { Problem } from '../model/check';
import { Draft } from '../model/model';

export type Translate = (key: string, values?: Record<string, string | number>) => string;

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

export function useProblems(path: string): string | undefined {
  const at = useContext(ProblemsContext).get(path);
  return at && at.length > 0 ? at.map((p) => p.message).join(' · ') : undefined;
}

/** The DOM id of a rule's field: r2-when-countries. */
export function fieldId(index: number, sub: string): string {
  return `r${index}${sub.replace(/[.[\]]+/g, '-')}`.replace(/-$/, '');
}

export const valueOf = (e: Event): string => String((e.currentTarget as unknown as { value?: unknown }).value ?? '');
export const checkedOf = (e: Event): boolean => Boolean((e.currentTarget as unknown as { checked?: unknown }).checked);
