/*
 * ELF executable validator (see elf.h). Fields are read byte by byte through
 * rd(), which returns 0 for anything outside [0, size), so the file needs no
 * alignment. Every range taken from the file is checked by subtracting from
 * the size or from 2^64, never by a sum that could wrap, and page overlap is
 * decided on page numbers, so no rounding can wrap either.
 */
#include "elf.h"

#include "errfmt.h"

#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define MAX_PHNUM 64
#define ELF_PAGE  4096u

enum { PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PF_X = 1, PF_W = 2, PF_R = 4 };

/* A fixed-value field of the ELF header: n bytes at off must hold want. */
struct field {
	uint8_t off;
	uint8_t n;
	uint16_t want;
	const char *msg; /* "%d" is the value found */
};

static const struct field fixed_fields[] = {
	{4, 1, 2, "EI_CLASS %d is not ELFCLASS64 (2)"},
	{5, 1, 1, "EI_DATA %d is not ELFDATA2LSB (1, little endian)"},
	{6, 1, 1, "EI_VERSION %d is not EV_CURRENT (1)"},
	{7, 1, 0, "EI_OSABI %d is not ELFOSABI_SYSV (0)"},
	{16, 2, 2, "e_type %d is not ET_EXEC (2): only static, non-PIE executables load"},
	{18, 2, 62, "e_machine %d is not EM_X86_64 (62)"},
	{20, 4, 1, "e_version %d is not EV_CURRENT (1)"},
	{52, 2, EHDR_SIZE, "e_ehsize %d is not 64"},
	{54, 2, PHDR_SIZE, "e_phentsize %d is not 56"},
};

/* Arguments for the %x / %d directives of a failure message. */

struct check {
	const uint8_t *file;
	uint64_t size;
	const struct elf_limits *limits;
	struct elf_image *out;
	struct elf_error *err;
	struct errfmt msg;
	uint64_t phoff;
	uint32_t phnum;
	uint32_t ph;                         /* index of the program header being checked */
	uint32_t ph_index[ELF_MAX_SEGMENTS]; /* program header of each output segment */
};

static const char *const status_names[] = {
	[ELF_OK] = "ok",
	[ELF_BAD_HEADER] = "bad-header",
	[ELF_BAD_PHDR] = "bad-phdr",
	[ELF_BAD_SEGMENT] = "bad-segment",
	[ELF_OVERLAP] = "overlap",
	[ELF_BAD_ENTRY] = "bad-entry",
	[ELF_TOO_MANY] = "too-many",
};

/* Record failure st with fmt expanded as the message. */
static enum elf_status fail(struct check *c, enum elf_status st, const char *fmt,
			    const uint64_t *args)
{
	c->err->status = st;
	errfmt_reset(&c->msg);
	errfmt_put(&c->msg, fmt, args);
	return st;
}

/* As fail(), for a fault of the program header being walked: the message names it first. */
static enum elf_status fail_ph(struct check *c, enum elf_status st, const char *fmt,
			       const uint64_t *args)
{
	fail(c, st, "program header %d at offset %x: ",
	     ERRFMT_ARGS(c->ph, c->phoff + (uint64_t)c->ph * PHDR_SIZE));
	errfmt_put(&c->msg, fmt, args);
	return st;
}

/* Little-endian n-byte field at off; 0 if it does not lie wholly in the file. */
static uint64_t rd(const struct check *c, uint64_t off, unsigned int n)
{
	uint64_t v = 0;

	if (off > c->size || c->size - off < n)
		return 0;
	while (n > 0) {
		n--;
		v = v << 8 | c->file[off + n];
	}
	return v;
}

/* The ELF header: size, magic, fixed fields, then where the program header table lies. */
static enum elf_status check_ehdr(struct check *c)
{
	const uint8_t *id = c->file;
	const struct field *f;
	uint64_t v;
	size_t i;

