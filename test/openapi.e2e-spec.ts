import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TestApp } from '@app/testing';
import { generatePluginMetadata } from '../scripts/openapi';
import { buildOpenApiDocument } from '../src/openapi';
import { startApiServer } from './support/api-server';
import { schemaProblems } from './support/openapi-conformance';

const ROOT = join(__dirname, '..');
/** Routes open without credentials (ARCHITECTURE.md §2: status, health and docs only). */
const PUBLIC_PATHS = [
  '/health',
  '/next-step/api/service/status',
  '/data-adapter/api/service/status',
  // The app's activation (the activation code is the credential) and the JWKS of proofs of approval.
  '/device/v1/activate',
  '/auth-transaction-approval/rest/transaction-approval/keys',
  '/v1/authentication',
];
/** The device API: the app's bearer device token instead of an API client. */
const DEVICE_PATHS = ['/device/v1/approvals', '/device/v1/approvals/{approvalId}'];
/** Back-office users of /v1 call with their first-factor token, and on MFA routes the two-factor token too. */
const USER_SECURITY = [[{ userToken: [] }], [{ userToken: [], twoFactorToken: [] }]];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type Operation = { security?: Array<Record<string, string[]>>; responses: Record<string, unknown> };

describe('OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApiServer();
  });
  afterAll(() => t.close());

  it('is served at /api/docs-json and as Swagger UI at /api/docs', async () => {
    const json = await t.http.get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    const ui = await t.http.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger');
  });

  it('names the security requirement and the 401/403 answers of every non-public route', async () => {
    const document = (await t.http.get('/api/docs-json')).body;
    const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(
      ([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, operation: item[m] })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const { path, method, operation } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      if (PUBLIC_PATHS.includes(path)) {
        expect({ where, security: operation.security }).toEqual({ where, security: [] });
        continue;
      }
      if (DEVICE_PATHS.includes(path)) {
        expect({ where, security: operation.security, has401: '401' in operation.responses }).toEqual({
          where,
          security: [{ deviceToken: [] }],
          has401: true,
        });
        continue;
      }
      const userRoute = USER_SECURITY.some((s) => JSON.stringify(s) === JSON.stringify(operation.security));
      if (!(path.startsWith('/v1/') && userRoute)) {
        expect({ where, security: operation.security }).toEqual({ where, security: [{ apiClient: [] }] });
      }
      expect({ where, has401: '401' in operation.responses, has403: '403' in operation.responses }).toEqual({
        where,
        has401: true,
        has403: true,
      });
    }
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing the API)', async () => {
    const committed = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    expect(await buildOpenApiDocument(t.app)).toEqual(committed);
  });

  it("types counts, ids and limits as integer: `number` only for the health check's timing", async () => {
    // Money is a decimal string everywhere; a `number` here is a TypeScript number the swagger
    // plugin did not know to be whole (give it `type: 'integer'`).
    const numbers: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        if ((node as { type?: unknown }).type === 'number' && !at.endsWith('/responseTime')) numbers.push(at);
        for (const [key, value] of Object.entries(node)) walk(value, `${at}/${key}`);
      }
    };
    walk(await buildOpenApiDocument(t.app), '');
    expect(numbers).toEqual([]);
  });

  it('gives every request body an example the server would accept ("Try it out" sends valid values)', async () => {
    // Swagger UI prefills a body from the examples, defaults and enums of its schema and falls
    // back to dummies ("string", 0) that the server refuses: every leaf needs one of those, and
    // the assembled body must be an instance of its own schema.
    const document = await buildOpenApiDocument(t.app);
    const schemas = document.components!.schemas as Record<string, Record<string, any>>;
    const problems: string[] = [];
    const sample = (schema: Record<string, any>, at: string): unknown => {
      if ('example' in schema) return schema.example;
      if (schema.$ref) return sample(schemas[String(schema.$ref).replace('#/components/schemas/', '')], at);
      if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part: any) => sample(part, at)));
      if ('default' in schema) return schema.default;
      if (schema.enum) return schema.enum[0];
      if (schema.type === 'boolean') return true;
      if (schema.type === 'array') return [sample(schema.items ?? {}, `${at}[]`)];
      // An empty body ({} or nothing) and a free-form map: Swagger UI sends {} / a sample key.
      if (schema.type === 'object' && !schema.properties && schema.additionalProperties !== undefined) return {};
      if (schema.properties) {
        return Object.fromEntries(
          Object.entries(schema.properties).map(([name, item]) => [name, sample(item as any, `${at}.${name}`)]),
        );
      }
      problems.push(`${at}: no example`);
      return undefined;
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of METHODS) {
        const schema = (item as any)[method]?.requestBody?.content?.['application/json']?.schema;
        if (!schema) continue;
        const where = `${method.toUpperCase()} ${path}`;
        const body = sample(schema, where);
        for (const problem of schemaProblems(document, schema, body)) problems.push(`${where}: example ${problem}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses DTO metadata that is up to date with the sources (src/metadata.ts)', () => {
    const outputDir = join(ROOT, '.metadata-check');
    try {
      generatePluginMetadata(ROOT, outputDir);
      expect(readFileSync(join(outputDir, 'metadata.ts'), 'utf8')).toBe(
        readFileSync(join(ROOT, 'src/metadata.ts'), 'utf8'),
      );
    } finally {
      rmSync(outputDir, { recursive: true, force: true });
    }
  });
});
