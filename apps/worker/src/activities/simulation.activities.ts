import { Context } from '@temporalio/activity';
import type { SimulationInput, SimulationResult } from '@sus/contracts';

/** Runs a simulation to its end (the worker wires SimulationRunner behind it). */
export interface ProcedureSimulator {
  run(input: SimulationInput, heartbeat: () => void): Promise<SimulationResult>;
}

export interface SimulationPorts {
  simulator: ProcedureSimulator;
}

export function createSimulationActivities({ simulator }: SimulationPorts) {
  return {
    /** The process modeller's simulation of a draft, on a time-skipping server of the worker's own. */
    async runSimulation(input: SimulationInput): Promise<SimulationResult> {
      const context = Context.current();
      return simulator.run(input, () => context.heartbeat());
    },
  };
}
