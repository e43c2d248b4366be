/**
 * One webhook case under load, for profiling the server (the load generator is a child process,
 * so the profile is the server's alone):
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts [entry|branch|retry|bare] [seconds]
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import type { LoadJob, LoadResult } from './load-worker.js';
import { AUTH_TOKEN, demoFlow, startBare, startOurs } from './servers.js';
import { signatureHeaders } from './sign.js';

const which = process.argv[2] ?? 'entry';
const seconds = Number(process.argv[3] ?? '8');
const CALL = { CallUUID: '7b2e0f44-8a4b-11ee-b9d1-0242ac120002', From: '14155550111', To: '14155550122', Direction: 'inbound', CallStatus: 'in-progress' };
const shapes: Record<string, { path: string; params: Record<string, string> }> = {
  entry: { path: '/node/language', params: { ...CALL, Event: 'StartApp' } },
  branch: { path: '/node/language', params: { ...CALL, Digits: '1' } },
  retry: { path: '/node/main?lang=en', params: { ...CALL, Digits: '9' } },
};
const shape = shapes[which === 'bare' ? 'entry' : which];
if (shape === undefined) throw new Error(`unknown case ${which}; use entry, branch, retry or bare`);

const server = which === 'bare' ? await startBare('<Response><Hangup/></Response>') : await startOurs(demoFlow());
const url = `${server.url}${shape.path}`;
const headers = { 'content-type': 'application/x-www-form-urlencoded', ...signatureHeaders({ method: 'POST', url, params: shape.params }, AUTH_TOKEN, '424242') };
const worker = fork(resolve(import.meta.dirname, 'load-worker.ts'), [], { execArgv: ['--import', 'tsx'] });
await new Promise((ready) => worker.once('message', ready));
const job: LoadJob = { url, headers, body: new URLSearchParams(shape.params).toString(), connections: 64, warmup: 0, duration: seconds };
const result = await new Promise<LoadResult>((done) => {
  worker.once('message', (r) => done(r as LoadResult));
  worker.send(job);
});
console.log(which, JSON.stringify(result));
worker.kill();
await server.close();
