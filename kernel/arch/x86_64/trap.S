/*
 * Trap entry stubs for the 32 CPU exception vectors. Each stub makes the
 * stack look the same (a zero error code where the CPU pushes none, then the
 * vector), saves every general register into a struct trap_frame and calls
 * trap_dispatch(frame), which returns the frame to resume; its registers are
 * restored and iretq returns to it.
 *
 * From user mode the frame is built in the running thread's own object: the
 * TSS's RSP0 (and syscall.S) point at the top of its saved-register area, so
 * saving a thread's registers costs no copy, and C then runs on the kernel
 * stack. From kernel mode (the idle loop, or a kernel bug) the frame is on
 * the kernel stack as usual.
 */
#include "cpu_layout.h"

	.text

.macro TRAP_NOERR vector
trap_stub_\vector:
	pushq $0
	pushq $\vector
	jmp trap_common
.endm

.macro TRAP_ERR vector
trap_stub_\vector:
	pushq $\vector
	jmp trap_common
.endm

TRAP_NOERR 0
TRAP_NOERR 1
TRAP_NOERR 2
TRAP_NOERR 3
TRAP_NOERR 4
TRAP_NOERR 5
TRAP_NOERR 6
TRAP_NOERR 7
TRAP_ERR 8
TRAP_NOERR 9
TRAP_ERR 10
TRAP_ERR 11
TRAP_ERR 12
TRAP_ERR 13
TRAP_ERR 14
TRAP_NOERR 15
TRAP_NOERR 16
TRAP_ERR 17
TRAP_NOERR 18
TRAP_NOERR 19
TRAP_NOERR 20
TRAP_ERR 21
TRAP_NOERR 22
TRAP_NOERR 23
TRAP_NOERR 24
TRAP_NOERR 25
TRAP_NOERR 26
TRAP_NOERR 27
TRAP_NOERR 28
TRAP_ERR 29
TRAP_ERR 30
TRAP_NOERR 31

/*
 * Vectors 32-255 (interrupts): one 16-byte stub each, in vector order, so
 * idt.c finds vector v's stub at irq_stubs + (v - 32) * 16.
 */
	.balign 16
	.global irq_stubs
irq_stubs:
	.set vector, 32
	.rept 224
	.balign 16
	pushq $0
	pushq $vector
	jmp trap_common
	.set vector, vector + 1
	.endr

	.global trap_common
trap_common:
	pushq %r15
	pushq %r14
	pushq %r13
	pushq %r12
	pushq %r11
	pushq %r10
	pushq %r9
	pushq %r8
	pushq %rbp
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rbx
	pushq %rax
	mov %rsp, %rdi
	cld
	testb $3, TRAP_FRAME_CS(%rsp)
	jz 1f
	movabs $kernel_stack_top, %rsp /* a user frame: C runs on the kernel stack */
1:	call trap_dispatch
	mov %rax, %rsp
	.global trap_return
trap_return:
	popq %rax
	popq %rbx
	popq %rcx
	popq %rdx
	popq %rsi
	popq %rdi
	popq %rbp
	popq %r8
	popq %r9
	popq %r10
	popq %r11
	popq %r12
	popq %r13
	popq %r14
	popq %r15
	add $16, %rsp /* vector and error code */
	iretq

	.section .rodata
	.balign 8
	.global trap_stubs
trap_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad trap_stub_\v
	.endr

	.section .note.GNU-stack, "", @progbits
