/*
 * erix_vsnprintf: a small printf engine for user programs (see erix/fmt.h).
 *
 * Output goes through a sink that counts every byte produced but stores only
 * what fits before the final NUL, so truncation needs no special cases and
 * the return value is the untruncated length. Each conversion is parsed into
 * a struct spec, then printed as a field: optional sign or 0x prefix, zeros
 * from the precision or the '0' flag, the digits, and space padding to the
 * width on the left or right. Integers are widened to unsigned long long
 * (a negative value keeps its magnitude and a separate sign), so INT64_MIN
 * needs no overflowing negation.
 */
#include <erix/fmt.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Where output goes: the buffer, its size, and the bytes produced so far. */
struct sink {
	char *buf;
	size_t size;
	size_t len; /* counts bytes that did not fit as well */
};

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

/* One parsed conversion specification. */
struct spec {
	bool left;          /* '-': pad on the right */
	bool zero;          /* '0': pad numbers with zeros */
	int width;          /* minimum field width; 0 for none */
	int prec;           /* precision; -1 for none */
	enum length length; /* the length modifier */
	char conv;          /* the conversion character; NUL if the format ended */
};

/* Append one byte to the sink, storing it only if it fits before the NUL. */
static void put_char(struct sink *s, char c)
{
	if (s->size && s->len < s->size - 1)
		s->buf[s->len] = c;
	s->len++;
}

/* Append n bytes. */
static void put_bytes(struct sink *s, const char *p, size_t n)
{
	while (n--)
		put_char(s, *p++);
}

/* Append c n times; nothing when n <= 0. */
static void put_repeat(struct sink *s, char c, int n)
{
	for (; n > 0; n--)
		put_char(s, c);
}

/* Clamp a width or precision to [0, ERIX_FMT_MAX_WIDTH]. */
static int clamp_count(long long v)
{
	if (v < 0)
		return 0;
	return v > ERIX_FMT_MAX_WIDTH ? ERIX_FMT_MAX_WIDTH : (int)v;
}

/* Parse the decimal digits at *f (capped), advancing *f past them. */
static int parse_digits(const char **f)
{
	long long v = 0;
	for (; **f >= '0' && **f <= '9'; (*f)++)
		if (v <= ERIX_FMT_MAX_WIDTH)
			v = v * 10 + (**f - '0');
	return clamp_count(v);
}

/* Parse the flags and width at f into sp; returns the position after them. */
static const char *parse_width(const char *f, struct spec *sp, va_list *ap)
{
	for (;; f++) {
		if (*f == '-')
			sp->left = true;
		else if (*f == '0')
			sp->zero = true;
		else
			break;
	}
	if (*f == '*') {
		int w = va_arg(*ap, int);
		if (w < 0)
			sp->left = true;
		sp->width = clamp_count(w < 0 ? -(long long)w : w);
		return f + 1;
	}
	sp->width = parse_digits(&f);
	return f;
}

/* Parse an optional precision at f into sp; returns the position after it. */
static const char *parse_precision(const char *f, struct spec *sp, va_list *ap)
{
	sp->prec = -1;
	if (*f != '.')
		return f;
	f++;
	if (*f == '*') {
		int p = va_arg(*ap, int);
		sp->prec = p < 0 ? -1 : clamp_count(p);
		return f + 1;
	}
	sp->prec = parse_digits(&f);
	return f;
}

/* Parse an optional length modifier at f into sp; returns the position after it. */
static const char *parse_length(const char *f, struct spec *sp)
{
	sp->length = LEN_INT;
	if (f[0] == 'h' && f[1] == 'h') {
		sp->length = LEN_CHAR;
		return f + 2;
	}
	if (f[0] == 'l' && f[1] == 'l') {
		sp->length = LEN_LLONG;
		return f + 2;
	}
	if (*f == 'h')
		sp->length = LEN_SHORT;
	else if (*f == 'l')
		sp->length = LEN_LONG;
	else if (*f == 'z')
		sp->length = LEN_SIZE;
	else
		return f;
	return f + 1;
}

