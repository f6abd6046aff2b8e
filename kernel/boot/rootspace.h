/*
 * Turning the validated memory map into untyped memory. The root task's
 * capability node is carved from free RAM first (it is the one object the
 * kernel makes for user space on its own); every remaining free byte
 * becomes untyped capabilities of maximal aligned power-of-two blocks, so
 * all memory user space will ever get is accounted for by untyped memory.
 *
 * Device space becomes device untyped memory the same way: the holes the
 * memory map leaves below the IOAPIC (where PCs put PCI memory windows),
 * less the PCI configuration (ECAM) window; it retypes only into device
 * frames, never into RAM objects.
 */
#ifndef ERIX_BOOT_ROOTSPACE_H
#define ERIX_BOOT_ROOTSPACE_H

#include "boot/handoff.h"
#include "object/cap.h"

#define ROOT_CNODE_SLOT_BITS    12
#define ROOT_FIRST_UNTYPED_SLOT 64 /* slots below are for the other boot capabilities */

struct rootspace {
	struct cap cnode;       /* a capability to the root cnode (kept by the kernel) */
	uint32_t untyped_first; /* first slot holding untyped memory */
	uint32_t untyped_count;
	uint64_t untyped_bytes;
	uint64_t free_bytes;   /* free RAM found in the map, cnode included */
	uint32_t device_first; /* first slot holding device untyped memory */
	uint32_t device_count;
};

/* Build the root cnode and its untyped capabilities; false when memory is too scarce. */
bool rootspace_build(const struct boot_handoff *h, const struct handoff_limits *limits,
		     struct rootspace *out);

#endif
