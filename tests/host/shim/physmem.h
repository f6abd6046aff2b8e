/*
 * Host stand-in for the kernel's physmem.h: "physical memory" is an arena
 * the test allocates, so the object layer runs unchanged under ASan.
 */
#ifndef ERIX_TEST_PHYSMEM_H
#define ERIX_TEST_PHYSMEM_H

#include <stdint.h>
#include <string.h>

struct cap;

#define ARENA_PHYS 0x1000000ull /* where the arena pretends to sit */

extern uint8_t *arena;
extern uint64_t arena_size;

static inline void *phys_to_virt(uint64_t phys)
{
	return arena + (phys - ARENA_PHYS);
}

static inline void zero_phys(uint64_t phys, uint64_t size)
{
	memset(phys_to_virt(phys), 0, size);
}

void arch_object_init(struct cap *c);
void arch_vspace_destroy(struct cap *last);
void arch_irq_destroy(struct cap *last);

#endif
