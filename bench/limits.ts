import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { ServerProcess } from './limits/child';
import { Connection, Latencies, LoadResult, expectStatus, load } from './limits/http-client';
import { cpuSeconds, databasePid, memory } from './limits/proc';
import { CapturedCall, captureFlow, newToken, replay } from './limits/replay';
import {
  BenchUser,
  STATUS_PATH,
  createUser,
  detail,
  passwordCheck,
  paymentFlow,
  smsRoundTrip,
} from './limits/scenarios';
import { SmsSink } from './limits/sms-sink';

/**
 * Issue 13's benchmark: stepwise beside the limits of this machine, measured in one run.
 *   npm run bench:limits
 * Settings: BENCH_CLIENTS (64), BENCH_SECONDS per scenario (6), BENCH_MAX_ITERATIONS per
 * scenario (100000), BENCH_MYSQL_URL (mysql://root@127.0.0.1:3306; a scratch database is
 * created there and dropped at the end), BENCH_JSON (write the figures to this file),
 * BENCH_PROFILE_DIR (a CPU profile of the stepwise server per scenario, `<server>-<scenario>.cpuprofile`).
 * Every server is a child process on 127.0.0.1; every scenario is bounded in time and count.
 */
const CLIENTS = bounded('BENCH_CLIENTS', 64, 1, 256);
const SECONDS = bounded('BENCH_SECONDS', 6, 1, 120);
const MAX_ITERATIONS = bounded('BENCH_MAX_ITERATIONS', 100_000, 10, 1_000_000);
const MYSQL_URL = (process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306').replace(/\/+$/, '');
const WARM_UP_SECONDS = 1;
/** Node flags and environment of the stepwise servers besides the defaults, for what-if runs. */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const EXTRA_ENV = Object.fromEntries(
  (process.env.BENCH_SERVER_ENV ?? '')
    .split(' ')
    .filter(Boolean)
    .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
/** Write a CPU profile of the server per measured scenario into this directory. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR ?? '';
/** The server's MySQL pool size (data-source-options.ts); the replay uses as many connections. */
const POOL_SIZE = 20;

function bounded(name: string, fallback: number, min: number, max: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be ${min}..${max}`);
  return value;
}

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
const run = randomBytes(4).toString('hex');
const dist = join(__dirname);

interface Measured extends LoadResult {
  cpuMsPerIteration: number;
  logBytesPerIteration?: number;
  logLinesPerIteration?: number;
}

/** Runs a load against a server process and adds its CPU (and log volume) per iteration. */
async function measure(
  server: ServerProcess,
  scenario: string,
  options: Parameters<typeof load>[0],
  perIterationRequests = 1,
): Promise<Measured> {
  const profile = PROFILE_DIR && server.name.startsWith('stepwise');
  if (profile) await server.startProfile();
  const cpu0 = cpuSeconds(server.pid);
  const database = databasePid();
  const databaseCpu0 = database ? cpuSeconds(database) : 0;
  const client0 = process.cpuUsage();
  const bytes0 = server.logBytes();
  const lines0 = countLines(server.logFile);
  const result = await load(options);
  // read before the profile is written, whose serialization is no part of the scenario
  const serverCpu = cpuSeconds(server.pid) - cpu0;
  // where the 2 cores went: a server well below 100 % is waiting for the database or the client
  const share = (seconds: number) => `${((100 * seconds) / result.seconds).toFixed(0)} %`;
  const client = process.cpuUsage(client0);
  log(
    `  CPU of one core: server ${share(serverCpu)}, ` +
      `${database ? `MariaDB ${share(cpuSeconds(database) - databaseCpu0)}, ` : ''}` +
      `load client ${share((client.user + client.system) / 1e6)}`,
  );
  if (profile) await server.stopProfile(join(PROFILE_DIR, `${server.name}-${scenario}.cpuprofile`));
  const done = Math.max(1, result.iterations - result.failures);
  const measured: Measured = { ...result, cpuMsPerIteration: (serverCpu * 1000) / done };
  // the log is asynchronous: give it a moment to reach the file
  await new Promise((resolve) => setTimeout(resolve, 300));
  measured.logBytesPerIteration = (server.logBytes() - bytes0) / (done * perIterationRequests);
  measured.logLinesPerIteration = (countLines(server.logFile) - lines0) / (done * perIterationRequests);
  if (result.failures > 0) log(`  ${result.failures} failures, first: ${result.firstFailure}`);
  const { rssMiB, peakMiB } = memory(server.pid);
  const heap = server.name.startsWith('stepwise') ? await server.memoryUsage() : undefined;
  const mib = (bytes: number) => (bytes / 1048576).toFixed(0);
  log(
    `  ${result.perSecond.toFixed(0)}/s; server RSS ${rssMiB.toFixed(0)} MiB, peak so far ${peakMiB.toFixed(0)} MiB` +
      (heap ? ` (heap ${mib(heap.heapUsed)}/${mib(heap.heapTotal)} MiB, external ${mib(heap.external)} MiB)` : ''),
  );
  return measured;
}

function countLines(file: string): number {
  let n = 0;
  const data = readFileSync(file);
  for (let i = data.indexOf(10); i >= 0; i = data.indexOf(10, i + 1)) n++;
  return n;
}

/** A connection per client, with Basic credentials when given. */
const connections = (port: number, auth?: string) => () => Connection.open(port, auth ? { Authorization: auth } : {});

/** Slices per contender of a scenario measured in turn: the machine's speed drifts within a run. */
const ROUNDS = 3;

/** One of the servers (or the replay) of a scenario measured in turn with its limits. */
interface Contender {
  name: string;
  warmUp(): Promise<unknown>;
  slice(seconds: number, round: number): Promise<Measured>;
}

/**
 * Each contender in turn, ROUNDS times (SECONDS in all per contender), after a warm-up of
 * each, so a change in the machine's speed during the run falls on stepwise and its limits alike.
 */
async function inTurn(contenders: Contender[]): Promise<Measured[]> {
  for (const contender of contenders) await contender.warmUp();
  const slices = contenders.map((): Measured[] => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, contender] of contenders.entries()) {
      log(`  ${contender.name}, slice ${round + 1} of ${ROUNDS}`);
      slices[i].push(await contender.slice(SECONDS / ROUNDS, round));
    }
  }
  return slices.map(combine);
}

const statusOptions = (server: ServerProcess, seconds: number) => ({
  clients: CLIENTS,
  seconds,
  maxIterations: MAX_ITERATIONS * 10,
  setup: connections(server.port),
  iteration: async (http: Connection) => {
    expectStatus(await http.request('GET', STATUS_PATH), 200, 'status');
  },
  teardown: (http: Connection) => http.close(),
});

const statusOf = (server: ServerProcess): Contender => ({
  name: server.name,
  warmUp: () => load(statusOptions(server, WARM_UP_SECONDS)),
  slice: (seconds) => measure(server, 'status', statusOptions(server, seconds)),
});

/** One figure of a scenario's slices: totals, and per-iteration figures weighted by iterations. */
function combine(slices: Measured[]): Measured {
  const sum = (f: (m: Measured) => number) => slices.reduce((total, m) => total + f(m), 0);
  const done = (m: Measured) => Math.max(1, m.iterations - m.failures);
  const perDone = (f: (m: Measured) => number | undefined) => sum((m) => (f(m) ?? 0) * done(m)) / sum(done);
  const iterations = sum((m) => m.iterations);
  const failures = sum((m) => m.failures);
  const seconds = sum((m) => m.seconds);
  return {
    iterations,
    failures,
    seconds,
    perSecond: (iterations - failures) / seconds,
    latencies: Latencies.merged(slices.map((m) => m.latencies)),
    firstFailure: slices.find((m) => m.firstFailure)?.firstFailure,
    cpuMsPerIteration: perDone((m) => m.cpuMsPerIteration),
    logBytesPerIteration: perDone((m) => m.logBytesPerIteration),
    logLinesPerIteration: perDone((m) => m.logLinesPerIteration),
  };
}

/** Bare node:http or bare Fastify answering the status route (bare.ts). */
function bareServer(kind: 'node' | 'fastify', logDir: string): Promise<ServerProcess> {
  return ServerProcess.start(
    `bare-${kind}`,
    join(dist, 'limits', 'bare.js'),
    [kind],
    { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    logDir,
  );
}

/**
 * What the Docker image sets for the server besides the application's settings (README,
 * "Memory"): glibc returns allocations of 1 MiB and more (argon2's 19 MiB) at once when freed.
 */
export const IMAGE_ENV = { MALLOC_MMAP_THRESHOLD_: '1048576' };

function serverEnv(databaseUrl: string, sink: SmsSink, secret: string): Record<string, string> {
  return {
    ...IMAGE_ENV,
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    RUN_JOBS: 'false',
    BOOTSTRAP_CLIENT_ID: 'bench',
    BOOTSTRAP_CLIENT_SECRET: secret,
    SERVER_KEY: randomBytes(32).toString('base64'),
    SMS_GATEWAY_URL: sink.url,
    // production refuses to start without an e-mail transport; no scenario sends e-mail
    SMTP_URL: 'smtp://127.0.0.1:9',
    MAIL_FROM: 'bench@example.com',
    // the benchmark sends many codes to few phones: the per-user and per-recipient limits of
    // the challenge library are raised through their settings (the defaults protect phones)
    CHALLENGE_MAX_PER_USER_PER_HOUR: '10000',
    CHALLENGE_MAX_PER_RECIPIENT_PER_HOUR: '10000',
  };
}

interface DatabaseFigures {
  flow: Measured;
  /** The status route of the limits passed to stepwise(), measured in turn with stepwise's. */
  statusLimits?: Measured[];
  /** The flow's limits on MariaDB, measured in turn with stepwise's flow. */
  replay?: Measured;
  bareFlow?: Measured;
  statementsPerFlow: number;
  capturedStatements?: number;
  calls?: CapturedCall[];
  detail?: Measured;
  status?: Measured;
  sms?: Measured;
  passwordChecks?: Measured;
  userCreation?: Measured;
  peakRssMiB: number;
}

/**
 * The payment flow at CLIENTS clients. Completed operations of the measured slices go to
 * `completed`; with `counted`, the statements the server sent during them are added up there.
 */
function flowOf(server: ServerProcess, auth: string, completed: string[], counted?: { statements: number }): Contender {
  const options = (seconds: number, prefix: string) => ({
    clients: CLIENTS,
    seconds,
    maxIterations: MAX_ITERATIONS,
    setup: connections(server.port, auth),
    iteration: async (http: Connection, i: number, latencies: Latencies) => {
      const operationId = `bench-${run}-${prefix}${i}`;
      await paymentFlow(http, operationId, `bench-user-${i % CLIENTS}`, latencies);
      if (prefix !== 'w' && completed.length < 100_000) completed.push(operationId);
    },
    teardown: (http: Connection) => http.close(),
  });
  return {
    name: server.name,
    warmUp: () => load(options(WARM_UP_SECONDS, 'w')),
    slice: async (seconds, round) => {
      const statements0 = counted ? await server.statements() : 0;
      const result = await measure(server, 'flow', options(seconds, `m${round}-`), 5);
      if (counted) counted.statements += (await server.statements()) - statements0;
      return result;
    },
  };
}

/** The raw replay of the captured flow (replay.ts), with its own client CPU per flow. */
function replayOf(url: string, calls: CapturedCall[]): Contender {
  const options = (seconds: number) => ({
    clients: CLIENTS,
    seconds,
    maxIterations: MAX_ITERATIONS,
    poolSize: POOL_SIZE,
  });
  return {
    name: 'replay',
    warmUp: () => replay(url, calls, options(WARM_UP_SECONDS)),
    slice: async (seconds) => {
      const cpu0 = process.cpuUsage();
      const result = await replay(url, calls, options(seconds));
      const cpu = process.cpuUsage(cpu0);
      // the replay's own CPU per flow (mysql2 and this process's share): a floor for the server's
      const cpuMsPerIteration = (cpu.user + cpu.system) / 1000 / Math.max(1, result.iterations - result.failures);
      log(`  ${result.perSecond.toFixed(0)} flows/s; replay client CPU ${cpuMsPerIteration.toFixed(2)} ms per flow`);
      if (result.failures > 0) log(`  replay: ${result.failures} failures, first: ${result.firstFailure}`);
      return { ...result, cpuMsPerIteration };
    },
  };
}

/**
 * The flow's limit over HTTP: bare Fastify running each call's captured statements
 * (bare-flow.ts), loaded by the same client with the same requests as stepwise.
 */
async function startBareFlow(calls: CapturedCall[], databaseUrl: string, logDir: string): Promise<ServerProcess> {
  const callsFile = join(logDir, 'captured-calls.json');
  writeFileSync(callsFile, JSON.stringify(calls));
  return ServerProcess.start(
    'bare-flow',
    join(dist, 'limits', 'bare-flow.js'),
    [callsFile, databaseUrl, String(POOL_SIZE)],
    { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
    logDir,
  );
}

async function stepwise(
  kind: 'mariadb' | 'sqlite',
  databaseUrl: string,
  logDir: string,
  database?: string,
  statusLimits: ServerProcess[] = [],
): Promise<DatabaseFigures> {
  const sink = await SmsSink.start();
  const secret = randomBytes(24).toString('base64url');
  const auth = `Basic ${Buffer.from(`bench:${secret}`).toString('base64')}`;
  const server = await ServerProcess.start(
    `stepwise-${kind}`,
    join(dist, 'limits', 'server.js'),
    [],
    { ...serverEnv(databaseUrl, sink, secret), ...EXTRA_ENV },
    logDir,
    NODE_ARGS,
  );
  try {
    const figures: Partial<DatabaseFigures> = {};
    const users: BenchUser[] = [];
    if (kind === 'mariadb') {
      log('stepwise (MariaDB): public status route, in turn with bare node:http and bare Fastify');
      [figures.status, ...figures.statusLimits] = await inTurn([server, ...statusLimits].map(statusOf));
      log('stepwise (MariaDB): user creation and password checks');
      figures.userCreation = await measure(server, 'user-creation', {
        clients: CLIENTS,
        seconds: 60,
        maxIterations: CLIENTS,
        setup: connections(server.port, auth),
        iteration: async (http: Connection, i: number) => {
          users[i] = await createUser(http, i, run);
        },
        teardown: (http: Connection) => http.close(),
      });
      figures.passwordChecks = await measure(server, 'password-checks', {
        clients: CLIENTS,
        seconds: SECONDS,
        maxIterations: CLIENTS * 8,
        setup: connections(server.port, auth),
        iteration: async (http: Connection, i: number) => passwordCheck(http, users[i % CLIENTS]),
        teardown: (http: Connection) => http.close(),
      });
      log('stepwise (MariaDB): one payment flow with the general log on');
      const http = await Connection.open(server.port, { Authorization: auth });
      await paymentFlow(http, newToken(), newToken()); // warm every code path first
      const before = await server.statements();
      figures.calls = await captureFlow(MYSQL_URL, database!, async (mark) => {
        await paymentFlow(http, newToken(), newToken(), undefined, async (call) => {
          await new Promise((resolve) => setTimeout(resolve, 50)); // after-commit work of the previous call
          await mark(call);
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      });
      figures.capturedStatements = figures.calls.reduce((n, c) => n + c.statements.length, 0);
      log(
        `  captured ${figures.capturedStatements} statements (server counted ${(await server.statements()) - before})`,
      );
      if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, JSON.stringify(figures.calls, null, 2));
      http.close();
    }
    const completed: string[] = [];
    const counted = { statements: 0 };
    if (kind === 'mariadb') {
      log(
        `stepwise (MariaDB): payment flow at ${CLIENTS} clients, in turn with the raw replay of its statements ` +
          'and bare Fastify running them per call (no application)',
      );
      // credentials of stepwise's length, which the bare server does not check
      const bareAuth = `Basic ${Buffer.from(`bench:${randomBytes(24).toString('base64url')}`).toString('base64')}`;
      const bareFlow = await startBareFlow(figures.calls!, databaseUrl, logDir);
      try {
        [figures.flow, figures.replay, figures.bareFlow] = await inTurn([
          flowOf(server, auth, completed, counted),
          replayOf(databaseUrl, figures.calls!),
          flowOf(bareFlow, bareAuth, []),
        ]);
      } finally {
        await bareFlow.stop();
      }
    } else {
      log(`stepwise (${kind}): payment flow at ${CLIENTS} clients`);
      [figures.flow] = await inTurn([flowOf(server, auth, completed, counted)]);
    }
    const flows = Math.max(1, figures.flow.iterations - figures.flow.failures);
    figures.statementsPerFlow = counted.statements / flows;
    if (kind === 'mariadb') {
      log(
        `  ${figures.statementsPerFlow.toFixed(1)} statements per flow under load (captured flow: ${figures.capturedStatements})`,
      );
      log('stepwise (MariaDB): authenticated detail');
      figures.detail = await measure(server, 'detail', {
        clients: CLIENTS,
        seconds: SECONDS,
        maxIterations: MAX_ITERATIONS * 10,
        setup: connections(server.port, auth),
        iteration: async (http: Connection, i: number) => detail(http, completed[i % completed.length]),
        teardown: (http: Connection) => http.close(),
      });
      log('stepwise (MariaDB): Data Adapter SMS round trips');
      const smsOptions = (seconds: number) => ({
        clients: CLIENTS,
        seconds,
        maxIterations: MAX_ITERATIONS,
        setup: async (w: number) => ({
          http: await Connection.open(server.port, { Authorization: auth }),
          user: users[w],
        }),
        iteration: async (
          state: { http: Connection; user: BenchUser },
          _i: number,
          latencies: import('./limits/http-client').Latencies,
        ) => smsRoundTrip(state.http, state.user, sink, latencies),
        teardown: (state: { http: Connection }) => state.http.close(),
      });
      await load(smsOptions(WARM_UP_SECONDS));
      figures.sms = await measure(server, 'sms', smsOptions(SECONDS), 2);
    }
    figures.peakRssMiB = memory(server.pid).peakMiB;
    return figures as DatabaseFigures;
  } finally {
    await server.stop();
    await sink.close();
  }
}

async function main(): Promise<void> {
  const logDir = mkdtempSync(join(tmpdir(), 'stepwise-bench-'));
  const database = `bench_limits_${run}`;
  const admin = await createConnection({ uri: MYSQL_URL });
  await admin.query(`CREATE DATABASE \`${database}\``);
  try {
    log(`${CLIENTS} clients, ${SECONDS} s per scenario; logs in ${logDir}`);
    const bare = [await bareServer('node', logDir), await bareServer('fastify', logDir)];
    const mariadb = await stepwise('mariadb', `${MYSQL_URL}/${database}`, logDir, database, bare).finally(() =>
      Promise.all(bare.map((server) => server.stop())),
    );
    const [node, fastify] = mariadb.statusLimits!;
    const sqlite = await stepwise('sqlite', `sqlite:${join(logDir, 'bench.sqlite')}`, logDir);
    const figures = {
      clients: CLIENTS,
      seconds: SECONDS,
      node,
      fastify,
      mariadb,
      sqlite,
      raw: mariadb.replay!,
      bare: mariadb.bareFlow!,
    };
    printTable(figures);
    if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(summary(figures), null, 2));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.end();
    if (!process.env.BENCH_KEEP_LOGS) rmSync(logDir, { recursive: true, force: true });
  }
}

