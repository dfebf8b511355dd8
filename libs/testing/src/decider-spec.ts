/**
 * Given / When / Then for a decider (an aggregate's rules as pure functions, see
 * `@credit/event-store`'s Decider): the state is folded from the given events exactly as
 * handleCommand folds a stream, the command is decided on it, and the decided events (or the
 * refusal) are checked.
 *
 *   const spec = deciderSpec(repairDecider);
 *   spec.given([applied]).when({ type: 'DecideRepair', data }).then([approved]);
 *   spec.given([applied, approved]).when({ type: 'DecideRepair', data }).thenThrows(StateConflictError, 'repair.already-decided');
 *
 * Structural on purpose: any `{ initialState, decide, evolve }` works, without importing the event store.
 */
export interface DeciderUnderTest<Command, Event, State> {
  initialState: () => State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** The command, decided on the given state. */
export interface DeciderWhen<Event> {
  /** The decided events (throws what the decider throws). */
  events(): Event[];
  /** Then exactly these events are decided (`[]`: the command changes nothing). */
  then(expected: Event[]): void;
  /**
   * Then the decider refuses with an instance of `errorClass`; with `rule`, its stable rule
   * identifier (DomainRuleError, StateConflictError), or a pattern its message matches.
   */
  thenThrows(errorClass: abstract new (...args: any[]) => Error, rule?: string | RegExp): void;
}

export interface DeciderGiven<Command, Event, State> {
  /** The state the given events fold into. */
  readonly state: State;
  when(command: Command): DeciderWhen<Event>;
}

export interface DeciderSpec<Command, Event, State> {
  /** Given these events on the stream (none: a new stream). */
  given(events?: readonly Event[]): DeciderGiven<Command, Event, State>;
}

export function deciderSpec<Command, Event, State>(decider: DeciderUnderTest<Command, Event, State>): DeciderSpec<Command, Event, State> {
  return {
    given(events: readonly Event[] = []) {
      const state = events.reduce((s, event) => decider.evolve(s, event), decider.initialState());
      return {
        state,
        when(command: Command): DeciderWhen<Event> {
          const events = (): Event[] => decider.decide(command, state);
          return {
            events,
            then(expected: Event[]): void {
              expect(events()).toEqual(expected);
            },
            thenThrows(errorClass, rule): void {
              let thrown: unknown;
              try {
                events();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(errorClass);
              if (typeof rule === 'string') expect(thrown).toMatchObject({ rule });
              else if (rule instanceof RegExp) expect((thrown as Error).message).toMatch(rule);
            },
          };
        },
      };
    },
  };
}
