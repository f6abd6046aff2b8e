/*
 * ELF loader validation: the kernel trusts no executable until this module
 * has checked it. elf_validate() checks that a file is a static, non-PIE
 * x86-64 executable whose loadable segments lie in user space, obey W^X and
 * do not share pages, and either fills an elf_image with the facts the
 * loader needs (entry point, segments sorted by address) or returns a status
 * with a precise message. It never reads outside [file, file + size) and
 * never faults, whatever the bytes are; the file needs no alignment.
 *
 * Plain freestanding C: the same file is compiled into the kernel and into
 * host tests that feed it crafted good and bad images.
 */
#ifndef ERIX_BOOT_ELF_H
#define ERIX_BOOT_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ELF_MAX_SEGMENTS 16

struct elf_segment {
	uint64_t vaddr;       /* first byte in user space */
	uint64_t memsz;       /* bytes in memory, > 0; those past filesz are zero */
	uint64_t file_offset; /* where the initialised bytes start in the file */
	uint64_t filesz;      /* <= memsz; [file_offset, file_offset + filesz) is in the file */
	bool read;
	bool write;
	bool execute; /* never together with write */
};

struct elf_image {
	uint64_t entry; /* inside an executable segment */
	size_t segment_count;
	struct elf_segment segments[ELF_MAX_SEGMENTS]; /* ascending vaddr, no page shared */
};

/*
 * Where user segments may go: every [vaddr, vaddr + memsz) must lie inside
 * [user_min, user_max). Both should be page-aligned, so that the whole pages
 * a segment is mapped into stay inside as well.
 */
struct elf_limits {
	uint64_t user_min;
	uint64_t user_max;
};

/*
 * Status rule: a malformed ELF header field (or a NULL argument) is
 * bad-header; a bad program header count or table placement, a dynamic
 * executable, or no PT_LOAD at all is bad-phdr; a malformed PT_LOAD is
 * bad-segment, or too-many past ELF_MAX_SEGMENTS.
 */
enum elf_status {
	ELF_OK = 0,
	ELF_BAD_HEADER,
	ELF_BAD_PHDR,
	ELF_BAD_SEGMENT,
	ELF_OVERLAP,
	ELF_BAD_ENTRY,
	ELF_TOO_MANY,
};

struct elf_error {
	enum elf_status status;
	char message[160]; /* one line, NUL-terminated, no trailing newline */
};

/*
 * Validate the `size`-byte ELF file at `file` against `limits`. On ELF_OK
 * `out` holds the image's facts; otherwise `err` (which may be NULL) says
 * what is wrong and where, and `out` is to be ignored.
 */
enum elf_status elf_validate(const void *file, size_t size, const struct elf_limits *limits,
			     struct elf_image *out, struct elf_error *err);

/* Short name of a status, e.g. "bad-segment". */
const char *elf_status_name(enum elf_status status);

#endif
