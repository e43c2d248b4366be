/**
 * The call dashboard (/dashboard): live calls pushed by the server (Server-Sent Events), one
 * call's story on demand, and the drop-off report drawn on the flow's diagram. Everything it
 * shows comes from the guarded /api/calls… and /api/dropoff routes.
 */
import type { Dropoff, NodeDropoff } from '../../events/dropoff.js';
import type { LiveCall } from '../../events/live.js';
import type { CallEvent, WebhookEvent } from '../../events/types.js';
import { byId } from './dom.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const DAY_MS = 24 * 60 * 60_000;

const streamState = byId('stream-state', HTMLElement);
const access = byId('access', HTMLElement);
const liveBox = byId('live-calls', HTMLElement);
const liveEmpty = byId('live-empty', HTMLElement);
const liveCount = byId('live-count', HTMLElement);

let template: SVGSVGElement | undefined;
let templateVersion = '';
const live = new Map<string, LiveCall>();
let source: EventSource | undefined;

/** The flow's diagram, fetched once per flow version; each card and the drop-off view clone it. */
async function loadDiagram(): Promise<void> {
  const view = (await (await fetch('/api/flow', { cache: 'no-store' })).json()) as { version: string };
  if (view.version === templateVersion && template !== undefined) return;
  const response = await fetch('/api/flow.svg', { cache: 'no-cache' });
  const svg = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement;
  if (svg.nodeName !== 'svg') throw new Error('the diagram is not an SVG');
  template = document.importNode(svg, true) as unknown as SVGSVGElement;
  templateVersion = view.version;
}

function diagramCopy(): SVGSVGElement | undefined {
  if (template === undefined) return undefined;
  const copy = template.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('aria-hidden', 'true');
  return copy;
}

/** The edges of the diagram by their title (`n:main->n:pin`), which Graphviz writes for every edge. */
function edgesByTitle(svg: SVGSVGElement): Map<string, SVGGElement[]> {
  const edges = new Map<string, SVGGElement[]>();
  for (const g of Array.from(svg.querySelectorAll<SVGGElement>('g.edge'))) {
    const title = g.querySelector('title')?.textContent ?? '';
    edges.set(title, [...(edges.get(title) ?? []), g]);
  }
  return edges;
}

/**
 * The arrow(s) for `title`: with `key` (a menu's choice), the one whose label starts with that
 * key, as two keys may lead to the same node; otherwise all of them.
 */
function pickEdges(edges: Map<string, SVGGElement[]>, title: string, key?: string): SVGGElement[] {
  const all = edges.get(title) ?? [];
  if (key === undefined || all.length < 2) return all;
  const keyed = all.filter((g) => (g.querySelector('text')?.textContent ?? '').trim().split(/\s+/)[0] === key);
  return keyed.length > 0 ? keyed : all;
}

const dot = (node: string | undefined): string => (node === undefined ? 'end' : `n:${node}`);
const nodeElement = (svg: SVGSVGElement, node: string | undefined): Element | null =>
  svg.querySelector(node === undefined ? '#flow-end' : `#${CSS.escape(`flow-node-${node}`)}`);

/** The arrows a call went along, as edge titles (with the key pressed, for a menu's choice). */
function pathOf(events: readonly CallEvent[]): { title: string; key?: string }[] {
  const steps = events.filter((e): e is WebhookEvent => e.kind === 'webhook');
  const titles: { title: string; key?: string }[] = [];
  const push = (title: string, key?: string): void => { titles.push(key === undefined ? { title } : { title, key }); };
  if (steps[0] !== undefined) push(`start->${dot(steps[0].node)}`);
  let previous: string | undefined;
  for (const step of steps) {
    const d = step.decision;
    // A say or play node goes on by itself: the next request arrives at another node.
    if (d.kind === 'enter' && previous !== undefined && previous !== step.node) push(`${dot(previous)}->${dot(step.node)}`);
    previous = step.served;
    if (d.kind === 'goto') push(`${dot(step.node)}->${dot(d.target)}`, step.nodeType === 'menu' && step.input.kind === 'keys' ? step.input.digits : undefined);
    if (d.kind === 'give-up') push(`${dot(step.node)}->${dot(d.target)}`);
    if (d.kind === 'retry') push(`${dot(step.node)}->${dot(step.node)}`);
    if (d.kind === 'end') push(`${dot(step.node)}->end`);
    if (step.servedType === 'hangup') push(`${dot(step.served)}->end`);
  }
  return titles;
}

