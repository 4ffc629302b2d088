import * as z from 'zod/mini';

// zod/mini, not zod: this module ships to browsers (the inspector app parses every socket frame and recording line
// with it), and full zod costs ~90 KB gzipped against ~5 KB (toolchain.md, "Bundle weight").

/**
 * A required field of any JSON value, null included. `z.unknown()` alone lets an own key holding `undefined`
 * through, which JSON would then silently drop.
 */
const present = z
  .unknown()
  .check(z.refine((value) => value !== undefined, { error: 'expected a value but the field is missing' }));

const base = {
  v: z.literal(1),
  seq: z.int().check(z.minimum(0, { error: 'a non-negative integer' })),
  at: z.number(),
  sessionId: z.string(),
  actorId: z.string(),
};

/** An XState event object: a `type` plus any payload, kept as sent (it was redacted by the producer). */
const eventObject = z.looseObject({ type: z.string() });

const actorEvent = z.object({
  ...base,
  kind: z.literal('actor'),
  parentId: z.nullable(z.string()),
  systemId: z.nullable(z.string()),
  definition: present,
  name: z.string(),
});

const eventEvent = z.object({
  ...base,
  kind: z.literal('event'),
  sourceId: z.nullable(z.string()),
  event: eventObject,
});

const snapshotEvent = z.object({
  ...base,
  kind: z.literal('snapshot'),
  event: eventObject,
  snapshot: z.object({
    value: present,
    status: z.enum(['active', 'done', 'error', 'stopped']),
    context: present,
    error: z.optional(z.unknown()),
  }),
});

const microstepEvent = z.object({
  ...base,
  kind: z.literal('microstep'),
  event: eventObject,
  transitions: z.array(
    z.object({
      source: z.string(),
      targets: z.array(z.string()),
      eventType: z.string(),
      guard: z.optional(z.nullable(z.string())),
    }),
  ),
});

const metaEvent = z.object({
  ...base,
  kind: z.literal('meta'),
  label: z.string(),
  data: present,
});

/** The wire format v1 as a zod/mini schema (internal: the public surface is `parseWireEvent`). */
export const wireEventSchema = z.discriminatedUnion('kind', [
  actorEvent,
  eventEvent,
  snapshotEvent,
  microstepEvent,
  metaEvent,
]);
