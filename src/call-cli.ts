/**
 * `npm run call -- +14155550100 [--from +14155550111]`: places one call the way POST /calls
 * does (same checks, same Plivo request), with settings from the environment. Prints the
 * request UUID on success; prints the error and exits 1 otherwise (2 for a usage mistake).
 * The server must be running at PUBLIC_URL for the call to hear the flow.
 */
import { formatProblems } from './flow/format.js';
import { loadFlowFile } from './flow/load.js';
import { callParams, callUrls, createOutboundCalls, readCallRequest } from './plivo/outbound.js';
import { readSettings, SettingsError, type Settings } from './settings.js';

const USAGE = 'usage: npm run call -- <to> [--from <number>] [--param name=value]…   e.g. npm run call -- +14155550100 --param name=Ana';

async function main(args: readonly string[]): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    process.stderr.write(`${parsed}\n${USAGE}\n`);
    return 2;
  }
  let settings: Settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof SettingsError ? error.message : String(error)}\n`);
    return 1;
  }
  try {
    const outbound = createOutboundCalls({ plivo: settings.plivo });
    const request = readCallRequest({ to: parsed.to, ...(parsed.from === undefined ? {} : { from: parsed.from }) }, {
      defaultFrom: settings.fromNumber,
      allowedDestinations: settings.allowedDestinations,
      allowPremium: settings.allowPremiumDestinations,
      missingSettings: outbound.missingSettings(),
    });
    const loaded = loadFlowFile(settings.ivrConfig, process.env);
    if (!loaded.ok) {
      process.stderr.write(`${formatProblems(loaded.problems)}\n${settings.ivrConfig} does not load: no call placed\n`);
      return 1;
    }
    if (/^https?:\/\/(localhost|127\.|\[::1\])/.test(settings.publicUrl)) {
      process.stderr.write(`warning: PUBLIC_URL is ${settings.publicUrl}, which Plivo cannot reach; set it to your ngrok URL\n`);
    }
    const params = callParams({ params: parsed.params }, loaded.flow.data.params);
    const urls = callUrls(settings.publicUrl, loaded.flow.entry, params);
    const placed = await outbound.place({ ...request, ...urls });
    process.stdout.write(`call placed: request UUID ${placed.requestUuid}\n  to ${request.to} from ${request.from}, answered at ${urls.answerUrl}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `<to> [--from <number>] [--param name=value]…` → the same body POST /calls takes, or what is wrong with the arguments. */
function parseArgs(args: readonly string[]): { to: string; from?: string; params: Record<string, string> } | string {
  const rest = [...args];
  const params: Record<string, string> = {};
  for (let at = rest.indexOf('--param'); at !== -1; at = rest.indexOf('--param')) {
    const pair = rest[at + 1];
    const equals = pair?.indexOf('=') ?? -1;
    if (pair === undefined || equals < 1) return '--param needs name=value';
    params[pair.slice(0, equals)] = pair.slice(equals + 1);
    rest.splice(at, 2);
  }
  let from: string | undefined;
  const flag = rest.indexOf('--from');
  if (flag !== -1) {
    from = rest[flag + 1];
    if (from === undefined) return '--from needs a number';
    rest.splice(flag, 2);
  }
  const [to, ...extra] = rest;
  if (to === undefined || to === '--help' || to === '-h') return 'which number should be called?';
  if (extra.length > 0) return `unexpected argument${extra.length > 1 ? 's' : ''}: ${extra.join(' ')}`;
  return from === undefined ? { to, params } : { to, from, params };
}

process.exitCode = await main(process.argv.slice(2));
