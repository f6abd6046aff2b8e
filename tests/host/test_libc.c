/*
 * Host tests for lib/libc: the string functions, erix_snprintf, the heap
 * (malloc and erix_heap_*), strtol/strtoul and the status names, built from
 * the same sources as the target library but natively, under ASan and UBSan.
 * libc_host.h (force-included) renames the library's functions, so <string.h>
 * here is lib/libc's and every call reaches EriX's code. Formatting cases are
 * checked against an expected string and, where C defines the result, against
 * the host's snprintf too. Output is TAP; the exit status is non-zero when any
 * test fails.
 */
#include <ctype.h>
#include <erix/fmt.h>
#include <erix/heap.h>
#include <erix/status.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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

static bool test_strchr_strrchr(void)
{
	const char *s = "a/b/c";
	CHECK(strchr(s, '/') == s + 1);
	CHECK(strrchr(s, '/') == s + 3);
	CHECK(strchr(s, 'x') == NULL && strrchr(s, 'x') == NULL);
	CHECK(strchr(s, '\0') == s + 5 && strrchr(s, '\0') == s + 5);
	CHECK(strchr(s, 0x100 + 'a') == s); /* c converts to char */
	CHECK(strrchr("", 'a') == NULL);
	return true;
}

static bool test_ctype(void)
{
	int digits = 0, spaces = 0, alpha = 0, xdigit = 0, print = 0;
	for (int c = -1; c < 256; c++) {
		digits += isdigit(c) != 0;
		spaces += isspace(c) != 0;
		alpha += isalpha(c) != 0;
		xdigit += isxdigit(c) != 0;
		print += isprint(c) != 0;
		CHECK(!isalnum(c) == !(isalpha(c) || isdigit(c)));
	}
	CHECK(digits == 10 && spaces == 6 && alpha == 52 && xdigit == 22 && print == 95);
	CHECK(isspace(' ') && isspace('\t') && isspace('\r') && !isspace('\0'));
	CHECK(toupper('q') == 'Q' && tolower('Q') == 'q' && toupper('1') == '1' &&
	      tolower(-1) == -1);
	return true;
}

static bool test_status_names(void)
{
	CHECK(strcmp(erix_status_name(ERIX_OK), "ok") == 0);
	CHECK(strcmp(erix_status_name(ERIX_E_NOT_FOUND), "not_found") == 0);
	CHECK(strcmp(erix_status_name(ERIX_E_INTERRUPTED), "interrupted") == 0);
	CHECK(strcmp(erix_status_name((enum erix_status)ERIX_STATUS_COUNT), "unknown") == 0);
	for (unsigned i = 0; i < ERIX_STATUS_COUNT; i++)
		for (unsigned j = 0; j < i; j++)
			CHECK(strcmp(erix_status_name((enum erix_status)i),
				     erix_status_name((enum erix_status)j)) != 0);
	return true;
}

/* strtol of s in base: the value, the bytes parsed and errno (0 when untouched). */
static bool long_case(int line, const char *s, int base, long want, size_t used, int want_errno)
{
	char *end = NULL;
	errno = 0;
	long v = strtol(s, &end, base);
	bool ok = v == want && end == s + used && errno == want_errno;
	if (!ok)
		printf("#   line %d: strtol(\"%s\", %d) = %ld, %zu used, errno %d\n", line, s, base,
		       v, (size_t)(end - s), errno);
	return ok;
}

static bool ulong_case(int line, const char *s, int base, unsigned long want, size_t used,
		       int want_errno)
{
	char *end = NULL;
	errno = 0;
	unsigned long v = strtoul(s, &end, base);
	bool ok = v == want && end == s + used && errno == want_errno;
	if (!ok)
		printf("#   line %d: strtoul(\"%s\", %d) = %lu, %zu used, errno %d\n", line, s,
		       base, v, (size_t)(end - s), errno);
	return ok;
}

