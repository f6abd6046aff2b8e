/* Thread objects; see thread.h. */
#include "thread.h"

#include "endpoint.h"
#include "notification.h"
#include "object.h"
#include "physmem.h"

_Static_assert(sizeof(struct thread) <= 1u << OBJECT_THREAD_BITS, "a thread fits its object");

struct thread *thread_of(const struct cap *c)
{
	return phys_to_virt(c->object);
}

/* Replace the thread's own slot `mine` with a child of `source`. */
static void hold(struct cap *mine, struct cap *source)
{
	if (!cap_is_empty(mine))
		cap_delete(mine);
	cap_derive(source, mine, source->rights, source->badge);
}

enum erix_status thread_set_spaces(struct thread *t, struct cap *cspace, struct cap *vspace)
{
	if (cspace->kind != ERIX_CAP_CNODE || vspace->kind != ERIX_CAP_VSPACE)
		return ERIX_E_BAD_CAPABILITY;
	hold(&t->cspace, cspace);
	hold(&t->vspace, vspace);
	return ERIX_OK;
}

enum erix_status thread_set_ipc_buffer(struct thread *t, struct cap *frame, uint64_t user_address)
{
	if (frame->kind != ERIX_CAP_FRAME)
		return ERIX_E_BAD_CAPABILITY;
	if (frame->size_bits != 12 || user_address % 4096)
		return ERIX_E_INVALID_ARGUMENT;
	hold(&t->ipc_frame, frame);
	t->ipc_buffer_user = user_address;
	return ERIX_OK;
}

enum erix_status thread_set_fault_endpoint(struct thread *t, struct cap *ep)
{
	if (ep->kind != ERIX_CAP_ENDPOINT)
		return ERIX_E_BAD_CAPABILITY;
	hold(&t->fault_ep, ep);
	return ERIX_OK;
}

uint8_t thread_fault_kind(const struct thread *t)
{
	switch (t->fault_vector) {
	case 14:
		return 1; /* page_fault */
	case 13:
		return 2; /* general_protection */
	case 6:
		return 3; /* invalid_opcode */
	case 0:
		return 4; /* divide_error */
	case 17:
		return 5; /* alignment_check */
	case 16:
	case 19:
		return 6; /* fpu_error */
	default:
		return 7; /* other_exception */
	}
}

uint8_t thread_fault_access(const struct thread *t)
{
	if (t->fault_vector != 14)
		return 0; /* not_memory */
	if (t->fault_error & 0x10)
		return 3;                  /* execute */
	return t->fault_error & 2 ? 2 : 1; /* write : read */
}

void thread_suspend(struct thread *t)
{
	if (t->waiting_on_object)
		notification_cancel_wait(t->waiting_on_object, t);
	t->waiting_on_object = 0;
	bool in_syscall = t->state == THREAD_BLOCKED && !t->fault_pending;
	endpoint_forget_thread(t);
	sched_block(t, THREAD_INACTIVE);
	t->fault_pending = 0;
	t->ipc_is_fault = 0;
	if (in_syscall) /* the system call it was blocked in answers interrupted */
		t->context.rax = ERIX_E_INTERRUPTED;
}

void thread_set_entry(struct thread *t, uint64_t ip, uint64_t sp, uint64_t arg0)
{
	t->context = (struct trap_frame){
		.rip = ip,
		.rsp = sp,
		.rdi = arg0,
		.cs = GDT_USER_CODE | RPL_USER,
		.ss = GDT_USER_DATA | RPL_USER,
		.rflags = 0x202, /* IF, and the always-one bit */
	};
}

void thread_set_segment_bases(struct thread *t, uint64_t fs_base, uint64_t gs_base)
{
	t->fs_base = fs_base;
	t->gs_base = gs_base;
	t->segment_bases = (fs_base | gs_base) != 0;
}

struct cap *thread_lookup(const struct thread *t, uint64_t cptr)
{
	if (cap_is_empty(&t->cspace) || cptr == CAP_NULL_SLOT ||
	    cptr >= cnode_slot_count(&t->cspace))
		return NULL;
	return &cnode_slots(&t->cspace)[cptr];
}

void thread_destroy(struct cap *last)
{
	struct thread *t = thread_of(last);
	thread_suspend(t);
	notification_unbind(t);
	if (current_thread == t)
		current_thread = NULL;
	cap_delete(&t->cspace);
	cap_delete(&t->vspace);
	cap_delete(&t->ipc_frame);
	cap_delete(&t->fault_ep);
}