type Figures = {
  node: Measured;
  fastify: Measured;
  mariadb: DatabaseFigures;
  sqlite: DatabaseFigures;
  raw: Measured;
  bare: Measured;
};

function summary(f: Figures) {
  const m = f.mariadb;
  return {
    statusReqPerSec: m.status!.perSecond,
    statusCpuMsPerReq: m.status!.cpuMsPerIteration,
    statusLogLinesPerReq: m.status!.logLinesPerIteration,
    statusLogBytesPerReq: m.status!.logBytesPerIteration,
    nodeReqPerSec: f.node.perSecond,
    fastifyReqPerSec: f.fastify.perSecond,
    nodeCpuMsPerReq: f.node.cpuMsPerIteration,
    fastifyCpuMsPerReq: f.fastify.cpuMsPerIteration,
    flowsPerSecMariaDb: m.flow.perSecond,
    cpuMsPerFlowMariaDb: m.flow.cpuMsPerIteration,
    p99MsMariaDb: m.flow.latencies.percentile(99),
    replayFlowsPerSec: f.raw.perSecond,
    replayP99Ms: f.raw.latencies.percentile(99),
    replayCpuMsPerFlow: f.raw.cpuMsPerIteration,
    bareFlowsPerSec: f.bare.perSecond,
    bareFlowCpuMsPerFlow: f.bare.cpuMsPerIteration,
    bareFlowP99Ms: f.bare.latencies.percentile(99),
    statementsPerFlowMariaDb: m.capturedStatements ?? m.statementsPerFlow,
    statementsPerFlowSqlite: f.sqlite.statementsPerFlow,
    flowsPerSecSqlite: f.sqlite.flow.perSecond,
    cpuMsPerFlowSqlite: f.sqlite.flow.cpuMsPerIteration,
    p99MsSqlite: f.sqlite.flow.latencies.percentile(99),
    detailReqPerSec: m.detail!.perSecond,
    detailCpuMsPerReq: m.detail!.cpuMsPerIteration,
    smsRoundTripsPerSec: m.sms!.perSecond,
    smsCpuMsPerRoundTrip: m.sms!.cpuMsPerIteration,
    passwordChecksPerSec: m.passwordChecks!.perSecond,
    userCreationsPerSec: m.userCreation!.perSecond,
    peakRssMiBMariaDb: m.peakRssMiB,
    peakRssMiBSqlite: f.sqlite.peakRssMiB,
    failures: {
      flow: m.flow.failures,
      sqliteFlow: f.sqlite.flow.failures,
      detail: m.detail!.failures,
      sms: m.sms!.failures,
      replay: f.raw.failures,
      bareFlow: f.bare.failures,
    },
  };
}

