// The pension calculator's UI logic, kept out of the component so it can be tested:
// the form state and its checks, the scenario sent to `pension_calculate`, mapping the
// core's field paths back to form controls, chart scaling, the one-call-per-frame
// scheduler and the slider-to-repaint figures. Numbers and money are written by
// shared/format.ts.

import type { Lang } from '../shared/i18n';
import type { FieldErrors } from '../shared/form.svelte';
import type { ParamsStatus } from '../shared/bindings';
import { formatDate, parseNumber } from '../shared/format';
import { labelStep } from './record';

/** What the citizen typed; saved as is (the strings keep exactly what was entered). */
export interface CalcForm {
  v: 1;
  sex: 'male' | 'female';
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  /** Points (IPK) earned so far, from the SFR statement. */
  pointsSoFar: string;
  /** Insurance record so far, years. */
  recordSoFar: string;
  /** Future gross monthly salary, RUB, in today's prices. */
  salary: string;
  /** Years still to work, from this calendar year on. */
  yearsToWork: string;
  /** Children born (0–4: the law gives points for the first four). */
  children: string;
  /** Child-care leave per child, years (at most 1.5 each). */
  childCare: string[];
  /** Conscript military service, years. */
  military: string;
  /** Claim this many whole years after the right arises (0–10). */
  deferYears: string;
  /** Kept a funded pension: a lower yearly cap on points. */
  funded: boolean;
  /** Particular years' monthly salary (overrides `salary`; 0 = no work that year). */
  wages: { year: string; salary: string }[];
}

/** The one source of each field's limits: the text box accepts exactly what its
 *  slider reaches (and the slider moves by `step`). */
export const LIMITS = {
  birthYear: { min: 1900, max: 2100, step: 1 },
  pointsSoFar: { min: 0, max: 500, step: 0.5 },
  recordSoFar: { min: 0, max: 60, step: 1 },
  salary: { min: 0, max: 1_000_000, step: 1000 },
  yearsToWork: { min: 0, max: 60, step: 1 },
  children: { min: 0, max: 4, step: 1 },
  childCare: { min: 0, max: 1.5, step: 0.5 },
  military: { min: 0, max: 5, step: 0.5 },
  deferYears: { min: 0, max: 10, step: 1 },
  wageYear: { min: 2015, max: 2100, step: 1 },
} as const;

/** Youngest age the calculator answers for (the core refuses younger, too). */
export const MIN_AGE_YEARS = 14;

/** Birth-year limits today: nobody younger than [`MIN_AGE_YEARS`]. */
export function birthYearLimits(thisYear: number): { min: number; max: number; step: number } {
  return { ...LIMITS.birthYear, max: thisYear - MIN_AGE_YEARS };
}

/** A decimal typed by a person: "3,5" and "3.5" are both 3.5; null when not a number. */
export function parseDecimal(text: string): number | null {
  return parseNumber(text, true);
}

/** A decimal as a text box shows it: "3,5" in Russian, "3.5" in English, no grouping. */
export function formatDecimal(lang: Lang, n: number, dp = 3): string {
  const s = String(Number(n.toFixed(dp)));
  return lang === 'ru' ? s.replace('.', ',') : s;
}

export function defaultForm(): CalcForm {
  return {
    v: 1,
    sex: 'female',
    birthDay: '15',
    birthMonth: '6',
    birthYear: '1985',
    pointsSoFar: '45',
    recordSoFar: '15',
    salary: '80000',
    yearsToWork: '20',
    children: '1',
    childCare: ['1.5', '1.5', '1.5', '1.5'],
    military: '0',
    deferYears: '0',
    funded: false,
    wages: [],
  };
}

