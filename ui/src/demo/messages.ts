// The demo portal: its banner and the demo inbox.

import type { Messages } from '../shared/i18n';

const ru = {
  'banner.demo': 'ДЕМО: учебный портал работает на этом компьютере. Письма и СМС никуда не отправляются — они видны в демо-почте.',
  'banner.demo_link': 'Открыть демо-почту',
  'inbox.heading': 'Демо-почта',
  'inbox.lead': 'Здесь видны СМС и письма, которые учебный портал «отправил». На настоящем портале они пришли бы на ваш телефон или почту.',
  'inbox.empty': 'Сообщений пока нет.',
  'inbox.refresh': 'Обновить',
  'inbox.sms': 'СМС',
  'inbox.post': 'Заказное письмо (почта)',
  'inbox.email': 'Письмо',
  'inbox.to': 'Кому: {to}',
  'code.not_demo': 'Демо-почта есть только в учебном режиме',
} as const;

const en: Record<keyof typeof ru, string> = {
  'banner.demo': 'DEMO: a practice portal runs on this computer. Letters and text messages are not really sent — you can see them in the demo inbox.',
  'banner.demo_link': 'Open the demo inbox',
  'inbox.heading': 'Demo inbox',
  'inbox.lead': 'The text messages and e-mails the practice portal "sent". A real portal would send them to your phone or mailbox.',
  'inbox.empty': 'No messages yet.',
  'inbox.refresh': 'Refresh',
  'inbox.sms': 'Text message',
  'inbox.post': 'Registered letter (post)',
  'inbox.email': 'E-mail',
  'inbox.to': 'To: {to}',
  'code.not_demo': 'The demo inbox exists only in demo mode',
};

export default { ru, en } satisfies Messages;
