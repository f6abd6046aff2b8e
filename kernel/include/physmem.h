/* Physical memory as the object layer sees it: through the kernel's direct map. */
#ifndef ERIX_PHYSMEM_H
#define ERIX_PHYSMEM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "memlayout.h"

struct cap;

static inline void zero_phys(uint64_t phys, uint64_t size)
{
	memset(phys_to_virt(phys), 0, size);
}

/* Architecture part of making an object (e.g. an address space gets the kernel's mappings). */
void arch_object_init(struct cap *c);

/* Architecture part of destroying an address space. */
void arch_vspace_destroy(struct cap *last);

/* The last capability to an interrupt line went: unbind it. */
void arch_irq_destroy(struct cap *last);

#endif
