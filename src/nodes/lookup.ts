/**
 * `lookup`: asks a backend over HTTP while the caller waits (a short timeout), keeps fields of
 * its JSON answer as call variables, and goes on to `next`, or to `onFailure` / `onTimeout`
 * (both required, so no lookup can strand a caller). The request is an effect: the transition
 * asks for it, the HTTP edge runs it and feeds the result back.
 */
import { callValues } from '../call/values.js';
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, fillBody, fillUrl, mapFields, secretsIn, type FieldMapping, type LookupMethod } from '../data/lookup.js';
import type { FlowData, NodeId } from '../flow/types.js';
import type { VarType } from '../flow/variables.js';
import type { NodeKind } from './kind.js';

type RawField = string | { from: string; type?: VarType; sensitive?: boolean };

export interface RawLookupNode {
  type: 'lookup';
  description?: string;
  method?: LookupMethod;
  url: string;
  headers?: Record<string, string>;
  body?: Record<string, string>;
  timeout?: number;
  save?: Record<string, RawField>;
  next: NodeId;
  onFailure: NodeId;
  onTimeout: NodeId;
  onNotFound?: NodeId;
}

export interface LookupNode {
  type: 'lookup';
  id: NodeId;
  method: LookupMethod;
  url: string;
  headers: Readonly<Record<string, string>>;
  body: Readonly<Record<string, string>> | undefined;
  timeoutMs: number;
  save: Readonly<Record<string, FieldMapping>>;
  next: NodeId;
  onFailure: NodeId;
  onTimeout: NodeId;
  onNotFound: NodeId | undefined;
  data: FlowData;
}

const fieldOf = (raw: RawField): FieldMapping => (typeof raw === 'string' ? { from: raw, type: 'string' } : { from: raw.from, type: raw.type ?? 'string' });

