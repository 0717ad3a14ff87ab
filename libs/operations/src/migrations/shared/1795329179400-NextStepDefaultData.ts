import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Next Step reference data (spec nextstep.md §3): the auth-method catalogue, the configuration of
 * the four default operations and their step definitions (0.24 data). Frozen literal data;
 * later changes go through the admin API or a new migration.
 */
const AUTH_METHODS: Array<[string, number, number, number, number, number | null, number, number, string | null]> = [
  // authMethod, order, checkUserPrefs, userPrefsDefault, checkAuthFails, maxAuthFails, hasUI, hasMobileToken, displayNameKey
  ['INIT', 1, 0, 0, 0, null, 0, 0, null],
  ['USER_ID_ASSIGN', 2, 0, 0, 0, null, 0, 0, null],
  ['USERNAME_PASSWORD_AUTH', 3, 0, 0, 1, 5, 1, 0, 'method.usernamePassword'],
  ['SHOW_OPERATION_DETAIL', 4, 0, 0, 0, null, 1, 0, 'method.showOperationDetail'],
  ['POWERAUTH_TOKEN', 5, 1, 0, 1, 5, 1, 1, 'method.powerauthToken'],
  ['SMS_KEY', 6, 0, 0, 1, 5, 1, 0, 'method.smsKey'],
  ['CONSENT', 7, 0, 0, 1, 5, 1, 0, 'method.consent'],
  ['LOGIN_SCA', 8, 0, 0, 1, 5, 1, 1, 'method.loginSca'],
  ['APPROVAL_SCA', 9, 0, 0, 1, 5, 1, 1, 'method.approvalSca'],
  ['OTP_CODE', 10, 0, 0, 1, 5, 1, 0, 'method.otpCode'],
];

const MOBILE_TOKEN_MODE = '{"type":"2FA","variants":["possession_knowledge","possession_biometry"]}';
const OPERATION_CONFIGS: Array<[string, string, number]> = [
  ['login', 'A', 2],
  ['login_sca', 'A', 2],
  ['authorize_payment', 'A', 1],
  ['authorize_payment_sca', 'A', 1],
];

