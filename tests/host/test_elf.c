/*
 * Host tests for the ELF executable validator (kernel/boot/elf.c). Builds
 * good and bad x86-64 images (ELF header, program headers, segment bytes) in
 * a buffer, checks the verdicts, then mutates good images many times to show
 * the validator never reads out of bounds and accepts only consistent ones.
 * Output is TAP; the exit status is non-zero when any test fails.
 */
#include "elf.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#define IMG_SIZE       0x4000
#define MUTATION_ITERS 200000

#define USER_MIN 0x10000ull
#define USER_MAX 0x7ffffffff000ull

/* ELF header fields (offsets) and constants. */
#define E_TYPE      16
#define E_MACHINE   18
#define E_VERSION   20
#define E_ENTRY     24
#define E_PHOFF     32
#define E_EHSIZE    52
#define E_PHENTSIZE 54
#define E_PHNUM     56
#define PHOFF       64 /* where the builder puts the program header table */
#define PHENT       56

/* Program header fields (offsets in an entry). */
#define P_TYPE   0
#define P_FLAGS  4
#define P_OFFSET 8
#define P_VADDR  16
#define P_FILESZ 32
#define P_MEMSZ  40
#define P_ALIGN  48

#define PT_NULL         0
#define PT_LOAD         1
#define PT_DYNAMIC      2
#define PT_INTERP       3
#define PT_NOTE         4
#define PT_PHDR         6
#define PT_TLS          7
#define PT_GNU_STACK    0x6474e551
#define PT_GNU_RELRO    0x6474e552
#define PT_GNU_PROPERTY 0x6474e553
#define PF_X            1
#define PF_W            2
#define PF_R            4

/* The good image: RX text, then RW data whose bss makes memsz > filesz. */
#define TEXT_OFF    0x1000u
#define TEXT_VA     0x401000u
#define TEXT_SZ     0x234u
#define DATA_OFF    0x2010u
#define DATA_VA     0x403010u
#define DATA_FILESZ 0x40u
#define DATA_MEMSZ  0x1100u
#define ENTRY       0x401020u

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("#   line %d: check failed: %s\n", __LINE__, #cond);                \
			show_result();                                                             \
			return false;                                                              \
		}                                                                                  \
	} while (0)

struct img {
	uint8_t bytes[IMG_SIZE];
	size_t len;
	size_t phnum;
};

struct phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

static const struct elf_limits std_limits = {.user_min = USER_MIN, .user_max = USER_MAX};

static uint8_t *g_buf; /* heap copy of the image under test, exactly g_size bytes */
static size_t g_size;
static struct elf_image g_out;
static struct elf_error g_err;
static enum elf_status g_st;

/* ---- image builder ---- */

static void put(struct img *b, size_t off, uint64_t v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b->bytes[off + i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n > 0) {
		n--;
		v = v << 8 | p[n];
	}
	return v;
}

static void grow(struct img *b, size_t end)
{
	if (end > sizeof(b->bytes)) {
		fprintf(stderr, "test image overflow\n");
		exit(2);
	}
	if (end > b->len)
		b->len = end;
}

/* An ELF header for a static x86-64 executable with no program headers yet. */
static void img_begin(struct img *b, uint64_t entry)
{
	static const uint8_t ident[16] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};

	memset(b, 0, sizeof(*b));
	memcpy(b->bytes, ident, sizeof(ident));
	put(b, E_TYPE, 2, 2);
	put(b, E_MACHINE, 62, 2);
	put(b, E_VERSION, 1, 4);
	put(b, E_ENTRY, entry, 8);
	put(b, E_PHOFF, PHOFF, 8);
	put(b, E_EHSIZE, 64, 2);
	put(b, E_PHENTSIZE, PHENT, 2);
	put(b, 58, 64, 2); /* e_shentsize; there are no section headers */
	b->len = 64;
}

/* Append a program header; returns its index. */
static size_t add_phdr(struct img *b, struct phdr p)
{
	size_t off = PHOFF + b->phnum * PHENT;

	grow(b, off + PHENT);
	put(b, off + P_TYPE, p.type, 4);
	put(b, off + P_FLAGS, p.flags, 4);
	put(b, off + P_OFFSET, p.offset, 8);
	put(b, off + P_VADDR, p.vaddr, 8);
	put(b, off + 24, p.vaddr, 8); /* p_paddr */
	put(b, off + P_FILESZ, p.filesz, 8);
	put(b, off + P_MEMSZ, p.memsz, 8);
	put(b, off + P_ALIGN, p.align, 8);
	put(b, E_PHNUM, ++b->phnum, 2);
	return b->phnum - 1;
}