function printTable(f: Figures): void {
  const s = summary(f);
  const n = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const rows: string[][] = [
    [
      'public status route',
      `${n(s.statusReqPerSec)} req/s, ${n(s.statusCpuMsPerReq, 3)} ms CPU/req, ${n(s.statusLogLinesPerReq!, 2)} log lines/req`,
      `bare node:http ${n(s.nodeReqPerSec)} req/s, ${n(s.nodeCpuMsPerReq, 3)} ms CPU/req; bare Fastify + pino request log ${n(s.fastifyReqPerSec)} req/s, ${n(s.fastifyCpuMsPerReq, 3)} ms CPU/req (measured in turn)`,
      `${n(s.statusReqPerSec / s.nodeReqPerSec, 2)} of node:http, ${n(s.statusReqPerSec / s.fastifyReqPerSec, 2)} of Fastify (target ≥ 0.5)`,
    ],
    [
      'payment flow, MariaDB',
      `${n(s.flowsPerSecMariaDb)} flows/s, ${n(s.cpuMsPerFlowMariaDb, 2)} ms server CPU/flow`,
      `its statements replayed from a mysql2 pool: ${n(s.replayFlowsPerSec)} flows/s, ${n(s.replayCpuMsPerFlow, 2)} ms client CPU/flow`,
      `${n(s.flowsPerSecMariaDb / s.replayFlowsPerSec, 2)} (target ≥ 0.7)`,
    ],
    [
      'payment flow over bare Fastify running the same statements per call (no application)',
      `${n(s.bareFlowsPerSec)} flows/s, ${n(s.bareFlowCpuMsPerFlow, 2)} ms server CPU/flow, p99 ${n(s.bareFlowP99Ms, 1)} ms`,
      `replay ${n(s.replayFlowsPerSec)} flows/s`,
      `${n(s.bareFlowsPerSec / s.replayFlowsPerSec, 2)} of the replay; stepwise reaches ${n(s.flowsPerSecMariaDb / s.bareFlowsPerSec, 2)} of it`,
    ],
    [
      `per-call p99 in that flow, ${f.mariadb.flow.latencies.calls().length} calls`,
      `${n(s.p99MsMariaDb, 1)} ms`,
      `replay ${n(s.replayP99Ms, 1)} ms`,
      `${n(s.p99MsMariaDb / s.replayP99Ms, 1)}× (target ≤ 2×)`,
    ],
    [
      'SQL statements per flow',
      `${n(s.statementsPerFlowMariaDb)} (MariaDB), ${n(s.statementsPerFlowSqlite, 1)} (SQLite)`,
      '—',
      'target ≤ 25',
    ],
    [
      'payment flow, SQLite',
      `${n(s.flowsPerSecSqlite)} flows/s, ${n(s.cpuMsPerFlowSqlite, 2)} ms CPU/flow, p99 ${n(s.p99MsSqlite, 1)} ms`,
      `MariaDB ${n(s.flowsPerSecMariaDb)} flows/s`,
      `${n(s.flowsPerSecSqlite / s.flowsPerSecMariaDb, 2)} (target ≥ 1)`,
    ],
    [
      'authenticated detail, MariaDB',
      `${n(s.detailReqPerSec)} req/s, ${n(s.detailCpuMsPerReq, 3)} ms CPU/req`,
      '—',
      'target ≥ 4× before',
    ],
    [
      'Data Adapter SMS create + verify, MariaDB',
      `${n(s.smsRoundTripsPerSec)} round trips/s, ${n(s.smsCpuMsPerRoundTrip, 2)} ms CPU/round trip`,
      '—',
      'target ≥ 2× before',
    ],
    [
      'user creation / password checks, MariaDB',
      `${n(s.userCreationsPerSec)} / ${n(s.passwordChecksPerSec)} per s`,
      '—',
      '—',
    ],
    [
      'peak RSS of the server, whole run',
      `${n(s.peakRssMiBMariaDb)} MiB (MariaDB), ${n(s.peakRssMiBSqlite)} MiB (SQLite)`,
      '—',
      'target ≤ 256 MiB',
    ],
  ];
  const out = [
    `| what | stepwise | limit measured beside it | ratio |`,
    `|---|---|---|---|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `${f.mariadb.flow.latencies
      .calls()
      .map((c) => `${c} p99 ${n(f.mariadb.flow.latencies.percentile(99, c), 1)} ms`)
      .join(', ')} (MariaDB)`,
    `failures: ${JSON.stringify(s.failures)}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
