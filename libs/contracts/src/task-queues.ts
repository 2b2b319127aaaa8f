/** The one task queue of the SUS worker fleet; api and worker read it from TEMPORAL_TASK_QUEUE, this is the default. */
export const DEFAULT_TASK_QUEUE = 'sus';
