import { Module } from '@nestjs/common';
import { AfsModule } from './afs.module';
import { AfsRulesController } from './http/afs-rules.controller';

/** Administration of the anti-fraud rules (`/admin/afs/rules`). */
@Module({ imports: [AfsModule], controllers: [AfsRulesController] })
export class AfsHttpModule {}
