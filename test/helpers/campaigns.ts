import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { TestContext } from 'node:test';
import { createApp, createCallEvents } from '../../src/http/app.js';
import type { Clock } from '../../src/campaigns/clock.js';
import { openCampaigns } from '../../src/campaigns/open.js';
import type { Campaigns } from '../../src/campaigns/service.js';
import { startVoiceApiServer, type Callee, type VoiceApiServer } from '../../src/emulator/voice-api-server.js';
import { fixedFlow } from '../../src/flow/source.js';
import { createLogger } from '../../src/log.js';
import { readSettings, secretsOf } from '../../src/settings.js';
import { openDatabase } from '../../src/store/database.js';
import { flowFromText, ROOT } from './app.js';
import { E2E_AUTH_ID, E2E_AUTH_TOKEN } from './emulate.js';

/** A flow for campaign calls: a reminder with a confirmation key, and a voicemail for machines. */
export const REMINDER_FLOW = `
entry: reminder
onMachine: voicemail
languages:
  en: { speak: en-US }
nodes:
  reminder:
    type: menu
    prompt: "Your appointment is tomorrow. Press 1 to confirm, 2 to cancel."
    attempts: 1
    choices: { "1": confirmed, "2": cancelled }
  confirmed: { type: hangup, prompt: "Confirmed. Goodbye." }
  cancelled: { type: hangup, prompt: "Cancelled. Goodbye." }
  voicemail: { type: hangup, prompt: "This is a reminder of your appointment tomorrow. Please call us back." }
`;

export const FROM = '+14155550100';

export interface CampaignRig {
  url: string;
  plivo: VoiceApiServer;
  campaigns: Campaigns;
  logs(): Record<string, unknown>[];
  /** POST /campaigns with a JSON body; the reply parsed. */
  create(body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  get(id: string): Promise<CampaignView>;
  /** Polls GET /campaigns/:id until `done` holds (real time, at most `timeoutMs`). */
  until(id: string, done: (c: CampaignView) => boolean, timeoutMs?: number): Promise<CampaignView>;
}

export interface RecipientView { index: number; number: string; state: string; outcome?: string; attempts: number; history: string[]; lastNode?: string; detail?: string; nextAt?: string }
export interface CampaignView { id: string; status: string; progress: { total: number; byState: Record<string, number>; byOutcome: Record<string, number> }; recipients: RecipientView[] }

export interface RigOptions {
  callee: (to: string) => Callee;
  clock?: Clock;
  env?: Record<string, string>;
  flow?: string;
  /** The stand-in's CPS; default high, so it is our pace that is measured. */
  plivoCps?: number;
  transferWaitMs?: number;
  /** Share another rig's stand-in (two instances against one Plivo). */
  plivo?: VoiceApiServer;
}

/** The real app with campaigns (in-memory SQLite) and Plivo's Voice API stand-in, both on loopback ports. */
export async function campaignRig(t: TestContext, options: RigOptions): Promise<CampaignRig> {
  const plivo = options.plivo ?? await startVoiceApiServer({ authId: E2E_AUTH_ID, authToken: E2E_AUTH_TOKEN, callee: options.callee, cps: options.plivoCps ?? 1000, ringMs: 5, transferWaitMs: options.transferWaitMs ?? 2000 });
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const settings = readSettings({ PUBLIC_URL: url, LOG_LEVEL: 'debug', PLIVO_AUTH_ID: E2E_AUTH_ID, PLIVO_AUTH_TOKEN: E2E_AUTH_TOKEN, PLIVO_API_URL: plivo.url, PLIVO_FROM_NUMBER: FROM, ...options.env });
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const logger = createLogger({ level: 'debug', secrets: secretsOf(settings), stream });
  const flows = fixedFlow(flowFromText(options.flow ?? REMINDER_FLOW));
  const db = openDatabase(':memory:');
  const campaigns = openCampaigns({ settings, flows, logger, db, ...(options.clock ? { clock: options.clock } : {}) });
  const events = createCallEvents({ settings: { ...settings, dataFile: ':memory:' }, logger, flows });
  const app = createApp({ flows, settings, logger, audioDir: resolve(ROOT, 'audio'), campaigns, events });
  server.on('request', app.callback());
  await campaigns.start();
  t.after(async () => {
    await campaigns.stop();
    if (options.plivo === undefined) {
      await plivo.settled();
      await plivo.close();
    }
    await new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); });
    db.close();
    await events.close();
  });
  const get = async (id: string): Promise<CampaignView> => (await (await fetch(`${url}/campaigns/${id}`)).json()) as CampaignView;
  return {
    url,
    plivo,
    campaigns,
    logs: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    async create(body) {
      const response = await fetch(`${url}/campaigns`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    },
    get,
    async until(id, done, timeoutMs = 8000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const campaign = await get(id);
        if (done(campaign)) return campaign;
        if (Date.now() > deadline) throw new Error(`campaign ${id} did not get there in ${timeoutMs} ms: ${JSON.stringify(campaign.progress)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** Numbers +1 415 555 01xx, valid for libphonenumber. */
export const number = (i: number): string => `+1415555${String(100 + i).padStart(4, '0')}`;
export const allFinal = (c: CampaignView): boolean => c.recipients.every((r) => r.state === 'done' || r.state === 'held');
