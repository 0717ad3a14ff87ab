import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsPhoneNumber,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { E164_PHONE_NUMBER, PageQuery } from '@app/core';
import { ACCOUNT_STATUSES, type AccountStatus, type UserAdminRecord } from '../user.view';

const USERNAME = /^[A-Za-z0-9._@+-]+$/;
const LANGUAGE = /^[a-z]{2}$/;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Body of POST /admin/users (ARCHITECTURE.md §2). */
export class CreateUserRequest {
  /** Chosen by the bank (e.g. its customer number); generated when omitted. At most 30 characters. */
  @ApiPropertyOptional({ example: 'jnovak' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,30}$/, { message: 'userId must be 1-30 characters of A-Z a-z 0-9 . _ -' })
  userId?: string;

  /** Unique within the organization; 1-40 characters of letters, digits and . _ @ + -. */
  @ApiProperty({ example: 'jan.novak' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  @Matches(USERNAME, { message: 'username may contain only letters, digits and . _ @ + -' })
  username: string;

  @ApiProperty({ example: 'Correct-Horse-42' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;

  @ApiProperty({ example: 'Jan' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  givenName: string;

  @ApiProperty({ example: 'Novak' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  familyName: string;

  /** An existing organization, e.g. DEFAULT or RETAIL. */
  @ApiProperty({ example: 'RETAIL' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  organizationId: string;

  /** E.164, e.g. +420777123456. */
  @ApiPropertyOptional({ type: String, nullable: true, example: '+420777123456' })
  @IsOptional()
  @IsString()
  @Matches(E164_PHONE_NUMBER, { message: 'phoneNumber must be in E.164 format, e.g. +420777123456' })
  @IsPhoneNumber(undefined, { message: 'phoneNumber must be a valid phone number' })
  phoneNumber?: string | null;

  @ApiPropertyOptional({ example: 'jan.novak@example.com', type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  /** ISO 639-1 code; texts exist for en and cs (others fall back to en). Default en. */
  @ApiPropertyOptional({ example: 'en' })
  @IsOptional()
  @IsString()
  @Matches(LANGUAGE, { message: 'language must be a two-letter ISO 639-1 code, e.g. en' })
  language?: string;
}

/**
 * Body of PATCH /admin/users/{userId}: absent fields stay, null clears phoneNumber/email. Only
 * those accept null (optional is not nullable: a null username or familyName is a 400).
 */
export class UpdateUserRequest extends PartialType(
  OmitType(CreateUserRequest, ['userId', 'password', 'organizationId'] as const),
  { skipNullProperties: false },
) {}

export class SetPasswordRequest {
  @ApiProperty({ example: 'Another-Horse-43' })
  @IsString()
  @MinLength(8)
  @MaxLength(128)
  password: string;
}

/** `?page&size&search&organizationId&accountStatus` of GET /admin/users. */
export class UserListQuery extends PageQuery {
  /** Case-insensitive substring of username, given name, family name or e-mail. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  organizationId?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(ACCOUNT_STATUSES)
  accountStatus?: AccountStatus;
}

export class UserAdminView {
  userId: string;
  username: string;
  organizationId: string;
  givenName: string;
  familyName: string;
  @ApiProperty({ enum: ACCOUNT_STATUSES })
  accountStatus: AccountStatus;
  @ApiProperty({ type: String, nullable: true })
  phoneNumber: string | null;
  @ApiProperty({ type: String, nullable: true })
  email: string | null;
  language: string;
  /** Consecutive failed authentications (password, codes, TOTP, OCRA, push deny). */
  @ApiProperty({ type: 'integer' })
  failedAttempts: number;
  /** End of a temporary lock (ISO 8601), null when not locked. */
  @ApiProperty({ type: String, nullable: true })
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;

  static of(user: UserAdminRecord, now: Date): UserAdminView {
    const locked = user.lockedUntil !== null && user.lockedUntil.getTime() > now.getTime();
    return {
      userId: user.userId,
      username: user.username,
      organizationId: user.organizationId,
      givenName: user.givenName,
      familyName: user.familyName,
      accountStatus: user.accountStatus,
      phoneNumber: user.phoneNumber,
      email: user.email,
      language: user.language,
      failedAttempts: locked || user.lockedUntil === null ? user.failedAttempts : 0,
      lockedUntil: locked ? user.lockedUntil!.toISOString() : null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
    };
  }
}

export class OrganizationView {
  organizationId: string;
  name: string;
}
