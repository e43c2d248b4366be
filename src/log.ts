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

function scrub(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.split(secret).join('[redacted]'), value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets));
  if (value !== null && typeof value === 'object') {
    const out: Record<string | symbol, unknown> = {};
    for (const key of Reflect.ownKeys(value)) {
      const item = (value as Record<string | symbol, unknown>)[key];
      out[key] = typeof key === 'string' && SECRET_KEYS.test(key) ? '[redacted]' : scrub(item, secrets);
    }
    return out;
  }
  return value;
}
