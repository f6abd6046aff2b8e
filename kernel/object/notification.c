/* Notifications; see notification.h. */
#include "notification.h"

#include "endpoint.h"
#include "hotplug_queue.h"
#include "irq.h"
#include "object.h"
#include "physmem.h"
#include "time.h"

_Static_assert(sizeof(struct notification) <= 1u << OBJECT_SMALL_BITS, "fits its object");

static struct notification *notification_of(const struct cap *c)
{
	return phys_to_virt(c->object);
}

void notification_cancel_wait(uint64_t object, struct thread *t)
{
	struct notification *n = phys_to_virt(object);
	struct thread *prev = NULL;
	for (struct thread *w = n->waiters; w; prev = w, w = w->next) {
		if (w != t)
			continue;
		if (prev)
			prev->next = w->next;
		else
			n->waiters = w->next;
		if (n->last_waiter == w)
			n->last_waiter = prev;
		w->next = NULL;
		return;
	}
}

enum erix_status notification_signal(struct cap *c)
{
	if (!(c->rights & ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	notification_deliver(c->object, c->badge ? c->badge : 1);
	return ERIX_OK;
}

void notification_deliver(uint64_t object, uint64_t bits)
{
	struct notification *n = phys_to_virt(object);
	n->bits |= bits;
	struct thread *t = n->waiters;
	if (t) {
		n->waiters = t->next;
		if (!n->waiters)
			n->last_waiter = NULL;
		t->waiting_on_object = 0;
		t->context.rax = ERIX_OK;
		t->context.rdx = n->bits;
		n->bits = 0;
		sched_make_runnable(t);
	} else if (n->bound && endpoint_wake_receiver(n->bound, n->bits)) {
		n->bits = 0;
	}
}

enum erix_status notification_wait(struct cap *c, struct thread *t, uint64_t *bits, bool *blocked)
{
	if (!(c->rights & ERIX_RIGHT_READ))
		return ERIX_E_NO_PERMISSION;
	struct notification *n = notification_of(c);
	*blocked = n->bits == 0;
	if (!*blocked) {
		*bits = n->bits;
		n->bits = 0;
		return ERIX_OK;
	}
	sched_block(t, THREAD_BLOCKED);
	t->waiting_on_object = c->object;
	t->next = NULL;
	if (n->last_waiter)
		n->last_waiter->next = t;
	else
		n->waiters = t;
	n->last_waiter = t;
	return ERIX_OK;
}

void notification_destroy(struct cap *last)
{
	struct notification *n = notification_of(last);
	if (n->timer_armed)
		timer_cancel(last->object);
	irq_forget_notification(last->object);
	hotplug_forget_notification(last->object);
	for (struct thread *t = n->waiters, *next; t; t = next) {
		next = t->next;
		t->waiting_on_object = 0;
		t->context.rax = ERIX_E_INTERRUPTED;
		t->context.rdx = 0;
		sched_make_runnable(t);
	}
	n->waiters = n->last_waiter = NULL;
	if (n->bound)
		n->bound->bound_notification = 0;
	n->bound = NULL;
}

enum erix_status notification_bind(struct cap *c, struct thread *t)
{
	struct notification *n = notification_of(c);
	if (n->bound == t)
		return ERIX_OK;
	if (n->bound)
		return ERIX_E_BUSY;
	if (t->bound_notification)
		return ERIX_E_EXISTS;
	n->bound = t;
	t->bound_notification = c->object;
	return ERIX_OK;
}

enum erix_status notification_unbind(struct thread *t)
{
	if (!t->bound_notification)
		return ERIX_E_NOT_FOUND;
	struct notification *n = phys_to_virt(t->bound_notification);
	n->bound = NULL;
	t->bound_notification = 0;
	return ERIX_OK;
}

uint64_t notification_take_bound(struct thread *t)
{
	if (!t->bound_notification)
		return 0;
	struct notification *n = phys_to_virt(t->bound_notification);
	uint64_t bits = n->bits;
	n->bits = 0;
	return bits;
}