type Row = [string | null, string | null, number, string | null, string];
// requestAuthMethod, requestAuthStepResult, priority, responseAuthMethod, responseResult
const failRows = (method: string): Row[] => [
  [method, 'CANCELED', 1, null, 'FAILED'],
  [method, 'AUTH_METHOD_FAILED', 1, null, 'FAILED'],
];
const STEPS: Record<string, { create: Row[]; update: Row[] }> = {
  login: {
    create: [
      [null, null, 1, 'USER_ID_ASSIGN', 'CONTINUE'],
      [null, null, 2, 'USERNAME_PASSWORD_AUTH', 'CONTINUE'],
    ],
    update: [
      ['INIT', 'CANCELED', 1, 'INIT', 'FAILED'],
      ['USER_ID_ASSIGN', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'],
      ['USER_ID_ASSIGN', 'AUTH_FAILED', 1, 'USER_ID_ASSIGN', 'CONTINUE'],
      ...failRows('USER_ID_ASSIGN'),
      ['USERNAME_PASSWORD_AUTH', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'],
      ['USERNAME_PASSWORD_AUTH', 'AUTH_FAILED', 1, 'USERNAME_PASSWORD_AUTH', 'CONTINUE'],
      ...failRows('USERNAME_PASSWORD_AUTH'),
      ['CONSENT', 'CONFIRMED', 1, null, 'DONE'],
      ['CONSENT', 'AUTH_FAILED', 1, 'CONSENT', 'CONTINUE'],
      ...failRows('CONSENT'),
    ],
  },
  authorize_payment: {
    create: [
      [null, null, 1, 'USER_ID_ASSIGN', 'CONTINUE'],
      [null, null, 2, 'USERNAME_PASSWORD_AUTH', 'CONTINUE'],
    ],
    update: [
      ['INIT', 'CANCELED', 1, 'INIT', 'FAILED'],
      ['USER_ID_ASSIGN', 'CONFIRMED', 1, 'POWERAUTH_TOKEN', 'CONTINUE'],
      ['USER_ID_ASSIGN', 'CONFIRMED', 2, 'SMS_KEY', 'CONTINUE'],
      ['USER_ID_ASSIGN', 'AUTH_FAILED', 1, 'USER_ID_ASSIGN', 'CONTINUE'],
      ...failRows('USER_ID_ASSIGN'),
      ['USERNAME_PASSWORD_AUTH', 'CONFIRMED', 1, 'POWERAUTH_TOKEN', 'CONTINUE'],
      ['USERNAME_PASSWORD_AUTH', 'CONFIRMED', 2, 'SMS_KEY', 'CONTINUE'],
      ['USERNAME_PASSWORD_AUTH', 'AUTH_FAILED', 1, 'USERNAME_PASSWORD_AUTH', 'CONTINUE'],
      ...failRows('USERNAME_PASSWORD_AUTH'),
      ['POWERAUTH_TOKEN', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'],
      ['POWERAUTH_TOKEN', 'AUTH_FAILED', 1, 'POWERAUTH_TOKEN', 'CONTINUE'],
      ...failRows('POWERAUTH_TOKEN'),
      ['SMS_KEY', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'],
      ['SMS_KEY', 'AUTH_FAILED', 1, 'SMS_KEY', 'CONTINUE'],
      ...failRows('SMS_KEY'),
      ['CONSENT', 'CONFIRMED', 1, null, 'DONE'],
      ['CONSENT', 'AUTH_FAILED', 1, 'CONSENT', 'CONTINUE'],
      ...failRows('CONSENT'),
    ],
  },
  login_sca: {
    create: [[null, null, 1, 'LOGIN_SCA', 'CONTINUE']],
    update: [
      ['INIT', 'CANCELED', 1, 'INIT', 'FAILED'],
      ['LOGIN_SCA', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'],
      ['LOGIN_SCA', 'AUTH_FAILED', 1, 'LOGIN_SCA', 'CONTINUE'],
      ...failRows('LOGIN_SCA'),
      ['CONSENT', 'CONFIRMED', 1, null, 'DONE'],
      ['CONSENT', 'AUTH_FAILED', 1, 'CONSENT', 'CONTINUE'],
      ...failRows('CONSENT'),
    ],
  },
  authorize_payment_sca: {
    // 0.24 ships both CREATE rows with priority 1; priority 2 keeps (key, priority) unique, same order.
    create: [
      [null, null, 1, 'LOGIN_SCA', 'CONTINUE'],
      [null, null, 2, 'USER_ID_ASSIGN', 'CONTINUE'],
    ],
    update: [
      ['INIT', 'CANCELED', 1, 'INIT', 'FAILED'],
      ['LOGIN_SCA', 'CONFIRMED', 1, 'APPROVAL_SCA', 'CONTINUE'],
      ['LOGIN_SCA', 'AUTH_FAILED', 1, 'LOGIN_SCA', 'CONTINUE'],
      ...failRows('LOGIN_SCA'),
      ['USER_ID_ASSIGN', 'CONFIRMED', 1, 'APPROVAL_SCA', 'CONTINUE'],
      ['USER_ID_ASSIGN', 'AUTH_FAILED', 1, null, 'FAILED'],
      ...failRows('USER_ID_ASSIGN'),
      ['APPROVAL_SCA', 'CONFIRMED', 1, 'CONSENT', 'CONTINUE'],
      ['APPROVAL_SCA', 'AUTH_FAILED', 1, 'APPROVAL_SCA', 'CONTINUE'],
      ...failRows('APPROVAL_SCA'),
      ['CONSENT', 'CONFIRMED', 1, null, 'DONE'],
      ['CONSENT', 'AUTH_FAILED', 1, 'CONSENT', 'CONTINUE'],
      ...failRows('CONSENT'),
    ],
  },
};

export class NextStepDefaultData1795329179400 implements MigrationInterface {
  name = 'NextStepDefaultData1795329179400';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const row of AUTH_METHODS) {
      await queryRunner.query(
        'INSERT INTO ns_auth_method (authMethod, orderNumber, checkUserPrefs, userPrefsDefault, checkAuthFails, ' +
          'maxAuthFails, hasUserInterface, hasMobileToken, displayNameKey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        row,
      );
    }
    for (const [operationName, templateVersion, templateId] of OPERATION_CONFIGS) {
      await queryRunner.query(
        'INSERT INTO ns_operation_config (operationName, templateVersion, templateId, mobileTokenEnabled, ' +
          'mobileTokenMode, afsEnabled, afsConfigId, expirationSeconds) VALUES (?, ?, ?, 1, ?, 0, NULL, NULL)',
        [operationName, templateVersion, templateId, MOBILE_TOKEN_MODE],
      );
    }
    let id = 0;
    for (const [operationName, { create, update }] of Object.entries(STEPS)) {
      const rows = [...create.map((r) => ['CREATE', ...r]), ...update.map((r) => ['UPDATE', ...r])];
      for (const row of rows) {
        await queryRunner.query(
          'INSERT INTO ns_step_definition (stepDefinitionId, operationName, operationType, requestAuthMethod, ' +
            'requestAuthStepResult, responsePriority, responseAuthMethod, responseResult) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          [++id, operationName, ...row],
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM ns_step_definition WHERE stepDefinitionId <= 200');
    await queryRunner.query(
      "DELETE FROM ns_operation_config WHERE operationName IN ('login', 'login_sca', 'authorize_payment', 'authorize_payment_sca')",
    );
    await queryRunner.query('DELETE FROM ns_auth_method');
  }
}
