/** Title cards: an HTML page rendered in the demo's browser, and a narration spoken by espeak-ng. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import type { SentRequest } from './plivo-intercept.js';

const run = promisify(execFile);

export interface Card {
  /** Small line above the title ("Call 2 of 3"). */
  kicker: string;
  title: string;
  lines: readonly string[];
  /** The request the plivo SDK sent, shown as HTTP. */
  request?: SentRequest;
}

/** Renders `card` in `page` (the cards tab) and saves a screenshot as `file`. */
export async function shootCard(page: Page, card: Card, file: string): Promise<string> {
  await page.setContent(cardHtml(card));
  await page.screenshot({ path: file });
  return file;
}

/** The request as Plivo received it: method, URL, headers described, JSON body. Never the token. */
export function requestText(request: SentRequest): string {
  return [
    `${request.method} ${request.url}`,
    `Authorization: ${request.auth}`,
    `Content-Type: ${request.contentType}`,
    '',
    JSON.stringify(request.body, null, 2),
  ].join('\n');
}

function cardHtml(card: Card): string {
  const request = card.request === undefined
    ? ''
    : `<p class="label">The request the server's plivo SDK sent to Plivo's API (intercepted), and the answer:</p>
       <pre>${escape(requestText(card.request))}</pre>
       <pre class="reply">${escape(`HTTP ${card.request.status}  ${JSON.stringify(card.request.reply)}`)}</pre>`;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    html, body { margin: 0; height: 100%; }
    body { font-family: system-ui, "DejaVu Sans", sans-serif; background: #0f172a; color: #e2e8f0;
           display: flex; flex-direction: column; justify-content: center; padding: 0 7%; box-sizing: border-box; }
    .kicker { color: #fcd34d; font-size: 26px; letter-spacing: 0.08em; text-transform: uppercase; margin: 0 0 12px; }
    h1 { font-size: 54px; line-height: 1.15; margin: 0 0 28px; color: #fff; }
    ul { font-size: 30px; line-height: 1.5; margin: 0 0 24px; padding-left: 1.2em; color: #cbd5e1; }
    .label { font-size: 22px; color: #93c5fd; margin: 12px 0 8px; }
    pre { font: 20px/1.45 "DejaVu Sans Mono", monospace; background: #1e293b; border: 1px solid #334155;
          border-radius: 10px; padding: 16px 20px; margin: 0 0 12px; white-space: pre-wrap; overflow-wrap: anywhere; color: #e2e8f0; }
    pre.reply { color: #86efac; }
  </style></head><body>
    <p class="kicker">${escape(card.kicker)}</p>
    <h1>${escape(card.title)}</h1>
    <ul>${card.lines.map((line) => `<li>${escape(line)}</li>`).join('')}</ul>
    ${request}
  </body></html>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `text` spoken by espeak-ng's English narrator voice, as a 16 kHz mono WAV with a short pause after. */
export async function narrate(text: string, out: string): Promise<string> {
  await run('espeak-ng', ['-v', 'en-us+m3', '-s', '160', '-w', `${out}.raw.wav`, text]);
  await run('sox', [`${out}.raw.wav`, '-r', '16000', '-c', '1', '-b', '16', out, 'pad', '0.4', '0.8']);
  return out;
}

/** `seconds` of silence, in the same format. */
export async function silence(seconds: number, out: string): Promise<string> {
  await run('sox', ['-n', '-r', '16000', '-c', '1', '-b', '16', out, 'trim', '0', seconds.toFixed(3)]);
  return out;
}

/** The length of a sound file, in ms. */
export async function lengthMs(file: string): Promise<number> {
  return Number((await run('soxi', ['-D', file])).stdout.trim()) * 1000;
}
