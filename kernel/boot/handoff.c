/*
 * Multiboot2 boot handoff validator (see handoff.h). Fields are read through
 * rd32()/rd64(), which refuse anything outside the bytes trusted so far;
 * string scans stop at the end of their tag, which is checked to lie inside
 * total_size <= HANDOFF_MAX_INFO_SIZE, so no offset sum can overflow.
 *
 * Status rule: a malformed memory-map tag is bad-memory-map, a malformed
 * module tag bad-module, any other malformed tag bad-tag.
 */
#include "handoff.h"

#include "errfmt.h"

/* Multiboot2 tag types this validator knows. */
enum {
	TAG_END = 0,
	TAG_CMDLINE = 1,
	TAG_LOADER_NAME = 2,
	TAG_MODULE = 3,
	TAG_BASIC_MEMINFO = 4,
	TAG_BOOTDEV = 5,
	TAG_MMAP = 6,
	TAG_FRAMEBUFFER = 8,
	TAG_ACPI_OLD = 14,
	TAG_ACPI_NEW = 15,
};

#define TAG_HEADER_SIZE  8
#define MMAP_HEADER_SIZE 16
#define MMAP_MIN_ENTRY   24
#define MODULE_STRING    16 /* offset of the module's command line in its tag */
#define RSDP_V1_SIZE     20
#define RSDP_V2_SIZE     36
#define SINGLETON_TAGS                                                                             \
	(1u << TAG_CMDLINE | 1u << TAG_LOADER_NAME | 1u << TAG_BASIC_MEMINFO | 1u << TAG_BOOTDEV | \
	 1u << TAG_MMAP | 1u << TAG_FRAMEBUFFER | 1u << TAG_ACPI_OLD | 1u << TAG_ACPI_NEW)

/* Arguments for the %x / %d directives of a failure message. */

struct walk {
	const uint8_t *info;
	uint32_t total; /* bytes of info that may be read: 8, then total_size */
	const struct handoff_limits *limits;
	struct boot_handoff *out;
	struct handoff_error *err;
	struct errfmt msg;
	uint32_t at_off; /* where failures are blamed: the tag (or header) being checked */
	uint32_t at_type;
	uint32_t tag_size;
	uint32_t seen;     /* bit n: a singleton tag of type n was seen */
	uint32_t mmap_off; /* offset of the memory-map tag */
	uint32_t fb_off;   /* offset of the framebuffer tag */
	uint32_t mod_off[HANDOFF_MAX_MODULES];
};

static const char *const status_names[] = {
	[HANDOFF_OK] = "ok",
	[HANDOFF_BAD_MAGIC] = "bad-magic",
	[HANDOFF_BAD_POINTER] = "bad-pointer",
	[HANDOFF_BAD_TOTAL_SIZE] = "bad-total-size",
	[HANDOFF_BAD_TAG] = "bad-tag",
	[HANDOFF_DUPLICATE_TAG] = "duplicate-tag",
	[HANDOFF_MISSING_TAG] = "missing-tag",
	[HANDOFF_BAD_MEMORY_MAP] = "bad-memory-map",
	[HANDOFF_NO_USABLE_RAM] = "no-usable-ram",
	[HANDOFF_BAD_MODULE] = "bad-module",
	[HANDOFF_TOO_MANY] = "too-many",
};

/* Record failure st at (at_off, at_type) with fmt expanded as the message. */
static enum handoff_status fail(struct walk *w, enum handoff_status st, const char *fmt,
				const uint64_t *args)
{
	w->err->status = st;
	w->err->offset = w->at_off;
	w->err->tag_type = w->at_type;
	errfmt_reset(&w->msg);
	errfmt_put(&w->msg, fmt, args);
	return st;
}

/* As fail(), for a fault of the tag being walked: the message starts by naming it. */
static enum handoff_status fail_tag(struct walk *w, enum handoff_status st, const char *fmt,
				    const uint64_t *args)
{
	fail(w, st, "tag at offset %x (type %d): ", ERRFMT_ARGS(w->at_off, w->at_type));
	errfmt_put(&w->msg, fmt, args);
	return st;
}

