const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The business day (YYYY-MM-DD) an instant belongs to in the store's IANA time zone. A store
 * open past midnight sets `rolloverHour` (e.g. 4): sales before 04:00 local count to the
 * previous day.
 */
export function businessDayOf(instant: Date, timeZone: string, rolloverHour = 0): string {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const local = `${parts.year}-${parts.month}-${parts.day}`;
  if (Number(parts.hour) >= rolloverHour) return local;
  const d = new Date(`${local}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The calendar day after an ISO date (YYYY-MM-DD). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The business day a new entry at `instant` goes to. After the day's Z report (an early Z, before
 * the rollover hour) the day is sealed and the store is already on the next one.
 */
export function openBusinessDay(
  instant: Date,
  store: { timeZone: string; rolloverHour?: number | undefined },
  ledger: { isDaySealed(businessDay: string): boolean },
): string {
  let day = businessDayOf(instant, store.timeZone, store.rolloverHour);
  while (ledger.isDaySealed(day)) day = nextDay(day);
  return day;
}
