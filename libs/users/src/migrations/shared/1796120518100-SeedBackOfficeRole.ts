import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role every installation starts with (twofactor-api.md §2): BACK_OFFICE may request an OTP
 * and exchange it for a two-factor token. BYPASS_TWOFACTOR is never seeded (explicit only).
 */
export class SeedBackOfficeRole1796120518100 implements MigrationInterface {
  name = 'SeedBackOfficeRole1796120518100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const createdAt = new Date('2026-12-01T00:00:00.000Z');
    await queryRunner.manager.insert('user_role', [
      {
        name: 'BACK_OFFICE',
        description: 'Back-office staff: request an OTP and exchange it for a two-factor token',
        permissions: 'REQUEST_OTP,REQUEST_TOKEN_MFA',
        createdAt,
        updatedAt: createdAt,
      },
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM user_role WHERE name = ?', ['BACK_OFFICE']);
  }
}
