// An application form's logic, from its JSON Schema (the catalogue's, with the
// renderer's `x-` annotations): what the citizen has typed is kept as typed (dates
// as 14.06.1972, amounts as 1 200,50) — that is the draft; what is checked and sent
// is converted (ISO dates, numbers), and the check itself is kabinet-core's, in
// Rust, the same as the portal's. Field ids follow the problems' paths
// (`form.applicant.surname` → `form-applicant-surname`).

import { isoDate, parseNumber, typedDate } from '../shared/format';

export type Texts = { ru: string; en: string };

/** The parts of a JSON Schema node the renderer reads. */
export interface Node {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  enum?: string[];
  format?: string;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  'x-title'?: Texts;
  'x-hint'?: Texts;
  'x-add'?: Texts;
  'x-labels'?: Record<string, Texts>;
  'x-show-if'?: { field: string; equals?: unknown; not?: unknown };
  'x-widget'?: string;
}

export type Typed = Record<string, unknown>;

export const isDate = (n: Node) => n.format === 'date' || n.format === 'past-date';

/** `form.applicant.surname` → `form-applicant-surname` (an element id). */
export function idOf(path: string): string {
  return path.replace(/\./g, '-');
}

/** Is `node` (a property of `holder`) asked, given its `x-show-if`? */
export function shown(node: Node, holder: Typed): boolean {
  const c = node['x-show-if'];
  if (!c) return true;
  const v = holder[c.field];
  if ('equals' in c) return v === c.equals;
  return v !== undefined && v !== '' && v !== c.not;
}

/** What is checked and sent: dates typed the Russian way made ISO, amounts made numbers
 * (a text that is no number stays text, so the check names it). */
export function toAnswers(node: Node, typed: unknown): unknown {
  if (node.type === 'object' && typed && typeof typed === 'object' && !Array.isArray(typed)) {
    const out: Typed = {};
    for (const [k, v] of Object.entries(typed as Typed)) {
      const sub = node.properties?.[k];
      out[k] = sub ? toAnswers(sub, v) : v;
    }
    return out;
  }
  if (node.type === 'array' && Array.isArray(typed)) return typed.map((x) => (node.items ? toAnswers(node.items, x) : x));
  if (typeof typed === 'string') {
    if (isDate(node)) return isoDate(typed);
    if (node.type === 'number' || node.type === 'integer') {
      if (typed.trim() === '') return '';
      const n = parseNumber(typed, true);
      return n === null ? typed : n;
    }
  }
  return typed;
}

/** Answers from the account (ISO dates, numbers) as the form shows them. */
export function toTyped(node: Node, answers: unknown): unknown {
  if (node.type === 'object' && answers && typeof answers === 'object' && !Array.isArray(answers)) {
    const out: Typed = {};
    for (const [k, v] of Object.entries(answers as Typed)) {
      const sub = node.properties?.[k];
      out[k] = sub ? toTyped(sub, v) : v;
    }
    return out;
  }
  if (node.type === 'array' && Array.isArray(answers)) return answers.map((x) => (node.items ? toTyped(node.items, x) : x));
  if (typeof answers === 'string' && isDate(node)) return typedDate(answers);
  if (typeof answers === 'number') return String(answers).replace('.', ',');
  return answers;
}

/** An empty item for a repeated group. */
export function emptyItem(items: Node | undefined): unknown {
  return items?.type === 'object' ? {} : '';
}

/** The form's visible field paths in reading order (for the error summary's order
 * and its links): every leaf, and every group that can be missing as a whole. */
export function fieldPaths(node: Node, typed: unknown, path = 'form'): string[] {
  const out: string[] = [];
  if (node.type === 'object') {
    const holder = (typed && typeof typed === 'object' ? typed : {}) as Typed;
    for (const [k, sub] of Object.entries(node.properties ?? {})) {
      if (!shown(sub, holder)) continue;
      const p = `${path}.${k}`;
      if (sub.type === 'object' || sub.type === 'array') out.push(p);
      out.push(...fieldPaths(sub, holder[k], p));
    }
  } else if (node.type === 'array' && Array.isArray(typed)) {
    typed.forEach((x, i) => {
      const p = `${path}.${i}`;
      if (node.items?.type === 'object') out.push(p);
      out.push(...(node.items ? fieldPaths(node.items, x, p) : [p]));
    });
  } else if (path !== 'form') {
    out.push(path);
  }
  return [...new Set(out)];
}

/** Where a problem's path is shown: a group missing as a whole points at its first
 * field, so the summary's link lands in an input. */
export function focusTarget(node: Node, path: string): string {
  let n: Node | undefined = node;
  for (const seg of path.split('.').slice(1)) {
    n = n?.type === 'array' ? n.items : n?.properties?.[seg];
  }
  let target = path;
  while (n?.type === 'object') {
    const first = Object.keys(n.properties ?? {})[0];
    if (!first) break;
    target = `${target}.${first}`;
    n = n.properties?.[first];
  }
  return idOf(target);
}

/** The typed answers with every (shown or not) group present as an object, so the
 * form can bind to its fields; repeated groups' items likewise. */
export function shaped(node: Node, typed: unknown): unknown {
  if (node.type === 'object') {
    const out: Typed = typed && typeof typed === 'object' && !Array.isArray(typed) ? { ...(typed as Typed) } : {};
    for (const [k, sub] of Object.entries(node.properties ?? {})) {
      if (sub.type === 'object') out[k] = shaped(sub, out[k]);
      else if (sub.type === 'array') out[k] = Array.isArray(out[k]) ? (out[k] as unknown[]).map((x) => (sub.items ? shaped(sub.items, x) : x)) : [];
    }
    return out;
  }
  return typed;
}

/** The field's name as the citizen sees it, with the groups it is in
 * (`Ребёнок — Фамилия`, `Желаемые детские сады — 2`), for the error summary. */
export function labelOf(node: Node, path: string, tx: (x: Texts | undefined) => string): string {
  const names: string[] = [];
  let n: Node | undefined = node;
  for (const seg of path.split('.').slice(1)) {
    if (n?.type === 'array') {
      n = n.items;
      const title = n?.type === 'object' ? tx(n['x-title']) : '';
      names.push(title ? `${title} ${Number(seg) + 1}` : String(Number(seg) + 1));
    } else {
      n = n?.properties?.[seg];
      const title = tx(n?.['x-title']);
      if (title) names.push(title);
    }
  }
  return names.join(' — ');
}

/** The schema node at a field path. */
export function nodeAt(node: Node, path: string): Node | undefined {
  let n: Node | undefined = node;
  for (const seg of path.split('.').slice(1)) n = n?.type === 'array' ? n.items : n?.properties?.[seg];
  return n;
}

/** The dictionary key of a problem's text: a box to tick or a choice to make is
 * asked for in its own words, everything else by its code. */
export function problemKey(node: Node | undefined, code: string): string {
  if (code === 'required' && node?.type === 'boolean') return 'form.tick';
  if (code === 'required' && node?.enum) return 'form.choose';
  if (code === 'required' && node?.type === 'array') return 'form.add_one';
  return `code.${code}`;
}
