import { MigrationInterface, QueryRunner } from 'typeorm';

const LOGIN = {
  en: {
    consentHtml:
      'I consent that I have initiated this authentication request and give consent to complete the operation.<br/><br/>',
    options: [
      {
        id: 'CONSENT_LOGIN',
        descriptionHtml: 'I give consent to complete the authentication operation.',
        required: true,
      },
    ],
  },
  cs: {
    consentHtml: 'Tímto potvrzuji, že jsem inicioval tuto žádost o přihlášení a souhlasím s dokončením této operace.',
    options: [
      { id: 'CONSENT_LOGIN', descriptionHtml: 'Souhlasím s dokončením operace pro přihlášení.', required: true },
    ],
  },
};

const PAYMENT = {
  en: {
    consentHtml: 'I consent that I have initiated this payment request and give consent to complete the operation.',
    options: [
      {
        id: 'CONSENT_INIT',
        descriptionHtml: 'I consent that I have initiated this payment operation.',
        required: true,
      },
      { id: 'CONSENT_PAYMENT', descriptionHtml: 'I give consent to complete this payment operation.', required: true },
    ],
  },
  cs: {
    consentHtml: 'Tímto potvrzuji, že jsem inicioval tuto platební operaci a souhlasím s jejím dokončením.',
    options: [
      { id: 'CONSENT_INIT', descriptionHtml: 'Potvrzuji, že jsem inicioval tuto platební operaci.', required: true },
      { id: 'CONSENT_PAYMENT', descriptionHtml: 'Souhlasím s provedením platební operace.', required: true },
    ],
  },
};

const MESSAGES = {
  en: {
    validationErrorMessage: 'Please fill in the whole consent form.',
    optionErrorMessage: 'Confirm this option to complete the operation.',
  },
  cs: {
    validationErrorMessage: 'Prosím vyplňte celý formulář se souhlasem.',
    optionErrorMessage: 'Pro dokončení operace odsouhlaste tuto volbu.',
  },
};

const RULES = [
  {
    ruleId: '6f1f6f0e-4f7a-4d43-9a55-1d2b7c3a0001',
    name: 'Approval of a CZK payment under 500: SMS code only (1FA)',
    priority: 100,
    condition: {
      all: [
        { fact: 'action', op: 'eq', value: 'APPROVAL_INIT' },
        { fact: 'currency', op: 'eq', value: 'CZK' },
        { fact: 'amount', op: 'lt', value: 500 },
      ],
    },
    outcome: { afsResponseApplied: true, afsLabel: '1FA', smsOtpRequired: true, passwordRequired: false },
  },
  {
    ruleId: '6f1f6f0e-4f7a-4d43-9a55-1d2b7c3a0002',
    name: 'Logout: no label',
    priority: 200,
    condition: { fact: 'action', op: 'eq', value: 'LOGOUT' },
    outcome: { afsResponseApplied: false, afsLabel: null, smsOtpRequired: true, passwordRequired: true },
  },
];

/**
 * Reference data of the Data Adapter (portable): the sample adapter's consent forms per
 * operation name (en, cs) and the anti-fraud rules reproducing its decisions.
 */
export class SeedConsentTemplatesAndAfsRules1795330052800 implements MigrationInterface {
  name = 'SeedConsentTemplatesAndAfsRules1795330052800';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [names, form] of [
      [['login', 'login_sca'], LOGIN],
      [['authorize_payment', 'authorize_payment_sca'], PAYMENT],
    ] as const) {
      for (const operationName of names) {
        for (const language of ['en', 'cs'] as const) {
          await queryRunner.query(
            'INSERT INTO `consent_template` (`operationName`, `language`, `consentHtml`, `options`, ' +
              '`validationErrorMessage`, `optionErrorMessage`) VALUES (?, ?, ?, ?, ?, ?)',
            [
              operationName,
              language,
              form[language].consentHtml,
              JSON.stringify(form[language].options),
              MESSAGES[language].validationErrorMessage,
              MESSAGES[language].optionErrorMessage,
            ],
          );
        }
      }
    }
    const at = '2026-11-22 00:00:00.000';
    for (const rule of RULES) {
      await queryRunner.query(
        'INSERT INTO `afs_rule` (`ruleId`, `name`, `priority`, `enabled`, `condition`, `outcome`, `createdAt`, ' +
          '`updatedAt`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [
          rule.ruleId,
          rule.name,
          rule.priority,
          1,
          JSON.stringify(rule.condition),
          JSON.stringify(rule.outcome),
          at,
          at,
        ],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM `afs_rule` WHERE `ruleId` IN (?, ?)', [
      '6f1f6f0e-4f7a-4d43-9a55-1d2b7c3a0001',
      '6f1f6f0e-4f7a-4d43-9a55-1d2b7c3a0002',
    ]);
    await queryRunner.query('DELETE FROM `consent_template`');
  }
}
