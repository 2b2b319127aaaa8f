import { DomainError } from '@sus/domain';
import { CatalogError, checkRecord, parseField } from './catalog-error';

describe('domain errors reaching the client', () => {
  it('parseField names the input field the parsed value came from', () => {
    expect(() =>
      parseField('dueDate', () => {
        throw new DomainError('INVALID_DATE', 'bad date');
      }),
    ).toThrow(expect.objectContaining({ name: 'CatalogError', code: 'INVALID_DATE', field: 'dueDate' }));
  });

  it('checkRecord names the field the record validator gives in details.field', () => {
    expect(() =>
      checkRecord(() => {
        throw new DomainError('BAD_USER_INPUT', 'termDays is too long', { field: 'termDays' });
      }),
    ).toThrow(expect.objectContaining({ name: 'CatalogError', code: 'BAD_USER_INPUT', field: 'termDays' }));
    expect(checkRecord(() => 42)).toBe(42);
  });

  it('lets other errors through unchanged', () => {
    const error = new Error('boom');
    expect(() =>
      checkRecord(() => {
        throw error;
      }),
    ).toThrow(error);
    expect(() =>
      checkRecord(() => {
        throw new CatalogError('NOT_FOUND', 'x', 'id');
      }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND', field: 'id' }));
  });

  it('carries plain details beside code and field (e.g. every schema issue of a document)', () => {
    const error = new CatalogError('INVALID_PROCEDURE_MODEL', 'bad model', 'document.start', {
      issues: [{ path: 'start', message: 'A step id starts with a lower-case letter' }],
    });
    expect(error).toMatchObject({ code: 'INVALID_PROCEDURE_MODEL', field: 'document.start' });
    expect(error.details).toEqual({ issues: [{ path: 'start', message: expect.any(String) }] });
    expect(new CatalogError('NOT_FOUND', 'x').details).toBeUndefined();
  });
});
