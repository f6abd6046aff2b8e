/*
 * The system-call table (numbers in abi/erix/syscall.h). Each handler gets
 * the calling thread; RDI names the capability it acts on. Results go back
 * in RAX (status) and RDX (badge or bits).
 */
#include "syscall.h"

#include "erix/syscall.h"
#include "invoke.h"
#include "kernel.h"
#include "object/notification.h"

typedef enum erix_status (*syscall_fn)(struct thread *t);

/* SYS_CALL: a call on a kernel object is performed at once; IPC endpoints come next. */
static enum erix_status sys_call(struct thread *t)
{
	struct cap *target = thread_lookup(t, t->context.rdi);
	if (!target || cap_is_empty(target))
		return ERIX_E_NOT_FOUND;
	if (invoke_is_kernel_object(target->kind))
		return invoke_kernel_object(t, target);
	return ERIX_E_BAD_CAPABILITY;
}

/* SYS_YIELD: the scheduler already put the caller at the back of its queue. */
static enum erix_status sys_yield(struct thread *t)
{
	(void)t;
	return ERIX_OK;
}

/* The notification capability at RDI, or NULL. */
static struct cap *notification_at(struct thread *t)
{
	struct cap *c = thread_lookup(t, t->context.rdi);
	return c && c->kind == ERIX_CAP_NOTIFICATION ? c : NULL;
}

/* SYS_SIGNAL: OR the capability's badge into the notification. */
static enum erix_status sys_signal(struct thread *t)
{
	struct cap *c = notification_at(t);
	return c ? notification_signal(c) : ERIX_E_BAD_CAPABILITY;
}

/* SYS_WAIT: take the bits (RDX), or block until a signal delivers them. */
static enum erix_status sys_wait(struct thread *t)
{
	struct cap *c = notification_at(t);
	if (!c)
		return ERIX_E_BAD_CAPABILITY;
	uint64_t bits = 0;
	bool blocked;
	enum erix_status st = notification_wait(c, t, &bits, &blocked);
	t->context.rdx = bits;
	return st;
}

static const syscall_fn syscalls[ERIX_SYS_COUNT] = {
        [ERIX_SYS_CALL] = sys_call,
        [ERIX_SYS_SIGNAL] = sys_signal,
        [ERIX_SYS_WAIT] = sys_wait,
        [ERIX_SYS_YIELD] = sys_yield,
};

void syscall_handle(struct thread *t)
{
	uint64_t number = t->context.rax;
	syscall_fn fn = number < ERIX_SYS_COUNT ? syscalls[number] : NULL;
	t->context.rdx = 0;
	t->context.rax = fn ? fn(t) : ERIX_E_NOT_SUPPORTED;
}
