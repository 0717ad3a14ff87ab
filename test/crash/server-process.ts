import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** The built API server (`npm run build` → dist/src/main.js) as a child process on loopback. */
export class ServerProcess {
  /** Log lines (JSON) of every start, in order. */
  readonly lines: string[] = [];
  private child?: ChildProcess;

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  static async create(env: Record<string, string>): Promise<ServerProcess> {
    return new ServerProcess(await freePort(), env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Spawns the server; `onLine` sees each log line as it arrives. */
  spawn(extraEnv: Record<string, string> = {}, onLine?: (line: string) => void): void {
    const child = spawn(process.execPath, [join(__dirname, '../../dist/src/main.js')], {
      env: { PATH: process.env.PATH ?? '', ...this.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let rest = '';
    const take = (chunk: Buffer) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        this.lines.push(line);
        onLine?.(line);
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
  }

  /** Resolves once GET /health answers 200; rejects if the process exits first or after `ms`. */
  async healthy(ms = 40_000): Promise<void> {
    const child = this.child!;
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited (${child.exitCode ?? child.signalCode}): ${this.lines.slice(-5).join('\n')}`);
      }
      try {
        const res = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`server not healthy within ${ms} ms: ${this.lines.slice(-5).join('\n')}`);
  }

  /** SIGKILL: no shutdown hook runs, in-flight requests and transactions are cut off. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
