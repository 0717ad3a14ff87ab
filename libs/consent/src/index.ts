export { ConsentModule } from './consent.module';
export { ConsentService } from './consent.service';