/* Little-endian u32 at off; 0 if it does not lie wholly in the trusted bytes. */
static uint32_t rd32(const struct walk *w, uint32_t off)
{
	const uint8_t *p;

	if (off > w->total || w->total - off < 4)
		return 0;
	p = w->info + off;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Little-endian u64 at off; each half is bounds-checked by rd32(). */
static uint64_t rd64(const struct walk *w, uint32_t off)
{
	return (uint64_t)rd32(w, off) | (uint64_t)rd32(w, off + 4) << 32;
}

static bool overlaps(uint64_t a_start, uint64_t a_end, uint64_t b_start, uint64_t b_end)
{
	return a_start < b_end && b_start < a_end;
}

/* Point *dst at the string at tag offset start if it is NUL-terminated inside the tag. */
static enum handoff_status check_string(struct walk *w, uint32_t start, const char **dst,
					enum handoff_status st)
{
	uint32_t i;

	for (i = start; i < w->tag_size; i++) {
		if (w->info[w->at_off + i] == '\0') {
			*dst = (const char *)w->info + w->at_off + start;
			return HANDOFF_OK;
		}
	}
	return fail_tag(w, st, "string at offset %x has no NUL before the tag ends at %x",
			ERRFMT_ARGS(w->at_off + start, w->at_off + w->tag_size));
}

static enum handoff_status check_module(struct walk *w)
{
	struct handoff_module *mod;

	if (w->tag_size < MODULE_STRING + 1)
		return fail_tag(w, HANDOFF_BAD_MODULE, "size %x is below the minimum %x",
				ERRFMT_ARGS(w->tag_size, MODULE_STRING + 1));
	if (w->out->module_count == HANDOFF_MAX_MODULES)
		return fail_tag(w, HANDOFF_TOO_MANY, "more than %d modules",
				ERRFMT_ARGS(HANDOFF_MAX_MODULES));
	mod = &w->out->modules[w->out->module_count];
	mod->start = rd32(w, w->at_off + 8);
	mod->end = rd32(w, w->at_off + 12);
	if (mod->start > mod->end)
		return fail_tag(w, HANDOFF_BAD_MODULE, "mod_start %x is above mod_end %x",
				ERRFMT_ARGS(mod->start, mod->end));
	if (check_string(w, MODULE_STRING, &mod->cmdline, HANDOFF_BAD_MODULE) != HANDOFF_OK)
		return HANDOFF_BAD_MODULE;
	w->mod_off[w->out->module_count++] = w->at_off;
	return HANDOFF_OK;
}

/* Check the memory-map entry at off and append it to out->regions. */
static enum handoff_status take_region(struct walk *w, uint32_t off)
{
	struct handoff_region *r = &w->out->regions[w->out->region_count];

	r->base = rd64(w, off);
	r->length = rd64(w, off + 8);
	r->type = rd32(w, off + 16);
	if (r->length == 0)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP,
				"entry at offset %x (base %x) has length 0",
				ERRFMT_ARGS(off, r->base));
	if (r->length > UINT64_MAX - r->base)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP,
				"entry at offset %x: base %x + length %x overflows",
				ERRFMT_ARGS(off, r->base, r->length));
	w->out->region_count++;
	return HANDOFF_OK;
}

static enum handoff_status check_mmap(struct walk *w)
{
	uint32_t esize, version, body, off;
	enum handoff_status st;

	if (w->tag_size < MMAP_HEADER_SIZE)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP, "size %x is below the header size %x",
				ERRFMT_ARGS(w->tag_size, MMAP_HEADER_SIZE));
	esize = rd32(w, w->at_off + 8);
	version = rd32(w, w->at_off + 12);
	body = w->tag_size - MMAP_HEADER_SIZE;
	if (esize < MMAP_MIN_ENTRY)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP, "entry_size %x is below %x",
				ERRFMT_ARGS(esize, MMAP_MIN_ENTRY));
	if (esize % 8 != 0)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP, "entry_size %x is not a multiple of 8",
				ERRFMT_ARGS(esize));
	if (version != 0)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP, "entry_version %d is not 0",
				ERRFMT_ARGS(version));
	if (body == 0)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP, "memory map has no entries", NULL);
	if (body % esize != 0)
		return fail_tag(w, HANDOFF_BAD_MEMORY_MAP,
				"%x bytes of entries is not a multiple of entry_size %x",
				ERRFMT_ARGS(body, esize));
	if (body / esize > HANDOFF_MAX_REGIONS)
		return fail_tag(w, HANDOFF_TOO_MANY, "%d entries exceed the maximum %d",
				ERRFMT_ARGS(body / esize, HANDOFF_MAX_REGIONS));
	w->mmap_off = w->at_off;
	for (off = MMAP_HEADER_SIZE; off < w->tag_size; off += esize) {
		st = take_region(w, w->at_off + off);
		if (st != HANDOFF_OK)
			return st;
	}
	return HANDOFF_OK;
}

