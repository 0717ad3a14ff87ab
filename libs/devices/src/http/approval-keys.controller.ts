import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@app/core';
import { ApprovalProofs } from '../proof/approval-proofs.service';

/** Mount of the transaction-approval API (spec §1); the JWKS sits beside its steps. */
const TRANSACTION_APPROVAL_MOUNT = 'auth-transaction-approval/rest/transaction-approval';

/**
 * The public keys of proofs of approval as a JWKS (RFC 7517), for any JWKS library. Answered
 * as it is, not as a JSON:API document: verifiers fetch it directly.
 */
@ApiTags('transaction-approval')
@Controller(TRANSACTION_APPROVAL_MOUNT)
export class ApprovalKeysController {
  constructor(private readonly proofs: ApprovalProofs) {}

  /** The public keys (JWKS) that verify proofs of approval. */
  @Get('keys')
  @Public()
  @ApiOkResponse({
    description: 'JWKS: `{"keys":[{"kty":"EC","crv":"P-256","x","y","kid","alg":"ES256","use":"sig"}]}`',
  })
  async keys(@Res() reply: FastifyReply): Promise<void> {
    const jwks = await this.proofs.jwks();
    await reply.status(200).header('cache-control', 'public, max-age=300').type('application/jwk-set+json').send(jwks);
  }
}
