/*
 * The kernel log: everything the kernel prints (and what tasks write through
 * console_ctl) goes to COM1 and into a ring of the last KLOG_SIZE bytes, which
 * console_ctl's log_read serves. Positions count bytes since boot, so a
 * reader can tell how much it missed.
 */
#include "kernel.h"

#define KLOG_SIZE 16384u

static char ring[KLOG_SIZE];
static uint64_t written; /* bytes logged since boot */

void klog_putc(char c)
{
	ring[written % KLOG_SIZE] = c;
	written++;
	serial_putc(c);
}

enum erix_status klog_read(uint64_t position, char *out, size_t max, size_t *length, uint64_t *next,
			   uint64_t *lost)
{
	uint64_t oldest = written > KLOG_SIZE ? written - KLOG_SIZE : 0;
	if (position > written)
		return ERIX_E_INVALID_ARGUMENT;
	*lost = position < oldest ? oldest - position : 0;
	if (position < oldest)
		position = oldest;
	size_t n = 0;
	for (; n < max && position + n < written; n++)
		out[n] = ring[(position + n) % KLOG_SIZE];
	*length = n;
	*next = position + n;
	return ERIX_OK;
}
