/*
 * Notifications: a word of bits that signals OR in (the signalling
 * capability's badge, or 1 when unbadged) and a wait takes and clears. A
 * thread that waits on an empty word blocks until a signal arrives.
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
	uint64_t timer_next; /* next armed notification's physical address */
	uint8_t timer_armed;
};

enum erix_status notification_signal(struct cap *c);

/* OR `bits` into the notification at physical address `object`, waking a waiter (timers, IRQs). */
void notification_deliver(uint64_t object, uint64_t bits);

/* Take the bits into *bits, or block `t` (the reply comes when a signal wakes it). */
enum erix_status notification_wait(struct cap *c, struct thread *t, uint64_t *bits, bool *blocked);

void notification_destroy(struct cap *last);

/* Take `t` off the wait queue of the notification at physical address `object`. */
void notification_cancel_wait(uint64_t object, struct thread *t);

#endif
