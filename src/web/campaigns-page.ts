/**
 * GET /campaigns/page — the campaigns panel: every campaign with a progress bar, its counts, and
 * each recipient's result, refreshed every two seconds. A static page: the data comes from
 * GET /campaigns and GET /campaigns/:id, guarded like POST /calls (the panel asks for the token
 * when the server wants one and keeps it for the tab only). Text is set with textContent only.
 */
import type Router from '@koa/router';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Campaigns</title>
<link rel="stylesheet" href="/web/style.css">
<style>
  .campaign { margin: 1rem 0; padding: .75rem 1rem; border: 1px solid #ccc; border-radius: 8px; }
  .bar { height: 14px; background: #eee; border-radius: 7px; overflow: hidden; display: flex; }
  .bar span { display: block; height: 100%; }
  .person { background: #2e7d32; } .machine { background: #6a1b9a; } .busy { background: #ef6c00; } .no-answer { background: #f9a825; }
  .failed { background: #c62828; } .dnc { background: #455a64; } .cancelled { background: #9e9e9e; } .unknown { background: #000; }
  table { border-collapse: collapse; margin-top: .5rem; font-size: .9rem; } td, th { padding: 2px 8px; text-align: left; }
</style>
</head>
<body>
<header class="top"><h1>Campaigns</h1><p class="summary"><a href="/">Back to the phone menu</a></p></header>
<main>
  <p id="token-row" hidden><label>CALLS_API_TOKEN <input id="token" type="password" autocomplete="off"></label></p>
  <p id="message" role="status"></p>
  <div id="list"></div>
</main>
<script>
const OUTCOMES = ['person', 'machine', 'busy', 'no-answer', 'failed', 'dnc', 'cancelled', 'unknown'];
const tokenInput = document.getElementById('token');
tokenInput.value = sessionStorage.getItem('callsToken') || '';
tokenInput.addEventListener('change', () => { sessionStorage.setItem('callsToken', tokenInput.value); refresh(); });
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
async function api(path) {
  const token = tokenInput.value;
  const response = await fetch(path, { headers: token ? { authorization: 'Bearer ' + token } : {} });
  const body = await response.json();
  if (response.status === 401) document.getElementById('token-row').hidden = false;
  if (!response.ok) throw new Error(body.detail || response.statusText);
  return body;
}
function campaignCard(c) {
  const card = el('section', undefined, 'campaign');
  card.append(el('h2', (c.name || c.id) + ' · ' + c.status));
  const p = c.progress;
  const done = (p.byState.done || 0) + (p.byState.held || 0);
  const bar = el('div', undefined, 'bar');
  bar.setAttribute('role', 'progressbar'); bar.setAttribute('aria-valuemin', '0'); bar.setAttribute('aria-valuemax', String(p.total)); bar.setAttribute('aria-valuenow', String(done));
  for (const o of OUTCOMES) {
    const n = c.recipients ? c.recipients.filter((r) => r.state === 'done' && r.outcome === o).length : 0;
    if (n > 0) { const s = el('span', undefined, o); s.style.width = (100 * n / p.total) + '%'; s.title = o + ': ' + n; bar.append(s); }
  }
  card.append(bar);
  const counts = Object.entries(p.byOutcome).filter(([, n]) => n > 0).map(([o, n]) => o + ' ' + n).join(' · ');
  const live = (p.byState.dialing || 0) + (p.byState.live || 0);
  card.append(el('p', done + ' of ' + p.total + ' finished' + (live ? ' · ' + live + ' in call' : '') + (p.byState.waiting ? ' · ' + p.byState.waiting + ' waiting' : '') + (p.byState.held ? ' · ' + p.byState.held + ' held' : '') + (counts ? ' · ' + counts : '')));
  const table = el('table');
  const head = el('tr'); for (const h of ['number', 'result', 'tries', 'ended at', 'note']) head.append(el('th', h)); table.append(head);
  for (const r of c.recipients || []) {
    const row = el('tr');
    row.append(el('td', r.number), el('td', r.state === 'done' ? r.outcome : r.state), el('td', r.attempts), el('td', r.lastNode || ''), el('td', r.detail || ''));
    table.append(row);
  }
  const details = el('details'); details.append(el('summary', 'Recipients'), table);
  const csv = el('a', 'CSV'); csv.href = '/campaigns/' + encodeURIComponent(c.id) + '.csv';
  card.append(details, csv);
  return card;
}
async function refresh() {
  const message = document.getElementById('message');
  try {
    const { campaigns } = await api('/campaigns');
    const detailed = await Promise.all(campaigns.slice(0, 10).map((c) => api('/campaigns/' + encodeURIComponent(c.id))));
    document.getElementById('list').replaceChildren(...detailed.map(campaignCard));
    message.textContent = campaigns.length === 0 ? 'No campaigns yet: POST /campaigns, or npm run campaign -- start contacts.csv' : '';
  } catch (error) {
    message.textContent = 'Cannot load the campaigns: ' + error.message;
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
`;

export function addCampaignsPage(router: Router): void {
  router.get('/campaigns/page', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = PAGE;
  });
}
