import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker';
import { handClock } from './test-scoring';

describe('circuit breaker', () => {
  it('opens after three failures in a row, and a success in between resets the count', () => {
    const clock = handClock();
    const breaker = createCircuitBreaker({ clock });
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.state()).toBe('open');
    expect(breaker.allow()).toBe(false);
  });

  it('lets one probe through after five minutes; a failed probe opens it for five more', () => {
    const clock = handClock();
    const breaker = createCircuitBreaker({ clock });
    for (let i = 0; i < 3; i++) breaker.failed();
    clock.t += 5 * 60_000;
    expect(breaker.state()).toBe('half-open');
    expect(breaker.allow()).toBe(true);
    // While the probe is out, nothing else goes.
    expect(breaker.allow()).toBe(false);
    breaker.failed();
    expect(breaker.state()).toBe('open');
    clock.t += 5 * 60_000 - 1;
    expect(breaker.allow()).toBe(false);
    clock.t += 1;
    expect(breaker.allow()).toBe(true);
    breaker.succeeded();
    expect(breaker.state()).toBe('closed');
    expect(breaker.allow()).toBe(true);
  });
});
