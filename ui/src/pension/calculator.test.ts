import { describe, expect, it } from 'vitest';
import {
  IDS, LIMITS, Latest, MIN_AGE_YEARS, PerfLog, birthYearLimits, formatDecimal, parseDecimal, barLayout, birthDate, buildScenario, controlFor, decimalString, defaultForm,
  explanationLines, niceScale, paramsLine, sameParams, yearLabels, pointsBars, restoreForm, shortfall, yearlyWage, formFromRecord, untouched,
  type CalcForm,
} from './calculator';

const form = (patch: Partial<CalcForm> = {}): CalcForm => ({ ...defaultForm(), ...patch });

describe('decimals with a comma in Russian', () => {
  it('parses a comma or a point', () => {
    expect(parseDecimal('3,5')).toBe(3.5);
    expect(parseDecimal('3.5')).toBe(3.5);
    expect(parseDecimal(' 1,5 ')).toBe(1.5);
    expect(parseDecimal('0,25')).toBe(0.25);
    expect(parseDecimal('128,944')).toBe(128.944);
    expect(parseDecimal('3,5,1')).toBeNull();
    expect(parseDecimal('')).toBeNull();
  });
  it('shows a comma in Russian and a point in English', () => {
    expect(formatDecimal('ru', 3.5)).toBe('3,5');
    expect(formatDecimal('en', 3.5)).toBe('3.5');
    expect(formatDecimal('ru', 2)).toBe('2');
    expect(formatDecimal('ru', 128.4004)).toBe('128,4');
    expect(parseDecimal(formatDecimal('ru', 1.5))).toBe(1.5);
  });
  it('a form with "3,5" years of service counts 3.5', () => {
    const b = buildScenario(form({ military: '3,5' }), 2026);
    expect(b.errors[IDS.military]).toBeUndefined();
  });
});

describe('one source of limits per field', () => {
  it('every limit has a step that reaches its maximum from its minimum', () => {
    for (const [name, l] of Object.entries(LIMITS)) {
      expect(l.max, name).toBeGreaterThan(l.min);
      const steps = (l.max - l.min) / l.step;
      expect(Math.abs(steps - Math.round(steps)), name).toBeLessThan(1e-9);
    }
  });
  it('the field accepts the slider maximum and refuses one step more', () => {
    expect(buildScenario(form({ military: String(LIMITS.military.max) }), 2026).errors[IDS.military]).toBeUndefined();
    expect(buildScenario(form({ military: String(LIMITS.military.max + LIMITS.military.step) }), 2026).errors[IDS.military]?.key).toBe('calc.err.range');
  });
});

describe('birth date limits', () => {
  it('the birth year goes up to today minus 14', () => {
    expect(birthYearLimits(2026).max).toBe(2026 - MIN_AGE_YEARS);
  });
  it('refuses a future year and one too young', () => {
    const at = (y: string) => buildScenario(form({ birthDay: '1', birthMonth: '1', birthYear: y }), 2026).errors[IDS.birth]?.key;
    expect(at('2030')).toBe('calc.err.birth_future');
    expect(at('2020')).toBe('calc.err.birth_too_young');
    expect(at('2012')).toBeUndefined();
  });
});

describe('numbers typed by people', () => {
  it('turns a monthly salary into an exact yearly wage', () => {
    expect(yearlyWage(80000)).toBe('960000');
    expect(yearlyWage(80000.5)).toBe('960006');
    expect(yearlyWage(0.1)).toBe('1.20');
    expect(yearlyWage(12345.67)).toBe('148148.04');
    expect(decimalString(0.1 + 0.2)).toBe('0.3');
  });

  it('builds a birth date only from a real date', () => {
    expect(birthDate({ birthDay: '5', birthMonth: '6', birthYear: '1985' })).toBe('1985-06-05');
    expect(birthDate({ birthDay: '29', birthMonth: '2', birthYear: '1984' })).toBe('1984-02-29');
    expect(birthDate({ birthDay: '29', birthMonth: '2', birthYear: '1985' })).toBeNull();
    expect(birthDate({ birthDay: '31', birthMonth: '13', birthYear: '1985' })).toBeNull();
    expect(birthDate({ birthDay: '', birthMonth: '6', birthYear: '85' })).toBeNull();
  });
});

