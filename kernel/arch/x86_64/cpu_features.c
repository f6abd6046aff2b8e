/*
 * CPU protections the kernel turns on when the CPU has them: SMEP (the
 * kernel never executes user pages) and SMAP (the kernel never touches user
 * memory; it reaches IPC buffers through the direct map instead). NX and
 * write protection are enabled in boot.S. CR4.FSGSBASE stays off, so only
 * the kernel sets FS and GS bases (gdt.c). Also the page attribute table:
 * entry 1 (PWT alone in a page entry) becomes write-combining, for
 * framebuffers; entries 0 (write-back) and 3 (PCD|PWT: uncached) keep their
 * power-on types.
 */
#include "io.h"
#include "kernel.h"

#define CPUID_7_EBX_SMEP (1u << 7)
#define CPUID_7_EBX_SMAP (1u << 20)
#define CR4_SMEP         (1ull << 20)
#define CR4_SMAP         (1ull << 21)
#define CR4_FSGSBASE     (1ull << 16)
#define CPUID_1_EDX_PAT  (1u << 16)
#define MSR_PAT          0x277u
#define PAT_ENTRY1_SHIFT 8
#define PAT_TYPE_WC      0x01ull

static bool pat_write_combining;

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
	cr4 &= ~CR4_FSGSBASE; /* user code cannot set its own FS/GS base: wrfsbase is #UD */
	write_cr4(cr4);
	kprintf("cpu: SMEP %s, SMAP %s\n", cr4 & CR4_SMEP ? "on" : "not available",
		cr4 & CR4_SMAP ? "on" : "not available");
}

void cpu_set_pat(void)
{
	uint32_t eax = 1, ebx, ecx = 0, edx;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	if (!(edx & CPUID_1_EDX_PAT)) {
		kprintf("cpu: no PAT; write-combining mappings are uncached\n");
		return;
	}
	uint64_t pat = rdmsr(MSR_PAT);
	pat = (pat & ~(0xffull << PAT_ENTRY1_SHIFT)) | PAT_TYPE_WC << PAT_ENTRY1_SHIFT;
	wrmsr(MSR_PAT, pat);
	write_cr3(read_cr3()); /* no entry uses PWT alone yet; flush anyway, as the SDM asks */
	pat_write_combining = true;
	kprintf("cpu: PAT entry 1 write-combining\n");
}

bool cpu_write_combining(void)
{
	return pat_write_combining;
}
