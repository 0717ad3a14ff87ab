import { Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

/**
 * `{"requestObject": …}` bodies of the Next Step and Data Adapter APIs. Controllers declare
 * `class CreateOperationBody extends RequestEnvelope(CreateOperationRequest) {}` so validation
 * and the OpenAPI schema both see the nested DTO.
 */
export function RequestEnvelope<T extends object>(dto: ClassType<T>): ClassType<{ requestObject: T }> {
  class Envelope {
    @ApiProperty({ type: () => dto })
    @IsDefined({ message: 'requestObject is required' })
    @IsObject()
    @ValidateNested()
    @Type(() => dto)
    requestObject: T;
  }
  return Envelope;
}

const okEnvelopes = new Map<ClassType<unknown> | string, ClassType<unknown>>();

/**
 * OpenAPI type of `{"status":"OK","responseObject": dto}` (or an array of dto). The runtime
 * body comes from the envelope dialect; this class only documents it.
 */
export function OkEnvelope(dto: ClassType<unknown>, options: { isArray?: boolean } = {}): ClassType<unknown> {
  const key = options.isArray ? `${dto.name}[]` : dto;
  const cached = okEnvelopes.get(key);
  if (cached) return cached;
  class Envelope {
    @ApiProperty({ enum: ['OK'] })
    status: 'OK';

    @ApiProperty({ type: () => dto, isArray: options.isArray ?? false })
    responseObject: unknown;
  }
  Object.defineProperty(Envelope, 'name', { value: `${dto.name}${options.isArray ? 'List' : ''}Envelope` });
  okEnvelopes.set(key, Envelope);
  return Envelope;
}

/** OpenAPI type of a plain `{"status":"OK"}` answer. */
export class OkStatusEnvelope {
  @ApiProperty({ enum: ['OK'] })
  status: 'OK';
}
