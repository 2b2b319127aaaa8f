import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccessGuard } from '../access/access.guard';
import { AuditInterceptor } from '../audit/audit.interceptor';
import { AuditResolver } from '../audit/audit.resolver';
import { DeniedMutationAuditFilter } from '../audit/denied-mutation.filter';
import { RequestAuthenticator } from './request-authenticator';
import { ViewerResolver } from './viewer.resolver';

/** Authentication, the access guard and the audit log, for every module of the api. */
@Global()
@Module({
  providers: [
    RequestAuthenticator,
    AuditResolver,
    ViewerResolver,
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    { provide: APP_FILTER, useClass: DeniedMutationAuditFilter },
  ],
  exports: [RequestAuthenticator],
})
export class IdentityModule {}