static enum handoff_status check_acpi(struct walk *w, uint32_t rsdp_size)
{
	if (w->tag_size < TAG_HEADER_SIZE + rsdp_size)
		return fail_tag(w, HANDOFF_BAD_TAG, "size %x is below the %x needed for the RSDP",
				ERRFMT_ARGS(w->tag_size, TAG_HEADER_SIZE + rsdp_size));
	if (w->at_type == TAG_ACPI_NEW || !(w->seen & 1u << TAG_ACPI_NEW)) {
		w->out->acpi_rsdp = w->info + w->at_off + TAG_HEADER_SIZE;
		w->out->acpi_rsdp_size = w->tag_size - TAG_HEADER_SIZE;
	}
	return HANDOFF_OK;
}

#define FB_HEADER_SIZE 32 /* through the type byte and the reserved u16 */
#define FB_RGB_SIZE    38 /* and six bytes of channel positions and sizes */
#define FB_KIND_RGB    1
#define FB_KIND_MAX    2

static uint8_t rd8(const struct walk *w, uint32_t off)
{
	return off < w->total ? w->info[off] : 0;
}

/* The framebuffer tag: geometry that adds up, a known kind, a page-aligned base. */
static enum handoff_status check_framebuffer(struct walk *w)
{
	struct handoff_framebuffer *fb = &w->out->framebuffer;
	uint32_t at = w->at_off;

	if (w->tag_size < FB_HEADER_SIZE)
		return fail_tag(w, HANDOFF_BAD_TAG, "size %x is below the framebuffer header %x",
				ERRFMT_ARGS(w->tag_size, FB_HEADER_SIZE));
	*fb = (struct handoff_framebuffer){0};
	fb->base = rd64(w, at + 8);
	fb->pitch = rd32(w, at + 16);
	fb->width = rd32(w, at + 20);
	fb->height = rd32(w, at + 24);
	fb->bits_per_pixel = rd8(w, at + 28);
	fb->kind = rd8(w, at + 29);
	fb->size = (uint64_t)fb->pitch * fb->height;
	if (fb->kind > FB_KIND_MAX)
		return fail_tag(w, HANDOFF_BAD_TAG, "framebuffer type %d is not 0, 1 or 2",
				ERRFMT_ARGS(fb->kind));
	if (fb->kind == FB_KIND_RGB && w->tag_size < FB_RGB_SIZE)
		return fail_tag(w, HANDOFF_BAD_TAG, "size %x is below the RGB framebuffer's %x",
				ERRFMT_ARGS(w->tag_size, FB_RGB_SIZE));
	if (fb->size == 0 || fb->width == 0 || fb->bits_per_pixel == 0)
		return fail_tag(w, HANDOFF_BAD_TAG, "framebuffer %dx%d, pitch %d, %d bpp is empty",
				ERRFMT_ARGS(fb->width, fb->height, fb->pitch, fb->bits_per_pixel));
	if ((uint64_t)fb->width * fb->bits_per_pixel > (uint64_t)fb->pitch * 8)
		return fail_tag(w, HANDOFF_BAD_TAG,
				"a line of %d pixels at %d bpp exceeds pitch %d",
				ERRFMT_ARGS(fb->width, fb->bits_per_pixel, fb->pitch));
	if (fb->base % 4096 != 0 || fb->size > UINT64_MAX - fb->base)
		return fail_tag(w, HANDOFF_BAD_TAG,
				"framebuffer at %x (%x bytes) is not page-aligned or wraps",
				ERRFMT_ARGS(fb->base, fb->size));
	if (fb->kind == FB_KIND_RGB) {
		fb->red_position = rd8(w, at + 32);
		fb->red_size = rd8(w, at + 33);
		fb->green_position = rd8(w, at + 34);
		fb->green_size = rd8(w, at + 35);
		fb->blue_position = rd8(w, at + 36);
		fb->blue_size = rd8(w, at + 37);
	}
	w->fb_off = at;
	w->out->has_framebuffer = true;
	return HANDOFF_OK;
}

/* A framebuffer is device memory: none of it may be usable RAM. */
static enum handoff_status check_framebuffer_range(struct walk *w)
{
	const struct handoff_framebuffer *fb = &w->out->framebuffer;
	const struct handoff_region *r;
	size_t i;

