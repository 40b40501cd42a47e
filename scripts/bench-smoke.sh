#!/usr/bin/env bash
# npm run bench:smoke (the last step of `npm test`): every bench once with BENCH_SMOKE=1, the
# least data on each of its paths, so a bench broken on a fresh clone fails the tests. Their
# figures mean nothing and nothing asserts on them. Runs them all, then fails if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

benches=(startup capture vision signals session transcribe review audit crypto evaluate sync)
failed=()
started=$SECONDS
for bench in "${benches[@]}"; do
  printf '[bench:smoke] bench:%s\n' "$bench"
  at=$SECONDS
  if BENCH_SMOKE=1 npm run --silent "bench:$bench"; then
    printf '[bench:smoke] bench:%s passed in %d s\n' "$bench" $((SECONDS - at))
  else
    printf '[bench:smoke] bench:%s FAILED (exit %d) after %d s\n' "$bench" "$?" $((SECONDS - at))
    failed+=("bench:$bench")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  printf '[bench:smoke] failed: %s (%d s in all)\n' "${failed[*]}" $((SECONDS - started))
  exit 1
fi
printf '[bench:smoke] all %d benches ran in %d s\n' "${#benches[@]}" $((SECONDS - started))
