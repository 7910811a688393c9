// The live events: the app's background task sends each one through the channel
// given to `notificationsSubscribe`; screens read `notices` (the unread count for
// the header's badge, `version` to refresh what an event may have changed).

import { Channel } from '@tauri-apps/api/core';
import { commands, type EventView } from '../shared/bindings';

export const notices = $state({
  unread: 0,
  /** Bumped on every live event. */
  version: 0,
  /** The newest application-status event (the applications list refreshes on it). */
  lastStatus: null as EventView | null,
});

let subscribed = false;

/** Subscribes once per page load. */
export async function subscribe(): Promise<void> {
  if (subscribed) return;
  subscribed = true;
  const channel = new Channel<EventView>();
  channel.onmessage = (e) => {
    notices.unread += e.read ? 0 : 1;
    notices.version += 1;
    if (e.kind === 'application_status') notices.lastStatus = e;
  };
  await commands.notificationsSubscribe(channel);
}

/** The unread count as the portal has it (after sign-in, after reading). */
export async function refreshUnread(): Promise<void> {
  const r = await commands.notificationsList(0, 1);
  if (r.status === 'ok') notices.unread = r.data.unread;
}
