import { beforeEach, describe, expect, it, vi } from 'vitest';

// main's native confirmation, with Electron's dialog replaced by a recorder: which buttons it shows,
// which is the default, and how each press maps back (Cancel, the going-ahead button, the alternative).
const shown: Array<{ buttons?: string[]; defaultId?: number; cancelId?: number }> = [];
let press = 0;
vi.mock('electron', () => ({
  dialog: {
    showMessageBox: async (...args: unknown[]) => {
      shown.push(args.at(-1) as { buttons?: string[] });
      return { response: press, checkboxChecked: false };
    },
  },
}));

const { createConfirm } = await import('../../electron/main/confirm-dialog');

const request = {
  title: 'Sign files',
  message: 'Sign 3 files with “Release key”? 2 of the files to write already exist.',
  detail: 'Will write (1):',
  confirmLabel: 'Replace and sign',
  alternativeLabel: 'Skip those that exist',
};

beforeEach(() => {
  shown.length = 0;
});

describe('createConfirm().choose', () => {
  it('shows Cancel (the default and Escape), the going-ahead button, then the alternative', async () => {
    const confirm = createConfirm(() => null);
    press = 0;
    await expect(confirm.choose!(request)).resolves.toBe('cancel');
    expect(shown[0]).toMatchObject({
      buttons: ['Cancel', 'Replace and sign', 'Skip those that exist'],
      defaultId: 0,
      cancelId: 0,
    });
    press = 1;
    await expect(confirm.choose!(request)).resolves.toBe('confirm');
    press = 2;
    await expect(confirm.choose!(request)).resolves.toBe('alternative');
  });

  it('confirm() keeps its two buttons', async () => {
    press = 1;
    await expect(createConfirm(() => null).confirm(request)).resolves.toBe(true);
    expect(shown[0]?.buttons).toEqual(['Cancel', 'Replace and sign']);
  });
});
