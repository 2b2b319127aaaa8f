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
  type GraphQLField,
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

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  introspection: boolean;
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
 * - introspection, when switched off (production).
 */
export function queryLimitRules(limits: QueryLimits): ValidationRule[] {
  const rules: ValidationRule[] = [(context) => limitRule(context, limits)];
  if (!limits.introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return rules;
}

function limitRule(context: ValidationContext, limits: QueryLimits) {
  return {
    OperationDefinition(node: { selectionSet: SelectionSetNode; operation: string }) {
      const root = context.getSchema().getRootType(node.operation as never);
      if (!root) return;
      const walker = new Walker(context);
      const { depth, cost } = walker.measure(node.selectionSet, root, 1, new Set());
      if (walker.pageError) {
        context.reportError(walker.pageError);
        return;
      }
      if (depth > limits.maxDepth) {
        context.reportError(
          new GraphQLError(`Query too deep: depth ${depth}, at most ${limits.maxDepth}.`, {
            extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth: limits.maxDepth },
          }),
        );
      }
      if (cost > limits.maxCost) {
        context.reportError(
          new GraphQLError(`Query too costly: cost ${cost}, at most ${limits.maxCost}.`, {
            extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost: limits.maxCost },
          }),
        );
      }
    },
  };
}

class Walker {
  pageError?: GraphQLError;

  constructor(private readonly context: ValidationContext) {}

  /**
   * Depth and cost of a selection set on `type`. `page` is the page size asked of an enclosing
   * non-list field (e.g. `auditLog(first: 20) { entries { … } }`): the first list below it is that
   * long. `fragments` guards against fragment cycles.
   */
  measure(
    selectionSet: SelectionSetNode,
    type: GraphQLNamedType,
    level: number,
    fragments: Set<string>,
    page?: number,
  ): { depth: number; cost: number } {
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
            fragments,
            listOfObjects ? undefined : (asked ?? page),
          );
        }
        depth = Math.max(depth, below.depth);
        cost += multiplier * (1 + below.cost);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition
          ? (this.context.getSchema().getType(selection.typeCondition.name.value) ?? type)
          : type;
        const inner = this.measure(selection.selectionSet, on, level, fragments, page);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      } else {
        const name = selection.name.value;
        const fragment = this.context.getFragment(name);
        if (!fragment || fragments.has(name)) continue;
        const on = this.context.getSchema().getType(fragment.typeCondition.name.value) ?? type;
        const inner = this.measure(fragment.selectionSet, on, level, new Set([...fragments, name]), page);
        depth = Math.max(depth, inner.depth);
        cost += inner.cost;
      }
    }
    return { depth, cost };
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
