/*
 * Host tests for the multiboot2 boot handoff validator (kernel/boot/handoff.c).
 * Builds good and bad information blocks, checks the verdicts, then mutates a
 * good block many times to show the validator never reads out of bounds.
 * Output is TAP; the exit status is non-zero when any test fails.
 */
#include "handoff.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define BLOB_WORDS     2048 /* 16 KiB of 8-byte-aligned room */
#define INFO_PHYS      0x9000u
#define MUTATION_ITERS 200000

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("#   line %d: check failed: %s\n", __LINE__, #cond);                \
			show_result();                                                             \
			return false;                                                              \
		}                                                                                  \
	} while (0)

struct blob {
	uint64_t words[BLOB_WORDS];
	size_t len;
};

struct ent {
	uint64_t base;
	uint64_t len;
	uint32_t type;
};

/* A QEMU/SeaBIOS-like e820 map of a 128 MiB machine, as GRUB passes it on. */
static const struct ent std_map[] = {
	{0x0, 0x9fc00, 1},        {0x9fc00, 0x400, 2},     {0xf0000, 0x10000, 2},
	{0x100000, 0x7ee0000, 1}, {0x7fe0000, 0x20000, 2}, {0xfffc0000, 0x40000, 2},
};
#define STD_USABLE (0x9fc00ull + 0x7ee0000ull)

static const struct handoff_limits std_limits = {
	.kernel_start = 0x100000,
	.kernel_end = 0x180000,
	.info_phys = INFO_PHYS,
};

static uint8_t *g_buf; /* heap copy of the block under test, exactly info_avail bytes */
static size_t g_avail;
static struct boot_handoff g_out;
static struct handoff_error g_err;
static enum handoff_status g_st;

/* ---- blob builder ---- */

static uint8_t *bytes(struct blob *b)
{
	return (uint8_t *)b->words;
}

static void put32(struct blob *b, size_t off, uint32_t v)
{
	memcpy(bytes(b) + off, &v, sizeof(v));
}

static void put64(struct blob *b, size_t off, uint64_t v)
{
	memcpy(bytes(b) + off, &v, sizeof(v));
}

static void blob_begin(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	b->len = 8;
}

/* Append a tag with n payload bytes, padded to 8; returns the tag's offset. */
static size_t add_tag(struct blob *b, uint32_t type, const void *payload, size_t n)
{
	size_t off = b->len;

	if (off + 8 + n + 7 > sizeof(b->words)) {
		fprintf(stderr, "test blob overflow\n");
		exit(2);
	}
	put32(b, off, type);
	put32(b, off + 4, (uint32_t)(8 + n));
	if (n > 0)
		memcpy(bytes(b) + off + 8, payload, n);
	b->len = (off + 8 + n + 7) & ~(size_t)7;
	return off;
}

/* Append the end tag and set total_size to cover everything. */
static void blob_finish(struct blob *b)
{
	add_tag(b, 0, NULL, 0);
	put32(b, 0, (uint32_t)b->len);
}

static size_t add_string(struct blob *b, uint32_t type, const char *s)
{
	return add_tag(b, type, s, strlen(s) + 1);
}

static size_t add_module(struct blob *b, uint32_t start, uint32_t end, const char *cmdline)
{
	uint8_t payload[256];
	size_t n = strlen(cmdline) + 1;

	memcpy(payload, &start, 4);
	memcpy(payload + 4, &end, 4);
	memcpy(payload + 8, cmdline, n);
	return add_tag(b, 3, payload, 8 + n);
}

/* Memory-map tag with n entries of esize bytes each, then extra stray bytes. */
static size_t add_mmap_raw(struct blob *b, uint32_t esize, uint32_t version, const struct ent *e,
			   size_t n, size_t extra)
{
	static uint8_t payload[8 + 256 * 64];
	size_t i, len = 8 + n * esize + extra;

	memset(payload, 0, sizeof(payload));
	memcpy(payload, &esize, 4);
	memcpy(payload + 4, &version, 4);
	for (i = 0; i < n; i++) {
		memcpy(payload + 8 + i * esize, &e[i].base, 8);
		memcpy(payload + 8 + i * esize + 8, &e[i].len, 8);
		memcpy(payload + 8 + i * esize + 16, &e[i].type, 4);
	}
	return add_tag(b, 6, payload, len);
}

static size_t add_mmap(struct blob *b, const struct ent *e, size_t n)
{
	return add_mmap_raw(b, 24, 0, e, n, 0);
}

static size_t add_std_mmap(struct blob *b)
{
	return add_mmap(b, std_map, sizeof(std_map) / sizeof(std_map[0]));
}

static size_t add_rsdp(struct blob *b, uint32_t type, size_t n)
{
	uint8_t rsdp[36] = "RSD PTR \x42"
			   "BOCHS ";

	rsdp[15] = type == 15 ? 2 : 0; /* revision */
	return add_tag(b, type, rsdp, n);
}

/* The boot-critical tags GRUB always passes: command line, name, meminfo, map. */
static void add_std_head(struct blob *b)
{
	static const uint32_t meminfo[2] = {639, 130944};

	add_string(b, 1, "erix.log=debug init=/sbin/init");
	add_string(b, 2, "GRUB 2.06");
	add_tag(b, 4, meminfo, sizeof(meminfo));
	add_std_mmap(b);
}