/* Fill the segment bytes [off, off + n) with a pattern. */
static void add_bytes(struct img *b, size_t off, size_t n, uint8_t seed)
{
	size_t i;

	grow(b, off + n);
	for (i = 0; i < n; i++)
		b->bytes[off + i] = (uint8_t)(seed + i * 7);
}

/* Set a field of program header i; p_type and p_flags are 4 bytes, the rest 8. */
static void set_ph(struct img *b, size_t i, size_t field, uint64_t v)
{
	put(b, PHOFF + i * PHENT + field, v, field == P_TYPE || field == P_FLAGS ? 4 : 8);
}

static struct phdr load(uint32_t flags, uint64_t offset, uint64_t vaddr, uint64_t filesz,
			uint64_t memsz)
{
	return (struct phdr){PT_LOAD, flags, offset, vaddr, filesz, memsz, 0x1000};
}

/* The good image: text (header 0), data and bss (header 1), GNU_STACK (header 2). */
static void make_good(struct img *b)
{
	img_begin(b, ENTRY);
	add_phdr(b, load(PF_R | PF_X, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ));
	add_phdr(b, load(PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ));
	add_phdr(b, (struct phdr){PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16});
	add_bytes(b, TEXT_OFF, TEXT_SZ, 0x90);
	add_bytes(b, DATA_OFF, DATA_FILESZ, 0x11);
}

/* Eight small segments listed out of address order, alternately RX and RW. */
static void make_many(struct img *b)
{
	size_t i, k;

	img_begin(b, 0x500010);
	add_phdr(b, (struct phdr){PT_NOTE, PF_R, 0x800, 0, 0x20, 0x20, 4});
	for (i = 0; i < 8; i++) {
		k = (i * 3) % 8;
		add_phdr(b, load(k % 2 ? PF_R | PF_W : PF_R | PF_X, 0x1000 + k * 0x40,
				 0x500000 + k * 0x2040, 0x30, 0x30 + k * 0x100));
	}
	add_bytes(b, 0x800, 0xa00, 0x5a);
}

/* ELF_MAX_SEGMENTS + 1 loads on consecutive pages; e_phnum counts only the first 16. */
static void make_full(struct img *b)
{
	size_t i;

	img_begin(b, 0x500000);
	for (i = 0; i <= ELF_MAX_SEGMENTS; i++)
		add_phdr(b, load(PF_R | PF_X, 0x1000, 0x500000 + i * 0x1000, 0x10, 0x10));
	add_bytes(b, 0x1000, 0x10, 0);
	put(b, E_PHNUM, ELF_MAX_SEGMENTS, 2);
}

/* ---- running the validator ---- */

static void show_result(void)
{
	printf("# %s: %.*s\n", elf_status_name(g_err.status), (int)sizeof(g_err.message),
	       g_err.message);
}

/* Validate size bytes copied from data into a heap buffer of exactly that size. */
static enum elf_status run_raw(const void *data, size_t size, const struct elf_limits *limits)
{
	free(g_buf);
	g_size = size;
	g_buf = malloc(size > 0 ? size : 1);
	if (g_buf == NULL) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	memcpy(g_buf, data, size);
	memset(&g_out, 0xa5, sizeof(g_out));
	memset(&g_err, 0xa5, sizeof(g_err));
	g_st = elf_validate(g_buf, size, limits, &g_out, &g_err);
	return g_st;
}

static enum elf_status run_size(const struct img *b, size_t size)
{
	return run_raw(b->bytes, size, &std_limits);
}

static enum elf_status run(const struct img *b)
{
	return run_size(b, b->len);
}

static bool message_ok(const struct elf_error *err)
{
	return memchr(err->message, '\0', sizeof(err->message)) != NULL &&
	       err->message[0] != '\0' && strchr(err->message, '\n') == NULL;
}

/* The last run failed with want, a one-line message and (if word) word in it. */
static bool expect(enum elf_status want, const char *word)
{
	bool ok = g_st == want && g_err.status == want && message_ok(&g_err) &&
		  (word == NULL || strstr(g_err.message, word) != NULL);

	show_result();
	if (!ok)
		printf("#   expected %s%s%s\n", elf_status_name(want),
		       word != NULL ? " mentioning " : "", word != NULL ? word : "");
	return ok;
}

/* Run b with program header i's field set to v and expect want mentioning word. */
static bool expect_ph(struct img *b, size_t i, size_t field, uint64_t v, enum elf_status want,
		      const char *word)
{
	set_ph(b, i, field, v);
	run(b);
	return expect(want, word);
}

