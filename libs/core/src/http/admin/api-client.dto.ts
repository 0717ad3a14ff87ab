import { ApiProperty, PickType, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { API_SCOPES, type ApiScope } from '../../security/api-scope';
import type { ApiClientRecord } from '../../security/api-clients.service';

export class CreateApiClientRequest {
  /** Generated when omitted. */
  @ApiPropertyOptional({ example: 'ebanking' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'clientId must be 3-64 characters of A-Z a-z 0-9 . _ -' })
  clientId?: string;

  @ApiProperty({ example: ['next-step', 'data-adapter'], enum: API_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_SCOPES.length)
  @IsIn(API_SCOPES, { each: true })
  scopes: ApiScope[];

  @ApiPropertyOptional({ example: 'e-banking back end' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  description?: string;
}

export class UpdateApiClientScopesRequest extends PickType(CreateApiClientRequest, ['scopes'] as const) {}

export class ApiClientView {
  clientId: string;
  @ApiProperty({ enum: API_SCOPES, isArray: true })
  scopes: ApiScope[];
  description: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;

  static of(client: ApiClientRecord): ApiClientView {
    return {
      clientId: client.clientId,
      scopes: client.scopes,
      description: client.description,
      enabled: client.enabled,
      createdAt: client.createdAt.toISOString(),
      updatedAt: client.updatedAt.toISOString(),
    };
  }
}

/** The answer of create and rotate: the only time the secret is shown. */
export class IssuedApiClientView extends ApiClientView {
  clientSecret: string;
}
