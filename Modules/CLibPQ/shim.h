#ifndef QUARRY_CLIBPQ_SHIM_H
#define QUARRY_CLIBPQ_SHIM_H
// Debian installs libpq's header under postgresql/; without pkg-config the
// plain <libpq-fe.h> is not on the include path.
#include <postgresql/libpq-fe.h>
#endif
