import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpSink } from '@app/testing';

/**
 * A real HTTP endpoint standing in for the bank's push bridge (PUSH_NOTIFY_URL): records every
 * accepted `{"deviceId","approvalId"}`; `goDown()` closes the port, `comeBack()` reopens it.
 */
export class PushBridgeSink extends HttpSink {
  readonly received: Array<{ deviceId: string; approvalId: string }> = [];

  private constructor() {
    super('/push');
  }

  static async start(): Promise<PushBridgeSink> {
    const sink = new PushBridgeSink();
    await sink.listen();
    return sink;
  }

  /** Waits until `count` notifications arrived (the first attempt runs after the answer). */
  async waitFor(count: number, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`push bridge got ${this.received.length} of ${count}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  protected handle(_req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const keys = body && typeof body === 'object' ? Object.keys(body).sort().join() : '';
    if (keys !== 'approvalId,deviceId') {
      res.writeHead(400).end();
      return;
    }
    this.received.push(body as { deviceId: string; approvalId: string });
    res.writeHead(202).end();
  }
}
