import { durationMs, type ProcedureModel, type ProcedureStep, type StepId } from './procedure-model';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A successor of a step and where the document names it, so a problem can point at it. */
export interface StepReference {
  path: (string | number)[];
  target: StepId;
}

/** successorsOf, with the property path of each successor inside the step. */
export function successorReferences(step: ProcedureStep): StepReference[] {
  switch (step.type) {
    case 'form':
    case 'notify':
    case 'wait':
      return [{ path: ['next'], target: step.next }];
    case 'booking':
      return [
        { path: ['next'], target: step.next },
        ...(step.onLapse !== undefined ? [{ path: ['onLapse'], target: step.onLapse }] : []),
      ];
    case 'payment':
      return [
        { path: ['next'], target: step.next },
        { path: ['onExpired'], target: step.onExpired },
      ];
    case 'staffTask':
      return [
        { path: ['outcomes', 'approve'], target: step.outcomes.approve },
        { path: ['outcomes', 'reject'], target: step.outcomes.reject },
      ];
    case 'decision':
      return [
        ...step.branches.map((branch, index) => ({ path: ['branches', index, 'next'], target: branch.next })),
        { path: ['otherwise'], target: step.otherwise },
      ];
    case 'end':
      return [];
  }
}

/** Whole days a wait step holds the case; other steps take no fixed time. */
export function waitDays(step: ProcedureStep): number {
  return step.type === 'wait' ? Math.floor(durationMs(step.duration) / DAY_MS) : 0;
}

/**
 * The steps of a model as a directed graph. A model that is still being written may repeat an id
 * or lead to a step that does not exist: the first step with an id is the one the graph holds,
 * and edges to missing steps are left out, so every question below has an answer anyway.
 */
export class ProcedureGraph {
  /** Each id's first step and its index in `model.steps`. */
  readonly steps: ReadonlyMap<StepId, { step: ProcedureStep; index: number }>;
  /** Steps reachable from the start (none when the start does not exist). */
  readonly reachable: ReadonlySet<StepId>;
  /** Steps from which some end step can be reached. */
  readonly reachesEnd: ReadonlySet<StepId>;
  private readonly next = new Map<StepId, StepId[]>();

  constructor(private readonly model: ProcedureModel) {
    const steps = new Map<StepId, { step: ProcedureStep; index: number }>();
    model.steps.forEach((step, index) => {
      if (!steps.has(step.id)) steps.set(step.id, { step, index });
    });
    this.steps = steps;
    for (const { step } of steps.values()) {
      const targets = successorReferences(step).map((reference) => reference.target);
      this.next.set(
        step.id,
        targets.filter((target) => steps.has(target)),
      );
    }
    this.reachable = this.reachableFrom(model.start);

    const previous = new Map<StepId, StepId[]>();
    for (const [from, targets] of this.next) {
      for (const to of targets) previous.set(to, [...(previous.get(to) ?? []), from]);
    }
    const ends = [...steps.values()].filter(({ step }) => step.type === 'end').map(({ step }) => step.id);
    this.reachesEnd = closure(ends, (id) => previous.get(id) ?? []);
  }

  has(id: StepId): boolean {
    return this.steps.has(id);
  }

  /** Steps reachable from `origin` (itself included) on paths that never enter `avoiding`. */
  reachableFrom(origin: StepId, avoiding?: StepId): Set<StepId> {
    if (!this.steps.has(origin) || origin === avoiding) return new Set();
    return closure([origin], (id) => (this.next.get(id) ?? []).filter((target) => target !== avoiding));
  }

  /**
   * Whether every path from the start to `target` passes `anchor` before it: `anchor` dominates
   * `target`. False for a target the start cannot reach and for a step and itself (a step has
   * not ended when it begins).
   */
  alwaysBefore(anchor: StepId, target: StepId): boolean {
    if (!this.reachable.has(target) || anchor === target) return false;
    return !this.reachableFrom(this.model.start, anchor).has(target);
  }

  /**
   * The least sum of whole wait days on a path from the start to any of `targets`, the target's
   * own wait included (what closes on a step closes when it completes); undefined when the start
   * reaches none. Dijkstra with a linear scan: models have tens of steps.
   */
  shortestWaitDays(targets: Iterable<StepId>): number | undefined {
    const start = this.steps.get(this.model.start);
    if (start === undefined) return undefined;
    const wanted = new Set(targets);
    const distance = new Map<StepId, number>([[start.step.id, waitDays(start.step)]]);
    const done = new Set<StepId>();
    for (;;) {
      let current: StepId | undefined;
      for (const [id, days] of distance) {
        if (!done.has(id) && (current === undefined || days < distance.get(current)!)) current = id;
      }
      if (current === undefined) return undefined;
      const days = distance.get(current)!;
      if (wanted.has(current)) return days;
      done.add(current);
      for (const target of this.next.get(current) ?? []) {
        const through = days + waitDays(this.steps.get(target)!.step);
        if (!done.has(target) && through < (distance.get(target) ?? Infinity)) distance.set(target, through);
      }
    }
  }
}

function closure(seeds: readonly StepId[], neighbours: (id: StepId) => readonly StepId[]): Set<StepId> {
  const seen = new Set(seeds);
  const queue = [...seeds];
  while (queue.length > 0) {
    for (const id of neighbours(queue.shift()!)) {
      if (!seen.has(id)) {
        seen.add(id);
        queue.push(id);
      }
    }
  }
  return seen;
}
