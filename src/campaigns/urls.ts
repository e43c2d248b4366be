/** The URLs Plivo calls back for a campaign call: they name the campaign, the recipient and the attempt. */

export interface CallbackIds { campaignId: string; index: number; attempt: number }

export function callbackUrls(publicUrl: string, ids: CallbackIds): { hangupUrl: string; machineDetectionUrl: string } {
  const base = `${publicUrl}/campaign-calls/${encodeURIComponent(ids.campaignId)}/${ids.index}/${ids.attempt}`;
  return { hangupUrl: `${base}/hangup`, machineDetectionUrl: `${base}/machine` };
}

/** Where a machine is transferred when the flow says `onMachine: hangup`: a document that hangs up. */
export function hangupDocumentUrl(publicUrl: string): string {
  return `${publicUrl}/campaign-calls/hangup-now`;
}

const CAMPAIGN_ID = /^c[0-9a-f]{16}$/;

/** The route parameters as ids, or undefined when they are not ours. */
export function readCallbackIds(params: Readonly<Record<string, string | undefined>>): CallbackIds | undefined {
  const campaignId = params['campaign'] ?? '';
  const index = Number(params['index']);
  const attempt = Number(params['attempt']);
  if (!CAMPAIGN_ID.test(campaignId) || !Number.isSafeInteger(index) || index < 0 || !Number.isSafeInteger(attempt) || attempt < 1) return undefined;
  return { campaignId, index, attempt };
}