/** A saved form back into a form, filling anything missing with defaults. */
export function restoreForm(data: string): CalcForm | null {
  let raw: unknown;
  try {
    raw = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null || (raw as { v?: unknown }).v !== 1) return null;
  const d = defaultForm();
  const r = raw as Record<string, unknown>;
  const str = (k: keyof CalcForm) => (typeof r[k] === 'string' ? (r[k] as string) : (d[k] as string));
  const childCare = Array.isArray(r.childCare) ? r.childCare.filter((x): x is string => typeof x === 'string') : [];
  const wages = Array.isArray(r.wages)
    ? r.wages
        .filter((w): w is { year: string; salary: string } => !!w && typeof w.year === 'string' && typeof w.salary === 'string')
        .map((w) => ({ year: w.year, salary: w.salary }))
    : [];
  return {
    v: 1,
    sex: r.sex === 'male' ? 'male' : 'female',
    birthDay: str('birthDay'),
    birthMonth: str('birthMonth'),
    birthYear: str('birthYear'),
    pointsSoFar: str('pointsSoFar'),
    recordSoFar: str('recordSoFar'),
    salary: str('salary'),
    yearsToWork: str('yearsToWork'),
    children: str('children'),
    childCare: d.childCare.map((c, i) => childCare[i] ?? c),
    military: str('military'),
    deferYears: str('deferYears'),
    funded: r.funded === true,
    wages,
  };
}

/** A decimal string the core accepts, without float noise (at most `dp` places). */
export function decimalString(n: number, dp = 3): string {
  return String(Number(n.toFixed(dp)));
}

/** Monthly RUB → yearly RUB as an exact decimal string (kopeck arithmetic). */
export function yearlyWage(monthly: number): string {
  const kopecks = Math.round(monthly * 100) * 12;
  const rub = Math.trunc(kopecks / 100);
  const kop = kopecks % 100;
  return kop === 0 ? String(rub) : `${rub}.${String(kop).padStart(2, '0')}`;
}

function pad2(s: string): string {
  return s.trim().padStart(2, '0');
}

/** The birth date as `YYYY-MM-DD`, or null when it is not a real date. */
export function birthDate(f: Pick<CalcForm, 'birthDay' | 'birthMonth' | 'birthYear'>): string | null {
  const [d, m, y] = [f.birthDay, f.birthMonth, f.birthYear].map((s) => s.trim());
  if (!/^\d{1,2}$/.test(d ?? '') || !/^\d{1,2}$/.test(m ?? '') || !/^\d{4}$/.test(y ?? '')) return null;
  const dn = Number(d), mn = Number(m), yn = Number(y);
  const date = new Date(Date.UTC(yn, mn - 1, dn));
  if (date.getUTCFullYear() !== yn || date.getUTCMonth() !== mn - 1 || date.getUTCDate() !== dn) return null;
  return `${y}-${pad2(m ?? '')}-${pad2(d ?? '')}`;
}

/** The scenario sent to the core (the `Scenario` JSON of kabinet-core). */
export interface ScenarioJson {
  sex: 'male' | 'female';
  birth_date: string;
  /** Always null: the claim date follows from the right date and `deferral_months`. */
  claim_date: null;
  deferral_months: number;
  /** Points and record on the statement up to the end of last year. */
  ipk_so_far?: string;
  insurance_years_so_far?: string;
  wages: Record<string, string>;
  non_insurance: { kind: 'military_service' | 'child_care'; child?: number; years: string }[];
  funded_option: boolean;
  age_80_or_group1: boolean;
  dependants: number;
  far_north: 'none';
}

export interface Built {
  scenario: ScenarioJson | null;
  errors: FieldErrors;
  /** `non_insurance[i]` → the form control it came from. */
  periodFields: string[];
  /** Wage years set from the per-year editor → its control id. */
  wageFields: Record<string, string>;
}

