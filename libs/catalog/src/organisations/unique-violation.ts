import { CatalogError } from '../catalog-error';

/**
 * Turns a Postgres unique violation into DUPLICATE_CODE naming the field, for the rare case two
 * writers pass the service's own check at the same time. Other errors pass through unchanged.
 */
export function rethrowUniqueViolation(
  error: unknown,
  fieldByConstraint: Readonly<Record<string, string>>,
): never {
  const driverError =
    (error as { driverError?: { code?: string; constraint?: string } }).driverError ?? error;
  const { code, constraint } = driverError as { code?: string; constraint?: string };
  const field = constraint ? fieldByConstraint[constraint] : undefined;
  if (code === '23505' && field) {
    throw new CatalogError('DUPLICATE_CODE', `Another record already uses this ${field}.`, field);
  }
  throw error;
}
