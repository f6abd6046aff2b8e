/*
 * Host benchmark of the IDL-generated codecs (docs/PERF.md).
 *
 * For three representative requests of tests/codegen/sample.idl it times N
 * iterations of encode into a struct erix_msg followed by decode back into the
 * typed struct, and N iterations of a plain memcpy of the same number of wire
 * bytes (msg.length). A compiler barrier after every iteration keeps either
 * loop from being elided or merged. Both loops check their result once, after
 * the loop (every status is OR-ed in; the last decode must give back the last
 * request), so neither carries per-iteration checking the other lacks. Each
 * measurement is repeated REPEATS times (codec and memcpy interleaved) and
 * the median ns/message reported.
 *
 * Usage: bench-codec [ITERATIONS]   (default 2000000)
 *        bench-codec --untimed MESSAGE ITERATIONS
 * The second form runs one message's codec loop and then its memcpy loop,
 * once each, untimed: tests/bench/instructions.py counts their instructions
 * under callgrind.
 * Exit status: 0, or 1 when a decode fails or does not give back what was
 * encoded, or on a bad argument.
 */
#define _POSIX_C_SOURCE 199309L

#include "sample.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_ITERS 2000000ul
#define REPEATS       5

/* Make the compiler assume *p is read and memory is changed: nothing is elided. */
#define BARRIER(p) __asm__ volatile("" : : "r"(p) : "memory")

/* The loops stay functions of their own: callgrind counts them by name. */
#define LOOP __attribute__((noinline))

/* 40 bytes, no NUL: the name of the lookup request. */
static const char lookup_name[] = "/svc/storage/ext2/volumes/root-partition";
_Static_assert(sizeof(lookup_name) - 1 == 40, "lookup name is 40 bytes");

struct bench {
	const char *name;
	/* Run n encode+decode round trips; false when one went wrong. */
	bool (*codec)(unsigned long n);
	uint32_t wire_bytes;
	double codec_ns;
	double memcpy_ns;
};

static struct erix_msg msg;

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Run b's codec n times; on a failed or wrong decode, say so and exit 1. */
static void run_codec(const struct bench *b, unsigned long n)
{
	if (!b->codec(n)) {
		printf("bench: error: %s: decode failed or did not give back what was encoded\n",
		       b->name);
		exit(1);
	}
}

LOOP static bool codec_add(unsigned long n)
{
	struct sample_add_req in = {.a = 0, .b = 0x0123456789abcdefull};
	struct sample_add_req out;
	unsigned bad = 0;
	for (unsigned long i = 0; i < n; i++) {
		in.a = (uint32_t)i;
		bad |= sample_add_req_encode(&in, &msg) | sample_add_req_decode(&msg, &out);
		BARRIER(&msg);
		BARRIER(&out);
	}
	return bad == ERIX_OK && out.a == in.a && out.b == in.b;
}

LOOP static bool codec_lookup(unsigned long n)
{
	struct sample_lookup_req in = {
		.name = lookup_name,
		.name_len = (uint16_t)(sizeof(lookup_name) - 1),
		.exact = false,
		.hint = SAMPLE_COLOUR_GREEN,
	};
	struct sample_lookup_req out = {0};
	unsigned bad = 0;
	for (unsigned long i = 0; i < n; i++) {
		in.exact = (i & 1) != 0;
		bad |= sample_lookup_req_encode(&in, &msg) | sample_lookup_req_decode(&msg, &out);
		BARRIER(&msg);
		BARRIER(&out);
	}
	return bad == ERIX_OK && out.name_len == in.name_len && out.exact == in.exact &&
	       memcmp(out.name, lookup_name, sizeof(lookup_name) - 1) == 0;
}

LOOP static bool codec_share(unsigned long n)
{
	struct sample_share_req in = {.buffer = 0, .dims = {640, 480, 4}};
	struct sample_share_req out;
	unsigned bad = 0;
	for (unsigned long i = 0; i < n; i++) {
		in.buffer = (erix_cptr_t)i;
		bad |= sample_share_req_encode(&in, &msg) | sample_share_req_decode(&msg, &out);
		BARRIER(&msg);
		BARRIER(&out);
	}
	return bad == ERIX_OK && out.buffer == in.buffer &&
	       memcmp(out.dims, in.dims, sizeof(in.dims)) == 0;
}

