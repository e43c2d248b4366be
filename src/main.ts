/**
 * The process: read settings, load the flow, serve. The only file that reads process.env,
 * listens, or exits. A broken environment or ivr.yaml stops it before it listens.
 */
import { dirname, resolve } from 'node:path';
import { createApp } from './app.js';
import { formatProblems, summarizeFlow } from './flow/format.js';
import { loadFlowFile } from './flow/load.js';
import { fixedFlow } from './flow/store.js';
import { createLogger } from './log.js';
import { readSettings, secretsOf, SettingsError, type Settings } from './settings.js';

function start(): void {
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

  const loaded = loadFlowFile(settings.ivrConfig, process.env);
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems)}\n${loaded.problems.length} problem(s): the server did not start.\n`);
    process.exit(1);
  }
  if (loaded.warnings.length > 0) process.stderr.write(`${formatProblems(loaded.warnings)}\n`);

  const audioDir = resolve(dirname(resolve(settings.ivrConfig)), 'audio');
  const app = createApp({ flows: fixedFlow(loaded.flow), settings, logger, audioDir });
  const server = app.listen(settings.port, () => {
    const flow = loaded.flow;
    logger.info('listening', { port: settings.port, publicUrl: settings.publicUrl, answerUrl: `${settings.publicUrl}/node/${flow.entry}`, flow: summarizeFlow(flow) });
  });

  const stop = (signal: string): void => {
    logger.info('stopping', { signal });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

start();
