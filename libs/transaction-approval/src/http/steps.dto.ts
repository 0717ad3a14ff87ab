import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, ValidateIf } from 'class-validator';

export class IdentifyBody {
  @ApiProperty({ example: 'jdoe', maxLength: 64 })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiPropertyOptional({ example: 'RETAIL', description: "The user's organization (default: the flow's)." })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  organizationId?: string;
}

/** One of end-username and username is required; each is checked whenever it is sent (the handler prefers end-username). */
export class EndUserIdentifyBody {
  @ApiPropertyOptional({ name: 'end-username', example: 'jdoe', maxLength: 64 })
  @ValidateIf((body: EndUserIdentifyBody) => body['end-username'] !== undefined || body.username === undefined)
  @IsString()
  @Length(1, 64)
  'end-username'?: string;

  @ApiPropertyOptional({ example: 'jdoe', description: 'Accepted instead of end-username.' })
  @ValidateIf((body: EndUserIdentifyBody) => body.username !== undefined || body['end-username'] === undefined)
  @IsString()
  @Length(1, 64)
  username?: string;

  @ApiPropertyOptional({ example: 'RETAIL' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  organizationId?: string;
}

export class ParametersBody {
  @ApiProperty({
    description: "The transaction data, as the flow's parameters allow (all values strings).",
    example: { accountNumber: '0123456', amount: '9999', currency: 'CHF' },
    additionalProperties: { type: 'string' },
  })
  @IsObject()
  messageParameters: Record<string, unknown>;

  @ApiPropertyOptional({
    example: '123456abcdef',
    description: 'The token the user logged in with (push: a device id).',
  })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  authTokenId?: string;
}

export class OtpBody {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Length(1, 32)
  otp: string;
}
