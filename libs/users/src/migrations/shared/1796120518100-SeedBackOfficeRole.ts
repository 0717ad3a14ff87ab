import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The role every installation starts with (twofactor-api.md §2): BACK_OFFICE may request an OTP
 * and exchange it for a two-factor token. BYPASS_TWOFACTOR is never seeded (explicit only).
 */
export class SeedBackOfficeRole1796120518100 implements MigrationInterface {
  name = 'SeedBackOfficeRole1796120518100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Plain SQL with explicit columns, not the entity (see SeedOrganizations).
    const createdAt = '2026-12-01 00:00:00.000';
    await queryRunner.query(
      'INSERT INTO user_role (name, description, permissions, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)',
      [
        'BACK_OFFICE',
        'Back-office staff: request an OTP and exchange it for a two-factor token',
        'REQUEST_OTP,REQUEST_TOKEN_MFA',
        createdAt,
        createdAt,
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM user_role WHERE name = ?', ['BACK_OFFICE']);
  }
}
