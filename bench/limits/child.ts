import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A server started as a child process of its own, so its CPU and memory are its own. */
export class ServerProcess {
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {}

  static async start(
    name: string,
    script: string,
    args: string[],
    env: Record<string, string>,
    logDir: string,
    nodeArgs: string[] = [],
  ): Promise<ServerProcess> {
    const logFile = join(logDir, `${name}.log`);
    const log = openSync(logFile, 'w');
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      env,
      stdio: ['ignore', log, 'pipe', 'ipc'],
    });
    closeSync(log);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString();
    });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start within 120 s\n${stderr}`)), 120_000);
      child.on('message', (message: { type?: string; port?: number }) => {
        if (message?.type !== 'listening') return;
        clearTimeout(timer);
        resolve(message.port!);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code} before listening\n${stderr}`));
      });
    });
    return new ServerProcess(name, child, port, logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Statements sent to the database so far (bench server entry only). */
  async statements(): Promise<number> {
    return (await this.ask<{ count: number }>({ type: 'statements' })).count;
  }

  /** The server's process.memoryUsage() (bench server entry only). */
  async memoryUsage(): Promise<NodeJS.MemoryUsage> {
    return (await this.ask<{ usage: NodeJS.MemoryUsage }>({ type: 'memory' })).usage;
  }

  /** Starts the server's CPU profiler (bench server entry only). */
  async startProfile(): Promise<void> {
    await this.ask({ type: 'profile-start' });
  }

  /** Stops the profiler and writes the profile (Chrome .cpuprofile) to `file`. */
  async stopProfile(file: string): Promise<void> {
    await this.ask({ type: 'profile-stop', file });
  }

  /** One request over the IPC channel, answered by a message of the same type. */
  private ask<T>(request: { type: string; file?: string }): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${request.type}`)), 10_000);
      const onMessage = (message: { type?: string } & T) => {
        if (message?.type !== request.type) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.child.send(request);
    });
  }

  /** Bytes written to the log so far. */
  logBytes(): number {
    return statSync(this.logFile).size;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}
