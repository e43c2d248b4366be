/**
 * Loaded with `--import` into a child process running the CLI: Plivo's API answers 201 to a
 * call whose body matches FAKE_PLIVO_EXPECT (JSON), and nothing else is reachable.
 */
import nock from 'nock';
import { CALL_PATH, BASIC_AUTH, FIRED } from './plivo-api.js';

const expected = JSON.parse(process.env['FAKE_PLIVO_EXPECT'] ?? '{}') as Record<string, unknown>;
nock.disableNetConnect();
nock('https://api.plivo.com', { reqheaders: { authorization: BASIC_AUTH } })
  .post(CALL_PATH, (body: Record<string, unknown>) => Object.entries(expected).every(([key, value]) => body[key] === value))
  .reply(201, FIRED);
