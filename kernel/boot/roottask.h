/*
 * Making the root task. The kernel loads rootd from its boot module (a
 * validated static ELF), builds its address space entirely from untyped
 * memory (every frame and page table is an object whose capability rootd
 * then holds), gives it the root cnode with all untyped memory and one
 * capability per kernel-control family, and a boot-info page naming them.
 */
#ifndef ERIX_BOOT_ROOTTASK_H
#define ERIX_BOOT_ROOTTASK_H

#include "boot/handoff.h"
#include "boot/rootspace.h"

/* Build rootd and make it runnable; false (with a message) when there is no valid module. */
bool roottask_create(const struct boot_handoff *h, struct rootspace *root);

#endif
