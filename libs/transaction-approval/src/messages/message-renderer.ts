import { Injectable } from '@nestjs/common';
import { TransactionApprovalError } from '../errors';
import type { FlowMessage } from '../flows/flow.types';
import { TOKEN_VARIABLE, parseTemplate, renderTemplate } from './message-template';

/** The anchor's SMS limit: one message of 160 characters. */
export const SMS_MAX_LENGTH = 160;

/**
 * The message provider (spec §6): a flow message rendered with the transaction's parameters and
 * the code. Only the text is limited; when even the shortest allowed text exceeds the limit the
 * flow cannot be used for this transaction (MESSAGE_TOO_LONG). Never logs what it renders.
 */
@Injectable()
export class MessageRenderer {
  render(
    message: FlowMessage,
    parameters: Readonly<Record<string, string>>,
    code: string | null,
    maxLength?: number,
  ): { subject?: string; text: string } {
    const values = code === null ? parameters : { ...parameters, [TOKEN_VARIABLE]: code };
    const text = renderTemplate(parseTemplate(message.text), values, maxLength);
    if (text.tooLong) {
      throw new TransactionApprovalError(
        'MESSAGE_TOO_LONG',
        `The message would be longer than ${maxLength} characters even with every allowed shortening.`,
      );
    }
    if (message.subject === undefined) return { text: text.text };
    return { subject: renderTemplate(parseTemplate(message.subject), values).text, text: text.text };
  }
}
