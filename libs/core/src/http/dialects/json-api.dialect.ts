import { CodeMapping, WireDialect, mapCode } from './wire-dialect';

export const JSON_API_DOCUMENT_TYPE = 'jsonapi.metadata.document';

/** `{"meta":{"type","timestamp"},"data":{"type","id","attributes"}}` as in the Airlock examples. */
export function jsonApiDocument(now: Date, data: { type: string; id: string; attributes: object }) {
  return { meta: { type: JSON_API_DOCUMENT_TYPE, timestamp: now.toISOString() }, data };
}

/** What a controller under a JSON:API mount returns: the resource, rendered as `data`. */
export interface JsonApiResource {
  id: string;
  attributes: object;
}

export interface JsonApiDialectOptions {
  /** `data.type` of every success document, e.g. `transaction-approval.session`. */
  resourceType: string;
  codes?: CodeMapping;
}

/**
 * Transaction-approval answers: success documents `{"meta":{"type","timestamp"},"data":{"type",
 * "id","attributes"}}` from a controller's `{id, attributes}`, errors
 * `{"meta":…,"errors":[{"id","status","code","detail","source"?,"meta"?}]}`.
 */
export function jsonApiDialect(options: JsonApiDialectOptions): WireDialect {
  const codes = options.codes ?? {};
  return {
    renderSuccess(result, now) {
      const resource = result as JsonApiResource;
      return jsonApiDocument(now, { type: options.resourceType, id: resource.id, attributes: resource.attributes });
    },
    renderError(error, now) {
      const { status, code, message } = mapCode(error, codes);
      const entries =
        error.fieldErrors.length > 0
          ? error.fieldErrors.map((f) => ({
              id: error.requestId,
              status,
              code,
              detail: f.message,
              source: { pointer: `/${f.path.replace(/\./g, '/')}` },
            }))
          : [
              {
                id: error.requestId,
                status,
                code,
                detail: message,
                ...(Object.keys(error.details).length ? { meta: error.details } : {}),
              },
            ];
      return {
        status,
        body: { meta: { type: JSON_API_DOCUMENT_TYPE, timestamp: now.toISOString() }, errors: entries },
      };
    },
  };
}
