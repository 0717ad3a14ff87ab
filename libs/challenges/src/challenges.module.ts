import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryModule } from '@app/delivery';
import { UsersModule } from '@app/users';
import { ChallengeChain } from './challenge-chain.entity';
import { ChallengeCleanupJob } from './challenge-cleanup.job';
import { Challenge } from './challenge.entity';
import { challengesConfigProvider } from './challenges.config';
import { ChallengesService } from './challenges.service';
import { RateLimitKey } from './rate-limit-key.entity';

/** Challenges of every channel (codes, chains, resends, rate limits) and their cleanup job. */
@Module({
  imports: [TypeOrmModule.forFeature([Challenge, ChallengeChain, RateLimitKey]), DeliveryModule, UsersModule],
  providers: [challengesConfigProvider, ChallengesService, ChallengeCleanupJob],
  exports: [ChallengesService, ChallengeCleanupJob],
})
export class ChallengesModule {}