/* The output segment s is the given load. */
static bool segment_is(const struct elf_segment *s, struct phdr p)
{
	return s->vaddr == p.vaddr && s->memsz == p.memsz && s->file_offset == p.offset &&
	       s->filesz == p.filesz && s->read == !!(p.flags & PF_R) &&
	       s->write == !!(p.flags & PF_W) && s->execute == !!(p.flags & PF_X);
}

/* ---- good images ---- */

static bool t_good(void)
{
	struct img b;

	make_good(&b);
	CHECK(run(&b) == ELF_OK && g_err.status == ELF_OK && strcmp(g_err.message, "ok") == 0);
	CHECK(g_out.entry == ENTRY && g_out.segment_count == 2);
	CHECK(g_out.segments[0].vaddr == TEXT_VA && g_out.segments[0].memsz == TEXT_SZ);
	CHECK(g_out.segments[0].file_offset == TEXT_OFF && g_out.segments[0].filesz == TEXT_SZ);
	CHECK(g_out.segments[0].read && !g_out.segments[0].write && g_out.segments[0].execute);
	CHECK(g_out.segments[1].vaddr == DATA_VA && g_out.segments[1].memsz == DATA_MEMSZ);
	CHECK(g_out.segments[1].file_offset == DATA_OFF && g_out.segments[1].filesz == DATA_FILESZ);
	CHECK(g_out.segments[1].read && g_out.segments[1].write && !g_out.segments[1].execute);
	CHECK(g_size == DATA_OFF + DATA_FILESZ); /* the data ends the file exactly */
	return true;
}

static bool t_null_err(void)
{
	struct img b;

	make_good(&b);
	CHECK(elf_validate(b.bytes, 63, &std_limits, &g_out, NULL) == ELF_BAD_HEADER);
	CHECK(elf_validate(b.bytes, b.len, &std_limits, &g_out, NULL) == ELF_OK);
	return true;
}

static bool t_status_names(void)
{
	static const char *const names[] = {
		"ok", "bad-header", "bad-phdr", "bad-segment", "overlap", "bad-entry", "too-many",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		CHECK(strcmp(elf_status_name((enum elf_status)i), names[i]) == 0);
	CHECK(strcmp(elf_status_name((enum elf_status)99), "unknown") == 0);
	return true;
}

static bool t_null_args(void)
{
	struct img b;

	make_good(&b);
	memset(&g_err, 0, sizeof(g_err));
	g_st = elf_validate(NULL, 4096, &std_limits, &g_out, &g_err);
	if (!expect(ELF_BAD_HEADER, "file pointer is NULL"))
		return false;
	g_st = elf_validate(b.bytes, b.len, NULL, &g_out, &g_err);
	if (!expect(ELF_BAD_HEADER, "limits pointer is NULL"))
		return false;
	g_st = elf_validate(b.bytes, b.len, &std_limits, NULL, &g_err);
	return expect(ELF_BAD_HEADER, "out pointer is NULL");
}

static bool t_unaligned_file(void)
{
	struct img b;
	uint8_t *p;

	make_good(&b);
	p = malloc(b.len + 1);
	CHECK(p != NULL);
	memcpy(p + 1, b.bytes, b.len);
	g_st = elf_validate(p + 1, b.len, &std_limits, &g_out, &g_err);
	free(p);
	CHECK(g_st == ELF_OK && g_out.entry == ENTRY && g_out.segment_count == 2);
	return true;
}

static bool t_ignored_types(void)
{
	static const uint32_t types[] = {
		PT_NULL, PT_NOTE, PT_PHDR, PT_TLS, PT_GNU_PROPERTY, PT_GNU_RELRO, 0x12345678,
	};
	struct img b;
	size_t i;

	make_good(&b);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) /* garbage fields are ignored */
		add_phdr(&b, (struct phdr){types[i], 7, UINT64_MAX, 3, 1, 0, 3});
	CHECK(run(&b) == ELF_OK && g_out.segment_count == 2);
	return true;
}

static bool t_unsorted(void)
{
	static const struct phdr want[3] = {
		{PT_LOAD, PF_R | PF_X, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ, 0x1000},
		{PT_LOAD, PF_R, 0x1800, 0x402800, 0x10, 0x10, 0x1000},
		{PT_LOAD, PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ, 0x1000},
	};
	struct img b;

	img_begin(&b, ENTRY);
	add_phdr(&b, want[2]);
	add_phdr(&b, want[0]);
	add_phdr(&b, want[1]);
	add_bytes(&b, TEXT_OFF, DATA_OFF + DATA_FILESZ - TEXT_OFF, 0);
	CHECK(run(&b) == ELF_OK && g_out.segment_count == 3);
	CHECK(segment_is(&g_out.segments[0], want[0]));
	CHECK(segment_is(&g_out.segments[1], want[1]));
	CHECK(segment_is(&g_out.segments[2], want[2]));
	return true;
}

