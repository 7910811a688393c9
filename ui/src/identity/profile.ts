// The personal-data form (standard level): its fields in form order, the form as
// typed (flat strings, what the draft keeps), the submission the core checks, and
// the core's field problems (dotted paths) placed on the form's fields.

import type { FieldProblem, ProfileInput } from '../shared/bindings';
import type { FieldErrors } from '../shared/form.svelte';

/** Field paths as the core names them (`passport.series`), in form order. */
export const FIELDS = [
  'surname', 'first_name', 'patronymic', 'sex', 'birth_date', 'birth_place',
  'passport.series', 'passport.number', 'passport.issued_on', 'passport.issuer', 'passport.division_code',
  'snils',
  'address.postcode', 'address.region', 'address.town', 'address.street', 'address.house', 'address.flat',
  'documents.driving_licence', 'documents.foreign_passport', 'documents.vehicle_registration',
  'documents.medical_policy', 'documents.military_id',
] as const;

export type FieldPath = (typeof FIELDS)[number];
export type ProfileForm = Record<FieldPath, string>;

export const ADDRESS_FIELDS = FIELDS.filter((f) => f.startsWith('address.'));
export const DOCUMENT_FIELDS = FIELDS.filter((f) => f.startsWith('documents.'));

/** The element id of a field (`passport.series` → `passport-series`). */
export const fieldId = (path: string): string => path.replaceAll('.', '-');

export function emptyForm(): ProfileForm {
  return Object.fromEntries(FIELDS.map((f) => [f, ''])) as ProfileForm;
}

export { isoDate, typedDate } from '../shared/format';
import { isoDate, typedDate } from '../shared/format';

const opt = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/** The submission; an address only when some of it is filled in. */
export function toInput(f: ProfileForm): ProfileInput {
  const anyAddress = ADDRESS_FIELDS.some((k) => f[k].trim() !== '');
  return {
    surname: f.surname.trim(),
    first_name: f.first_name.trim(),
    patronymic: opt(f.patronymic),
    sex: f.sex === 'male' || f.sex === 'female' ? f.sex : null,
    birth_date: isoDate(f.birth_date),
    birth_place: f.birth_place.trim(),
    passport: {
      series: f['passport.series'].trim(),
      number: f['passport.number'].trim(),
      issued_on: isoDate(f['passport.issued_on']),
      issuer: f['passport.issuer'].trim(),
      division_code: f['passport.division_code'].trim(),
    },
    snils: f.snils.trim(),
    address: anyAddress
      ? {
          postcode: f['address.postcode'].trim(),
          region: f['address.region'].trim(),
          town: f['address.town'].trim(),
          street: f['address.street'].trim(),
          house: f['address.house'].trim(),
          flat: opt(f['address.flat']),
        }
      : null,
    documents: {
      driving_licence: opt(f['documents.driving_licence']),
      foreign_passport: opt(f['documents.foreign_passport']),
      vehicle_registration: opt(f['documents.vehicle_registration']),
      medical_policy: opt(f['documents.medical_policy']),
      military_id: opt(f['documents.military_id']),
    },
  };
}

/** The form filled with what was sent before (to correct it after a failed check). */
export function fromInput(p: ProfileInput): ProfileForm {
  const f = emptyForm();
  f.surname = p.surname;
  f.first_name = p.first_name;
  f.patronymic = p.patronymic ?? '';
  f.sex = p.sex ?? '';
  f.birth_date = typedDate(p.birth_date);
  f.birth_place = p.birth_place;
  f['passport.series'] = p.passport.series;
  f['passport.number'] = p.passport.number;
  f['passport.issued_on'] = typedDate(p.passport.issued_on);
  f['passport.issuer'] = p.passport.issuer;
  f['passport.division_code'] = p.passport.division_code;
  f.snils = p.snils;
  if (p.address) {
    f['address.postcode'] = p.address.postcode;
    f['address.region'] = p.address.region;
    f['address.town'] = p.address.town;
    f['address.street'] = p.address.street;
    f['address.house'] = p.address.house;
    f['address.flat'] = p.address.flat ?? '';
  }
  const d = p.documents ?? {};
  f['documents.driving_licence'] = d.driving_licence ?? '';
  f['documents.foreign_passport'] = d.foreign_passport ?? '';
  f['documents.vehicle_registration'] = d.vehicle_registration ?? '';
  f['documents.medical_policy'] = d.medical_policy ?? '';
  f['documents.military_id'] = d.military_id ?? '';
  return f;
}

/** A saved draft back into the form: known fields with text only, the rest empty
 * (a draft from another version of the app never breaks the screen). */
export function parseDraft(json: string | null): ProfileForm | null {
  if (!json) return null;
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const f = emptyForm();
  for (const k of FIELDS) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'string') f[k] = x;
  }
  return f;
}

export const isBlank = (f: ProfileForm): boolean => FIELDS.every((k) => f[k].trim() === '');

/**
 * The core's problems on the form's fields: the first problem of each field (in
 * form order). A path the form does not have (`address` as a whole, a future field)
 * goes to `page`, so nothing said is lost.
 */
export function placeProblems(problems: FieldProblem[]): { fields: FieldErrors; page: string[] } {
  const fields: FieldErrors = {};
  const page: string[] = [];
  for (const p of problems) {
    const path = (FIELDS as readonly string[]).includes(p.field) ? p.field : null;
    if (path === null) {
      page.push(`code.${p.code}`);
      continue;
    }
    const id = fieldId(path);
    if (!fields[id]) fields[id] = { key: `code.${p.code}` };
  }
  return { fields, page };
}

/** Field ids with an error, in form order (the error summary's order). */
export function orderedErrors(errors: FieldErrors): string[] {
  return FIELDS.map(fieldId).filter((id) => id in errors);
}

/** How the error summary names a field: with its section where the label alone is
 * ambiguous (`Паспорт, серия`), as message keys and the field's own label key. */
export function summaryLabel(path: string): { section: string | null; label: string } {
  const section = path.startsWith('passport.') ? 'profile.passport_short' : path.startsWith('address.') ? 'profile.address_short' : null;
  return { section, label: `profile.${path}` };
}