	if (!w->out->has_framebuffer)
		return HANDOFF_OK;
	w->at_off = w->fb_off;
	w->at_type = TAG_FRAMEBUFFER;
	for (i = 0; i < w->out->region_count; i++) {
		r = &w->out->regions[i];
		if (r->type == HANDOFF_MEM_USABLE &&
		    overlaps(fb->base, fb->base + fb->size, r->base, r->base + r->length))
			return fail_tag(w, HANDOFF_BAD_TAG,
					"framebuffer [%x, %x) overlaps usable RAM [%x, %x)",
					ERRFMT_ARGS(fb->base, fb->base + fb->size, r->base,
						    r->base + r->length));
	}
	return HANDOFF_OK;
}

/* Type-specific checks of the tag being walked (not the end tag); unknown types pass. */
static enum handoff_status check_tag(struct walk *w)
{
	uint32_t bit = w->at_type < 32 ? 1u << w->at_type : 0;

	if (bit & w->seen & SINGLETON_TAGS)
		return fail_tag(w, HANDOFF_DUPLICATE_TAG,
				"duplicate of a tag type allowed only once", NULL);
	w->seen |= bit;
	switch (w->at_type) {
	case TAG_CMDLINE:
		return check_string(w, TAG_HEADER_SIZE, &w->out->cmdline, HANDOFF_BAD_TAG);
	case TAG_LOADER_NAME:
		return check_string(w, TAG_HEADER_SIZE, &w->out->loader_name, HANDOFF_BAD_TAG);
	case TAG_MODULE:
		return check_module(w);
	case TAG_BASIC_MEMINFO:
		if (w->tag_size != 16)
			return fail_tag(w, HANDOFF_BAD_TAG, "size %x is not 0x10",
					ERRFMT_ARGS(w->tag_size));
		return HANDOFF_OK;
	case TAG_MMAP:
		return check_mmap(w);
	case TAG_FRAMEBUFFER:
		return check_framebuffer(w);
	case TAG_ACPI_OLD:
		return check_acpi(w, RSDP_V1_SIZE);
	case TAG_ACPI_NEW:
		return check_acpi(w, RSDP_V2_SIZE);
	default:
		return HANDOFF_OK;
	}
}

/*
 * Walk the 8-aligned tags from offset 8 to the end tag, which must have size 8
 * and end exactly at total_size. Offsets stay <= total_size <= 1 MiB, so the
 * sums cannot overflow; a tag header always fits, as total_size and every
 * offset are multiples of 8.
 */
static enum handoff_status walk_tags(struct walk *w)
{
	uint32_t off;
	enum handoff_status st;

	for (off = 8; w->total - off >= TAG_HEADER_SIZE; off += (w->tag_size + 7) & ~7u) {
		w->at_off = off;
		w->at_type = rd32(w, off);
		w->tag_size = rd32(w, off + 4);
		if (w->tag_size < TAG_HEADER_SIZE)
			return fail_tag(w, HANDOFF_BAD_TAG,
					"size %x is below the tag header size 8",
					ERRFMT_ARGS(w->tag_size));
		if (w->tag_size > w->total - off)
			return fail_tag(w, HANDOFF_BAD_TAG, "size %x runs past total_size %x",
					ERRFMT_ARGS(w->tag_size, w->total));
		if (w->at_type == TAG_END && w->tag_size != TAG_HEADER_SIZE)
			return fail_tag(w, HANDOFF_BAD_TAG, "end tag size %x is not 8",
					ERRFMT_ARGS(w->tag_size));
		if (w->at_type == TAG_END && w->total - off != TAG_HEADER_SIZE)
			return fail_tag(w, HANDOFF_BAD_TAG, "end tag is followed by %x more bytes",
					ERRFMT_ARGS(w->total - off - TAG_HEADER_SIZE));
		if (w->at_type == TAG_END)
			return HANDOFF_OK;
		st = check_tag(w);
		if (st != HANDOFF_OK)
			return st;
	}
	w->at_off = off;
	w->at_type = TAG_END;
	return fail(w, HANDOFF_MISSING_TAG, "no end tag before total_size %x",
		    ERRFMT_ARGS(w->total));
}

