/*
 * User program entry. The kernel (or the parent that starts the task) enters
 * _start in ring 3 with RDI = the address of the boot-info page and RSP = a
 * 16-byte aligned stack top; no other register has a defined value.
 *
 * _start clears RBP (the end of the frame-pointer chain), aligns the stack
 * anyway, records the IPC buffer the boot info names (erix_ipc_init), and
 * calls main(boot info). When main returns, erix_exit(boot info, its value)
 * ends the program.
 */
	.section .text._start, "ax", @progbits
	.globl _start
	.type _start, @function
_start:
	xorl	%ebp, %ebp
	andq	$-16, %rsp
	movq	%rdi, %rbx		/* the boot info, kept across calls (callee-saved) */
	call	erix_ipc_init
	movq	%rbx, %rdi
	call	main
	movl	%eax, %esi
	movq	%rbx, %rdi
	call	erix_exit
	ud2
	.size _start, . - _start

	/* The stack is not executable. */
	.section .note.GNU-stack, "", @progbits