describe('scenario from the form', () => {
  it('projects the salary over the years still to work, with child care and service', () => {
    const b = buildScenario(form({ yearsToWork: '3', children: '2', childCare: ['1.5', '1', '1.5', '1.5'], military: '1' }), 2026);
    expect(b.errors).toEqual({});
    expect(b.scenario).toEqual({
      sex: 'female',
      birth_date: '1985-06-15',
      claim_date: null,
      deferral_months: 0,
      ipk_so_far: '45',
      insurance_years_so_far: '15',
      wages: { '2026': '960000', '2027': '960000', '2028': '960000' },
      non_insurance: [
        { kind: 'child_care', child: 1, years: '1.5' },
        { kind: 'child_care', child: 2, years: '1' },
        { kind: 'military_service', years: '1' },
      ],
      funded_option: false,
      age_80_or_group1: false,
      dependants: 0,
      far_north: 'none',
    });
    expect(b.periodFields).toEqual([IDS.childCare(0), IDS.childCare(1), IDS.military]);
  });

  it('lets particular years override the salary and turns claim years into deferral months', () => {
    const b = buildScenario(form({ yearsToWork: '2', deferYears: '3', wages: [{ year: '2027', salary: '0' }, { year: '2030', salary: '100 000' }] }), 2026);
    expect(b.scenario?.wages).toEqual({ '2026': '960000', '2027': '0', '2030': '1200000' });
    expect(b.scenario?.deferral_months).toBe(36);
    expect(controlFor('wages.2030', b)).toBe(IDS.wageSalary(1));
    expect(controlFor('wages.2026', b)).toBe(IDS.salary);
  });

  it('leaves out empty optional fields and zero periods', () => {
    const b = buildScenario(form({ pointsSoFar: '', recordSoFar: ' ', children: '0', military: '' }), 2026);
    expect(b.errors).toEqual({});
    expect(b.scenario?.ipk_so_far).toBeUndefined();
    expect(b.scenario?.insurance_years_so_far).toBeUndefined();
    expect(b.scenario?.non_insurance).toEqual([]);
  });

  it('refuses a past year next to points so far (it is already in them), but takes it as a career otherwise', () => {
    const past = [{ year: '2019', salary: '50 000' }];
    const b = buildScenario(form({ wages: past }), 2026);
    expect(b.scenario).toBeNull();
    expect(b.errors[IDS.wageYear(0)]).toEqual({ key: 'calc.err.year_in_so_far', params: { year: 2026 } });
    const career = buildScenario(form({ pointsSoFar: '', recordSoFar: '', wages: past }), 2026);
    expect(career.errors).toEqual({});
    expect(career.scenario?.wages['2019']).toBe('600000');
    expect(controlFor('ipk_so_far', b)).toBe(IDS.points);
  });

  it('names every bad field and keeps no scenario', () => {
    const b = buildScenario(
      form({ birthDay: '31', birthMonth: '2', salary: 'много', yearsToWork: '2.5', children: '5', military: '-1',
        wages: [{ year: '2030', salary: '1' }, { year: '2030', salary: '2' }] }),
      2026,
    );
    expect(b.scenario).toBeNull();
    expect(b.errors[IDS.birth]?.key).toBe('calc.err.date');
    expect(b.errors[IDS.salary]?.key).toBe('calc.err.number');
    expect(b.errors[IDS.years]?.key).toBe('calc.err.whole');
    expect(b.errors[IDS.children]).toEqual({ key: 'calc.err.range', params: { min: 0, max: 4 } });
    expect(b.errors[IDS.military]?.key).toBe('calc.err.range');
    expect(b.errors[IDS.wageYear(1)]?.key).toBe('calc.err.year_twice');
  });

  it('checks child care per child only for the children given', () => {
    const b = buildScenario(form({ children: '1', childCare: ['2', 'x', 'x', 'x'] }), 2026);
    expect(Object.keys(b.errors)).toEqual([IDS.childCare(0)]);
  });

  it('maps core field paths to controls', () => {
    const b = buildScenario(form({ children: '2', military: '1' }), 2026);
    expect(controlFor('non_insurance[2].years', b)).toBe(IDS.military);
    expect(controlFor('non_insurance[0].years', b)).toBe(IDS.childCare(0));
    expect(controlFor('birth_date', b)).toBe(IDS.birth);
    expect(controlFor('deferral_months', b)).toBe(IDS.defer);
    expect(controlFor(null, b)).toBeNull();
    expect(controlFor('something_else', b)).toBeNull();
  });

  it('saves and restores the form exactly, and refuses foreign data', () => {
    const f = form({ salary: '80 000,50', wages: [{ year: '2031', salary: '0' }], funded: true, sex: 'male' });
    expect(restoreForm(JSON.stringify(f))).toEqual(f);
    expect(restoreForm('{"v":2}')).toBeNull();
    expect(restoreForm('not json')).toBeNull();
    expect(restoreForm('{"v":1,"salary":5}')?.salary).toBe(defaultForm().salary);
  });
});

