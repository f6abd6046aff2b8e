/*
 * Host tests for lib/libc: the string functions and erix_snprintf, built from
 * the same sources as the target library but natively, under ASan and UBSan.
 * libc_host.h (force-included) renames the library's functions, so <string.h>
 * here is lib/libc's and every call reaches EriX's code. Formatting cases are
 * checked against an expected string and, where C defines the result, against
 * the host's snprintf too. Output is TAP; the exit status is non-zero when any
 * test fails.
 */
#include <erix/fmt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tap.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("#   line %d: check failed: %s\n", __LINE__, #cond);                \
			return false;                                                              \
		}                                                                                  \
	} while (0)

/* A formatting case: EriX's output must be `expect`, and so must the host's. */
#define FMT(expect, ...)                                                                           \
	do {                                                                                       \
		if (!fmt_case(__LINE__, expect, true, __VA_ARGS__))                                \
			return false;                                                              \
	} while (0)

/* A formatting case where EriX differs from the host on purpose, or C leaves it open. */
#define FMT_OURS(expect, ...)                                                                      \
	do {                                                                                       \
		if (!fmt_case(__LINE__, expect, false, __VA_ARGS__))                               \
			return false;                                                              \
	} while (0)

/*
 * Format with both erix_vsnprintf and the host's vsnprintf and compare. Not
 * declared with a format attribute, so cases may use combinations the
 * compiler would warn about (ignored flags, unknown conversions).
 */
static bool fmt_case(int line, const char *expect, bool host_too, const char *fmt, ...)
{
	char ours[256], host[256] = "(not asked)";
	int hn = -1;
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = erix_vsnprintf(ours, sizeof(ours), fmt, ap);
	if (host_too)
		hn = vsnprintf(host, sizeof(host), fmt, ap2);
	va_end(ap2);
	va_end(ap);
	bool ok = strcmp(ours, expect) == 0 && n == (int)strlen(expect);
	if (host_too)
		ok = ok && strcmp(host, expect) == 0 && hn == n;
	if (!ok)
		printf("#   line %d: format \"%s\": got \"%s\" (%d), host \"%s\" (%d), want "
		       "\"%s\"\n",
		       line, fmt, ours, n, host, hn, expect);
	return ok;
}

/* erix_vsnprintf without the format attribute, for formats the compiler would refuse. */
static int fmt_raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = erix_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static bool test_memcpy_memset(void)
{
	char a[16], b[16] = "abcdefghijklmno";
	CHECK(memset(a, 'x', sizeof(a)) == a);
	CHECK(a[0] == 'x' && a[15] == 'x');
	CHECK(memset(a, 0x1ff, 3) == a && (unsigned char)a[2] == 0xff && a[3] == 'x');
	CHECK(memcpy(a, b, 0) == a && a[0] == (char)0xff);
	CHECK(memcpy(a, b, sizeof(b)) == a);
	CHECK(memcmp(a, b, sizeof(b)) == 0);
	return true;
}

/* memmove against a reference through a scratch copy, every offset and length up to 24. */
static bool test_memmove_overlap(void)
{
	unsigned char buf[48], want[48], tmp[48];
	for (size_t src = 0; src < 24; src++)
		for (size_t dst = 0; dst < 24; dst++)
			for (size_t n = 0; n <= 24; n++) {
				for (size_t i = 0; i < sizeof(buf); i++)
					buf[i] = want[i] = (unsigned char)(i * 7 + 1);
				for (size_t i = 0; i < n; i++)
					tmp[i] = want[src + i];
				for (size_t i = 0; i < n; i++)
					want[dst + i] = tmp[i];
				CHECK(memmove(buf + dst, buf + src, n) == buf + dst);
				if (memcmp(buf, want, sizeof(buf)) != 0) {
					printf("#   memmove(dst %zu, src %zu, n %zu)\n", dst, src,
					       n);
					return false;
				}
			}
	return true;
}