function lightPath(svg: SVGSVGElement, events: readonly CallEvent[], ended: boolean): void {
  const steps = events.filter((e): e is WebhookEvent => e.kind === 'webhook');
  for (const step of steps) if (step.served !== undefined) nodeElement(svg, step.served)?.classList.add('lit');
  const edges = edgesByTitle(svg);
  for (const { title, key } of pathOf(events)) for (const g of pickEdges(edges, title, key)) g.classList.add('lit');
  const last = steps.at(-1);
  if (!ended && last?.served !== undefined) nodeElement(svg, last.served)?.classList.add('here');
}

const time = (at: number): string => new Date(at).toLocaleTimeString();

function describeStep(event: CallEvent): string {
  switch (event.kind) {
    case 'hangup':
      return `Call ended${event.cause ? ` (${event.cause})` : ''}${event.durationS !== undefined ? `, ${event.durationS} s` : ''}`;
    case 'lookup':
      return `Lookup at ${event.node}: ${event.status} in ${event.ms} ms`;
    case 'campaign':
      return `Campaign ${event.campaign}: ${event.status}`;
    case 'webhook': {
      const input = event.input;
      const did = input.kind === 'keys' ? `pressed ${input.digits}` : input.kind === 'silence' ? 'said nothing' : input.kind === 'transfer' ? `transfer: ${input.status}` : input.kind === 'speech' ? `said “${input.text}”` : input.kind === 'recorded' ? 'left a recording' : 'arrived';
      const d = event.decision;
      const then = d.kind === 'goto' ? `→ ${d.target ?? ''}` : d.kind === 'retry' ? `→ again (${d.reason === 'invalid' ? 'wrong key' : 'silence'}, try ${d.attempt ?? ''})` : d.kind === 'give-up' ? `→ gave up (${d.reason === 'invalid' ? 'wrong keys' : 'silence'})${d.target ? ` → ${d.target}` : ''}` : d.kind === 'end' ? '→ hang up' : d.kind === 'enter' ? '' : `→ ${d.kind}`;
      return `${event.node}: ${did} ${then} (${Math.round(event.durationUs / 100) / 10} ms)`;
    }
  }
}

/** One call: who, its state, the diagram with its path lit, and its steps with the XML served. */
function callCard(callUuid: string, events: readonly CallEvent[], ended: boolean): HTMLElement {
  const card = document.createElement('article');
  card.className = `call${ended ? ' ended' : ''}`;
  card.dataset['callUuid'] = callUuid;
  const first = events.find((e): e is WebhookEvent => e.kind === 'webhook');
  const header = document.createElement('header');
  const who = document.createElement('strong');
  who.textContent = `${first?.from ?? '?'} → ${first?.to ?? '?'}`;
  const state = document.createElement('span');
  state.className = `state ${ended ? 'over' : 'live'}`;
  const last = events.filter((e): e is WebhookEvent => e.kind === 'webhook').at(-1);
  state.textContent = ended ? 'ended' : `at ${last?.served ?? last?.node ?? '…'}`;
  const uuid = document.createElement('span');
  uuid.className = 'uuid';
  uuid.textContent = callUuid;
  header.append(who, state, uuid);
  card.append(header);
  const svg = diagramCopy();
  if (svg !== undefined) {
    lightPath(svg, events, ended);
    const box = document.createElement('div');
    box.className = 'mini diagram';
    box.append(svg);
    card.append(box);
  }
  const list = document.createElement('ol');
  list.className = 'steps';
  for (const event of events) {
    const item = document.createElement('li');
    item.className = `step ${event.kind}`;
    const at = document.createElement('time');
    at.textContent = time(event.at);
    item.append(at, describeStep(event));
    if (event.kind === 'webhook') {
      const details = document.createElement('details');
      const summary = document.createElement('summary');
      summary.textContent = 'XML served';
      const pre = document.createElement('pre');
      pre.textContent = event.xml;
      details.append(summary, pre);
      item.append(details);
    }
    list.append(item);
  }
  card.append(list);
  return card;
}

function renderLive(): void {
  const calls = [...live.values()].sort((a, b) => a.startedAt - b.startedAt);
  const open = new Set(Array.from(liveBox.querySelectorAll('details[open]')).map((d) => d.closest('li')?.parentElement?.parentElement?.getAttribute('data-call-uuid')));
  liveBox.replaceChildren(...calls.map((c) => callCard(c.callUuid, c.events, c.ended)));
  for (const card of Array.from(liveBox.children)) if (open.has(card.getAttribute('data-call-uuid'))) card.querySelector('details')?.setAttribute('open', '');
  const inProgress = calls.filter((c) => !c.ended).length;
  liveCount.textContent = `(${inProgress} in progress)`;
  liveEmpty.hidden = calls.length > 0;
}

