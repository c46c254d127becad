// Callgrind's client requests for quarry-bench's instruction mode
// (ci/bench-instructions): outside valgrind each is a few no-op
// instructions.
#pragma once

/// Nonzero when the process runs under valgrind.
int quarry_on_valgrind(void);
/// Zeroes callgrind's counters and starts collecting (run with --collect-atstart=no).
void quarry_callgrind_start(void);
/// Stops collecting and writes the counts since the start as one dump named `name`.
void quarry_callgrind_stop(const char *name);