#define LONG_CASE(...)                                                                             \
	do {                                                                                       \
		if (!long_case(__LINE__, __VA_ARGS__))                                             \
			return false;                                                              \
	} while (0)
#define ULONG_CASE(...)                                                                            \
	do {                                                                                       \
		if (!ulong_case(__LINE__, __VA_ARGS__))                                            \
			return false;                                                              \
	} while (0)

static bool test_strtol(void)
{
	LONG_CASE("42", 10, 42, 2, 0);
	LONG_CASE("  \t-17xyz", 10, -17, 6, 0);
	LONG_CASE("+8", 0, 8, 2, 0);
	LONG_CASE("0x1F", 0, 31, 4, 0);
	LONG_CASE("0X1f", 16, 31, 4, 0);
	LONG_CASE("1f", 16, 31, 2, 0);
	LONG_CASE("017", 0, 15, 3, 0);
	LONG_CASE("019", 0, 1, 2, 0); /* octal stops at 9 */
	LONG_CASE("0x", 0, 0, 1, 0);  /* "0" parsed; the x is not a prefix without a digit */
	LONG_CASE("0xg", 16, 0, 1, 0);
	LONG_CASE("zz", 36, 35 * 36 + 35, 2, 0);
	LONG_CASE("1010", 2, 10, 4, 0);
	LONG_CASE("", 10, 0, 0, 0); /* no digits: end is s */
	LONG_CASE("  -", 10, 0, 0, 0);
	LONG_CASE("- 5", 10, 0, 0, 0);
	LONG_CASE("9223372036854775807", 10, LONG_MAX, 19, 0);
	LONG_CASE("-9223372036854775808", 10, LONG_MIN, 20, 0);
	LONG_CASE("9223372036854775808", 10, LONG_MAX, 19, ERANGE);
	LONG_CASE("-9223372036854775809", 10, LONG_MIN, 20, ERANGE);
	LONG_CASE("99999999999999999999999999", 10, LONG_MAX, 26, ERANGE);
	LONG_CASE("12", 1, 0, 0, EINVAL);
	LONG_CASE("12", 37, 0, 0, EINVAL);
	LONG_CASE("12", -1, 0, 0, EINVAL);
	CHECK(strtol("77", NULL, 8) == 63);
	return true;
}

static bool test_strtoul(void)
{
	ULONG_CASE("18446744073709551615", 10, ULONG_MAX, 20, 0);
	ULONG_CASE("18446744073709551616", 10, ULONG_MAX, 20, ERANGE);
	ULONG_CASE("0xffffffffffffffff", 0, ULONG_MAX, 18, 0);
	ULONG_CASE("0x10000000000000000", 0, ULONG_MAX, 19, ERANGE);
	ULONG_CASE("-1", 10, ULONG_MAX, 2, 0); /* negated in unsigned arithmetic, as C says */
	ULONG_CASE("  +12 ", 10, 12, 5, 0);
	ULONG_CASE("x", 10, 0, 0, 0);
	ULONG_CASE("5", 40, 0, 0, EINVAL);
	return true;
}

/* ---- The heap ---------------------------------------------------------------------------- */

#define ARENA_BYTES 65536

/* The arena behind malloc in this test (erix_heap_default_arena). */
static _Alignas(16) unsigned char default_arena[ARENA_BYTES];

void erix_heap_default_arena(void **base, size_t *size)
{
	*base = default_arena;
	*size = sizeof(default_arena);
}

/* A heap over a fresh arena of `size` bytes, checked to start as one free block. */
static _Alignas(16) unsigned char arena[ARENA_BYTES];

static struct erix_heap fresh_heap(size_t size)
{
	struct erix_heap h;
	memset(arena, 0xa5, sizeof(arena));
	erix_heap_init(&h, arena, size);
	return h;
}