static void add_std_modules(struct blob *b)
{
	add_module(b, 0x200000, 0x2345a0, "init");
	add_module(b, 0x235000, 0x300000, "rootfs console=ttyS0");
}

/* A complete GRUB-like block; returns the offset of its ACPI tag. */
static size_t make_good(struct blob *b)
{
	size_t acpi;

	blob_begin(b);
	add_std_head(b);
	add_std_modules(b);
	acpi = add_rsdp(b, 14, 20);
	blob_finish(b);
	return acpi;
}

/* Only what validation needs: a memory map. */
static void make_minimal(struct blob *b)
{
	blob_begin(b);
	add_std_mmap(b);
}

/* ---- running the validator ---- */

static void show_result(void)
{
	printf("# %s: %.*s [offset 0x%x, tag_type %u]\n", handoff_status_name(g_err.status),
	       (int)sizeof(g_err.message), g_err.message, g_err.offset, g_err.tag_type);
}

/* Validate avail bytes copied from data into a heap buffer of exactly that size. */
static enum handoff_status run_raw(const void *data, size_t avail, uint32_t magic,
				   const struct handoff_limits *limits)
{
	free(g_buf);
	g_avail = avail;
	g_buf = malloc(avail > 0 ? avail : 1);
	if (g_buf == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	memcpy(g_buf, data, avail);
	memset(&g_out, 0xa5, sizeof(g_out));
	memset(&g_err, 0xa5, sizeof(g_err));
	g_st = handoff_validate(magic, g_buf, avail, limits, &g_out, &g_err);
	return g_st;
}

static enum handoff_status run_full(const struct blob *b, size_t avail, uint32_t magic,
				    const struct handoff_limits *limits)
{
	return run_raw(b->words, avail, magic, limits);
}

static enum handoff_status run_limits(const struct blob *b, const struct handoff_limits *limits)
{
	return run_full(b, b->len, MB2_BOOTLOADER_MAGIC, limits);
}

static enum handoff_status run(const struct blob *b)
{
	return run_limits(b, &std_limits);
}

static bool message_ok(const struct handoff_error *err)
{
	return memchr(err->message, '\0', sizeof(err->message)) != NULL &&
	       err->message[0] != '\0' && strchr(err->message, '\n') == NULL;
}

/* The last run failed with want, a one-line message and (if word) word in it. */
static bool expect(enum handoff_status want, const char *word)
{
	bool ok = g_st == want && g_err.status == want && message_ok(&g_err) &&
		  (word == NULL || strstr(g_err.message, word) != NULL);

	show_result();
	if (!ok)
		printf("#   expected %s%s%s\n", handoff_status_name(want),
		       word != NULL ? " mentioning " : "", word != NULL ? word : "");
	return ok;
}

/* As expect(), the message also naming the offset off. */
static bool expect_at(enum handoff_status want, size_t off)
{
	char word[32];

	snprintf(word, sizeof(word), "offset 0x%zx", off);
	return expect(want, word) && g_err.offset == off;
}

/* ---- good blocks ---- */

static bool t_good(void)
{
	struct blob b;
	size_t acpi = make_good(&b), i;

	CHECK(run(&b) == HANDOFF_OK && g_err.status == HANDOFF_OK);
	CHECK(strcmp(g_out.cmdline, "erix.log=debug init=/sbin/init") == 0);
	CHECK(strcmp(g_out.loader_name, "GRUB 2.06") == 0);
	CHECK((uint8_t *)g_out.cmdline > g_buf && (uint8_t *)g_out.cmdline < g_buf + g_avail);
	CHECK(g_out.region_count == 6);
	for (i = 0; i < 6; i++) {
		CHECK(g_out.regions[i].base == std_map[i].base);
		CHECK(g_out.regions[i].length == std_map[i].len);
		CHECK(g_out.regions[i].type == std_map[i].type);
	}
	CHECK(g_out.usable_bytes == STD_USABLE);
	CHECK(g_out.module_count == 2);
	CHECK(g_out.modules[0].start == 0x200000 && g_out.modules[0].end == 0x2345a0);
	CHECK(g_out.modules[1].start == 0x235000 && g_out.modules[1].end == 0x300000);
	CHECK(strcmp(g_out.modules[0].cmdline, "init") == 0);
	CHECK(strcmp(g_out.modules[1].cmdline, "rootfs console=ttyS0") == 0);
	CHECK(g_out.acpi_rsdp == g_buf + acpi + 8 && g_out.acpi_rsdp_size == 20);
	CHECK(memcmp(g_out.acpi_rsdp, "RSD PTR ", 8) == 0);
	return true;
}

static bool t_minimal(void)
{
	struct blob b;

	make_minimal(&b);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK);
	CHECK(strcmp(g_out.cmdline, "") == 0 && strcmp(g_out.loader_name, "") == 0);
	CHECK(g_out.module_count == 0 && g_out.acpi_rsdp == NULL && g_out.acpi_rsdp_size == 0);
	CHECK(g_out.usable_bytes == STD_USABLE);
	return true;
}

static bool t_null_err(void)
{
	struct blob b;

	make_good(&b);
	CHECK(handoff_validate(0, b.words, b.len, &std_limits, &g_out, NULL) == HANDOFF_BAD_MAGIC);
	CHECK(handoff_validate(MB2_BOOTLOADER_MAGIC, b.words, b.len, &std_limits, &g_out, NULL) ==
	      HANDOFF_OK);
	return true;
}

