/**
 * `npm run call -- +14155550100 [--from +14155550111]`: places one call the way POST /calls
 * does (same checks, same Plivo request), with settings from the environment. Prints the
 * request UUID on success; prints the error and exits 1 otherwise (2 for a usage mistake).
 * The server must be running at PUBLIC_URL for the call to hear the flow.
 */
import { flowBaseUrl, namedFlowFiles, UnknownFlow } from '../flow/catalog.js';
import { formatProblems } from '../flow/format.js';
import { loadFlowFile } from '../flow/load.js';
import { callParams, callUrls, createOutboundCalls, readCallRequest } from '../plivo/outbound.js';
import { readSettings, SettingsError } from '../settings.js';
import { readArgs, runCli, UsageError } from './args.js';

const USAGE = `usage: npm run call -- TO [--from NUMBER] [--flow NAME] [--param NAME=VALUE]…      e.g. npm run call -- +14155550100

  TO                  the number to call, E.164 (+ country code and number)
  --from NUMBER       the caller ID (default: $PLIVO_FROM_NUMBER), a number on your Plivo account
  --flow NAME         run the named flow NAME (a file of FLOWS_DIR or FLOWS) instead of IVR_CONFIG
  --param NAME=VALUE  a param of the call, as the flow declares under params: (repeat for several)
  -h, --help      this text

Needs PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and PLIVO_FROM_NUMBER (or --from) in the environment, and
PUBLIC_URL where Plivo reaches the running server. Exit code 0 placed, 1 not placed, 2 usage.`;

async function main(): Promise<number> {
  const { values, positionals } = readArgs(USAGE, { from: { type: 'string' }, flow: { type: 'string' }, param: { type: 'string', multiple: true } }, { maxPositionals: 1 });
  const to = positionals[0];
  if (to === undefined) throw new UsageError('which number should be called? give it in E.164, e.g. +14155550100');
  const settings = readSettings(process.env);
  const outbound = createOutboundCalls({ plivo: settings.plivo });
  const request = readCallRequest(values.from === undefined ? { to } : { to, from: values.from }, {
    defaultFrom: settings.fromNumber,
    allowedDestinations: settings.allowedDestinations,
    allowPremium: settings.allowPremiumDestinations,
    missingSettings: outbound.missingSettings(),
    fromOption: '--from <number>',
  });
  const flowName = values.flow;
  let flowFile = settings.ivrConfig;
  if (flowName !== undefined) {
    const named = namedFlowFiles(settings);
    const found = named.find((flow) => flow.name === flowName);
    if (found === undefined) throw new UnknownFlow(flowName, named.map((flow) => flow.name));
    flowFile = found.file;
  }
  const loaded = loadFlowFile(flowFile, process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems)}\n${flowFile} does not load: no call placed\n`);
    return 1;
  }
  if (/^https?:\/\/(localhost|127\.|\[::1\])/.test(settings.publicUrl)) {
    process.stderr.write(`warning: PUBLIC_URL is ${settings.publicUrl}, which Plivo cannot reach; set it to your ngrok URL\n`);
  }
  const given: Record<string, string> = {};
  for (const pair of values.param ?? []) {
    const equals = pair.indexOf('=');
    if (equals < 1) throw new UsageError(`--param takes name=value, got "${pair}"`);
    given[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  const params = callParams({ params: given }, loaded.flow.data.params);
  const urls = callUrls(flowBaseUrl(settings.publicUrl, flowName), loaded.flow.entry, params);
  const placed = await outbound.place({ ...request, ...urls });
  process.stdout.write(`call placed: request UUID ${placed.requestUuid}\n  to ${request.to} from ${request.from}, answered at ${urls.answerUrl}\n`);
  return 0;
}

runCli('call', USAGE, main, (error) => {
  if (error instanceof SettingsError) return error.message;
  return error instanceof Error ? `error: ${error.message}` : undefined;
});
