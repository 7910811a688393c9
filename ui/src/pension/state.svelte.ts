// The calculator's form, kept for the whole session so that leaving the screen and
// coming back loses nothing typed, and the list of saved scenarios (they are in the
// local store, Rust; in memory only in guest mode).

import { app, go } from '../app/state.svelte';
import { commands, type SavedScenario } from '../shared/bindings';
import { defaultForm, PerfLog, type CalcForm } from './calculator';

export const calc = $state({
  form: defaultForm() as CalcForm,
  saved: [] as SavedScenario[],
  /** The points and length so far came from the citizen's record (as of that day). */
  fromRecord: null as { as_of: string; points: string; years: string } | null,
});

/** The form back to its defaults (Start again; the end of a guest session). */
export function resetCalculator(): void {
  Object.assign(calc.form, defaultForm());
  calc.fromRecord = null;
}

/** Reads the saved scenarios again from the store. */
export async function reloadScenarios(): Promise<void> {
  const r = await commands.pensionScenarios();
  if (r.status === 'ok') calc.saved = r.data;
}

/** Slider-to-repaint samples (ms), read by the e2e test as `window.__kabinetPerf`. */
export const repaint = new PerfLog(200);
/** The IPC round trip of each calculation (ms), for telling the parts apart. */
export const ipc = new PerfLog(200);
/** Answer to DOM updated, and DOM updated to the next frame (ms). */
export const render = new PerfLog(200);
export const frameWait = new PerfLog(200);

declare global {
  interface Window {
    __kabinetPerf?: {
      repaint: number[];
      ipc: number[];
      render: number[];
      frameWait: number[];
      summary: () => ReturnType<PerfLog['summary']>;
    };
  }
}
if (typeof window !== 'undefined') {
  window.__kabinetPerf = { repaint: repaint.samples, ipc: ipc.samples, render: render.samples, frameWait: frameWait.samples, summary: () => repaint.summary() };
}

/** Opens the calculator from anywhere (no account needed); its Back returns here. */
export function openCalculator(): void {
  if (app.screen !== 'calculator') app.previous = app.screen;
  void go('calculator');
}
