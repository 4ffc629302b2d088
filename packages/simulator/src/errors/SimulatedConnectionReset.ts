const brand = Symbol.for('@dcrflow/simulator.SimulatedConnectionReset');

/**
 * Thrown by `simulator.fetch()` when a `'reset'` fault fires: the request never gets an answer. The Node host
 * destroys the socket instead, so real HTTP clients see a connection reset.
 *
 * Why a `TypeError` named `TypeError` with the message `fetch failed`: that is exactly what a WHATWG fetch
 * (undici in Node) rejects with on a network failure, so a client given `simulator.fetch` as its fetch classifies
 * it as a network error the way it would in production. Recognise it with {@link SimulatedConnectionReset.is}
 * (works across realms); `cause` carries an `ECONNRESET`-coded error like Node's.
 *
 * @example
 * simulator.injectFault({ kind: 'reset', endpoint: 'token' });
 * try {
 *   await simulator.fetch(tokenRequest);
 * } catch (error) {
 *   if (SimulatedConnectionReset.is(error)) console.log('connection reset, as injected');
 * }
 */
export class SimulatedConnectionReset extends TypeError {
  readonly [brand] = true;

  constructor() {
    const cause = Object.assign(new Error('The simulator dropped the connection (an injected reset fault).'), {
      code: 'ECONNRESET',
    });
    super('fetch failed', { cause });
  }

  /**
   * Whether a value is a {@link SimulatedConnectionReset}, also across realms and bundled copies.
   *
   * @example
   * if (SimulatedConnectionReset.is(error)) socket.destroy();
   */
  static is(value: unknown): value is SimulatedConnectionReset {
    return (
      value instanceof SimulatedConnectionReset ||
      (typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true)
    );
  }
}
