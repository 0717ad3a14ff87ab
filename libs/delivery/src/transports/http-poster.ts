import * as http from 'node:http';
import * as https from 'node:https';

/**
 * Idle connections are closed after this long: below the 5 s keep-alive of common servers
 * (Node's default), so a request rarely meets a connection the other side is just closing.
 */
const IDLE_TIMEOUT_MS = 4000;

/**
 * POSTs to one URL over kept-alive connections of node:http(s). `fetch` cost some 0.3 ms of CPU
 * per message against 0.05 ms here (issue 13), which counted in every code sent.
 */
export class HttpPoster {
  private readonly agent: http.Agent;
  private readonly send: typeof http.request;

  constructor(private readonly url: URL) {
    const secure = url.protocol === 'https:';
    const options = { keepAlive: true, timeout: IDLE_TIMEOUT_MS };
    this.agent = secure ? new https.Agent(options) : new http.Agent(options);
    this.send = secure ? https.request : http.request;
  }

  /**
   * The answer's status once its head arrived (the body is discarded). Rejects with an error
   * named TimeoutError when no answer came within `timeoutMs`, else with the socket's error,
   * whose `code` (ECONNREFUSED, ECONNRESET, …) says whether the request may have gone out.
   */
  post(headers: Record<string, string>, body: string, timeoutMs: number): Promise<number> {
    const payload = Buffer.from(body, 'utf8');
    return new Promise((resolve, reject) => {
      const request = this.send(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(payload.length) } },
        (response) => {
          clearTimeout(timer);
          response.on('error', () => undefined); // a cut during the discarded body changes nothing
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      const timer = setTimeout(() => {
        const error = new Error(`no answer within ${timeoutMs} ms`);
        error.name = 'TimeoutError';
        request.destroy(error);
      }, timeoutMs);
      // as AbortSignal.timeout's: the open request holds the process, its deadline alone does not
      timer.unref();
      request.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      request.end(payload);
    });
  }
}