/** Form control ids (also used in the e2e test). */
export const IDS = {
  sex: 'calc-sex-female',
  birth: 'calc-birth-day',
  birthYearSlider: 'calc-birth-year-range',
  points: 'calc-points',
  record: 'calc-record',
  salary: 'calc-salary',
  years: 'calc-years',
  children: 'calc-children',
  childCare: (i: number) => `calc-care-${i + 1}`,
  military: 'calc-military',
  defer: 'calc-defer',
  wageYear: (i: number) => `calc-wage-year-${i}`,
  wageSalary: (i: number) => `calc-wage-salary-${i}`,
} as const;

function num(
  errors: FieldErrors,
  id: string,
  text: string,
  lim: { min: number; max: number },
  opts: { whole?: boolean; optional?: boolean } = {},
): number | null {
  if (text.trim() === '') {
    if (opts.optional) return null;
    errors[id] = { key: 'calc.err.required' };
    return null;
  }
  // Below ten thousand a comma is the decimal sign: "128,944" points, not 128 944.
  const n = parseNumber(text, lim.max < 10_000);
  if (n === null) {
    errors[id] = { key: 'calc.err.number' };
    return null;
  }
  if (opts.whole && !Number.isInteger(n)) {
    errors[id] = { key: 'calc.err.whole', params: { min: lim.min, max: lim.max } };
    return null;
  }
  if (n < lim.min || n > lim.max) {
    errors[id] = { key: 'calc.err.range', params: { min: lim.min, max: lim.max } };
    return null;
  }
  return n;
}

/** Checks the form and builds the scenario; `thisYear` is today's calendar year. */
export function buildScenario(f: CalcForm, thisYear: number): Built {
  const errors: FieldErrors = {};
  const birth = birthDate(f);
  if (birth === null) errors[IDS.birth] = { key: 'calc.err.date' };
  else {
    const y = Number(f.birthYear);
    const lim = birthYearLimits(thisYear);
    if (y > thisYear) errors[IDS.birth] = { key: 'calc.err.birth_future' };
    else if (y > lim.max) errors[IDS.birth] = { key: 'calc.err.birth_too_young', params: { age: MIN_AGE_YEARS } };
    else if (y < lim.min) {
      errors[IDS.birth] = { key: 'calc.err.range', params: { min: lim.min, max: lim.max } };
    }
  }
  const points = num(errors, IDS.points, f.pointsSoFar, LIMITS.pointsSoFar, { optional: true });
  const record = num(errors, IDS.record, f.recordSoFar, LIMITS.recordSoFar, { optional: true });
  const salary = num(errors, IDS.salary, f.salary, LIMITS.salary);
  const years = num(errors, IDS.years, f.yearsToWork, LIMITS.yearsToWork, { whole: true });
  const children = num(errors, IDS.children, f.children, LIMITS.children, { whole: true });
  const military = num(errors, IDS.military, f.military, LIMITS.military, { optional: true });
  const defer = num(errors, IDS.defer, f.deferYears, LIMITS.deferYears, { whole: true });

  const wages: Record<string, string> = {};
  if (salary !== null && years !== null) {
    for (let y = thisYear; y < thisYear + years && y <= LIMITS.wageYear.max; y++) wages[String(y)] = yearlyWage(salary);
  }
  const wageFields: Record<string, string> = {};
  f.wages.forEach((w, i) => {
    const year = num(errors, IDS.wageYear(i), w.year, LIMITS.wageYear, { whole: true });
    const monthly = num(errors, IDS.wageSalary(i), w.salary, LIMITS.salary);
    if (year === null) return;
    if ((points !== null || record !== null) && year < thisYear) {
      // Those years are already in the points and record so far.
      errors[IDS.wageYear(i)] = { key: 'calc.err.year_in_so_far', params: { year: thisYear } };
      return;
    }
    if (wageFields[String(year)]) {
      errors[IDS.wageYear(i)] = { key: 'calc.err.year_twice' };
      return;
    }
    wageFields[String(year)] = IDS.wageSalary(i);
    if (monthly !== null) wages[String(year)] = yearlyWage(monthly);
  });

  const non_insurance: ScenarioJson['non_insurance'] = [];
  const periodFields: string[] = [];
  if (children !== null) {
    for (let i = 0; i < children; i++) {
      const c = num(errors, IDS.childCare(i), f.childCare[i] ?? '', LIMITS.childCare, { optional: true });
      if (c !== null && c > 0) {
        non_insurance.push({ kind: 'child_care', child: i + 1, years: decimalString(c) });
        periodFields.push(IDS.childCare(i));
      }
    }
  }
  if (military !== null && military > 0) {
    non_insurance.push({ kind: 'military_service', years: decimalString(military) });
    periodFields.push(IDS.military);
  }

  if (Object.keys(errors).length > 0 || birth === null || defer === null) {
    return { scenario: null, errors, periodFields, wageFields };
  }
  const scenario: ScenarioJson = {
    sex: f.sex,
    birth_date: birth,
    claim_date: null,
    deferral_months: defer * 12,
    wages,
    non_insurance,
    funded_option: f.funded,
    age_80_or_group1: false,
    dependants: 0,
    far_north: 'none',
  };
  if (points !== null) scenario.ipk_so_far = decimalString(points);
  if (record !== null) scenario.insurance_years_so_far = decimalString(record);
  return { scenario, errors, periodFields, wageFields };
}

