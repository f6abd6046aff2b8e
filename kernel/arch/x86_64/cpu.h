/* x86-64 CPU setup: descriptor tables and the trap frame. */
#ifndef ERIX_X86_CPU_H
#define ERIX_X86_CPU_H

#include <stdint.h>

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_TSS         0x18

#define IST_DOUBLE_FAULT 1

/* Registers saved by trap.S, lowest address first. */
struct trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

void gdt_init(void);
void idt_init(void);
void trap_dispatch(struct trap_frame *frame);

#endif
