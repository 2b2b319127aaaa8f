import { ancestorsOf, cycleIfMoved, unitsOnCycles } from './org-unit-tree';

const tree = (edges: Record<string, string | null>) => new Map(Object.entries(edges));

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
});
