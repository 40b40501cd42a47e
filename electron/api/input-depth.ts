/**
 * How deep a request's input may nest. Every real input is a few levels deep; the limit is
 * checked before zod sees the input, because validating (or storing) a structure thousands of
 * levels deep recurses until the stack runs out.
 */
export const MAX_INPUT_DEPTH = 32;

/** Whether `value` nests objects or arrays deeper than `max`; walks without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
