/*
 * Bounded one-line messages for the boot validators (handoff.c, elf.c),
 * which must not depend on a C library: "%x" prints a 0x-prefixed hex
 * number and "%d" a decimal one, each taking the next of an array of
 * uint64_t arguments (ERRFMT_ARGS builds one). The buffer always stays
 * NUL-terminated; what does not fit is dropped.
 */
#ifndef ERIX_BOOT_ERRFMT_H
#define ERIX_BOOT_ERRFMT_H

#include <stddef.h>
#include <stdint.h>

#define ERRFMT_ARGS(...) ((const uint64_t[]){__VA_ARGS__})

struct errfmt {
	char *buf;
	size_t len;
	size_t cap;
};

/* Empty the message. */
void errfmt_reset(struct errfmt *f);

/* Append `fmt` with its %x and %d directives expanded from `args`. */
void errfmt_put(struct errfmt *f, const char *fmt, const uint64_t *args);

#endif
