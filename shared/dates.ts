/**
 * The one way Signet writes a date, on a card, in the app's screens, in main's dialogs and in the
 * CLI's sentences: "7 Dec 2026", and with the time "7 Dec 2026, 14:05", in the person's own time
 * zone. Day before month, month in words: nobody has to guess whether 03/04 is March or April.
 * Machine-readable output (--json, files other programs read) keeps ISO dates. Pure: renderer,
 * main and the CLI use it.
 */
let day: Intl.DateTimeFormat | undefined;
let dayAndTime: Intl.DateTimeFormat | undefined;

// Made on first use: a CLI command that prints no date never pays for the locale's data.
const dayFormat = () =>
  (day ??= new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }));
const dayAndTimeFormat = () =>
  (dayAndTime ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }));

/** A date alone; the raw text when it does not parse. */
export function formatDate(iso: string | Date): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : dayFormat().format(date);
}

/** A date and time of day; the raw text when it does not parse. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dayAndTimeFormat().format(date);
}
