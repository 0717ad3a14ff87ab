import { EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import type { Table } from '../database/table';
import { DomainError } from '../errors/domain-error';

export type StateMachineErrorCode = 'INVALID_STATE_TRANSITION';

export class StateMachineError extends DomainError<StateMachineErrorCode> {}

/**
 * A declared finite-state machine: every state and the states it may move to, in one table
 * that is checked when the machine is built. All status changes of a kind of row go through
 * `write`, so no code path can make a transition the table does not allow.
 */
export class StateMachine<S extends string> {
  readonly states: readonly S[];

  constructor(
    readonly name: string,
    private readonly transitions: Readonly<Record<S, readonly S[]>>,
  ) {
    this.states = Object.keys(transitions) as S[];
    for (const from of this.states) {
      for (const to of transitions[from]) {
        if (!(to in transitions)) throw new Error(`State machine ${name}: ${from} → ${to} names an undeclared state`);
        if (to === from) throw new Error(`State machine ${name}: ${from} → ${from} is not a transition`);
      }
    }
  }

  can(from: S, to: S): boolean {
    return this.transitions[from]?.includes(to) ?? false;
  }

  /** A state nothing leaves. */
  isFinal(state: S): boolean {
    return (this.transitions[state]?.length ?? 0) === 0;
  }

  assertTransition(from: S, to: S): void {
    if (!this.can(from, to)) {
      throw new StateMachineError('INVALID_STATE_TRANSITION', `${this.name}: ${from} cannot change to ${to}.`, {
        from,
        to,
      });
    }
  }

  /**
   * The one writer of this machine's transitions: `UPDATE … SET <column> = to WHERE <where> AND
   * <column> = from`. Returns false when the row had already left `from` (a concurrent request
   * won), so callers never overwrite a state they did not see.
   */
  async write<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    where: FindOptionsWhere<E>,
    column: keyof E & string,
    from: S,
    to: S,
    changes: Partial<E> = {},
  ): Promise<boolean> {
    return (await this.writeAll(manager, entity, where, column, from, to, changes)) === 1;
  }

  /**
   * `write` as one plain statement of a prepared `Table` (no query building, for hot paths): the
   * same check of the table and the same compare-and-set on `column`.
   */
  async writeRow<E extends ObjectLiteral>(
    manager: EntityManager,
    table: Table<E>,
    where: Partial<E>,
    column: keyof E & string,
    from: S,
    to: S,
    changes: Partial<E> = {},
  ): Promise<boolean> {
    this.assertTransition(from, to);
    const moved = await table.update(manager, { ...where, [column]: from }, { ...changes, [column]: to });
    return moved === 1;
  }

  /**
   * `write` for many rows at once (e.g. every due message of a batch): the rows still in `from`
   * move to `to`; returns how many did.
   */
  async writeAll<E extends ObjectLiteral>(
    manager: EntityManager,
    entity: EntityTarget<E>,
    where: FindOptionsWhere<E>,
    column: keyof E & string,
    from: S,
    to: S,
    changes: Partial<E> | Record<string, unknown> = {},
  ): Promise<number> {
    this.assertTransition(from, to);
    const result = await manager.update(
      entity,
      { ...where, [column]: from } as FindOptionsWhere<E>,
      { ...changes, [column]: to } as never,
    );
    return result.affected ?? 0;
  }
}
