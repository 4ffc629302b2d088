// Issue 13, item 7: usage errors repeated the word the user typed — often the software statement itself, pasted in
// the wrong place — on stderr and, with --json, on stdout. In-process `main()`; no network is reached (every case is
// a usage error found before any command runs).
import { expect, it } from 'vitest';
import { tokenCommand } from '../src/commands/token.ts';
import { main } from '../src/index.ts';
import { memoryIo } from './support/memoryIo.ts';

// Shaped like a real statement: a compact JWS of realistic length.
const SS = `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${'eyJzb2Z0d2FyZV9pZCI6ImFiYyJ9'.repeat(12)}.${'c2lnbmF0dXJl'.repeat(20)}`;

/** Any 16-character piece of the statement (its header is boilerplate, so pieces come from the claims and signature). */
function leaked(text: string): string | undefined {
  const body = SS.slice(SS.indexOf('.') + 1);
  for (let start = 0; start + 16 <= body.length; start += 8) {
    const piece = body.slice(start, start + 16);
    if (text.includes(piece)) return piece;
  }
  return undefined;
}

it.each<[string, string[]]>([
  ['the statement as the command', [SS]],
  ['the statement before the command', [SS, 'token']],
  ['the statement as a help topic', ['help', SS]],
  ['the statement after --json', ['--json', SS]],
  ['a misspelt flag holding the statement, after the command', ['token', `--software-statment=${SS}`]],
  ['a misspelt flag holding the statement, before any command', [`--software-statment=${SS}`]],
  ['the statement as the --timeout value', ['token', '--timeout', SS]],
  ['the statement as the --port value', ['simulate', '--port', SS]],
  ['the statement as an extra argument', ['token', SS]],
])('%s: exit 2, and no piece of the statement on stderr or stdout', async (_name, argv) => {
  const { io, out, err } = memoryIo({ env: {} });
  expect(await main(argv, io)).toBe(2);
  expect(err()).toMatch(/^dcrflow: error \[usage\]: /);
  expect(leaked(err())).toBeUndefined();
  expect(leaked(out())).toBeUndefined();
});

it('still names short, ordinary words in usage errors', async () => {
  const { io, err } = memoryIo({ env: {} });
  expect(await main(['tokn'], io)).toBe(2);
  expect(err()).toContain("'tokn'");
});

it("token --help's examples never pass the statement as a flag (shell history, ps)", () => {
  for (const example of tokenCommand.examples) expect(example).not.toMatch(/--software-statement[ =]/);
  expect(tokenCommand.examples[0]).toMatch(/DCRFLOW_SOFTWARE_STATEMENT|--software-statement-file/);
});
