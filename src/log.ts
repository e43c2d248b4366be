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

/**
 * The one logger: JSON lines with a timestamp, secrets redacted. Per call, use
 * `logger.child({ callUuid })` so `grep <CallUUID>` replays the call.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets.filter((s) => s.length >= 4);
  const redact = winston.format((info) => scrub(info, secrets) as winston.Logform.TransformableInfo);
  return winston.createLogger({
    level: options.level,
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: [options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console()],
  });
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
