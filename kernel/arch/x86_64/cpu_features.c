/*
 * CPU protections the kernel turns on when the CPU has them: SMEP (the
 * kernel never executes user pages) and SMAP (the kernel never touches user
 * memory; it reaches IPC buffers through the direct map instead). NX and
 * write protection are enabled in boot.S.
 */
#include "io.h"
#include "kernel.h"

#define CPUID_7_EBX_SMEP (1u << 7)
#define CPUID_7_EBX_SMAP (1u << 20)
#define CR4_SMEP         (1ull << 20)
#define CR4_SMAP         (1ull << 21)

static void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

void cpu_enable_protections(void)
{
	uint32_t eax = 7, ebx, ecx = 0, edx;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	uint64_t cr4 = read_cr4();
	if (ebx & CPUID_7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (ebx & CPUID_7_EBX_SMAP)
		cr4 |= CR4_SMAP;
	write_cr4(cr4);
	kprintf("cpu: SMEP %s, SMAP %s\n", cr4 & CR4_SMEP ? "on" : "not available",
		cr4 & CR4_SMAP ? "on" : "not available");
}
