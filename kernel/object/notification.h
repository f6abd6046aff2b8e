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
};

enum erix_status notification_signal(struct cap *c);

/* Take the bits into *bits, or block `t` (the reply comes when a signal wakes it). */
enum erix_status notification_wait(struct cap *c, struct thread *t, uint64_t *bits, bool *blocked);

void notification_destroy(struct cap *last);

/* Take `t` off the wait queue of the notification at physical address `object`. */
void notification_cancel_wait(uint64_t object, struct thread *t);

#endif
