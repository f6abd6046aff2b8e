/*
 * What the kernel does when an object is made and when its last capability
 * goes: the per-kind constructors and destructors, dispatched by kind.
 */
#ifndef ERIX_OBJECT_OBJECT_H
#define ERIX_OBJECT_OBJECT_H

#include "cap.h"

#define OBJECT_SMALL_BITS  6  /* endpoints, notifications */
#define OBJECT_THREAD_BITS 10 /* a thread control block */

/* Set up a freshly retyped (zeroed) object named by `c`. */
void object_init(struct cap *c);

/* The slots of the cnode object named by `c`, and how many there are. */
struct cap *cnode_slots(const struct cap *c);
uint32_t cnode_slot_count(const struct cap *c);

#endif
