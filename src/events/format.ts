/** Call events as text, for `npm run calls`: one line a step, aligned, sensitive values already masked. */
import type { CallEvent } from './types.js';

export interface FormatOptions { xml?: boolean }

export function formatStory(callUuid: string, events: readonly CallEvent[], options: FormatOptions = {}): string {
  const first = events.find((e) => e.kind === 'webhook');
  const hangup = events.find((e) => e.kind === 'hangup');
  const head = `Call ${callUuid}${first?.kind === 'webhook' ? ` from ${first.from ?? '?'} to ${first.to ?? '?'}, flow version ${first.flowVersion}` : ''}${hangup === undefined ? ' (in progress)' : ''}`;
  return [head, ...events.flatMap((e) => formatEvent(e, options))].join('\n');
}

export function formatEvent(event: CallEvent, options: FormatOptions = {}): string[] {
  const at = new Date(event.at).toISOString().slice(11, 23);
  switch (event.kind) {
    case 'webhook': {
      const i = event.input;
      const did = i.kind === 'keys' ? `pressed ${i.digits}` : i.kind === 'silence' ? 'silence' : i.kind === 'transfer' ? `transfer ${i.status}` : i.kind === 'speech' ? `said "${i.text}"` : i.kind === 'recorded' ? 'recorded' : 'arrived';
      const d = event.decision;
      const then = d.kind === 'goto' ? `→ ${d.target ?? ''}`
        : d.kind === 'retry' ? `→ again: ${d.reason === 'invalid' ? 'wrong key' : 'no key'} (try ${d.attempt ?? '?'})`
          : d.kind === 'give-up' ? `→ gave up (${d.reason === 'invalid' ? 'wrong keys' : 'no key'})${d.target === undefined ? ', goodbye' : ` → ${d.target}`}`
            : d.kind === 'end' ? '→ hang up' : d.kind === 'enter' ? '' : `→ ${d.kind}`;
      const line = `  ${at}  ${event.node.padEnd(14)} ${`${did} ${then}`.trim().padEnd(44)} ${(event.durationUs / 1000).toFixed(2)} ms`;
      return options.xml ? [line, ...event.xml.split('\n').map((l) => `      ${l}`)] : [line];
    }
    case 'hangup':
      return [`  ${at}  ${'hangup'.padEnd(14)} ${event.cause ?? event.status ?? 'ended'}${event.durationS === undefined ? '' : ` after ${event.durationS} s`}`];
    case 'lookup':
      return [`  ${at}  ${event.node.padEnd(14)} lookup ${event.status} in ${event.ms} ms`];
    case 'campaign':
      return [`  ${at}  ${'campaign'.padEnd(14)} ${event.campaign}: ${event.status} (${event.to})`];
  }
}
