import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Brackets, Repository } from 'typeorm';
import { Clock, NotFoundError, Transactions, findOneForUpdate } from '@app/core';
import { Organization } from './organization.entity';
import { PasswordHasher } from './password-hasher';
import { UserIdentity } from './user.entity';
import { UsersError } from './users.errors';
import { AccountStatus, OrganizationRecord, UserAdminRecord, toUserAdminRecord } from './user.view';

export interface NewUser {
  userId?: string;
  username: string;
  password: string;
  organizationId: string;
  givenName: string;
  familyName: string;
  phoneNumber?: string | null;
  email?: string | null;
  language?: string;
}

/** Fields an update may change; undefined keeps, null clears (phone, e-mail). */
export interface UserChanges {
  username?: string;
  givenName?: string;
  familyName?: string;
  phoneNumber?: string | null;
  email?: string | null;
  language?: string;
}

export interface UserSearch {
  page: number;
  size: number;
  /** Substring of username, given or family name or e-mail. */
  search?: string;
  organizationId?: string;
  accountStatus?: AccountStatus;
}

/** Administration of the user directory (the /admin/users API); answers with records, never entities. */
@Injectable()
export class UsersAdminService {
  private readonly logger = new Logger(UsersAdminService.name);

  constructor(
    @InjectRepository(UserIdentity) private readonly users: Repository<UserIdentity>,
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly transactions: Transactions,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  async create(input: NewUser): Promise<UserAdminRecord> {
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.transactions.run(async (em) => {
      if (!(await em.existsBy(Organization, { organizationId: input.organizationId }))) {
        throw new UsersError('ORGANIZATION_NOT_FOUND', `Organization "${input.organizationId}" does not exist.`);
      }
      const userId = input.userId ?? randomBytes(12).toString('hex');
      if (await em.existsBy(UserIdentity, { userId })) {
        throw new UsersError('USER_ALREADY_EXISTS', `User "${userId}" already exists.`);
      }
      await this.requireFreeUsername(em.getRepository(UserIdentity), input.organizationId, input.username);
      const now = this.clock.now();
      const row = em.create(UserIdentity, {
        userId,
        username: input.username,
        organizationId: input.organizationId,
        givenName: input.givenName,
        familyName: input.familyName,
        accountStatus: 'ACTIVE',
        passwordHash,
        phoneNumber: input.phoneNumber ?? null,
        email: input.email ?? null,
        language: input.language ?? 'en',
        failedAttempts: 0,
        lockedUntil: null,
        credentialsVersion: 0,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(UserIdentity, row);
      return row;
    });
    this.logger.log({ userId: user.userId, organizationId: user.organizationId }, 'User created');
    return toUserAdminRecord(user);
  }

  async get(userId: string): Promise<UserAdminRecord> {
    const user = userId.length <= 30 ? await this.users.findOneBy({ userId }) : null;
    if (!user) throw new NotFoundError(`User "${userId}"`);
    return toUserAdminRecord(user);
  }

  async list(query: UserSearch): Promise<{ items: UserAdminRecord[]; total: number }> {
    const qb = this.users.createQueryBuilder('u');
    if (query.organizationId) qb.andWhere('u.organizationId = :org', { org: query.organizationId });
    if (query.accountStatus) qb.andWhere('u.accountStatus = :status', { status: query.accountStatus });
    if (query.search) {
      // '!' as LIKE escape: a backslash literal means different things on MySQL and SQLite.
      const pattern = `%${query.search.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere(
        new Brackets((or) => {
          for (const column of ['username', 'givenName', 'familyName', 'email']) {
            or.orWhere(`LOWER(u.${column}) LIKE :pattern ESCAPE '!'`, { pattern });
          }
        }),
      );
    }
    const [items, total] = await qb
      .orderBy('u.organizationId', 'ASC')
      .addOrderBy('u.username', 'ASC')
      .skip(query.page * query.size)
      .take(query.size)
      .getManyAndCount();
    return { items: items.map(toUserAdminRecord), total };
  }

  update(userId: string, changes: UserChanges): Promise<UserAdminRecord> {
    return this.change(userId, async (row, repo) => {
      if (changes.username !== undefined && changes.username !== row.username) {
        await this.requireFreeUsername(repo, row.organizationId, changes.username);
        row.username = changes.username;
      }
      if (changes.givenName !== undefined) row.givenName = changes.givenName;
      if (changes.familyName !== undefined) row.familyName = changes.familyName;
      if (changes.phoneNumber !== undefined) row.phoneNumber = changes.phoneNumber;
      if (changes.email !== undefined) row.email = changes.email;
      if (changes.language !== undefined) row.language = changes.language;
    });
  }

  /** Blocking makes the user NOT_ACTIVE; unblocking also lifts a temporary lock. */
  async setStatus(userId: string, status: AccountStatus): Promise<UserAdminRecord> {
    const user = await this.change(userId, async (row) => {
      if (row.accountStatus !== status) row.credentialsVersion += 1; // a block revokes every token
      row.accountStatus = status;
      if (status === 'ACTIVE') {
        row.failedAttempts = 0;
        row.lockedUntil = null;
      }
    });
    this.logger.log({ userId, accountStatus: status }, 'User status changed');
    return user;
  }

  /** A new password also resets the failed-attempt count and lifts a temporary lock. */
  async setPassword(userId: string, password: string): Promise<void> {
    const passwordHash = await this.hasher.hash(password);
    await this.change(userId, async (row) => {
      row.passwordHash = passwordHash;
      row.credentialsVersion += 1; // a new password revokes every token issued under the old one
      row.failedAttempts = 0;
      row.lockedUntil = null;
    });
    this.logger.log({ userId }, 'User password set');
  }

  private change(
    userId: string,
    apply: (row: UserIdentity, repo: Repository<UserIdentity>) => Promise<void>,
  ): Promise<UserAdminRecord> {
    return this.transactions.run(async (em) => {
      const row = userId.length <= 30 ? await findOneForUpdate(em, UserIdentity, { userId }) : null;
      if (!row) throw new NotFoundError(`User "${userId}"`);
      await apply(row, em.getRepository(UserIdentity));
      row.updatedAt = this.clock.now();
      await em.save(UserIdentity, row);
      return toUserAdminRecord(row);
    });
  }

  private async requireFreeUsername(repo: Repository<UserIdentity>, organizationId: string, username: string) {
    if (await repo.existsBy({ organizationId, username })) {
      throw new UsersError(
        'USERNAME_TAKEN',
        `Username "${username}" is already used in organization "${organizationId}".`,
      );
    }
  }

  async listOrganizations(): Promise<OrganizationRecord[]> {
    const rows = await this.organizations.find({ order: { organizationId: 'ASC' } });
    return rows.map((o) => ({ organizationId: o.organizationId, name: o.name }));
  }
}
