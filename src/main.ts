/**
 * The process: read settings, load the flow, serve. The only file that reads process.env
 * or exits. A broken environment or ivr.yaml stops it before it listens.
 */
import { formatProblems, summarizeFlow } from './flow/format.js';
import type { FlowFileStore } from './flow/watch.js';
import { FlowError, startServer, type RunningServer } from './http/server.js';
import { openCampaigns } from './campaigns/open.js';
import { createLogger } from './log.js';
import { pageUrl, readSettings, secretsOf, SettingsError, type Settings } from './settings.js';

async function start(): Promise<void> {
  let settings: Settings;
  try {
    settings = readSettings(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof SettingsError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: settings.logLevel, secrets: secretsOf(settings) });
  if (settings.callsApiToken === undefined) {
    logger.warn('CALLS_API_TOKEN is not set: POST /calls only accepts clients on this machine (loopback); set it to place calls from elsewhere');
  }
  if (!settings.verifySignatures) {
    const why = settings.plivo === undefined ? 'PLIVO_AUTH_TOKEN is not set' : 'PLIVO_VERIFY_SIGNATURES=false';
    logger.warn(`webhook signatures are NOT checked (${why}): anyone who can reach this server can drive its webhooks; set PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN before publishing it`);
  }

  let serving: RunningServer<FlowFileStore>;
  try {
    serving = await startServer({ settings, logger, flows: { file: settings.ivrConfig, env: process.env, watch: true }, campaigns: (flows, served) => openCampaigns({ settings: served, flows, logger }), ...(settings.host === undefined ? {} : { host: settings.host }) });
  } catch (error) {
    if (!(error instanceof FlowError)) throw error;
    const count = error.message.split('\n').length; // the report: one line a problem
    process.stderr.write(`${error.message}\n${count} problem(s): the server did not start.\n`);
    process.exit(1);
  }
  const { flow, warnings } = serving.flows.status();
  if (warnings.length > 0) process.stderr.write(`${formatProblems(warnings)}\n`);
  const address = serving.server.address();
  logger.info('listening', {
    // The page at / (the browser phone, the diagram): what to open first.
    page: pageUrl(settings.host, serving.port),
    // Live calls, call history, drop-off (only for this machine, or with DASHBOARD_TOKEN).
    dashboard: new URL('/dashboard', pageUrl(settings.host, serving.port)).href,
    address: typeof address === 'object' && address !== null ? address.address : undefined,
    port: serving.port,
    publicUrl: settings.publicUrl,
    answerUrl: `${settings.publicUrl}/node/${flow.entry}`,
    flow: summarizeFlow(flow),
    watching: settings.ivrConfig,
  });

  // SIGTERM (Docker, systemd, Kubernetes): finish the calls' requests in flight, then exit 0.
  const stop = async (signal: string): Promise<void> => {
    logger.info('stopping', { signal });
    await serving.stop();
    logger.info('stopped', { signal });
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

await start();
