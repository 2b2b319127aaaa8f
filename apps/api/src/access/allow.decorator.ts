import { SetMetadata } from '@nestjs/common';
import type { AccessRule } from './access-rules';

export const ACCESS_RULES = 'sus:access-rules';

/**
 * Declares who may run a query or mutation: any one of the rules suffices. An operation without
 * `@Allow` is denied to everyone by the access guard and fails the permission-matrix test.
 *
 *   @Allow(role('enteAdmin', { ente: 'enteCode' }), role('regionalAdmin'))
 */
export const Allow = (...rules: [AccessRule, ...AccessRule[]]) => SetMetadata(ACCESS_RULES, rules);
