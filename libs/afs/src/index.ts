export { AfsHttpModule } from './afs-http.module';
export { AfsModule } from './afs.module';
export { AfsService } from './afs.service';
