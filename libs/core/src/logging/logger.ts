import { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';

const reported = new WeakSet<Error>();

/**
 * A configuration error stops the process, and the operator must see why whatever LOG_LEVEL says
 * (with `silent` the process used to exit 1 without a word): its one line goes to stderr, once.
 */
export function reportConfigError(error: unknown, stderr: { write(text: string): unknown } = process.stderr): void {
  if (!(error instanceof ConfigError) || reported.has(error)) return;
  reported.add(error);
  stderr.write(`${error.message}\n`);
}

/** Field names whose values never reach a log line, at any depth we log. */
export const SECRET_FIELDS = [
  'password',
  'newPassword',
  'otp',
  'otpCode',
  'authorizationCode',
  'token',
  'accessToken',
  'secret',
  'clientSecret',
  'Authorization',
  'authorization',
  'cookie',
] as const;

const SECRET_KEYS: ReadonlySet<string> = new Set(SECRET_FIELDS);
export const REDACTED = '[REDACTED]';
/** Levels of nesting below a log line's fields that are searched for secret fields. */
const REDACT_DEPTH = 8;
/** Fields with a serializer of their own: what they log is censored there (request, answer, error). */
const SERIALIZED_FIELDS: ReadonlySet<string> = new Set(['req', 'res', 'err']);

/** Whether a value is a container whose fields JSON.stringify writes as they are. */
function isSearchable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return false;
  return typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** An object JSON.stringify writes through its own toJSON (a Date, or a class that decides its JSON). */
function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * `value` with every secret field (SECRET_FIELDS) at most `depth` levels down replaced by
 * REDACTED. Copy on write: containers on the way to a secret are copied (the caller's objects are
 * never changed), everything else is returned as it is, so a line without secrets costs a walk.
 */
export function redactSecrets<T>(value: T, depth = REDACT_DEPTH): T {
  if (depth < 0) return value;
  if (hasToJson(value) && !(value instanceof Date) && !ArrayBuffer.isView(value)) {
    // What gets logged is toJSON's result, so that is what is searched.
    const json = value.toJSON();
    const redacted = redactSecrets(json, depth);
    return (redacted === json ? value : redacted) as T;
  }
  if (!isSearchable(value)) return value;
  let copy: Record<string, unknown> | unknown[] | undefined;
  const source = value as Record<string, unknown>;
  for (const key in source) {
    if (!Object.prototype.hasOwnProperty.call(source, key)) continue;
    const field = source[key];
    const redacted = SECRET_KEYS.has(key) && field !== undefined ? REDACTED : redactSecrets(field, depth - 1);
    if (redacted === field) continue;
    copy ??= Array.isArray(source) ? [...(source as unknown[])] : { ...source };
    (copy as Record<string, unknown>)[key] = redacted;
  }
  return (copy ?? value) as T;
}

/** pino's `formatters.log`: the fields of a line without secrets (serialized fields: see there). */
function redactFields(fields: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, key) || SERIALIZED_FIELDS.has(key)) continue;
    const field = fields[key];
    const redacted = SECRET_KEYS.has(key) && field !== undefined ? REDACTED : redactSecrets(field);
    if (redacted === field) continue;
    copy ??= { ...fields };
    copy[key] = redacted;
  }
  return copy ?? fields;
}

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_FIELDS.join('|')})=)[^&]*`, 'gi');

/**
 * The log is asynchronous with a bounded buffer: lines collect in memory until 4 KiB are
 * pending (or 200 ms pass) and are written in one call; past 8 MiB pending (the disk or pipe
 * cannot keep up) further lines are dropped and counted, and a warning with the count follows
 * once there is room again. The buffer is flushed when the server closes and at process exit.
 */
export const LOG_BUFFER = { flushBytes: 4096, flushIntervalMs: 200, maxBytes: 8 * 1024 * 1024 } as const;

/** The process's stdout as a buffered asynchronous log destination (LOG_BUFFER). */
export function bufferedStdout(): DestinationStream {
  const destination = pino.destination({
    sync: false,
    minLength: LOG_BUFFER.flushBytes,
    maxLength: LOG_BUFFER.maxBytes,
    periodicFlush: LOG_BUFFER.flushIntervalMs,
  });
  let dropped = 0;
  destination.on('drop', () => dropped++);
  const report = setInterval(() => {
    if (dropped === 0) return;
    const line = { level: 40, time: new Date().toISOString(), app: 'stepwise', pid: process.pid, dropped };
    destination.write(`${JSON.stringify({ ...line, msg: 'log buffer full: lines dropped' })}\n`);
    dropped = 0;
  }, 1000);
  report.unref();
  return destination;
}

/**
 * Fields of database errors (TypeORM's QueryFailedError, mysql2, better-sqlite3) that carry the
 * statement and its bound values, i.e. whatever the user sent (a whole form data once): never logged.
 */
export const DATABASE_ERROR_FIELDS = ['query', 'parameters', 'sql', 'driverError'] as const;

/**
 * pino's error serializer, without the statement and values of database errors (at any cause
 * depth) and without secret fields.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  const scrub = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > 5) return;
    const record = value as Record<string, unknown>;
    for (const field of DATABASE_ERROR_FIELDS) delete record[field];
    scrub(record.cause, depth + 1);
  };
  scrub(serialized, 0);
  return redactSecrets(serialized);
}

/** The request id of the HTTP request being served, for log lines written deep in services. */
export const requestContext = new AsyncLocalStorage<{
  requestId: string;
  /** The caller's IP address as Fastify sees it (X-Forwarded-For only from a TRUST_PROXY proxy). */
  ip?: string;
  /** The config_version read for this request (ConfigCache), once. */
  configVersion?: Promise<number>;
}>();

/** Where the HTTP request being served comes from (for audit rows); undefined outside a request. */
export function currentRequestOrigin(): { requestId: string; ip: string | null } | undefined {
  const store = requestContext.getStore();
  return store && { requestId: store.requestId, ip: store.ip ?? null };
}

/**
 * The process's one pino logger: JSON lines, secrets redacted, requests logged without
 * headers or bodies and with secret query parameters masked. Fastify logs each request
 * through it; Nest and the services log through PinoLoggerService.
 *
 * Secrets are redacted by a walk over each line's fields (`redactSecrets`, copy on write)
 * rather than pino's `redact` paths: its 48 wildcard paths cost more CPU per line than the
 * rest of the line did (issue 13), and the walk reaches deeper. Requests and answers are logged
 * only through their serializers, which keep no header and no body.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { app: 'stepwise', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: redactFields },
      serializers: {
        err: serializeError,
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          method: req.method,
          url: req.url?.replace(SECRET_QUERY, '$1[REDACTED]'),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? bufferedStdout(),
  );
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's start-up chatter (one line per module and per mapped route, some 250 lines) is debug
 * detail: at info it buries what an operator must see.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** Nest's LoggerService over the root pino logger; adds the context and the current request id. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    const context = params[params.length - 1];
    this.write(typeof context === 'string' && START_UP_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  /** Nest passes the logger's context last; an object first is merged as fields. */
  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    // main.ts prints a configuration error as its one line; Nest's start-up handler would add a stack.
    if (message instanceof ConfigError && context === 'ExceptionHandler') {
      reportConfigError(message); // its one line, whatever LOG_LEVEL says; no stack
      return;
    }
    const fields: Record<string, unknown> = { context, requestId: requestContext.getStore()?.requestId };
    let text: string | undefined;
    if (message instanceof Error) {
      reportConfigError(message); // raised inside a lib's provider, logged by Nest before it exits
      fields.err = message;
      text = message.message;
    } else if (typeof message === 'object' && message !== null) {
      Object.assign(fields, message);
      text = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
    } else {
      text = String(message);
      if (level === 'error' && typeof rest[0] === 'string') fields.stack = rest.shift();
    }
    this.root[level](fields, text);
  }
}
