/*
 * The kernel's virtual memory layout, shared by C and assembly.
 *
 *   0xffff800000000000  PHYS_MAP_BASE  direct map of physical memory (4 GiB at boot)
 *   0xffffffff80000000  KERNEL_VMA     the kernel image, linked here, loaded at 1 MiB
 *
 * The lower half belongs to user space.
 */
#ifndef ERIX_MEMLAYOUT_H
#define ERIX_MEMLAYOUT_H

#ifdef __ASSEMBLER__
#define ERIX_U64(x) x
#else
#define ERIX_U64(x) x##ULL
#endif

#define KERNEL_VMA          ERIX_U64(0xffffffff80000000)
#define KERNEL_LOAD_PHYS    ERIX_U64(0x100000)
#define PHYS_MAP_BASE       ERIX_U64(0xffff800000000000)
#define PHYS_MAP_SIZE       ERIX_U64(0x100000000)
#define PML4_INDEX_PHYS_MAP 256
#define KERNEL_STACK_SIZE   16384

#ifndef __ASSEMBLER__
#include <stdint.h>

/* Kernel virtual address of physical address `phys` (below PHYS_MAP_SIZE). */
static inline void *phys_to_virt(uint64_t phys)
{
	return (void *)(uintptr_t)(PHYS_MAP_BASE + phys);
}

/* Physical address of `virt`, an address in the direct map. */
static inline uint64_t virt_to_phys(const void *virt)
{
	return (uint64_t)(uintptr_t)virt - PHYS_MAP_BASE;
}
#endif

#endif