function applyEvents(events: readonly CallEvent[]): void {
  let newVersion = false;
  for (const event of events) {
    if (event.kind === 'campaign') continue;
    if (event.kind === 'webhook' && event.flowVersion !== templateVersion) newVersion = true;
    let call = live.get(event.callUuid);
    if (call === undefined) {
      call = { callUuid: event.callUuid, startedAt: event.at, lastAt: event.at, ended: false, events: [] };
      live.set(event.callUuid, call);
    }
    if (!call.events.some((e) => e.id === event.id)) call.events.push(event);
    call.events.sort((a, b) => a.at - b.at);
    call.lastAt = Math.max(call.lastAt, event.at);
    if (event.kind === 'hangup') {
      call.ended = true;
      const id = event.callUuid;
      setTimeout(() => { live.delete(id); renderLive(); }, 60_000);
    }
  }
  if (newVersion) void loadDiagram().then(renderLive, () => renderLive());
  else renderLive();
}

function connect(): void {
  source?.close();
  source = new EventSource('/api/calls/live');
  source.addEventListener('open', () => { streamState.textContent = 'Live: updates are pushed as calls happen.'; });
  source.addEventListener('error', () => { streamState.textContent = 'The live stream dropped; reconnecting…'; });
  source.addEventListener('snapshot', (message) => {
    live.clear();
    for (const call of (JSON.parse((message as MessageEvent<string>).data) as { calls: LiveCall[] }).calls) live.set(call.callUuid, call);
    renderLive();
  });
  source.addEventListener('events', (message) => applyEvents(JSON.parse((message as MessageEvent<string>).data) as CallEvent[]));
}

// ---- one call's story ----

byId('find-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  void find(byId('find-id', HTMLInputElement).value.trim());
});

async function find(id: string): Promise<void> {
  const result = byId('find-result', HTMLElement);
  const box = byId('found-calls', HTMLElement);
  if (id === '') return;
  result.textContent = 'Looking…';
  const response = await fetch(`/api/calls/${encodeURIComponent(id)}`, { cache: 'no-store' });
  const body = (await response.json()) as { calls?: { callUuid: string; events: CallEvent[] }[]; detail?: string };
  if (!response.ok || body.calls === undefined) {
    result.textContent = body.detail ?? `HTTP ${response.status}`;
    box.replaceChildren();
    return;
  }
  result.textContent = `${body.calls.length} call${body.calls.length === 1 ? '' : 's'} found.`;
  box.replaceChildren(...body.calls.map((c) => callCard(c.callUuid, c.events, c.events.some((e) => e.kind === 'hangup'))));
}

// ---- drop-off ----

const fromInput = byId('dropoff-from', HTMLInputElement);
const toInput = byId('dropoff-to', HTMLInputElement);
const versionInput = byId('dropoff-version', HTMLInputElement);
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
toInput.value = isoDay(Date.now());
fromInput.value = isoDay(Date.now() - 6 * DAY_MS);

function dropoffQuery(): string {
  const query = new URLSearchParams();
  if (fromInput.value !== '') query.set('from', fromInput.value);
  if (toInput.value !== '') query.set('to', isoDay(Date.parse(toInput.value) + DAY_MS));
  if (versionInput.value.trim() !== '') query.set('version', versionInput.value.trim());
  return query.toString();
}

byId('dropoff-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  void showDropoff();
});

async function showDropoff(): Promise<void> {
  const summary = byId('dropoff-summary', HTMLElement);
  const query = dropoffQuery();
  byId('dropoff-csv', HTMLAnchorElement).href = `/api/dropoff?${query}&format=csv`;
  const response = await fetch(`/api/dropoff?${query}`, { cache: 'no-store' });
  const report = (await response.json()) as Dropoff & { currentVersion: string; detail?: string };
  if (!response.ok) {
    summary.textContent = report.detail ?? `HTTP ${response.status}`;
    return;
  }
  if (versionInput.value === '') versionInput.placeholder = `any (now ${report.currentVersion})`;
  summary.textContent = `${report.calls} call${report.calls === 1 ? '' : 's'} from ${new Date(report.from).toLocaleString()} to ${new Date(report.to).toLocaleString()}${report.version ? `, flow version ${report.version}` : ''}. Numbers on arrows: how many times callers went that way; red nodes: where callers gave up or hung up.`;
  drawDropoff(report);
  fillTable(report.nodes);
}

