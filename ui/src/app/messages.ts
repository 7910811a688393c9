// The app shell: title, language switch, start-up, the keyring warning and the welcome page.

import type { Messages } from '../shared/i18n';

const ru = {
  'app.title': 'Кабинет',
  'app.subtitle': 'Личный кабинет гражданина',
  'app.loading': 'Загрузка…',
  'app.skip': 'Перейти к содержанию',
  'lang.label': 'Язык',
  'lang.switch': 'English',
  'lang.switch_hint': 'Switch to English',
  'banner.keyring': 'Защищённое хранилище системы недоступно. Вход не будет запомнен: после закрытия программы нужно будет войти снова.',
  'welcome.heading': 'Госуслуги в личном кабинете',
  'welcome.lead': 'Заявления, справки, пенсия и платежи — в одном месте.',
  'welcome.register': 'Зарегистрироваться',
  'welcome.sign_in': 'Войти',
  'welcome.have_account': 'Уже есть учётная запись?',
  'error.heading': 'Не удалось запустить',
  'error.retry': 'Попробовать снова',
} as const;

const en: Record<keyof typeof ru, string> = {
  'app.title': 'Kabinet',
  'app.subtitle': "Citizen's personal account",
  'app.loading': 'Loading…',
  'app.skip': 'Skip to main content',
  'lang.label': 'Language',
  'lang.switch': 'Русский',
  'lang.switch_hint': 'Переключить на русский',
  'banner.keyring': "The system's secure storage is not available. Your sign-in will not be remembered: you will need to sign in again after closing the app.",
  'welcome.heading': 'Government services in your personal account',
  'welcome.lead': 'Applications, certificates, pension and payments — all in one place.',
  'welcome.register': 'Create an account',
  'welcome.sign_in': 'Sign in',
  'welcome.have_account': 'Already have an account?',
  'error.heading': 'Could not start',
  'error.retry': 'Try again',
};

export default { ru, en } satisfies Messages;
