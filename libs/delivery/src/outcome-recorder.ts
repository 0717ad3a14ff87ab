import { In } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { Transactions } from '@app/core';
import { OutboxMessage, OutboxStatus } from './outbox-message.entity';
import { outboxMachine } from './outbox-states';

/** What one attempt changes on its row, and the attempt count it was claimed with. */
export interface Outcome {
  messageId: string;
  claimedAttempts: number;
  changes: Partial<OutboxMessage>;
}

interface Waiting extends Outcome {
  resolve(status: OutboxStatus): void;
  reject(error: unknown): void;
}

/**
 * Writes attempt outcomes with group commit: while one write is in flight, the outcomes that
 * arrive meanwhile wait and go in the next transaction together (the accepted ones in a single
 * UPDATE). With many sends in flight the outbox then costs about one commit per group instead of
 * one per message, which is what bounds draining on MySQL (a commit waits for the disk).
 * Status changes go through `outboxMachine`. Each outcome is recorded only if its row is still PENDING with the attempt count it was
 * claimed with; otherwise the row's own status stands and is returned.
 */
export class OutcomeRecorder {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(private readonly transactions: Transactions) {}

  record(outcome: Outcome): Promise<OutboxStatus> {
    return new Promise((resolve, reject) => {
      this.queue.push({ ...outcome, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue;
        this.queue = [];
        try {
          const statuses = await this.transactions.run((em) => this.write(em, group));
          group.forEach((waiting, i) => waiting.resolve(statuses[i]));
        } catch (error) {
          for (const waiting of group) waiting.reject(error);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async write(em: EntityManager, group: Waiting[]): Promise<OutboxStatus[]> {
    const sent = group.filter((o) => o.changes.status === 'SENT');
    const missed = new Set<string>();
    if (sent.length > 0) {
      // Accepted messages all get the same changes; attempts counts up in SQL.
      const { attempts: _attempts, status: _status, ...common } = sent[0].changes;
      const where = { messageId: In(sent.map((o) => o.messageId)) };
      const changes = { ...common, attempts: () => 'attempts + 1' };
      const moved = await outboxMachine.writeAll(em, OutboxMessage, where, 'status', 'PENDING', 'SENT', changes);
      if (moved !== sent.length) for (const o of sent) missed.add(o.messageId);
    }
    for (const outcome of group.filter((o) => o.changes.status !== 'SENT')) {
      const where = { messageId: outcome.messageId, attempts: outcome.claimedAttempts };
      const { status, ...changes } = outcome.changes;
      const written = status
        ? await outboxMachine.write(em, OutboxMessage, where, 'status', 'PENDING', status, changes)
        : (await em.update(OutboxMessage, { ...where, status: 'PENDING' }, changes)).affected === 1;
      if (!written) missed.add(outcome.messageId);
    }
    const actual = new Map<string, OutboxStatus>();
    if (missed.size > 0) {
      const rows = await em.find(OutboxMessage, {
        select: { messageId: true, status: true },
        where: { messageId: In([...missed]) },
      });
      for (const row of rows) actual.set(row.messageId, row.status);
    }
    return group.map((o) =>
      missed.has(o.messageId) ? (actual.get(o.messageId) ?? 'FAILED') : (o.changes.status ?? 'PENDING'),
    );
  }
}
