/**
 * Sealed call state: what a call carries between two of Plivo's requests (its variables, the
 * menus it came through) travels in the webhook URL, encrypted and authenticated with
 * AES-256-GCM. So the server keeps no per-call memory, any instance holding the same key serves
 * any request of any call (round-robin behind a proxy works), a value marked sensitive is never
 * in clear in a URL (nor in Plivo's logs of those URLs, nor a proxy's), and a state that was
 * altered, forged or copied from another call is refused: the call's CallUUID is authenticated
 * with it.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The longest sealed state put in a URL: Plivo and proxies take URLs of a few kB; this leaves room for the rest. */
export const MAX_SEALED_LENGTH = 1800;
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_INFLATED = 16 * 1024;

export interface Sealer {
  /** base64url of version ‖ IV ‖ tag ‖ AES-256-GCM(deflate(JSON)), bound to `callUuid`. */
  seal(value: unknown, callUuid: string): string;
  /** The value, or undefined when the token is malformed, altered, from another call or sealed with another key. Never throws. */
  unseal(token: string, callUuid: string): unknown;
}

export function createSealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('the state key must be 32 bytes');
  return {
    seal(value, callUuid) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(callUuid, 'utf8'));
      const body = Buffer.concat([cipher.update(deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'))), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    unseal(token, callUuid) {
      if (token.length > MAX_SEALED_LENGTH * 2 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
      const raw = Buffer.from(token, 'base64url');
      if (raw.length < 1 + IV_BYTES + TAG_BYTES || raw[0] !== VERSION) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(1, 1 + IV_BYTES));
        decipher.setAAD(Buffer.from(callUuid, 'utf8'));
        decipher.setAuthTag(raw.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES));
        const inflated = inflateRawSync(Buffer.concat([decipher.update(raw.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]), { maxOutputLength: MAX_INFLATED });
        return JSON.parse(inflated.toString('utf8')) as unknown;
      } catch {
        return undefined;
      }
    },
  };
}

export interface StateKey {
  key: Buffer;
  /** `env`: from STATE_SECRET; `generated`: random for this process only. */
  source: 'env' | 'generated';
}

const MIN_SECRET = 32;

/**
 * The key from `STATE_SECRET` (at least 32 characters, e.g. `openssl rand -hex 32`), stretched
 * with HKDF-SHA256. Without it a random key for this process: the server warns, because a
 * restart then loses the variables of calls in progress and two instances cannot share calls.
 */
export function stateKey(secret: string | undefined): StateKey | { error: string } {
  if (secret === undefined || secret === '') return { key: randomBytes(32), source: 'generated' };
  if (secret.length < MIN_SECRET) return { error: `STATE_SECRET must be at least ${MIN_SECRET} characters (openssl rand -hex 32)` };
  return { key: Buffer.from(hkdfSync('sha256', secret, 'plivo-yaml-ivr', 'call state v1', 32)), source: 'env' };
}

export const GENERATED_KEY_WARNING =
  'STATE_SECRET is not set: call state is sealed with a random key made for this process. A restart loses the variables of calls in progress, and instances behind a load balancer cannot serve each other\'s calls: set the same STATE_SECRET (openssl rand -hex 32) on every instance.';