describe('chart scaling', () => {
  it('picks nice axis maxima and ticks', () => {
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceScale(87)).toEqual({ max: 100, ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceScale(23456).max).toBe(25000);
    expect(niceScale(10).ticks).toEqual([0, 2, 4, 6, 8, 10]);
    for (const v of [0.3, 7, 143.2, 99999]) {
      const s = niceScale(v);
      expect(s.max).toBeGreaterThanOrEqual(v);
      expect(s.max).toBeLessThan(v * 2.6);
    }
  });

  it('stacks earned and projected points cumulatively', () => {
    const bars = pointsBars({
      ipk_pre2015: '0',
      ipk_so_far: '40',
      ipk_non_insurance: '2.7',
      years: [
        { year: 2025, points: '5', projected: false },
        { year: 2026, points: '5.5', projected: true },
        { year: 2027, points: '6', projected: true },
      ],
    });
    expect(bars.map((b) => [b.year, b.earned, b.projected])).toEqual([
      [null, 42.7, 0],
      [2025, 47.7, 0],
      [2026, 47.7, 5.5],
      [2027, 47.7, 11.5],
    ]);
    expect(bars[3]?.total).toBeCloseTo(59.2);
    expect(bars[2]?.isProjected).toBe(true);
  });

  it('lays bars out inside the width and thins year labels', () => {
    const l = barLayout(10, 500);
    expect(l.w).toBeCloseTo(37.5);
    expect(l.x(0)).toBeCloseTo(6.25);
    expect(l.x(9) + l.w).toBeLessThanOrEqual(500);
  });

  it('labels round years only, so that labels never overlap', () => {
    // The points chart at 1024 px: "now" and 2026..2065 across the plot's 660 units.
    const years = [null, ...Array.from({ length: 40 }, (_, i) => 2026 + i)];
    const shown = [...yearLabels(years, 660)].sort((a, b) => a - b);
    const slot = 660 / years.length;
    for (let k = 1; k < shown.length; k++) {
      expect(((shown[k] ?? 0) - (shown[k - 1] ?? 0)) * slot).toBeGreaterThanOrEqual(44);
    }
    expect(shown[0]).toBe(0); // "now"
    expect(shown).toContain(years.length - 1); // the last year
    const labelled = shown.map((i) => years[i]).filter((y): y is number => y !== null);
    expect(labelled.slice(0, -1).every((y) => y % 5 === 0)).toBe(true);
    expect(labelled).toContain(2030);
    // Few bars: every year.
    expect(yearLabels([null, 2026, 2027, 2028], 660).size).toBe(4);
    // The last year stays; a round year right before it gives way (2061, not 2060).
    const short = [null, ...Array.from({ length: 36 }, (_, i) => 2026 + i)];
    const s2 = [...yearLabels(short, 660)];
    expect(s2).toContain(short.length - 1);
    expect(s2).not.toContain(short.length - 2);
    expect(yearLabels([], 660).size).toBe(0);
  });
});

describe('which parameter table', () => {
  it('names the date and the source, and when a portal table was verified', () => {
    expect(paramsLine('ru', { as_of: '2026-01-01', source: 'portal', verified_at: '2026-12-03T09:15:00Z' })).toEqual({
      key: 'calc.params.portal',
      params: { date: '1 января 2026 г.', verified: '3 декабря 2026 г.' },
    });
    expect(paramsLine('en', { as_of: '2026-03-11', source: 'built_in', verified_at: null })).toEqual({
      key: 'calc.params.built_in',
      params: { date: '11 March 2026' },
    });
    expect(paramsLine('ru', null).key).toBe('calc.params.loading');
  });

  it('tells a newer or re-verified table from the same one', () => {
    const built = { as_of: '2026-03-11', source: 'built_in' as const, verified_at: null };
    const signed = { as_of: '2026-03-11', source: 'portal' as const, verified_at: '2026-12-03T09:15:00Z' };
    expect(sameParams(built, { ...built })).toBe(true);
    expect(sameParams(built, signed)).toBe(false);
    expect(sameParams(signed, { ...signed, verified_at: '2026-12-04T09:15:00Z' })).toBe(false);
    expect(sameParams(signed, { ...signed, as_of: '2027-01-01' })).toBe(false);
    expect(sameParams(null, built)).toBe(false);
    expect(sameParams(null, undefined)).toBe(true);
  });
});

