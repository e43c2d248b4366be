import { makeNonce, signV3 } from '../../src/emulator/index.js';

export interface SignedRequest {
  /** Where the request really goes (the socket). */
  url: string;
  /** The URL the signature is made for (what Plivo believes it called); default `url`. */
  signedUrl?: string;
  method?: 'GET' | 'POST';
  /** Form body for POST; for GET they belong in the URL. */
  params?: Record<string, string>;
  /** Token to sign with; none: no signature headers at all. */
  authToken?: string;
  /** Extra or replacement headers (e.g. a forged signature). */
  headers?: Record<string, string>;
}

export interface Reply { status: number; contentType: string; text: string }

/** The headers Plivo sends with a V3-signed request. */
export async function signatureHeaders(method: 'GET' | 'POST', signedUrl: string, params: Record<string, string>, authToken: string): Promise<Record<string, string>> {
  const nonce = makeNonce();
  const signature = await signV3({ method, url: signedUrl, params: method === 'GET' ? {} : params, nonce, authToken });
  return { 'X-Plivo-Signature-V3': signature, 'X-Plivo-Signature-V3-Nonce': nonce };
}

/** Sends one webhook request as Plivo would (form-encoded POST or GET), signed when given a token. */
export async function sendSigned(request: SignedRequest): Promise<Reply> {
  const method = request.method ?? 'POST';
  const params = request.params ?? {};
  const signed = request.authToken === undefined ? {} : await signatureHeaders(method, request.signedUrl ?? request.url, params, request.authToken);
  const headers: Record<string, string> = { ...signed, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...request.headers };
  const response = await fetch(request.url, { method, headers, ...(method === 'POST' ? { body: new URLSearchParams(params).toString() } : {}) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text: await response.text() };
}
