#ifndef QUARRY_CHIREDIS_SHIM_H
#define QUARRY_CHIREDIS_SHIM_H
// hiredis 0.14 (Debian 12). Swift cannot call the variadic redisCommand:
// commands go through redisCommandArgv / redisAppendCommandArgv.
#include <hiredis/hiredis.h>

// The context's error, as Swift cannot read a fixed-size C array field easily.
static inline int quarry_redis_error_code(const redisContext *context) { return context->err; }
static inline const char *quarry_redis_error_text(const redisContext *context) { return context->errstr; }
#endif
