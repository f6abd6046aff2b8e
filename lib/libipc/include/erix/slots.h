/*
 * Capability-slot allocation in the task's own cnode. erix_ipc_init() hands
 * the allocator the slots the startup info says are empty (first_free_slot up
 * to cnode_slots); from then on a program takes slots from here instead of
 * counting them itself, and gives them back when the capability in them is
 * gone. The allocator only books slots: emptying a slot (cnode delete) is
 * the caller's job before it frees it.
 */
#ifndef ERIX_SLOTS_H
#define ERIX_SLOTS_H

#include <stdint.h>

#define ERIX_SLOTS_MAX 65536u /* the largest cnode: 2^16 slots */

/* Book slots [first, end) as free and every other slot as taken. */
void erix_slots_init(uint32_t first, uint32_t end);

/* A free slot, now taken; 0 (never a valid slot) when none is left. */
uint32_t erix_slot_alloc(void);

/* The first of `count` consecutive free slots, now taken; 0 when there is no such run. */
uint32_t erix_slot_alloc_range(uint32_t count);

/* Give back [first, first + count); slots outside the managed range are ignored. */
void erix_slot_free_range(uint32_t first, uint32_t count);

/* Give back one slot. */
void erix_slot_free(uint32_t slot);

/* How many slots are free. */
uint32_t erix_slots_free_count(void);

#endif
