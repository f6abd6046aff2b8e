/*
 * The time-control family: the monotonic clock, and one-shot timers that
 * signal a notification the caller holds (the timer lives in that
 * notification object, so arming allocates nothing).
 */
#include "time_ctl.h"
#include "invoke.h"
#include "kernel.h"
#include "time.h"

static enum erix_status now(void *ctx, const struct time_ctl_now_req *req,
			    struct time_ctl_now_rep *rep)
{
	(void)ctx;
	(void)req;
	rep->monotonic_ns = time_now_ns();
	return ERIX_OK;
}

static enum erix_status frequency(void *ctx, const struct time_ctl_frequency_req *req,
				  struct time_ctl_frequency_rep *rep)
{
	(void)ctx;
	(void)req;
	rep->tsc_hz = time_tsc_hz();
	rep->tick_hz = TIMER_TICK_HZ;
	rep->resolution_ns = 1000000000u / TIMER_TICK_HZ;
	return ERIX_OK;
}

static enum erix_status arm(void *ctx, const struct time_ctl_arm_req *req,
			    struct time_ctl_arm_rep *rep)
{
	struct invocation *inv = ctx;
	(void)rep;
	if (req->signal_bits == 0)
		return ERIX_E_INVALID_ARGUMENT;
	timer_arm(inv->caps[0]->object, req->deadline_ns, req->signal_bits);
	return ERIX_OK;
}

static enum erix_status cancel(void *ctx, const struct time_ctl_cancel_req *req,
			       struct time_ctl_cancel_rep *rep)
{
	struct invocation *inv = ctx;
	(void)req;
	rep->cancelled = timer_cancel(inv->caps[0]->object);
	return ERIX_OK;
}

static const struct time_ctl_server server = {
	.now = now,
	.frequency = frequency,
	.arm = arm,
	.cancel = cancel,
};

bool time_ctl_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return time_ctl_dispatch(&server, inv, request, reply);
}
