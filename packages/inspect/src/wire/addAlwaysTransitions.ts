type Json = Record<string, unknown>;
/** The parts of an XState v5 StateNode this reads (kept structural: no import of xstate's internals). */
interface StateNodeLike {
  readonly id: string;
  readonly states?: Record<string, StateNodeLike>;
  readonly always?: ReadonlyArray<{ toJSON?: () => unknown }>;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Adds each state's eventless (`always`) transitions to a machine definition JSON, in the shape `toJSON()` uses for the
 * others (`eventType: ''`, `#`-prefixed `source` and `target`, `guard`). XState's `machine.toJSON()` leaves them out,
 * so without this a viewer could only learn them from microsteps — and a stream without microsteps
 * (`@statelyai/inspect`) never showed them. Returns a new JSON; the input is not changed.
 *
 * @example
 * ```ts
 * const definition = addAlwaysTransitions(machine.root, machine.toJSON());
 * ```
 */
export function addAlwaysTransitions(root: StateNodeLike, definition: unknown): unknown {
  if (!isObject(definition)) return definition;
  const visit = (node: StateNodeLike, json: Json): Json => {
    const states = isObject(json.states) ? json.states : undefined;
    const nextStates: Json = {};
    for (const [key, child] of Object.entries(node.states ?? {})) {
      const childJson = states?.[key];
      if (isObject(childJson)) nextStates[key] = visit(child, childJson);
    }
    // Only what a chart needs: actions may hold functions, which have no JSON form.
    const always = (node.always ?? []).map((transition) => {
      const full = (typeof transition.toJSON === 'function' ? transition.toJSON() : transition) as Json;
      const guard = typeof full.guard === 'function' ? undefined : full.guard;
      return {
        eventType: '',
        source: full.source,
        target: full.target,
        ...(guard === undefined ? {} : { guard }),
        reenter: full.reenter === true,
      };
    });
    const transitions = Array.isArray(json.transitions) ? json.transitions : [];
    return {
      ...json,
      ...(states === undefined ? {} : { states: { ...states, ...nextStates } }),
      ...(always.length === 0 ? {} : { transitions: [...transitions, ...always] }),
    };
  };
  return visit(root, definition);
}
