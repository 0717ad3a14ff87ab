import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reference data: the two organizations every installation starts with (portable SQL). */
export class SeedOrganizations1795329347500 implements MigrationInterface {
  name = 'SeedOrganizations1795329347500';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const createdAt = new Date('2026-11-22T00:00:00.000Z');
    await queryRunner.manager.insert('organization', [
      { organizationId: 'DEFAULT', name: 'Default organization', createdAt },
      { organizationId: 'RETAIL', name: 'Retail banking', createdAt },
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM organization WHERE organizationId IN (?, ?)', ['DEFAULT', 'RETAIL']);
  }
}