/** The form control a core error's field path (`wages.2031`, `non_insurance[0].years`) belongs to. */
export function controlFor(path: string | null | undefined, built: Pick<Built, 'periodFields' | 'wageFields'>): string | null {
  if (!path) return null;
  const period = /^non_insurance\[(\d+)\]/.exec(path);
  if (period) return built.periodFields[Number(period[1])] ?? IDS.children;
  const wage = /^wages\.(\d+)/.exec(path);
  if (wage) return built.wageFields[wage[1] ?? ''] ?? IDS.salary;
  const map: Record<string, string> = {
    sex: IDS.sex,
    birth_date: IDS.birth,
    claim_date: IDS.defer,
    deferral_months: IDS.defer,
    ipk_so_far: IDS.points,
    insurance_years_so_far: IDS.record,
    non_insurance: IDS.children,
    wages: IDS.salary,
    funded_option: 'calc-funded',
  };
  return map[path] ?? null;
}

// ---------- chart scaling

/** A "nice" axis maximum (1, 2, 2.5 or 5 × 10^n) at or above `v`, and its ticks. */
export function niceScale(v: number, maxTicks = 5): { max: number; ticks: number[] } {
  if (!(v > 0)) return { max: 1, ticks: [0, 1] };
  const rough = v / maxTicks;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= rough) ?? 10) * mag;
  const max = Math.ceil(v / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { max, ticks };
}

export interface PointsBar {
  /** Calendar year, or null for the "so far" bar. */
  year: number | null;
  /** Points from that year's wages (0 for the "so far" bar). */
  points: number;
  /** Running total earned (not projected). */
  earned: number;
  /** Running total added by projected years. */
  projected: number;
  total: number;
  isProjected: boolean;
}

interface YearLike {
  year: number;
  points: string;
  projected: boolean;
}

/** Cumulative points, earned vs projected: a "so far" bar, then one bar per year. */
export function pointsBars(r: {
  ipk_pre2015: string;
  ipk_so_far: string | null;
  ipk_non_insurance: string;
  years: YearLike[];
}): PointsBar[] {
  const base = Number(r.ipk_pre2015) + Number(r.ipk_so_far ?? 0) + Number(r.ipk_non_insurance);
  let earned = base;
  let projected = 0;
  const bars: PointsBar[] = [{ year: null, points: 0, earned, projected, total: base, isProjected: false }];
  for (const y of r.years) {
    const p = Number(y.points);
    if (y.projected) projected += p;
    else earned += p;
    bars.push({ year: y.year, points: p, earned, projected, total: earned + projected, isProjected: y.projected });
  }
  return bars;
}

