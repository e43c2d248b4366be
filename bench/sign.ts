import { createHmac } from 'node:crypto';
import plivo from 'plivo';
import { v3SignatureBase } from '../src/emulator/signature.js';

/** One request shape the load generator repeats: method, URL as Plivo calls it, form params. */
export interface SignedShape {
  method: 'POST';
  /** The absolute URL (PUBLIC_URL + path and query) the signature covers. */
  url: string;
  params: Readonly<Record<string, string>>;
}

/**
 * The `X-Plivo-Signature-V3` / `-Nonce` headers Plivo would send for `shape`. Synchronous
 * (node:crypto), so headers can be precomputed once per request shape: the string signed is
 * the SDK's (`v3SignatureBase`, shared with the emulator and tested against the SDK there),
 * then base64(HMAC-SHA256(token, base + "." + nonce)) as in plivo `dist/utils/v3Security.js`.
 * ASCII URLs, nonces and tokens only (the SDK's utf8.encode is then the identity).
 */
export function signatureHeaders(shape: SignedShape, authToken: string, nonce: string): Record<string, string> {
  const base = v3SignatureBase(shape.method, shape.url, shape.params);
  const signature = createHmac('sha256', authToken).update(`${base}.${nonce}`).digest('base64');
  return { 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce };
}

/** Throws unless the SDK's own `validateV3Signature` accepts the headers we computed. */
export function assertSdkAccepts(shape: SignedShape, authToken: string, headers: Record<string, string>): void {
  const signature = headers['X-Plivo-Signature-V3'] ?? '';
  const nonce = headers['X-Plivo-Signature-V3-Nonce'] ?? '';
  if (!plivo.validateV3Signature(shape.method, shape.url, nonce, authToken, signature, { ...shape.params })) {
    throw new Error(`bench/sign.ts: the plivo SDK rejects our signature for ${shape.method} ${shape.url}`);
  }
}
