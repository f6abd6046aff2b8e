/*
 * Notifications: a word of bits that signals OR in (the signalling
 * capability's badge, or 1 when unbadged) and a wait takes and clears. A
 * thread that waits on an empty word blocks until a signal arrives.
 *
 * A notification may be bound to one thread (proc_ctl bind_notification),
 * and a thread have one bound notification. A signal that finds no waiter
 * wakes the bound thread if it is blocked receiving on an endpoint; a
 * receive that finds bits pending takes them at once (endpoint.c). Either
 * object's destruction ends the binding.
 */
#ifndef ERIX_OBJECT_NOTIFICATION_H
#define ERIX_OBJECT_NOTIFICATION_H

#include "thread.h"

struct notification {
	uint64_t bits;
	struct thread *waiters; /* blocked in wait, first come first served */
	struct thread *last_waiter;
	uint64_t timer_deadline; /* its one-shot timer (time.c), when timer_armed */
	uint64_t timer_bits;
	uint64_t timer_next;  /* next armed notification's physical address */
	struct thread *bound; /* the thread whose receives it wakes, or NULL */
	uint8_t timer_armed;
};

enum erix_status notification_signal(struct cap *c);

/* OR `bits` into the notification at physical address `object`, waking a waiter (timers, IRQs). */
void notification_deliver(uint64_t object, uint64_t bits);

/* Take the bits into *bits, or block `t` (the reply comes when a signal wakes it). */
enum erix_status notification_wait(struct cap *c, struct thread *t, uint64_t *bits, bool *blocked);

void notification_destroy(struct cap *last);

/* Bind `c`'s notification to `t`: busy if bound to another thread, exists if `t` has another. */
enum erix_status notification_bind(struct cap *c, struct thread *t);
/* End t's binding; not_found when it has none. */
enum erix_status notification_unbind(struct thread *t);
/* Take the bits pending in t's bound notification (0 with none, or none bound). */
uint64_t notification_take_bound(struct thread *t);

/* True when t's bound notification has bits pending (a receive must take them). */
static inline bool notification_bound_pending(const struct thread *t)
{
	return t->bound_notification &&
	       ((const struct notification *)phys_to_virt(t->bound_notification))->bits;
}

/* Take `t` off the wait queue of the notification at physical address `object`. */
void notification_cancel_wait(uint64_t object, struct thread *t);

#endif
