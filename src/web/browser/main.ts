/**
 * The page's script: keeps the page in step with the flow the server serves (polling
 * /api/flow), and runs browser calls through the emulator against the real webhooks.
 */
import { formatTime, runCall, type DialOutcome, type TranscriptEvent } from '../../emulator/index.js';
import { intentOf, matchPhrase } from '../../speech/index.js';
import type { FlowView, NodeView, SpeechView } from '../flow-view.js';
import { narrator } from '../narrate.js';
import { setUpCallForm } from './call-form.js';
import { DiagramView, nodeOfUrl } from './diagram-view.js';
import { all, byId, showText } from './dom.js';
import { MediaQueue } from './media.js';
import { BrowserCaller, HungUp } from './phone.js';

const POLL_MS = 2000;
/** Numbers the browser call comes from and goes to (Plivo sends them to the webhooks). */
const FROM = '+14155550111';
const TO = '+14155550122';

const diagram = new DiagramView(byId('diagram', HTMLElement));
const callForm = setUpCallForm();
const summary = byId('flow-summary', HTMLElement);
const problems = byId('problems', HTMLElement);
const problemList = byId('problem-list', HTMLElement);
const phoneOff = byId('phone-off', HTMLElement);
const callButton = byId('call-button', HTMLButtonElement);
const hangupButton = byId('hangup-button', HTMLButtonElement);
const transcript = byId('transcript', HTMLOListElement);
const saying = byId('phone-saying', HTMLElement);
const speakToggle = byId('speak-toggle', HTMLInputElement);
const clock = byId('clock', HTMLInputElement);
const clockZone = byId('clock-zone', HTMLElement);
const media = new MediaQueue(byId('player', HTMLAudioElement), () => speakToggle.checked);

const flowPick = byId('flow-pick', HTMLElement);
const flowChoice = byId('flow-choice', HTMLSelectElement);

let view: FlowView | undefined;
let caller: BrowserCaller | undefined;
/** The named flow the page shows (the page's `?flow=`), '' for the default flow. */
let chosen = new URLSearchParams(location.search).get('flow') ?? '';

/** Fetch the server's view of the chosen flow; redraw what changed. */
async function refresh(): Promise<void> {
  let next: FlowView;
  const asked = chosen;
  try {
    const response = await fetch(`/api/flow${asked === '' ? '' : `?flow=${encodeURIComponent(asked)}`}`, { cache: 'no-store' });
    // A flow that is no longer served (the server restarted without it): back to the default one.
    if (response.status === 404 && asked !== '') {
      choose('');
      return;
    }
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    next = (await response.json()) as FlowView;
  } catch (error) {
    summary.textContent = `The server does not answer (${error instanceof Error ? error.message : String(error)}); retrying…`;
    return;
  }
  if (asked !== chosen) return; // the user chose another flow meanwhile
  view = next;
  showFlowChoice(next);
  const loaded = next.loadedAt.startsWith('1970') ? '' : `, loaded ${new Date(next.loadedAt).toLocaleTimeString()}`;
  summary.textContent = `${next.file}: ${next.nodes.length} nodes, languages ${next.languages.map((l) => l.id).join(', ')}, entry “${next.entry}” (version ${next.version}${loaded})`;
  clockZone.textContent = next.timezone;
  problems.hidden = next.problems.length === 0;
  problemList.textContent = next.problems.join('\n');
  showText(
    phoneOff,
    next.verifySignatures
      ? 'The browser phone is off: this server checks Plivo’s signature on every webhook, and the browser must never get the auth token. Set PLIVO_VERIFY_SIGNATURES=false for local testing (and restart).'
      : '',
  );
  if (caller === undefined) callButton.disabled = next.verifySignatures;
  callForm.update(next);
  await diagram.load(next.version, next.flow).catch((error: unknown) => {
    byId('diagram', HTMLElement).textContent = error instanceof Error ? error.message : String(error);
  });
}