/* N copies of len bytes from one buffer to another. */
LOOP static void copy_loop(unsigned long n, uint32_t len)
{
	static _Alignas(8) uint8_t src[ERIX_MSG_MAX_BYTES];
	static _Alignas(8) uint8_t dst[ERIX_MSG_MAX_BYTES];
	memcpy(src, msg.bytes, len);
	BARRIER(src);
	for (unsigned long i = 0; i < n; i++) {
		memcpy(dst, src, len);
		BARRIER(dst);
	}
	if (memcmp(dst, src, len) != 0) {
		printf("bench: error: memcpy baseline mismatch\n");
		exit(1);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static void run(struct bench *b, unsigned long n)
{
	double codec[REPEATS], copy[REPEATS];

	/* Warm up caches and branch predictors, and learn the wire size. */
	run_codec(b, n / 10 + 1);
	b->wire_bytes = msg.length;
	uint32_t len = b->wire_bytes;
	copy_loop(n / 10 + 1, len);

	for (int r = 0; r < REPEATS; r++) {
		double t0 = now_ns();
		run_codec(b, n);
		double t1 = now_ns();
		copy_loop(n, len);
		double t2 = now_ns();
		codec[r] = (t1 - t0) / (double)n;
		copy[r] = (t2 - t1) / (double)n;
	}
	b->codec_ns = median(codec, REPEATS);
	b->memcpy_ns = median(copy, REPEATS);
}

/* Parse a positive iteration count; false (and a message) when arg is not one. */
static bool parse_count(const char *arg, unsigned long *n)
{
	char *end;
	*n = strtoul(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || *n == 0) {
		fprintf(stderr, "bench: bad iteration count '%s'\n", arg);
		return false;
	}
	return true;
}

/* One message's two loops, n iterations each, untimed (for an instruction count). */
static int run_untimed(const struct bench *benches, size_t count, const char *name,
		       const char *iterations)
{
	unsigned long n;
	if (!parse_count(iterations, &n))
		return 1;
	for (size_t i = 0; i < count; i++) {
		if (strcmp(benches[i].name, name) == 0) {
			run_codec(&benches[i], n);
			copy_loop(n, msg.length);
			return 0;
		}
	}
	fprintf(stderr, "bench: no message '%s'\n", name);
	return 1;
}

int main(int argc, char **argv)
{
	struct bench benches[] = {
		{.name = "add", .codec = codec_add},
		{.name = "lookup", .codec = codec_lookup},
		{.name = "share", .codec = codec_share},
	};
	size_t count = sizeof(benches) / sizeof(benches[0]);
	unsigned long n = DEFAULT_ITERS;

	if (argc == 4 && strcmp(argv[1], "--untimed") == 0)
		return run_untimed(benches, count, argv[2], argv[3]);
	if (argc > 2) {
		fprintf(stderr, "usage: %s [ITERATIONS] | --untimed MESSAGE ITERATIONS\n", argv[0]);
		return 1;
	}
	if (argc == 2 && !parse_count(argv[1], &n))
		return 1;

	const char *what[] = {"u32 a, u64 b", "string<64>, 40-byte name", "1 frame cap, u16[3]"};

	for (size_t i = 0; i < count; i++)
		run(&benches[i], n);

	printf("# %lu iterations, median of %d, ns per message\n", n, REPEATS);
	printf("%-8s %-26s %10s %18s %10s %7s\n", "message", "content", "wire bytes",
	       "encode+decode ns", "memcpy ns", "ratio");
	for (size_t i = 0; i < count; i++) {
		const struct bench *b = &benches[i];
		printf("%-8s %-26s %10u %18.1f %10.1f %7.2f\n", b->name, what[i], b->wire_bytes,
		       b->codec_ns, b->memcpy_ns, b->codec_ns / b->memcpy_ns);
	}
	for (size_t i = 0; i < count; i++) {
		const struct bench *b = &benches[i];
		printf("bench: %s encode+decode %.1f ns memcpy %.1f ns ratio %.2f\n", b->name,
		       b->codec_ns, b->memcpy_ns, b->codec_ns / b->memcpy_ns);
	}
	return 0;
}
