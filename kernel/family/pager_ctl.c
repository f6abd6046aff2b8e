/*
 * The pager family: resolving the faults the kernel sends to fault
 * endpoints (the fault message itself is pager_ctl's one-way `fault`, sent
 * by the kernel from entry.c). A pager resumes the thread, maps a frame at
 * the faulting page and resumes it, or kills it. Only a thread stopped on a
 * fault can be resolved.
 */
#include "pager_ctl.h"
#include "invoke.h"
#include "kernel.h"
#include "object/endpoint.h"
#include "vspace.h"

/* The thread named by caps[0], if it is stopped on a fault. */
static struct thread *faulted_thread(struct invocation *inv)
{
	struct thread *t = thread_of(inv->caps[0]);
	return t->fault_pending ? t : NULL;
}

static void resume_thread(struct thread *t)
{
	endpoint_forget_thread(t); /* if the fault message was never received */
	t->fault_pending = 0;
	sched_make_runnable(t);
}

static enum erix_status resume(void *ctx, const struct pager_ctl_resume_req *req,
			       struct pager_ctl_resume_rep *rep)
{
	struct thread *t = faulted_thread(ctx);
	(void)req;
	(void)rep;
	if (!t)
		return ERIX_E_NOT_FOUND;
	resume_thread(t);
	return ERIX_OK;
}

static uint8_t rights_of(uint8_t map_rights)
{
	switch (map_rights) {
	case PAGER_CTL_MAP_RIGHTS_READ_WRITE:
		return ERIX_RIGHT_READ | ERIX_RIGHT_WRITE;
	case PAGER_CTL_MAP_RIGHTS_READ_EXECUTE:
		return ERIX_RIGHT_READ | ERIX_RIGHT_EXECUTE;
	default:
		return ERIX_RIGHT_READ;
	}
}

static enum erix_status map_and_resume(void *ctx, const struct pager_ctl_map_and_resume_req *req,
				       struct pager_ctl_map_and_resume_rep *rep)
{
	struct invocation *inv = ctx;
	struct thread *t = faulted_thread(inv);
	int missing;
	(void)rep;
	if (!t || t->fault_vector != 14)
		return ERIX_E_NOT_FOUND;
	uint64_t page = t->fault_address & ~((1ull << inv->caps[1]->size_bits) - 1);
	enum erix_status st = vspace_map_frame(&t->vspace, inv->caps[1], page,
					       rights_of(req->rights), false, &missing);
	if (st == ERIX_OK)
		resume_thread(t);
	return st;
}

static enum erix_status kill(void *ctx, const struct pager_ctl_kill_req *req,
			     struct pager_ctl_kill_rep *rep)
{
	struct thread *t = faulted_thread(ctx);
	(void)req;
	(void)rep;
	if (!t)
		return ERIX_E_NOT_FOUND;
	endpoint_forget_thread(t);
	t->fault_pending = 0;
	sched_block(t, THREAD_FAULTED);
	return ERIX_OK;
}

static const struct pager_ctl_server server = {
	.resume = resume,
	.map_and_resume = map_and_resume,
	.kill = kill,
};

bool pager_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		      struct erix_msg *reply)
{
	return pager_ctl_dispatch(&server, inv, request, reply);
}
