#include "CCallgrind.h"
#include <valgrind/callgrind.h>

int quarry_on_valgrind(void) { return RUNNING_ON_VALGRIND; }

// Dumps rather than collection toggles: a dump writes and zeroes the counts
// of every thread, so what a run's tasks did on other threads is counted
// and no on/off state can be left inverted by a run that throws.
void quarry_callgrind_start(void) { CALLGRIND_DUMP_STATS_AT("-"); }

void quarry_callgrind_stop(const char *name) { CALLGRIND_DUMP_STATS_AT(name); }
