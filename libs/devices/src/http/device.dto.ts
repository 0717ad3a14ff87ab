import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsString, Matches, MaxLength } from 'class-validator';
import { Omittable } from '@app/core';
import type { Decision } from '../decision-signature';
import type { DeviceStatus } from '../device.entity';
import type { DeviceView } from '../device.view';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Body of POST /admin/users/{userId}/devices. */
export class EnrolDeviceRequest {
  /** Shown to the user in lists, e.g. "Jana's iPhone". */
  @ApiProperty({ example: 'Jana’s iPhone' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName: string;
}

export class DeviceAdminView {
  deviceId: string;
  userId: string;
  displayName: string;
  status: DeviceStatus;
  createdAt: string;
  /** Until when the activation code works (PENDING devices only). */
  activationExpiresAt: string | null;
  activatedAt: string | null;
  revokedAt: string | null;
  lastSeenAt: string | null;

  static of(view: DeviceView): DeviceAdminView {
    return {
      ...view,
      createdAt: view.createdAt.toISOString(),
      activationExpiresAt: view.activationExpiresAt?.toISOString() ?? null,
      activatedAt: view.activatedAt?.toISOString() ?? null,
      revokedAt: view.revokedAt?.toISOString() ?? null,
      lastSeenAt: view.lastSeenAt?.toISOString() ?? null,
    };
  }
}

/** The enrolment: the activation code is in this answer only. */
export class EnrolmentView {
  deviceId: string;
  /** Single use, until `expiresAt`; hand it to the user (or show `activationUri` as a QR code). */
  activationCode: string;
  /** e.g. `stepwise://activate?code=…` (DEVICE_ACTIVATION_URI). */
  activationUri: string;
  expiresAt: string;
}

/** Body of POST /device/v1/activate. */
export class ActivateDeviceRequest {
  @ApiProperty({ example: '7K2QD-X9M4T-B3N8W-R5HJP' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  activationCode: string;

  /** The device's public key: a JWK `{"kty":"EC","crv":"P-256","x","y"}` (never the private part). */
  @ApiProperty({
    example: {
      kty: 'EC',
      crv: 'P-256',
      x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
      y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
    },
  })
  @IsObject()
  publicKey: Record<string, unknown>;

  /** Trimmed; blank keeps the name given at enrolment. */
  @ApiPropertyOptional({ example: 'Jana’s iPhone' })
  @Omittable()
  @IsString()
  @MaxLength(100)
  displayName?: string;
}

/** Returned once: keep the token and the secret in the device's secure storage. */
export class ActivationView {
  deviceId: string;
  /** `Authorization: Bearer <deviceToken>` on every other device call. */
  deviceToken: string;
  /** Base32, 32 bytes: the OCRA key for offline codes. */
  ocraSecret: string;
  ocraSuite: string;
}

export class PendingApprovalDto {
  approvalId: string;
  flowId: string;
  /** The rendered text to show. */
  message: string;
  /** The linked values to show (amount, currency, account …). */
  messageParameters: Record<string, string>;
  /** SHA-256 (hex) of the canonical JSON `{flowId, message, messageParameters}`; part of what is signed. */
  dataHash: string;
  /** Ask the user for the two digits e-banking shows. */
  numberMatching: boolean;
  createdAt: string;
  expiresAt: string;
}

export class PendingApprovalsView {
  approvals: PendingApprovalDto[];
}

/** Body of POST /device/v1/approvals/{approvalId}. */
export class DecideApprovalRequest {
  @IsIn(['APPROVE', 'DENY'])
  decision: Decision;

  /** The two digits the user entered (number matching). */
  @ApiPropertyOptional({ example: '42' })
  @Omittable()
  @IsString()
  @Matches(/^\d{2}$/, { message: 'number must be two digits' })
  number?: string;

  /** Compact JWS (ES256, the device key) over `{"approvalId","decision","number","dataHash"}` (number null when absent). */
  @ApiProperty({ example: 'eyJhbGciOiJFUzI1NiJ9.eyJhcHByb3ZhbElkIjoiLi4uIn0.c2lnbmF0dXJl' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  signature: string;
}

export class DecisionView {
  approvalId: string;
  /** DENIED also for an approve with the wrong number (reason WRONG_NUMBER). */
  status: 'APPROVED' | 'DENIED';
  reason: string | null;
}

export class SigningKeyRotationView {
  kid: string;
  /** From then on proofs are signed with it; it is in the JWKS already. */
  activatesAt: string;
}
