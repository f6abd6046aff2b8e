/*
 * The process-control family: making threads and steering them. A new
 * thread's capability lands in the caller's first receive slot. Registers
 * can be read and replaced while a thread is stopped (inactive, or on a
 * fault), FS and GS bases included. A thread may have a bound notification
 * (object/notification.h).
 */
#include "proc_ctl.h"
#include "invoke.h"
#include "kernel.h"
#include "object/notification.h"
#include "object/untyped.h"

#define USER_TOP   0x0000800000000000ull
#define USER_FLAGS 0xdd5u /* CF PF AF ZF SF TF DF OF: what user code may set in RFLAGS */

static bool stopped(const struct thread *t)
{
	return t->state == THREAD_INACTIVE;
}

static enum erix_status create_thread(void *ctx, const struct proc_ctl_create_thread_req *req,
				      struct proc_ctl_create_thread_rep *rep)
{
	struct invocation *inv = ctx;
	if (req->priority > inv->caller->priority)
		return ERIX_E_NO_PERMISSION;
	struct erix_msg *buffer = thread_ipc_buffer(inv->caller);
	struct cap *dst = thread_lookup(inv->caller, buffer->receive[0]);
	if (!dst)
		return ERIX_E_INVALID_ARGUMENT; /* no slot to put the thread capability in */
	enum erix_status st = untyped_retype(inv->caps[0], ERIX_CAP_THREAD, 0, 1, &dst);
	if (st != ERIX_OK)
		return st;
	struct thread *t = thread_of(dst);
	thread_set_spaces(t, inv->caps[2], inv->caps[1]);
	t->priority = req->priority;
	rep->thread = buffer->receive[0];
	return ERIX_OK;
}

static enum erix_status set_entry(void *ctx, const struct proc_ctl_set_entry_req *req,
				  struct proc_ctl_set_entry_rep *rep)
{
	struct thread *t = thread_of(((struct invocation *)ctx)->caps[0]);
	(void)rep;
	if (!stopped(t) || req->ip >= USER_TOP || req->sp >= USER_TOP)
		return ERIX_E_INVALID_ARGUMENT;
	thread_set_entry(t, req->ip, req->sp, req->arg0);
	t->context.rsi = req->arg1;
	return ERIX_OK;
}

static enum erix_status set_priority(void *ctx, const struct proc_ctl_set_priority_req *req,
				     struct proc_ctl_set_priority_rep *rep)
{
	struct invocation *inv = ctx;
	struct thread *t = thread_of(inv->caps[0]);
	(void)rep;
	if (req->priority > inv->caller->priority)
		return ERIX_E_NO_PERMISSION;
	bool runnable = t->state == THREAD_RUNNABLE;
	if (runnable)
		sched_block(t, THREAD_INACTIVE);
	t->priority = req->priority;
	if (runnable)
		sched_make_runnable(t);
	return ERIX_OK;
}

static enum erix_status start(void *ctx, const struct proc_ctl_start_req *req,
			      struct proc_ctl_start_rep *rep)
{
	struct thread *t = thread_of(((struct invocation *)ctx)->caps[0]);
	(void)req;
	(void)rep;
	if (!stopped(t) || cap_is_empty(&t->cspace) || cap_is_empty(&t->vspace))
		return ERIX_E_INVALID_ARGUMENT;
	sched_make_runnable(t);
	return ERIX_OK;
}

static enum erix_status suspend(void *ctx, const struct proc_ctl_suspend_req *req,
				struct proc_ctl_suspend_rep *rep)
{
	struct thread *t = thread_of(((struct invocation *)ctx)->caps[0]);
	(void)req;
	(void)rep;
	if (stopped(t) || t->state == THREAD_FAULTED)
		return ERIX_E_INVALID_ARGUMENT;
	thread_suspend(t);
	return ERIX_OK;
}

static enum erix_status read_state(void *ctx, const struct proc_ctl_read_state_req *req,
				   struct proc_ctl_read_state_rep *rep)
{
	const struct thread *t = thread_of(((struct invocation *)ctx)->caps[0]);
	static const uint8_t states[] = {
		[THREAD_INACTIVE] = PROC_CTL_THREAD_STATE_INACTIVE,
		[THREAD_RUNNABLE] = PROC_CTL_THREAD_STATE_RUNNABLE,
		[THREAD_BLOCKED] = PROC_CTL_THREAD_STATE_BLOCKED,
		[THREAD_FAULTED] = PROC_CTL_THREAD_STATE_FAULTED,
	};
	(void)req;
	rep->state = t->fault_pending ? PROC_CTL_THREAD_STATE_FAULT_PENDING : states[t->state];
	if (t->state != THREAD_FAULTED) {
		rep->fault.kind = PROC_CTL_FAULT_KIND_NO_FAULT;
		return ERIX_OK;
	}
	rep->fault.kind = thread_fault_kind(t);
	rep->fault.vector = t->fault_vector;
	rep->fault.address = t->fault_address;
	rep->fault.ip = t->context.rip;
	rep->fault.sp = t->context.rsp;
	rep->fault.error_code = t->fault_error;
	rep->fault.present = t->fault_vector == 14 && (t->fault_error & 1);
	rep->fault.access = thread_fault_access(t);
	return ERIX_OK;
}

