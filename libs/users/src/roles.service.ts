import { Injectable, Logger } from '@nestjs/common';
import { In, Repository } from 'typeorm';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, DomainError, NotFoundError, Transactions, findOneForUpdate } from '@app/core';
import { PERMISSIONS, Permission } from './permissions';
import { UserRole, UserRoleAssignment } from './role.entity';
import { UserIdentity } from './user.entity';
import { UserView, toUserView } from './user.view';

export type RoleErrorCode = 'ROLE_ALREADY_EXISTS' | 'ROLE_IN_USE' | 'ROLE_NOT_FOUND' | 'ROLE_NAME_INVALID';

/** A rule of the role administration was broken (409 for the first two on /admin/roles). */
export class RoleError extends DomainError<RoleErrorCode> {}

export interface RoleInput {
  name: string;
  description?: string;
  permissions: Permission[];
}

export interface RoleView {
  name: string;
  description: string;
  permissions: Permission[];
}

/** What a request of a back-office user may do right now (read fresh on every request). */
export interface UserAccess {
  user: UserView;
  /** Tokens issued with another value are revoked. */
  credentialsVersion: number;
  permissions: Permission[];
  roles: string[];
}

const ROLE_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/**
 * Roles and their permissions, and which users hold them. Every change of a user's roles (and
 * every change of a role's permissions) raises the holders' credentialsVersion, so tokens issued
 * before it stop working on every replica at once.
 */
@Injectable()
export class RolesService {
  private readonly logger = new Logger(RolesService.name);

  constructor(
    @InjectRepository(UserRole) private readonly roles: Repository<UserRole>,
    @InjectRepository(UserRoleAssignment) private readonly assignments: Repository<UserRoleAssignment>,
    @InjectRepository(UserIdentity) private readonly users: Repository<UserIdentity>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async create(input: RoleInput): Promise<RoleView> {
    this.checkName(input.name);
    const now = this.clock.now();
    const role = await this.transactions.run(async (em) => {
      if (await em.existsBy(UserRole, { name: input.name })) {
        throw new RoleError('ROLE_ALREADY_EXISTS', `Role "${input.name}" already exists.`);
      }
      const row = em.create(UserRole, {
        name: input.name,
        description: input.description ?? '',
        permissions: unique(input.permissions),
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(UserRole, row);
      return row;
    });
    this.logger.log({ role: role.name, permissions: role.permissions }, 'Role created');
    return toRoleView(role);
  }

  async list(page: number, size: number): Promise<{ items: RoleView[]; total: number }> {
    const [rows, total] = await this.roles.findAndCount({ order: { name: 'ASC' }, skip: page * size, take: size });
    return { items: rows.map(toRoleView), total };
  }

  async get(name: string): Promise<RoleView> {
    const role = name.length <= 64 ? await this.roles.findOneBy({ name }) : null;
    if (!role) throw new NotFoundError(`Role "${name}"`);
    return toRoleView(role);
  }

  async update(name: string, changes: Partial<Omit<RoleInput, 'name'>>): Promise<RoleView> {
    const role = await this.transactions.run(async (em) => {
      const row = name.length <= 64 ? await findOneForUpdate(em, UserRole, { name }) : null;
      if (!row) throw new NotFoundError(`Role "${name}"`);
      if (changes.description !== undefined) row.description = changes.description;
      if (changes.permissions !== undefined) row.permissions = unique(changes.permissions);
      row.updatedAt = this.clock.now();
      await em.save(UserRole, row);
      if (changes.permissions !== undefined) await this.revokeHolders(em, name);
      return row;
    });
    this.logger.log({ role: name, permissions: role.permissions }, 'Role changed');
    return toRoleView(role);
  }

  /** A role still assigned to someone is kept (409): unassign it first, so no one loses access by surprise. */
  async delete(name: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const row = name.length <= 64 ? await findOneForUpdate(em, UserRole, { name }) : null;
      if (!row) throw new NotFoundError(`Role "${name}"`);
      if (await em.existsBy(UserRoleAssignment, { roleName: name })) {
        throw new RoleError('ROLE_IN_USE', `Role "${name}" is still assigned to users.`);
      }
      await em.delete(UserRole, { name });
    });
    this.logger.log({ role: name }, 'Role deleted');
  }

  /** Replaces the user's roles (every name must exist) and revokes the user's tokens. */
  async assign(userId: string, roleNames: string[]): Promise<string[]> {
    const names = unique(roleNames);
    await this.transactions.run(async (em) => {
      const user = userId.length <= 30 ? await findOneForUpdate(em, UserIdentity, { userId }) : null;
      if (!user) throw new NotFoundError(`User "${userId}"`);
      const found = names.length ? await em.findBy(UserRole, { name: In(names) }) : [];
      const missing = names.filter((n) => !found.some((r) => r.name === n));
      if (missing.length) throw new RoleError('ROLE_NOT_FOUND', `Unknown roles: ${missing.join(', ')}.`);
      await em.delete(UserRoleAssignment, { userId });
      if (names.length)
        await em.insert(
          UserRoleAssignment,
          names.map((roleName) => ({ userId, roleName })),
        );
      await em.update(
        UserIdentity,
        { userId },
        { credentialsVersion: user.credentialsVersion + 1, updatedAt: this.clock.now() },
      );
    });
    this.logger.log({ userId, roles: names }, 'User roles set');
    return names;
  }

  async rolesOf(userId: string): Promise<string[]> {
    const rows = await this.assignments.find({ where: { userId }, order: { roleName: 'ASC' } });
    return rows.map((r) => r.roleName);
  }

  /** The user with its current permissions; null for an unknown user. */
  async accessOf(userId: string): Promise<UserAccess | null> {
    const user = userId.length <= 30 ? await this.users.findOneBy({ userId }) : null;
    if (!user) return null;
    const roles = await this.rolesOf(userId);
    const rows = roles.length ? await this.roles.findBy({ name: In(roles) }) : [];
    const permissions = unique(rows.flatMap((r) => r.permissions)).filter((p) =>
      (PERMISSIONS as readonly string[]).includes(p),
    );
    return { user: toUserView(user), credentialsVersion: user.credentialsVersion, permissions, roles };
  }

  private async revokeHolders(em: import('typeorm').EntityManager, roleName: string): Promise<void> {
    const holders = await em.findBy(UserRoleAssignment, { roleName });
    if (!holders.length) return;
    await em
      .createQueryBuilder()
      .update(UserIdentity)
      .set({ credentialsVersion: () => 'credentialsVersion + 1', updatedAt: this.clock.now() })
      .where({ userId: In(holders.map((h) => h.userId)) })
      .execute();
  }

  private checkName(name: string): void {
    if (!ROLE_NAME.test(name)) {
      throw new RoleError('ROLE_NAME_INVALID', 'A role name is upper-case letters, digits and _ (at most 64).');
    }
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function toRoleView(role: UserRole): RoleView {
  return { name: role.name, description: role.description, permissions: role.permissions.filter(Boolean) };
}
