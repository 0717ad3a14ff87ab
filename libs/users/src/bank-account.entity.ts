import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn, MoneyColumn } from '@app/core';

/** A bank account of a user, offered for payments by the Data Adapter's form-data decorate. */
@Entity('user_bank_account')
export class UserBankAccount {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  userId: string;

  /** Machine id, e.g. an IBAN. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  accountId: string;

  /** Human form, e.g. 12345678/1234. */
  @Column({ type: 'varchar', length: 64 })
  accountNumber: string;

  @Column({ type: 'varchar', length: 100 })
  accountName: string;

  @MoneyColumn()
  balance: string;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @Column({ type: 'boolean', default: false })
  usableForPayment: boolean;

  @Column({ type: 'varchar', length: 255, nullable: true, default: null })
  unusableForPaymentReason: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