static bool t_status_names(void)
{
	static const char *const names[] = {
		"ok",
		"bad-magic",
		"bad-pointer",
		"bad-total-size",
		"bad-tag",
		"duplicate-tag",
		"missing-tag",
		"bad-memory-map",
		"no-usable-ram",
		"bad-module",
		"too-many",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(strcmp(handoff_status_name((enum handoff_status)i), names[i]) == 0);
	CHECK(strcmp(handoff_status_name((enum handoff_status)99), "unknown") == 0);
	return true;
}

/* ---- arguments and the fixed header ---- */

static bool t_bad_magic(void)
{
	struct blob b;

	make_good(&b);
	run_full(&b, b.len, 0x2badb002, &std_limits);
	return expect(HANDOFF_BAD_MAGIC, "0x36d76289");
}

static bool t_null_info(void)
{
	memset(&g_err, 0, sizeof(g_err));
	g_st = handoff_validate(MB2_BOOTLOADER_MAGIC, NULL, 4096, &std_limits, &g_out, &g_err);
	return expect(HANDOFF_BAD_POINTER, "info pointer is NULL");
}

static bool t_misaligned_info(void)
{
	struct blob b;

	make_good(&b);
	memset(&g_err, 0, sizeof(g_err));
	g_st = handoff_validate(MB2_BOOTLOADER_MAGIC, bytes(&b) + 4, b.len - 8, &std_limits, &g_out,
				&g_err);
	return expect(HANDOFF_BAD_POINTER, "not 8-byte aligned");
}

static bool t_null_limits_out(void)
{
	struct blob b;

	make_good(&b);
	memset(&g_err, 0, sizeof(g_err));
	g_st = handoff_validate(MB2_BOOTLOADER_MAGIC, b.words, b.len, NULL, &g_out, &g_err);
	if (!expect(HANDOFF_BAD_POINTER, "limits pointer is NULL"))
		return false;
	g_st = handoff_validate(MB2_BOOTLOADER_MAGIC, b.words, b.len, &std_limits, NULL, &g_err);
	return expect(HANDOFF_BAD_POINTER, "out pointer is NULL");
}

static bool t_empty_kernel(void)
{
	struct blob b;
	struct handoff_limits l = std_limits;

	make_good(&b);
	l.kernel_end = l.kernel_start;
	run_limits(&b, &l);
	return expect(HANDOFF_BAD_POINTER, "kernel image");
}

static bool t_avail_short(void)
{
	struct blob b;

	make_good(&b);
	run_full(&b, 7, MB2_BOOTLOADER_MAGIC, &std_limits);
	if (!expect(HANDOFF_BAD_TOTAL_SIZE, "only 7 bytes"))
		return false;
	run_full(&b, 0, MB2_BOOTLOADER_MAGIC, &std_limits);
	return expect(HANDOFF_BAD_TOTAL_SIZE, "only 0 bytes");
}

static bool t_total_small(void)
{
	struct blob b;

	blob_begin(&b);
	blob_finish(&b); /* header and end tag alone: total_size 16 is fine ... */
	put32(&b, 0, 8); /* ... 8 is not */
	run(&b);
	return expect(HANDOFF_BAD_TOTAL_SIZE, "total_size 0x8 is below 0x10");
}

static bool t_total_unaligned(void)
{
	struct blob b;

	make_good(&b);
	put32(&b, 0, (uint32_t)b.len - 3);
	run(&b);
	return expect(HANDOFF_BAD_TOTAL_SIZE, "total_size");
}

static bool t_total_past_avail(void)
{
	struct blob b;

	make_good(&b);
	run_full(&b, b.len - 8, MB2_BOOTLOADER_MAGIC, &std_limits);
	return expect(HANDOFF_BAD_TOTAL_SIZE, "available");
}

static bool t_total_past_max(void)
{
	static struct blob b;
	uint32_t total = HANDOFF_MAX_INFO_SIZE + 8;
	uint8_t *big = calloc(1, total);

	CHECK(big != NULL);
	make_good(&b);
	memcpy(big, b.words, b.len);
	memcpy(big, &total, sizeof(total)); /* all of it available, but too big */
	run_raw(big, total, MB2_BOOTLOADER_MAGIC, &std_limits);
	free(big);
	return expect(HANDOFF_BAD_TOTAL_SIZE, "0x100008");
}

static bool t_truncated_header(void)
{
	struct blob b;

	/* total_size and tag offsets are multiples of 8, so a tag header cut short
	 * always shows up as a bad total_size or too few available bytes. */
	make_good(&b);
	put32(&b, 0, (uint32_t)b.len - 4);
	run(&b);
	if (!expect(HANDOFF_BAD_TOTAL_SIZE, "total_size"))
		return false;
	make_good(&b);
	run_full(&b, b.len - 4, MB2_BOOTLOADER_MAGIC, &std_limits);
	return expect(HANDOFF_BAD_TOTAL_SIZE, "available");
}

static bool t_info_wraps(void)
{
	struct blob b;
	struct handoff_limits l = std_limits;

	make_good(&b);
	l.info_phys = UINT64_MAX - 0x10;
	run_limits(&b, &l);
	return expect(HANDOFF_BAD_POINTER, "wraps");
}

/* ---- tag structure ---- */

static bool t_tag_size_small(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_string(&b, 1, "x");
	blob_finish(&b);
	put32(&b, off + 4, 4);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off);
}

