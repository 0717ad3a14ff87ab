import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row (id 1) whose version every admin change of cached configuration bumps in its own
 * transaction, so every replica sees that its cached copy is stale at its next request.
 */
@Entity('config_version')
export class ConfigVersion {
  @PrimaryColumn({ type: 'int' })
  id: number;

  @Column({ type: 'int' })
  version: number;
}