static enum erix_status set_ipc_buffer(void *ctx, const struct proc_ctl_set_ipc_buffer_req *req,
				       struct proc_ctl_set_ipc_buffer_rep *rep)
{
	struct invocation *inv = ctx;
	struct thread *t = thread_of(inv->caps[0]);
	(void)rep;
	if (!stopped(t) || req->address >= USER_TOP)
		return ERIX_E_INVALID_ARGUMENT;
	return thread_set_ipc_buffer(t, inv->caps[1], req->address);
}

static enum erix_status set_fault_endpoint(void *ctx,
					   const struct proc_ctl_set_fault_endpoint_req *req,
					   struct proc_ctl_set_fault_endpoint_rep *rep)
{
	struct invocation *inv = ctx;
	(void)req;
	(void)rep;
	return thread_set_fault_endpoint(thread_of(inv->caps[0]), inv->caps[1]);
}

/* A thread whose registers may be read or replaced: not running, not in the kernel's care. */
static bool registers_reachable(const struct thread *t)
{
	return t->state == THREAD_INACTIVE || t->fault_pending;
}

static enum erix_status set_registers(void *ctx, const struct proc_ctl_set_registers_req *req,
				      struct proc_ctl_set_registers_rep *rep)
{
	struct thread *t = thread_of(((struct invocation *)ctx)->caps[0]);
	const struct proc_ctl_register_set *r = &req->regs;
	(void)rep;
	if (!registers_reachable(t) || r->ip >= USER_TOP || r->sp >= USER_TOP ||
	    r->fs_base >= USER_TOP || r->gs_base >= USER_TOP)
		return ERIX_E_INVALID_ARGUMENT;
	thread_set_segment_bases(t, r->fs_base, r->gs_base);
	struct trap_frame *f = &t->context;
	f->rip = r->ip;
	f->rsp = r->sp;
	f->rflags = (r->flags & USER_FLAGS) | 0x202; /* interrupts stay on, IOPL 0 */
	f->rax = r->rax;
	f->rbx = r->rbx;
	f->rcx = r->rcx;
	f->rdx = r->rdx;
	f->rsi = r->rsi;
	f->rdi = r->rdi;
	f->rbp = r->rbp;
	f->r8 = r->r8;
	f->r9 = r->r9;
	f->r10 = r->r10;
	f->r11 = r->r11;
	f->r12 = r->r12;
	f->r13 = r->r13;
	f->r14 = r->r14;
	f->r15 = r->r15;
	return ERIX_OK;
}

static enum erix_status get_registers(void *ctx, const struct proc_ctl_get_registers_req *req,
				      struct proc_ctl_get_registers_rep *rep)
{
	const struct thread *t = thread_of(((struct invocation *)ctx)->caps[0]);
	const struct trap_frame *f = &t->context;
	(void)req;
	if (!registers_reachable(t))
		return ERIX_E_INVALID_ARGUMENT;
	rep->regs = (struct proc_ctl_register_set){.ip = f->rip,
						   .sp = f->rsp,
						   .flags = f->rflags,
						   .rax = f->rax,
						   .rbx = f->rbx,
						   .rcx = f->rcx,
						   .rdx = f->rdx,
						   .rsi = f->rsi,
						   .rdi = f->rdi,
						   .rbp = f->rbp,
						   .r8 = f->r8,
						   .r9 = f->r9,
						   .r10 = f->r10,
						   .r11 = f->r11,
						   .r12 = f->r12,
						   .r13 = f->r13,
						   .r14 = f->r14,
						   .r15 = f->r15,
						   .fs_base = t->fs_base,
						   .gs_base = t->gs_base};
	return ERIX_OK;
}

static enum erix_status bind_notification(void *ctx,
					  const struct proc_ctl_bind_notification_req *req,
					  struct proc_ctl_bind_notification_rep *rep)
{
	struct invocation *inv = ctx;
	(void)req;
	(void)rep;
	return notification_bind(inv->caps[1], thread_of(inv->caps[0]));
}

static enum erix_status unbind_notification(void *ctx,
					    const struct proc_ctl_unbind_notification_req *req,
					    struct proc_ctl_unbind_notification_rep *rep)
{
	(void)req;
	(void)rep;
	return notification_unbind(thread_of(((struct invocation *)ctx)->caps[0]));
}

static const struct proc_ctl_server server = {
	.set_registers = set_registers,
	.get_registers = get_registers,
	.set_fault_endpoint = set_fault_endpoint,
	.create_thread = create_thread,
	.set_entry = set_entry,
	.set_priority = set_priority,
	.start = start,
	.suspend = suspend,
	.read_state = read_state,
	.set_ipc_buffer = set_ipc_buffer,
	.bind_notification = bind_notification,
	.unbind_notification = unbind_notification,
};

bool proc_ctl_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return proc_ctl_dispatch(&server, inv, request, reply);
}
