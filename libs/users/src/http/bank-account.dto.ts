import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** Body of PUT /admin/users/{userId}/accounts/{accountId}: the whole account. */
export class BankAccountRequest {
  /** Human form, e.g. 12345678/1234. */
  @ApiProperty({ example: '12345678/1234' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  accountNumber: string;

  @ApiProperty({ example: 'Current account' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  accountName: string;

  /** Decimal string, e.g. "24394.52" (never a JSON number: no rounding). */
  @ApiProperty({ example: '24394.52' })
  @IsString()
  @Matches(/^-?\d{1,18}(\.\d{1,6})?$/, { message: 'balance must be a decimal string such as "24394.52"' })
  balance: string;

  /** ISO 4217, e.g. CZK. */
  @ApiProperty({ example: 'CZK' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CZK' })
  currency: string;

  @IsBoolean()
  usableForPayment: boolean;

  /** Shown to the user when the account cannot pay, e.g. "Low account balance". Ignored when usable. */
  @ApiPropertyOptional({ example: null, type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  unusableForPaymentReason?: string | null;
}

/** Body of POST /admin/users/{userId}/accounts. */
export class CreateBankAccountRequest extends BankAccountRequest {
  /** Machine id, e.g. the IBAN CZ4012340000000012345678. */
  @ApiProperty({ example: 'CZ4012340000000012345678' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'accountId must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  accountId: string;
}

export class BankAccountAdminView {
  accountId: string;
  accountNumber: string;
  accountName: string;
  @ApiProperty({ example: '24394.52' })
  balance: string;
  currency: string;
  usableForPayment: boolean;
  @ApiProperty({ type: String, nullable: true })
  unusableForPaymentReason: string | null;
}
