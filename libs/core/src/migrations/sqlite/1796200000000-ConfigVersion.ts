import { MigrationInterface, QueryRunner } from 'typeorm';

/** The version row of cached configuration (ConfigCache), starting at 1. */
export class ConfigVersion1796200000000 implements MigrationInterface {
  name = 'ConfigVersion1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "config_version" ("id" integer PRIMARY KEY NOT NULL, "version" integer NOT NULL)');
    await queryRunner.query('INSERT INTO "config_version" ("id", "version") VALUES (1, 1)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "config_version"');
  }
}
