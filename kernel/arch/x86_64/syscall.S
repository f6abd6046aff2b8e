/*
 * System-call entry. `syscall` arrives here with the user RIP in RCX, the
 * user RFLAGS in R11 and the user stack still in RSP. The stub switches to
 * the kernel stack, builds the same struct trap_frame an exception builds
 * (vector VECTOR_SYSCALL) and joins trap.S's common path, so system calls,
 * exceptions and interrupts from user mode share one way in and one way out
 * (trap_return, via iretq).
 *
 * arch_enter_user(ctx) starts user mode for the first time: it puts a copy
 * of *ctx at the top of the (empty) kernel stack and leaves through
 * trap_return.
 */
#include "cpu_layout.h"

	.text
	.global syscall_entry
syscall_entry:
	mov %rsp, user_rsp_scratch(%rip)
	movabs $kernel_stack_top, %rsp
	pushq $(GDT_USER_DATA_RPL3)
	pushq user_rsp_scratch(%rip)
	pushq %r11
	pushq $(GDT_USER_CODE_RPL3)
	pushq %rcx
	pushq $0
	pushq $VECTOR_SYSCALL
	jmp trap_common

	.global arch_enter_user
arch_enter_user:
	mov %rdi, %rsi
	movabs $kernel_stack_top, %rsp
	sub $TRAP_FRAME_SIZE, %rsp
	mov %rsp, %rdi
	mov $(TRAP_FRAME_SIZE / 8), %ecx
	rep movsq
	jmp trap_return

	.bss
	.balign 8
user_rsp_scratch:
	.skip 8

	.section .note.GNU-stack, "", @progbits
