import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Channels a one-time code goes out on (labels, not an enum of any lib). */
export type CodeChannel = 'SMS' | 'EMAIL' | 'TOTP' | 'OCRA' | 'PUSH';

/** Messages waiting for delivery per channel, read when Prometheus scrapes. */
export type OutboxDepthSource = () => Promise<Array<{ channel: string; count: number }>>;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The process's Prometheus metrics (served at /metrics, scope `metrics`; the worker on
 * WORKER_PORT). One registry per application, not prom-client's global one, so several apps in
 * one process (tests) never share counts. Label values are bounded: route patterns, not URLs;
 * no user, operation or message ids.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'stepwise_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'stepwise_http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly codesIssued = new Counter({
    name: 'stepwise_codes_issued_total',
    help: 'One-time codes issued, by channel.',
    labelNames: ['channel'],
    registers: [this.registry],
  });
  private readonly codesVerified = new Counter({
    name: 'stepwise_codes_verified_total',
    help: 'Successful code verifications, by channel.',
    labelNames: ['channel'],
    registers: [this.registry],
  });
  private readonly codesFailed = new Counter({
    name: 'stepwise_codes_failed_total',
    help: 'Failed code verifications, by channel and reason.',
    labelNames: ['channel', 'reason'],
    registers: [this.registry],
  });
  private readonly deliveryAttempts = new Counter({
    name: 'stepwise_delivery_attempts_total',
    help: 'Send attempts of outbox messages, by channel, transport and outcome (sent, failed).',
    labelNames: ['channel', 'transport', 'outcome'],
    registers: [this.registry],
  });
  private readonly deliveriesGivenUp = new Counter({
    name: 'stepwise_delivery_given_up_total',
    help: 'Outbox messages given up undelivered, by channel and final status (FAILED, EXPIRED).',
    labelNames: ['channel', 'status'],
    registers: [this.registry],
  });
  private readonly possibleDuplicates = new Counter({
    name: 'stepwise_delivery_possible_duplicates_total',
    help: 'Outbox messages sent again after an attempt whose outcome was never recorded (the process died between the gateway answer and the database write): the recipient may get them twice; the gateway can tell by the Idempotency-Key.',
    labelNames: ['channel'],
    registers: [this.registry],
  });
  private readonly jobRuns = new Counter({
    name: 'stepwise_job_runs_total',
    help: 'Runs of scheduled jobs in this process, by job and outcome (ok, failed).',
    labelNames: ['job', 'outcome'],
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'stepwise_job_run_duration_seconds',
    help: 'Duration of scheduled job runs, by job.',
    labelNames: ['job'],
    buckets: SECONDS,
    registers: [this.registry],
  });
  private readonly leaseTakeovers = new Counter({
    name: 'stepwise_job_lease_takeovers_total',
    help: 'Job leases taken over after their holder let them run out without releasing (crashed or stuck).',
    labelNames: ['job'],
    registers: [this.registry],
  });
  private outboxDepthSource?: OutboxDepthSource;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'stepwise_' });
    const pending = () => this.outboxDepthSource?.() ?? Promise.resolve([]);
    new Gauge({
      name: 'stepwise_outbox_pending_messages',
      help: 'Outbox messages still to be delivered (PENDING), by channel.',
      labelNames: ['channel'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const row of await pending()) this.set({ channel: row.channel }, row.count);
      },
    });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  codeIssued(channel: CodeChannel): void {
    this.codesIssued.inc({ channel });
  }

  codeVerified(channel: CodeChannel): void {
    this.codesVerified.inc({ channel });
  }

  /** `reason`: a short fixed word or message key (wrong, expired, exhausted, …), never input. */
  codeFailed(channel: CodeChannel, reason: string): void {
    this.codesFailed.inc({ channel, reason });
  }

  deliveryAttempt(channel: string, transport: string, outcome: 'sent' | 'failed'): void {
    this.deliveryAttempts.inc({ channel, transport, outcome });
  }

  deliveryGivenUp(channel: string, status: 'FAILED' | 'EXPIRED', count = 1): void {
    this.deliveriesGivenUp.inc({ channel, status }, count);
  }

  deliveryPossibleDuplicate(channel: string): void {
    this.possibleDuplicates.inc({ channel });
  }

  jobRun(job: string, outcome: 'ok' | 'failed', seconds: number): void {
    this.jobRuns.inc({ job, outcome });
    this.jobDuration.observe({ job }, seconds);
  }

  leaseTakeover(job: string): void {
    this.leaseTakeovers.inc({ job });
  }

  /** The delivery lib tells where the outbox depth comes from (a query at scrape time). */
  setOutboxDepthSource(source: OutboxDepthSource): void {
    this.outboxDepthSource = source;
  }

  /** The text exposition format for a scrape. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
