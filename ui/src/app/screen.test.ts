import { describe, expect, it } from 'vitest';
import { enterScreen } from './screen';

describe('a new screen', () => {
  it('opens at the top of the page with focus on its heading, without scrolling it away', () => {
    const log: string[] = [];
    const heading = { focus: (o?: FocusOptions) => log.push(`focus h1 preventScroll=${o?.preventScroll}`) };
    enterScreen(
      { scrollTo: (x, y) => log.push(`scroll ${x},${y}`) },
      { querySelector: ((s: string) => (s === 'main h1' ? heading : null)) as never },
    );
    expect(log).toEqual(['scroll 0,0', 'focus h1 preventScroll=true']);
  });

  it('still scrolls to the top when the screen has no heading yet', () => {
    const log: string[] = [];
    enterScreen({ scrollTo: (x, y) => log.push(`scroll ${x},${y}`) }, { querySelector: () => null });
    expect(log).toEqual(['scroll 0,0']);
  });
});