static bool t_align_accepted(void)
{
	static const uint64_t aligns[] = {0, 1, 0x1000, 0x200000, 1ull << 63};
	struct img b;
	size_t i;

	for (i = 0; i < sizeof(aligns) / sizeof(aligns[0]); i++) {
		make_good(&b);
		set_ph(&b, 0, P_ALIGN, aligns[i]);
		CHECK(run(&b) == ELF_OK);
	}
	return true;
}

static bool t_user_edges(void)
{
	struct img b;

	img_begin(&b, USER_MIN);
	add_phdr(&b, load(PF_R | PF_X, 0, USER_MIN, 0x100, 0x100)); /* ELF header included */
	add_phdr(&b, load(PF_R | PF_W, 0x200, USER_MAX - 0xe00, 0x10, 0xe00));
	add_bytes(&b, 0x200, 0x10, 0);
	CHECK(run(&b) == ELF_OK && g_out.segment_count == 2);
	CHECK(g_out.segments[1].vaddr + g_out.segments[1].memsz == USER_MAX);
	return true;
}

static bool t_bss_only(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 1, P_FILESZ, 0); /* pure bss */
	set_ph(&b, 1, P_OFFSET, 0x2010 + 0x3000);
	run(&b);
	if (!expect(ELF_BAD_SEGMENT, "p_offset")) /* still must be inside the file */
		return false;
	set_ph(&b, 1, P_OFFSET, 0x1010);
	CHECK(run(&b) == ELF_OK && g_out.segments[1].filesz == 0);
	return true;
}

static bool t_adjacent_pages(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 0, P_MEMSZ, 0x1000); /* text [0x401000, 0x402000) */
	set_ph(&b, 1, P_VADDR, 0x402010);
	CHECK(run(&b) == ELF_OK && g_out.segment_count == 2);
	return true;
}

static bool t_max_segments(void)
{
	struct img b;
	size_t i;

	make_full(&b);
	CHECK(run(&b) == ELF_OK && g_out.segment_count == ELF_MAX_SEGMENTS);
	for (i = 0; i < ELF_MAX_SEGMENTS; i++)
		CHECK(g_out.segments[i].vaddr == 0x500000 + i * 0x1000);
	return true;
}

/* ---- the ELF header ---- */

static bool t_short(void)
{
	struct img b;

	make_good(&b);
	run_size(&b, 63);
	if (!expect(ELF_BAD_HEADER, "file of 63 bytes"))
		return false;
	run_size(&b, 0);
	return expect(ELF_BAD_HEADER, "file of 0 bytes");
}

static bool t_magic(void)
{
	struct img b;

	make_good(&b);
	b.bytes[3] = 'f';
	run(&b);
	return expect(ELF_BAD_HEADER, "magic 0x7f454c66");
}

static bool t_class(void)
{
	struct img b;

	make_good(&b);
	b.bytes[4] = 1; /* ELFCLASS32 */
	run(&b);
	return expect(ELF_BAD_HEADER, "EI_CLASS 1 ");
}

static bool t_data(void)
{
	struct img b;

	make_good(&b);
	b.bytes[5] = 2; /* big endian */
	run(&b);
	return expect(ELF_BAD_HEADER, "EI_DATA 2 ");
}

static bool t_ident_version(void)
{
	struct img b;

	make_good(&b);
	b.bytes[6] = 0;
	run(&b);
	return expect(ELF_BAD_HEADER, "EI_VERSION 0 ");
}

static bool t_osabi(void)
{
	struct img b;

	make_good(&b);
	b.bytes[7] = 3; /* ELFOSABI_LINUX */
	run(&b);
	return expect(ELF_BAD_HEADER, "EI_OSABI 3 ");
}

static bool t_type(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_TYPE, 3, 2); /* ET_DYN: a PIE */
	run(&b);
	if (!expect(ELF_BAD_HEADER, "e_type 3 "))
		return false;
	put(&b, E_TYPE, 1, 2); /* ET_REL */
	run(&b);
	return expect(ELF_BAD_HEADER, "e_type 1 ");
}

