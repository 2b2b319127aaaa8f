import { Injectable, NotFoundException } from '@nestjs/common';
import {
  ApiKeyRepository,
  AuditLog,
  CatalogError,
  newApiKeySecret,
  type ApiKey,
  type RequestContext,
} from '@sus/catalog';
import { assertCan } from '@sus/domain';
import type { CreateApiKeyInput } from './dto/create-api-key.input';

/** The longest and default lifetime of a key: a leaked key stops working within a year at most. */
export const API_KEY_MAX_LIFETIME_MS = 365 * 24 * 3600 * 1000;

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The returned `key` exists only in this response: the database keeps its sha256. */
  async create(ctx: RequestContext, input: CreateApiKeyInput): Promise<{ key: string; apiKey: ApiKey }> {
    assertCan(ctx, 'ente:admin', input.enteCode);
    const now = Date.now();
    const expiresAt = input.expiresAt ?? new Date(now + API_KEY_MAX_LIFETIME_MS);
    if (expiresAt.getTime() <= now || expiresAt.getTime() > now + API_KEY_MAX_LIFETIME_MS) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        'expiresAt must be in the future and at most a year from now.',
        'expiresAt',
      );
    }
    const secret = newApiKeySecret();
    const apiKey = await this.keys.insert({
      id: secret.id,
      enteCode: input.enteCode,
      name: input.name,
      scopes: [...new Set(input.scopes)].sort(),
      secretSha256: secret.secretSha256,
      createdBy: createdBy(ctx),
      expiresAt,
    });
    return { key: secret.key, apiKey };
  }

  list(ctx: RequestContext, enteCode: string): Promise<ApiKey[]> {
    assertCan(ctx, 'ente:admin', enteCode);
    return this.keys.listForEnte(enteCode);
  }

  /** Idempotent: revoking a revoked key returns it unchanged. */
  async revoke(ctx: RequestContext, enteCode: string, id: string): Promise<ApiKey> {
    assertCan(ctx, 'ente:admin', enteCode);
    const before = await this.keys.findInEnte(enteCode, id);
    if (!before) throw new NotFoundException(`No API key ${id} for ente ${enteCode}.`);
    if (!(await this.keys.revoke(enteCode, id))) return before;
    const after = (await this.keys.findInEnte(enteCode, id))!;
    // The state change itself, beside the interceptor's record of the call.
    await this.audit.record(ctx, {
      action: 'apiKey.revoked',
      entity: 'ApiKey',
      entityId: id,
      enteCode,
      before,
      after,
    });
    return after;
  }
}

function createdBy(ctx: RequestContext): string {
  return ctx.actor.kind === 'staff' ? `staff:${ctx.actor.userId}` : ctx.actor.kind;
}
