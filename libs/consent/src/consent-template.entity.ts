import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JsonTextColumn } from '@app/core';

export interface ConsentTemplateOption {
  id: string;
  descriptionHtml: string;
  required: boolean;
}

/** The consent form shown for one operation name in one language (seeded; banks edit the rows). */
@Entity('consent_template')
export class ConsentTemplate {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  operationName: string;

  @PrimaryColumn({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'text' })
  consentHtml: string;

  /** In display order; validation is positional, as in the sample adapter. */
  @JsonTextColumn()
  options: ConsentTemplateOption[];

  @Column({ type: 'varchar', length: 512 })
  validationErrorMessage: string;

  @Column({ type: 'varchar', length: 512 })
  optionErrorMessage: string;
}
