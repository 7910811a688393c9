import { describe, expect, it } from 'vitest';
import type { BenefitView } from '../shared/bindings';
import { byLevel, groupKey, nsuRows, progress } from './disability';

describe('the programme', () => {
  it.each([
    [[], 0, 0],
    [['done', 'done', 'in_progress', 'planned', 'not_done'], 2, 5],
    [['planned'], 0, 1],
    [['done'], 1, 1],
  ] as const)('%j: %i done of %i', (states, done, total) => {
    expect(progress(states.map((state) => ({ state })))).toEqual({ done, total });
  });
});

describe('the set of social services', () => {
  const kind = { medicines: 'kind', sanatorium: 'kind', travel: 'kind' } as const;

  it('lists the three parts in order, nothing waiting', () => {
    expect(nsuRows(kind, null)).toEqual([
      { part: 'medicines', now: 'kind', then: null },
      { part: 'sanatorium', now: 'kind', then: null },
      { part: 'travel', now: 'kind', then: null },
    ]);
  });

  it('shows only the parts a waiting change alters', () => {
    const rows = nsuRows(kind, { ...kind, medicines: 'money' });
    expect(rows.map((r) => r.then)).toEqual(['money', null, null]);
    expect(rows[0]?.now).toBe('kind');
  });
});

describe('benefits', () => {
  it('keep the portal order within federal and regional', () => {
    const b = (id: string, level: 'federal' | 'regional') => ({ id, level }) as unknown as BenefitView;
    const split = byLevel([b('edv', 'federal'), b('regional', 'regional'), b('nsu', 'federal')]);
    expect(split.federal.map((x) => x.id)).toEqual(['edv', 'nsu']);
    expect(split.regional.map((x) => x.id)).toEqual(['regional']);
  });

  it('name each group', () => {
    expect(groupKey('second')).toBe('disability.group.second');
  });
});