static bool t_tag_past_end(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_string(&b, 1, "console=ttyS0");
	blob_finish(&b);
	put32(&b, off + 4, 0x1000);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off) && strstr(g_err.message, "runs past") != NULL;
}

static bool t_tag_past_end_by_one(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_string(&b, 77, "1234567"); /* 16 bytes, padded to 16 */
	blob_finish(&b);
	put32(&b, off + 4, (uint32_t)(b.len - off + 1));
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off);
}

static bool t_missing_end(void)
{
	struct blob b;

	make_good(&b);
	put32(&b, 0, (uint32_t)b.len - 8); /* cut the end tag off */
	run(&b);
	return expect(HANDOFF_MISSING_TAG, "end tag") && g_err.tag_type == 0;
}

static bool t_data_after_end(void)
{
	struct blob b;
	size_t end;

	make_minimal(&b);
	end = add_tag(&b, 0, NULL, 0);
	add_string(&b, 1, "smuggled");
	put32(&b, 0, (uint32_t)b.len);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, end) && strstr(g_err.message, "followed") != NULL;
}

static bool t_end_size(void)
{
	static const uint64_t pad;
	struct blob b;
	size_t end;

	make_minimal(&b);
	end = add_tag(&b, 0, &pad, sizeof(pad)); /* size 16, still ends at total_size */
	put32(&b, 0, (uint32_t)b.len);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, end) && strstr(g_err.message, "size 0x10") != NULL;
}

static bool t_unknown_tags(void)
{
	static const uint8_t junk[13] = {0xff, 0xfe, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	struct blob b;

	blob_begin(&b);
	add_tag(&b, 0x7fff, junk, sizeof(junk));
	add_std_head(&b);
	add_tag(&b, 21, junk, 4); /* image load base */
	add_tag(&b, 0xffffffff, NULL, 0);
	add_std_modules(&b);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK);
	CHECK(g_out.region_count == 6 && g_out.module_count == 2);
	CHECK(strcmp(g_out.loader_name, "GRUB 2.06") == 0);
	return true;
}

static bool t_duplicate_cmdline(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	add_string(&b, 1, "a");
	off = add_string(&b, 1, "b");
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_DUPLICATE_TAG, off);
}

static bool t_cmdline_no_nul(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_tag(&b, 1, "12345678", 8); /* fills the tag exactly, no NUL */
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off) && strstr(g_err.message, "NUL") != NULL;
}

static bool t_loader_name_empty_tag(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_tag(&b, 2, NULL, 0); /* no room for even the NUL */
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off);
}

static bool t_meminfo_size(void)
{
	static const uint32_t meminfo[3] = {639, 130944, 0};
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_tag(&b, 4, meminfo, sizeof(meminfo));
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off);
}

/* ---- modules ---- */

static bool t_module_short(void)
{
	static const uint32_t range[2] = {0x200000, 0x201000};
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_tag(&b, 3, range, sizeof(range)); /* size 16: no command line at all */
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MODULE, off);
}

static bool t_module_reversed(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_module(&b, 0x300000, 0x200000, "backwards");
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MODULE, off) && strstr(g_err.message, "mod_start") != NULL;
}

static bool t_module_cmdline_no_nul(void)
{
	static const uint32_t payload[4] = {0x200000, 0x201000, 0x41414141, 0x41414141};
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_tag(&b, 3, payload, sizeof(payload));
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MODULE, off);
}

static bool t_modules_overlap(void)
{
	struct blob b;

	make_minimal(&b);
	add_module(&b, 0x200000, 0x280000, "a");
	add_module(&b, 0x300000, 0x310000, "b");
	add_module(&b, 0x27f000, 0x290000, "c");
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MODULE, "module 2 [0x27f000, 0x290000) overlaps module 0");
}

static bool t_module_over_kernel(void)
{
	struct blob b;

	make_minimal(&b);
	add_module(&b, 0x17f000, 0x190000, "a");
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MODULE, "kernel [0x100000, 0x180000)");
}

static bool t_module_outside_ram(void)
{
	struct blob b;

	make_minimal(&b);
	add_module(&b, 0x9f000, 0xa1000, "straddles the end of low memory");
	blob_finish(&b);
	run(&b);
	if (!expect(HANDOFF_BAD_MODULE, "usable"))
		return false;
	make_minimal(&b);
	add_module(&b, 0x8000000, 0x8001000, "above the top of RAM");
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MODULE, "usable");
}

static bool t_module_over_info(void)
{
	struct blob b;

	make_minimal(&b);
	add_module(&b, 0x8000, INFO_PHYS + 1, "touches the first byte of the info block");
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MODULE, "info block");
}

static bool t_module_empty(void)
{
	struct blob b;

	make_minimal(&b);
	add_module(&b, 0x200000, 0x200000, "empty but in RAM");
	add_module(&b, INFO_PHYS, INFO_PHYS, "empty at the info block");
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK && g_out.module_count == 2);
	make_minimal(&b);
	add_module(&b, 0xa0000, 0xa0000, "empty in the VGA hole");
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MODULE, "module 0");
}

