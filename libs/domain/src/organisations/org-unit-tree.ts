/**
 * Cycle detection over a parent map (unit id → parent id or null). Kept free of I/O so the
 * import planner and the manual move share it and it is tested on its own.
 */
export type ParentMap = ReadonlyMap<string, string | null>;

/**
 * The ancestors of `id` up to a root, nearest first; stops (and returns the loop closed on
 * `id`'s ancestor) when a unit is met twice, so a broken tree never hangs the caller.
 */
export function ancestorsOf(parents: ParentMap, id: string): { ancestors: string[]; cycle: string[] | null } {
  const seen = new Map<string, number>([[id, 0]]);
  const ancestors: string[] = [];
  let current = parents.get(id) ?? null;
  while (current !== null) {
    const at = seen.get(current);
    if (at !== undefined) {
      return { ancestors, cycle: [id, ...ancestors].slice(at).concat(current) };
    }
    seen.set(current, ancestors.length + 1);
    ancestors.push(current);
    current = parents.get(current) ?? null;
  }
  return { ancestors, cycle: null };
}

/** Every unit that is its own ancestor; units merely hanging below a cycle are not on it. */
export function unitsOnCycles(parents: ParentMap): Set<string> {
  const onCycle = new Set<string>();
  // 0 = unvisited, 1 = on the current walk, 2 = done: each unit is walked once, O(n).
  const state = new Map<string, 1 | 2>();
  for (const start of parents.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    let current: string | null = start;
    while (current !== null && !state.has(current)) {
      state.set(current, 1);
      path.push(current);
      current = parents.get(current) ?? null;
    }
    if (current !== null && state.get(current) === 1) {
      for (let i = path.indexOf(current); i < path.length; i++) onCycle.add(path[i]!);
    }
    for (const id of path) state.set(id, 2);
  }
  return onCycle;
}

/** Would giving `id` the parent `newParentId` make `id` its own ancestor? Returns the loop if so. */
export function cycleIfMoved(parents: ParentMap, id: string, newParentId: string | null): string[] | null {
  if (newParentId === null) return null;
  if (newParentId === id) return [id, id];
  const moved = new Map(parents);
  moved.set(id, newParentId);
  return ancestorsOf(moved, id).cycle;
}
