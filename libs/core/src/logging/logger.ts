import { LoggerService } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config/app-config';

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

const REDACT_PATHS = [
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
  'req.headers.authorization',
  'req.headers.cookie',
];

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_FIELDS.join('|')})=)[^&]*`, 'gi');

/**
 * Fields of database errors (TypeORM's QueryFailedError, mysql2, better-sqlite3) that carry the
 * statement and its bound values, i.e. whatever the user sent (a whole form data once): never logged.
 */
export const DATABASE_ERROR_FIELDS = ['query', 'parameters', 'sql', 'driverError'] as const;

/** pino's error serializer, without the statement and values of database errors (at any cause depth). */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  const scrub = (value: unknown, depth: number): void => {
    if (typeof value !== 'object' || value === null || depth > 5) return;
    const record = value as Record<string, unknown>;
    for (const field of DATABASE_ERROR_FIELDS) delete record[field];
    scrub(record.cause, depth + 1);
  };
  scrub(serialized, 0);
  return serialized;
}

/** The request id of the HTTP request being served, for log lines written deep in services. */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

/**
 * The process's one pino logger: JSON lines, secrets redacted, requests logged without
 * headers or bodies and with secret query parameters masked. Fastify logs each request
 * through it; Nest and the services log through PinoLoggerService.
 */
export function createRootLogger(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { app: 'stepwise', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      serializers: {
        err: serializeError,
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          method: req.method,
          url: req.url?.replace(SECRET_QUERY, '$1[REDACTED]'),
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Nest's LoggerService over the root pino logger; adds the context and the current request id. */
export class PinoLoggerService implements LoggerService {
  constructor(private readonly root: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
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
    const fields: Record<string, unknown> = { context, requestId: requestContext.getStore()?.requestId };
    let text: string | undefined;
    if (message instanceof Error) {
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
