import { DataSource, DataSourceOptions } from 'typeorm';
import { applyIdentifierCollation } from './identifier-collation';

/**
 * Opens a DataSource. On MariaDB, TypeORM would switch inserts to INSERT … RETURNING and merge
 * the returned raw values (e.g. tinyint 1 for a boolean) into entities without converting them;
 * MySQL 8, the production target, has no RETURNING. So inserts behave the same on both.
 */
export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  const dataSource = await new DataSource(options).initialize();
  applyIdentifierCollation(dataSource);
  if (options.type === 'mariadb') {
    const driver = dataSource.driver as unknown as { _isReturningSqlSupported?: { insert: boolean } };
    if (driver._isReturningSqlSupported) driver._isReturningSqlSupported.insert = false;
  }
  return dataSource;
}
