/**
 * Campaigns as the routes and Plivo's callbacks see them, whichever mode runs them underneath:
 * embedded (this file: SQLite + the in-process dispatcher) or Redis (redis-service.ts).
 */
import type { Logger } from '../log.js';
import type { Db } from '../store/database.js';
import { systemClock, type Clock } from './clock.js';
import { Dispatcher } from './dispatcher.js';
import type { DncList } from './dnc.js';
import type { CampaignFlows } from './flows.js';
import type { Campaign, CampaignStatus, NewCampaign, Progress, Recipient } from './model.js';
import { outcomeOfHangup } from './policy.js';
import type { RequestRules } from './request.js';
import { SqliteCampaignStore } from './sqlite-store.js';
import { hangupDocumentUrl, type CallbackIds } from './urls.js';
import type { VoiceApi } from './voice-api.js';

export interface CampaignSummary extends Campaign { progress: Progress }
export interface CampaignDetail extends CampaignSummary { recipients: Recipient[] }
export type ControlAction = 'pause' | 'resume' | 'cancel';

export interface Campaigns {
  readonly mode: 'embedded' | 'redis';
  rules(): RequestRules;
  create(campaign: NewCampaign): Promise<CampaignSummary>;
  list(): Promise<CampaignSummary[]>;
  get(id: string): Promise<CampaignDetail | undefined>;
  /** The new status, or undefined when the campaign is unknown or already over. */
  control(id: string, action: ControlAction): Promise<CampaignStatus | undefined>;
  /** Plivo's hangup callback for one attempt. */
  hangup(ids: CallbackIds, params: Readonly<Record<string, string>>): Promise<void>;
  /** Plivo's asynchronous machine-detection callback for one attempt. */
  machine(ids: CallbackIds, params: Readonly<Record<string, string>>): Promise<void>;
  /** A node of a flow was served to a call (to know where each call ended). */
  noteNode(requestUuid: string, nodeId: string): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface CampaignsDeps {
  db: Db;
  voice: VoiceApi;
  dnc: DncList;
  flows: CampaignFlows;
  publicUrl: string;
  logger: Logger;
  defaultFrom: string | undefined;
  allowedDestinations: readonly string[];
  clock?: Clock;
}

/** Which attempt a request UUID belongs to, and the last node it reached (kept in memory until the hangup). */
export class LastNodes {
  private readonly byRequest = new Map<string, { key: string; node: string | undefined }>();
  track(requestUuid: string, ids: CallbackIds): void {
    this.byRequest.set(requestUuid, { key: keyOf(ids), node: undefined });
  }
  note(requestUuid: string, nodeId: string): void {
    const entry = this.byRequest.get(requestUuid);
    if (entry !== undefined) entry.node = nodeId;
  }
  take(ids: CallbackIds, requestUuid: string | undefined): string | undefined {
    const entry = requestUuid === undefined ? undefined : this.byRequest.get(requestUuid);
    if (entry === undefined || entry.key !== keyOf(ids)) return undefined;
    if (requestUuid !== undefined) this.byRequest.delete(requestUuid);
    return entry.node;
  }
}
const keyOf = (ids: CallbackIds): string => `${ids.campaignId}/${ids.index}/${ids.attempt}`;

export function embeddedCampaigns(deps: CampaignsDeps): Campaigns & { dispatcher: Dispatcher; store: SqliteCampaignStore } {
  const clock = deps.clock ?? systemClock;
  const store = new SqliteCampaignStore(deps.db);
  const lastNodes = new LastNodes();
  const dispatcher = new Dispatcher({ store, clock, voice: deps.voice, dnc: deps.dnc, publicUrl: deps.publicUrl, answerUrlFor: deps.flows.answerUrlFor, logger: deps.logger,
    onPlaced: (ids, requestUuid) => lastNodes.track(requestUuid, ids) });
  const summary = (campaign: Campaign): CampaignSummary => ({ ...campaign, progress: store.progress(campaign.id) });
  return {
    mode: 'embedded',
    store,
    dispatcher,
    rules: () => ({ defaultFrom: deps.defaultFrom, flows: deps.flows.names(), allowedDestinations: deps.allowedDestinations }),
    async create(campaign) {
      const created = store.create(campaign, clock.now());
      deps.logger.info('campaign created', { campaignId: created.id, recipients: created.total, flow: created.flow });
      dispatcher.wake();
      return summary(created);
    },
    list: async () => store.campaigns().map(summary),
    async get(id) {
      const campaign = store.campaign(id);
      return campaign === undefined ? undefined : { ...summary(campaign), recipients: store.recipients(id) };
    },
    async control(id, action) {
      const status = store.setStatus(id, action, clock.now());
      if (status !== undefined) deps.logger.info(`campaign ${action}`, { campaignId: id, status });
      dispatcher.wake();
      return status;
    },
    async hangup(ids, params) {
      const campaign = store.campaign(ids.campaignId);
      if (campaign === undefined) return;
      const outcome = outcomeOfHangup(params, store.wasMachine(ids.campaignId, ids.index));
      const lastNode = lastNodes.take(ids, params['RequestUUID']);
      const result = store.resolve(ids.campaignId, ids.index, ids.attempt, outcome, {
        now: clock.now(), policy: campaign.policy, ...(params['CallUUID'] ? { callUuid: params['CallUUID'] } : {}), ...(lastNode ? { lastNode } : {}),
        ...(outcome === 'failed' ? { detail: `Plivo: ${params['HangupCause'] ?? 'no cause given'}` } : {}),
      });
      deps.logger.info('campaign call ended', { ...ids, outcome, result, callUuid: params['CallUUID'], hangupCause: params['HangupCause'] });
      dispatcher.wake();
    },
    async machine(ids, params) {
      const campaign = store.campaign(ids.campaignId);
      if (campaign === undefined) return;
      const isMachine = (params['Machine'] ?? '').toLowerCase() === 'true';
      const callUuid = params['CallUUID'];
      if (!store.machine(ids.campaignId, ids.index, ids.attempt, isMachine, callUuid)) return;
      const onMachine = deps.flows.flow(campaign.flow)?.onMachine;
      deps.logger.info('campaign machine detection', { ...ids, machine: isMachine, callUuid, onMachine });
      if (!isMachine || onMachine === undefined || callUuid === undefined) return;
      const recipient = store.recipient(ids.campaignId, ids.index);
      const target = onMachine === 'hangup' ? hangupDocumentUrl(deps.publicUrl) : deps.flows.nodeUrlFor(campaign.flow, onMachine, recipient?.params ?? {});
      try {
        await deps.voice.transfer(callUuid, target);
      } catch (error) {
        deps.logger.warn('campaign machine transfer failed', { ...ids, callUuid, error: (error as Error).message });
      }
    },
    noteNode: (requestUuid, nodeId) => lastNodes.note(requestUuid, nodeId),
    async start() {
      dispatcher.start();
      for (const attempt of store.attemptsInProgress()) {
        if (attempt.requestUuid !== undefined) lastNodes.track(attempt.requestUuid, { campaignId: attempt.campaignId, index: attempt.index, attempt: attempt.attempt });
      }
    },
    stop: () => dispatcher.stop(),
  };
}
