import { BadRequestException, NotFoundException } from '@nestjs/common';
import { CatalogError } from '@sus/catalog';
import { DomainError } from '@sus/domain';
import { GraphQLError } from 'graphql';
import { toClientError, unwrapValidationErrors } from './graphql-options';

const raised = (original: Error) =>
  new GraphQLError(original.message, { originalError: original, path: ['field'] });

describe(toClientError.name, () => {
  it('exposes a catalog error code and the field to fix', () => {
    const sut = toClientError(raised(new CatalogError('ORG_UNIT_CYCLE', 'loop', 'parentId')));
    expect(sut.extensions).toEqual({ code: 'ORG_UNIT_CYCLE', field: 'parentId' });
    expect(sut.message).toBe('loop');
    expect(sut.path).toEqual(['field']);
  });

  it('exposes a domain error code', () => {
    expect(toClientError(raised(new DomainError('INVALID_IBAN', 'bad iban'))).extensions).toEqual({
      code: 'INVALID_IBAN',
    });
  });

  it('keeps mapping HTTP exceptions, with the field the validation pipe names', () => {
    const validation = new BadRequestException({ message: ['note is too long'], field: 'note' });
    expect(toClientError(raised(validation))).toMatchObject({
      message: 'note is too long',
      extensions: { code: 'BAD_USER_INPUT', field: 'note' },
    });
    expect(toClientError(raised(new NotFoundException())).extensions).toEqual({ code: 'NOT_FOUND' });
  });

  it('leaves other errors alone', () => {
    const error = raised(new Error('boom'));
    expect(toClientError(error)).toBe(error);
  });
});

describe(unwrapValidationErrors.name, () => {
  const wrapped = (...inner: GraphQLError[]) => {
    const merr = Object.assign(new Error('Graphql validation error'), { errors: inner });
    return new GraphQLError(merr.message, { originalError: merr });
  };

  it('unwraps the errors behind a validation failure, naming a mistyped variable', () => {
    const sut = unwrapValidationErrors(
      wrapped(
        new GraphQLError(
          'Variable "$format" got invalid value "XML"; Value "XML" does not exist in "OrgUnitImportFormat" enum.',
        ),
        new GraphQLError('Cannot query field "nope" on type "Query".'),
      ),
    );
    expect(sut.map((error) => [error.message.slice(0, 20), error.extensions])).toEqual([
      ['Variable "$format" g', { code: 'BAD_USER_INPUT', field: 'format' }],
      ['Cannot query field "', { code: 'GRAPHQL_VALIDATION_FAILED' }],
    ]);
  });

  it('passes other errors through', () => {
    const error = new GraphQLError('boom');
    expect(unwrapValidationErrors(error)).toEqual([error]);
  });
});