static bool t_machine(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_MACHINE, 3, 2); /* EM_386 */
	run(&b);
	return expect(ELF_BAD_HEADER, "e_machine 3 ");
}

static bool t_version(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_VERSION, 0, 4);
	run(&b);
	return expect(ELF_BAD_HEADER, "e_version 0 ");
}

static bool t_ehsize(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_EHSIZE, 52, 2);
	run(&b);
	return expect(ELF_BAD_HEADER, "e_ehsize 52 ");
}

static bool t_phentsize(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_PHENTSIZE, 32, 2);
	run(&b);
	return expect(ELF_BAD_HEADER, "e_phentsize 32 ");
}

/* ---- the program header table ---- */

static bool t_phnum_zero(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_PHNUM, 0, 2);
	run(&b);
	return expect(ELF_BAD_PHDR, "e_phnum 0 ");
}

static bool t_phnum_large(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_PHNUM, 65, 2); /* the table would still fit in the file */
	run(&b);
	if (!expect(ELF_BAD_PHDR, "e_phnum 65 "))
		return false;
	put(&b, E_PHNUM, 0xffff, 2); /* PN_XNUM */
	run(&b);
	return expect(ELF_BAD_PHDR, "e_phnum 65535 ");
}

static bool t_phoff_unaligned(void)
{
	struct img b;

	make_good(&b);
	memmove(b.bytes + PHOFF + 4, b.bytes + PHOFF, 3 * PHENT);
	put(&b, E_PHOFF, PHOFF + 4, 8);
	run(&b);
	return expect(ELF_BAD_PHDR, "e_phoff 0x44 is not 8-byte aligned");
}

static bool t_phdrs_past_end(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_PHOFF, (b.len - 2 * PHENT) & ~(size_t)7, 8);
	run(&b);
	if (!expect(ELF_BAD_PHDR, "runs past the end"))
		return false;
	make_good(&b);
	run_size(&b, PHOFF + 3 * PHENT - 1); /* short by one byte */
	if (!expect(ELF_BAD_PHDR, "runs past the end of the 0xe7-byte file"))
		return false;
	put(&b, E_PHOFF, UINT64_MAX & ~(uint64_t)7, 8); /* offset + size wraps */
	run(&b);
	return expect(ELF_BAD_PHDR, "e_phoff 0xfffffffffffffff8");
}

static bool t_interp(void)
{
	struct img b;

	make_good(&b);
	add_phdr(&b, (struct phdr){PT_INTERP, PF_R, 0x200, 0x400200, 0x1c, 0x1c, 1});
	run(&b);
	return expect(ELF_BAD_PHDR,
		      "program header 3 at offset 0xe8: PT_INTERP: dynamic executables are not "
		      "supported");
}

static bool t_dynamic(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 2, P_TYPE, PT_DYNAMIC);
	run(&b);
	return expect(ELF_BAD_PHDR, "PT_DYNAMIC: dynamic executables are not supported");
}

static bool t_no_load(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 0, P_TYPE, PT_NOTE);
	set_ph(&b, 1, P_TYPE, PT_NULL);
	run(&b);
	return expect(ELF_BAD_PHDR, "none of the 3 program headers is PT_LOAD");
}

/* ---- load segments ---- */

static bool t_filesz_above_memsz(void)
{
	struct img b;

	make_good(&b);
	return expect_ph(&b, 1, P_MEMSZ, DATA_FILESZ - 1, ELF_BAD_SEGMENT,
			 "program header 1 at offset 0x78: p_filesz 0x40 exceeds p_memsz 0x3f");
}

static bool t_memsz_zero(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 1, P_FILESZ, 0);
	return expect_ph(&b, 1, P_MEMSZ, 0, ELF_BAD_SEGMENT, "p_memsz is 0");
}

static bool t_file_range(void)
{
	struct img b;

	make_good(&b);
	if (!expect_ph(&b, 1, P_FILESZ, DATA_FILESZ + 1, ELF_BAD_SEGMENT,
		       "p_offset 0x2010 + p_filesz 0x41 runs past the end of the 0x2050-byte file"))
		return false;
	make_good(&b);
	set_ph(&b, 1, P_MEMSZ, UINT64_MAX - 0x10000000);
	set_ph(&b, 1, P_FILESZ, 0x20);
	return expect_ph(&b, 1, P_OFFSET, UINT64_MAX - 0xf, ELF_BAD_SEGMENT, "runs past the end");
}

static bool t_vaddr_wraps(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 1, P_VADDR, 0xfffffffffffff010);
	return expect_ph(&b, 1, P_MEMSZ, 0x2000, ELF_BAD_SEGMENT, "wraps past 2^64");
}

