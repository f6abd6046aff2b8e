/*
 * Threads. A thread object holds the user registers of a thread that is not
 * running (the trap frame, and the FS and GS bases the kernel gives the CPU
 * when it switches to the thread), its scheduling state, and capabilities of
 * its own (derived, so revoke reaches them): the cnode that is its capability
 * space, its address space, and the frame that is its IPC buffer.
 */
#ifndef ERIX_OBJECT_THREAD_H
#define ERIX_OBJECT_THREAD_H

#include "cap.h"
#include "cpu.h"
#include "physmem.h"

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
	struct cap fault_ep; /* where its faults are sent (pager_ctl fault messages), or empty */
	uint64_t ipc_buffer_user; /* where the IPC buffer is mapped, for the thread's own use */
	struct thread *next;      /* in a run queue, or an endpoint's or notification's queue */
	struct thread *prev;      /* in a run queue */
	uint8_t state;            /* enum thread_state */
	uint8_t priority;
	uint8_t queued;
	uint8_t fault_vector; /* THREAD_FAULTED: the exception */
	uint32_t reserved;
	uint64_t fault_address;
	uint64_t fault_error;
	uint64_t fs_base; /* user addresses, given to the CPU when the thread runs (entry.c) */
	uint64_t gs_base;
	uint64_t waiting_on_object; /* blocked in a notification wait: that notification, else 0 */
	uint64_t waiting_on_endpoint; /* blocked in send or receive: that endpoint, else 0 */
	uint64_t bound_notification;  /* the notification that wakes its receives, else 0 */
	uint64_t ipc_badge;           /* blocked sender: the badge it sends with */
	uint8_t ipc_is_call;          /* blocked sender: wants a reply */
	uint8_t ipc_can_grant;        /* blocked sender / awaiting reply: may pass capabilities */
	uint8_t reply_can_grant;      /* holding a reply: it may carry capabilities */
	uint8_t awaiting_reply;       /* a caller whose message was taken */
	uint8_t fault_pending;        /* stopped on a fault its pager has not resolved yet */
	uint8_t ipc_is_fault;         /* blocked sender: its message is its own fault */
	uint8_t segment_bases;        /* fs_base or gs_base is not 0 */
	uint8_t ipc_sending;          /* queued as a sender (waiting_on_endpoint is the endpoint) */
	struct thread
		*reply_to;      /* the caller this thread owes a reply (its one-shot reply right) */
	struct thread *replier; /* awaiting reply: the thread that holds it */
	struct cap *reply_cap;  /* awaiting reply: or the reply capability that holds it */
};

#define THREAD_PRIORITIES 256

struct thread *thread_of(const struct cap *c);

/* Give `t` its capability space and address space (it holds derived copies). */
enum erix_status thread_set_spaces(struct thread *t, struct cap *cspace, struct cap *vspace);

/* Give `t` its IPC buffer: a 4 KiB frame, mapped by the thread at `user_address`. */
enum erix_status thread_set_ipc_buffer(struct thread *t, struct cap *frame, uint64_t user_address);

/* Stop `t` wherever it is: out of the run queue and of any IPC or wait (answered interrupted). */
void thread_suspend(struct thread *t);

/* Set where the thread starts and its first argument (in user mode; FS and GS bases stay). */
void thread_set_entry(struct thread *t, uint64_t ip, uint64_t sp, uint64_t arg0);

/* Set t's FS and GS bases (user addresses: the caller checks), used when it next runs. */
void thread_set_segment_bases(struct thread *t, uint64_t fs_base, uint64_t gs_base);

/* The capability at `cptr` in t's capability space; NULL for the null slot or out of range. */
struct cap *thread_lookup(const struct thread *t, uint64_t cptr);

/* The thread's IPC buffer, as the kernel sees it (NULL when it has none). */
static inline struct erix_msg *thread_ipc_buffer(const struct thread *t)
{
	return cap_is_empty(&t->ipc_frame) ? NULL : phys_to_virt(t->ipc_frame.object);
}

void thread_destroy(struct cap *last);

/* Make `ep` the endpoint t's faults go to (t holds a derived copy). */
enum erix_status thread_set_fault_endpoint(struct thread *t, struct cap *ep);

/* Fault kinds and access kinds, numbered as proc_ctl and pager_ctl both number them. */
uint8_t thread_fault_kind(const struct thread *t);
uint8_t thread_fault_access(const struct thread *t);

/* Scheduling (sched.c). */
extern struct thread *current_thread;
void sched_make_runnable(struct thread *t);
/* As sched_make_runnable, at the head of its queue: it runs next in its priority. */
void sched_make_runnable_first(struct thread *t);
void sched_block(struct thread *t, enum thread_state why);
/* The highest-priority runnable thread (the head of its queue); NULL if none. */
struct thread *sched_pick(void);

/* Move `t` to the back of its priority's queue (the timer's tick, a yield). */
void sched_rotate(struct thread *t);

#endif
