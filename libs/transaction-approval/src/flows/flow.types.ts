/** How a flow's approval step reaches the user (spec §3). */
export const APPROVAL_METHODS = ['EMAIL_OTP', 'MTAN', 'PUSH'] as const;
export type ApprovalMethodName = (typeof APPROVAL_METHODS)[number];

/** What a message parameter holds; each kind has its own validation (spec §5). */
export const PARAMETER_KINDS = ['AMOUNT', 'CURRENCY', 'ACCOUNT', 'TEXT'] as const;
export type ParameterKind = (typeof PARAMETER_KINDS)[number];

/** One allowed entry of `messageParameters`. */
export interface FlowParameter {
  name: string;
  kind: ParameterKind;
  required: boolean;
  /** Part of the dynamic linking: the code is bound to it and it is never shortened. */
  linked: boolean;
}

/** One message: e-mail subject (e-mail only) and text with `${…}` variables. */
export interface FlowMessage {
  subject?: string;
  text: string;
}

/** Messages by language (`en`, `cs`, …), then by `type` parameter value (`default` when none matches). */
export type FlowMessages = Record<string, Record<string, FlowMessage>>;

export const DEFAULT_MESSAGE_KEY = 'default';
export const FALLBACK_LANGUAGE = 'en';

/** A flow as data: what admins edit and every step reads (spec §3). */
export interface FlowDefinition {
  flowId: string;
  enabled: boolean;
  organizationId: string;
  method: ApprovalMethodName;
  parameters: FlowParameter[];
  messages: FlowMessages;
  /** Tries per code minus one (the anchor's maxWrongOtpChecks). */
  maxWrongOtpChecks: number;
  maxOtpResends: number;
  resendDelaySeconds: number;
  otpLength: number;
  otpValiditySeconds: number;
  pushValiditySeconds: number;
  numberMatching: boolean;
  maskContact: boolean;
  approvalProof: boolean;
}

/** A flow as the API shows it. */
export interface FlowView extends FlowDefinition {
  createdAt: Date;
  updatedAt: Date;
}

/** Limits a flow's settings must stay within (validated when saved). */
export const FLOW_LIMITS = {
  maxWrongOtpChecks: { min: 0, max: 9 },
  maxOtpResends: { min: 0, max: 10 },
  resendDelaySeconds: { min: 0, max: 600 },
  otpLength: { min: 6, max: 10 },
  otpValiditySeconds: { min: 60, max: 600 },
  pushValiditySeconds: { min: 30, max: 600 },
} as const;

/** Settings a new flow gets when the admin leaves them out (spec §3). */
export function flowDefaults(method: ApprovalMethodName) {
  return {
    enabled: true,
    organizationId: 'RETAIL',
    maxWrongOtpChecks: 2,
    maxOtpResends: 3,
    resendDelaySeconds: 30,
    otpLength: 6,
    otpValiditySeconds: 300,
    pushValiditySeconds: 120,
    numberMatching: method === 'PUSH',
    maskContact: false,
    approvalProof: false,
  };
}

/**
 * The message for the user's language and the transaction's `type`: the language's message for
 * that type, else its default; then the same in English (every saved flow has an English default).
 */
export function pickMessage(messages: FlowMessages, language: string, type: string | undefined): FlowMessage {
  for (const lang of [language, FALLBACK_LANGUAGE]) {
    const byType = messages[lang];
    if (!byType) continue;
    const typed = type !== undefined && Object.hasOwn(byType, type) ? byType[type] : undefined;
    const message = typed ?? byType[DEFAULT_MESSAGE_KEY];
    if (message) return message;
  }
  throw new Error('A flow without an English default message was stored');
}
