import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock, DomainError, Transactions } from '@app/core';
import { ConsentRecord, RecordedConsentOption } from './consent-record.entity';
import { ConsentTemplate } from './consent-template.entity';

export const CONSENT_LANGUAGES = ['en', 'cs'] as const;

/** What consent refuses; each API words it in its dialect's code mapping. */
export type ConsentErrorCode = 'CONSENT_TEMPLATE_NOT_FOUND' | 'CONSENT_OPTIONS_MISSING' | 'CONSENT_OPTIONS_MISMATCH';

export class ConsentError extends DomainError<ConsentErrorCode> {}

export interface ConsentForm {
  consentHtml: string;
  options: Array<{ id: string; descriptionHtml: string; required: boolean; defaultValue: 'NOT_CHECKED' }>;
}

export interface ConsentOptionInput {
  id?: unknown;
  value?: unknown;
}

export interface ConsentValidation {
  consentValidationPassed: boolean;
  validationErrorMessage: string | null;
  optionValidationResults: Array<{ id: string; validationPassed: false; errorMessage: string }>;
}

export interface SaveConsent {
  userId: string;
  organizationId: string | null;
  operationId: string | null;
  operationName: string;
  options: ConsentOptionInput[] | null;
}

/** A recorded consent as other libs see it (plain data, never the entity). */
export interface ConsentRecordView {
  consentId: string;
  userId: string;
  organizationId: string | null;
  operationId: string | null;
  operationName: string;
  options: RecordedConsentOption[];
  createdAt: Date;
}

/** Consent forms per operation name (en and cs, English for other languages) and the consents given. */
@Injectable()
export class ConsentService {
  private readonly logger = new Logger(ConsentService.name);

  constructor(
    @InjectRepository(ConsentTemplate) private readonly templates: Repository<ConsentTemplate>,
    @InjectRepository(ConsentRecord) private readonly records: Repository<ConsentRecord>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Whether the form is shown: whenever a template exists for the operation. */
  async shouldDisplay(operationName: string): Promise<boolean> {
    return (await this.templates.countBy({ operationName: operationName.slice(0, 32) })) > 0;
  }

  async createForm(operationName: string, language: string | null | undefined): Promise<ConsentForm> {
    const template = await this.template(operationName, language);
    return {
      consentHtml: template.consentHtml,
      options: template.options.map((o) => ({ ...o, defaultValue: 'NOT_CHECKED' as const })),
    };
  }

  /** Positional check: option n of the request answers option n of the form (ids are not compared). */
  async validate(
    operationName: string,
    language: string | null | undefined,
    options: ConsentOptionInput[] | null,
  ): Promise<ConsentValidation> {
    const template = await this.template(operationName, language);
    checkCount(template, options);
    const failed = template.options
      .filter((option, index) => option.required && options![index]?.value !== 'CHECKED')
      .map((option) => ({
        id: option.id,
        validationPassed: false as const,
        errorMessage: template.optionErrorMessage,
      }));
    return failed.length === 0
      ? { consentValidationPassed: true, validationErrorMessage: null, optionValidationResults: [] }
      : {
          consentValidationPassed: false,
          validationErrorMessage: template.validationErrorMessage,
          optionValidationResults: failed,
        };
  }

  /** Records the consent; the options are kept as sent (id and value). */
  async save(request: SaveConsent): Promise<ConsentRecordView> {
    const template = await this.template(request.operationName, 'en');
    checkCount(template, request.options);
    const options: RecordedConsentOption[] = request.options!.map((o, index) => ({
      id: typeof o.id === 'string' ? o.id.slice(0, 64) : template.options[index].id,
      value: o.value === 'CHECKED' || o.value === 'NOT_CHECKED' ? o.value : null,
    }));
    const record = await this.transactions.run(async (em) => {
      const row = em.create(ConsentRecord, {
        consentId: randomUUID(),
        userId: request.userId,
        organizationId: request.organizationId,
        operationId: request.operationId,
        operationName: request.operationName,
        options,
        createdAt: this.clock.now(),
      });
      await em.insert(ConsentRecord, row);
      return row;
    });
    this.logger.log({ consentId: record.consentId, operationId: record.operationId }, 'Consent recorded');
    return { ...record };
  }

  async recordsOfOperation(operationId: string): Promise<ConsentRecordView[]> {
    const rows = await this.records.find({ where: { operationId }, order: { createdAt: 'ASC' } });
    return rows.map((row) => ({ ...row }));
  }

  private async template(operationName: string, language: string | null | undefined): Promise<ConsentTemplate> {
    const lang = (CONSENT_LANGUAGES as readonly string[]).includes(language ?? '') ? language! : 'en';
    const name = operationName.slice(0, 32);
    const template =
      (await this.templates.findOneBy({ operationName: name, language: lang })) ??
      (await this.templates.findOneBy({ operationName: name, language: 'en' }));
    if (!template) throw new ConsentError('CONSENT_TEMPLATE_NOT_FOUND', 'No consent form for this operation name.');
    return template;
  }
}

function checkCount(template: ConsentTemplate, options: ConsentOptionInput[] | null): void {
  if (!options || options.length === 0) throw new ConsentError('CONSENT_OPTIONS_MISSING', 'No options were given.');
  if (options.length !== template.options.length) {
    throw new ConsentError('CONSENT_OPTIONS_MISMATCH', `The form has ${template.options.length} options.`);
  }
}
