/*
 * Boot entry. GRUB2 loads the kernel ELF through multiboot2 and jumps to
 * _start in 32-bit protected mode with paging off, EAX = the multiboot2 magic
 * and EBX = the physical address of the boot information block.
 *
 * This file checks the CPU can run in long mode, builds the boot page tables,
 * enables PAE, long mode, NX and paging, and enters kmain() in the higher
 * half. The boot tables use 2 MiB pages: physical 0-4 GiB identity-mapped
 * (only until kmain drops it) and at PHYS_MAP_BASE (the direct map), and
 * physical 0-2 GiB at KERNEL_VMA (the kernel window). kmain() gets
 * (magic, info_phys) as its two arguments.
 */
#include "memlayout.h"

#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define PTE_PRESENT 0x1
#define PTE_WRITE 0x2
#define PTE_HUGE 0x80
#define CR0_PE (1 << 0)
#define CR0_WP (1 << 16)
#define CR0_PG (1 << 31)
#define CR4_PAE (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)
#define COM1 0x3f8
#define BOOT_TABLE_PAGES 7 /* PML4, two PDPTs, four PDs */

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_HEADER_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* end tag */
	.short 0
	.short 0
	.long 8
mb2_header_end:

	.section .boot.text, "ax"
	.code32
	.global _start
_start:
	cli
	cld
	mov $boot_stack_top, %esp
	mov %eax, boot_magic
	mov %ebx, boot_info_phys

	call require_long_mode
	call build_boot_page_tables

	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	call enable_efer_bits
	mov %cr0, %eax
	or $(CR0_PG | CR0_WP | CR0_PE), %eax
	mov %eax, %cr0

	lgdt boot_gdt_pointer
	ljmp $0x08, $long_mode_entry

/* Halt with a message on COM1 if CPUID reports no long mode. */
require_long_mode:
	mov $0x80000000, %eax
	cpuid
	cmp $0x80000001, %eax
	jb no_long_mode
	mov $0x80000001, %eax
	cpuid
	test $(1 << 29), %edx
	jz no_long_mode
	ret
no_long_mode:
	mov $msg_no_long_mode, %ebx
1:	movb (%ebx), %al
	test %al, %al
	jz 3f
	mov $(COM1 + 5), %dx
2:	inb %dx, %al /* wait for the transmit holding register to drain */
	test $0x20, %al
	jz 2b
	movb (%ebx), %al
	mov $COM1, %dx
	outb %al, %dx
	inc %ebx
	jmp 1b
3:	hlt
	jmp 3b

/* Set EFER.LME, and EFER.NXE when CPUID says the CPU has NX. */
enable_efer_bits:
	mov $0x80000001, %eax
	cpuid
	mov $EFER_LME, %ebx
	test $(1 << 20), %edx
	jz 1f
	or $EFER_NXE, %ebx
1:	mov $MSR_EFER, %ecx
	rdmsr
	or %ebx, %eax
	wrmsr
	ret

/* Fill boot_pd with 2 MiB mappings of 0..4 GiB and hook it into the PML4. */
build_boot_page_tables:
	mov $boot_pml4, %edi
	mov $(BOOT_TABLE_PAGES * 4096 / 4), %ecx
	xor %eax, %eax
	rep stosl
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $(PTE_PRESENT | PTE_WRITE | PTE_HUGE), %eax
	mov %eax, boot_pd(, %ecx, 8)
	inc %ecx
	cmp $2048, %ecx
	jne 1b

	xor %ecx, %ecx
2:	mov %ecx, %eax
	shl $12, %eax
	add $boot_pd, %eax
	or $(PTE_PRESENT | PTE_WRITE), %eax
	mov %eax, boot_pdpt_low(, %ecx, 8)
	inc %ecx
	cmp $4, %ecx
	jne 2b

	/* The kernel window: -2 GiB maps physical 0..2 GiB. */
	mov $(boot_pd + PTE_PRESENT + PTE_WRITE), %eax
	mov %eax, boot_pdpt_high + 510 * 8
	add $4096, %eax
	mov %eax, boot_pdpt_high + 511 * 8

	mov $(boot_pdpt_low + PTE_PRESENT + PTE_WRITE), %eax
	mov %eax, boot_pml4
	mov %eax, boot_pml4 + PML4_INDEX_PHYS_MAP * 8
	mov $(boot_pdpt_high + PTE_PRESENT + PTE_WRITE), %eax
	mov %eax, boot_pml4 + 511 * 8
	ret

	.code64
long_mode_entry:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	mov boot_magic, %edi /* kmain(magic, info_phys), zero-extended */
	mov boot_info_phys, %esi
	movabs $kernel_stack_top, %rsp
	xor %ebp, %ebp
	movabs $kmain, %rax
	call *%rax
4:	hlt
	jmp 4b

	.section .boot.data, "a"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff /* 0x08: 64-bit kernel code */
	.quad 0x00cf92000000ffff /* 0x10: kernel data */
boot_gdt_end:
boot_gdt_pointer:
	.short boot_gdt_end - boot_gdt - 1
	.long boot_gdt
msg_no_long_mode:
	.asciz "EriX: this CPU has no long mode (x86-64); halted.\r\n"

	.section .boot.bss, "aw", @nobits
	.balign 4096
	.global boot_pml4
boot_pml4:
	.skip 4096
	.global boot_pdpt_low
boot_pdpt_low:
	.skip 4096
	.global boot_pdpt_high
boot_pdpt_high:
	.skip 4096
	.global boot_pd
boot_pd:
	.skip 4 * 4096
boot_magic:
	.skip 4
boot_info_phys:
	.skip 4
	.balign 16
boot_stack:
	.skip 4096
boot_stack_top:

	.section .bss
	.balign 16
kernel_stack:
	.skip KERNEL_STACK_SIZE
	.global kernel_stack_top
kernel_stack_top:

	.section .note.GNU-stack, "", @progbits
