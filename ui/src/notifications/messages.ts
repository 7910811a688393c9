// The notifications inbox's texts.

import type { Messages } from '../shared/i18n';

const ru = {
  'nav.notifications': 'Уведомления',
  'notifications.badge': 'непрочитанных: {n}',
  'notifications.heading': 'Уведомления',
  'notifications.lead': 'Здесь всё, что кабинет вам сообщил: изменения статусов заявлений и другие события. Новые приходят сами, пока приложение открыто.',
  'notifications.empty': 'Уведомлений пока нет.',
  'notifications.unread': 'Новое',
  'notifications.open_applications': 'Мои заявления',
  'notifications.open_pension': 'Моя пенсия',
  'notifications.open_support': 'Мои обращения',
  'notifications.older': 'Показать более ранние',
  'notifications.refresh': 'Обновить',
};

const en: typeof ru = {
  'nav.notifications': 'Notifications',
  'notifications.badge': 'unread: {n}',
  'notifications.heading': 'Notifications',
  'notifications.lead': 'Everything your account told you: changes of your applications\' statuses and other events. New ones arrive by themselves while the app is open.',
  'notifications.empty': 'No notifications yet.',
  'notifications.unread': 'New',
  'notifications.open_applications': 'My applications',
  'notifications.open_pension': 'My pension',
  'notifications.open_support': 'My requests',
  'notifications.older': 'Show earlier ones',
  'notifications.refresh': 'Refresh',
};

export default { ru, en } satisfies Messages;
