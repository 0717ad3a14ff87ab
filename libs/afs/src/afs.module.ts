import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AfsActionRecord } from './afs-action.entity';
import { AfsRule } from './afs-rule.entity';
import { AfsService } from './afs.service';

/** Anti-fraud: rules as data, the evaluator and the record of executed actions. */
@Module({
  imports: [TypeOrmModule.forFeature([AfsRule, AfsActionRecord])],
  providers: [AfsService],
  exports: [AfsService],
})
export class AfsModule {}
