import type { Writable } from 'node:stream';
import winston from 'winston';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  /** Values replaced by `[redacted]` wherever they appear: auth token, API token. */
  secrets: readonly string[];
  /** Where JSON lines go; default stdout. Tests pass a stream to read the logs back. */
  stream?: Writable;
}

/** Keys whose values are never logged, whatever they hold. */
const SECRET_KEYS = /^(authorization|x-plivo-signature.*|authtoken|auth_token|password|token)$/i;

/** Text in a JSON line that may come from a secret-named key: such lines take the careful path. */
const SECRET_KEY_TEXT = /authorization|x-plivo-signature|authtoken|auth_token|password|token/i;
/** Where winston reads the finished line from (triple-beam's MESSAGE). */
const MESSAGE = Symbol.for('message');

/**
 * The one logger: JSON lines with a timestamp, secrets redacted. Per call, use
 * `logger.child({ callUuid })` so `grep <CallUUID>` replays the call.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  return winston.createLogger({
    level: options.level,
    format: jsonLine(secrets),
    transports: [options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console()],
  });
}

/**
 * The line format, in one step (a webhook writes a line per request, so it has to cost a few
 * µs): add the timestamp, JSON.stringify, and look for secrets in the text. Almost every line
 * has none and is done. A line that shows a secret (as JSON writes it), a secret-named key, or
 * that JSON.stringify cannot write (a cycle, a BigInt), is redacted field by field and written
 * with winston's own json format instead.
 */
function jsonLine(secrets: readonly string[]): winston.Logform.Format {
  const asJson = secrets.map((secret) => JSON.stringify(secret).slice(1, -1));
  // A lone surrogate is written differently alone and beside its pair: never trust the text then.
  const textSafe = secrets.every((secret) => !/\p{Surrogate}/u.test(secret));
  const careful = winston.format.json();
  return winston.format((info) => {
    info['timestamp'] = new Date().toISOString();
    let line: string | undefined;
    try {
      line = JSON.stringify(info, sortedKeys);
    } catch {
      line = undefined;
    }
    if (line === undefined || !textSafe || SECRET_KEY_TEXT.test(line) || asJson.some((secret) => line.includes(secret))) {
      return careful.transform(scrub(info, secrets) as winston.Logform.TransformableInfo, {});
    }
    (info as Record<symbol, unknown>)[MESSAGE] = line;
    return info;
  })();
}

/** Keys in order at every level, as winston's json format writes them (tests and greps rely on it). */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/**
 * `value` with every secret replaced, sharing whatever needs no change: a log line is written
 * on every webhook, and almost none holds a secret, so the common case allocates nothing.
 */
function scrub<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (typeof value === 'string') {
    return (secrets.some((secret) => value.includes(secret)) ? secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), value) : value) as T;
  }
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  let copy: Record<string | symbol, unknown> | undefined;
  for (const key of Reflect.ownKeys(value)) {
    const item = (value as Record<string | symbol, unknown>)[key];
    const clean = typeof key === 'string' && SECRET_KEYS.test(key) ? '[redacted]' : scrub(item, secrets, depth + 1);
    if (clean !== item) {
      copy ??= (Array.isArray(value) ? [...value] : { ...value }) as Record<string | symbol, unknown>;
      copy[key] = clean;
    }
  }
  return (copy ?? value) as T;
}
