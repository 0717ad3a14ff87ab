/**
 * @app/schema — the database schema every deployable runs: each lib's MigrationSet combined in
 * timestamp order. Imported by the composition roots only (src/, apps/worker, scripts/, the test
 * helpers); no domain lib depends on it.
 */
export { SCHEMA_MIGRATIONS } from './schema-migrations';