/* The heap's walk is consistent and it holds `free_bytes` free bytes in `free_blocks` blocks. */
static bool heap_is(const struct erix_heap *h, size_t free_bytes, size_t free_blocks)
{
	struct erix_heap_stats st;
	erix_heap_stats(h, &st);
	bool ok = st.consistent && st.free_bytes == free_bytes && st.free_blocks == free_blocks;
	if (!ok)
		printf("#   heap: consistent %d, %zu free bytes in %zu blocks, %zu used; want %zu "
		       "in %zu\n",
		       st.consistent, st.free_bytes, st.free_blocks, st.used_blocks, free_bytes,
		       free_blocks);
	return ok;
}

static bool test_heap_alignment(void)
{
	struct erix_heap h = fresh_heap(ARENA_BYTES);
	unsigned char *p[40];
	for (size_t i = 0; i < 40; i++) {
		p[i] = erix_heap_alloc(&h, i * 7);
		CHECK(p[i] != NULL && (uintptr_t)p[i] % 16 == 0);
		memset(p[i], (int)i, i * 7);
	}
	for (size_t i = 0; i < 40; i++)
		for (size_t j = 0; j < i * 7; j++)
			CHECK(p[i][j] == (unsigned char)i); /* no block overlaps another */
	CHECK(p[1] != p[0]);                                /* malloc(0) is a block of its own */
	for (size_t i = 0; i < 40; i++)
		erix_heap_free(&h, p[i]);
	CHECK(heap_is(&h, ARENA_BYTES, 1));
	struct erix_heap odd;
	erix_heap_init(&odd, arena + 3, 1000); /* unaligned base: trimmed */
	unsigned char *q = erix_heap_alloc(&odd, 10);
	CHECK(q != NULL && (uintptr_t)q % 16 == 0 && q >= arena + 3 && q + 10 <= arena + 1003);
	CHECK(odd.size % 16 == 0 && odd.size <= 1000 - 13);
	return true;
}

static bool test_heap_coalescing(void)
{
	struct erix_heap h = fresh_heap(ARENA_BYTES);
	void *a = erix_heap_alloc(&h, 100), *b = erix_heap_alloc(&h, 100);
	void *c = erix_heap_alloc(&h, 100), *d = erix_heap_alloc(&h, 100);
	size_t block = (size_t)((unsigned char *)b - (unsigned char *)a); /* 128: 112 + header */
	CHECK(block == 128);
	size_t tail = ARENA_BYTES - 4 * block;
	erix_heap_free(&h, a);
	erix_heap_free(&h, c);
	CHECK(heap_is(&h, tail + 2 * block, 3)); /* a, c and the tail stay apart */
	CHECK(erix_heap_alloc(&h, 200) == (unsigned char *)d + block); /* first fit skips them */
	erix_heap_free(&h, (unsigned char *)d + block);
	erix_heap_free(&h, b); /* merges with a before and c after */
	CHECK(heap_is(&h, tail + 3 * block, 2));
	CHECK(erix_heap_alloc(&h, 3 * block - 16) == a); /* the merged block is whole */
	erix_heap_free(&h, a);
	erix_heap_free(&h, d); /* merges both ways again */
	CHECK(heap_is(&h, ARENA_BYTES, 1));
	struct erix_heap_stats st;
	erix_heap_stats(&h, &st);
	CHECK(st.largest_free == ARENA_BYTES - 16 && st.used_blocks == 0);
	return true;
}