static bool t_below_user(void)
{
	struct img b;

	make_good(&b);
	return expect_ph(&b, 0, P_VADDR, 0xf000, ELF_BAD_SEGMENT,
			 "[0xf000, 0xf234) is outside user space [0x10000, 0x7ffffffff000)");
}

static bool t_above_user(void)
{
	struct img b;

	make_good(&b);
	if (!expect_ph(&b, 1, P_VADDR, USER_MAX - DATA_MEMSZ + 1, ELF_BAD_SEGMENT,
		       "outside user space")) /* ends one byte past */
		return false;
	make_good(&b);
	return expect_ph(&b, 0, P_VADDR, 0xffff800000001000, ELF_BAD_SEGMENT,
			 "[0xffff800000001000, 0xffff800000001234) is outside user space");
}

static bool t_align_bad(void)
{
	struct img b;

	make_good(&b);
	if (!expect_ph(&b, 0, P_ALIGN, 0x800, ELF_BAD_SEGMENT, "p_align 0x800 "))
		return false;
	return expect_ph(&b, 0, P_ALIGN, 0x3000, ELF_BAD_SEGMENT, "p_align 0x3000 ");
}

static bool t_incongruent(void)
{
	struct img b;

	make_good(&b);
	return expect_ph(&b, 1, P_VADDR, DATA_VA + 8, ELF_BAD_SEGMENT,
			 "p_vaddr 0x403018 and p_offset 0x2010 differ modulo 0x1000");
}

static bool t_wx(void)
{
	struct img b;

	make_good(&b);
	if (!expect_ph(&b, 1, P_FLAGS, PF_R | PF_W | PF_X, ELF_BAD_SEGMENT, "(W^X)"))
		return false;
	return expect_ph(&b, 0, P_FLAGS, PF_W | PF_X, ELF_BAD_SEGMENT,
			 "program header 0 at offset 0x40: segment at 0x401000 is writable and "
			 "executable (W^X)");
}

static bool t_too_many(void)
{
	struct img b;

	make_full(&b);
	put(&b, E_PHNUM, ELF_MAX_SEGMENTS + 1, 2);
	run(&b);
	return expect(ELF_TOO_MANY, "program header 16 at offset 0x3c0: more than 16 PT_LOAD");
}

/* ---- overlap ---- */

static bool t_overlap_page(void)
{
	struct img b;

	make_good(&b);
	set_ph(&b, 1, P_OFFSET, 0x1ff0); /* data at 0x401ff0: no shared byte, a shared page */
	set_ph(&b, 1, P_VADDR, 0x401ff0);
	add_bytes(&b, 0x1ff0, DATA_FILESZ, 0);
	run(&b);
	return expect(ELF_OVERLAP, "segments of program headers 0 [0x401000, 0x401234) and 1 "
				   "[0x401ff0, 0x4030f0) share the page at 0x401000");
}

static bool t_overlap_unsorted(void)
{
	struct img b;

	img_begin(&b, ENTRY);
	add_phdr(&b, load(PF_R | PF_W, DATA_OFF, DATA_VA, DATA_FILESZ, DATA_MEMSZ));
	add_phdr(&b, load(PF_R, 0x1800, 0x404800, 0x10, 0x10));
	add_phdr(&b, load(PF_R | PF_X, TEXT_OFF, TEXT_VA, 0x2800, 0x2800)); /* over the data */
	add_bytes(&b, TEXT_OFF, 0x2800, 0);
	run(&b);
	return expect(ELF_OVERLAP, "program headers 2 [0x401000, 0x403800) and 0 [0x403010, "
				   "0x404110) share the page at 0x403000");
}

static bool t_overlap_same(void)
{
	struct img b;

	make_good(&b);
	add_phdr(&b, load(PF_R, TEXT_OFF, TEXT_VA, TEXT_SZ, TEXT_SZ));
	run(&b);
	return expect(ELF_OVERLAP, "share the page at 0x401000");
}

/* ---- entry point ---- */

static bool t_entry_outside(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_ENTRY, 0x402000, 8); /* in the gap between text and data */
	run(&b);
	if (!expect(ELF_BAD_ENTRY, "entry point 0x402000 is not inside any loadable segment"))
		return false;
	put(&b, E_ENTRY, 0, 8);
	run(&b);
	return expect(ELF_BAD_ENTRY, "entry point 0x0 ");
}

