#ifndef QUARRY_CSQLITE_SHIM_H
#define QUARRY_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a function pointer, which Swift
// cannot import; expose it as a typed constant.
static const sqlite3_destructor_type quarry_sqlite_transient = (sqlite3_destructor_type)-1;
#endif