/* Parse the specification after a '%' at f into sp; returns the position after it. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){0};
	f = parse_width(f, sp, ap);
	f = parse_precision(f, sp, ap);
	f = parse_length(f, sp);
	sp->conv = *f;
	return *f ? f + 1 : f;
}

/* Fetch an unsigned argument of the spec's length. */
static unsigned long long fetch_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Fetch a signed argument of the spec's length. */
static long long fetch_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return va_arg(*ap, ptrdiff_t); /* the signed type the size of size_t */
	default:
		return va_arg(*ap, int);
	}
}

/* Print text as a field: space padding to the width, left or right. */
static void put_text(struct sink *s, const struct spec *sp, const char *p, size_t n)
{
	int pad = (size_t)sp->width > n ? sp->width - (int)n : 0;
	if (!sp->left)
		put_repeat(s, ' ', pad);
	put_bytes(s, p, n);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

/* Print v in base 10 or 16 as a field, after prefix ("", "-" or "0x"). */
static void put_number(struct sink *s, const struct spec *sp, unsigned long long v, unsigned base,
		       const char *prefix)
{
	const char *set = sp->conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[24]; /* 2^64 has 20 decimal digits */
	int n = 0, plen = (int)strlen(prefix), zeros = 0, pad;
	for (; v; v /= base)
		digits[n++] = set[v % base];
	if (n == 0 && sp->prec != 0)
		digits[n++] = '0';
	if (sp->prec > n)
		zeros = sp->prec - n;
	else if (sp->prec < 0 && sp->zero && !sp->left && sp->width > plen + n)
		zeros = sp->width - plen - n;
	pad = sp->width - plen - zeros - n;
	if (!sp->left)
		put_repeat(s, ' ', pad);
	put_bytes(s, prefix, (size_t)plen);
	put_repeat(s, '0', zeros);
	while (n)
		put_char(s, digits[--n]);
	if (sp->left)
		put_repeat(s, ' ', pad);
}

/* Print a signed decimal conversion. */
static void put_signed(struct sink *s, const struct spec *sp, long long v)
{
	/* The magnitude in unsigned arithmetic: well defined for LLONG_MIN too. */
	unsigned long long mag = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	put_number(s, sp, mag, 10, v < 0 ? "-" : "");
}

/* Print one conversion; start is its '%', for printing an unknown one as written. */
static void put_conversion(struct sink *s, const struct spec *sp, const char *start,
			   const char *end, va_list *ap)
{
	char c;
	const char *str;
	switch (sp->conv) {
	case 'c':
		c = (char)va_arg(*ap, int);
		put_text(s, sp, &c, 1);
		break;
	case 's':
		str = va_arg(*ap, const char *);
		if (str == NULL)
			str = "(null)";
		put_text(s, sp, str, sp->prec < 0 ? strlen(str) : strnlen(str, (size_t)sp->prec));
		break;
	case 'd':
	case 'i':
		put_signed(s, sp, fetch_signed(sp, ap));
		break;
	case 'u':
		put_number(s, sp, fetch_unsigned(sp, ap), 10, "");
		break;
	case 'x':
	case 'X':
		put_number(s, sp, fetch_unsigned(sp, ap), 16, "");
		break;
	case 'p':
		put_number(s, sp, (uintptr_t)va_arg(*ap, void *), 16, "0x");
		break;
	case '%':
		put_char(s, '%');
		break;
	default:
		put_bytes(s, start, (size_t)(end - start));
		break;
	}
}

int erix_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sink s = {buf, size, 0};
	struct spec sp;
	va_list args;
	va_copy(args, ap); /* a va_list parameter cannot portably be passed by address */
	while (*fmt) {
		if (*fmt != '%') {
			put_char(&s, *fmt++);
			continue;
		}
		const char *start = fmt;
		fmt = parse_spec(fmt + 1, &sp, &args);
		put_conversion(&s, &sp, start, fmt, &args);
	}
	va_end(args);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return s.len > INT_MAX ? INT_MAX : (int)s.len;
}

int erix_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = erix_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
