import { describe, expect, it } from 'vitest';
import { summaryLabel, emptyForm, fieldId, fromInput, isoDate, orderedErrors, parseDraft, placeProblems, toInput, typedDate, FIELDS } from './profile';

function filled() {
  const f = emptyForm();
  Object.assign(f, {
    surname: ' Демонстрационный ', first_name: 'Пользователь', patronymic: 'Петрович', sex: 'male',
    birth_date: '14.06.1972', birth_place: 'гор. Москва',
    'passport.series': '45 17', 'passport.number': '175058', 'passport.issued_on': '21.7.2017',
    'passport.issuer': 'ГУ МВД России по г. Москве', 'passport.division_code': '770-101', snils: '485-370-789 32',
  });
  return f;
}

describe('the personal-data form', () => {
  it('turns dates as people write them into YYYY-MM-DD and back', () => {
    expect(isoDate('14.06.1972')).toBe('1972-06-14');
    expect(isoDate('1/2/2001')).toBe('2001-02-01');
    expect(isoDate('14-06-1972')).toBe('1972-06-14');
    expect(isoDate('1972-06-14')).toBe('1972-06-14');
    expect(isoDate(' вчера ')).toBe('вчера');
    expect(typedDate('1972-06-14')).toBe('14.06.1972');
  });

  it('sends no address and no documents when none are typed, trimmed text otherwise', () => {
    const input = toInput(filled());
    expect(input.surname).toBe('Демонстрационный');
    expect(input.birth_date).toBe('1972-06-14');
    expect(input.passport.issued_on).toBe('2017-07-21');
    expect(input.address).toBeNull();
    expect(input.documents?.driving_licence).toBeNull();
    const f = filled();
    f['address.town'] = 'Москва';
    expect(toInput(f).address).toEqual({ postcode: '', region: '', town: 'Москва', street: '', house: '', flat: null });
    expect(toInput(emptyForm()).sex).toBeNull();
  });

  it('fills the form again from what was sent', () => {
    const f = filled();
    f['documents.military_id'] = 'АН 6414701';
    const back = fromInput(toInput(f));
    expect(back.birth_date).toBe('14.06.1972');
    expect(back['passport.issued_on']).toBe('21.07.2017');
    expect(back['documents.military_id']).toBe('АН 6414701');
    expect(back.surname).toBe('Демонстрационный');
  });

  it('restores a draft field by field and ignores what it does not know', () => {
    expect(parseDraft(null)).toBeNull();
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft('[1]')?.surname).toBe('');
    const d = parseDraft(JSON.stringify({ surname: 'Иванова', snils: 123, extra: 'x' }));
    expect(d?.surname).toBe('Иванова');
    expect(d?.snils).toBe('');
    expect(Object.keys(d ?? {})).toEqual([...FIELDS]);
  });

  it('places every problem on its field (the first per field), in form order', () => {
    const { fields, page } = placeProblems([
      { field: 'snils', code: 'snils_check_digits' },
      { field: 'surname', code: 'required' },
      { field: 'passport.series', code: 'passport_series_invalid' },
      { field: 'passport.series', code: 'required' },
      { field: 'documents.medical_policy', code: 'document_number_invalid' },
      { field: 'address', code: 'required' },
    ]);
    expect(fields['passport-series']).toEqual({ key: 'code.passport_series_invalid' });
    expect(fields['documents-medical_policy']).toEqual({ key: 'code.document_number_invalid' });
    expect(orderedErrors(fields)).toEqual(['surname', 'passport-series', 'snils', 'documents-medical_policy']);
    expect(page).toEqual(['code.required']);
    expect(fieldId('passport.division_code')).toBe('passport-division_code');
  });
});

describe('the error summary', () => {
  it('names passport and address fields with their section', () => {
    expect(summaryLabel('passport.series')).toEqual({ section: 'profile.passport_short', label: 'profile.passport.series' });
    expect(summaryLabel('address.town').section).toBe('profile.address_short');
    expect(summaryLabel('snils')).toEqual({ section: null, label: 'profile.snils' });
  });
});
