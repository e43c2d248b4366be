/**
 * `npm run call -- +14155550100 [--from +14155550111]`: places one call the way POST /calls
 * does (same checks, same Plivo request), with settings from the environment. Prints the
 * request UUID on success; prints the error and exits 1 otherwise (2 for a usage mistake).
 * The server must be running at PUBLIC_URL for the call to hear the flow.
 */
import { formatProblems } from './flow/format.js';
import { loadFlowFile } from './flow/load.js';
import { callUrls, createOutboundCalls, readCallRequest } from './plivo/outbound.js';
import { readSettings, SettingsError, type Settings } from './settings.js';

const USAGE = 'usage: npm run call -- <to> [--from <number>]   e.g. npm run call -- +14155550100';

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
    const request = readCallRequest(parsed, {
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
    const urls = callUrls(settings.publicUrl, loaded.flow.entry);
    const placed = await outbound.place({ ...request, ...urls });
    process.stdout.write(`call placed: request UUID ${placed.requestUuid}\n  to ${request.to} from ${request.from}, answered at ${urls.answerUrl}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

/** `<to> [--from <number>]` → the same body POST /calls takes, or what is wrong with the arguments. */
function parseArgs(args: readonly string[]): { to: string; from?: string } | string {
  const rest = [...args];
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
  return from === undefined ? { to } : { to, from };
}

process.exitCode = await main(process.argv.slice(2));