/** Bar geometry for `n` bars across `width` px: left edges and bar width. */
export function barLayout(n: number, width: number, gapRatio = 0.25): { x: (i: number) => number; w: number } {
  const slot = n > 0 ? width / n : width;
  const w = Math.max(1, slot * (1 - gapRatio));
  return { x: (i) => i * slot + (slot - w) / 2, w };
}

/**
 * Which bars get a year label so that labels `labelPx` wide never overlap in
 * `width`: the first and the last bar, and years that are multiples of a round
 * step (1, 2, 5, 10… years) at least as far apart as a label needs.
 */
export function yearLabels(years: (number | null)[], width: number, labelPx = 44): Set<number> {
  const n = years.length;
  if (n === 0) return new Set();
  const need = labelStep(width / n, labelPx);
  const step = [1, 2, 5, 10, 20, 50].find((s) => s >= need) ?? need;
  const round = years.flatMap((y, i) => (y !== null && y % step === 0 ? [i] : []));
  const shown: number[] = [];
  for (const i of [0, n - 1, ...round]) {
    if (!shown.includes(i) && shown.every((j) => Math.abs(i - j) >= need)) shown.push(i);
  }
  return new Set(shown);
}

// ---------- eligibility

export interface Shortfall {
  /** Insurance record, years: required and what there will be (unknown record: none). */
  years: { need: number; have: number } | null;
  /** Points (IPK): required and what there will be (decimal strings). */
  points: { need: string; have: string } | null;
}

/**
 * What is missing for the right to a pension, as the core decided it
 * (`result.shortfall`), with the required and reached figures to show beside it.
 */
export function shortfall(r: {
  shortfall: { insurance_years: string | null; ipk: string | null } | null;
  required_years: number;
  insurance_years: string | null;
  required_ipk: string;
  ipk_total: string;
}): Shortfall {
  const s = r.shortfall;
  const years = s?.insurance_years != null && r.insurance_years !== null
    ? { need: r.required_years, have: Number(r.insurance_years) }
    : null;
  const points = s?.ipk != null ? { need: r.required_ipk, have: r.ipk_total } : null;
  return { years, points };
}

// ---------- which parameter table

/** The line saying which parameter table the figures used, as a message key and its values. */
export function paramsLine(
  lang: Lang,
  status: Pick<ParamsStatus, 'as_of' | 'source' | 'verified_at'> | null,
): { key: string; params: Record<string, string> } {
  if (!status) return { key: 'calc.params.loading', params: {} };
  const date = formatDate(lang, status.as_of);
  if (status.source === 'portal') {
    const verified = status.verified_at ? formatDate(lang, status.verified_at.slice(0, 10)) : '—';
    return { key: 'calc.params.portal', params: { date, verified } };
  }
  return { key: 'calc.params.built_in', params: { date } };
}

/** Whether two reports name the same table, verified at the same time. */
export function sameParams(
  a: Pick<ParamsStatus, 'as_of' | 'source' | 'verified_at'> | null | undefined,
  b: Pick<ParamsStatus, 'as_of' | 'source' | 'verified_at'> | null | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  return a.as_of === b.as_of && a.source === b.source && (a.verified_at ?? null) === (b.verified_at ?? null);
}

// ---------- explanation

export interface ExplanationLike {
  key: string;
  ru: string;
  en: string;
}

/** The core's explanation (each line comes in both languages) in `lang`. */
export function explanationLines(lang: Lang, explanation: ExplanationLike[]): { key: string; text: string }[] {
  return explanation.map((l) => ({ key: l.key, text: lang === 'ru' ? l.ru : l.en }));
}

// ---------- one call per frame, stale answers dropped

export type Frame = (cb: () => void) => unknown;

/**
 * At most one call per animation frame: the first request of a frame goes out at
 * once (waiting for a frame would cost up to 16 ms before the IPC even starts);
 * later ones in the same frame are coalesced and the newest is sent when the next
 * frame begins. An answer is applied only if no newer one has been applied.
 */
