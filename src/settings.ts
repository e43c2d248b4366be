import { secretForms } from './secrets/scrub.js';

/** Everything the server reads from the environment, checked once at start-up. */
export interface Settings {
  port: number;
  /** Interface to listen on (HOST: 127.0.0.1 for this machine only); undefined: every interface. */
  host: string | undefined;
  /** Where Plivo reaches this server (no trailing slash); all webhook and audio URLs start with it. */
  publicUrl: string;
  /** The flow file. */
  ivrConfig: string;
  /** FLOWS_DIR: a folder whose every *.yaml is served as a named flow at /flows/<name>/node/<id>. */
  flowsDir: string | undefined;
  /** FLOWS: more named flow files (comma list). */
  flowFiles: readonly string[];
  /** CALLS_RATE_LIMIT: POST /calls per client holding the API token, a burst then so many a minute (default 60/600). */
  callsRateLimit: RateLimitSetting;
  logLevel: 'error' | 'warn' | 'info' | 'debug';
  plivo: PlivoSettings | undefined;
  /** Number outbound calls come from, E.164 (PLIVO_FROM_NUMBER). */
  fromNumber: string | undefined;
  /** Bearer token that protects POST /calls; without it only loopback clients may place calls. */
  callsApiToken: string | undefined;
  /** E.164 prefixes outbound calls may go to (`+1,+44`); empty: any. */
  allowedDestinations: readonly string[];
  /** ALLOW_PREMIUM_DESTINATIONS=true: premium-rate, shared-cost and other high-cost numbers may be called (default: refused). */
  allowPremiumDestinations: boolean;
  /** Check Plivo's V3 signature on webhooks (on whenever PLIVO_AUTH_TOKEN is set, unless PLIVO_VERIFY_SIGNATURES=false). */
  verifySignatures: boolean;
  /** The key call state is sealed with in webhook URLs (STATE_SECRET); unset: a random key per process. */
  stateSecret?: string | undefined;
  /** The embedded database file (DATA_FILE): campaigns and call events that must survive a restart. */
  dataFile: string;
  /** Redis shared by several instances (REDIS_URL); undefined: everything stays in this process and `dataFile`. */
  redisUrl: string | undefined;
  /** Record call events (EVENTS=on|off, default on): the dashboard, `npm run calls`, drop-off. */
  events: boolean;
  /** Days call events are kept in `dataFile` (EVENTS_RETENTION_DAYS, default 30). */
  eventsRetentionDays: number;
  /** Bearer token for the call dashboard and /metrics (DASHBOARD_TOKEN); without it only this machine may see them. */
  dashboardToken: string | undefined;
  /** Base URL of Plivo's Voice API for campaigns (PLIVO_API_URL); the offline stand-in's in the demo. */
  plivoApiUrl: string;
  /** Do-not-call list: a file of numbers (DNC_FILE) and/or an endpoint answering {"blocked": bool} (DNC_URL). */
  dncFile: string | undefined;
  dncUrl: string | undefined;
}

export interface RateLimitSetting { burst: number; perMinute: number }

export interface PlivoSettings { authId: string; authToken: string }