export const lookup: NodeKind<RawLookupNode, LookupNode> = {
  type: 'lookup',
  schema: {
    description: 'Asks a backend over HTTP (the caller waits, at most `timeout` seconds), keeps fields of its JSON answer as variables, then goes to `next`; `onFailure` and `onTimeout` are required.',
    type: 'object',
    additionalProperties: false,
    required: ['type', 'url', 'next', 'onFailure', 'onTimeout'],
    properties: {
      type: { description: 'lookup: an HTTP request to a backend.', const: 'lookup' },
      description: { description: 'A note for people reading the file; not spoken.', type: 'string' },
      method: { description: 'HTTP method (default GET).', type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
      url: { description: 'Absolute http(s) URL; {{variable}} is filled in URL-encoded: https://crm.example.com/accounts?phone={{caller}}.', type: 'string', minLength: 8, maxLength: 2000 },
      headers: {
        description: 'Request headers; ${NAME} is read from the environment when the request is sent, the only place a flow may use a secret: Authorization: "Bearer ${CRM_TOKEN}". Never logged.',
        type: 'object',
        maxProperties: 10,
        propertyNames: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' },
        additionalProperties: { type: 'string', maxLength: 1000 },
      },
      body: {
        description: 'A JSON body (POST, PUT, PATCH): field → text, with {{variable}} filled in ("{{rating}}" alone keeps its type).',
        type: 'object',
        maxProperties: 20,
        additionalProperties: { type: 'string', maxLength: 1000 },
      },
      timeout: { description: `Seconds to wait for the answer (default ${DEFAULT_TIMEOUT_MS / 1000}, at most ${MAX_TIMEOUT_MS / 1000}: the caller is waiting).`, type: 'number', exclusiveMinimum: 0, maximum: MAX_TIMEOUT_MS / 1000 },
      save: {
        description: 'Variable → a field of the JSON answer, by dotted path (`account.owner.name`), or {from, type, sensitive}. A missing field fails the lookup.',
        type: 'object',
        maxProperties: 16,
        propertyNames: { $ref: '#/definitions/variableName' },
        additionalProperties: {
          if: { type: 'string' },
          then: { type: 'string', minLength: 1 },
          else: {
            type: 'object',
            additionalProperties: false,
            required: ['from'],
            properties: {
              from: { type: 'string', minLength: 1 },
              type: { $ref: '#/definitions/variableType' },
              sensitive: { description: 'Never in clear in a URL or a log line (a balance).', type: 'boolean' },
            },
          },
        },
      },
      next: { description: 'Where the call goes with the answer.', $ref: '#/definitions/nodeId' },
      onFailure: { description: 'Where the call goes when the backend fails (refused, an error status, an answer without the fields).', $ref: '#/definitions/nodeId' },
      onTimeout: { description: 'Where the call goes when the backend does not answer in time.', $ref: '#/definitions/nodeId' },
      onNotFound: { description: 'Where the call goes on a 404 (an unknown caller); default onFailure.', $ref: '#/definitions/nodeId' },
    },
  },

  compile: (raw, context) => ({
    type: 'lookup',
    id: context.id,
    method: raw.method ?? 'GET',
    url: raw.url,
    headers: raw.headers ?? {},
    body: raw.body,
    timeoutMs: Math.round((raw.timeout ?? DEFAULT_TIMEOUT_MS / 1000) * 1000),
    save: Object.fromEntries(Object.entries(raw.save ?? {}).map(([name, field]) => [name, fieldOf(field)])),
    next: raw.next,
    onFailure: raw.onFailure,
    onTimeout: raw.onTimeout,
    onNotFound: raw.onNotFound,
    data: context.data,
  }),
  sets: (raw) => Object.entries(raw.save ?? {}).map(([name, field]) => ({ name, type: fieldOf(field).type, ...(typeof field !== 'string' && field.sensitive === true ? { sensitive: true } : {}) })),
  check(raw, context) {
    const probe = raw.url.replace(/\{\{[^}]*\}\}/g, 'x');
    let url: URL | undefined;
    try {
      url = new URL(probe);
    } catch {
      context.error(['url'], `"${raw.url}" is not an absolute URL: write http(s)://host/path`);
    }
    if (url !== undefined && url.protocol !== 'http:' && url.protocol !== 'https:') context.error(['url'], 'a lookup URL is http:// or https://');
    const host = /^[a-z]+:\/\/([^/?#]*)/i.exec(raw.url)?.[1] ?? '';
    if (host.includes('{{')) context.errorAt(['url'], raw.url.indexOf('{{'), 'a variable cannot choose the host: put {{…}} in the path or the query');
    const secretAt = (path: (string | number)[], text: string): void => {
      if (secretsIn(text).length > 0 || /\$\{/.test(text)) context.errorAt(path, text.indexOf('${'), '${…} (an environment variable, a secret) is only allowed in `headers`');
    };
    secretAt(['url'], raw.url);
    for (const [field, text] of Object.entries(raw.body ?? {})) secretAt(['body', field], text);
    if (raw.body !== undefined && (raw.method ?? 'GET') === 'GET') context.error(['body'], 'a GET sends no body: use method: POST, or put the values in the URL');
  },
  exits: (node) => [
    { to: node.next, on: 'answered', label: 'answered', dashed: false, field: { path: ['next'], name: 'next' }, sets: Object.keys(node.save) },
    ...(node.onNotFound === undefined ? [] : [{ to: node.onNotFound, on: 'not-found', label: 'not found', dashed: true, field: { path: ['onNotFound'], name: 'onNotFound' } }]),
    { to: node.onFailure, on: 'failed', label: 'failed', dashed: true, field: { path: ['onFailure'], name: 'onFailure' } },
    { to: node.onTimeout, on: 'timeout', label: `no answer in ${node.timeoutMs / 1000} s`, dashed: true, field: { path: ['onTimeout'], name: 'onTimeout' } },
  ],
  collects: (node) => Object.keys(node.save),
  instant: true,

  transition(node, event, memory) {
    const go = (target: NodeId, values?: Record<string, string | number | boolean>) =>
      ({ decision: { kind: 'goto' as const, target, language: memory.language, ...(values === undefined ? {} : { values }) }, say: [], effects: [] });
    if (event.kind !== 'results') {
      const values = callValues(node.data, memory);
      const request = {
        method: node.method,
        url: fillUrl(node.url, values),
        ...(node.body === undefined ? {} : { body: fillBody(node.body, values) }),
        headers: node.headers,
        timeoutMs: node.timeoutMs,
        label: node.url,
      };
      return { decision: { kind: 'wait' }, say: [], effects: [{ kind: 'http', request }] };
    }
    const result = event.results[0]?.result;
    if (result === undefined) return go(node.onFailure);
    if (!result.ok) {
      if (result.reason === 'timeout') return go(node.onTimeout);
      if (result.status === 404 && node.onNotFound !== undefined) return go(node.onNotFound);
      return go(node.onFailure);
    }
    const mapped = mapFields(result.body, node.save);
    return 'error' in mapped ? go(node.onFailure) : go(node.next, mapped.values);
  },

  render(xml, _node, context) {
    xml.addRedirect(context.here(), { method: 'POST' });
  },

  look: { shape: 'cylinder', fill: '#dcfce7' },
  describe: (node) => ({ facts: ` · ${node.method} · ${node.timeoutMs / 1000} s`, hears: node.url }),
};
