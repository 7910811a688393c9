// The demo portal's registries know only their demo citizens (the portal's
// data/registries.json). The first one matches the demo account: a new user trying
// the demo fills the form with it in one click; a test keeps it equal to the file.

import type { ProfileInput } from '../shared/bindings';

export const DEMO_CITIZEN: ProfileInput = {
  surname: 'Демонстрационный',
  first_name: 'Пользователь',
  patronymic: 'Петрович',
  sex: 'male',
  birth_date: '1972-06-14',
  birth_place: 'гор. Москва',
  passport: {
    series: '4517',
    number: '175058',
    issued_on: '2017-07-21',
    issuer: 'ГУ МВД России по г. Москве',
    division_code: '770-101',
  },
  snils: '485-370-789-32',
  address: { postcode: '117042', region: 'Москва', town: 'Москва', street: 'ул. Поляны', house: '39к4', flat: '141' },
  documents: {
    driving_licence: '77 10 514726',
    vehicle_registration: '77 ТК 292445',
    medical_policy: '8130147746039515',
    military_id: 'АН 6414701',
  },
};