/** Thrown by `readSettings` with every problem, one per line; never contains a secret's value. */
export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid environment:\n  ${problems.join('\n  ')}`);
  }
}

const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/**
 * Reads and checks the environment. Returns frozen settings, or throws one SettingsError
 * listing every missing or malformed variable (naming them, never echoing secret values).
 */
export function readSettings(env: Readonly<Record<string, string | undefined>>): Settings {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };

  const portText = value('PORT') ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number (0-65535), got "${portText}"`);

  const hostText = value('HOST');
  const host = hostText?.replace(/^\[(.*)\]$/, '$1');
  if (host !== undefined && !/^[A-Za-z0-9.:-]+$/.test(host)) {
    problems.push(`HOST must be an address or host name to listen on, such as 127.0.0.1 (this machine only) or 0.0.0.0 (every interface), got "${hostText ?? ''}"`);
  }

  const publicUrl = (value('PUBLIC_URL') ?? `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(publicUrl)) {
    problems.push(`PUBLIC_URL must be an absolute http(s) URL such as https://abc123.ngrok-free.app, got "${publicUrl}"`);
  }
  const password = urlPassword(publicUrl);
  if (password !== undefined || /^https?:\/\/[^/@\s]+@/.test(publicUrl)) {
    // Every XML answer carries PUBLIC_URL, so anyone who calls a webhook would read the password.
    problems.push(`PUBLIC_URL must not contain a user name or password (it is written into every answer to Plivo, where anyone calling a webhook can read it), got "${withoutCredentials(publicUrl)}"; Plivo's signatures (PLIVO_AUTH_TOKEN) protect the webhooks`);
  }

  const logLevel = value('LOG_LEVEL') ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);

  const authId = value('PLIVO_AUTH_ID');
  const authToken = value('PLIVO_AUTH_TOKEN');
  if ((authId === undefined) !== (authToken === undefined)) {
    problems.push(`set both PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN, or neither (only ${authId === undefined ? 'PLIVO_AUTH_TOKEN' : 'PLIVO_AUTH_ID'} is set)`);
  }

  const fromNumber = value('PLIVO_FROM_NUMBER');
  if (fromNumber !== undefined && !/^\+?[1-9]\d{6,14}$/.test(fromNumber)) {
    problems.push(`PLIVO_FROM_NUMBER must be an E.164 number such as +14155550100, got "${fromNumber}"`);
  }

  const allowedDestinations = (value('ALLOWED_DESTINATIONS') ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const prefix of allowedDestinations) {
    if (!/^\+\d{1,14}$/.test(prefix)) problems.push(`ALLOWED_DESTINATIONS takes E.164 prefixes separated by commas (+1,+44), got "${prefix}"`);
  }

  const premiumText = value('ALLOW_PREMIUM_DESTINATIONS');
  if (premiumText !== undefined && !['true', 'false'].includes(premiumText)) {
    problems.push(`ALLOW_PREMIUM_DESTINATIONS must be true or false, got "${premiumText}"`);
  }

  const verifyText = value('PLIVO_VERIFY_SIGNATURES');
  if (verifyText !== undefined && !['true', 'false'].includes(verifyText)) {
    problems.push(`PLIVO_VERIFY_SIGNATURES must be true or false, got "${verifyText}"`);
  }
  if (verifyText === 'true' && authToken === undefined) problems.push('PLIVO_VERIFY_SIGNATURES=true needs PLIVO_AUTH_TOKEN to check signatures with');

  const limitText = value('CALLS_RATE_LIMIT') ?? '60/600';
  const limitMatch = /^(\d{1,6})\/(\d{1,7})$/.exec(limitText);
  const callsRateLimit = { burst: Number(limitMatch?.[1] ?? 0), perMinute: Number(limitMatch?.[2] ?? 0) };
  if (callsRateLimit.burst < 1 || callsRateLimit.perMinute < 1) {
    problems.push(`CALLS_RATE_LIMIT must be burst/perMinute, two whole numbers of at least 1, such as 60/600 (a burst of 60 calls, then 600 a minute), got "${limitText}"`);
  }

  const stateSecret = value('STATE_SECRET');
  if (stateSecret !== undefined && stateSecret.length < 32) problems.push('STATE_SECRET must be at least 32 characters (openssl rand -hex 32)');
  const redisUrl = value('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379');

  const eventsText = value('EVENTS') ?? 'on';
  if (!['on', 'off'].includes(eventsText)) problems.push(`EVENTS must be on or off, got "${eventsText}"`);
  const retentionText = value('EVENTS_RETENTION_DAYS') ?? '30';
  const eventsRetentionDays = Number(retentionText);
  if (!Number.isInteger(eventsRetentionDays) || eventsRetentionDays < 1 || eventsRetentionDays > 3650) {
    problems.push(`EVENTS_RETENTION_DAYS must be a whole number of days (1-3650), got "${retentionText}"`);
  }
  const dashboardToken = value('DASHBOARD_TOKEN');
  if (dashboardToken !== undefined && dashboardToken.length < 16) problems.push('DASHBOARD_TOKEN must be at least 16 characters (e.g. openssl rand -hex 24)');
  const plivoApiUrl = (value('PLIVO_API_URL') ?? 'https://api.plivo.com').replace(/\/+$/, '');
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(plivoApiUrl)) problems.push(`PLIVO_API_URL must be an absolute http(s) URL (default https://api.plivo.com), got "${plivoApiUrl}"`);
  const dncUrl = value('DNC_URL');
  if (dncUrl !== undefined && !/^https?:\/\/\S+$/.test(dncUrl)) problems.push(`DNC_URL must be an http(s) URL answering {"blocked": true|false} for ?number=+1…, got "${dncUrl}"`);

  if (problems.length > 0) throw new SettingsError(problems);
  return Object.freeze({
    port,
    host,
    publicUrl,
    ivrConfig: value('IVR_CONFIG') ?? 'ivr.yaml',
    flowsDir: value('FLOWS_DIR'),
    flowFiles: Object.freeze((value('FLOWS') ?? '').split(',').map((f) => f.trim()).filter((f) => f !== '')),
    callsRateLimit: Object.freeze(callsRateLimit),
    logLevel: logLevel as Settings['logLevel'],
    plivo: authId !== undefined && authToken !== undefined ? Object.freeze({ authId, authToken }) : undefined,
    fromNumber: fromNumber === undefined ? undefined : `+${fromNumber.replace(/^\+/, '')}`,
    callsApiToken: value('CALLS_API_TOKEN'),
    allowedDestinations: Object.freeze(allowedDestinations),
    allowPremiumDestinations: premiumText === 'true',
    verifySignatures: authToken !== undefined && verifyText !== 'false',
    stateSecret,
    dataFile: value('DATA_FILE') ?? 'data/ivr.sqlite',
    redisUrl,
    events: eventsText === 'on',
    eventsRetentionDays,
    dashboardToken,
    plivoApiUrl,
    dncFile: value('DNC_FILE'),
    dncUrl,
  });
}

/**
 * The values that must never be logged or sent back, in every form they travel in: the auth
 * token, the calls token, `base64(authId:authToken)` (HTTP Basic, which Plivo may echo in an
 * error), and a password written into PUBLIC_URL or REDIS_URL.
 */
export function secretsOf(settings: Settings): string[] {
  return secretForms({
    secrets: [settings.plivo?.authToken, settings.callsApiToken, settings.stateSecret, settings.dashboardToken, urlPassword(settings.publicUrl), settings.redisUrl === undefined ? undefined : urlPassword(settings.redisUrl)],
    basic: settings.plivo === undefined ? [] : [[settings.plivo.authId, settings.plivo.authToken]],
  });
}

function withoutCredentials(url: string): string {
  return url.replace(/^(https?:\/\/)[^/@\s]*@/, '$1[redacted]@');
}

function urlPassword(url: string): string | undefined {
  try {
    const password = decodeURIComponent(new URL(url).password);
    return password === '' ? undefined : password;
  } catch {
    return undefined;
  }
}


/** Where a browser on this machine opens the page: the listening address, or localhost when it is every interface. Pure. */
export function pageUrl(host: string | undefined, port: number): string {
  const name = host === undefined || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}/`;
}
