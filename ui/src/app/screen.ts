// What happens when a new screen opens: the page scrolls back to the top (the header
// and the demo or guest banner in view) and focus moves to the screen's heading
// (`<h1 tabindex="-1">`) without scrolling it elsewhere.

export interface Viewport {
  scrollTo(x: number, y: number): void;
}
export interface Page {
  querySelector<E extends Element = Element>(selector: string): E | null;
}

export function enterScreen(viewport: Viewport, page: Page): void {
  viewport.scrollTo(0, 0);
  page.querySelector<HTMLElement>('main h1')?.focus({ preventScroll: true });
}