/** The flow chooser, shown when the server serves named flows besides its default one. */
function showFlowChoice(next: FlowView): void {
  flowPick.hidden = next.flows.length === 0;
  const values = ['', ...next.flows];
  const shown = Array.from(flowChoice.options).map((option) => option.value);
  if (shown.join('\n') !== values.join('\n')) {
    flowChoice.replaceChildren(...values.map((value) => new Option(value === '' ? 'default (IVR_CONFIG)' : value, value)));
  }
  flowChoice.value = next.flow ?? '';
  flowChoice.disabled = caller !== undefined;
}

function choose(name: string): void {
  chosen = name;
  const url = new URL(location.href);
  if (name === '') url.searchParams.delete('flow');
  else url.searchParams.set('flow', name);
  history.replaceState(null, '', url);
  void refresh();
}

flowChoice.addEventListener('change', () => choose(flowChoice.value));

/** One browser call, from the Call button to the hang-up. */
async function call(current: FlowView): Promise<void> {
  const here = location.origin;
  // The server writes PUBLIC_URL into its XML (an ngrok address, say); the browser asks its own origin.
  const local = (url: string): string => (url.startsWith(current.publicUrl) ? here + url.slice(current.publicUrl.length) : url);
  const shown = (text: string): string => text.split(current.publicUrl).join('').split(here).join('');
  const phone = new BrowserCaller({ heard: () => media.drained(), interrupt: () => media.interrupt() });
  caller = phone;
  flowChoice.disabled = true;
  callButton.disabled = true;
  hangupButton.disabled = false;
  transcript.replaceChildren();
  diagram.reset();
  phone.setState('Calling…');
  // The clock control: the server reads X-Ivr-Clock (a time in the flow's zone) only when it does not check signatures, as for this phone.
  const at = clock.value;
  const fetchHere: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    if (at !== '') headers.set('X-Ivr-Clock', at);
    return fetch(typeof input === 'string' ? local(input) : input instanceof URL ? local(input.href) : input, { ...init, headers });
  };

  const describe = narrator(current);
  const onEvent = (event: TranscriptEvent): void => {
    // The emulator runs ahead on its virtual clock; the transcript, like the screen and the
    // diagram, follows what the caller hears: each line appears when its turn in the queue comes.
    const text = shown(describe(event));
    media.add(() => addLine(event, text));
    const next = nextNode(current, event);
    if (next !== undefined) media.add(() => diagram.show(next));
    if (event.type === 'speak') {
      media.add(async () => {
        saying.lang = event.language;
        saying.textContent = event.text;
        await media.speak(event.text, event.language);
      });
    } else if (event.type === 'play' && event.ok) {
      media.add(async () => {
        saying.removeAttribute('lang');
        saying.textContent = `♪ ${shown(event.url)}`;
        await media.play(local(event.url));
      });
    }
  };

  try {
    // The flow's own hangup URL beside its nodes: /hangup, or /flows/<name>/hangup.
    const hangupUrl = here + current.answerPath.replace(/\/node\/[^/]*$/, '/hangup');
    const result = await runCall({ answerUrl: here + current.answerPath, hangupUrl, from: FROM, to: TO, caller: phone, onEvent, fetch: fetchHere });
    media.add(() => phone.setState(result.events.some((e) => e.type === 'error' && e.message.includes(new HungUp().message)) ? 'You hung up' : `Call ended (${result.outcome}, ${formatTime(result.durationMs)})`));
  } finally {
    hangupButton.disabled = true;
    await media.drained();
    if (caller === phone) caller = undefined;
    flowChoice.disabled = false;
    callButton.disabled = view?.verifySignatures ?? false;
  }
}

/** Plivo's DialStatus → the dial outcome it reports. */
const DIAL_STATUS: Readonly<Record<string, string>> = { completed: 'answered', 'no-answer': 'no-answer', busy: 'busy', failed: 'failed' };

/**
 * The node the call moves to with `event` (null: the end), or undefined when this event does
 * not say. The answer and Redirects name their node in the URL; an action URL names the node
 * that asked, so the node that answers is found through that node's routes (the key pressed,
 * the digits typed, the dial's outcome, a recording).
 */
