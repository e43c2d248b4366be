/**
 * The example backend the examples' lookups talk to: a few accounts by phone number, and
 * appointments a reminder call confirms or cancels. A small Koa app, in memory. `behaviour`
 * lets tests make it slow or failing, to prove a flow still ends every call cleanly.
 */
import Router from '@koa/router';
import Koa from 'koa';
import bodyParser from 'koa-bodyparser';

/** ok; slow (answers after `slowMs`); failing (503); down (drops the connection, as a crashed backend). */
export type Behaviour = 'ok' | 'slow' | 'failing' | 'down';

export interface Account { id: string; name: string; balance: number; vip: boolean }
export interface Appointment { id: string; status: 'booked' | 'confirmed' | 'cancelled'; changedAt?: string }

export interface BackendOptions {
  /** How it answers right now; read on every request. Default: always 'ok'. */
  behaviour?: () => Behaviour;
  /** How long a slow answer takes (ms); default 10 s, longer than any lookup waits. */
  slowMs?: number;
  /** Bearer token it requires, when set (the examples send `Bearer ${EXAMPLE_BACKEND_TOKEN}`). */
  token?: string;
}

export interface Backend {
  app: Koa;
  accounts: Map<string, Account>;
  appointments: Map<string, Appointment>;
}

export const ACCOUNTS: readonly (Account & { phone: string })[] = [
  { phone: '+14155550111', id: '4417', name: 'Ana', balance: 1234.5, vip: true },
  { phone: '+14155550122', id: '5210', name: 'Ben', balance: 42, vip: false },
];

export function createBackend(options: BackendOptions = {}): Backend {
  const accounts = new Map(ACCOUNTS.map(({ phone, ...account }) => [phone, account]));
  const appointments = new Map<string, Appointment>([['A-100', { id: 'A-100', status: 'booked' }]]);
  const behaviour = options.behaviour ?? (() => 'ok' as const);
  const app = new Koa();
  // A lookup that gave up (its timeout) aborts its request mid-body: expected, not worth a stack trace.
  app.silent = true;
  const router = new Router();

  app.use(async (ctx, next) => {
    const now = behaviour();
    if (now === 'down') {
      ctx.req.socket.destroy();
      return;
    }
    if (now === 'slow') await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 10_000));
    if (now === 'failing') {
      ctx.status = 503;
      ctx.body = { error: 'unavailable' };
      return;
    }
    if (options.token !== undefined && ctx.get('authorization') !== `Bearer ${options.token}`) {
      ctx.status = 401;
      ctx.body = { error: 'bad token' };
      return;
    }
    await next();
  });

  router.get('/accounts', (ctx) => {
    const phone = typeof ctx.query['phone'] === 'string' ? ctx.query['phone'] : '';
    const account = accounts.get(phone);
    if (account === undefined) {
      ctx.status = 404;
      ctx.body = { error: 'no account for this number' };
      return;
    }
    ctx.body = { account };
  });

  router.post('/appointments/:id/:action', (ctx) => {
    const appointment = appointments.get(ctx.params['id'] ?? '');
    const action = ctx.params['action'];
    if (appointment === undefined || (action !== 'confirm' && action !== 'cancel')) {
      ctx.status = 404;
      ctx.body = { error: 'no such appointment' };
      return;
    }
    appointment.status = action === 'confirm' ? 'confirmed' : 'cancelled';
    appointment.changedAt = new Date().toISOString();
    ctx.body = { appointment };
  });

  router.post('/survey', (ctx) => {
    ctx.body = { saved: true, received: ctx.request.body ?? {} };
  });

  app.use(bodyParser({ enableTypes: ['json'] }));
  app.use(router.routes());
  return { app, accounts, appointments };
}
