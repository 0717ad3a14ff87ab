import { createHash } from 'node:crypto';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * JSON with object keys sorted at every level and no whitespace: the one byte string both the
 * server and the device hash, whatever order the values were written in.
 */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What a device signs a decision over: the hash of exactly what it showed. */
export function approvalDataHash(input: {
  flowId: string;
  message: string;
  messageParameters: Record<string, string>;
}): string {
  return sha256Hex(
    canonicalJson({ flowId: input.flowId, message: input.message, messageParameters: input.messageParameters }),
  );
}
