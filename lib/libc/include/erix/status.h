/* Names of the common statuses of erix/abi.h, for log lines and error messages. */
#ifndef ERIX_STATUS_H
#define ERIX_STATUS_H

#include <erix/abi.h>

/* The status's name as the IDL writes it ("ok", "not_found", ...), or "unknown". */
const char *erix_status_name(enum erix_status status);

#endif