export class Latest<I, O> {
  private pending: { input: I; since: number } | null = null;
  private frameOpen = false;
  private seq = 0;
  private applied = 0;
  constructor(
    private call: (input: I) => Promise<O>,
    private apply: (out: O, input: I, since: number, callMs: number) => void,
    private frame: Frame,
    private now: () => number = () => performance.now(),
  ) {}

  /** `since`: when the user acted (kept from the first request of a coalesced batch). */
  request(input: I, since = this.now()): void {
    this.pending = { input, since: this.pending ? Math.min(this.pending.since, since) : since };
    if (!this.frameOpen) this.send();
  }

  /** Forget answers to requests made so far (e.g. a saved scenario was loaded). */
  invalidate(): void {
    this.applied = ++this.seq;
    this.pending = null;
  }

  private send(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.frameOpen = true;
    this.frame(() => {
      this.frameOpen = false;
      this.send();
    });
    const s = ++this.seq;
    const started = this.now();
    this.call(p.input).then(
      (out) => {
        if (s <= this.applied) return;
        this.applied = s;
        this.apply(out, p.input, p.since, this.now() - started);
      },
      () => {}, // the IPC itself failed (app closing): nothing to show
    );
  }
}

// ---------- slider-to-repaint figures

export class PerfLog {
  samples: number[] = [];
  constructor(private keep = 200) {}
  add(ms: number): void {
    this.samples.push(ms);
    if (this.samples.length > this.keep) this.samples.shift();
  }
  summary(): { n: number; median: number; p95: number; max: number } {
    const s = [...this.samples].sort((a, b) => a - b);
    const q = (p: number) => (s.length ? (s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0) : 0);
    return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] ?? 0 };
  }
}

/** The record's starting point, as `pension_record_get` gives it. */
export interface RecordStart {
  ipk_so_far: string;
  insurance_years_so_far: string;
  funded_option: boolean;
  last_wage: string;
  birth_date?: string | null;
  sex?: 'male' | 'female' | null;
}

/**
 * The form started from the citizen's record: points and insurance length so far,
 * the funded-pension choice, birth date and sex from the confirmed profile, and last
 * year's pay as the future monthly salary. Periods already in the record (child
 * care, military service, past years' pay) are not typed again: their fields are
 * emptied so nothing counts twice. Everything else stays as it was.
 */
export function formFromRecord(base: CalcForm, start: RecordStart, lang: Lang, thisYear: number): CalcForm {
  const f: CalcForm = { ...base, childCare: [...base.childCare], wages: [] };
  f.pointsSoFar = formatDecimal(lang, Number(start.ipk_so_far), 3);
  f.recordSoFar = formatDecimal(lang, Number(start.insurance_years_so_far), 2);
  f.funded = start.funded_option;
  if (start.sex) f.sex = start.sex;
  const birth = start.birth_date?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (birth) {
    f.birthYear = String(Number(birth[1]));
    f.birthMonth = String(Number(birth[2]));
    f.birthDay = String(Number(birth[3]));
    // Work until the general pension age (65 for men, 60 for women under Law 400-FZ).
    const age = f.sex === 'male' ? 65 : 60;
    const left = Number(birth[1]) + age - thisYear;
    f.yearsToWork = String(Math.max(LIMITS.yearsToWork.min, Math.min(LIMITS.yearsToWork.max, left)));
  }
  const monthly = Math.round(Number(start.last_wage) / 12 / 1000) * 1000;
  if (monthly > 0 && monthly <= LIMITS.salary.max) f.salary = String(monthly);
  f.children = '0';
  f.military = '0';
  return f;
}

/** Is the form still what the calculator opens with (nothing typed yet)? */
export function untouched(f: CalcForm): boolean {
  return JSON.stringify(f) === JSON.stringify(defaultForm());
}
