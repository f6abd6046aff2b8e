/*
 * Startup bundles: the capabilities a program declares it needs. Each program
 * keeps a `bundle` file beside its source (name, kind, rights per line); the
 * IDL compiler (`erixidlc bundle`) checks it at build time and turns it into
 * an ELF note (PT_NOTE, name "EriX", type ERIX_BUNDLE_NOTE_TYPE) linked into
 * the program. The process builder (lib/libspawn) reads the note from the
 * image and installs exactly the declared capabilities, each under its
 * declared name, with its declared rights, and refuses anything undeclared.
 *
 * Three kinds of entry are the process's own, filled by its builder rather
 * than granted: `cnode` (kind cnode) and `vspace` (kind vspace), its cspace
 * and address space (lib/libspawn), and every entry of kind untyped, which
 * procd fills with 128 KiB of the process's own memory. A creator installs
 * the other entries through procd's grant slots (slot i + 1 for entry i), so
 * a bundle lists the entries it is granted first and its own ones last.
 */
#ifndef ERIX_BUNDLE_H
#define ERIX_BUNDLE_H

#include <erix/bootinfo.h>
#include <stdint.h>

#define ERIX_BUNDLE_NOTE_NAME "EriX"
#define ERIX_BUNDLE_NOTE_TYPE 0x4c444e42u /* "BNDL" */
#define ERIX_BUNDLE_MAX       32

struct erix_bundle_entry {
	char name[ERIX_BOOTINFO_NAME_LEN]; /* NUL-terminated, unique in the bundle */
	uint8_t kind;                      /* enum erix_cap_kind */
	uint8_t rights;                    /* ERIX_RIGHT_*, not 0 */
	uint8_t reserved[6];
};

/* The note's descriptor: a count, then that many entries. */
struct erix_bundle {
	uint32_t count; /* at most ERIX_BUNDLE_MAX */
	uint32_t reserved;
	struct erix_bundle_entry entries[ERIX_BUNDLE_MAX];
};

/* The whole note as the generated code lays it out in section .note.erix.bundle. */
struct erix_bundle_note {
	uint32_t namesz; /* 5 */
	uint32_t descsz; /* 8 + 32 * count */
	uint32_t type;   /* ERIX_BUNDLE_NOTE_TYPE */
	char name[8];    /* "EriX", NUL-padded to a multiple of 4 */
	struct erix_bundle desc;
};

_Static_assert(sizeof(struct erix_bundle_entry) == 32, "bundle entries are 32 bytes");

#endif
