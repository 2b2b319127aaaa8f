import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ApiKey } from './api-key.entity';

/** Every read and write names the ente: a key of one ente is invisible from another. */
@Injectable()
export class ApiKeyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(key: Omit<ApiKey, 'createdAt' | 'revokedAt' | 'lastUsedAt'>): Promise<ApiKey> {
    await this.db.getRepository(ApiKey).insert(key);
    return this.db.getRepository(ApiKey).findOneByOrFail({ id: key.id });
  }

  listForEnte(enteCode: string): Promise<ApiKey[]> {
    return this.db.getRepository(ApiKey).find({ where: { enteCode }, order: { createdAt: 'DESC' } });
  }

  findInEnte(enteCode: string, id: string): Promise<ApiKey | null> {
    return this.db.getRepository(ApiKey).findOneBy({ enteCode, id });
  }

  /** For authentication only: includes the secret's hash. */
  findForAuthentication(id: string): Promise<ApiKey | null> {
    return this.db
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .addSelect('key.secretSha256')
      .where('key.id = :id', { id })
      .getOne();
  }

  /** Returns whether a key was revoked now (false: unknown in this ente or revoked before). */
  async revoke(enteCode: string, id: string): Promise<boolean> {
    const result = await this.db
      .getRepository(ApiKey)
      .update({ enteCode, id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    return (result.affected ?? 0) > 0;
  }

  /** At most one write a minute per key, so a busy integrator does not turn reads into writes. */
  async touch(id: string): Promise<void> {
    await this.db.query(
      `UPDATE api_key SET last_used_at = now()
       WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [id],
    );
  }
}
