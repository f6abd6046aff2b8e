/*
 * strtol and strtoul (stdlib.h). Both read the text once into a magnitude,
 * a sign and an overflow flag (struct number); each then applies its own
 * range. errno lives here: these are the only library functions that set it.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

int errno;

/* What the text held: the magnitude (saturated), its sign, where parsing stopped. */
struct number {
	unsigned long magnitude;
	bool negative;
	bool overflow; /* the magnitude exceeded ULONG_MAX */
	const char *end;
};

/* The value of digit c, or 36 (no digit in any base) when c is not one. */
static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 36;
}

/* The base `base` means for the text at s (0: from its prefix), and s past a 0x prefix. */
static int settle_base(const char **s, int base)
{
	bool hex_prefix = (*s)[0] == '0' && tolower((*s)[1]) == 'x' && digit_value((*s)[2]) < 16;
	if ((base == 0 || base == 16) && hex_prefix) {
		*s += 2;
		return 16;
	}
	if (base == 0)
		return (*s)[0] == '0' ? 8 : 10;
	return base;
}

/* Parse s into *n; false (n->end = s) when no digit follows the space and sign. */
static bool parse(const char *s, int base, struct number *n)
{
	const char *p = s;
	*n = (struct number){.end = s};
	while (isspace((unsigned char)*p))
		p++;
	if (*p == '+' || *p == '-')
		n->negative = *p++ == '-';
	base = settle_base(&p, base);
	if (digit_value((unsigned char)*p) >= base)
		return false;
	for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
		if (n->magnitude > (ULONG_MAX - (unsigned long)d) / (unsigned long)base)
			n->overflow = true;
		else
			n->magnitude = n->magnitude * (unsigned long)base + (unsigned long)d;
	}
	n->end = p;
	return true;
}

/* Parse with `base` checked; false (errno EINVAL for a bad base) when there is no number. */
static bool parse_checked(const char *s, char **end, int base, struct number *n)
{
	bool ok = false;
	if (base == 0 || (base >= 2 && base <= 36))
		ok = parse(s, base, n);
	else
		errno = EINVAL;
	if (end != NULL)
		*end = (char *)(ok ? n->end : s);
	return ok;
}

long strtol(const char *s, char **end, int base)
{
	struct number n;
	if (!parse_checked(s, end, base, &n))
		return 0;
	unsigned long limit = n.negative ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
	if (n.overflow || n.magnitude > limit) {
		errno = ERANGE;
		return n.negative ? LONG_MIN : LONG_MAX;
	}
	return n.negative ? (long)(0 - n.magnitude) : (long)n.magnitude;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	struct number n;
	if (!parse_checked(s, end, base, &n))
		return 0;
	if (n.overflow) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return n.negative ? 0 - n.magnitude : n.magnitude;
}
