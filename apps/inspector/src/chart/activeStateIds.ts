import type { MachineNode } from './readMachineDefinition.ts';

/**
 * The ids of the state nodes active in `value` (a snapshot's StateValue), ancestors and the root included, resolved
 * against the definition so custom state ids work. Keys the definition does not know are skipped.
 *
 * @example
 * ```ts
 * activeStateIds(root, { registering: 'requesting' }); // Set { 'dcr', 'dcr.registering', 'dcr.registering.requesting' }
 * ```
 */
export function activeStateIds(root: MachineNode, value: unknown): Set<string> {
  const active = new Set<string>([root.id]);
  const visit = (node: MachineNode, part: unknown) => {
    if (typeof part === 'string') {
      const child = node.children.find((c) => c.key === part);
      if (child !== undefined) active.add(child.id);
      return;
    }
    if (typeof part !== 'object' || part === null) return;
    for (const [key, sub] of Object.entries(part as Record<string, unknown>)) {
      const child = node.children.find((c) => c.key === key);
      if (child === undefined) continue;
      active.add(child.id);
      visit(child, sub);
    }
  };
  visit(root, value);
  return active;
}
