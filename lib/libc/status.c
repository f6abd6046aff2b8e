/* erix_status_name (erix/status.h): one name per common status of erix/abi.h. */
#include <erix/status.h>
#include <stddef.h>

static const char *const names[] = {
	[ERIX_OK] = "ok",
	[ERIX_E_INVALID_ARGUMENT] = "invalid_argument",
	[ERIX_E_NO_PERMISSION] = "no_permission",
	[ERIX_E_NOT_FOUND] = "not_found",
	[ERIX_E_VERSION_MISMATCH] = "version_mismatch",
	[ERIX_E_PROTOCOL_ERROR] = "protocol_error",
	[ERIX_E_NO_MEMORY] = "no_memory",
	[ERIX_E_BUSY] = "busy",
	[ERIX_E_UNKNOWN_METHOD] = "unknown_method",
	[ERIX_E_BAD_CAPABILITY] = "bad_capability",
	[ERIX_E_OUT_OF_RANGE] = "out_of_range",
	[ERIX_E_TOO_LARGE] = "too_large",
	[ERIX_E_EXISTS] = "exists",
	[ERIX_E_NOT_SUPPORTED] = "not_supported",
	[ERIX_E_IO_ERROR] = "io_error",
	[ERIX_E_INTERRUPTED] = "interrupted",
};

/* A status added to codegen/erixidl/abi.py must get its name here. */
_Static_assert(sizeof(names) / sizeof(names[0]) == ERIX_STATUS_COUNT, "every status is named");

const char *erix_status_name(enum erix_status status)
{
	if ((size_t)status >= ERIX_STATUS_COUNT || names[status] == NULL)
		return "unknown";
	return names[status];
}
