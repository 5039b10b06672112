/** Limits on the shape of a parsed JSON body: how deep it nests and how many values it holds. */
export interface JsonShapeLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
}

export const REQUEST_JSON_LIMITS: JsonShapeLimits = { maxDepth: 32, maxNodes: 20_000 };

/**
 * Null when `value` stays within the limits, else what is wrong. Iterative (a 10,000-level body cannot
 * overflow the stack) and stops at the first value past a limit.
 */
export function jsonShapeProblem(value: unknown, limits: JsonShapeLimits = REQUEST_JSON_LIMITS): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return `the body holds more than ${limits.maxNodes} values`;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.maxDepth) return `the body nests deeper than ${limits.maxDepth} levels`;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push({ v: child, depth: depth + 1 });
  }
  return null;
}
