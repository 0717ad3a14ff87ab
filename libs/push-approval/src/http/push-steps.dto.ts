import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** Body of airlock-2fa/otp/check: the 8-digit code the app computed from the QR code. */
export class OfflineOtpBody {
  @ApiProperty({ example: '12345678' })
  @IsString()
  @Length(1, 32)
  otp: string;
}
