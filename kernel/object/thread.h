/*
 * Threads. A thread object holds the user registers of a thread that is not
 * running, its scheduling state, and capabilities of its own (derived, so
 * revoke reaches them): the cnode that is its capability space, its address
 * space, and the frame that is its IPC buffer.
 */
#ifndef ERIX_OBJECT_THREAD_H
#define ERIX_OBJECT_THREAD_H

#include "cap.h"
#include "cpu.h"

enum thread_state {
	THREAD_INACTIVE = 0, /* made, not started (or suspended) */
	THREAD_RUNNABLE,
	THREAD_BLOCKED, /* waiting in the kernel for an IPC partner or a signal */
	THREAD_FAULTED, /* stopped by an exception nobody handles */
};

struct thread {
	struct trap_frame context; /* user registers while not on the CPU */
	struct cap cspace;         /* capability space (a cnode) */
	struct cap vspace;         /* address space */
	struct cap ipc_frame;      /* IPC buffer: a struct erix_msg at the start of this frame */
	uint64_t ipc_buffer_user;  /* where the IPC buffer is mapped, for the thread's own use */
	struct thread *next;       /* in a run queue */
	uint8_t state;             /* enum thread_state */
	uint8_t priority;
	uint8_t queued;
	uint8_t fault_vector; /* THREAD_FAULTED: the exception */
	uint32_t reserved;
	uint64_t fault_address;
	uint64_t waiting_on_object; /* blocked in a notification wait: that notification, else 0 */
};

#define THREAD_PRIORITIES 256

struct thread *thread_of(const struct cap *c);

/* Point `t` at its capability space, address space and IPC buffer (derived copies). */
enum erix_status thread_configure(struct thread *t, struct cap *cspace, struct cap *vspace,
                                  struct cap *ipc_frame, uint64_t ipc_buffer_user);

/* Set where the thread starts and its first argument; it runs in user mode. */
void thread_set_entry(struct thread *t, uint64_t ip, uint64_t sp, uint64_t arg0);

/* The capability at `cptr` in t's capability space; NULL for the null slot or out of range. */
struct cap *thread_lookup(const struct thread *t, uint64_t cptr);

/* The thread's IPC buffer, as the kernel sees it. */
struct erix_msg *thread_ipc_buffer(const struct thread *t);

void thread_destroy(struct cap *last);

/* Scheduling (sched.c). */
extern struct thread *current_thread;
void sched_make_runnable(struct thread *t);
void sched_block(struct thread *t, enum thread_state why);
/* Pick the highest-priority runnable thread (round robin within a priority); NULL if none. */
struct thread *sched_pick(void);

#endif
