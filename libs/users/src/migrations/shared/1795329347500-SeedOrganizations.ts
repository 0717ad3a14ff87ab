import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: the two organizations every installation starts with (portable SQL). */
export class SeedOrganizations1795329347500 implements MigrationInterface {
  name = 'SeedOrganizations1795329347500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Plain SQL with explicit columns, not the entity: a column added to organization later
    // must not break this migration on a fresh database. UTC datetime text suits both drivers.
    const createdAt = '2026-11-22 00:00:00.000';
    await queryRunner.query('INSERT INTO organization (organizationId, name, createdAt) VALUES (?, ?, ?), (?, ?, ?)', [
      'DEFAULT',
      'Default organization',
      createdAt,
      'RETAIL',
      'Retail banking',
      createdAt,
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM organization WHERE organizationId IN (?, ?)', ['DEFAULT', 'RETAIL']);
  }
}
