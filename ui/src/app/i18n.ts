// Every feature's message table, merged once at start-up. A new feature adds its
// `messages.ts` here (the i18n test then checks it in both languages).

import { useMessages, type Messages } from '../shared/i18n';
import shared from '../shared/messages';
import app from './messages';
import auth from '../auth/messages';
import pension from '../pension/messages';
import demo from '../demo/messages';
import guest from '../guest/messages';
import identity from '../identity/messages';
import staff from '../staff/messages';
import services from '../services/messages';
import notifications from '../notifications/messages';
import support from '../support/messages';

export const FEATURE_MESSAGES: Record<string, Messages> = { shared, app, auth, identity, staff, pension, services, notifications, support, demo, guest };

useMessages(FEATURE_MESSAGES);
