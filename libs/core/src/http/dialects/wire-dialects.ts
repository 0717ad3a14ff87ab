import { Injectable } from '@nestjs/common';
import { plainDialect } from './plain.dialect';
import { WireDialect } from './wire-dialect';

/**
 * Which dialect answers for which mount point. Each API's HTTP module registers its own at
 * start; errors raised before routing (bad JSON, oversized body, unknown path) are rendered by
 * path prefix too, so every answer under a mount speaks that API's dialect.
 */
@Injectable()
export class WireDialects {
  private readonly mounts: Array<{ prefix: string; dialect: WireDialect }> = [];

  register(prefix: string, dialect: WireDialect): void {
    this.mounts.push({ prefix: prefix.replace(/\/$/, ''), dialect });
    this.mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  forPath(url: string): WireDialect {
    const path = url.split('?')[0];
    const hit = this.mounts.find((m) => path === m.prefix || path.startsWith(`${m.prefix}/`));
    return hit?.dialect ?? plainDialect;
  }
}
