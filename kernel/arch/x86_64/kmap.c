/*
 * The kernel's own mappings, made strict once the kernel runs in the higher
 * half. The boot tables map everything writable and executable with 2 MiB
 * pages; here the kernel window gets 4 KiB pages with each section's own
 * permissions (text read+execute, read-only data read-only, data and bss
 * read+write, all else absent), and the direct map of physical memory
 * becomes non-executable. No kernel page is then both writable and
 * executable. The boot tables map 4 GiB of physical memory; once the memory
 * map is known, direct_map_extend() maps RAM above that with 1 GiB pages.
 */
#include "io.h"
#include "kernel.h"
#include "memlayout.h"

#define PTE_PRESENT           0x1ull
#define PTE_WRITE             0x2ull
#define PTE_HUGE              0x80ull
#define PTE_NX                (1ull << 63)
#define GIB                   (1ull << 30)
#define PDPT_REACH            (512 * GIB) /* one PDPT: the direct map's one PML4 entry */
#define CPUID_EXT_EDX_PDPE1GB (1u << 26)
#define PAGE                  4096ull
#define WINDOW_PTS            2 /* 4 MiB of kernel window: the image must fit */

extern char kernel_text_start[], kernel_rodata_start[], kernel_data_start[], kernel_end[];
extern uint64_t boot_pd[4 * 512];
extern uint64_t boot_pdpt_high[512];
extern uint64_t boot_pdpt_low[512];

static uint64_t map_end = PHYS_MAP_SIZE; /* what the boot tables map */

static uint64_t window_pd[512] __attribute__((aligned(4096)));
static uint64_t window_pt[WINDOW_PTS][512] __attribute__((aligned(4096)));

bool cpu_nx_enabled(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(0xc0000080u)); /* EFER */
	return lo & (1u << 11);
}

static uint64_t phys_of(const void *kernel_address)
{
	return (uint64_t)(uintptr_t)kernel_address - KERNEL_VMA;
}

/* The flags the page at kernel address `va` gets, by the section it is in. */
static uint64_t section_flags(uint64_t va)
{
	if (va < (uint64_t)(uintptr_t)kernel_rodata_start)
		return PTE_PRESENT;
	if (va < (uint64_t)(uintptr_t)kernel_data_start)
		return PTE_PRESENT | PTE_NX;
	return PTE_PRESENT | PTE_WRITE | PTE_NX;
}

void kmap_protect(void)
{
	uint64_t start = (uint64_t)(uintptr_t)kernel_text_start,
		 end = (uint64_t)(uintptr_t)kernel_end;
	if (end - KERNEL_VMA > WINDOW_PTS * 512 * PAGE || !cpu_nx_enabled()) {
		kprintf("EriX: kernel mappings left as at boot (no NX, or the image outgrew its "
			"window)\n");
		return;
	}
	for (uint64_t va = start; va < end; va += PAGE) {
		uint64_t phys = va - KERNEL_VMA;
		window_pt[phys >> 21][(phys >> 12) & 511] = phys | section_flags(va);
	}
	for (int i = 0; i < WINDOW_PTS; i++)
		window_pd[i] = phys_of(window_pt[i]) | PTE_PRESENT | PTE_WRITE;
	uint64_t *pdpt = phys_to_virt((uint64_t)(uintptr_t)boot_pdpt_high);
	pdpt[510] = phys_of(window_pd) | PTE_PRESENT | PTE_WRITE;
	pdpt[511] = 0;
	uint64_t *pd = phys_to_virt((uint64_t)(uintptr_t)boot_pd);
	for (int i = 0; i < 4 * 512; i++)
		pd[i] |= PTE_NX; /* the direct map holds data, never code */
	write_cr3(read_cr3());
	kprintf("kmap: kernel text read+execute, rodata read-only, data no-execute; direct map "
		"no-execute\n");
}

static bool cpu_has_1g_pages(void)
{
	uint32_t eax = 0x80000001u, ebx, ecx = 0, edx;
	__asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
	return edx & CPUID_EXT_EDX_PDPE1GB;
}

uint64_t direct_map_end(void)
{
	return map_end;
}

void direct_map_extend(uint64_t end)
{
	if (end > PDPT_REACH) {
		kprintf("kmap: physical memory past %lu GiB is not mapped\n",
			(uint64_t)(PDPT_REACH / GIB));
		end = PDPT_REACH;
	}
	if (end <= map_end)
		return;
	if (!cpu_has_1g_pages()) {
		kprintf("kmap: no 1 GiB pages; RAM above %lu GiB is not used\n",
			(uint64_t)(map_end / GIB));
		return;
	}
	uint64_t *pdpt = phys_to_virt((uint64_t)(uintptr_t)boot_pdpt_low);
	uint64_t nx = cpu_nx_enabled() ? PTE_NX : 0;
	for (uint64_t gib = map_end / GIB; gib < (end + GIB - 1) / GIB; gib++)
		pdpt[gib] = gib * GIB | PTE_PRESENT | PTE_WRITE | PTE_HUGE | nx;
	map_end = (end + GIB - 1) & ~(GIB - 1);
	write_cr3(read_cr3());
	kprintf("kmap: direct map extended to %lu GiB with 1 GiB pages\n",
		(uint64_t)(map_end / GIB));
}
