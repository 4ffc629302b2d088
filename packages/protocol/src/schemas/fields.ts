import * as z from 'zod/mini';

/** A string with at least one character: an empty id, secret or token is as useless as a missing one. */
export const nonEmptyString = z.string().check(z.minLength(1));

/** An epoch timestamp whose unit (seconds or milliseconds) is detected later by magnitude. */
export const epochNumber = z.number().check(z.nonnegative());

/** An optional field that Java back ends may also serialise as `null`; both mean "absent". */
export function absentable<T extends z.ZodMiniType>(schema: T): z.ZodMiniOptional<z.ZodMiniNullable<T>> {
  return z.optional(z.nullable(schema));
}

/**
 * An optional field kept only when it has the expected type and dropped (`undefined`) otherwise — never a parse
 * failure, so a malformed side field cannot hide the error code next to it. (Written as a transform rather than
 * `z.catch`, which pulls ~3 KB gz of zod's utilities into every browser bundle.)
 */
export function keptIf<T>(is: (value: unknown) => value is T) {
  return z.optional(
    z.pipe(
      z.unknown(),
      z.transform((value: unknown): T | undefined => (is(value) ? value : undefined)),
    ),
  );
}

export const isString = (value: unknown): value is string => typeof value === 'string';
export const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
