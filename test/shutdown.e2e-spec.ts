import { getDataSourceToken } from '@nestjs/typeorm';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';
import { ProbeModule, slowRequestGate } from './support/probe.module';

describe('graceful shutdown', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApiServer({ extraModules: [ProbeModule] });
  });
  afterAll(() => t.database.drop());

  it('lets an in-flight request finish, then stops and closes the database', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const inFlight = fetch(`http://127.0.0.1:${port}/probe-envelope/slow`, {
      headers: { Authorization: t.adminAuth() },
    });
    await slowRequestGate.entered;
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const closing = t.app.close();
    slowRequestGate.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'OK', responseObject: { finished: true } });
    await closing;
    expect(dataSource.isInitialized).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  });
});
