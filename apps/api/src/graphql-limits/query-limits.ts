import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  isObjectType,
  isInterfaceType,
  isCompositeType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  OperationTypeNode,
  visit,
  type GraphQLField,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/** Largest page any list argument may ask for; list arguments use these names. */
export const MAX_PAGE_SIZE = 100;
const PAGE_ARGUMENTS = ['first', 'last', 'limit', 'take'];
/**
 * Expected length of a list without page arguments (children of a unit, accounts of an ente):
 * bounded by the data, usually short. Nesting such lists still multiplies, so deep trees of them
 * are refused by cost as well as by depth.
 */
export const UNPAGED_LIST_ESTIMATE = 5;

/** Most fragment spreads a document may hold; more is refused before anything is measured. */
export const MAX_FRAGMENT_SPREADS = 200;
export const DEFAULT_MAX_MUTATIONS = 10;
export const DEFAULT_MAX_ALIASES = 100;

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  introspection: boolean;
  /** Root fields of one mutation operation, aliases of one field counted one by one. */
  maxMutations?: number;
  /** Aliased fields in one document. */
  maxAliases?: number;
  /** Counts the selection sets the cost walker visits (tests show the work stays bounded). */
  counter?: { visits: number };
}

/**
 * Validation rules that reject abusive queries before anything executes:
 * - depth: nesting of fields (introspection's own `__` fields are not counted);
 * - cost: every field costs 1, a list of objects multiplies the cost of everything below it by
 *   its page size (the literal `first`/`last`/… argument on it or on the enclosing page field,
 *   MAX_PAGE_SIZE for a variable, else that argument's default; UNPAGED_LIST_ESTIMATE for a list
 *   without page arguments);
 *   aliases count separately, so a thousand aliases of one field cost a thousand;
 * - page size: a literal page argument above MAX_PAGE_SIZE;
 * - introspection, when switched off (production);
 * - size: at most MAX_FRAGMENT_SPREADS fragment spreads and `maxAliases` aliases per document,
 *   at most `maxMutations` root fields per mutation operation.
 * Each named fragment is measured once per document (per enclosing page size), so a chain of
 * fragments that doubles at every level costs as many visits as it has fragments.
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const rules: ValidationRule[] = [(context) => limitRule(context, limits)];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

function limitRule(context: ValidationContext, limits: QueryLimits) {
  const document = context.getDocument();
  let spreads = 0;
  let aliases = 0;
  visit(document, {
    FragmentSpread() {
      spreads += 1;
    },
    Field(node) {
      if (node.alias) aliases += 1;
    },
  });
  if (spreads > MAX_FRAGMENT_SPREADS) {
    context.reportError(
      new GraphQLError(`Too many fragment spreads: ${spreads}, at most ${MAX_FRAGMENT_SPREADS}.`, {
        extensions: { code: 'TOO_MANY_FRAGMENTS', spreads, maxSpreads: MAX_FRAGMENT_SPREADS },
      }),
    );
    return {};
  }
  const walker = new Walker(context, limits.counter);
  return {
    OperationDefinition(node: OperationDefinitionNode) {
      const root = context.getSchema().getRootType(node.operation);
      if (!root) return;
      const { depth, cost } = walker.measure(node.selectionSet, root, 1);
      if (walker.pageError) {
        context.reportError(walker.pageError);
      } else if (depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`Query too deep: depth ${depth}, at most ${limits.maxDepth}.`, {
            extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
          }),
        );
      }
      if (!walker.pageError && cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(`Query too costly: cost ${cost}, at most ${limits.maxCost}.`, {
            extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost },
          }),
        );
      }
      if (node.operation === OperationTypeNode.MUTATION) {
        const maxMutations = limits.maxMutations ?? DEFAULT_MAX_MUTATIONS;
        const mutations = countRootFields((name) => context.getFragment(name), node.selectionSet, new Map());
        if (mutations > maxMutations) {
          context.reportError(
            new GraphQLError(`Too many mutations: ${mutations}, at most ${maxMutations} per request.`, {
              extensions: { code: 'TOO_MANY_MUTATIONS', mutations, maxMutations },
            }),
          );
        }
      }
    },
    Document: {
      leave() {
        const maxAliases = limits.maxAliases ?? DEFAULT_MAX_ALIASES;
        if (aliases > maxAliases) {
          context.reportError(
            new GraphQLError(`Too many aliases: ${aliases}, at most ${maxAliases}.`, {
              extensions: { code: 'TOO_MANY_ALIASES', aliases, maxAliases },
            }),
          );
        }
      },
    },
  };
}

/**
 * Root fields of an operation, through inline fragments and fragment spreads; each fragment is
 * counted once per document (`counted`), a fragment being counted again is a cycle (`seen`).
 */
