import { Socket, connect } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Answer {
  status: number;
  body: string;
}

/**
 * One keep-alive HTTP/1.1 connection to 127.0.0.1 with a minimal response parser: a load
 * client that costs far less CPU than fetch, so on a 2-core machine most of the CPU stays
 * with the server being measured. Answers must carry Content-Length or be chunked.
 */
export class Connection {
  private socket!: Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting?: { resolve: (a: Answer) => void; reject: (e: Error) => void };

  private constructor(
    private readonly port: number,
    private readonly fixedHeaders: string,
  ) {}

  static async open(port: number, headers: Record<string, string> = {}): Promise<Connection> {
    const fixed = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    const connection = new Connection(port, fixed);
    await connection.connect();
    return connection;
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.buffer = Buffer.alloc(0);
      this.socket = connect({ host: '127.0.0.1', port: this.port, noDelay: true }, () => resolve());
      this.socket.once('error', reject);
      this.socket.on('error', (error) => this.fail(error));
      this.socket.on('close', () => this.fail(new Error('connection closed')));
      this.socket.on('data', (chunk: Buffer) => {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        this.parse();
      });
    });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(error);
  }

  async request(method: string, path: string, body?: unknown): Promise<Answer> {
    if (this.socket.destroyed) await this.connect();
    const payload = body === undefined ? '' : JSON.stringify(body);
    const head =
      `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${this.fixedHeaders}` +
      (body === undefined
        ? ''
        : `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n`) +
      '\r\n';
    return new Promise<Answer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(head + payload);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private parse(): void {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end < 0 || !this.waiting) return;
    const head = this.buffer.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let body: string;
    let consumed: number;
    if (length) {
      consumed = end + 4 + Number(length[1]);
      if (this.buffer.length < consumed) return;
      body = this.buffer.subarray(end + 4, consumed).toString('utf8');
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = end + 4;
      for (;;) {
        const lineEnd = this.buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffer.subarray(at, lineEnd).toString('latin1'), 16);
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          consumed = lineEnd + 4;
          break;
        }
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts).toString('utf8');
    } else {
      consumed = end + 4;
      body = '';
    }
    this.buffer = this.buffer.subarray(consumed);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (/\r\nconnection:\s*close/i.test(head)) this.socket.destroy();
    waiting.resolve({ status, body });
  }
}

/** Latencies of named calls (ms), for percentiles. */
export class Latencies {
  private readonly byCall = new Map<string, number[]>();

  async time<T>(call: string, work: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const result = await work();
    const list = this.byCall.get(call) ?? [];
    list.push(performance.now() - t0);
    this.byCall.set(call, list);
    return result;
  }

  /** p-th percentile over every call, or over one named call. */
  percentile(p: number, call?: string): number {
    const values = call ? [...(this.byCall.get(call) ?? [])] : [...this.byCall.values()].flat();
    if (values.length === 0) return NaN;
    values.sort((a, b) => a - b);
    return values[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
  }

  calls(): string[] {
    return [...this.byCall.keys()];
  }

  /** The latencies of `parts` (the slices of one scenario) together. */
  static merged(parts: Latencies[]): Latencies {
    const all = new Latencies();
    for (const part of parts) {
      for (const [call, values] of part.byCall) all.byCall.set(call, [...(all.byCall.get(call) ?? []), ...values]);
    }
    return all;
  }
}

export interface LoadResult {
  iterations: number;
  failures: number;
  seconds: number;
  perSecond: number;
  latencies: Latencies;
  firstFailure?: string;
}

/**
 * Runs `iteration` from `clients` concurrent workers until `seconds` have passed or
 * `maxIterations` were started (both bounds always apply). A thrown error counts as a failure.
 */
export async function load(options: {
  clients: number;
  seconds: number;
  maxIterations: number;
  setup: (worker: number) => Promise<unknown>;
  iteration: (state: any, i: number, latencies: Latencies) => Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
  teardown?: (state: any) => void | Promise<void>; // eslint-disable-line @typescript-eslint/no-explicit-any
}): Promise<LoadResult> {
  const states = await Promise.all(Array.from({ length: options.clients }, (_, w) => options.setup(w)));
  const latencies = new Latencies();
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + options.seconds * 1000;
  await Promise.all(
    states.map(async (state) => {
      while (started < options.maxIterations && performance.now() < deadline) {
        const i = started++;
        try {
          await options.iteration(state, i, latencies);
        } catch (error) {
          failures++;
          firstFailure ??= (error as Error).message;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  if (options.teardown) for (const state of states) await options.teardown(state);
  return { iterations: started, failures, seconds, perSecond: (started - failures) / seconds, latencies, firstFailure };
}

/** Throws unless the answer has this status; returns the parsed JSON body. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function expectStatus(answer: Answer, status: number, what: string): any {
  if (answer.status !== status) throw new Error(`${what}: HTTP ${answer.status} ${answer.body.slice(0, 300)}`);
  return answer.body ? JSON.parse(answer.body) : undefined;
}