/* A block with n small, disjoint modules; returns the offset of the last module tag. */
static size_t make_modules(struct blob *b, uint32_t n)
{
	uint32_t i, base;
	size_t last = 0;

	make_minimal(b);
	for (i = 0; i < n; i++) {
		base = 0x400000 + i * 0x1000;
		last = add_module(b, base, base + 0x800, "m");
	}
	blob_finish(b);
	return last;
}

static bool t_modules_too_many(void)
{
	struct blob b;
	size_t last;

	make_modules(&b, HANDOFF_MAX_MODULES);
	CHECK(run(&b) == HANDOFF_OK && g_out.module_count == HANDOFF_MAX_MODULES);
	last = make_modules(&b, HANDOFF_MAX_MODULES + 1);
	run(&b);
	return expect_at(HANDOFF_TOO_MANY, last);
}

/* ---- memory map ---- */

static bool t_mmap_duplicate(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_std_mmap(&b);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_DUPLICATE_TAG, off) && g_err.tag_type == 6;
}

static bool t_mmap_missing(void)
{
	struct blob b;

	blob_begin(&b);
	add_string(&b, 1, "no map");
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_MISSING_TAG, "memory map") && g_err.tag_type == 6;
}

static bool t_mmap_empty(void)
{
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_mmap(&b, NULL, 0);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off);
}

static bool t_mmap_header_short(void)
{
	static const uint32_t esize = 24;
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_tag(&b, 6, &esize, sizeof(esize)); /* size 12: entry_version missing */
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off);
}

static bool t_mmap_entry_small(void)
{
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_mmap_raw(&b, 16, 0, std_map, 2, 0);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off) &&
	       strstr(g_err.message, "entry_size") != NULL;
}

static bool t_mmap_entry_unaligned(void)
{
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_mmap_raw(&b, 28, 0, std_map, 2, 0); /* 56 bytes: a whole number of entries */
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off) && strstr(g_err.message, "0x1c") != NULL;
}

static bool t_mmap_entry_large(void)
{
	struct blob b;

	blob_begin(&b);
	add_mmap_raw(&b, 32, 0, std_map, 6, 0); /* a future, longer entry format */
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK);
	CHECK(g_out.region_count == 6 && g_out.usable_bytes == STD_USABLE);
	return true;
}

static bool t_mmap_version(void)
{
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_mmap_raw(&b, 24, 1, std_map, 6, 0);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off) && strstr(g_err.message, "version") != NULL;
}

static bool t_mmap_ragged(void)
{
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_mmap_raw(&b, 24, 0, std_map, 6, 8); /* 8 stray bytes after the entries */
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off) && strstr(g_err.message, "0x98") != NULL;
}

static bool t_region_zero(void)
{
	static const struct ent map[] = {
		{0x0, 0x9fc00, 1}, {0x9fc00, 0, 2}, {0x100000, 0x7ee0000, 1}};
	struct blob b;
	size_t off;

	blob_begin(&b);
	off = add_mmap(&b, map, 3);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_MEMORY_MAP, off) && strstr(g_err.message, "length 0") != NULL;
}

static bool t_region_overflow(void)
{
	static const struct ent map[] = {{0x100000, 0x7ee0000, 1}, {UINT64_MAX - 0xfff, 0x2000, 2}};
	struct blob b;

	blob_begin(&b);
	add_mmap(&b, map, 2);
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MEMORY_MAP, "overflows");
}

static bool t_region_top(void)
{
	static const struct ent map[] = {{0x100000, 0x7ee0000, 1}, {UINT64_MAX - 0xfff, 0xfff, 2}};
	struct blob b;

	blob_begin(&b);
	add_mmap(&b, map, 2); /* ends at 2^64 - 1: the highest representable end */
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK && g_out.region_count == 2);
	return true;
}

static bool t_regions_overlap(void)
{
	static const struct ent map[] = {
		{0x100000, 0x7ee0000, 1}, {0x0, 0x9fc00, 1}, {0x7000000, 0x1000000, 2}};
	struct blob b;

	blob_begin(&b);
	add_mmap(&b, map, 3);
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_BAD_MEMORY_MAP,
		      "[0x100000, 0x7fe0000) and [0x7000000, 0x8000000) overlap");
}

static bool t_regions_unsorted(void)
{
	struct ent map[6];
	struct blob b;
	size_t i;

	for (i = 0; i < 6; i++)
		map[i] = std_map[(i * 5 + 2) % 6]; /* a permutation */
	blob_begin(&b);
	add_mmap(&b, map, 6);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK);
	CHECK(g_out.region_count == 6 && g_out.usable_bytes == STD_USABLE);
	for (i = 0; i < 6; i++)
		CHECK(g_out.regions[i].base == std_map[i].base &&
		      g_out.regions[i].length == std_map[i].len &&
		      g_out.regions[i].type == std_map[i].type);
	return true;
}

static bool t_no_usable(void)
{
	static const struct ent map[] = {{0x0, 0x9fc00, 3}, {0x100000, 0x7ee0000, 2}};
	struct blob b;

	blob_begin(&b);
	add_mmap(&b, map, 2);
	blob_finish(&b);
	run(&b);
	return expect(HANDOFF_NO_USABLE_RAM, "usable");
}

