import { ApiProperty } from '@nestjs/swagger';

export class ServiceStatusResponse {
  @ApiProperty({ example: 'powerauth-data-adapter' }) applicationName: string;
  @ApiProperty({ example: 'PowerAuth Data Adapter' }) applicationDisplayName: string;
  @ApiProperty() applicationEnvironment: string;
  @ApiProperty() version: string;
  @ApiProperty({ example: '2019-06-21T12:49:22.959+0000' }) buildTime: string;
  @ApiProperty({ example: '2019-06-21T13:05:49.740+0000' }) timestamp: string;
}
