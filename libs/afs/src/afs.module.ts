import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AfsActionRecord } from './afs-action.entity';
import { AfsRule } from './afs-rule.entity';
import { AfsService } from './afs.service';
import { AfsRetention } from './afs-retention';

/** Anti-fraud: rules as data, the evaluator and the record of executed actions. */
@Module({
  imports: [TypeOrmModule.forFeature([AfsRule, AfsActionRecord])],
  providers: [AfsRetention, AfsService],
  exports: [AfsService],
})
export class AfsModule {}
