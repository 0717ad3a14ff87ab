import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TestApp } from '@app/testing';
import { startApiServer } from './support/api-server';

/** The schema comes only from migrations; they must describe exactly what the entities map. */
describe('database schema', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApiServer();
  });
  afterAll(() => t.close());

  it('is exactly what the entities describe after the migrations ran', async () => {
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('records every migration as applied, so a restart applies none again', async () => {
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
