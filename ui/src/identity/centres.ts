// Service centres: today's hours in the centre's own local time.

export interface DayHours {
  opens: string;
  closes: string;
}

/** The hours of the centre's local "today" at `now` (Monday first), or null when closed. */
export function todayHours(hours: (DayHours | null)[], utcOffsetMinutes: number, now: Date): DayHours | null {
  const local = new Date(now.getTime() + utcOffsetMinutes * 60_000);
  const mondayFirst = (local.getUTCDay() + 6) % 7;
  return hours[mondayFirst] ?? null;
}
