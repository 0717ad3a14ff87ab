import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConsentRecord } from './consent-record.entity';
import { ConsentTemplate } from './consent-template.entity';
import { ConsentService } from './consent.service';
import { ConsentRetention } from './consent-retention';

/** Consent forms per operation and recorded consents. */
@Module({
  imports: [TypeOrmModule.forFeature([ConsentTemplate, ConsentRecord])],
  providers: [ConsentRetention, ConsentService],
  exports: [ConsentService],
})
export class ConsentModule {}
