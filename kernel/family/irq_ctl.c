/*
 * The interrupt-control family. On the irq_ctl capability: bind a line
 * (GSI) to a notification, unbind it, count the lines. On an irq
 * capability (what bind hands out, so a driver never holds irq_ctl):
 * acknowledge (unmask), mask, unmask, retarget; an irq capability from an
 * earlier binding of the line does nothing. "Conforming" trigger and
 * polarity mean what the MADT's overrides say for the line, or else the ISA
 * convention (edge, active high) for lines 0-15 and the PCI one (level,
 * active low) above (ioapic.c).
 */
#include "irq_ctl.h"
#include "invoke.h"
#include "ioapic.h"
#include "irq.h"
#include "kernel.h"

/*
 * The line an irq capability names, or -1 when invoked on something else or
 * through a capability from an earlier binding (unbind makes those inert).
 */
static int64_t line_of(const struct invocation *inv)
{
	const struct cap *c = inv->target;
	if (c->kind != ERIX_CAP_IRQ || c->badge != irq_generation((uint32_t)c->object))
		return -1;
	return (int64_t)c->object;
}

static bool is_control(const struct invocation *inv)
{
	return inv->target->kind == ERIX_CAP_IRQ_CTL;
}

static enum erix_status bind(void *ctx, const struct irq_ctl_bind_req *req,
			     struct irq_ctl_bind_rep *rep)
{
	struct invocation *inv = ctx;
	if (!is_control(inv))
		return ERIX_E_NO_PERMISSION;
	if (req->line >= ioapic_lines())
		return ERIX_E_INVALID_ARGUMENT;
	bool level, low;
	ioapic_conforming(req->line, &level, &low);
	if (req->trigger != IRQ_CTL_TRIGGER_MODE_CONFORMING_TRIGGER)
		level = req->trigger == IRQ_CTL_TRIGGER_MODE_LEVEL;
	if (req->polarity != IRQ_CTL_POLARITY_MODE_CONFORMING_POLARITY)
		low = req->polarity == IRQ_CTL_POLARITY_MODE_ACTIVE_LOW;
	return irq_grant(inv, req->line, level, low, req->signal_bits, &rep->irq);
}

static enum erix_status unbind(void *ctx, const struct irq_ctl_unbind_req *req,
			       struct irq_ctl_unbind_rep *rep)
{
	(void)rep;
	if (!is_control(ctx))
		return ERIX_E_NO_PERMISSION;
	if (req->line >= ioapic_lines())
		return ERIX_E_INVALID_ARGUMENT;
	irq_unbind(req->line);
	return ERIX_OK;
}

static enum erix_status line_count(void *ctx, const struct irq_ctl_line_count_req *req,
				   struct irq_ctl_line_count_rep *rep)
{
	(void)req;
	if (!is_control(ctx))
		return ERIX_E_NO_PERMISSION;
	rep->lines = ioapic_lines();
	return ERIX_OK;
}

static enum erix_status retarget(void *ctx, const struct irq_ctl_retarget_req *req,
				 struct irq_ctl_retarget_rep *rep)
{
	struct invocation *inv = ctx;
	int64_t line = line_of(inv);
	(void)rep;
	if (line < 0)
		return ERIX_E_NO_PERMISSION;
	if (req->signal_bits == 0)
		return ERIX_E_INVALID_ARGUMENT;
	return irq_retarget((uint32_t)line, inv->caps[0]->object, req->signal_bits);
}

/* ack, mask and unmask: set the line's mask through its irq capability. */
static enum erix_status set_mask(void *ctx, bool masked)
{
	int64_t line = line_of(ctx);
	if (line < 0)
		return ERIX_E_NO_PERMISSION;
	if (!irq_is_bound((uint32_t)line))
		return ERIX_E_INVALID_ARGUMENT;
	irq_set_masked((uint32_t)line, masked);
	return ERIX_OK;
}

static enum erix_status ack(void *ctx, const struct irq_ctl_ack_req *req,
			    struct irq_ctl_ack_rep *rep)
{
	(void)req;
	(void)rep;
	return set_mask(ctx, false);
}

static enum erix_status mask(void *ctx, const struct irq_ctl_mask_req *req,
			     struct irq_ctl_mask_rep *rep)
{
	(void)req;
	(void)rep;
	return set_mask(ctx, true);
}

static enum erix_status unmask(void *ctx, const struct irq_ctl_unmask_req *req,
			       struct irq_ctl_unmask_rep *rep)
{
	(void)req;
	(void)rep;
	return set_mask(ctx, false);
}

static const struct irq_ctl_server server = {
	.bind = bind,
	.unbind = unbind,
	.line_count = line_count,
	.retarget = retarget,
	.ack = ack,
	.mask = mask,
	.unmask = unmask,
};

bool irq_ctl_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return irq_ctl_dispatch(&server, inv, request, reply);
}