static bool test_heap_exhaustion(void)
{
	struct erix_heap h = fresh_heap(4096);
	void *p[300];
	size_t n = 0;
	while (n < 300 && (p[n] = erix_heap_alloc(&h, 24)) != NULL)
		n++;
	CHECK(n == 4096 / 48); /* 24 bytes take a 48-byte block */
	CHECK(erix_heap_alloc(&h, 1) == NULL);
	CHECK(heap_is(&h, 0, 0)); /* the last block took the 16 bytes too few to split off */
	for (size_t i = 0; i < n; i += 2)
		erix_heap_free(&h, p[i]);
	CHECK(erix_heap_alloc(&h, 60) == NULL); /* half the heap free, but no 80-byte hole */
	for (size_t i = 1; i < n; i += 2)
		erix_heap_free(&h, p[i]);
	CHECK(heap_is(&h, 4096, 1)); /* nothing lost */
	CHECK(erix_heap_alloc(&h, 4096 - 16) != NULL);
	h = fresh_heap(4096);
	CHECK(erix_heap_alloc(&h, 4096) == NULL);
	CHECK(erix_heap_alloc(&h, SIZE_MAX) == NULL && erix_heap_alloc(&h, SIZE_MAX - 16) == NULL);
	CHECK(heap_is(&h, 4096, 1));
	struct erix_heap tiny;
	erix_heap_init(&tiny, arena, 31);
	CHECK(erix_heap_alloc(&tiny, 0) == NULL && tiny.size == 0);
	erix_heap_init(&tiny, NULL, 4096);
	CHECK(erix_heap_alloc(&tiny, 0) == NULL);
	return true;
}

static bool test_heap_bad_free(void)
{
	struct erix_heap h = fresh_heap(ARENA_BYTES);
	unsigned char *a = erix_heap_alloc(&h, 64), *b = erix_heap_alloc(&h, 64);
	unsigned char outside[32];
	erix_heap_free(&h, NULL); /* allowed, not counted */
	erix_heap_free(&h, a);
	size_t free_before = h.free_bytes;
	erix_heap_free(&h, a); /* double free */
	erix_heap_free(&h, b + 16);
	erix_heap_free(&h, b + 1);
	erix_heap_free(&h, outside);
	erix_heap_free(&h, arena);
	CHECK(h.bad_frees == 5 && h.free_bytes == free_before);
	CHECK(erix_heap_realloc(&h, a, 10) == NULL && h.bad_frees == 6);
	erix_heap_free(&h, b);
	CHECK(heap_is(&h, ARENA_BYTES, 1));
	erix_heap_free(&h, b); /* its header was merged away: still refused */
	CHECK(h.bad_frees == 7 && heap_is(&h, ARENA_BYTES, 1));
	memcpy(a + 64, b - 16, 16); /* a forged copy of a header elsewhere does not check */
	CHECK(erix_heap_alloc(&h, 1000) == a);
	erix_heap_free(&h, a + 80);
	CHECK(h.bad_frees == 8);
	return true;
}

static bool test_heap_realloc(void)
{
	struct erix_heap h = fresh_heap(ARENA_BYTES);
	unsigned char *p = erix_heap_realloc(&h, NULL, 40); /* NULL: allocates */
	CHECK(p != NULL);
	for (int i = 0; i < 40; i++)
		p[i] = (unsigned char)i;
	CHECK(erix_heap_realloc(&h, p, 400) == p); /* grows into the free block after it */
	unsigned char *fence = erix_heap_alloc(&h, 16);
	CHECK(fence == p + 416);
	unsigned char *q = erix_heap_realloc(&h, p, 1000); /* must move */
	CHECK(q != NULL && q != p);
	for (int i = 0; i < 40; i++)
		CHECK(q[i] == (unsigned char)i);
	CHECK(erix_heap_realloc(&h, q, 8) == q); /* shrinks in place, the tail freed */
	CHECK(erix_heap_alloc(&h, 900) == q + 32);
	CHECK(erix_heap_realloc(&h, q, ARENA_BYTES) == NULL); /* fails: q untouched */
	CHECK(q[0] == 0 && q[7] == 7);
	CHECK(erix_heap_realloc(&h, q, SIZE_MAX) == NULL);
	CHECK(erix_heap_realloc(&h, q, 0) == NULL); /* frees */
	erix_heap_free(&h, q);
	CHECK(h.bad_frees == 1); /* so that was a double free */
	erix_heap_free(&h, fence);
	erix_heap_free(&h, q + 32);
	erix_heap_free(&h, p); /* p was freed when it moved */
	CHECK(h.bad_frees == 2 && heap_is(&h, ARENA_BYTES, 1));
	return true;
}

