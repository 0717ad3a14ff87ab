import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import {
  ACCOUNT_STATUSES,
  AuthenticationContextDto,
  OperationRequest,
  UserBoundRequest,
  DaRequiredText,
} from './common.dto';

export class UserLookupRequest extends OperationRequest {
  @DaRequiredText('RETAIL', 'login.organizationId.empty')
  declare organizationId: string | null;

  @DaRequiredText('user1234', 'login.username.empty')
  username?: string | null;

  @ApiPropertyOptional({ example: null, type: String, nullable: true })
  @IsOptional()
  @IsString()
  clientCertificate?: string | null;
}

export class UserAuthenticationRequest extends OperationRequest {
  @DaRequiredText('user1234', 'login.userId.empty')
  declare userId: string | null;

  @DaRequiredText('RETAIL', 'login.organizationId.empty')
  declare organizationId: string | null;

  @ApiProperty({
    type: String,
    required: true,
    example: 's3cret-password',
    description: 'Required. Plain, or `base64(iv):base64(ciphertext)` with PASSWORD_ENCRYPTION_AES.',
  })
  @IsOptional()
  @IsString()
  password?: string | null;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AuthenticationContextDto)
  authenticationContext?: AuthenticationContextDto | null;
}

export class UserDetailRequest extends UserBoundRequest {}

export class UserDetailResponse {
  @ApiProperty({ nullable: true, type: String }) id: string | null;
  @ApiProperty({ nullable: true, type: String }) givenName: string | null;
  @ApiProperty({ nullable: true, type: String }) familyName: string | null;
  @ApiProperty({ nullable: true, type: String }) organizationId: string | null;
  @ApiProperty({ enum: ACCOUNT_STATUSES, nullable: true }) accountStatus: string | null;
}

export class UserAuthenticationResponse {
  @ApiProperty({ enum: ['SUCCEEDED', 'FAILED', 'SKIPPED'] }) authenticationResult: 'SUCCEEDED' | 'FAILED' | 'SKIPPED';
  @ApiProperty({ type: UserDetailResponse, nullable: true }) userDetail: UserDetailResponse | null;
  @ApiProperty({ nullable: true, type: String }) errorMessage: string | null;
  @ApiProperty({ nullable: true, type: 'integer' }) remainingAttempts: number | null;
  @ApiProperty() showRemainingAttempts: boolean;
  @ApiProperty({ enum: ACCOUNT_STATUSES, nullable: true }) accountStatus: string | null;
}