function drawDropoff(report: Dropoff): void {
  const box = byId('dropoff-diagram', HTMLElement);
  const svg = diagramCopy();
  if (svg === undefined) return;
  box.replaceChildren(svg);
  for (const [title, groups] of edgesByTitle(svg)) {
    for (const g of groups) {
      // A menu's arrows are counted by key when two keys lead to the same node.
      const key = (g.querySelector('text')?.textContent ?? '').trim().split(/\s+/)[0] ?? '';
      const count = groups.length > 1 ? report.edges[`${title}#${key}`] : report.edges[title];
      const path = g.querySelector('path');
      if (count === undefined || path === null) continue;
      const middle = path.getPointAtLength(path.getTotalLength() / 2);
      g.classList.add('lit');
      g.append(svgText('count', middle.x + 4, middle.y - 4, `×${count}`));
    }
  }
  for (const node of report.nodes) {
    const g = nodeElement(svg, node.node);
    if (!(g instanceof SVGGElement)) continue;
    const lost = node.hungUpHere + node.gaveUp;
    const shape = g.querySelector('path, polygon, ellipse');
    if (shape !== null && node.reached > 0) shape.setAttribute('fill', heat(lost / node.reached));
    const box = g.getBBox();
    g.append(svgText('reach', box.x + box.width - 2, box.y - 3, `${node.reached} reached${lost > 0 ? ` · ${lost} lost` : ''}`, 'end'));
    const title = document.createElementNS(SVG_NS, 'title');
    title.textContent = `${node.node}: reached by ${node.reached}, hung up here ${node.hungUpHere}, gave up ${node.gaveUp}, wrong keys ${node.wrongKeys}, silences ${node.silences}`;
    g.append(title);
  }
}

function svgText(className: string, x: number, y: number, text: string, anchor = 'start'): SVGTextElement {
  const element = document.createElementNS(SVG_NS, 'text');
  element.setAttribute('class', className);
  element.setAttribute('x', String(x));
  element.setAttribute('y', String(y));
  element.setAttribute('text-anchor', anchor);
  element.textContent = text;
  return element;
}

/** White (nobody lost here) to red (everyone lost here). */
function heat(share: number): string {
  const s = Math.max(0, Math.min(1, share));
  const channel = Math.round(255 - s * 120);
  return `rgb(255, ${channel}, ${channel})`;
}

function fillTable(nodes: readonly NodeDropoff[]): void {
  const body = byId('dropoff-table', HTMLTableElement).tBodies[0];
  if (body === undefined) return;
  body.replaceChildren(...nodes.map((n) => {
    const row = document.createElement('tr');
    const cells: (string | number)[] = [
      n.node, n.reached, Object.entries(n.choices).map(([to, count]) => `${to} ${count}`).join(', '), n.wrongKeys, n.silences, n.gaveUp, n.hungUpHere, n.endedHere,
      `${n.transfer.answered} / ${n.transfer.busy} / ${n.transfer.noAnswer} / ${n.transfer.failed}`, n.lookupFailures,
    ];
    for (const value of cells) {
      const cell = document.createElement(value === n.node ? 'th' : 'td');
      if (typeof value === 'number') cell.className = 'n';
      cell.textContent = String(value);
      row.append(cell);
    }
    return row;
  }));
}

// ---- access ----

byId('token-form', HTMLFormElement).addEventListener('submit', (event) => {
  event.preventDefault();
  const token = byId('token', HTMLInputElement).value.trim();
  void fetch('/api/dashboard/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } }).then((response) => {
    if (response.ok) void start();
    else byId('access-text', HTMLElement).textContent = 'That token was refused.';
  });
});

async function start(): Promise<void> {
  const check = await fetch('/api/calls/live', { cache: 'no-store' });
  if (check.status === 401 || check.status === 403) {
    access.hidden = false;
    byId('access-text', HTMLElement).textContent = ((await check.json()) as { detail: string }).detail;
    streamState.textContent = 'Not connected.';
    return;
  }
  access.hidden = true;
  await loadDiagram().catch((error: unknown) => { streamState.textContent = `The diagram did not load: ${String(error)}`; });
  connect();
  await showDropoff();
}

void start();
