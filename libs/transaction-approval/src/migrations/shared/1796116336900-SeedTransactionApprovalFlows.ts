import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The four flows of spec §3: legacy-default-flow and mtan-ta-flow (MTAN), emailotp-ta-flow
 * (EMAIL_OTP, no resends, as seed 001 answers resendPossible: false) and my-flow-1 (PUSH,
 * seed 000). All allow accountNumber, amount and currency (required, linked: the code is bound
 * to them and they are never shortened) and an optional type that picks a message variant.
 * Portable SQL; admins change them at run time.
 */
const PARAMETERS = [
  { name: 'accountNumber', kind: 'ACCOUNT', required: true, linked: true },
  { name: 'amount', kind: 'AMOUNT', required: true, linked: true },
  { name: 'currency', kind: 'CURRENCY', required: true, linked: true },
  { name: 'type', kind: 'TEXT', required: false, linked: false },
];

// SMS texts stay in the GSM alphabet (no diacritics) so one SMS holds 160 characters.
const MTAN_MESSAGES = {
  en: {
    default: { text: 'Payment ${amount} ${currency} to ${accountNumber}. Security code: ${TOKEN}' },
    payment: {
      text: 'Your payment information: Amount: ${currency} ${amount}, Account: ${accountNumber}. Please confirm with security code: ${TOKEN}.',
    },
  },
  cs: { default: { text: 'Platba ${amount} ${currency} na ucet ${accountNumber}. Bezpecnostni kod: ${TOKEN}' } },
};

const EMAIL_MESSAGES = {
  en: {
    default: {
      subject: 'Please confirm your transaction',
      text:
        'Please confirm the payment of ${amount} ${currency} to account ${accountNumber}.\n\n' +
        'Security code: ${TOKEN}\n\n' +
        'If you did not start this payment, do not pass the code on and contact your bank.',
    },
  },
  cs: {
    default: {
      subject: 'Potvrďte prosím transakci',
      text:
        'Potvrďte prosím platbu ${amount} ${currency} na účet ${accountNumber}.\n\n' +
        'Bezpečnostní kód: ${TOKEN}\n\n' +
        'Pokud jste platbu nezadali, kód nikomu nesdělujte a kontaktujte svou banku.',
    },
  },
};

const PUSH_MESSAGES = {
  en: { default: { text: 'Confirm the payment of ${amount} ${currency} to account ${accountNumber}.' } },
  cs: { default: { text: 'Potvrďte platbu ${amount} ${currency} na účet ${accountNumber}.' } },
};

// Plain values (JSON text, 1/0, UTC datetime text) so this runs without entity metadata.
const CREATED_AT = '2026-12-01 00:00:00.000';
const defaults = {
  enabled: 1,
  organizationId: 'RETAIL',
  parameters: JSON.stringify(PARAMETERS),
  maxWrongOtpChecks: 2,
  maxOtpResends: 3,
  resendDelaySeconds: 30,
  otpLength: 6,
  otpValiditySeconds: 300,
  pushValiditySeconds: 120,
  numberMatching: 0,
  maskContact: 0,
  approvalProof: 0,
  createdAt: CREATED_AT,
  updatedAt: CREATED_AT,
};

const FLOWS = [
  { ...defaults, flowId: 'legacy-default-flow', method: 'MTAN', messages: JSON.stringify(MTAN_MESSAGES) },
  { ...defaults, flowId: 'mtan-ta-flow', method: 'MTAN', messages: JSON.stringify(MTAN_MESSAGES) },
  {
    ...defaults,
    flowId: 'emailotp-ta-flow',
    method: 'EMAIL_OTP',
    messages: JSON.stringify(EMAIL_MESSAGES),
    maxOtpResends: 0,
  },
  { ...defaults, flowId: 'my-flow-1', method: 'PUSH', messages: JSON.stringify(PUSH_MESSAGES) },
];

export class SeedTransactionApprovalFlows1796116336900 implements MigrationInterface {
  name = 'SeedTransactionApprovalFlows1796116336900';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const flow of FLOWS) {
      const columns = Object.keys(flow);
      await queryRunner.query(
        `INSERT INTO ta_flow (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        Object.values(flow),
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'DELETE FROM ta_flow WHERE flowId IN (?, ?, ?, ?)',
      FLOWS.map((f) => f.flowId),
    );
  }
}
