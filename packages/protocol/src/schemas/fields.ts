import * as z from 'zod/mini';

/** A string with at least one character: an empty id, secret or token is as useless as a missing one. */
export const nonEmptyString = z.string().check(z.minLength(1));

/** An epoch timestamp whose unit (seconds or milliseconds) is detected later by magnitude. */
export const epochNumber = z.number().check(z.nonnegative());

/** An optional field that Java back ends may also serialise as `null`; both mean "absent". */
export function absentable<T extends z.ZodMiniType>(schema: T): z.ZodMiniOptional<z.ZodMiniNullable<T>> {
  return z.optional(z.nullable(schema));
}
