/**
 * A percentage split (A/B a prompt): weights, and a branch chosen by a hash of the call and the
 * node, so the same call at the same node always takes the same branch (a retried webhook, a
 * caller who comes back to the node), and calls spread by the weights.
 */
import { createHash } from 'node:crypto';

export interface Branch<T> { weight: number; value: T }

/** Picks a branch for `callUuid` at `nodeId`. Weights are non-negative and not all zero. Pure. */
export function pickBranch<T>(branches: readonly Branch<T>[], callUuid: string, nodeId: string): T {
  const total = branches.reduce((sum, branch) => sum + branch.weight, 0);
  const first = branches[0];
  if (first === undefined || !(total > 0)) throw new Error('a split needs a branch with a positive weight');
  // 52 bits of SHA-256: uniform in [0, 1) with no modulo bias worth the name.
  const digest = createHash('sha256').update(`${nodeId}\u0000${callUuid}`).digest();
  const point = (digest.readUIntBE(0, 6) * 2 ** 4 + (digest[6]! >> 4)) / 2 ** 52 * total;
  let upTo = 0;
  for (const branch of branches) {
    upTo += branch.weight;
    if (point < upTo) return branch.value;
  }
  return [...branches].reverse().find((branch) => branch.weight > 0)?.value ?? first.value;
}
