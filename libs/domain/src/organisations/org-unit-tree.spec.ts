import fc from 'fast-check';
import { ancestorsOf, cycleIfMoved, unitsOnCycles, type ParentMap } from './org-unit-tree';

const tree = (edges: Record<string, string | null>) => new Map(Object.entries(edges));

const unitIds = (size: number) => Array.from({ length: size }, (_, i) => `u${i}`);

/** A forest: each unit's parent comes earlier in the list (or is null), so there is no loop. */
const forest = fc
  .integer({ min: 1, max: 30 })
  .chain((size) =>
    fc
      .tuple(...unitIds(size).map((_, i) => fc.option(fc.nat({ max: Math.max(i - 1, 0) }), { nil: null })))
      .map((parents) => new Map(parents.map((p, i) => [`u${i}`, i === 0 || p === null ? null : `u${p}`]))),
  );

/** Any parent assignment over the same units, loops included. */
const anyParents = fc
  .integer({ min: 1, max: 30 })
  .chain((size) =>
    fc
      .array(fc.option(fc.nat({ max: size - 1 }), { nil: null }), { minLength: size, maxLength: size })
      .map((parents) => new Map(parents.map((p, i) => [`u${i}`, p === null ? null : `u${p}`]))),
  );

/** Is `loop` a real loop of `parents`: it starts and ends on `id`, each unit the parent of the one before? */
const isLoopOf = (parents: ParentMap, id: string, loop: string[]) =>
  loop.length >= 2 &&
  loop[0] === id &&
  loop.at(-1) === id &&
  loop.slice(1).every((unit, i) => parents.get(loop[i]!) === unit);

describe('org-unit tree', () => {
  describe(ancestorsOf.name, () => {
    it('lists ancestors nearest first up to the root', () => {
      expect(ancestorsOf(tree({ a: null, b: 'a', c: 'b' }), 'c')).toEqual({
        ancestors: ['b', 'a'],
        cycle: null,
      });
    });

    it('stops on a loop and returns it', () => {
      const result = ancestorsOf(tree({ a: 'c', b: 'a', c: 'b', d: 'a' }), 'd');
      expect(result.cycle).toEqual(['a', 'c', 'b', 'a']);
    });

    it('treats a parent missing from the map as a root', () => {
      expect(ancestorsOf(tree({ b: 'a' }), 'b')).toEqual({ ancestors: ['a'], cycle: null });
    });
  });

  describe(unitsOnCycles.name, () => {
    it('finds nothing in a forest', () => {
      expect(unitsOnCycles(tree({ a: null, b: 'a', c: 'a', d: null, e: 'd' }))).toEqual(new Set());
    });

    it('finds the units on each loop but not the ones hanging below', () => {
      const found = unitsOnCycles(tree({ a: 'b', b: 'a', c: 'a', x: 'y', y: 'z', z: 'x', r: null, s: 'r' }));
      expect(found).toEqual(new Set(['a', 'b', 'x', 'y', 'z']));
    });

    it('finds a unit that is its own parent', () => {
      expect(unitsOnCycles(tree({ a: 'a', b: 'a' }))).toEqual(new Set(['a']));
    });

    it('handles a long chain without recursion', () => {
      const edges: Record<string, string | null> = { n0: null };
      for (let i = 1; i < 100_000; i++) edges[`n${i}`] = `n${i - 1}`;
      expect(unitsOnCycles(tree(edges)).size).toBe(0);
    });
  });

  describe(cycleIfMoved.name, () => {
    const parents = tree({ root: null, area: 'root', office: 'area', other: 'root' });

    it('allows moving a unit under a unit outside its subtree', () => {
      expect(cycleIfMoved(parents, 'office', 'other')).toBeNull();
      expect(cycleIfMoved(parents, 'area', null)).toBeNull();
    });

    it('rejects moving a unit under its own descendant or itself', () => {
      expect(cycleIfMoved(parents, 'area', 'office')).toEqual(['area', 'office', 'area']);
      expect(cycleIfMoved(parents, 'area', 'area')).toEqual(['area', 'area']);
    });
  });

  describe('properties', () => {
    it('a unit is on a loop exactly when walking up from it comes back to it', () => {
      fc.assert(
        fc.property(anyParents, (parents) => {
          const onCycle = unitsOnCycles(parents);
          for (const id of parents.keys()) {
            expect(onCycle.has(id)).toBe(ancestorsOf(parents, id).cycle?.[0] === id);
          }
        }),
        { numRuns: 1000 },
      );
    });

    it('no sequence of moves the rule accepts ever makes a loop; each refusal names a real one', () => {
      const moves = fc.array(fc.tuple(fc.nat(), fc.option(fc.nat(), { nil: null })), { maxLength: 40 });
      fc.assert(
        fc.property(forest, moves, (start, steps) => {
          const parents = new Map(start);
          const ids = [...parents.keys()];
          for (const [unit, parent] of steps) {
            const id = ids[unit % ids.length]!;
            const newParent = parent === null ? null : ids[parent % ids.length]!;
            const loop = cycleIfMoved(parents, id, newParent);
            if (loop === null) {
              parents.set(id, newParent);
              expect(unitsOnCycles(parents).size).toBe(0);
            } else {
              const moved = new Map(parents).set(id, newParent);
              expect(isLoopOf(moved, id, loop)).toBe(true);
              expect(unitsOnCycles(moved).has(id)).toBe(true);
            }
          }
        }),
        { numRuns: 1000 },
      );
    });
  });
});