static bool test_memcmp_memchr(void)
{
	const char *s = "abc\0def";
	CHECK(memcmp("abc", "abd", 3) < 0);
	CHECK(memcmp("abd", "abc", 3) > 0);
	CHECK(memcmp("abc", "abd", 2) == 0);
	CHECK(memcmp("\x80", "\x01", 1) > 0); /* bytes compare as unsigned char */
	CHECK(memcmp("x", "y", 0) == 0);
	CHECK(memchr(s, 'e', 7) == s + 5);
	CHECK(memchr(s, '\0', 7) == s + 3);
	CHECK(memchr(s, 'e', 5) == NULL);
	CHECK(memchr(s, 0x100 + 'b', 7) == s + 1); /* c converts to unsigned char */
	CHECK(memchr(s, 'a', 0) == NULL);
	return true;
}

static bool test_strlen_strnlen(void)
{
	char unterminated[4] = {'a', 'b', 'c', 'd'};
	CHECK(strlen("") == 0);
	CHECK(strlen("hello") == 5);
	CHECK(strnlen("hello", 3) == 3);
	CHECK(strnlen("hello", 99) == 5);
	CHECK(strnlen("hello", 0) == 0);
	CHECK(strnlen(unterminated, sizeof(unterminated)) == 4); /* ASan: no read past the end */
	return true;
}

static bool test_strcmp_strncmp(void)
{
	CHECK(strcmp("", "") == 0);
	CHECK(strcmp("abc", "abc") == 0);
	CHECK(strcmp("abc", "abd") < 0);
	CHECK(strcmp("ab", "abc") < 0);
	CHECK(strcmp("abc", "ab") > 0);
	CHECK(strcmp("\xff", "a") > 0); /* unsigned char */
	CHECK(strncmp("abcx", "abcy", 3) == 0);
	CHECK(strncmp("abcx", "abcy", 4) < 0);
	CHECK(strncmp("ab", "ab", 10) == 0); /* stops at the NUL */
	CHECK(strncmp("a", "b", 0) == 0);
	CHECK(strncmp("\x80", "\x7f", 1) > 0);
	return true;
}

static bool test_fmt_integers(void)
{
	FMT("0 -1 42", "%d %i %d", 0, -1, 42);
	FMT("-2147483648 2147483647", "%d %d", INT_MIN, INT_MAX);
	FMT("4294967295", "%u", UINT_MAX);
	FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
	FMT("9223372036854775807", "%ld", (long)INT64_MAX);
	FMT("18446744073709551615", "%llu", (unsigned long long)UINT64_MAX);
	FMT("ffffffffffffffff", "%llx", (unsigned long long)UINT64_MAX);
	FMT("deadbeef DEADBEEF 0", "%x %X %x", 0xdeadbeefu, 0xdeadbeefu, 0u);
	FMT("18446744073709551615", "%zu", (size_t)SIZE_MAX);
	FMT("-5", "%zd", (ptrdiff_t)-5);
	FMT("-1 65535 255 1", "%hhd %hu %hhu %hu", 255, 65535, -1, 65537);
	FMT("-9223372036854775808", "%zd", (ptrdiff_t)INT64_MIN);
	return true;
}

static bool test_fmt_width(void)
{
	FMT("   42|", "%5d|", 42);
	FMT("42   |", "%-5d|", 42);
	FMT("00042 -0042", "%05d %05d", 42, -42);
	FMT("0000beef", "%08x", 0xbeefu);
	FMT("42", "%1d", 42);
	FMT("  007 007", "%5.3d %.3d", 7, 7);
	FMT("[] [   ]", "[%.0d] [%3.0d]", 0, 0);
	FMT("   -7", "%05.1d", -7);   /* a precision turns the '0' flag off */
	FMT("-42  |", "%-05d|", -42); /* '-' wins over '0' */
	FMT("    -9223372036854775808", "%24lld", (long long)INT64_MIN);
	FMT("-00009223372036854775808", "%024lld", (long long)INT64_MIN);
	FMT("    9|9    |", "%*d|%-*d|", 5, 9, 5, 9);
	FMT("9    |", "%*d|", -5, 9); /* a negative '*' width means '-' */
	FMT("  005", "%*.*d", 5, 3, 5);
	FMT("5", "%.*d", -1, 5); /* a negative '*' precision is none */
	return true;
}

