import type { CampaignsDeps, Campaigns } from './service.js';
export function redisCampaigns(_deps: Omit<CampaignsDeps, 'db'> & { redisUrl: string }): Campaigns {
  throw new Error('not yet');
}
