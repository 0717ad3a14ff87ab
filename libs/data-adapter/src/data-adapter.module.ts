import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ENV, Env } from '@app/core';
import { AfsModule } from '@app/afs';
import { ChallengesModule } from '@app/challenges';
import { ConsentModule } from '@app/consent';
import { DeliveryModule } from '@app/delivery';
import { UsersModule, usersConfigProvider } from '@app/users';
import { DataAdapterConfig } from './data-adapter.config';
import { OperationNotification } from './operation-notification.entity';
import { DataAdapterSmsService } from './services/data-adapter-sms.service';
import { DataAdapterUsersService } from './services/data-adapter-users.service';
import { FormDataDecoratorService } from './services/form-data-decorator.service';
import { OperationNotificationsService } from './services/operation-notifications.service';
import { SimulatedFailure } from './unknown-users/simulated-failure.entity';
import { SimulatedLockout } from './unknown-users/simulated-lockout.service';

const services = [
  DataAdapterUsersService,
  DataAdapterSmsService,
  FormDataDecoratorService,
  OperationNotificationsService,
];

/** The Data Adapter's behaviour over the user directory, SMS codes, consent, anti-fraud and delivery. */
@Module({
  imports: [
    TypeOrmModule.forFeature([OperationNotification, SimulatedFailure]),
    UsersModule,
    DeliveryModule,
    ChallengesModule,
    ConsentModule,
    AfsModule,
  ],
  providers: [
    { provide: DataAdapterConfig, inject: [ENV], useFactory: (env: Env) => new DataAdapterConfig(env) },
    usersConfigProvider,
    SimulatedLockout,
    ...services,
  ],
  exports: [DataAdapterConfig, ConsentModule, AfsModule, ...services],
})
export class DataAdapterModule {}
