import type { FieldError } from '@app/core';
import { TOKEN_VARIABLE, TemplateSyntaxError, parseTemplate, templateVariables } from '../messages/message-template';
import {
  APPROVAL_METHODS,
  DEFAULT_MESSAGE_KEY,
  FALLBACK_LANGUAGE,
  FLOW_LIMITS,
  FlowDefinition,
  PARAMETER_KINDS,
} from './flow.types';

export const FLOW_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const LANGUAGE = /^[a-z]{2}(_[A-Z]{2})?$/;
const MESSAGE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PARAMETERS = 20;
const MAX_TEXT = 2000;
const MAX_SUBJECT = 200;
/** The fields of a message; any other is refused (never stored). */
const MESSAGE_FIELDS = new Set(['subject', 'text']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The rules a flow must keep beyond the shape of its fields (checked on every save): limits in
 * range, unique parameters, templates that parse, use only declared parameters, never shorten
 * a linked one, and carry the code for the OTP methods. An empty list means valid.
 */
export function flowProblems(flow: FlowDefinition): FieldError[] {
  const problems: FieldError[] = [];
  const add = (path: string, rule: string, message: string) => problems.push({ path, rule, message });

  if (!FLOW_ID.test(flow.flowId)) add('flowId', 'matches', 'flowId must be 1-64 of [A-Za-z0-9_-]');
  if (!(APPROVAL_METHODS as readonly string[]).includes(flow.method)) {
    add('method', 'isIn', `method must be one of ${APPROVAL_METHODS.join(', ')}`);
  }
  for (const [field, { min, max }] of Object.entries(FLOW_LIMITS)) {
    const value = flow[field as keyof typeof FLOW_LIMITS];
    if (!Number.isInteger(value) || value < min || value > max) {
      add(field, 'range', `${field} must be a whole number from ${min} to ${max}`);
    }
  }

  if (flow.parameters.length > MAX_PARAMETERS)
    add('parameters', 'arrayMaxSize', `at most ${MAX_PARAMETERS} parameters`);
  const names = new Set<string>();
  flow.parameters.forEach((p, i) => {
    if (!PARAMETER_NAME.test(p.name) || p.name === TOKEN_VARIABLE) {
      add(
        `parameters.${i}.name`,
        'matches',
        'a parameter name is 1-64 of [A-Za-z0-9_], starting with a letter, not TOKEN',
      );
    }
    if (names.has(p.name)) add(`parameters.${i}.name`, 'unique', `parameter ${p.name} is declared twice`);
    names.add(p.name);
    if (!(PARAMETER_KINDS as readonly string[]).includes(p.kind)) {
      add(`parameters.${i}.kind`, 'isIn', `kind must be one of ${PARAMETER_KINDS.join(', ')}`);
    }
  });
  const linked = new Set(flow.parameters.filter((p) => p.linked).map((p) => p.name));

  const languages = Object.keys(flow.messages);
  if (!flow.messages[FALLBACK_LANGUAGE]?.[DEFAULT_MESSAGE_KEY]) {
    add(
      `messages.${FALLBACK_LANGUAGE}.${DEFAULT_MESSAGE_KEY}`,
      'isDefined',
      'every flow needs an English default message',
    );
  }
  for (const language of languages) {
    if (!LANGUAGE.test(language)) add(`messages.${language}`, 'matches', 'a language is like en or es_VE');
    const byKey = flow.messages[language];
    if (!isObject(byKey)) {
      add(`messages.${language}`, 'isObject', 'the messages of a language are an object by message key');
      continue;
    }
    for (const [key, message] of Object.entries(byKey)) {
      const path = `messages.${language}.${key}`;
      if (!MESSAGE_KEY.test(key))
        add(path, 'matches', 'a message key is default or a type value (1-64 of [A-Za-z0-9_-])');
      if (!isObject(message)) {
        add(path, 'isObject', 'a message is an object: {subject?, text}');
        continue;
      }
      for (const field of Object.keys(message).filter((f) => !MESSAGE_FIELDS.has(f))) {
        add(`${path}.${field}`, 'whitelistValidation', `property ${field} should not exist`);
      }
      if (typeof message?.text !== 'string' || message.text.length === 0 || message.text.length > MAX_TEXT) {
        add(`${path}.text`, 'length', `text must be 1-${MAX_TEXT} characters`);
        continue;
      }
      if (flow.method === 'EMAIL_OTP' && (typeof message.subject !== 'string' || message.subject.length === 0)) {
        add(`${path}.subject`, 'isDefined', 'an e-mail message needs a subject');
      }
      if (
        message.subject !== undefined &&
        (typeof message.subject !== 'string' || message.subject.length > MAX_SUBJECT)
      ) {
        add(`${path}.subject`, 'length', `subject must be at most ${MAX_SUBJECT} characters`);
      }
      for (const [part, template] of [
        ['text', message.text],
        ['subject', message.subject ?? ''],
      ] as const) {
        templateProblems(template, flow, names, linked).forEach((m) => add(`${path}.${part}`, 'template', m));
      }
      if (flow.method !== 'PUSH' && !message.text.includes('${TOKEN}')) {
        add(`${path}.text`, 'template', 'the text of an OTP message must contain ${TOKEN}');
      }
    }
  }
  return problems;
}

function templateProblems(template: string, flow: FlowDefinition, names: Set<string>, linked: Set<string>): string[] {
  let variables: Array<{ name: string; shortened: boolean }>;
  try {
    variables = templateVariables(parseTemplate(template));
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return [error.message];
    throw error;
  }
  return variables.flatMap(({ name, shortened }) => {
    if (name === TOKEN_VARIABLE) return flow.method === 'PUSH' ? ['a push message has no ${TOKEN}'] : [];
    if (!names.has(name)) return [`\${${name}} is not a parameter of this flow`];
    if (shortened && linked.has(name)) return [`\${${name}} is linked and may only be shown in full`];
    return [];
  });
}
