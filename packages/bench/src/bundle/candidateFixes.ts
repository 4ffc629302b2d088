import { readFile } from 'node:fs/promises';
import type { Plugin } from 'esbuild';

/** A textual edit of one source file of a workspace package, applied only inside the bundler. */
export interface SourcePatch {
  /** The end of the file's path, e.g. `protocol/src/schemas/oauthErrorSchema.ts`. */
  readonly file: string;
  readonly from: string;
  readonly to: string;
}

/** A fix to a dcrflow package, measured by bundling a patched copy; the repository's sources are never changed. */
export interface CandidateFix {
  readonly id: string;
  readonly label: string;
  readonly patches: readonly SourcePatch[];
}

/**
 * The fixes whose effect the bundle bench measures. Empty now: the one that was here (plain fetch instead of ky,
 * −8.2 KB gz) was made in decision 0017. Add one to measure a size idea without touching the sources.
 */
export const CANDIDATE_FIXES: readonly CandidateFix[] = [];

/**
 * An esbuild plugin that applies `fix` while bundling. Throws when a patch no longer matches the source, so the
 * bench notices when the code it describes has changed.
 */
export function fixPlugin(fix: CandidateFix): Plugin {
  return {
    name: `candidate-fix-${fix.id}`,
    setup(build) {
      const applied = new Set<SourcePatch>();
      build.onLoad({ filter: /packages\/[^/]+\/src\/.*\.ts$/ }, async (args) => {
        const patches = fix.patches.filter((patch) => args.path.endsWith(patch.file));
        if (patches.length === 0) return undefined;
        let text = await readFile(args.path, 'utf8');
        for (const patch of patches) {
          if (!text.includes(patch.from)) continue;
          text = text.split(patch.from).join(patch.to);
          applied.add(patch);
        }
        return { contents: text, loader: 'ts' };
      });
      build.onEnd(() => {
        const missing = fix.patches.filter((patch) => !applied.has(patch));
        if (missing.length > 0) {
          throw new Error(
            `Candidate fix "${fix.id}" no longer matches the sources: ${missing.map((patch) => `${patch.file}: ${patch.from}`).join('; ')}.`,
          );
        }
      });
    },
  };
}
