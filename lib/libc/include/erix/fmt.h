/*
 * Formatted output into a buffer: the snprintf of EriX user programs.
 *
 * Conversions: %c %s %d %i %u %x %X %p and %%. Flags '-' (left-justify) and
 * '0' (pad numbers with zeros); a width and a precision, each a number or
 * '*'; length modifiers hh, h, l, ll and z. For integers the precision is the
 * minimum number of digits, for %s the most bytes to print. %p prints
 * 0x followed by the address in hex (0x0 for NULL); %s of NULL prints
 * "(null)". Widths and precisions are capped at ERIX_FMT_MAX_WIDTH. An
 * unknown conversion is printed as written.
 */
#ifndef ERIX_FMT_H
#define ERIX_FMT_H

#include <stdarg.h>
#include <stddef.h>

#define ERIX_FMT_MAX_WIDTH 4096

/*
 * Format into buf, writing at most size bytes including the NUL, which is
 * always written when size > 0 (buf may be NULL when size is 0). Returns the
 * length the whole output would have had, without the NUL (at most INT_MAX).
 */
int erix_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* erix_vsnprintf with the arguments in line. */
int erix_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