static bool t_kernel_outside(void)
{
	struct blob b;
	struct handoff_limits l = std_limits;

	make_minimal(&b);
	blob_finish(&b);
	l.kernel_start = 0xa0000;
	l.kernel_end = 0xc0000;
	run_limits(&b, &l);
	if (!expect(HANDOFF_BAD_MEMORY_MAP, "kernel image [0xa0000, 0xc0000)"))
		return false;
	l.kernel_start = 0x7f00000;
	l.kernel_end = 0x8000000; /* runs off the end of usable RAM */
	run_limits(&b, &l);
	return expect(HANDOFF_BAD_MEMORY_MAP, "kernel image");
}

static bool t_regions_too_many(void)
{
	static struct ent map[HANDOFF_MAX_REGIONS + 1];
	static const struct handoff_limits l = {0x0, 0x1000, 0x10000000};
	struct blob b;
	size_t i, off;

	for (i = 0; i <= HANDOFF_MAX_REGIONS; i++)
		map[i] = (struct ent){i * 0x2000, 0x1000, 1};
	blob_begin(&b);
	add_mmap(&b, map, HANDOFF_MAX_REGIONS); /* exactly the maximum passes */
	blob_finish(&b);
	CHECK(run_limits(&b, &l) == HANDOFF_OK && g_out.region_count == HANDOFF_MAX_REGIONS);
	CHECK(g_out.usable_bytes == HANDOFF_MAX_REGIONS * 0x1000ull);
	blob_begin(&b);
	off = add_mmap(&b, map, HANDOFF_MAX_REGIONS + 1);
	blob_finish(&b);
	run_limits(&b, &l);
	return expect_at(HANDOFF_TOO_MANY, off);
}

/* ---- ACPI ---- */

/* A framebuffer tag (type 8) of `payload` bytes after its header (24, or 30 with RGB channels). */
static size_t add_framebuffer(struct blob *b, uint64_t base, uint32_t pitch, uint32_t width,
			      uint32_t height, uint8_t bpp, uint8_t type, size_t payload)
{
	uint8_t p[32] = {0};
	static const uint8_t channels[6] = {16, 8, 8, 8, 0, 8};

	memcpy(p, &base, 8);
	memcpy(p + 8, &pitch, 4);
	memcpy(p + 12, &width, 4);
	memcpy(p + 16, &height, 4);
	p[20] = bpp;
	p[21] = type;
	memcpy(p + 24, channels, sizeof(channels));
	return add_tag(b, 8, p, payload);
}

static bool t_fb_good(void)
{
	struct blob b;

	make_minimal(&b);
	add_framebuffer(&b, 0xb8000, 160, 80, 25, 16, 2, 24);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK && g_out.has_framebuffer);
	CHECK(g_out.framebuffer.base == 0xb8000 && g_out.framebuffer.size == 4000);
	CHECK(g_out.framebuffer.width == 80 && g_out.framebuffer.height == 25 &&
	      g_out.framebuffer.pitch == 160 && g_out.framebuffer.bits_per_pixel == 16 &&
	      g_out.framebuffer.kind == 2 && g_out.framebuffer.red_size == 0);
	make_minimal(&b);
	add_framebuffer(&b, 0xfd000000, 4096, 1024, 768, 32, 1, 30);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK && g_out.has_framebuffer);
	CHECK(g_out.framebuffer.size == 4096ull * 768 && g_out.framebuffer.kind == 1);
	CHECK(g_out.framebuffer.red_position == 16 && g_out.framebuffer.red_size == 8 &&
	      g_out.framebuffer.green_position == 8 && g_out.framebuffer.blue_position == 0 &&
	      g_out.framebuffer.blue_size == 8);
	make_minimal(&b);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK && !g_out.has_framebuffer);
	return true;
}

/* One framebuffer tag that must be refused as bad-tag, blamed on the tag, mentioning `word`. */
static bool fb_refused(uint64_t base, uint32_t pitch, uint32_t width, uint8_t bpp, uint8_t type,
		       size_t payload, const char *word)
{
	struct blob b;
	size_t off;
	char at[32];

	make_minimal(&b);
	off = add_framebuffer(&b, base, pitch, width, 25, bpp, type, payload);
	blob_finish(&b);
	run(&b);
	snprintf(at, sizeof(at), "offset 0x%zx", off);
	return expect(HANDOFF_BAD_TAG, word) && strstr(g_err.message, at) != NULL &&
	       g_err.offset == off && g_err.tag_type == 8;
}

static bool t_fb_bad(void)
{
	return fb_refused(0xb8000, 160, 80, 16, 2, 20, "header") &&
	       fb_refused(0xb8000, 160, 80, 16, 3, 24, "type 3") &&
	       fb_refused(0xfd000000, 4096, 1024, 32, 1, 24, "RGB") &&
	       fb_refused(0xb8000, 160, 0, 16, 2, 24, "empty") &&
	       fb_refused(0xb8000, 0, 80, 16, 2, 24, "empty") &&
	       fb_refused(0xb8000, 160, 81, 16, 2, 24, "exceeds pitch") &&
	       fb_refused(0xb8010, 160, 80, 16, 2, 24, "page-aligned") &&
	       fb_refused(0xfffffffffffff000ull, 4096, 80, 16, 2, 24, "wraps") &&
	       fb_refused(0x200000, 160, 80, 16, 2, 24, "usable RAM");
}

