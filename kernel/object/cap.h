/*
 * Capabilities and the derivation tree.
 *
 * A capability lives in a slot of a capability node (cnode). It names a
 * kernel object by kind and physical address, carries rights (which only
 * ever shrink when a capability is derived) and a badge.
 *
 * Every non-empty slot is also a node of one kernel-wide list, the
 * derivation tree in pre-order (as seL4's mapping database): a derived
 * capability (a copy, a mint, an object retyped from untyped memory) is
 * inserted right after its parent with depth + 1, so everything derived from
 * a slot follows it with a greater depth. Revoke deletes that run; all
 * capabilities to one object are contiguous, so "is this the last
 * capability to the object?" is a look at the two neighbours.
 *
 * Memory comes back to untyped memory when the untyped capability is
 * revoked: deleting an object's last capability destroys the object but
 * leaves its memory with the untyped region until then.
 */
#ifndef ERIX_OBJECT_CAP_H
#define ERIX_OBJECT_CAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "erix/abi.h"

#define CAP_EMPTY 0

struct cap {
	uint8_t kind;      /* enum erix_cap_kind, CAP_EMPTY for a free slot */
	uint8_t rights;    /* ERIX_RIGHT_* */
	uint8_t depth;     /* in the derivation tree */
	uint8_t size_bits; /* object size: 2^size_bits bytes */
	uint8_t flags;     /* CAP_FLAG_* */
	uint8_t reserved[3];
	union {
		uint64_t badge;       /* endpoint, notification; an irq's binding generation */
		struct cap *map_prev; /* mapped frame or page table: its address space's list */
	};
	uint64_t object; /* physical address of the object */
	union {
		uint64_t watermark;   /* untyped: bytes already retyped */
		struct cap *map_next; /* mapped frame or page table: its address space's list */
	};
	struct cap *prev; /* derivation tree, pre-order */
	struct cap *next;
	uint64_t map_vspace;  /* frame, page table: the address space it is mapped in, or 0 */
	uint64_t map_address; /* and where */
};

/* Frames, device frames and page tables: what can be mapped (and uses map_prev/map_next). */
static inline bool cap_is_mappable(const struct cap *c)
{
	return c->kind == ERIX_CAP_FRAME || c->kind == ERIX_CAP_DEVICE_FRAME ||
	       c->kind == ERIX_CAP_PAGE_TABLE;
}

_Static_assert(sizeof(struct cap) == 64, "a slot is 64 bytes (cnode size arithmetic)");

#define CAP_SLOT_BITS 6

/* Untyped memory over device (MMIO) space: it retypes only into device frames. */
#define CAP_FLAG_DEVICE 0x1
#define CAP_NULL_SLOT                                                                              \
	0 /* slot 0 of every cnode stays empty: a capability pointer of 0 names nothing */

/* The hook an object kind registers to destroy an object when its last capability goes. */
void object_destroy(struct cap *last);

/* Undo the mapping a frame or page-table capability made (map_vspace != 0). */
void arch_unmap(struct cap *c);

/* A mapped capability moved to another slot: its address space's list must follow. */
void arch_mapping_moved(struct cap *c);

/* A reply capability moved to another slot: its caller must know where it is now. */
void endpoint_reply_moved(struct cap *c);

static inline bool cap_is_empty(const struct cap *c)
{
	return c->kind == CAP_EMPTY;
}

/* Put a new original capability in the empty slot `dst` (boot time: untyped, devices, families). */
void cap_install_root(struct cap *dst, uint8_t kind, uint8_t rights, uint64_t object,
		      uint8_t size_bits);

/* Derive into empty `dst` a child of `parent` with rights parent->rights & rights. */
void cap_derive(struct cap *parent, struct cap *dst, uint8_t rights, uint64_t badge);

/* Copy `src` into empty `dst` with rights masked by `rights`; refuses untyped and reply. */
enum erix_status cap_copy(struct cap *src, struct cap *dst, uint8_t rights);

/* As cap_copy, setting a badge on an unbadged endpoint or notification capability. */
enum erix_status cap_mint(struct cap *src, struct cap *dst, uint8_t rights, uint64_t badge);

/* Move `src` into empty `dst`; `src` becomes empty. */
enum erix_status cap_move(struct cap *src, struct cap *dst);

/* Empty `slot`; destroys the object if this was its last capability. */
enum erix_status cap_delete(struct cap *slot);

/* Delete every capability derived from `slot` (not `slot` itself). */
enum erix_status cap_revoke(struct cap *slot);

/* True when something is derived from `slot`. */
bool cap_has_children(const struct cap *slot);

#endif
