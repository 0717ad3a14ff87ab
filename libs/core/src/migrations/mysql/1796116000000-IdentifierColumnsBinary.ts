import { MigrationInterface, QueryRunner } from 'typeorm';

/** Identifier columns as created so far: table, column, definition (type and nullability). */
const IDENTIFIER_COLUMNS: Array<[string, string, string]> = [
  ["api_client", "clientId", "varchar(64) NOT NULL"],
  ["afs_action", "actionId", "varchar(36) NOT NULL"],
  ["afs_action", "operationId", "varchar(256) NOT NULL"],
  ["afs_action", "userId", "varchar(256) NOT NULL"],
  ["afs_action", "organizationId", "varchar(256) NOT NULL"],
  ["afs_action", "username", "varchar(256) NULL"],
  ["afs_action", "ruleId", "varchar(36) NULL"],
  ["afs_rule", "ruleId", "varchar(36) NOT NULL"],
  ["audit_event", "eventId", "varchar(32) NOT NULL"],
  ["audit_event", "userId", "varchar(30) NULL"],
  ["audit_event", "subjectId", "varchar(64) NULL"],
  ["audit_event", "clientId", "varchar(64) NULL"],
  ["outbox_message", "messageId", "varchar(36) NOT NULL"],
  ["outbox_message", "correlationId", "varchar(64) NULL"],
  ["user_bank_account", "userId", "varchar(30) NOT NULL"],
  ["user_bank_account", "accountId", "varchar(64) NOT NULL"],
  ["organization", "organizationId", "varchar(64) NOT NULL"],
  ["user_identity", "userId", "varchar(30) NOT NULL"],
  ["user_identity", "username", "varchar(64) NOT NULL"],
  ["user_identity", "organizationId", "varchar(64) NOT NULL"],
  ["challenge_chain", "lastChallengeId", "varchar(36) NULL"],
  ["challenge", "challengeId", "varchar(36) NOT NULL"],
  ["challenge", "userId", "varchar(256) NOT NULL"],
  ["challenge", "messageId", "varchar(36) NULL"],
  ["consent_record", "consentId", "varchar(36) NOT NULL"],
  ["consent_record", "userId", "varchar(256) NOT NULL"],
  ["consent_record", "organizationId", "varchar(256) NULL"],
  ["consent_record", "operationId", "varchar(256) NULL"],
  ["da_operation_notification", "notificationId", "varchar(36) NOT NULL"],
  ["da_operation_notification", "operationId", "varchar(256) NOT NULL"],
  ["da_operation_notification", "userId", "varchar(256) NULL"],
  ["da_operation_notification", "organizationId", "varchar(256) NULL"],
  ["ns_user_auth_method", "userId", "varchar(256) NOT NULL"],
  ["ns_operation_config", "afsConfigId", "varchar(256) NULL"],
  ["ns_operation", "operationId", "varchar(256) NOT NULL"],
  ["ns_operation", "userId", "varchar(256) NULL"],
  ["ns_operation_history", "operationId", "varchar(256) NOT NULL"],
  ["ns_operation_history", "userId", "varchar(256) NULL"],
];

/**
 * Identifier columns (client, user, operation, organization, account … ids, usernames) compare
 * exactly, as on SQLite (issue 11 §18): a binary collation without trailing-space padding
 * (utf8mb4_nopad_bin on MariaDB, utf8mb4_0900_bin on MySQL 8) instead of the table's case- and
 * space-insensitive one. Written by hand: TypeORM does not diff collations, so
 * `migration:generate` never emits this; `applyIdentifierCollation` puts the collation into
 * generated CREATE TABLE statements of new tables, and test/schema checks every identifier column.
 * The one foreign key between identifier columns is dropped while both sides change.
 */
export class IdentifierColumnsBinary1796116000000 implements MigrationInterface {
  name = 'IdentifierColumnsBinary1796116000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ version }] = (await queryRunner.query('SELECT VERSION() AS version')) as Array<{ version: string }>;
    const collation = version.includes('MariaDB') ? 'utf8mb4_nopad_bin' : 'utf8mb4_0900_bin';
    await this.modify(queryRunner, (definition) => definition.replace(/ (NOT )?NULL/, (n) => ` COLLATE ${collation}${n}`));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.modify(queryRunner, (definition) => definition);
  }

  private async modify(queryRunner: QueryRunner, define: (definition: string) => string): Promise<void> {
    await queryRunner.query("ALTER TABLE `ns_operation_history` DROP FOREIGN KEY `FK_debd16ba6ebbe1fe9a90d612703`");
    for (const [table, column, definition] of IDENTIFIER_COLUMNS) {
      await queryRunner.query(`ALTER TABLE \`${table}\` MODIFY \`${column}\` ${define(definition)}`);
    }
    await queryRunner.query(
      "ALTER TABLE `ns_operation_history` ADD CONSTRAINT `FK_debd16ba6ebbe1fe9a90d612703` FOREIGN KEY (`operationId`) REFERENCES `ns_operation`(`operationId`) ON DELETE CASCADE ON UPDATE NO ACTION",
    );
  }
}
