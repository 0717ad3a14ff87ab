import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { identifierCollationOf, isIdentifierColumn } from '@app/core';
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

  it('identifier columns compare exactly (binary collation on MySQL/MariaDB)', async () => {
    const dataSource = t.app.get<DataSource>(getDataSourceToken());
    const collation = identifierCollationOf(dataSource.options.type);
    if (!collation) return; // SQLite compares bytewise already
    const rows: Array<{ TABLE_NAME: string; COLUMN_NAME: string; COLLATION_NAME: string }> = await dataSource.query(
      'SELECT TABLE_NAME, COLUMN_NAME, COLLATION_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()',
    );
    const identifiers = dataSource.entityMetadatas.flatMap((entity) =>
      entity.columns.filter(isIdentifierColumn).map((c) => `${entity.tableName}.${c.databaseName}`),
    );
    expect(identifiers.length).toBeGreaterThan(20);
    const notBinary = rows
      .filter((r) => identifiers.includes(`${r.TABLE_NAME}.${r.COLUMN_NAME}`) && r.COLLATION_NAME !== collation)
      .map((r) => `${r.TABLE_NAME}.${r.COLUMN_NAME} (${r.COLLATION_NAME})`);
    expect(notBinary).toEqual([]);
  });
});