function countRootFields(
  fragmentOf: (name: string) => FragmentDefinitionNode | null | undefined,
  selectionSet: SelectionSetNode,
  counted: Map<string, number>,
  seen = new Set<string>(),
): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(fragmentOf, selection.selectionSet, counted, seen);
    } else {
      const name = selection.name.value;
      const known = counted.get(name);
      if (known !== undefined) {
        count += known;
        continue;
      }
      const fragment = fragmentOf(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      const inner = countRootFields(fragmentOf, fragment.selectionSet, counted, seen);
      seen.delete(name);
      counted.set(name, inner);
      count += inner;
    }
  }
  return count;
}

/**
 * The root fields a document's mutation runs (aliases and fragments included, each fragment
 * counted once), or 0 when it runs no mutation: what the rate limits charge per operation.
 */
export function mutationRootFields(document: DocumentNode): number {
  const fragments = new Map(
    document.definitions
      .filter(
        (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
      )
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const mutation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && definition.operation === 'mutation',
  );
  return mutation ? countRootFields((name) => fragments.get(name), mutation.selectionSet, new Map()) : 0;
}

interface Measure {
  depth: number;
  cost: number;
}

class Walker {
  pageError?: GraphQLError;
  /** Depth (below the spread) and cost of each named fragment, by fragment and enclosing page. */
  private readonly fragments = new Map<string, Measure>();
  /** Fragments being measured: a spread of one of them is a cycle (the standard rules report it). */
  private readonly measuring = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly counter?: { visits: number },
  ) {}

  /**
   * Depth and cost of a selection set on `type`. `page` is the page size asked of an enclosing
   * non-list field (e.g. `auditLog(first: 20) { entries { … } }`): the first list below it is that
   * long.
   */
  measure(selectionSet: SelectionSetNode, type: GraphQLNamedType, level: number, page?: number): Measure {
    if (this.counter) this.counter.visits += 1;
    let depth = level;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name.startsWith('__')) continue;
        const field = isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
        if (!field) continue; // unknown fields are reported by the standard rules
        const asked = this.pageSize(field, selection.arguments ?? []);
        const listOfObjects =
          isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
        const multiplier = listOfObjects ? (asked ?? page ?? UNPAGED_LIST_ESTIMATE) : 1;
        let below = { depth: level, cost: 0 };
        if (selection.selectionSet) {
          below = this.measure(
            selection.selectionSet,
            getNamedType(field.type),
            level + 1,
            listOfObjects ? undefined : (asked ?? page),
          );
        }
        depth = Math.max(depth, below.depth);
        cost += multiplier * (1 + below.cost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (this.context.getSchema().getType(selection.typeCondition.name.value) ?? type)
          : type;
        const inner = this.measure(selection.selectionSet, on, level, page);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      } else {
        const inner = this.fragment(selection.name.value, type, page);
        if (!inner) continue;
        depth = Math.max(depth, level + inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
  }

  /** A named fragment measured from level 0, once per document and enclosing page size. */
  private fragment(name: string, type: GraphQLNamedType, page: number | undefined): Measure | undefined {
    const key = `${name}\u0000${page ?? ''}`;
    const known = this.fragments.get(key);
    if (known) return known;
    const fragment = this.context.getFragment(name);
    if (!fragment || this.measuring.has(name)) return undefined;
    const on = this.context.getSchema().getType(fragment.typeCondition.name.value) ?? type;
    this.measuring.add(name);
    const measured = this.measure(fragment.selectionSet, on, 0, page);
    this.measuring.delete(name);
    this.fragments.set(key, measured);
    return measured;
  }

  /** The page size a field's arguments ask for; undefined when it has no page argument. */
  private pageSize(
    field: GraphQLField<unknown, unknown>,
    args: readonly { name: { value: string }; value: ValueNode }[],
  ): number | undefined {
    for (const name of PAGE_ARGUMENTS) {
      if (!field.args.some((arg) => arg.name === name)) continue;
      const given = args.find((arg) => arg.name.value === name);
      if (given?.value.kind === Kind.INT) {
        const size = Number(given.value.value);
        if (size > MAX_PAGE_SIZE) {
          this.pageError ??= new GraphQLError(
            `Page too large: ${name} = ${size}, at most ${MAX_PAGE_SIZE}.`,
            { extensions: { code: 'PAGE_SIZE_TOO_LARGE', maxPageSize: MAX_PAGE_SIZE } },
          );
        }
        return Math.max(1, size);
      }
      if (given) return MAX_PAGE_SIZE; // a variable: assume the worst allowed
      const declared = field.args.find((arg) => arg.name === name)?.defaultValue;
      if (typeof declared === 'number') return Math.max(1, declared);
      return MAX_PAGE_SIZE;
    }
    return undefined;
  }
}
