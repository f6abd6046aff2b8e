/*
 * Address-space objects on x86-64. A new address space is a zeroed PML4
 * page; it gets the kernel's upper-half entries, so the kernel is mapped
 * (supervisor-only) in every address space and a system call needs no
 * address-space switch.
 */
#include "kernel.h"
#include "memlayout.h"
#include "object/cap.h"
#include "physmem.h"

extern uint64_t boot_pml4[512];

void arch_object_init(struct cap *c)
{
	if (c->kind != ERIX_CAP_VSPACE)
		return;
	uint64_t *kernel_pml4 = phys_to_virt((uint64_t)(uintptr_t)boot_pml4);
	uint64_t *pml4 = phys_to_virt(c->object);
	for (int i = 256; i < 512; i++)
		pml4[i] = kernel_pml4[i];
}
