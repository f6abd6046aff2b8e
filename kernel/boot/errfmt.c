/* Bounded validator messages; see errfmt.h. */
#include "errfmt.h"

/* Append c, always keeping room for (and writing) the terminating NUL. */
static void put_char(struct errfmt *f, char c)
{
	if (f->len + 1 < f->cap) {
		f->buf[f->len++] = c;
		f->buf[f->len] = '\0';
	}
}

static void put_u64(struct errfmt *f, uint64_t v, unsigned int base)
{
	char digits[22]; /* reversed: 2^64 - 1 in decimal, or 16 hex digits and "x0" */
	size_t n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v != 0);
	if (base == 16) {
		digits[n++] = 'x';
		digits[n++] = '0';
	}
	while (n > 0)
		put_char(f, digits[--n]);
}

void errfmt_reset(struct errfmt *f)
{
	f->len = 0;
	if (f->cap)
		f->buf[0] = '\0';
}

void errfmt_put(struct errfmt *f, const char *fmt, const uint64_t *args)
{
	for (; *fmt != '\0'; fmt++) {
		if (fmt[0] == '%' && (fmt[1] == 'x' || fmt[1] == 'd')) {
			put_u64(f, *args++, fmt[1] == 'x' ? 16 : 10);
			fmt++;
		} else {
			put_char(f, *fmt);
		}
	}
}
