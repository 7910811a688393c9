// Guest mode (a shared computer): its banner and the idle warning.

import type { Messages } from '../shared/i18n';

const ru = {
  'banner.guest': 'Гостевой режим: на этом компьютере ничего не сохраняется. Закройте программу, когда закончите.',
  'guest.idle_warning': 'Вы давно ничего не вводили. Через {time} сеанс завершится, а введённые данные будут удалены.',
  'guest.idle_continue': 'Продолжить работу',
} as const;

const en: Record<keyof typeof ru, string> = {
  'banner.guest': 'Guest mode: nothing is kept on this computer. Close the app when you have finished.',
  'guest.idle_warning': 'You have not typed anything for a while. In {time} the session will end and what you entered will be deleted.',
  'guest.idle_continue': 'Keep working',
};

export default { ru, en } satisfies Messages;
