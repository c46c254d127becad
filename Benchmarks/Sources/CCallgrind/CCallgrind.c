#include "CCallgrind.h"
#include <valgrind/callgrind.h>

int quarry_on_valgrind(void) { return RUNNING_ON_VALGRIND; }

void quarry_callgrind_start(void) {
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
}

void quarry_callgrind_stop(const char *name) {
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT(name);
}