/* 20000 random operations against a record of every live block's size and fill byte. */
static bool test_heap_random(void)
{
	struct erix_heap h = fresh_heap(ARENA_BYTES);
	struct {
		unsigned char *p;
		size_t n;
	} live[64] = {0};
	uint32_t seed = 12345;
	for (int round = 0; round < 20000; round++) {
		seed = seed * 1103515245u + 12345u;
		size_t i = (seed >> 8) % 64, n = (seed >> 16) % 3000;
		if (live[i].p != NULL) {
			for (size_t j = 0; j < live[i].n; j++)
				CHECK(live[i].p[j] == (unsigned char)i);
			if (round % 3 == 0) {
				unsigned char *q = erix_heap_realloc(&h, live[i].p, n);
				if (q == NULL && n != 0)
					continue; /* failed: the old block stays */
				live[i].p = q;
				live[i].n = n < live[i].n ? n : live[i].n;
			} else {
				erix_heap_free(&h, live[i].p);
				live[i].p = NULL;
				continue;
			}
		} else if ((live[i].p = erix_heap_alloc(&h, n)) == NULL) {
			continue;
		}
		if (live[i].p != NULL) {
			memset(live[i].p, (int)i, n);
			live[i].n = n;
		}
	}
	for (size_t i = 0; i < 64; i++)
		erix_heap_free(&h, live[i].p);
	CHECK(h.bad_frees == 0 && heap_is(&h, ARENA_BYTES, 1));
	return true;
}

static bool test_malloc_calloc(void)
{
	struct erix_heap_stats before, after;
	erix_heap_stats(erix_heap_default(), &before);
	CHECK(before.arena_bytes == ARENA_BYTES);
	unsigned char *p = malloc(256);
	CHECK(p != NULL && p >= default_arena && p + 256 <= default_arena + ARENA_BYTES);
	memset(p, 0xff, 256);
	free(p);
	unsigned char *z = calloc(16, 16); /* reuses the dirty block, zeroed */
	CHECK(z == p);
	for (int i = 0; i < 256; i++)
		CHECK(z[i] == 0);
	CHECK(calloc(SIZE_MAX / 2 + 1, 2) == NULL); /* the product overflows */
	CHECK(calloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
	CHECK(calloc(ARENA_BYTES, 1) == NULL);
	void *zero = calloc(0, 8);
	CHECK(zero != NULL);
	unsigned char *r = realloc(z, 4000);
	CHECK(r != NULL && r[255] == 0);
	free(zero);
	free(r);
	free(r);
	erix_heap_stats(erix_heap_default(), &after);
	CHECK(after.bad_frees == before.bad_frees + 1);
	CHECK(after.consistent && after.free_bytes == before.free_bytes);
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
	{"strchr and strrchr", test_strchr_strrchr},
	{"ctype classes", test_ctype},
	{"erix_status_name", test_status_names},
	{"strtol: bases, signs, limits, no digits, bad base", test_strtol},
	{"strtoul: limits and overflow", test_strtoul},
	{"heap: 16-byte alignment, no overlap, unaligned arena", test_heap_alignment},
	{"heap: first fit, splitting and coalescing", test_heap_coalescing},
	{"heap: exhaustion gives NULL and loses nothing", test_heap_exhaustion},
	{"heap: double and wild frees are refused and counted", test_heap_bad_free},
	{"heap: realloc grows, moves, shrinks, fails cleanly", test_heap_realloc},
	{"heap: 20000 random operations keep every block intact", test_heap_random},
	{"malloc, calloc (zeroing, overflow), realloc, free", test_malloc_calloc},
};

int main(void)
{
	return tap_run(tests, sizeof(tests) / sizeof(tests[0])) != 0;
}
