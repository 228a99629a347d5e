/**
 * The one way Signet writes a date, on a card, in the app's screens and in main's dialogs: "7 Dec
 * 2026", and with the time "7 Dec 2026, 14:05", in the person's own time zone. Day before month,
 * month in words: nobody has to guess whether 03/04 is March or April. Pure: renderer and main use it.
 */
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const DAY_AND_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A date alone; the raw text when it does not parse. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DAY.format(date);
}

/** A date and time of day; the raw text when it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DAY_AND_TIME.format(date);
}
