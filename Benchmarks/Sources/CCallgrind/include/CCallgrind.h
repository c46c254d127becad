// Callgrind's client requests for quarry-bench's instruction mode
// (ci/bench-instructions): outside valgrind each is a few no-op
// instructions.
#pragma once

/// Nonzero when the process runs under valgrind.
int quarry_on_valgrind(void);
/// Writes and zeroes callgrind's counts so far (a dump named "-", not read).
void quarry_callgrind_start(void);
/// Writes the counts since the start as one dump named `name`.
void quarry_callgrind_stop(const char *name);
