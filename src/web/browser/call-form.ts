/** "Place a real call": POST /calls with the number (and the API token), the answer in plain words. */
import type { FlowView } from '../flow-view.js';
import { byId, showText } from './dom.js';

interface CallsAnswer { requestUuid?: string; to?: string; from?: string; error?: string; detail?: string }

/** What each refusal means for the person at the form. */
const HEADLINES: Readonly<Record<number, string>> = {
  400: 'Check the number',
  401: 'The API token is missing or wrong',
  403: 'Not allowed',
  415: 'The request was not understood',
  422: 'Plivo refused the call',
  502: 'Plivo answered with an error',
  503: 'Plivo is not configured on this server',
  504: 'Plivo did not answer in time (the call may still have been placed)',
};

export function setUpCallForm(): { update(view: FlowView): void } {
  const form = byId('call-form', HTMLFormElement);
  const to = byId('call-to', HTMLInputElement);
  const token = byId('call-token', HTMLInputElement);
  const submit = byId('call-submit', HTMLButtonElement);
  const result = byId('call-result', HTMLElement);
  const missing = byId('plivo-missing', HTMLElement);
  const tokenNeed = byId('token-need', HTMLElement);

  let latest: FlowView | undefined;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    say('', 'Placing the call…');
    void place(to.value.trim(), token.value.trim(), latest)
      .then(([kind, headline, detail]) => say(kind, headline, detail))
      .finally(() => {
        submit.disabled = false;
      });
  });

  function say(kind: '' | 'ok' | 'bad', headline: string, detail = ''): void {
    result.className = `result ${kind}`;
    const lines = [headline, detail].filter((line) => line !== '').map((line) => {
      const p = document.createElement('p');
      p.textContent = line;
      return p;
    });
    result.replaceChildren(...lines);
  }

  return {
    update(view) {
      latest = view;
      showText(
        missing,
        view.plivoConfigured
          ? ''
          : `Plivo is not configured here: set ${view.plivoMissing.join(', ')} on the server and restart it. The browser phone works without them.`,
      );
      tokenNeed.textContent = view.callsTokenRequired ? '(required: the server’s CALLS_API_TOKEN)' : '(not needed from this machine)';
    },
  };
}

async function place(to: string, token: string, view: FlowView | undefined): Promise<['ok' | 'bad', string, string]> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (token !== '') headers['Authorization'] = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch('/calls', { method: 'POST', headers, body: JSON.stringify({ to }) });
  } catch {
    return ['bad', 'The server did not answer', 'Is it still running? Try again.'];
  }
  const answer = (await response.json().catch(() => ({}))) as CallsAnswer;
  if (response.ok) {
    return ['ok', `Calling ${answer.to ?? to} from ${answer.from ?? 'your Plivo number'}: the phone should ring soon.`, `Plivo request ${answer.requestUuid ?? '(no id)'}.`];
  }
  const headline = HEADLINES[response.status] ?? `The call was not placed (HTTP ${response.status})`;
  // The API's own advice may name a request field this form does not have: say what to do here.
  if (response.status === 503 && view !== undefined && view.plivoMissing.length > 0) {
    return ['bad', `${headline}.`, `Set ${view.plivoMissing.join(', ')} on the server and restart it.`];
  }
  return ['bad', `${headline}.`, answer.detail ?? answer.error ?? ''];
}
