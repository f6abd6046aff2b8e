/*
 * Boot handoff validation: the kernel trusts nothing the boot loader hands
 * it until this module has checked it. handoff_validate() walks a multiboot2
 * information block, checks every bound, and either fills a boot_handoff
 * with sanitised facts (sorted memory map, module list, command line) or
 * returns a status with a precise message. It never reads outside
 * [info, info + info_avail) and never faults, whatever the bytes are.
 *
 * Plain freestanding C: the same file is compiled into the kernel and into
 * host tests that feed it crafted good and bad blobs.
 */
#ifndef ERIX_BOOT_HANDOFF_H
#define ERIX_BOOT_HANDOFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB2_BOOTLOADER_MAGIC 0x36d76289u

#define HANDOFF_MAX_REGIONS   128
#define HANDOFF_MAX_MODULES   32
#define HANDOFF_MAX_INFO_SIZE (1u << 20)

/* Memory region types, as multiboot2 (and e820) number them. */
enum handoff_mem_type {
	HANDOFF_MEM_USABLE = 1,
	HANDOFF_MEM_RESERVED = 2,
	HANDOFF_MEM_ACPI_RECLAIMABLE = 3,
	HANDOFF_MEM_ACPI_NVS = 4,
	HANDOFF_MEM_BAD = 5,
};

enum handoff_status {
	HANDOFF_OK = 0,
	HANDOFF_BAD_MAGIC,
	HANDOFF_BAD_POINTER,
	HANDOFF_BAD_TOTAL_SIZE,
	HANDOFF_BAD_TAG,
	HANDOFF_DUPLICATE_TAG,
	HANDOFF_MISSING_TAG,
	HANDOFF_BAD_MEMORY_MAP,
	HANDOFF_NO_USABLE_RAM,
	HANDOFF_BAD_MODULE,
	HANDOFF_TOO_MANY,
};

/* Where the kernel itself and the information block sit in physical memory. */
struct handoff_limits {
	uint64_t kernel_start; /* first byte of the kernel image */
	uint64_t kernel_end;   /* one past its last byte */
	uint64_t info_phys;    /* physical address of the information block */
};

struct handoff_region {
	uint64_t base;
	uint64_t length;
	uint32_t type; /* enum handoff_mem_type, or another firmware value */
};

struct handoff_module {
	uint64_t start;      /* physical, inclusive */
	uint64_t end;        /* physical, exclusive */
	const char *cmdline; /* NUL-terminated, points into the info block */
};

/* The boot framebuffer (multiboot2 tag 8), checked: page-aligned, outside usable RAM. */
struct handoff_framebuffer {
	uint64_t base; /* physical address of the first pixel */
	uint64_t size; /* pitch * height bytes */
	uint32_t width, height, pitch;
	uint8_t bits_per_pixel;
	uint8_t kind; /* 0 indexed, 1 direct RGB, 2 EGA text */
	uint8_t red_position, red_size, green_position, green_size, blue_position, blue_size;
};

struct boot_handoff {
	uint32_t info_size;      /* total_size of the information block */
	const char *cmdline;     /* "" when the loader gave none */
	const char *loader_name; /* "" when the loader gave none */
	size_t region_count;
	struct handoff_region regions[HANDOFF_MAX_REGIONS]; /* sorted by base */
	size_t module_count;
	struct handoff_module modules[HANDOFF_MAX_MODULES]; /* in loader order */
	uint64_t usable_bytes;                              /* sum of the usable regions */
	bool has_framebuffer;
	struct handoff_framebuffer framebuffer;
	const void *acpi_rsdp; /* RSDP copy inside the info block, or NULL */
	size_t acpi_rsdp_size;
};

struct handoff_error {
	enum handoff_status status;
	uint32_t offset;   /* byte offset in the info block of the culprit */
	uint32_t tag_type; /* type of the culprit tag, 0 when not a tag */
	char message[160]; /* one line, NUL-terminated, no trailing newline */
};

/*
 * Validate the multiboot2 information block at `info` (of which at most
 * `info_avail` bytes may be read) handed over with `magic`. On HANDOFF_OK
 * `out` holds the sanitised facts; otherwise `err` says what and where.
 */
enum handoff_status handoff_validate(uint32_t magic, const void *info, size_t info_avail,
				     const struct handoff_limits *limits, struct boot_handoff *out,
				     struct handoff_error *err);

/* The kernel's validated handoff (kernel only; valid after boot). */
const struct boot_handoff *boot_handoff(void);

/* Short name of a status, e.g. "bad-tag". */
const char *handoff_status_name(enum handoff_status status);

#endif
