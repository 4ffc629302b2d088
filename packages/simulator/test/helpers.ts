import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { type RunningSimulator, type StartSimulatorOptions, startSimulator } from '../src/node/index.ts';

/** A valid X-Device-Info value (Adobe's X-Device-Info appendix: standard Base64 of a JSON object). */
export const DEVICE_INFO = encodeDeviceInfo({
  primaryHardwareType: 'SetTopBox',
  model: 'Simulated Box',
  version: '1.0',
  manufacturer: 'dcrflow',
  osName: 'Linux',
  osVersion: '6.1',
  osFamily: 'Linux',
  connectionType: 'WiFi',
  connectionSecure: true,
  displayWidth: 1920,
  displayHeight: 1080,
});

export function encodeDeviceInfo(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

/** Starts a simulator on an ephemeral port; throttling is off unless the suite asks for it. */
export function start(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ throttle: false, ...options });
}

export interface Registered {
  client_id: string;
  client_secret: string;
  software_id: string;
  software_statement: string;
}

export async function mintStatement(url: string, body: Record<string, unknown> = {}) {
  const response = await fetch(`${url}/admin/software-statements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`mint answered ${response.status}`);
  return (await response.json()) as { software_statement: string; software_id: string };
}

export function registerRequest(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/o/client/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-device-info': DEVICE_INFO, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export async function registerClient(url: string, statement?: { software_statement: string; software_id: string }) {
  const minted = statement ?? (await mintStatement(url));
  const response = await registerRequest(url, {
    software_statement: minted.software_statement,
    redirect_uri: 'https://app.example/callback',
  });
  if (response.status !== 201) throw new Error(`register answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as { client_id: string; client_secret: string };
  return { ...minted, client_id: body.client_id, client_secret: body.client_secret } satisfies Registered;
}

export function tokenRequest(url: string, parameters: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${url}/o/client/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-device-info': DEVICE_INFO, ...headers },
    body: new URLSearchParams(parameters).toString(),
  });
}

export async function getToken(url: string, client: { client_id: string; client_secret: string }): Promise<string> {
  const response = await tokenRequest(url, {
    grant_type: 'client_credentials',
    client_id: client.client_id,
    client_secret: client.client_secret,
  });
  if (response.status !== 201) throw new Error(`token answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export function configurationRequest(url: string, headers: Record<string, string> = {}) {
  return fetch(`${url}/api/v2/REF30/configuration`, { headers });
}

export async function json(response: Response): Promise<Record<string, unknown>> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return (await response.json()) as Record<string, unknown>;
}

/** Asserts an OAuth error answer `{ error }` (RFC 6749 §5.2) with the given status and code. */
export async function expectOAuthError(response: Response, status: number, code: string): Promise<void> {
  const body = await json(response);
  expect({ status: response.status, error: body.error }).toEqual({ status, error: code });
  expect(typeof body.error_description).toBe('string');
}

/** Asserts an enhanced error answer (Adobe Pass "Enhanced Error Codes"). */
export async function expectEnhancedError(response: Response, status: number, code: string, action: string) {
  const body = await json(response);
  expect(body).toMatchObject({ status, code, action });
  expect(response.status).toBe(status);
  expect(typeof body.message).toBe('string');
  expect(body.helpUrl).toMatch(/^https:\/\/experienceleague\.adobe\.com\//);
}

/** Decodes a JWT's header and payload without verifying it. */
export function decodeJwt(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [header = '', payload = ''] = jwt.split('.');
  const decode = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}

// ---- Adobe's OpenAPI description, and a tiny structural validator for its schemas ----

// A verbatim copy of Adobe's published OpenAPI description (shared/spec/adobe-dcr-openapi.json), kept in the repo so
// the conformance tests do not depend on anything outside a clone.
export const OPENAPI_URL = new URL('./fixtures/adobe-dcr-openapi.json', import.meta.url);

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
}

const openapi = JSON.parse(readFileSync(fileURLToPath(OPENAPI_URL), 'utf8')) as {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  if (schema.$ref === undefined) return schema;
  const prefix = '#/components/schemas/';
  if (!schema.$ref.startsWith(prefix)) throw new Error(`Unsupported $ref ${schema.$ref}`);
  const target = openapi.components.schemas[schema.$ref.slice(prefix.length)];
  if (!target) throw new Error(`Unresolved $ref ${schema.$ref}`);
  return resolve(target);
}

/** The schema of a documented response, e.g. `responseSchema('/client/register', 'post', '201')`. */
export function responseSchema(path: string, method: string, status: string): Schema {
  const schema = openapi.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`No schema for ${method} ${path} ${status}`);
  return resolve(schema);
}

/** Validates a value against an OpenAPI 3.0 schema subset (type, format int64, properties, required, items). */
export function validateSchema(schema: Schema, value: unknown, at = '$'): string[] {
  const resolved = resolve(schema);
  const issues: string[] = [];
  switch (resolved.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected an object`];
      const record = value as Record<string, unknown>;
      for (const name of resolved.required ?? []) if (!(name in record)) issues.push(`${at}.${name}: required`);
      for (const [name, property] of Object.entries(resolved.properties ?? {})) {
        if (name in record) issues.push(...validateSchema(property, record[name], `${at}.${name}`));
      }
      return issues;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected an array`];
      return value.flatMap((item, index) =>
        resolved.items ? validateSchema(resolved.items, item, `${at}[${index}]`) : [],
      );
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: expected a string`];
    case 'integer':
      if (!Number.isInteger(value)) return [`${at}: expected an integer`];
      if (resolved.format === 'int64' && !Number.isSafeInteger(value)) return [`${at}: outside int64 safe range`];
      return [];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: expected a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    default:
      throw new Error(`Unsupported schema type ${String(resolved.type)} at ${at}`);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
