// Strings every feature uses: buttons, the error summary, and the error codes of the
// transport and the platform (portal, network, local store) that any command can answer.

import type { Messages } from './i18n';

const ru = {
  'common.continue': 'Продолжить',
  'common.back': 'Назад',
  'common.wait': 'Подождите…',
  'common.error_summary': 'Есть ошибки',
  'common.optional': 'необязательно',
  'code.malformed_request': 'Запрос не понят. Обновите программу.',
  'code.payload_too_large': 'Слишком много данных в запросе.',
  'code.idempotency_key_missing': 'Внутренняя ошибка запроса. Попробуйте ещё раз.',
  'code.idempotency_key_reused': 'Этот запрос уже отправлялся с другими данными. Попробуйте ещё раз.',
  'code.unsupported_media_type': 'Запрос не понят. Обновите программу.',
  'code.not_found': 'Не найдено.',
  'code.method_not_allowed': 'Запрос не поддерживается.',
  'code.required': 'Заполните это поле',
  'code.rate_limited': 'Слишком много попыток. Попробуйте позже',
  'code.internal': 'На портале произошла ошибка. Попробуйте позже',
  'code.unavailable': 'Портал временно недоступен. Попробуйте позже',
  'code.network_unreachable': 'Нет связи с порталом. Проверьте подключение к интернету и попробуйте снова',
  'code.tls_untrusted': 'Сертификат портала не прошёл проверку. Соединение прервано для вашей безопасности',
  'code.portal_start_failed': 'Не удалось запустить учебный портал',
  'code.unexpected_response': 'Портал ответил непонятно. Попробуйте позже',
  'code.config_invalid': 'Ошибка в настройках программы (kabinet.toml или переменные окружения)',
  'code.store_failed': 'Не удалось сохранить данные на этом компьютере',
  'code.keyring_failed': 'Защищённое хранилище системы не ответило',
  'code.bad_idempotency_key': 'Внутренняя ошибка запроса. Попробуйте ещё раз',
  'code.unknown': 'Что-то пошло не так. Попробуйте ещё раз',
} as const;

const en: Record<keyof typeof ru, string> = {
  'common.continue': 'Continue',
  'common.back': 'Back',
  'common.wait': 'Please wait…',
  'common.error_summary': 'There is a problem',
  'common.optional': 'optional',
  'code.malformed_request': 'The request was not understood. Update the app.',
  'code.payload_too_large': 'The request is too large.',
  'code.idempotency_key_missing': 'Internal request error. Try again.',
  'code.idempotency_key_reused': 'This request was already sent with other data. Try again.',
  'code.unsupported_media_type': 'The request was not understood. Update the app.',
  'code.not_found': 'Not found.',
  'code.method_not_allowed': 'This request is not supported.',
  'code.required': 'Fill in this field',
  'code.rate_limited': 'Too many attempts. Try again later',
  'code.internal': 'Something went wrong on the portal. Try again later',
  'code.unavailable': 'The portal is temporarily unavailable. Try again later',
  'code.network_unreachable': 'Cannot reach the portal. Check your internet connection and try again',
  'code.tls_untrusted': "The portal's certificate failed the check. The connection was stopped to keep you safe",
  'code.portal_start_failed': 'The practice portal could not be started',
  'code.unexpected_response': 'The portal gave an unexpected answer. Try again later',
  'code.config_invalid': "There is a mistake in the app's settings (kabinet.toml or environment variables)",
  'code.store_failed': 'Could not save data on this computer',
  'code.keyring_failed': "The system's secure storage did not answer",
  'code.bad_idempotency_key': 'Internal request error. Try again',
  'code.unknown': 'Something went wrong. Try again',
};

export default { ru, en } satisfies Messages;
