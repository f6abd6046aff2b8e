/*
 * The hotplug family: device arrivals and departures, as events for one
 * subscriber. Detection lives elsewhere (pcie_hotplug.c, PCI Express native
 * hotplug); it hands each change to hotplug_queue_event().
 *
 * Every change the kernel detects takes the next sequence number, whether
 * or not anyone listens. While there is a subscriber, the change also goes
 * into a fixed ring of QUEUE_SIZE events in kernel memory (nothing is
 * allocated); a change arriving at a full ring is dropped and counted, and
 * the count goes out with the next next_event. When the ring goes from empty
 * to non-empty the subscriber's notification is signalled with its bits, so
 * one signal stands for any number of events and the subscriber drains with
 * next_event until it answers no_event.
 *
 * There is one subscription: subscribe replaces it (discarding its queue),
 * unsubscribe ends it, and so does destroying its notification. The
 * notification capability is checked (kind, write right) by the generated
 * decoder; the kernel records only the object and the bits.
 */
#include "hotplug.h"
#include "hotplug_queue.h"
#include "invoke.h"
#include "kernel.h"
#include "object/notification.h"

#define QUEUE_SIZE 16

static struct {
	uint64_t notification; /* physical address; 0 when nobody subscribes */
	uint64_t bits;
	uint32_t head, count; /* the oldest event's index in ring, and how many are queued */
	uint32_t dropped;     /* since the last next_event */
	struct hotplug_hotplug_event ring[QUEUE_SIZE];
} sub;

static uint64_t next_sequence;

static void subscription_end(void)
{
	memset(&sub, 0, sizeof(sub));
}

void hotplug_queue_event(struct hotplug_hotplug_event *e)
{
	e->sequence = next_sequence++;
	if (!sub.notification)
		return;
	if (sub.count == QUEUE_SIZE) {
		sub.dropped++;
		return;
	}
	sub.ring[(sub.head + sub.count++) % QUEUE_SIZE] = *e;
	if (sub.count == 1)
		notification_deliver(sub.notification, sub.bits);
}

void hotplug_forget_notification(uint64_t notification)
{
	if (sub.notification == notification)
		subscription_end();
}

static enum erix_status subscribe(void *ctx, const struct hotplug_subscribe_req *req,
				  struct hotplug_subscribe_rep *rep)
{
	struct invocation *inv = ctx;
	if (req->signal_bits == 0)
		return ERIX_E_INVALID_ARGUMENT;
	subscription_end();
	sub.notification = inv->caps[0]->object;
	sub.bits = req->signal_bits;
	rep->next_sequence = next_sequence;
	return ERIX_OK;
}

static enum erix_status unsubscribe(void *ctx, const struct hotplug_unsubscribe_req *req,
				    struct hotplug_unsubscribe_rep *rep)
{
	(void)ctx;
	(void)req;
	(void)rep;
	if (!sub.notification)
		return ERIX_E_NOT_FOUND;
	subscription_end();
	return ERIX_OK;
}

static enum erix_status next_event(void *ctx, const struct hotplug_next_event_req *req,
				   struct hotplug_next_event_rep *rep)
{
	(void)ctx;
	(void)req;
	if (!sub.notification)
		return ERIX_E_NOT_FOUND;
	if (sub.count) {
		rep->event = sub.ring[sub.head];
		sub.head = (sub.head + 1) % QUEUE_SIZE;
		sub.count--;
	}
	rep->pending = sub.count;
	rep->dropped = sub.dropped;
	sub.dropped = 0;
	return ERIX_OK;
}

static const struct hotplug_server server = {
	.subscribe = subscribe,
	.unsubscribe = unsubscribe,
	.next_event = next_event,
};

bool hotplug_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return hotplug_dispatch(&server, inv, request, reply);
}
