import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@app/core';
import type { Permission } from './permissions';

/** A named set of permissions, assigned to users. */
@Entity('user_role')
export class UserRole {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 255, default: '' })
  description: string;

  @Column({ type: 'simple-array' })
  permissions: Permission[];

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}

/** One role of one user. */
@Entity('user_role_assignment')
@Index('IDX_user_role_assignment_role', ['roleName'])
export class UserRoleAssignment {
  @PrimaryColumn({ type: 'varchar', length: 30 })
  userId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  roleName: string;
}
