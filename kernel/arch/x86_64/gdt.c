/*
 * The kernel's GDT and TSS, and the FS and GS bases. Long mode ignores
 * segment bases and limits, so the GDT only names the privilege levels; the
 * TSS exists for its interrupt stack table: a double fault runs on a stack of
 * its own, so even a kernel stack overflow ends in a register dump rather
 * than a triple fault.
 *
 * FS and GS are the exception: their bases are what user code uses for
 * thread-local storage. The kernel never uses them itself (and never swapgs):
 * boot.S loads null selectors into FS and GS, gdt_init() zeroes both bases,
 * and from then on the kernel writes only the base MSRs, with each thread's
 * own values (entry.c). User code may load FS or GS with a selector of its
 * own (the flat user segments, or null): that sets the base to 0, or on
 * some CPUs (a null selector on older AMD ones) leaves it; never to anything
 * else.
 */
#include "cpu.h"
#include "io.h"
#include "kernel.h"

#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static struct tss tss;
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));
static uint64_t gdt[7] = {
	0,
	0x00af9a000000ffff, /* GDT_KERNEL_CODE */
	0x00cf92000000ffff, /* GDT_KERNEL_DATA */
	0x00cff2000000ffff, /* GDT_USER_DATA, DPL 3 */
	0x00affa000000ffff, /* GDT_USER_CODE, DPL 3, 64-bit */
	0,                  /* GDT_TSS, low half (filled in by gdt_init) */
	0,                  /* GDT_TSS, high half */
};

/* Encode the 16-byte available-64-bit-TSS descriptor for `tss`. */
static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
		 (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
}

extern uint64_t user_frame_top; /* syscall.S builds the frame below it */

void arch_set_user_frame(struct trap_frame *frame)
{
	user_frame_top = (uint64_t)(uintptr_t)(frame + 1);
	tss.rsp[0] = user_frame_top; /* interrupts and exceptions from user mode push there too */
}

void arch_set_segment_bases(uint64_t fs_base, uint64_t gs_base)
{
	wrmsr(MSR_FS_BASE, fs_base);
	wrmsr(MSR_GS_BASE, gs_base);
}

void gdt_init(void)
{
	tss.ist[IST_DOUBLE_FAULT - 1] =
		(uint64_t)(uintptr_t)(double_fault_stack + sizeof(double_fault_stack));
	tss.iomap_base = sizeof(tss); /* no I/O permission bitmap */
	set_tss_descriptor();

	struct descriptor_pointer gdtr = {sizeof(gdt) - 1, (uint64_t)(uintptr_t)gdt};
	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "mov %2, %%ds\n\t"
			 "mov %2, %%es\n\t"
			 "mov %2, %%ss\n\t"
			 "ltr %w3"
			 :
			 : "m"(gdtr), "i"(GDT_KERNEL_CODE), "r"((uint64_t)GDT_KERNEL_DATA),
			   "r"((uint64_t)GDT_TSS)
			 : "rax", "memory");
	arch_set_segment_bases(0, 0); /* a null selector need not have cleared them */
}
