import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { printable } from '../../../../shared/printable';
import { SignetError } from '../../errors';
import { PKCS11_BINDING, type Pkcs11Binding, type Pkcs11Library } from './pkcs11-binding';

/** One token in one slot, as its module describes it (padding trimmed). */
export interface TokenSlot {
  slot: Buffer;
  /** The slot's id as pkcs11-tool prints it (decimal). */
  slotId: string;
  tokenLabel: string;
  serial: string;
  /** Who made the token and which model, as the module reports them (for people, never for finding it). */
  manufacturer: string;
  model: string;
}

/**
 * A PKCS#11 module library loaded and initialised, for one job: list tokens, open sessions. The
 * native binding is imported here, on first use of a token, so nothing else pays for it; a module
 * initialised by a job still running is shared, and finalised when the last job closes it.
 */
export interface TokenModule {
  readonly ck: Pkcs11Binding;
  readonly lib: Pkcs11Library;
  readonly path: string;
  tokens(): TokenSlot[];
  close(): void;
}

const open = new Map<string, { lib: Pkcs11Library; users: number }>();

export async function openTokenModule(path: string): Promise<TokenModule> {
  if (!isAbsolute(path) || !existsSync(path)) {
    throw new SignetError(
      'usage',
      `There is no PKCS#11 module library at ${printable(path)}: check the path to the token maker’s module file.`,
    );
  }
  const ck = await loadBinding();
  let entry = open.get(path);
  if (!entry) {
    const lib = new ck.PKCS11();
    try {
      lib.load(path);
    } catch {
      throw new SignetError(
        'usage',
        `The PKCS#11 module library ${printable(path)} could not be loaded: check that it is the token maker's PKCS#11 module, built for this computer.`,
      );
    }
    try {
      lib.C_Initialize();
    } catch (error) {
      if (codeName(error) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') {
        lib.close();
        throw tokenError(error, 'start the token’s module');
      }
    }
    entry = { lib, users: 0 };
    open.set(path, entry);
  }
  entry.users += 1;
  const held = entry;
  let closed = false;
  return {
    ck,
    lib: held.lib,
    path,
    tokens() {
      try {
        return held.lib.C_GetSlotList(true).flatMap((slot) => {
          const info = held.lib.C_GetTokenInfo(slot);
          // A blank token (SoftHSM keeps one free slot) holds nothing and opens no session.
          if (!(info.flags & ck.CKF_TOKEN_INITIALIZED)) return [];
          return [
            {
              slot,
              slotId: slotIdOf(slot),
              tokenLabel: info.label.trim(),
              serial: info.serialNumber.trim(),
              manufacturer: info.manufacturerID.trim(),
              model: info.model.trim(),
            },
          ];
        });
      } catch (error) {
        throw tokenError(error, 'list the tokens');
      }
    },
    close() {
      if (closed) return;
      closed = true;
      held.users -= 1;
      if (held.users > 0) return;
      open.delete(path);
      try {
        held.lib.C_Finalize();
      } finally {
        held.lib.close();
      }
    },
  };
}

async function loadBinding(): Promise<Pkcs11Binding> {
  try {
    // require where there is one (the app's main process, the CLI's bundle): Electron loads a
    // native module from app.asar.unpacked through require; import() where there is not (tests).
    const binding = (
      typeof require === 'function' ? require(PKCS11_BINDING) : await import(PKCS11_BINDING)
    ) as Pkcs11Binding & { default?: Pkcs11Binding };
    return binding.default ?? binding;
  } catch {
    throw new SignetError(
      'usage',
      'Signet’s hardware-token support is missing from this installation, so it cannot use a token here.',
    );
  }
}

/** A slot handle (CK_SLOT_ID, native width) as the decimal number tools print. */
function slotIdOf(slot: Buffer): string {
  return slot.length >= 8 ? slot.readBigUInt64LE(0).toString() : String(slot.readUInt32LE(0));
}

/** The CKR_… name of a PKCS#11 error, or undefined for anything else. */
function codeName(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : '';
  return /^CKR_[A-Z_]+/.exec(message)?.[0];
}

/** A token's refusal in words a person can act on; `doing` says what Signet was trying to do. */
export function tokenError(error: unknown, doing: string): SignetError {
  if (error instanceof SignetError) return error;
  switch (codeName(error)) {
    case 'CKR_PIN_INCORRECT':
    case 'CKR_PIN_LEN_RANGE':
      return new SignetError(
        'wrong-passphrase',
        'The token’s PIN is wrong. Careful: a token locks itself after a few wrong PINs.',
      );
    case 'CKR_PIN_LOCKED':
      return new SignetError(
        'usage',
        'The token is locked after too many wrong PINs; unlock it with its maker’s tool.',
      );
    case 'CKR_PIN_EXPIRED':
      return new SignetError('usage', 'The token’s PIN has expired; set a new one with its maker’s tool.');
    case 'CKR_TOKEN_NOT_PRESENT':
    case 'CKR_DEVICE_REMOVED':
    case 'CKR_SLOT_ID_INVALID':
    case 'CKR_TOKEN_NOT_RECOGNIZED':
      return new SignetError('usage', 'The token is not there: plug it in and try again.');
    default:
      return new SignetError(
        'io',
        `The token could not ${doing}${codeName(error) ? ` (${codeName(error)})` : ''}.`,
      );
  }
}