function nextNode(current: FlowView, event: TranscriptEvent): string | null | undefined {
  if (event.type === 'hangup') return null;
  if (event.type !== 'request') return undefined;
  const id = nodeOfUrl(event.url);
  if (event.purpose === 'answer' || event.purpose === 'redirect') return id ?? undefined;
  if (event.purpose !== 'action') return undefined;
  const node = current.nodes.find((n) => n.id === id);
  const routes = node?.routes ?? {};
  const { Digits: digits, DialStatus: dialStatus, RecordUrl: recordUrl } = event.params;
  if (event.params['InputType'] === 'speech' && node?.speech !== undefined) return spokenRoute(current, node, node.speech, event);
  if (dialStatus !== undefined) return routes[DIAL_STATUS[dialStatus] ?? 'failed'];
  if (recordUrl !== undefined) return routes['recorded'];
  if (digits !== undefined) return routes[digits] ?? routes['input'];
  return undefined;
}

/**
 * Where words said at a node that listens lead, judged as the server judges them (the same
 * matching code): a phrase's key, an intent, `input` for digits; undefined when the server
 * will ask again (too faint, nothing matched), so the node stays lit.
 */
function spokenRoute(current: FlowView, node: NodeView, speech: SpeechView, event: Extract<TranscriptEvent, { type: 'request' }>): string | null | undefined {
  const text = event.params['Speech'] ?? '';
  if (Number(event.params['SpeechConfidenceScore'] ?? '0') < speech.minConfidence) return undefined;
  const language = new URL(event.url).searchParams.get('lang');
  const languages = language !== null ? [language] : current.languages.map((l) => l.id);
  const choices = speech.options.map((option) => ({ key: option.on, phrases: option.say }));
  switch (speech.match) {
    case 'phrases': {
      const match = matchPhrase(text, choices, languages);
      return match.kind === 'match' ? node.routes[match.key] : undefined;
    }
    case 'intents': {
      const match = intentOf(text, choices.map((c) => ({ name: c.key, keywords: c.phrases })), languages);
      return match.kind === 'intent' ? node.routes[match.name] : node.routes['otherwise'];
    }
    case 'digits':
      return node.routes['input'];
  }
}

function addLine(event: TranscriptEvent, text: string): void {
  const item = document.createElement('li');
  item.className = event.type;
  const time = document.createElement('time');
  time.textContent = formatTime(event.at);
  item.append(time, text);
  if (event.type === 'speak' || event.type === 'speech') item.lang = event.language;
  // Scroll the transcript's own box, never the page: the phone and the diagram stay where they are.
  const atBottom = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 40;
  transcript.append(item);
  if (atBottom) transcript.scrollTop = transcript.scrollHeight;
}

function press(key: string): void {
  const button = document.querySelector<HTMLButtonElement>(`.keypad button[data-key="${key}"]`);
  if (button === null || button.disabled) return;
  button.classList.add('pressed');
  setTimeout(() => button.classList.remove('pressed'), 150);
  caller?.press(key);
}

callButton.addEventListener('click', () => {
  if (view === undefined || caller !== undefined) return;
  void call(view);
});
hangupButton.disabled = true;
hangupButton.addEventListener('click', () => {
  media.stop();
  caller?.hangUp();
});
byId('silent-button', HTMLButtonElement).addEventListener('click', () => caller?.staySilent());
const sayText = byId('say-text', HTMLInputElement);
byId('say-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  caller?.say(sayText.value);
});
byId('mic-button', HTMLButtonElement).addEventListener('click', () => caller?.speakIntoMicrophone());
for (const button of all(document, '.keypad button', HTMLButtonElement)) {
  button.addEventListener('click', () => press(button.dataset['key'] ?? ''));
}
for (const button of all(document, '#dial-panel button', HTMLButtonElement)) {
  button.addEventListener('click', () => caller?.dialOutcome(button.dataset['outcome'] as DialOutcome));
}
document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
  if (/^[0-9*#]$/.test(event.key)) {
    event.preventDefault();
    press(event.key);
  }
});
// Voices load asynchronously in some browsers: ask early so they are there at the first prompt.
globalThis.speechSynthesis?.getVoices();

void refresh();
setInterval(() => void refresh(), POLL_MS);
window.addEventListener('focus', () => void refresh());
