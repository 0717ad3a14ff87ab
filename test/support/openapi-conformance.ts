import type { OpenAPIObject } from '@nestjs/swagger';
import type { RecordedAnswer } from '@app/testing';

type Schema = Record<string, any>;

/**
 * Checks real answers against the OpenAPI document: the status must be documented for the
 * operation, and a JSON body must conform to that response's schema; a request the server
 * accepted (2xx) must conform to the documented request body. Returns one line per violation.
 * Answers of routes the document does not describe (test probes, /api/docs) are not checked.
 */
export function conformanceProblems(document: OpenAPIObject, answers: RecordedAnswer[]): string[] {
  const problems = new Set<string>();
  for (const answer of answers) {
    if (!answer.route) continue;
    const path = answer.route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const operation = (document.paths[path] as Record<string, any> | undefined)?.[answer.method.toLowerCase()];
    if (!operation) continue;
    const where = `${answer.method} ${path} → ${answer.status}`;
    const response = operation.responses[String(answer.status)] ?? operation.responses.default;
    if (!response) {
      problems.add(`${where}: status not documented`);
      continue;
    }
    const schema = response.content?.['application/json']?.schema;
    if (schema && answer.contentType?.startsWith('application/json') && answer.body !== '') {
      for (const problem of validate(document, schema, JSON.parse(answer.body), '')) {
        problems.add(`${where}: answer ${problem}`);
      }
    }
    const requestSchema = operation.requestBody?.content?.['application/json']?.schema;
    if (requestSchema && answer.status < 300 && answer.requestBody !== undefined) {
      for (const problem of validate(document, requestSchema, answer.requestBody, '')) {
        problems.add(`${where}: accepted request ${problem}`);
      }
    }
  }
  return [...problems];
}

/** What is wrong with `value` as an instance of `schema` (OpenAPI 3.0 subset the document uses). */
export function schemaProblems(document: OpenAPIObject, schema: Schema, value: unknown): string[] {
  return validate(document, schema, value, '');
}

function resolve(document: OpenAPIObject, schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const name = String(current.$ref).replace('#/components/schemas/', '');
    current = (document.components?.schemas as Record<string, Schema>)[name];
    if (!current) throw new Error(`unresolved ${schema.$ref}`);
  }
  return current;
}

/** The OpenAPI 3.0 schema keywords the document uses. */
function validate(document: OpenAPIObject, raw: Schema, value: unknown, at: string): string[] {
  const schema = resolve(document, raw);
  const here = at || '(body)';
  if (value === null) {
    const nullable =
      schema.nullable === true || (schema.allOf ?? []).some((s: Schema) => resolve(document, s).nullable);
    return nullable || Object.keys(schema).length === 0 ? [] : [`${here} is null, not nullable`];
  }
  const problems: string[] = [];
  for (const part of schema.allOf ?? []) problems.push(...validate(document, part, value, at));
  for (const [keyword, need] of [
    ['oneOf', 1],
    ['anyOf', 0],
  ] as const) {
    const options: Schema[] | undefined = schema[keyword];
    if (!options) continue;
    const matching = options.filter((option) => validate(document, option, value, at).length === 0).length;
    if (need === 1 ? matching !== 1 : matching === 0) problems.push(`${here} matches ${matching} of ${keyword}`);
  }
  if (schema.enum && !schema.enum.includes(value)) problems.push(`${here} = ${JSON.stringify(value)} not in enum`);
  const type = schema.type as string | undefined;
  const actual = Array.isArray(value) ? 'array' : typeof value;
  if (type === 'integer') {
    if (!Number.isInteger(value)) problems.push(`${here} is ${actual}, not integer`);
  } else if (type && type !== (actual === 'bigint' ? 'number' : actual)) {
    return [...problems, `${here} is ${actual}, not ${type}`];
  }
  if (typeof value === 'string') {
    if (schema.pattern && !new RegExp(schema.pattern).test(value))
      problems.push(`${here} does not match ${schema.pattern}`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      problems.push(`${here} longer than ${schema.maxLength}`);
    if (schema.minLength !== undefined && value.length < schema.minLength)
      problems.push(`${here} shorter than ${schema.minLength}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${here} below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${here} above ${schema.maximum}`);
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => problems.push(...validate(document, schema.items, item, `${at}[${index}]`)));
  }
  if (actual === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) {
      if (!(name in object)) problems.push(`${at ? `${at}.` : ''}${name} is missing (documented as required)`);
    }
    const properties: Record<string, Schema> = schema.properties ?? {};
    for (const [name, item] of Object.entries(object)) {
      const path = `${at ? `${at}.` : ''}${name}`;
      if (properties[name]) problems.push(...validate(document, properties[name], item, path));
      else if (schema.additionalProperties === false) problems.push(`${path} is not documented`);
      else if (typeof schema.additionalProperties === 'object') {
        problems.push(...validate(document, schema.additionalProperties, item, path));
      }
    }
  }
  return problems;
}
