import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/app-config';
import { KeyedHasher } from '../crypto/keyed-hasher';
import { DomainError, NotFoundError } from '../errors/domain-error';
import { ApiClient } from './api-client.entity';
import { announceBootstrapSecret } from './bootstrap-secret';
import { API_SCOPES, ApiPrincipal, ApiScope } from './api-scope';
import { AuthenticatedClients } from './authenticated-clients';

const SECRET_PURPOSE = 'api-client-secret';
const CREDENTIALS_PURPOSE = 'api-client-credentials';
const BOOTSTRAP_CLIENT_ID = 'bootstrap';

/** An API client as the admin API sees it: plain data, never the secret's hash. */
export type ApiClientRecord = Omit<ApiClient, 'secretHash'>;

const toRecord = ({ secretHash: _hash, ...client }: ApiClient): ApiClientRecord => client;

export interface IssuedClient {
  client: ApiClientRecord;
  /** Shown once, never stored in clear. */
  clientSecret: string;
}

/** API clients: authentication of callers and their administration. */
@Injectable()
export class ApiClientsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ApiClientsService.name);
  private readonly recent = new AuthenticatedClients();

  constructor(
    @InjectRepository(ApiClient) private readonly clients: Repository<ApiClient>,
    private readonly hasher: KeyedHasher,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  /** The principal for valid, enabled credentials; null otherwise (never says which part was wrong). */
  async authenticate(clientId: string, secret: string): Promise<ApiPrincipal | null> {
    if (clientId.length > 64 || secret.length > 256) return null; // nothing longer was ever issued
    // Reused for API_CLIENT_CACHE_MS: only the exact valid credentials find the entry.
    const credentials = this.hasher.hash(CREDENTIALS_PURPOSE, `${clientId.length}:${clientId}:${secret}`);
    const recent = this.recent.get(credentials);
    if (recent) return recent;
    // Requests with the same credentials while their check is under way wait for it: when an
    // entry expires, the many requests of one busy client make one read, not one each.
    return this.recent.once(credentials, async (remember) => {
      const client = await this.clients.findOneBy({ clientId });
      // Hash even for unknown clients so the answer time does not reveal which ids exist.
      const valid = this.hasher.matches(SECRET_PURPOSE, secret, client?.secretHash ?? '0'.repeat(64));
      if (!client || !valid || !client.enabled) return null;
      const principal = { clientId: client.clientId, scopes: client.scopes };
      remember(principal);
      return principal;
    });
  }

  async create(input: { clientId?: string; scopes: ApiScope[]; description?: string }): Promise<IssuedClient> {
    const clientId = input.clientId ?? `client-${randomBytes(6).toString('hex')}`;
    if (await this.clients.existsBy({ clientId })) {
      throw new DomainError('CLIENT_ALREADY_EXISTS', `API client "${clientId}" already exists.`);
    }
    const clientSecret = newSecret();
    const now = this.clock.now();
    const client = this.clients.create({
      clientId,
      secretHash: this.hasher.hash(SECRET_PURPOSE, clientSecret),
      scopes: [...new Set(input.scopes)],
      description: input.description ?? '',
      enabled: true,
      createdAt: now,
      updatedAt: now,
    });
    await this.clients.insert(client);
    return { client: toRecord(client), clientSecret };
  }

  async list(page: number, size: number): Promise<{ items: ApiClientRecord[]; total: number }> {
    const [items, total] = await this.clients.findAndCount({
      order: { clientId: 'ASC' },
      skip: page * size,
      take: size,
    });
    return { items: items.map(toRecord), total };
  }

  async get(clientId: string): Promise<ApiClientRecord> {
    return toRecord(await this.load(clientId));
  }

  async rotateSecret(clientId: string): Promise<IssuedClient> {
    const client = await this.load(clientId);
    const clientSecret = newSecret();
    client.secretHash = this.hasher.hash(SECRET_PURPOSE, clientSecret);
    client.updatedAt = this.clock.now();
    await this.clients.save(client);
    this.recent.clear();
    return { client: toRecord(client), clientSecret };
  }

  async setEnabled(clientId: string, enabled: boolean): Promise<ApiClientRecord> {
    const client = await this.load(clientId);
    client.enabled = enabled;
    client.updatedAt = this.clock.now();
    const saved = await this.clients.save(client);
    this.recent.clear();
    return toRecord(saved);
  }

  async setScopes(clientId: string, scopes: ApiScope[]): Promise<ApiClientRecord> {
    const client = await this.load(clientId);
    client.scopes = [...new Set(scopes)];
    client.updatedAt = this.clock.now();
    const saved = await this.clients.save(client);
    this.recent.clear();
    return toRecord(saved);
  }

  private async load(clientId: string): Promise<ApiClient> {
    const client = await this.clients.findOneBy({ clientId });
    if (!client) throw new NotFoundError(`API client "${clientId}"`);
    return client;
  }

  /**
   * BOOTSTRAP_CLIENT_ID/SECRET are (re)applied at every start with every scope. Without them,
   * the very first start creates a client "bootstrap" and prints its secret once.
   */
  async onApplicationBootstrap(): Promise<void> {
    const configured = this.config.bootstrapClient;
    const now = this.clock.now();
    if (configured) {
      await this.clients.upsert(
        {
          clientId: configured.clientId,
          secretHash: this.hasher.hash(SECRET_PURPOSE, configured.secret),
          scopes: [...API_SCOPES],
          description: 'Bootstrap client (BOOTSTRAP_CLIENT_ID)',
          enabled: true,
          createdAt: now,
          updatedAt: now,
        },
        { conflictPaths: ['clientId'], skipUpdateIfNoValuesChanged: true },
      );
      return;
    }
    if ((await this.clients.count()) > 0) return;
    try {
      const { clientSecret } = await this.create({
        clientId: BOOTSTRAP_CLIENT_ID,
        scopes: [...API_SCOPES],
        description: 'Bootstrap client (generated at first start)',
      });
      announceBootstrapSecret(BOOTSTRAP_CLIENT_ID, clientSecret, this.config.bootstrapSecretFile);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error; // another replica created it first
      this.logger.log('Bootstrap client already created by another instance');
    }
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
