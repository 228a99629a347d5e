/**
 * The passphrase window's size: a fixed width, and the height its page needs (Chromium's preferred
 * size, reported as the page grows with a strength hint or a problem line), so its buttons are never
 * below the visible area. Kept within the screen; no Electron here, so tests can use it.
 */
export const PINENTRY_WIDTH = 460;
/** The height before the page has laid out: the unlock prompt's, about. */
export const PINENTRY_FIRST_HEIGHT = 300;
const MIN_HEIGHT = 200;
/** Room left around the window on the smallest screen it may open on. */
const SCREEN_MARGIN = 48;

export function pinentryHeightFor(preferredHeight: number, workAreaHeight: number): number {
  const most = Math.max(MIN_HEIGHT, workAreaHeight - SCREEN_MARGIN);
  const wanted = Number.isFinite(preferredHeight) ? Math.ceil(preferredHeight) : PINENTRY_FIRST_HEIGHT;
  return Math.min(most, Math.max(MIN_HEIGHT, wanted));
}