static bool t_fb_duplicate(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	add_framebuffer(&b, 0xb8000, 160, 80, 25, 16, 2, 24);
	off = add_framebuffer(&b, 0xb8000, 160, 80, 25, 16, 2, 24);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_DUPLICATE_TAG, off) && g_err.tag_type == 8;
}

static bool t_acpi_duplicate(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	add_rsdp(&b, 14, 20);
	off = add_rsdp(&b, 14, 20);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_DUPLICATE_TAG, off) && g_err.tag_type == 14;
}

static bool t_acpi_short(void)
{
	struct blob b;
	size_t off;

	make_minimal(&b);
	off = add_rsdp(&b, 15, 20); /* a v1 RSDP in the v2 tag */
	blob_finish(&b);
	run(&b);
	if (!expect_at(HANDOFF_BAD_TAG, off))
		return false;
	make_minimal(&b);
	off = add_rsdp(&b, 14, 19);
	blob_finish(&b);
	run(&b);
	return expect_at(HANDOFF_BAD_TAG, off);
}

static bool t_acpi_prefer_new(void)
{
	struct blob b;
	size_t v2;

	make_minimal(&b);
	add_rsdp(&b, 14, 20);
	v2 = add_rsdp(&b, 15, 36);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK);
	CHECK(g_out.acpi_rsdp == g_buf + v2 + 8 && g_out.acpi_rsdp_size == 36);
	make_minimal(&b);
	v2 = add_rsdp(&b, 15, 36);
	add_rsdp(&b, 14, 20);
	blob_finish(&b);
	CHECK(run(&b) == HANDOFF_OK);
	CHECK(g_out.acpi_rsdp == g_buf + v2 + 8 && g_out.acpi_rsdp_size == 36);
	return true;
}

/* ---- mutation ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Whether [p, p + n) lies inside the buffer handed to the validator. */
static bool in_buf(const void *p, size_t n)
{
	uintptr_t q = (uintptr_t)p, lo = (uintptr_t)g_buf, hi = lo + g_avail;

	return q >= lo && q <= hi && n <= hi - q;
}

/* A string from the output is "" or NUL-terminated inside the buffer. */
static bool string_ok(const char *s)
{
	if (!in_buf(s, 1))
		return s[0] == '\0';
	return memchr(s, '\0', (size_t)(g_buf + g_avail - (const uint8_t *)s)) != NULL;
}

static bool inside_usable(uint64_t start, uint64_t end)
{
	size_t i;
	const struct handoff_region *r;

	for (i = 0; i < g_out.region_count; i++) {
		r = &g_out.regions[i];
		if (r->type == 1 && r->base <= start && start < r->base + r->length &&
		    end <= r->base + r->length)
			return true;
	}
	return false;
}

static bool overlap(uint64_t a, uint64_t b, uint64_t c, uint64_t d)
{
	return a < d && c < b;
}

/* The facts of an accepted block are self-consistent. */
static bool invariants_hold(void)
{
	const struct handoff_region *r = g_out.regions;
	const struct handoff_module *m = g_out.modules;
	uint64_t usable = 0, info_end;
	uint32_t total;
	size_t i, j;

	memcpy(&total, g_buf, sizeof(total));
	info_end = INFO_PHYS + total;
	CHECK(g_out.region_count >= 1 && g_out.region_count <= HANDOFF_MAX_REGIONS);
	for (i = 0; i < g_out.region_count; i++) {
		CHECK(r[i].length > 0 && r[i].base + r[i].length > r[i].base);
		CHECK(i == 0 || r[i - 1].base + r[i - 1].length <= r[i].base);
		usable += r[i].type == 1 ? r[i].length : 0;
	}
	CHECK(usable == g_out.usable_bytes && usable > 0);
	CHECK(inside_usable(std_limits.kernel_start, std_limits.kernel_end));
	CHECK(g_out.module_count <= HANDOFF_MAX_MODULES);
	for (i = 0; i < g_out.module_count; i++) {
		CHECK(m[i].start <= m[i].end && inside_usable(m[i].start, m[i].end));
		CHECK(!overlap(m[i].start, m[i].end, std_limits.kernel_start,
			       std_limits.kernel_end));
		CHECK(!overlap(m[i].start, m[i].end, INFO_PHYS, info_end));
		CHECK(string_ok(m[i].cmdline));
		for (j = 0; j < i; j++)
			CHECK(!overlap(m[i].start, m[i].end, m[j].start, m[j].end));
	}
	CHECK(string_ok(g_out.cmdline) && string_ok(g_out.loader_name));
	CHECK(g_out.acpi_rsdp == NULL || in_buf(g_out.acpi_rsdp, g_out.acpi_rsdp_size));
	return true;
}

/* Damage a copy of b in one to four places: bit flips, random bytes, hostile words. */
static void mutate(struct blob *b, const struct blob *good)
{
	static const uint32_t words[] = {0, 1, 6, 7, 8, 15, 16, 17, 24, 0x7fffffff, 0xffffffff};
	size_t k, n = 1 + rng() % 4, off;

	*b = *good;
	for (k = 0; k < n; k++) {
		off = rng() % good->len;
		switch (rng() % 4) {
		case 0:
			bytes(b)[off] ^= (uint8_t)(1u << rng() % 8);
			break;
		case 1:
			bytes(b)[off] = (uint8_t)rng();
			break;
		case 2:
			put32(b, off & ~(size_t)3,
			      words[rng() % (sizeof(words) / sizeof(words[0]))]);
			break;
		default:
			put64(b, off & ~(size_t)7, rng() % 2 ? rng() : rng() % 0x10000000);
			break;
		}
	}
}

