/*
 * lib/libspawn: building a process from an ELF executable, in user space.
 *
 * A builder (rootd for procd, procd for everything else) holds the kernel's
 * retype_ctl, vspace_ctl and proc_ctl capabilities. It makes a process in
 * three stages, as procd's interface describes:
 *   1. spawn_create: a cnode, an address space and a thread, all retyped from
 *      one untyped capability given for this process alone, with the image's
 *      segments copied into fresh frames, a stack, an IPC buffer and the
 *      startup-info page (abi/erix/bootinfo.h) the program finds its
 *      capabilities in by name;
 *   2. spawn_grant: copy (or mint, with a badge) a capability of the
 *      builder's into the child's cnode and name it in the startup info. Only
 *      what the program's startup bundle (abi/erix/bundle.h, read from the
 *      image) declares is installed, with the declared kind and rights;
 *   3. spawn_start: once every declared capability is installed, write the
 *      startup info and run the thread.
 * spawn_destroy revokes the process's untyped capability, which destroys
 * every object made from it (so the memory comes back whole) and frees the
 * builder's slots.
 *
 * The builder keeps the capabilities of the child's objects (frames, page
 * tables) in a run of its own slots, reserved at create. It fills a frame by
 * mapping it at its `window` page, writing it, and unmapping it, because a
 * frame is mapped in one place at a time.
 */
#ifndef ERIX_SPAWN_H
#define ERIX_SPAWN_H

#include <erix/abi.h>
#include <erix/bootinfo.h>
#include <erix/bundle.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The authority a builder works with; every field names a slot of its own cnode. */
struct spawn_builder {
	uint32_t cnode, vspace;            /* its own cspace (write) and address space */
	uint32_t retype, vspace_ctl, proc; /* the kernel-control families */
	uint32_t memory;                   /* untyped for its own page tables (the window's) */
	uint64_t window;                   /* a free, page-aligned page of its address space */
};

/* Slots of the builder's cnode reserved per process, and the child's cnode size. */
#define SPAWN_BUILDER_SLOTS   512
#define SPAWN_CHILD_SLOT_BITS 8
#define SPAWN_STACK_PAGES     16
#define SPAWN_STACK_TOP       0x00007ff000000000ull

/* A process being built or running. */
struct spawn_process {
	uint32_t memory;                /* the untyped everything of the process came from */
	uint32_t first_slot, next_slot; /* the builder's slots holding its objects */
	uint32_t cnode, vspace, thread; /* in the builder's cnode */
	uint32_t spare_table;           /* a page table retyped but not yet installed, or 0 */
	uint64_t entry;
	uint32_t granted;          /* bit i: bundle entry i is installed */
	struct erix_bundle bundle; /* what the program declares */
	struct erix_bootinfo info; /* written to the child's startup-info page at start */
};

/*
 * Make the builder's window usable (its page tables, from b->memory). Call
 * once before the first spawn_create.
 */
enum erix_status spawn_builder_init(const struct spawn_builder *b);

/*
 * Map the run of `count` consecutive frame slots from `first_frame` (a boot
 * module, say) into the builder at `address`, read-only or read-write, page
 * tables from b->memory, so that an image can be read from there.
 */
enum erix_status spawn_map_frames(const struct spawn_builder *b, uint32_t first_frame,
				  uint32_t count, uint64_t address, bool writable);

/*
 * Stage 1: build a process from the ELF executable `image` (`size` bytes, in
 * the builder's memory) out of the untyped `memory`, with a cnode of
 * 2^slot_bits slots and `args` (may be NULL) as its startup info's command line. Bundle entries
 * `cnode` (kind cnode), `vspace` (kind vspace) and `thread` (kind thread) are filled at once with
 * the process's own cnode, address space and thread, with the rights the bundle declares.
 * invalid_argument for an image that is not a valid static x86-64 executable or has a malformed
 * bundle (`why`, if not NULL, gets the reason), no_memory when `memory` or the builder's slots run
 * out. On failure everything made so far is destroyed again.
 */
enum erix_status spawn_create(const struct spawn_builder *b, uint32_t memory, const void *image,
			      size_t size, uint8_t slot_bits, const char *args,
			      struct spawn_process *p, const char **why);

/*
 * Stage 2: install the capability in the builder's slot `source` (minted with
 * `badge` first when it is not 0) as the bundle entry `name`, with the
 * entry's rights, in the child's next free slot. no_permission when the
 * bundle does not declare `name` or `source` lacks a declared right,
 * bad_capability when its kind is not the declared one, not_found for an
 * empty `source`, exists when `name` is already installed, and the cnode
 * interface's statuses.
 */
enum erix_status spawn_grant(const struct spawn_builder *b, struct spawn_process *p,
			     uint32_t source, uint64_t badge, const char *name);

/*
 * spawn_grant for a run of `count` consecutive frames from `first` (a boot
 * module, say): they land in consecutive child slots, and the startup info
 * names the first, with `size` bytes.
 */
enum erix_status spawn_grant_run(const struct spawn_builder *b, struct spawn_process *p,
				 uint32_t first, uint32_t count, uint64_t size, const char *name);

/*
 * Fill the bundle entry `name` (kind untyped) with a new block of 2^size_bits
 * bytes split from the builder's untyped `source` straight into the child's
 * cnode (untyped memory is never copied). retype_ctl's statuses when
 * `source` has no room.
 */
enum erix_status spawn_grant_memory(const struct spawn_builder *b, struct spawn_process *p,
				    uint32_t source, uint8_t size_bits, const char *name);

/*
 * Install a capability the builder gives every process it starts, outside
 * the bundle (procd's self capability): `source` must be of `kind` and hold
 * `rights`. exists when the bundle or the startup info already uses `name`.
 */
enum erix_status spawn_give(const struct spawn_builder *b, struct spawn_process *p, uint32_t source,
			    uint8_t kind, uint8_t rights, uint64_t badge, const char *name);

/* True when bundle entry `index` is installed. */
static inline bool spawn_granted(const struct spawn_process *p, uint32_t index)
{
	return index < 32 && (p->granted >> index) & 1;
}

/* The first bundle entry not installed yet, or NULL when all are. */
const struct erix_bundle_entry *spawn_missing(const struct spawn_process *p);

/* Make `endpoint` (a builder slot) the endpoint the process's faults are sent to. */
enum erix_status spawn_set_fault_endpoint(const struct spawn_builder *b, struct spawn_process *p,
					  uint32_t endpoint);

/*
 * Stage 3: write the startup info and run the thread at `priority`;
 * invalid_argument while spawn_missing() names an entry.
 */
enum erix_status spawn_start(const struct spawn_builder *b, struct spawn_process *p,
			     uint8_t priority);

/* Destroy the process: every object made from its memory, and the builder's slots. */
void spawn_destroy(const struct spawn_builder *b, struct spawn_process *p);

#endif