/* Whether [start, end) lies inside one usable region (an empty range: at a usable byte). */
static bool in_usable(const struct boot_handoff *out, uint64_t start, uint64_t end)
{
	const struct handoff_region *r;
	size_t i;

	for (i = 0; i < out->region_count; i++) {
		r = &out->regions[i];
		if (r->type == HANDOFF_MEM_USABLE && r->base <= start &&
		    start < r->base + r->length && end <= r->base + r->length)
			return true;
	}
	return false;
}

static void sort_regions(struct boot_handoff *out)
{
	size_t i, j;
	struct handoff_region r;

	for (i = 1; i < out->region_count; i++) {
		r = out->regions[i];
		for (j = i; j > 0 && out->regions[j - 1].base > r.base; j--)
			out->regions[j] = out->regions[j - 1];
		out->regions[j] = r;
	}
}

/* Sort the memory map, reject overlaps, total the usable bytes, find the kernel in RAM. */
static enum handoff_status check_memory(struct walk *w)
{
	struct boot_handoff *out = w->out;
	const struct handoff_limits *l = w->limits;
	const struct handoff_region *a, *b;
	size_t i;

	w->at_off = w->mmap_off;
	w->at_type = TAG_MMAP;
	if (!(w->seen & 1u << TAG_MMAP))
		return fail(w, HANDOFF_MISSING_TAG, "no memory map tag (type 6)", NULL);
	sort_regions(out);
	for (i = 1; i < out->region_count; i++) {
		a = &out->regions[i - 1];
		b = &out->regions[i];
		if (b->base < a->base + a->length)
			return fail(w, HANDOFF_BAD_MEMORY_MAP,
				    "regions [%x, %x) and [%x, %x) overlap",
				    ERRFMT_ARGS(a->base, a->base + a->length, b->base,
						b->base + b->length));
	}
	/* Disjoint regions below 2^64 cannot sum past 2^64 - 1. */
	for (i = 0; i < out->region_count; i++)
		if (out->regions[i].type == HANDOFF_MEM_USABLE)
			out->usable_bytes += out->regions[i].length;
	if (out->usable_bytes == 0)
		return fail(w, HANDOFF_NO_USABLE_RAM, "no usable (type 1) memory region", NULL);
	if (!in_usable(out, l->kernel_start, l->kernel_end))
		return fail(w, HANDOFF_BAD_MEMORY_MAP,
			    "kernel image [%x, %x) is not inside one usable region",
			    ERRFMT_ARGS(l->kernel_start, l->kernel_end));
	return HANDOFF_OK;
}

/* Check module i against RAM, the kernel image, the info block and modules 0..i-1. */
static enum handoff_status check_module_range(struct walk *w, size_t i)
{
	const struct handoff_limits *l = w->limits;
	const struct handoff_module *m = &w->out->modules[i], *o;
	uint64_t info_end = l->info_phys + w->total;
	size_t j;

	w->at_off = w->mod_off[i];
	w->at_type = TAG_MODULE;
	if (!in_usable(w->out, m->start, m->end))
		return fail(w, HANDOFF_BAD_MODULE,
			    "module %d [%x, %x) is not inside one usable region",
			    ERRFMT_ARGS(i, m->start, m->end));
	if (overlaps(m->start, m->end, l->kernel_start, l->kernel_end))
		return fail(w, HANDOFF_BAD_MODULE,
			    "module %d [%x, %x) overlaps the kernel [%x, %x)",
			    ERRFMT_ARGS(i, m->start, m->end, l->kernel_start, l->kernel_end));
	if (overlaps(m->start, m->end, l->info_phys, info_end))
		return fail(w, HANDOFF_BAD_MODULE,
			    "module %d [%x, %x) overlaps the info block [%x, %x)",
			    ERRFMT_ARGS(i, m->start, m->end, l->info_phys, info_end));
	for (j = 0; j < i; j++) {
		o = &w->out->modules[j];
		if (overlaps(m->start, m->end, o->start, o->end))
			return fail(w, HANDOFF_BAD_MODULE,
				    "module %d [%x, %x) overlaps module %d [%x, %x)",
				    ERRFMT_ARGS(i, m->start, m->end, j, o->start, o->end));
	}
	return HANDOFF_OK;
}

/* Check the magic, the pointers and the kernel limits handed to handoff_validate(). */
static enum handoff_status check_args(struct walk *w, uint32_t magic)
{
	const struct handoff_limits *l = w->limits;