static bool test_fmt_text(void)
{
	FMT("a|  b|c  |", "%c|%3c|%-3c|", 'a', 'b', 'c');
	FMT("hello|  hi|hi  |", "%s|%4s|%-4s|", "hello", "hi", "hi");
	FMT("he|   he", "%.2s|%5.2s", "hello", "hello");
	FMT("hel", "%.*s", 3, "hello");
	FMT("100% sure", "100%% sure");
	FMT("0x1234 0xabcdef", "%p %p", (void *)0x1234, (void *)0xabcdef);
	FMT("  0x1234|0x1234  |", "%8p|%-8p|", (void *)0x1234, (void *)0x1234);
	FMT_OURS("0x0", "%p", (void *)NULL); /* glibc prints (nil) */
	FMT_OURS("(null)", "%s", (const char *)NULL);
	FMT_OURS("[%y] [%5q]", "[%y] [%5q]"); /* unknown conversions print as written */
	FMT_OURS("tail %", "tail %");         /* a format that ends in the middle of one */
	FMT_OURS("%l", "%l");
	return true;
}

static bool test_fmt_truncation(void)
{
	char buf[8];
	memset(buf, '#', sizeof(buf));
	CHECK(erix_snprintf(buf, 5, "hello world") == 11);
	CHECK(strcmp(buf, "hell") == 0 && buf[5] == '#');
	memset(buf, '#', sizeof(buf));
	CHECK(erix_snprintf(buf, 4, "%d", 123456) == 6);
	CHECK(strcmp(buf, "123") == 0 && buf[4] == '#');
	memset(buf, '#', sizeof(buf));
	CHECK(erix_snprintf(buf, 1, "%s", "abc") == 3);
	CHECK(buf[0] == '\0' && buf[1] == '#');
	CHECK(erix_snprintf(NULL, 0, "%lld", (long long)INT64_MIN) == 20);
	memset(buf, '#', sizeof(buf));
	CHECK(erix_snprintf(buf, 0, "abc") == 3 && buf[0] == '#');
	CHECK(erix_snprintf(buf, sizeof(buf), "%7s", "x") == 7);
	CHECK(strcmp(buf, "      x") == 0);
	CHECK(erix_snprintf(buf, sizeof(buf), "%8s", "x") == 8);
	CHECK(strcmp(buf, "       ") == 0);
	CHECK(erix_snprintf(buf, sizeof(buf), "%s", "") == 0 && buf[0] == '\0');
	return true;
}

static bool test_fmt_width_cap(void)
{
	char buf[4];
	CHECK(fmt_raw(buf, sizeof(buf), "%99999999999999999999d", 1) == ERIX_FMT_MAX_WIDTH);
	CHECK(strcmp(buf, "   ") == 0);
	CHECK(fmt_raw(buf, sizeof(buf), "%*d", INT_MIN, 1) == ERIX_FMT_MAX_WIDTH);
	CHECK(strcmp(buf, "1  ") == 0);
	CHECK(erix_snprintf(buf, sizeof(buf), "%.99999d", 1) == ERIX_FMT_MAX_WIDTH);
	CHECK(strcmp(buf, "000") == 0);
	return true;
}

static const struct tap_test tests[] = {
	{"memcpy and memset", test_memcpy_memset},
	{"memmove, every overlap", test_memmove_overlap},
	{"memcmp and memchr", test_memcmp_memchr},
	{"strlen and strnlen", test_strlen_strnlen},
	{"strcmp and strncmp", test_strcmp_strncmp},
	{"fmt: integers and length modifiers", test_fmt_integers},
	{"fmt: width, precision and flags", test_fmt_width},
	{"fmt: characters, strings, pointers, unknown", test_fmt_text},
	{"fmt: truncation and return value", test_fmt_truncation},
	{"fmt: huge widths are capped", test_fmt_width_cap},
};

int main(void)
{
	return tap_run(tests, sizeof(tests) / sizeof(tests[0])) != 0;
}
