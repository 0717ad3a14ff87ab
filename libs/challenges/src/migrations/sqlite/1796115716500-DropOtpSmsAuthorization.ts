import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Data Adapter's SMS codes moved to the challenge library (table challenge): the table of
 * libs/otp goes. Codes live for minutes, so codes issued before the upgrade simply stop verifying.
 */
export class DropOtpSmsAuthorization1796115716500 implements MigrationInterface {
  name = 'DropOtpSmsAuthorization1796115716500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX IF EXISTS \"idx_otp_sms_authorization_operation\"");
    await queryRunner.query("DROP TABLE IF EXISTS \"otp_sms_authorization\"");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"otp_sms_authorization\" (\"messageId\" varchar(36) PRIMARY KEY NOT NULL, \"operationId\" varchar(256) NOT NULL, \"userId\" varchar(256) NOT NULL, \"organizationId\" varchar(256), \"operationName\" varchar(32) NOT NULL, \"codeHash\" varchar(64) NOT NULL, \"bindingHash\" varchar(64) NOT NULL, \"verifyRequestCount\" integer NOT NULL DEFAULT (0), \"verified\" boolean NOT NULL DEFAULT (0), \"status\" varchar(16) NOT NULL, \"sendSequence\" integer NOT NULL, \"createdAt\" datetime(3) NOT NULL, \"expiresAt\" datetime(3) NOT NULL, \"verifiedAt\" datetime(3))");
    await queryRunner.query("CREATE INDEX \"idx_otp_sms_authorization_operation\" ON \"otp_sms_authorization\" (\"operationId\", \"createdAt\") ");
  }
}