	if (magic != MB2_BOOTLOADER_MAGIC)
		return fail(w, HANDOFF_BAD_MAGIC, "magic %x is not the multiboot2 magic %x",
			    ERRFMT_ARGS(magic, MB2_BOOTLOADER_MAGIC));
	if (w->info == NULL)
		return fail(w, HANDOFF_BAD_POINTER, "info pointer is NULL", NULL);
	if ((uintptr_t)w->info % 8 != 0)
		return fail(w, HANDOFF_BAD_POINTER, "info pointer %x is not 8-byte aligned",
			    ERRFMT_ARGS((uintptr_t)w->info));
	if (l == NULL || w->out == NULL)
		return fail(w, HANDOFF_BAD_POINTER,
			    l == NULL ? "limits pointer is NULL" : "out pointer is NULL", NULL);
	if (l->kernel_start >= l->kernel_end)
		return fail(w, HANDOFF_BAD_POINTER, "kernel image [%x, %x) is empty",
			    ERRFMT_ARGS(l->kernel_start, l->kernel_end));
	return HANDOFF_OK;
}

/* Read and check total_size from the fixed 8-byte header. */
static enum handoff_status check_header(struct walk *w, size_t avail)
{
	uint32_t total;

	if (avail < 8)
		return fail(w, HANDOFF_BAD_TOTAL_SIZE,
			    "only %d bytes available, the header needs 8", ERRFMT_ARGS(avail));
	w->total = 8;
	total = rd32(w, 0);
	if (total < 16)
		return fail(w, HANDOFF_BAD_TOTAL_SIZE, "total_size %x is below 0x10",
			    ERRFMT_ARGS(total));
	if (total % 8 != 0)
		return fail(w, HANDOFF_BAD_TOTAL_SIZE, "total_size %x is not a multiple of 8",
			    ERRFMT_ARGS(total));
	if (total > avail)
		return fail(w, HANDOFF_BAD_TOTAL_SIZE,
			    "total_size %x exceeds the %x bytes available",
			    ERRFMT_ARGS(total, avail));
	if (total > HANDOFF_MAX_INFO_SIZE)
		return fail(w, HANDOFF_BAD_TOTAL_SIZE, "total_size %x exceeds the maximum %x",
			    ERRFMT_ARGS(total, HANDOFF_MAX_INFO_SIZE));
	if (w->limits->info_phys > UINT64_MAX - total)
		return fail(w, HANDOFF_BAD_POINTER,
			    "info block at %x + total_size %x wraps past 2^64",
			    ERRFMT_ARGS(w->limits->info_phys, total));
	w->total = total;
	w->out->info_size = total;
	return HANDOFF_OK;
}

static void reset_out(struct boot_handoff *out)
{
	out->info_size = 0;
	out->cmdline = "";
	out->loader_name = "";
	out->region_count = 0;
	out->module_count = 0;
	out->usable_bytes = 0;
	out->has_framebuffer = false;
	out->acpi_rsdp = NULL;
	out->acpi_rsdp_size = 0;
}

enum handoff_status handoff_validate(uint32_t magic, const void *info, size_t info_avail,
				     const struct handoff_limits *limits, struct boot_handoff *out,
				     struct handoff_error *err)
{
	struct handoff_error scratch;
	struct walk w;
	enum handoff_status st;
	size_t i;

	w.info = info;
	w.total = 0;
	w.limits = limits;
	w.out = out;
	w.err = err != NULL ? err : &scratch;
	w.msg = (struct errfmt){w.err->message, 0, sizeof(w.err->message)};
	w.at_off = 0;
	w.at_type = 0;
	w.seen = 0;
	w.mmap_off = 0;
	w.fb_off = 0;
	st = check_args(&w, magic);
	if (st != HANDOFF_OK)
		return st;
	reset_out(out);
	st = check_header(&w, info_avail);
	if (st == HANDOFF_OK)
		st = walk_tags(&w);
	if (st == HANDOFF_OK)
		st = check_memory(&w);
	for (i = 0; st == HANDOFF_OK && i < out->module_count; i++)
		st = check_module_range(&w, i);
	if (st == HANDOFF_OK)
		st = check_framebuffer_range(&w);
	if (st == HANDOFF_OK) {
		w.at_off = 0;
		w.at_type = 0;
		fail(&w, HANDOFF_OK, "ok", NULL); /* err reports success too */
	}
	return st;
}

const char *handoff_status_name(enum handoff_status status)
{
	if ((size_t)status >= sizeof(status_names) / sizeof(status_names[0]))
		return "unknown";
	return status_names[status];
}
