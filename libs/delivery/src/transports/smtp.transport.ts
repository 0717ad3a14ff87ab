import { createTransport, Transporter } from 'nodemailer';
import { Envelope, Transport, TransportError } from './transport';

const DEFAULT_SUBJECT = 'Message';

/** E-mail through the SMTP server of SMTP_URL, from MAIL_FROM. */
export class SmtpTransport implements Transport {
  readonly name = 'SMTP';
  private readonly transporter: Transporter;

  constructor(
    url: URL,
    private readonly from: string,
    timeoutMs: number,
  ) {
    this.transporter = createTransport({
      url: url.toString(),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger: false,
      debug: false,
    } as Parameters<typeof createTransport>[0]);
  }

  async send(envelope: Envelope, timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TransportError(`SMTP timeout ${timeoutMs} ms`, true)), timeoutMs);
    });
    try {
      await Promise.race([
        this.transporter.sendMail({
          from: this.from,
          to: envelope.recipient,
          subject: envelope.subject ?? DEFAULT_SUBJECT,
          text: envelope.text,
          messageId: `<${envelope.messageId}@stepwise>`,
        }),
        timeout,
      ]);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const { code, responseCode } = error as { code?: string; responseCode?: number };
      throw new TransportError(`SMTP failed${code ? ` ${code}` : ''}${responseCode ? ` ${responseCode}` : ''}`);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
