/*
 * The EriX system-call ABI, shared by the kernel and lib/libipc.
 *
 * A thread enters the kernel with `syscall`: RAX holds the number below,
 * RDI the capability the call acts on (a slot in the caller's capability
 * space). Messages travel in the caller's IPC buffer, a struct erix_msg at
 * the start of a page the thread registered with the kernel. On return RAX
 * holds an enum erix_status and RDX the badge of the capability a message
 * arrived through (receives) or the notification bits (wait). RCX and R11
 * are clobbered by `syscall`; every other register is preserved.
 */
#ifndef ERIX_SYSCALL_H
#define ERIX_SYSCALL_H

enum erix_syscall {
	ERIX_SYS_SEND = 0,	 /* send the IPC buffer's message; block until taken */
	ERIX_SYS_RECV = 1,	 /* wait for a message on an endpoint */
	ERIX_SYS_CALL = 2,	 /* send, then wait for the reply in the IPC buffer */
	ERIX_SYS_REPLY_RECV = 3, /* reply to the last caller, then receive */
	ERIX_SYS_NB_SEND = 4,	 /* send only if a receiver is waiting */
	ERIX_SYS_POLL = 5,	 /* receive only if a sender is waiting */
	ERIX_SYS_SIGNAL = 6,	 /* signal a notification */
	ERIX_SYS_WAIT = 7,	 /* wait on a notification; RDX = the bits */
	ERIX_SYS_YIELD = 8,	 /* give up the rest of the time slice */
	ERIX_SYS_COUNT = 9,
};

/*
 * A receive (RECV, POLL, REPLY_RECV) ended by the thread's bound
 * notification rather than a message: the IPC buffer's `length` holds this
 * value (a message's is at most 512), `cap_count` is 0, RAX is ok and RDX
 * holds the notification's bits.
 */
#define ERIX_MSG_SIGNALLED 0xffffffffu

#endif
