import type { FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createPool } from 'mysql2/promise';
import { createRootLogger } from '@app/core';
import { loggedFastify, serveBare } from './bare-server';
import { CapturedCall, freshIds, replayCall } from './replay';

/**
 * The limit beside the payment flow over HTTP: bare Fastify answering the flow's five calls on
 * stepwise's paths, each call running the statements stepwise sent for it (captured from the
 * general log, fresh ids per flow) on a mysql2 pool of the server's size, with the same request
 * log line. No Nest, no validation, no authentication, no domain logic, no ORM: what any server
 * that sends these statements over this HTTP API costs at least on this machine.
 * `node bare-flow.js <captured calls JSON file> <MySQL URL> <pool size>`; reports its port over IPC.
 */
const [callsFile, url, poolSize] = process.argv.slice(2);
const calls = new Map((JSON.parse(readFileSync(callsFile, 'utf8')) as CapturedCall[]).map((call) => [call.name, call]));
const pool = createPool({ uri: url, connectionLimit: Number(poolSize), timezone: 'Z', supportBigNumbers: true });
const logger = createRootLogger({ logLevel: 'info' });
/** The rewrite of each flow in progress, by operation id, so its calls share their fresh ids. */
const flows = new Map<string, (sql: string) => string>();

type FlowRequest = FastifyRequest<{ Body: { requestObject?: { operationId?: string; authMethod?: string } } }>;

async function answer(request: FlowRequest, name: string) {
  const operationId = String(request.body?.requestObject?.operationId);
  const call = calls.get(name);
  if (!call) throw new Error(`no captured call ${name}`);
  let rewrite = flows.get(operationId);
  if (!rewrite) flows.set(operationId, (rewrite = freshIds()));
  await replayCall(pool, call, rewrite);
  const done = name === 'CONSENT' || name === 'detail';
  if (name === 'detail') flows.delete(operationId);
  return { status: 'OK', responseObject: { operationId, result: done ? 'DONE' : 'CONTINUE' } };
}

async function start(): Promise<number> {
  const app = loggedFastify(logger);
  app.post('/next-step/operation', (request: FlowRequest) => answer(request, 'create'));
  app.put('/next-step/operation', (request: FlowRequest) =>
    answer(request, String(request.body?.requestObject?.authMethod)),
  );
  app.post('/next-step/operation/detail', (request: FlowRequest) => answer(request, 'detail'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

serveBare(start, logger, () => pool.end());
