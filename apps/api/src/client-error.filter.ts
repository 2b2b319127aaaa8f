import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { CatalogError } from '@sus/catalog';
import { DomainError } from '@sus/domain';

/**
 * A broken catalog or domain rule is the caller's mistake: hand it to GraphQL as is (the error
 * formatter adds code and field) instead of letting Nest log it as an unhandled server error.
 */
@Catch(CatalogError, DomainError)
export class ClientErrorFilter implements GqlExceptionFilter {
  catch(error: CatalogError | DomainError): CatalogError | DomainError {
    return error;
  }
}
