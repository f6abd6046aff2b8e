/*
 * System-call entry. `syscall` arrives here with the user RIP in RCX, the
 * user RFLAGS in R11 and the user stack still in RSP. The stub builds the
 * same struct trap_frame an exception builds (vector VECTOR_SYSCALL) right in
 * the running thread's object (user_frame_top, set on every return to user
 * mode) and joins trap.S's common path, so system calls, exceptions and
 * interrupts from user mode share one way in and one way out (trap_return,
 * via iretq).
 *
 * arch_resume_user(frame) leaves the kernel for the thread whose saved
 * registers are at `frame`.
 */
#include "cpu_layout.h"

	.text
	.global syscall_entry
syscall_entry:
	mov %rsp, user_rsp_scratch(%rip)
	mov user_frame_top(%rip), %rsp
	pushq $(GDT_USER_DATA_RPL3)
	pushq user_rsp_scratch(%rip)
	pushq %r11
	pushq $(GDT_USER_CODE_RPL3)
	pushq %rcx
	pushq $0
	pushq $VECTOR_SYSCALL
	jmp trap_common

	.global arch_resume_user
arch_resume_user:
	mov %rdi, %rsp
	jmp trap_return

	.bss
	.balign 8
user_rsp_scratch:
	.skip 8
	.global user_frame_top
user_frame_top:
	.skip 8

	.section .note.GNU-stack, "", @progbits