static bool t_mutations(void)
{
	static struct blob good, b;
	unsigned long counts[HANDOFF_TOO_MANY + 1] = {0};
	size_t avail, s;
	long i;

	make_good(&good);
	for (i = 0; i < MUTATION_ITERS; i++) {
		mutate(&b, &good);
		avail = rng() % 8 == 0 ? rng() % (good.len + 1) : good.len;
		run_full(&b, avail, MB2_BOOTLOADER_MAGIC, &std_limits);
		CHECK((unsigned int)g_st <= HANDOFF_TOO_MANY && g_err.status == g_st);
		counts[g_st]++;
		if (g_st != HANDOFF_OK)
			CHECK(message_ok(&g_err));
		else if (!invariants_hold())
			return false;
	}
	printf("# %d mutations:", MUTATION_ITERS);
	for (s = 0; s <= HANDOFF_TOO_MANY; s++)
		printf(" %s=%lu", handoff_status_name((enum handoff_status)s), counts[s]);
	printf("\n");
	CHECK(counts[HANDOFF_OK] > 0 && counts[HANDOFF_BAD_TAG] > 0 &&
	      counts[HANDOFF_BAD_MODULE] > 0);
	return true;
}

/* ---- driver ---- */

static const struct tap_test tests[] = {
	{"GRUB-like block validates with the expected facts", t_good},
	{"memory map alone validates; absent strings are empty", t_minimal},
	{"NULL err is allowed", t_null_err},
	{"status names", t_status_names},
	{"bad magic", t_bad_magic},
	{"NULL info pointer", t_null_info},
	{"misaligned info pointer", t_misaligned_info},
	{"NULL limits or out pointer", t_null_limits_out},
	{"empty kernel image", t_empty_kernel},
	{"info_avail below the fixed header", t_avail_short},
	{"total_size below 16", t_total_small},
	{"total_size not a multiple of 8", t_total_unaligned},
	{"total_size larger than info_avail", t_total_past_avail},
	{"total_size larger than the maximum", t_total_past_max},
	{"truncated tag header at the end", t_truncated_header},
	{"info block wrapping past 2^64", t_info_wraps},
	{"tag size below 8", t_tag_size_small},
	{"tag running past total_size", t_tag_past_end},
	{"tag running past total_size by one byte", t_tag_past_end_by_one},
	{"missing end tag", t_missing_end},
	{"data after the end tag", t_data_after_end},
	{"end tag with size 16", t_end_size},
	{"unknown tag types are skipped", t_unknown_tags},
	{"duplicate command line", t_duplicate_cmdline},
	{"command line without NUL", t_cmdline_no_nul},
	{"boot loader name tag with no room for a NUL", t_loader_name_empty_tag},
	{"basic meminfo with the wrong size", t_meminfo_size},
	{"module tag too short", t_module_short},
	{"module start above end", t_module_reversed},
	{"module command line without NUL", t_module_cmdline_no_nul},
	{"overlapping modules", t_modules_overlap},
	{"module over the kernel image", t_module_over_kernel},
	{"module outside usable RAM", t_module_outside_ram},
	{"module over the info block", t_module_over_info},
	{"empty modules must still be in RAM", t_module_empty},
	{"too many modules", t_modules_too_many},
	{"duplicate memory map", t_mmap_duplicate},
	{"missing memory map", t_mmap_missing},
	{"memory map with no entries", t_mmap_empty},
	{"memory map shorter than its header", t_mmap_header_short},
	{"memory map entry_size below 24", t_mmap_entry_small},
	{"memory map entry_size not a multiple of 8", t_mmap_entry_unaligned},
	{"memory map with larger entries accepted", t_mmap_entry_large},
	{"memory map entry_version not 0", t_mmap_version},
	{"memory map length not a multiple of entry_size", t_mmap_ragged},
	{"zero-length region", t_region_zero},
	{"region overflowing 2^64", t_region_overflow},
	{"region ending at 2^64 - 1 accepted", t_region_top},
	{"overlapping regions", t_regions_overlap},
	{"unsorted memory map accepted and sorted", t_regions_unsorted},
	{"no usable RAM", t_no_usable},
	{"kernel outside usable RAM", t_kernel_outside},
	{"too many regions", t_regions_too_many},
	{"framebuffer tags: EGA text and direct RGB, or none", t_fb_good},
	{"framebuffer tags: short, unknown type, empty, too wide, unaligned, wrapping, in RAM",
	 t_fb_bad},
	{"duplicate framebuffer tag", t_fb_duplicate},
	{"duplicate ACPI tag", t_acpi_duplicate},
	{"short ACPI tags", t_acpi_short},
	{"new ACPI RSDP preferred over old", t_acpi_prefer_new},
	{"mutated blocks never fault and accepted ones are consistent", t_mutations},
};

int main(void)
{
	size_t failed = tap_run(tests, sizeof(tests) / sizeof(tests[0]));
	free(g_buf);
	return failed > 0 ? 1 : 0;
}
