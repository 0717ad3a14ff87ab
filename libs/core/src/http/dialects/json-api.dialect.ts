import { CodeMapping, WireDialect, mapCode } from './wire-dialect';

export const JSON_API_DOCUMENT_TYPE = 'jsonapi.metadata.document';

/** `{"meta":{"type","timestamp"},"data":{"type","id","attributes"}}` as in the Airlock examples. */
export function jsonApiDocument(now: Date, data: { type: string; id: string; attributes: object }) {
  return { meta: { type: JSON_API_DOCUMENT_TYPE, timestamp: now.toISOString() }, data };
}

/** Transaction-approval errors: `{"meta":…,"errors":[{"id","status","code"}]}`. */
export function jsonApiDialect(codes: CodeMapping = {}): WireDialect {
  return {
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
