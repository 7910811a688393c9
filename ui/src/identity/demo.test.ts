import registries from '../../../crates/kabinet-portal/data/registries.json?raw';
import { describe, expect, it } from 'vitest';
import { DEMO_CITIZEN } from './demo';
import { fromInput, toInput } from './profile';

describe('the demo citizen', () => {
  it("is the demo registries' first citizen, and survives the form unchanged", () => {
    const file = JSON.parse(registries) as { citizens: { profile: unknown }[] };
    expect(DEMO_CITIZEN).toEqual(file.citizens[0]?.profile);
    const sent = toInput(fromInput(DEMO_CITIZEN));
    expect(sent.passport).toEqual(DEMO_CITIZEN.passport);
    expect(sent.snils).toBe(DEMO_CITIZEN.snils);
    expect(sent.birth_date).toBe(DEMO_CITIZEN.birth_date);
  });
});
