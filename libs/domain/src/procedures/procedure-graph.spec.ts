import fc from 'fast-check';
import {
  ProcedureGraph,
  procedureModelSchema,
  successorReferences,
  successorsOf,
  type ProcedureModel,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 300 };

/** A random graph of up to 7 steps: ends, waits of 0 to 3 whole days, and decisions with 2 or 3 ways. */
const models = fc
  .integer({ min: 1, max: 7 })
  .chain((size) =>
    fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('end' as const) }),
        fc.record({
          kind: fc.constant('wait' as const),
          days: fc.integer({ min: 0, max: 3 }),
          next: fc.nat(size - 1),
        }),
        fc.record({
          kind: fc.constant('decision' as const),
          next: fc.array(fc.nat(size - 1), { minLength: 2, maxLength: 3 }),
        }),
      ),
      { minLength: size, maxLength: size },
    ),
  )
  .map((nodes): ProcedureModel => {
    const id = (index: number) => `s${index}`;
    const title = { it: 'Passo' };
    const steps = nodes.map((node, index) => {
      if (node.kind === 'end') return { id: id(index), title, type: 'end', conclusion: 'accepted' };
      if (node.kind === 'wait') {
        // Zero whole days: an hour, which the term arithmetic counts as nothing.
        const duration = node.days > 0 ? { days: node.days } : { hours: 1 };
        return { id: id(index), title, type: 'wait', duration, next: id(node.next) };
      }
      const [otherwise, ...branches] = node.next.map(id);
      return {
        id: id(index),
        title,
        type: 'decision',
        branches: branches.map((next) => ({ when: { field: 'x', present: true }, next })),
        otherwise,
      };
    });
    return procedureModelSchema.parse({
      schemaVersion: 1,
      procedureCode: 'P',
      title,
      term: { days: 30, onSilence: 'silenzioAssenso' },
      start: 's0',
      steps,
    });
  });

/** Every simple path from the start, by brute force: the reference the graph is checked against. */
function simplePaths(model: ProcedureModel): string[][] {
  const byId = new Map(model.steps.map((step) => [step.id, step]));
  const paths: string[][] = [];
  const walk = (path: string[]) => {
    paths.push(path);
    for (const next of successorsOf(byId.get(path[path.length - 1]!)!)) {
      if (!path.includes(next)) walk([...path, next]);
    }
  };
  walk([model.start]);
  return paths;
}

const days = (model: ProcedureModel, id: string): number => {
  const step = model.steps.find((candidate) => candidate.id === id)!;
  return step.type === 'wait' ? (step.duration.days ?? 0) : 0;
};

describe('ProcedureGraph', () => {
  it('reaches exactly the steps on some path from the start', () => {
    fc.assert(
      fc.property(models, (model) => {
        const onPaths = new Set(simplePaths(model).flat());
        expect(new Set(new ProcedureGraph(model).reachable)).toEqual(onPaths);
      }),
      PROPERTY_RUNS,
    );
  });

  it('alwaysBefore(a, t) holds exactly when every path from the start to t passes a first', () => {
    fc.assert(
      fc.property(models, (model) => {
        const graph = new ProcedureGraph(model);
        const paths = simplePaths(model);
        for (const target of model.steps.map((step) => step.id)) {
          const into = paths.filter((path) => path[path.length - 1] === target);
          for (const anchor of model.steps.map((step) => step.id)) {
            const expected =
              into.length > 0 && anchor !== target && into.every((path) => path.includes(anchor));
            expect([anchor, target, graph.alwaysBefore(anchor, target)]).toEqual([anchor, target, expected]);
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('shortestWaitDays is the least wait over the paths to a target', () => {
    fc.assert(
      fc.property(models, fc.subarray(['s0', 's1', 's2', 's3', 's4', 's5', 's6']), (model, targets) => {
        const sums = simplePaths(model)
          .filter((path) => targets.includes(path[path.length - 1]!))
          .map((path) => path.reduce((sum, id) => sum + days(model, id), 0));
        const expected = sums.length > 0 ? Math.min(...sums) : undefined;
        expect(new ProcedureGraph(model).shortestWaitDays(targets)).toBe(expected);
      }),
      PROPERTY_RUNS,
    );
  });

  it('reachesEnd holds for a step exactly when some path from it ends', () => {
    fc.assert(
      fc.property(models, (model) => {
        const graph = new ProcedureGraph(model);
        for (const step of model.steps) {
          const fromHere = simplePaths({ ...model, start: step.id });
          const ends = fromHere.some((path) => {
            const last = model.steps.find((candidate) => candidate.id === path[path.length - 1])!;
            return last.type === 'end';
          });
          expect([step.id, graph.reachesEnd.has(step.id)]).toEqual([step.id, ends]);
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('names where each successor is written, in successorsOf order', () => {
    fc.assert(
      fc.property(models, (model) => {
        for (const step of model.steps) {
          const references = successorReferences(step);
          expect(references.map((reference) => reference.target)).toEqual(successorsOf(step));
          for (const { path, target } of references) {
            const written = path.reduce<unknown>(
              (value, key) => (value as Record<string, unknown>)[key],
              step,
            );
            expect(written).toBe(target);
          }
        }
      }),
      PROPERTY_RUNS,
    );
  });

  it('keeps the first of two steps with one id and drops edges to missing steps', () => {
    const model = procedureModelSchema.parse({
      schemaVersion: 1,
      procedureCode: 'P',
      title: { it: 'P' },
      term: { days: 30, onSilence: 'silenzioAssenso' },
      start: 'a',
      steps: [
        { id: 'a', title: { it: 'A' }, type: 'wait', duration: { days: 1 }, next: 'manca' },
        { id: 'a', title: { it: 'A2' }, type: 'end', conclusion: 'accepted' },
      ],
    });
    const graph = new ProcedureGraph(model);
    expect(graph.steps.get('a')).toMatchObject({ index: 0, step: { type: 'wait' } });
    expect([...graph.reachable]).toEqual(['a']);
    expect(graph.reachesEnd.size).toBe(0);
    expect(graph.shortestWaitDays(['a'])).toBe(1);
    expect(graph.alwaysBefore('a', 'a')).toBe(false);
  });
});
