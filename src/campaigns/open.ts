/**
 * Builds the campaigns a server runs from its settings: embedded (the data file) by default,
 * Redis (BullMQ) with REDIS_URL.
 */
import type { FlowSource } from '../flow/source.js';
import type { Logger } from '../log.js';
import type { Settings } from '../settings.js';
import { openDatabase, type Db } from '../store/database.js';
import type { Clock } from './clock.js';
import { createDncList } from './dnc.js';
import { campaignFlows } from './flows.js';
import { redisCampaigns } from './redis-service.js';
import { embeddedCampaigns, type Campaigns } from './service.js';
import { createVoiceApi } from './voice-api.js';

export interface OpenCampaignsOptions {
  settings: Settings;
  flows: FlowSource;
  logger: Logger;
  /** The database (default: settings.dataFile opened here). */
  db?: Db;
  clock?: Clock;
}

export function openCampaigns(options: OpenCampaignsOptions): Campaigns {
  const { settings, logger } = options;
  const common = {
    voice: createVoiceApi({ plivo: settings.plivo, baseUrl: settings.plivoApiUrl }),
    dnc: createDncList({ file: settings.dncFile, url: settings.dncUrl }),
    flows: campaignFlows(settings.publicUrl, options.flows),
    publicUrl: settings.publicUrl,
    logger,
    defaultFrom: settings.fromNumber,
    allowedDestinations: settings.allowedDestinations,
    ...(options.clock ? { clock: options.clock } : {}),
  };
  if (settings.redisUrl !== undefined) return redisCampaigns({ ...common, redisUrl: settings.redisUrl });
  return embeddedCampaigns({ ...common, db: options.db ?? openDatabase(settings.dataFile) });
}
