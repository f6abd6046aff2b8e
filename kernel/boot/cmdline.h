/* The kernel command line: space-separated key=value words. */
#ifndef ERIX_BOOT_CMDLINE_H
#define ERIX_BOOT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Copy the value of the first `key`=value word of `cmdline` into `value`
 * (NUL-terminated, at most size - 1 bytes). Returns false when the key is
 * absent or its value does not fit.
 */
bool cmdline_get(const char *cmdline, const char *key, char *value, size_t size);

/* Parse the value of `key` as a decimal number; false when absent or malformed. */
bool cmdline_get_u64(const char *cmdline, const char *key, uint64_t *value);

#endif
