import { DomainError } from './errors';

/** Allowed transitions as data: for each state, the events it accepts and where they lead. */
export type TransitionTable<State extends string, Event extends string> = {
  readonly [S in State]: { readonly [E in Event]?: State };
};

export interface StateMachine<State extends string, Event extends string> {
  readonly name: string;
  readonly states: readonly State[];
  readonly events: readonly Event[];
  readonly transitions: TransitionTable<State, Event>;
  /** The next state; throws ILLEGAL_TRANSITION when `event` is not allowed in `state`. */
  transition(state: State, event: Event): State;
  canTransition(state: State, event: Event): boolean;
  allowedEvents(state: State): Event[];
  /** No event leads anywhere from here. */
  isTerminal(state: State): boolean;
}

/**
 * One implementation for every lifecycle, so the tables stay the single source of truth.
 * Inputs are checked at run time too: states arrive from the database and from workflow
 * histories as plain strings.
 */
export function defineStateMachine<State extends string, Event extends string>(definition: {
  name: string;
  states: readonly State[];
  events: readonly Event[];
  transitions: TransitionTable<State, Event>;
}): StateMachine<State, Event> {
  const { name, states, events, transitions } = definition;
  const isState = (value: unknown): value is State =>
    typeof value === 'string' && states.includes(value as State);
  const isEvent = (value: unknown): value is Event =>
    typeof value === 'string' && events.includes(value as Event);
  const targetOf = (state: State, event: Event): State | undefined =>
    isState(state) && isEvent(event) && Object.hasOwn(transitions[state], event)
      ? transitions[state][event]
      : undefined;
  const allowedEvents = (state: State): Event[] =>
    events.filter((event) => targetOf(state, event) !== undefined);

  return Object.freeze({
    name,
    states,
    events,
    transitions,
    transition(state: State, event: Event): State {
      const target = targetOf(state, event);
      if (target !== undefined) return target;
      const reason = !isState(state)
        ? `"${String(state)}" is not a ${name} state (${states.join(', ')})`
        : !isEvent(event)
          ? `"${String(event)}" is not a ${name} event (${events.join(', ')})`
          : `${name} in state "${state}" does not accept "${event}"; allowed: ${allowedEvents(state).join(', ') || 'none, the state is final'}`;
      throw new DomainError('ILLEGAL_TRANSITION', `Illegal transition: ${reason}.`, {
        machine: name,
        state,
        event,
        allowedEvents: isState(state) ? allowedEvents(state) : [],
      });
    },
    canTransition: (state: State, event: Event) => targetOf(state, event) !== undefined,
    allowedEvents,
    isTerminal: (state: State) => isState(state) && allowedEvents(state).length === 0,
  });
}
