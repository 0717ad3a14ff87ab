import { INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiResponse, DECORATORS, OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  ResponseObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { API_MOUNTS, PLAIN_ERROR, mountOf } from './apis';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Where loadPluginMetadata keeps a class's metadata (not exported by the package). */
const METADATA_FACTORY_NAME = '_OPENAPI_METADATA_FACTORY';

type PluginMethodMeta = { status?: number; type?: unknown; summary?: string };
type PluginFactory = () => Record<string, PluginMethodMeta>;

/**
 * The success answer of every route. The swagger plugin adds it from the return type only when
 * a route declares no response at all, and RequireScope declares 401/403 on every protected
 * route, so without this generated clients lose the response type (and linters flag routes
 * without a 2xx). Runs before the document is built; idempotent.
 */
export function documentSuccessResponses(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) & { [key: string]: unknown };
      if (!controller?.prototype) continue;
      const plugin = (controller[METADATA_FACTORY_NAME] as PluginFactory | undefined)?.() ?? {};
      // A success response declared on the class (e.g. every step's JSON:API document) holds for each route.
      const onClass = (Reflect.getMetadata(DECORATORS.API_RESPONSE, controller) ?? {}) as Record<string, unknown>;
      if (Object.keys(onClass).some((status) => status.startsWith('2'))) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, name);
        const handler = descriptor?.value as object | undefined;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const responses = (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) ?? {}) as Record<string, unknown>;
        if (Object.keys(responses).some((status) => status.startsWith('2'))) continue;
        const meta = plugin[name] ?? {};
        const status =
          meta.status ??
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
          (method === RequestMethod.POST ? 201 : 200);
        const type = status === 204 ? undefined : meta.type;
        ApiResponse({
          status,
          description: status === 204 ? 'Done; no content.' : status === 201 ? 'Created.' : 'OK.',
          ...(type ? { type: type as never } : {}),
        })(controller.prototype, name, descriptor!);
      }
    }
  }
}

const ERRORS: Record<string, string> = {
  '400':
    'The request was refused: invalid or malformed input, or a rule of the API refused it (Next Step and the Data Adapter answer business errors with 400 too; see the code).',
  '401': 'Missing or wrong API client credentials.',
  '403': 'The API client lacks the scope of this route.',
  '404': 'Nothing exists under this id.',
  '413': 'The body is larger than BODY_LIMIT_BYTES.',
  '415': 'The body was not sent as application/json.',
  '500': 'Unexpected failure; the body carries only the request id (the cause is logged).',
};

/**
 * What every route answers besides its own results, from the request pipeline all routes share:
 * validation (400), the body parser (413, 415), not-found lookups by path id (404), unexpected
 * failures (500); public routes say `security: []`; operations are tagged by API; each error
 * answer has its API's error shape.
 */
export function refineDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  const schemas = document.components.schemas;
  const errorRef = (path: string): ReferenceObject => {
    const mount = mountOf(path);
    const name = mount ? `${mount.tag.replace(/[^A-Za-z]/g, '')}Error` : 'PlainError';
    schemas[name] ??= mount?.error ?? PLAIN_ERROR;
    return { $ref: `#/components/schemas/${name}` };
  };
  for (const [path, item] of Object.entries(document.paths) as Array<[string, PathItemObject]>) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const mount = mountOf(path);
      if (mount) operation.tags = [mount.tag];
      if (!operation.security) operation.security = [];
      const responses = operation.responses as Record<string, ResponseObject>;
      for (const status of expectedErrors(operation)) {
        responses[status] ??= { description: ERRORS[status] };
      }
      if (!Object.keys(responses).some((status) => status.startsWith('4'))) {
        responses['431'] = { description: HEADERS_TOO_LARGE };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (/^[45]/.test(status) && status !== '431' && !response.content) {
          response.content = { 'application/json': { schema: errorRef(path) } };
        }
      }
    }
  }
  uniqueOperationIds(document);
  const used = new Set(
    Object.values(document.paths).flatMap((item: PathItemObject) => HTTP_METHODS.flatMap((m) => item[m]?.tags ?? [])),
  );
  document.tags = API_MOUNTS.filter((mount) => mount.description && used.has(mount.tag)).map((mount) => ({
    name: mount.tag,
    description: mount.description,
  }));
  return document;
}

/**
 * What a route without parameters, body or credentials can still answer with a 4xx: Node.js
 * refuses oversized request headers before any routing, with no body.
 */
const HEADERS_TOO_LARGE = 'Request headers (with the URL) above 16 KiB: refused by Node.js before routing, no body.';

/** Two APIs may name a controller alike (each has a ServiceStatusController): ids get the API's tag. */
function uniqueOperationIds(document: OpenAPIObject): void {
  const operations = Object.values(document.paths).flatMap((item: PathItemObject) =>
    HTTP_METHODS.map((m) => item[m]).filter((op): op is OperationObject => op !== undefined),
  );
  const counts = new Map<string, number>();
  for (const op of operations) counts.set(op.operationId!, (counts.get(op.operationId!) ?? 0) + 1);
  for (const op of operations) {
    if ((counts.get(op.operationId!) ?? 0) > 1) {
      op.operationId = `${(op.tags?.[0] ?? 'api').replace(/[^A-Za-z]/g, '')}_${op.operationId}`;
    }
  }
}

function expectedErrors(operation: OperationObject): string[] {
  const parameters = (operation.parameters ?? []) as ParameterObject[];
  const body = operation.requestBody !== undefined;
  const errors = ['500'];
  if (body || parameters.length > 0) errors.push('400');
  if (body) errors.push('413', '415');
  if (parameters.some((p) => p.in === 'path')) errors.push('404');
  if (operation.security && operation.security.length > 0) errors.push('401', '403');
  return errors;
}
