/* Device interrupts as notifications; see irq.h. */
#include "irq.h"

#include "invoke.h"
#include "ioapic.h"
#include "kernel.h"
#include "object/notification.h"
#include "physmem.h"

struct binding {
	uint64_t notification; /* physical address, 0 when unbound */
	uint64_t bits;
	uint64_t generation; /* counts bindings; an irq capability names the one it came with */
};

static struct binding bindings[256];

enum erix_status irq_bind(uint32_t line, bool level, bool active_low, uint64_t notification,
			  uint64_t bits)
{
	if (bindings[line].notification)
		return ERIX_E_BUSY;
	bindings[line].notification = notification;
	bindings[line].bits = bits;
	bindings[line].generation++;
	ioapic_route(line, level, active_low, false);
	return ERIX_OK;
}

enum erix_status irq_grant(struct invocation *inv, uint32_t line, bool level, bool active_low,
			   uint64_t bits, erix_cptr_t *irq)
{
	if (bits == 0)
		return ERIX_E_INVALID_ARGUMENT;
	erix_cptr_t where;
	struct cap *dst = invoke_receive_slot(inv, &where);
	if (!dst)
		return ERIX_E_INVALID_ARGUMENT; /* nowhere to put the irq capability */
	enum erix_status st = irq_bind(line, level, active_low, inv->caps[0]->object, bits);
	if (st != ERIX_OK)
		return st;
	cap_derive(inv->target, dst, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT,
		   irq_generation(line));
	dst->kind = ERIX_CAP_IRQ;
	dst->object = line;
	*irq = where;
	return ERIX_OK;
}

enum erix_status irq_grant_isa(struct invocation *inv, uint8_t isa_irq, uint64_t bits,
			       erix_cptr_t *irq)
{
	uint32_t line = ioapic_isa_line(isa_irq);
	bool level, low;
	ioapic_conforming(line, &level, &low);
	return irq_grant(inv, line, level, low, bits, irq);
}

uint64_t irq_generation(uint32_t line)
{
	return bindings[line].generation;
}

void irq_unbind(uint32_t line)
{
	ioapic_mask(line, true);
	bindings[line].notification = 0;
	bindings[line].bits = 0;
}

bool irq_is_bound(uint32_t line)
{
	return bindings[line].notification != 0;
}

enum erix_status irq_retarget(uint32_t line, uint64_t notification, uint64_t bits)
{
	if (!bindings[line].notification)
		return ERIX_E_INVALID_ARGUMENT;
	bindings[line].notification = notification;
	bindings[line].bits = bits;
	return ERIX_OK;
}

void irq_set_masked(uint32_t line, bool masked)
{
	ioapic_mask(line, masked);
}

void irq_deliver(uint32_t line)
{
	ioapic_mask(line, true);
	if (bindings[line].notification)
		notification_deliver(bindings[line].notification, bindings[line].bits);
}

void arch_irq_destroy(struct cap *last)
{
	/* only the binding this capability came with: a stale one unbinds nothing */
	if (last->object < ioapic_lines() && last->badge == irq_generation((uint32_t)last->object))
		irq_unbind((uint32_t)last->object);
}

void irq_forget_notification(uint64_t notification)
{
	for (uint32_t line = 0; line < ioapic_lines(); line++)
		if (bindings[line].notification == notification)
			irq_unbind(line);
}