static bool t_entry_in_data(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_ENTRY, DATA_VA + 0x800, 8); /* in the bss */
	run(&b);
	return expect(ELF_BAD_ENTRY, "entry point 0x403810 is in the non-executable segment of "
				     "program header 1 [0x403010, 0x404110)");
}

static bool t_entry_edges(void)
{
	struct img b;

	make_good(&b);
	put(&b, E_ENTRY, TEXT_VA + TEXT_SZ - 1, 8);
	CHECK(run(&b) == ELF_OK && g_out.entry == TEXT_VA + TEXT_SZ - 1);
	put(&b, E_ENTRY, TEXT_VA, 8);
	CHECK(run(&b) == ELF_OK && g_out.entry == TEXT_VA);
	put(&b, E_ENTRY, TEXT_VA + TEXT_SZ, 8); /* one past the end */
	run(&b);
	return expect(ELF_BAD_ENTRY, "entry point 0x401234 ");
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

/* How many PT_LOAD headers the file under test has that equal s. */
static size_t loads_matching(const struct elf_segment *s)
{
	uint64_t phoff = get(g_buf + E_PHOFF, 8), off;
	size_t i, phnum = get(g_buf + E_PHNUM, 2), n = 0;
	uint32_t flags;

	for (i = 0; i < phnum; i++) {
		off = phoff + i * PHENT;
		if (get(g_buf + off + P_TYPE, 4) != PT_LOAD)
			continue;
		flags = (uint32_t)get(g_buf + off + P_FLAGS, 4);
		n += segment_is(s, (struct phdr){PT_LOAD, flags, get(g_buf + off + P_OFFSET, 8),
						 get(g_buf + off + P_VADDR, 8),
						 get(g_buf + off + P_FILESZ, 8),
						 get(g_buf + off + P_MEMSZ, 8), 0});
	}
	return n;
}

static size_t load_count(void)
{
	uint64_t phoff = get(g_buf + E_PHOFF, 8);
	size_t i, phnum = get(g_buf + E_PHNUM, 2), n = 0;

	for (i = 0; i < phnum; i++)
		n += get(g_buf + phoff + i * PHENT + P_TYPE, 4) == PT_LOAD;
	return n;
}

/* The facts of an accepted image are self-consistent and match the file. */
static bool invariants_hold(void)
{
	const struct elf_segment *s = g_out.segments;
	bool entry_ok = false;
	size_t i, j;

	CHECK(g_size >= 64 && g_out.entry == get(g_buf + E_ENTRY, 8));
	CHECK(g_out.segment_count >= 1 && g_out.segment_count <= ELF_MAX_SEGMENTS);
	CHECK(g_out.segment_count == load_count());
	for (i = 0; i < g_out.segment_count; i++) {
		CHECK(s[i].memsz > 0 && s[i].filesz <= s[i].memsz);
		CHECK(s[i].file_offset <= g_size && s[i].filesz <= g_size - s[i].file_offset);
		CHECK(s[i].vaddr >= USER_MIN && s[i].memsz <= USER_MAX - s[i].vaddr);
		CHECK(s[i].vaddr % 4096 == s[i].file_offset % 4096);
		CHECK(!(s[i].write && s[i].execute));
		CHECK(loads_matching(&s[i]) >= 1);
		for (j = 0; j < i; j++) /* sorted and no shared page */
			CHECK(s[j].vaddr < s[i].vaddr &&
			      (s[j].vaddr + s[j].memsz - 1) / 4096 < s[i].vaddr / 4096);
		entry_ok |= s[i].execute && s[i].vaddr <= g_out.entry &&
			    g_out.entry - s[i].vaddr < s[i].memsz;
	}
	CHECK(entry_ok);
	return true;
}

/* Damage a copy of good in one to four places, mostly in the headers. */
static void mutate(struct img *b, const struct img *good)
{
	static const uint64_t words[] = {
		0,
		1,
		2,
		3,
		7,
		0x38,
		0x40,
		0xfff,
		0x1000,
		0x1001,
		0x200000,
		USER_MIN,
		USER_MAX,
		USER_MAX - 1,
		0x401000,
		0x403010,
		UINT64_MAX,
		1ull << 63,
		UINT64_MAX - 0xfff,
	};
	size_t k, n = 1 + rng() % 4, off, span;

	*b = *good;
	span = rng() % 4 != 0 ? PHOFF + good->phnum * PHENT : good->len;
	for (k = 0; k < n; k++) {
		off = rng() % span;
		switch (rng() % 4) {
		case 0:
			b->bytes[off] ^= (uint8_t)(1u << rng() % 8);
			break;
		case 1:
			b->bytes[off] = (uint8_t)rng();
			break;
		case 2:
			put(b, off & ~(size_t)1, rng() % 2 ? rng() % 80 : rng() % 0x10000, 2);
			break;
		default:
			put(b, off & ~(size_t)7, words[rng() % (sizeof(words) / sizeof(words[0]))],
			    8);
			break;
		}
	}
}

static bool t_mutations(void)
{
	static struct img good[3], b;
	unsigned long counts[ELF_TOO_MANY + 1] = {0};
	size_t size, s;
	long i;

	make_good(&good[0]);
	make_many(&good[1]);
	make_full(&good[2]);
	for (i = 0; i < MUTATION_ITERS; i++) {
		mutate(&b, &good[i % 3]);
		size = rng() % 8 == 0 ? rng() % (b.len + 1) : b.len;
		run_size(&b, size);
		CHECK((unsigned int)g_st <= ELF_TOO_MANY && g_err.status == g_st);
		counts[g_st]++;
		if (g_st != ELF_OK)
			CHECK(message_ok(&g_err));
		else if (!invariants_hold())
			return false;
	}
	printf("# %d mutations:", MUTATION_ITERS);
	for (s = 0; s <= ELF_TOO_MANY; s++)
		printf(" %s=%lu", elf_status_name((enum elf_status)s), counts[s]);
	printf("\n");
	for (s = 0; s <= ELF_TOO_MANY; s++)
		CHECK(counts[s] > 0);
	return true;
}

/* ---- driver ---- */

static const struct tap_test tests[] = {
	{"text and data+bss image validates with the expected facts", t_good},
	{"NULL err is allowed", t_null_err},
	{"status names", t_status_names},
	{"NULL file, limits or out pointer", t_null_args},
	{"file at an odd address validates", t_unaligned_file},
	{"non-load program headers are ignored", t_ignored_types},
	{"unsorted load segments are accepted and sorted", t_unsorted},
	{"p_align 0, 1 and powers of two from 0x1000 accepted", t_align_accepted},
	{"segments at user_min and ending at user_max accepted", t_user_edges},
	{"bss-only segment: accepted, offset still inside the file", t_bss_only},
	{"segments on adjacent pages accepted", t_adjacent_pages},
	{"exactly ELF_MAX_SEGMENTS load segments accepted", t_max_segments},
	{"file shorter than the ELF header", t_short},
	{"bad magic", t_magic},
	{"not ELFCLASS64", t_class},
	{"not little endian", t_data},
	{"EI_VERSION not EV_CURRENT", t_ident_version},
	{"OS ABI not SYSV", t_osabi},
	{"e_type not ET_EXEC (PIE, relocatable)", t_type},
	{"e_machine not x86-64", t_machine},
	{"e_version not 1", t_version},
	{"e_ehsize not 64", t_ehsize},
	{"e_phentsize not 56", t_phentsize},
	{"e_phnum 0", t_phnum_zero},
	{"e_phnum above 64", t_phnum_large},
	{"e_phoff not 8-aligned", t_phoff_unaligned},
	{"program header table past the end of the file", t_phdrs_past_end},
	{"PT_INTERP refused", t_interp},
	{"PT_DYNAMIC refused", t_dynamic},
	{"no PT_LOAD", t_no_load},
	{"p_filesz above p_memsz", t_filesz_above_memsz},
	{"p_memsz 0", t_memsz_zero},
	{"file bytes past the end of the file", t_file_range},
	{"p_vaddr + p_memsz wraps", t_vaddr_wraps},
	{"segment below user_min", t_below_user},
	{"segment past user_max", t_above_user},
	{"p_align not a power of two of at least 4 KiB", t_align_bad},
	{"p_vaddr and p_offset differ modulo 4 KiB", t_incongruent},
	{"writable and executable segment (W^X)", t_wx},
	{"more than ELF_MAX_SEGMENTS load segments", t_too_many},
	{"segments sharing a page overlap", t_overlap_page},
	{"overlap found after sorting names the right headers", t_overlap_unsorted},
	{"identical segments overlap", t_overlap_same},
	{"entry point outside every segment", t_entry_outside},
	{"entry point in a non-executable segment", t_entry_in_data},
	{"entry point at the first and last byte accepted, one past refused", t_entry_edges},
	{"mutated images never fault and accepted ones are consistent", t_mutations},
};

int main(void)
{
	size_t failed = tap_run(tests, sizeof(tests) / sizeof(tests[0]));
	free(g_buf);
	return failed > 0 ? 1 : 0;
}