	if (c->size < EHDR_SIZE)
		return fail(c, ELF_BAD_HEADER,
			    "file of %d bytes is shorter than the %d-byte ELF header",
			    ERRFMT_ARGS(c->size, EHDR_SIZE));
	if (id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return fail(c, ELF_BAD_HEADER, "magic %x is not 0x7f454c46 (\\x7f E L F)",
			    ERRFMT_ARGS((uint64_t)id[0] << 24 | id[1] << 16 | id[2] << 8 | id[3]));
	for (i = 0; i < sizeof(fixed_fields) / sizeof(fixed_fields[0]); i++) {
		f = &fixed_fields[i];
		v = rd(c, f->off, f->n);
		if (v != f->want)
			return fail(c, ELF_BAD_HEADER, f->msg, ERRFMT_ARGS(v));
	}
	c->phoff = rd(c, 32, 8);
	c->phnum = (uint32_t)rd(c, 56, 2);
	if (c->phnum == 0 || c->phnum > MAX_PHNUM)
		return fail(c, ELF_BAD_PHDR, "e_phnum %d is not in 1..%d",
			    ERRFMT_ARGS(c->phnum, MAX_PHNUM));
	if (c->phoff % 8 != 0)
		return fail(c, ELF_BAD_PHDR, "e_phoff %x is not 8-byte aligned",
			    ERRFMT_ARGS(c->phoff));
	if (c->phoff > c->size || c->size - c->phoff < (uint64_t)c->phnum * PHDR_SIZE)
		return fail(c, ELF_BAD_PHDR,
			    "program header table at e_phoff %x (%d entries of 56 bytes) runs past "
			    "the end of the %x-byte file",
			    ERRFMT_ARGS(c->phoff, c->phnum, c->size));
	return ELF_OK;
}

/* Sizes and placement of segment s: in the file, without wrapping, inside user space. */
static enum elf_status check_extent(struct check *c, const struct elf_segment *s)
{
	const struct elf_limits *l = c->limits;

	if (s->filesz > s->memsz)
		return fail_ph(c, ELF_BAD_SEGMENT, "p_filesz %x exceeds p_memsz %x",
			       ERRFMT_ARGS(s->filesz, s->memsz));
	if (s->memsz == 0)
		return fail_ph(c, ELF_BAD_SEGMENT, "p_memsz is 0", NULL);
	if (s->file_offset > c->size || s->filesz > c->size - s->file_offset)
		return fail_ph(c, ELF_BAD_SEGMENT,
			       "p_offset %x + p_filesz %x runs past the end of the %x-byte file",
			       ERRFMT_ARGS(s->file_offset, s->filesz, c->size));
	if (s->memsz > UINT64_MAX - s->vaddr)
		return fail_ph(c, ELF_BAD_SEGMENT, "p_vaddr %x + p_memsz %x wraps past 2^64",
			       ERRFMT_ARGS(s->vaddr, s->memsz));
	if (s->vaddr < l->user_min || s->vaddr + s->memsz > l->user_max)
		return fail_ph(
			c, ELF_BAD_SEGMENT, "[%x, %x) is outside user space [%x, %x)",
			ERRFMT_ARGS(s->vaddr, s->vaddr + s->memsz, l->user_min, l->user_max));
	return ELF_OK;
}

/* Check the PT_LOAD program header at off and append it to out->segments. */
static enum elf_status check_load(struct check *c, uint64_t off)
{
	struct elf_segment *s;
	uint64_t flags = rd(c, off + 4, 4), align = rd(c, off + 48, 8);
	enum elf_status st;

	if (c->out->segment_count == ELF_MAX_SEGMENTS)
		return fail_ph(c, ELF_TOO_MANY, "more than %d PT_LOAD segments",
			       ERRFMT_ARGS(ELF_MAX_SEGMENTS));
	s = &c->out->segments[c->out->segment_count];
	s->file_offset = rd(c, off + 8, 8);
	s->vaddr = rd(c, off + 16, 8);
	s->filesz = rd(c, off + 32, 8);
	s->memsz = rd(c, off + 40, 8);
	s->read = (flags & PF_R) != 0;
	s->write = (flags & PF_W) != 0;
	s->execute = (flags & PF_X) != 0;
	st = check_extent(c, s);
	if (st != ELF_OK)
		return st;
	if (align > 1 && (align < ELF_PAGE || (align & (align - 1)) != 0))
		return fail_ph(c, ELF_BAD_SEGMENT,
			       "p_align %x is not 0, 1 or a power of two of at least 0x1000",
			       ERRFMT_ARGS(align));
	if (s->vaddr % ELF_PAGE != s->file_offset % ELF_PAGE)
		return fail_ph(c, ELF_BAD_SEGMENT,
			       "p_vaddr %x and p_offset %x differ modulo 0x1000",
			       ERRFMT_ARGS(s->vaddr, s->file_offset));
	if (s->write && s->execute)
		return fail_ph(c, ELF_BAD_SEGMENT, "segment at %x is writable and executable (W^X)",
			       ERRFMT_ARGS(s->vaddr));
	c->ph_index[c->out->segment_count++] = c->ph;
	return ELF_OK;
}

/* Walk the program header table: take PT_LOAD, refuse dynamic linking, skip the rest. */
static enum elf_status walk_phdrs(struct check *c)
{
	uint64_t off;
	uint64_t type;
	enum elf_status st;

