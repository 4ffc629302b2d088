/** Longest command-line word a usage error repeats verbatim. */
const MAX_ECHO = 32;

/**
 * What an error message may say about a word the user typed. A misplaced word is often the software statement itself
 * (`dcrflow "$SS"`, `dcrflow help "$SS"`, `--timeout "$SS"`): long words and anything shaped like a JWT are described,
 * never echoed — usage errors go to stderr, to stdout with `--json`, and from there into CI logs. For `--flag=value`
 * only the flag is named.
 *
 * @example
 * ```ts
 * describeWord('tokn'); // "'tokn'"
 * describeWord('eyJhbGciOi…'); // "(a 812-character value, not shown: it may be a secret)"
 * describeWord('--software-statment=eyJ…'); // "'--software-statment' (its value not shown)"
 * ```
 */
export function describeWord(word: string): string {
  const equals = word.indexOf('=');
  if (word.startsWith('-') && equals > 0) return `${describeWord(word.slice(0, equals))} (its value not shown)`;
  const jwtShaped = /^[\w-]+\.[\w-]+\.[\w-]*$/.test(word);
  if (word.length <= MAX_ECHO && !jwtShaped) return `'${word}'`;
  return `(a ${word.length}-character value, not shown: it may be a secret)`;
}

/**
 * The command-line words that {@link describeWord} would not echo (with `--flag=value`, the value): the secrets a
 * report must scrub if some message still carried one.
 *
 * @example
 * ```ts
 * unechoableWords(['token', '--timeout', 'eyJ…']); // ['eyJ…']
 * ```
 */
export function unechoableWords(argv: readonly string[]): string[] {
  const words: string[] = [];
  for (const arg of argv) {
    const equals = arg.indexOf('=');
    for (const word of arg.startsWith('-') && equals > 0 ? [arg.slice(0, equals), arg.slice(equals + 1)] : [arg]) {
      if (describeWord(word) !== `'${word}'`) words.push(word);
    }
  }
  return words;
}
