import { Body, Controller, Get, Module, OnModuleInit, Post } from '@nestjs/common';
import { IsInt, IsString, Max, MaxLength } from 'class-validator';
import { DomainError, RequestEnvelope, RequireScope, WireDialects, envelopeDialect, jsonApiDialect } from '@app/core';

/** Held open by GET /probe-envelope/slow until a test resolves it. */
export const slowRequestGate = (() => {
  let release!: () => void;
  let markEntered!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  const entered = new Promise<void>((resolve) => (markEntered = resolve));
  return { promise, release, entered, markEntered };
})();

/** Test-only routes that exercise the three wire dialects and the failure paths. */
class ProbeRequest {
  @IsString()
  @MaxLength(10)
  name: string;

  @IsInt()
  @Max(100)
  count: number;
}
class ProbeEnvelope extends RequestEnvelope(ProbeRequest) {}

@Controller('probe-envelope')
@RequireScope('next-step')
class EnvelopeProbeController {
  @Post('echo')
  echo(@Body() body: ProbeEnvelope) {
    return { ...body.requestObject, extraFieldDropped: !('extra' in body.requestObject) };
  }

  @Post('nothing')
  nothing(): void {}

  @Post('rule')
  rule(): never {
    throw new DomainError('OPERATION_NOT_FOUND', 'Operation not found.', { remainingAttempts: 2 });
  }

  @Get('boom')
  boom(): never {
    throw new Error('database password=hunter2 exploded at /srv/app.ts:42');
  }

  /** Answers only when the test releases it (graceful shutdown). */
  @Get('slow')
  async slow(): Promise<{ finished: boolean }> {
    slowRequestGate.markEntered();
    await slowRequestGate.promise;
    return { finished: true };
  }
}

@Controller('probe-jsonapi')
@RequireScope('transaction-approval')
class JsonApiProbeController {
  @Post('echo')
  echo(@Body() body: ProbeRequest) {
    return { id: 'probe', attributes: body };
  }

  @Get('boom')
  boom(): never {
    throw new TypeError('cannot read properties of undefined');
  }
}

@Module({ controllers: [EnvelopeProbeController, JsonApiProbeController] })
export class ProbeModule implements OnModuleInit {
  constructor(private readonly dialects: WireDialects) {}

  onModuleInit(): void {
    this.dialects.register(
      '/probe-envelope',
      envelopeDialect({
        codes: {
          VALIDATION_FAILED: { code: 'INVALID_REQUEST', message: 'Request data is invalid.' },
          MALFORMED_BODY: { code: 'INVALID_REQUEST', message: 'Request data is invalid.' },
          INTERNAL_ERROR: { code: 'ERROR_GENERIC', message: 'error.unknown' },
        },
        validationFields: (error) => ({ validationErrors: error.fieldErrors }),
      }),
    );
    this.dialects.register('/probe-jsonapi', jsonApiDialect({ resourceType: 'probe' }));
  }
}
