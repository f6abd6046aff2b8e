/*
 * Object constructors and destructors by kind. A cnode's destruction deletes
 * every capability it holds, which may in turn make further cnodes go. To
 * keep the kernel stack bounded whatever user space built, dead cnodes wait
 * on a list threaded through their always-empty null slot and are emptied
 * one at a time by a loop, never by recursion.
 */
#include "object.h"

#include "endpoint.h"
#include "notification.h"
#include "physmem.h"
#include "thread.h"

struct cap *cnode_slots(const struct cap *c)
{
	return phys_to_virt(c->object);
}

uint32_t cnode_slot_count(const struct cap *c)
{
	return 1u << (c->size_bits - CAP_SLOT_BITS);
}

void object_init(struct cap *c)
{
	arch_object_init(c);
}

static uint64_t dead_cnodes; /* physical address of the first, 0 when none */
static bool emptying;

/* Queue a dead cnode; its null slot holds the link and the cnode's size. */
static void queue_dead_cnode(const struct cap *c)
{
	struct cap *null_slot = &cnode_slots(c)[CAP_NULL_SLOT];
	null_slot->badge = dead_cnodes;
	null_slot->size_bits = c->size_bits;
	dead_cnodes = c->object;
}

static void empty_cnode(struct cap *slots, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		if (cap_is_empty(&slots[i]))
			continue;
		if (slots[i].kind == ERIX_CAP_UNTYPED)
			cap_revoke(&slots[i]);
		cap_delete(&slots[i]);
	}
}

static void empty_dead_cnodes(void)
{
	emptying = true;
	while (dead_cnodes) {
		struct cap *slots = phys_to_virt(dead_cnodes);
		dead_cnodes = slots[CAP_NULL_SLOT].badge;
		uint32_t count = 1u << (slots[CAP_NULL_SLOT].size_bits - CAP_SLOT_BITS);
		slots[CAP_NULL_SLOT] = (struct cap){0};
		empty_cnode(slots, count);
	}
	emptying = false;
}

void object_destroy(struct cap *last)
{
	switch (last->kind) {
	case ERIX_CAP_CNODE:
		queue_dead_cnode(last);
		if (!emptying)
			empty_dead_cnodes();
		break;
	case ERIX_CAP_THREAD:
		thread_destroy(last);
		break;
	case ERIX_CAP_NOTIFICATION:
		notification_destroy(last);
		break;
	case ERIX_CAP_ENDPOINT:
		endpoint_destroy(last);
		break;
	case ERIX_CAP_REPLY:
		endpoint_reply_destroy(last);
		break;
	case ERIX_CAP_VSPACE:
		arch_vspace_destroy(last);
		break;
	case ERIX_CAP_IRQ:
		arch_irq_destroy(last);
		break;
	default:
		break;
	}
}
