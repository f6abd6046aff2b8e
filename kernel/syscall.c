/*
 * The system-call table (numbers in abi/erix/syscall.h). Each handler gets
 * the calling thread; RDI names the capability it acts on. Results go back
 * in RAX (status) and RDX (badge or bits).
 */
#include "syscall.h"

#include "erix/syscall.h"
#include "invoke.h"
#include "kernel.h"
#include "object/endpoint.h"
#include "object/notification.h"

typedef enum erix_status (*syscall_fn)(struct thread *t);

/* The capability at RDI: NOT_FOUND when the slot is null, empty or out of range. */
static enum erix_status target(struct thread *t, struct cap **c)
{
	*c = thread_lookup(t, t->context.rdi);
	return *c && !cap_is_empty(*c) ? ERIX_OK : ERIX_E_NOT_FOUND;
}

/* The endpoint capability at RDI. */
static enum erix_status endpoint_target(struct thread *t, struct cap **c)
{
	enum erix_status st = target(t, c);
	if (st == ERIX_OK && (*c)->kind != ERIX_CAP_ENDPOINT)
		return ERIX_E_BAD_CAPABILITY;
	return st;
}

/* SYS_CALL: on an endpoint, send and wait for the reply; on a kernel object, invoke it. */
static enum erix_status sys_call(struct thread *t)
{
	struct cap *c;
	enum erix_status st = target(t, &c);
	if (st != ERIX_OK)
		return st;
	if (invoke_is_kernel_object(c->kind))
		return invoke_kernel_object(t, c);
	if (c->kind != ERIX_CAP_ENDPOINT)
		return ERIX_E_BAD_CAPABILITY;
	return endpoint_send(c, t, true, true);
}

/* SEND and NB_SEND: on an endpoint, a send; on a reply capability, the answer to its caller. */
static enum erix_status send(struct thread *t, bool block)
{
	struct cap *c;
	enum erix_status st = target(t, &c);
	if (st != ERIX_OK)
		return st;
	if (c->kind == ERIX_CAP_REPLY)
		return endpoint_answer(c, t);
	if (c->kind != ERIX_CAP_ENDPOINT)
		return ERIX_E_BAD_CAPABILITY;
	return endpoint_send(c, t, false, block);
}

static enum erix_status sys_send(struct thread *t)
{
	return send(t, true);
}

static enum erix_status sys_nb_send(struct thread *t)
{
	return send(t, false);
}

static enum erix_status sys_recv(struct thread *t)
{
	struct cap *c;
	enum erix_status st = endpoint_target(t, &c);
	return st == ERIX_OK ? endpoint_receive(c, t, true) : st;
}

static enum erix_status sys_poll(struct thread *t)
{
	struct cap *c;
	enum erix_status st = endpoint_target(t, &c);
	return st == ERIX_OK ? endpoint_receive(c, t, false) : st;
}

/* SYS_REPLY_RECV: answer the caller this thread owes a reply (if any), then receive. */
static enum erix_status sys_reply_recv(struct thread *t)
{
	struct cap *c;
	enum erix_status st = endpoint_target(t, &c);
	if (st != ERIX_OK)
		return st;
	endpoint_reply(t);
	return endpoint_receive(c, t, true);
}

/* SYS_YIELD: to the back of its priority's queue. */
static enum erix_status sys_yield(struct thread *t)
{
	sched_rotate(t);
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
	[ERIX_SYS_SEND] = sys_send,       [ERIX_SYS_RECV] = sys_recv,
	[ERIX_SYS_CALL] = sys_call,       [ERIX_SYS_REPLY_RECV] = sys_reply_recv,
	[ERIX_SYS_NB_SEND] = sys_nb_send, [ERIX_SYS_POLL] = sys_poll,
	[ERIX_SYS_SIGNAL] = sys_signal,   [ERIX_SYS_WAIT] = sys_wait,
	[ERIX_SYS_YIELD] = sys_yield,
};

void syscall_handle(struct thread *t)
{
	uint64_t number = t->context.rax;
	syscall_fn fn = number < ERIX_SYS_COUNT ? syscalls[number] : NULL;
	t->context.rdx = 0;
	t->context.rax = fn ? fn(t) : ERIX_E_NOT_SUPPORTED;
}