describe('one call per frame', () => {
  function harness() {
    const frames: (() => void)[] = [];
    const calls: { input: number; resolve: (o: string) => void }[] = [];
    const applied: string[] = [];
    const l = new Latest<number, string>(
      (input) => new Promise((resolve) => calls.push({ input, resolve })),
      (out) => applied.push(out),
      (cb) => frames.push(cb),
      () => 0,
    );
    const frame = () => frames.splice(0).forEach((f) => f());
    return { l, calls, applied, frame };
  }

  it('sends the first input at once and coalesces the rest of the frame to the newest', () => {
    const h = harness();
    h.l.request(1);
    expect(h.calls.map((c) => c.input)).toEqual([1]);
    h.l.request(2);
    h.l.request(3);
    expect(h.calls).toHaveLength(1);
    h.frame();
    expect(h.calls.map((c) => c.input)).toEqual([1, 3]);
    h.frame(); // nothing pending: the next input goes out at once again
    h.l.request(4);
    expect(h.calls.map((c) => c.input)).toEqual([1, 3, 4]);
  });

  it('drops an answer that arrives after a newer one', async () => {
    const h = harness();
    h.l.request(1);
    h.frame();
    h.l.request(2);
    h.calls[1]?.resolve('two');
    await Promise.resolve();
    h.calls[0]?.resolve('one');
    await new Promise((r) => setTimeout(r, 0));
    expect(h.applied).toEqual(['two']);
  });

  it('forgets answers in flight when invalidated', async () => {
    const h = harness();
    h.l.request(1);
    h.frame();
    h.l.invalidate();
    h.calls[0]?.resolve('old');
    await new Promise((r) => setTimeout(r, 0));
    expect(h.applied).toEqual([]);
  });
});

describe('repaint figures', () => {
  it('keeps the last N samples and summarises them', () => {
    const p = new PerfLog(5);
    [9, 1, 2, 3, 4, 5, 6].forEach((x) => p.add(x));
    expect(p.samples).toEqual([2, 3, 4, 5, 6]);
    expect(p.summary()).toEqual({ n: 5, median: 4, p95: 6, max: 6 });
    expect(new PerfLog().summary()).toEqual({ n: 0, median: 0, p95: 0, max: 0 });
  });
});

describe('explanation', () => {
  it('shows the core lines in the chosen language, keys kept', () => {
    const explanation = [
      { key: 'right_date', ru: 'Право', en: 'Right' },
      { key: 'so_far', ru: 'до 2026 года', en: 'before 2026' },
    ];
    expect(explanationLines('en', explanation)).toEqual([
      { key: 'right_date', text: 'Right' },
      { key: 'so_far', text: 'before 2026' },
    ]);
    expect(explanationLines('ru', explanation).map((l) => l.text)).toEqual(['Право', 'до 2026 года']);
  });
});

describe('eligibility', () => {
  it('names what the core says is missing: record, points, both or nothing', () => {
    const r = {
      shortfall: { insurance_years: '2.5', ipk: '1.6' },
      required_years: 15, insurance_years: '12.5', required_ipk: '30', ipk_total: '28.4',
    };
    expect(shortfall(r)).toEqual({ years: { need: 15, have: 12.5 }, points: { need: '30', have: '28.4' } });
    expect(shortfall({ ...r, shortfall: { insurance_years: null, ipk: '1.6' }, insurance_years: null }))
      .toEqual({ years: null, points: { need: '30', have: '28.4' } });
    expect(shortfall({ ...r, shortfall: { insurance_years: '2.5', ipk: null } }))
      .toEqual({ years: { need: 15, have: 12.5 }, points: null });
    // Eligible: nothing is missing, whatever the figures look like.
    expect(shortfall({ ...r, shortfall: null })).toEqual({ years: null, points: null });
  });
});

describe('formFromRecord', () => {
  const start = {
    ipk_so_far: '128.944', insurance_years_so_far: '32.05', funded_option: true,
    last_wage: '1510776.00', birth_date: '1972-06-14', sex: 'male' as const,
  };
  it('takes points, length, birth date, sex and pay from the record, and empties what the record already holds', () => {
    const base = { ...defaultForm(), children: '2', military: '1', wages: [{ year: '2020', salary: '50000' }] };
    const f = formFromRecord(base, start, 'ru', 2026);
    expect(f.pointsSoFar).toBe('128,944');
    expect(f.recordSoFar).toBe('32,05');
    expect(f.funded).toBe(true);
    expect([f.sex, f.birthDay, f.birthMonth, f.birthYear]).toEqual(['male', '14', '6', '1972']);
    expect(f.salary).toBe('126000');
    expect(f.yearsToWork).toBe('11');
    expect([f.children, f.military, f.wages.length]).toEqual(['0', '0', 0]);
    expect(base.wages.length).toBe(1); // the form it started from is not changed
    const built = buildScenario(f, 2026);
    expect(built.errors).toEqual({});
    expect(built.scenario?.ipk_so_far).toBe('128.944');
    expect(built.scenario?.insurance_years_so_far).toBe('32.05');
  });
  it('keeps the typed values where the record says nothing', () => {
    const f = formFromRecord(defaultForm(), { ...start, birth_date: null, sex: null, last_wage: '0' }, 'en', 2026);
    expect(f.pointsSoFar).toBe('128.944');
    expect([f.sex, f.birthYear, f.salary]).toEqual([defaultForm().sex, defaultForm().birthYear, defaultForm().salary]);
    expect(untouched(defaultForm())).toBe(true);
    expect(untouched(f)).toBe(false);
  });
});
