/*
 * The boot-info page: what the kernel tells the root task, and what a parent
 * tells each child it starts. It names every capability the task holds by
 * kind and name, so no program relies on a conventional slot number.
 *
 * The kernel maps the page read-only at ERIX_BOOTINFO_ADDRESS in the root
 * task and passes its address in RDI at entry.
 */
#ifndef ERIX_BOOTINFO_H
#define ERIX_BOOTINFO_H

#include <stdint.h>

#define ERIX_BOOTINFO_MAGIC   0x4f464e49584952ull /* "RIXINFO" */
#define ERIX_BOOTINFO_ADDRESS 0x10000000ull
#define ERIX_IPC_BUFFER_ADDRESS 0x10001000ull
#define ERIX_BOOTINFO_MAX_CAPS 79 /* as many as fit the page: (4096 - 288) / 48 */
#define ERIX_BOOTINFO_NAME_LEN 24

struct erix_bootinfo_cap {
	uint32_t slot;	/* where it is in this task's capability space */
	uint8_t kind;	/* enum erix_cap_kind */
	uint8_t rights; /* ERIX_RIGHT_* */
	uint16_t reserved;
	uint64_t base;	/* kind-specific: physical base of memory, first port, IRQ line */
	uint64_t size;	/* kind-specific: bytes of memory, number of ports */
	char name[ERIX_BOOTINFO_NAME_LEN]; /* NUL-terminated, e.g. "console", "untyped.3" */
};

struct erix_bootinfo {
	uint64_t magic;
	uint32_t cap_count;
	uint32_t cnode_slots;	  /* size of this task's capability space */
	uint32_t first_free_slot; /* slots from here on are empty */
	uint32_t reserved;
	uint64_t ipc_buffer;	  /* user address of this thread's IPC buffer */
	char cmdline[256];	  /* the kernel command line, for the root task */
	struct erix_bootinfo_cap caps[ERIX_BOOTINFO_MAX_CAPS];
};

_Static_assert(sizeof(struct erix_bootinfo) <= 4096, "the boot info fits one page");

#endif