	for (c->ph = 0; c->ph < c->phnum; c->ph++) {
		off = c->phoff + (uint64_t)c->ph * PHDR_SIZE;
		type = rd(c, off, 4);
		if (type == PT_DYNAMIC || type == PT_INTERP)
			return fail_ph(
				c, ELF_BAD_PHDR,
				type == PT_INTERP
					? "PT_INTERP: dynamic executables are not supported"
					: "PT_DYNAMIC: dynamic executables are not supported",
				NULL);
		if (type == PT_LOAD) {
			st = check_load(c, off);
			if (st != ELF_OK)
				return st;
		}
	}
	if (c->out->segment_count == 0)
		return fail(c, ELF_BAD_PHDR, "none of the %d program headers is PT_LOAD",
			    ERRFMT_ARGS(c->phnum));
	return ELF_OK;
}

/* Insertion sort of the segments (and their program header indices) by vaddr. */
static void sort_segments(struct check *c)
{
	struct elf_segment *seg = c->out->segments, s;
	uint32_t ph;
	size_t i, j;

	for (i = 1; i < c->out->segment_count; i++) {
		s = seg[i];
		ph = c->ph_index[i];
		for (j = i; j > 0 && seg[j - 1].vaddr > s.vaddr; j--) {
			seg[j] = seg[j - 1];
			c->ph_index[j] = c->ph_index[j - 1];
		}
		seg[j] = s;
		c->ph_index[j] = ph;
	}
}

/*
 * With the segments sorted, no two share a page if no neighbours do: b's first
 * page must come after a's last ((end - 1) / page, as memsz > 0).
 */
static enum elf_status check_overlap(struct check *c)
{
	const struct elf_segment *a, *b;
	size_t i;

	for (i = 1; i < c->out->segment_count; i++) {
		a = &c->out->segments[i - 1];
		b = &c->out->segments[i];
		if (b->vaddr / ELF_PAGE <= (a->vaddr + a->memsz - 1) / ELF_PAGE)
			return fail(c, ELF_OVERLAP,
				    "segments of program headers %d [%x, %x) and %d [%x, %x) share "
				    "the page at %x",
				    ERRFMT_ARGS(c->ph_index[i - 1], a->vaddr, a->vaddr + a->memsz,
						c->ph_index[i], b->vaddr, b->vaddr + b->memsz,
						b->vaddr & ~(uint64_t)(ELF_PAGE - 1)));
	}
	return ELF_OK;
}

/* The entry point must lie inside an executable segment. */
static enum elf_status check_entry(struct check *c)
{
	const struct elf_segment *s;
	uint64_t entry = c->out->entry;
	size_t i;

	for (i = 0; i < c->out->segment_count; i++) {
		s = &c->out->segments[i];
		if (entry < s->vaddr || entry - s->vaddr >= s->memsz)
			continue;
		if (s->execute)
			return ELF_OK;
		return fail(c, ELF_BAD_ENTRY,
			    "entry point %x is in the non-executable segment of program header %d "
			    "[%x, %x)",
			    ERRFMT_ARGS(entry, c->ph_index[i], s->vaddr, s->vaddr + s->memsz));
	}
	return fail(c, ELF_BAD_ENTRY, "entry point %x is not inside any loadable segment",
		    ERRFMT_ARGS(entry));
}

enum elf_status elf_validate(const void *file, size_t size, const struct elf_limits *limits,
			     struct elf_image *out, struct elf_error *err)
{
	struct elf_error scratch;
	struct check c;
	enum elf_status st;

	c.file = file;
	c.size = size;
	c.limits = limits;
	c.out = out;
	c.err = err != NULL ? err : &scratch;
	c.msg = (struct errfmt){c.err->message, 0, sizeof(c.err->message)};
	c.phoff = 0;
	c.phnum = 0;
	c.ph = 0;
	if (file == NULL || limits == NULL || out == NULL)
		return fail(&c, ELF_BAD_HEADER,
			    file == NULL     ? "file pointer is NULL"
			    : limits == NULL ? "limits pointer is NULL"
					     : "out pointer is NULL",
			    NULL);
	out->entry = 0;
	out->segment_count = 0;
	st = check_ehdr(&c);
	if (st == ELF_OK)
		st = walk_phdrs(&c);
	if (st == ELF_OK) {
		out->entry = rd(&c, 24, 8);
		sort_segments(&c);
		st = check_overlap(&c);
	}
	if (st == ELF_OK)
		st = check_entry(&c);
	if (st == ELF_OK)
		fail(&c, ELF_OK, "ok", NULL); /* err reports success too */
	return st;
}

const char *elf_status_name(enum elf_status status)
{
	if ((size_t)status >= sizeof(status_names) / sizeof(status_names[0]))
		return "unknown";
	return status_names[status];
}
