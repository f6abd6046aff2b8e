/* x86-64 CPU setup: descriptor tables and the trap frame. */
#ifndef ERIX_X86_CPU_H
#define ERIX_X86_CPU_H

#include <stdint.h>

#include "cpu_layout.h"

#define IST_DOUBLE_FAULT 1

/* Registers saved by trap.S, lowest address first. */
struct trap_frame {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU */
};

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap.S and syscall.S agree");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == TRAP_FRAME_CS, "trap.S's CS test");

void gdt_init(void);
void idt_init(void);
/* Handle the trap in `frame`; returns the frame to resume (another thread's, perhaps). */
struct trap_frame *trap_dispatch(struct trap_frame *frame);

/* Enable `syscall`: EFER.SCE and the STAR/LSTAR/FMASK MSRs. */
void syscall_init(void);
/*
 * Leave the kernel for user mode with the registers saved at `frame` (a
 * thread object's), which is also where the next entry from user mode saves
 * them.
 */
_Noreturn void arch_enter_user(struct trap_frame *frame);

/* Where the next entry from user mode saves the registers: just above `frame`. */
void arch_set_user_frame(struct trap_frame *frame);

/* Make the CPU's FS and GS bases these (canonical addresses: the caller checks). */
void arch_set_segment_bases(uint64_t fs_base, uint64_t gs_base);

#endif
