import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuthResult, AuthStepResult, OperationRequestType } from './step-resolution/enums';

/** One row of the step table (ns_step_definition): for a request, which step comes next. */
@Entity('ns_step_definition')
@Index('ns_step_definition_name', ['operationName'])
export class StepDefinition {
  @PrimaryGeneratedColumn({ type: 'int' })
  stepDefinitionId: number;

  @Column({ type: 'varchar', length: 64 })
  operationName: string;

  @Column({ type: 'varchar', length: 16 })
  operationType: OperationRequestType;

  /** Null on CREATE rows. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  requestAuthMethod: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  requestAuthStepResult: AuthStepResult | null;

  /** Ascending: 1 is preferred. */
  @Column({ type: 'int' })
  responsePriority: number;

  /** Null: no further step. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  responseAuthMethod: string | null;

  @Column({ type: 'varchar', length: 16 })
  responseResult: AuthResult;
}
