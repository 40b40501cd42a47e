import { describe, expect, it } from 'vitest';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from './input-depth';

/** `depth` objects inside one another, built without recursion. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe('nestsDeeperThan', () => {
  it('lets every ordinary input through', () => {
    expect(nestsDeeperThan({ token: 'x', filter: { state: 'to_review' } }, MAX_INPUT_DEPTH)).toBe(
      false,
    );
    expect(nestsDeeperThan(nested(MAX_INPUT_DEPTH), MAX_INPUT_DEPTH)).toBe(false);
    expect(nestsDeeperThan(undefined, MAX_INPUT_DEPTH)).toBe(false);
  });

  it('finds a structure one level too deep, and one a million levels deep, without recursing', () => {
    expect(nestsDeeperThan(nested(MAX_INPUT_DEPTH + 1), MAX_INPUT_DEPTH)).toBe(true);
    expect(nestsDeeperThan([[[nested(1_000_000)]]], MAX_INPUT_DEPTH)).toBe(true);
  });
});
