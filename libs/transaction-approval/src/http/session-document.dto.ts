import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class DocumentMeta {
  @ApiProperty({ example: 'jsonapi.metadata.document' })
  type: string;

  @ApiProperty({ example: '2025-03-07T08:19:16.528Z' })
  timestamp: string;
}

class SessionAttributes {
  @ApiPropertyOptional({
    example: 'EMAIL_OTP_CHECK_REQUIRED',
    description: 'The next call to make; absent once approved.',
  })
  nextStep?: string;

  @ApiPropertyOptional({ example: 'jdoe@airlock.com' })
  emailAddress?: string;

  @ApiPropertyOptional({ example: '+420777123456' })
  phoneNumber?: string;

  @ApiPropertyOptional({ example: false })
  resendPossible?: boolean;

  @ApiPropertyOptional({
    example: true,
    description: 'Present when the first delivery attempt failed (it is retried).',
  })
  deliveryFailed?: boolean;

  @ApiPropertyOptional({ example: true })
  canceled?: boolean;
}

class SessionResource {
  @ApiProperty({ example: 'transaction-approval.session' })
  type: string;

  @ApiProperty({ example: '340125027183557164' })
  id: string;

  @ApiProperty({ type: SessionAttributes })
  attributes: SessionAttributes;
}

/** The JSON:API document every step answers (rendered by the mount's dialect). */
export class SessionDocument {
  @ApiProperty({ type: DocumentMeta })
  meta: DocumentMeta;

  @ApiProperty({ type: SessionResource })
  data: SessionResource;
}
