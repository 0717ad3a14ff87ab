import type { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * Identifiers compare exactly, on every database: `FUZZ` is not the client `fuzz`, nor is
 * `fuzz `; `Ebank` is not `ebank`; `caseu` does not find `CaseU`. SQLite compares text bytewise
 * already; MySQL and MariaDB compare by the table's collation (case- and trailing-space-
 * insensitive by default), so their identifier columns use a binary collation without space
 * padding (utf8mb4_bin pads on MariaDB). The migrations set it (IdentifierColumnsBinary), and
 * generated migrations of new tables carry it from here.
 */
export function identifierCollationOf(type: string): string | undefined {
  if (type === 'mariadb') return 'utf8mb4_nopad_bin';
  if (type === 'mysql') return 'utf8mb4_0900_bin';
  return undefined;
}

/** Identifier columns by name: client, user, operation, flow ids and the like (`…Id`), and usernames. */
export function isIdentifierColumn(column: Pick<ColumnMetadata, 'propertyName' | 'type'>): boolean {
  const text = column.type === 'varchar' || column.type === 'char' || column.type === String;
  return text && (/Id$/.test(column.propertyName) || column.propertyName === 'username');
}

/** Gives every identifier column of a MySQL/MariaDB data source the binary collation. */
export function applyIdentifierCollation(dataSource: DataSource): void {
  const collation = identifierCollationOf(dataSource.options.type);
  if (!collation) return;
  for (const entity of dataSource.entityMetadatas) {
    for (const column of entity.columns) if (isIdentifierColumn(column)) column.collation = collation;
  }
}
