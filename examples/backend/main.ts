/**
 * `npm run example-backend`: the example backend on EXAMPLE_BACKEND_PORT (default 4010), what
 * examples/after-hours.yaml and examples/appointment-reminder.yaml look up.
 */
import { EXAMPLE_BACKEND_PORT, startBackend } from './server.js';

const port = Number(process.env['EXAMPLE_BACKEND_PORT'] ?? EXAMPLE_BACKEND_PORT);
const token = process.env['EXAMPLE_BACKEND_TOKEN'];
const running = await startBackend(port, token === undefined || token === '' ? {} : { token });
console.log(`example backend on ${running.url}: GET /accounts?phone=+14155550111, POST /appointments/A-100/confirm|cancel, POST /survey`);
