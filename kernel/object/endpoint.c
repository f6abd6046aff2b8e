/* Endpoints; see endpoint.h. */
#include "endpoint.h"

#include "erix/syscall.h"
#include "kernel.h"
#include "notification.h"
#include "object.h"
#include "physmem.h"

_Static_assert(sizeof(struct endpoint) <= 1u << OBJECT_SMALL_BITS, "fits its object");

static struct endpoint *endpoint_of(uint64_t object)
{
	return phys_to_virt(object);
}

static void push(struct thread **head, struct thread **tail, struct thread *t)
{
	t->next = NULL;
	if (*tail)
		(*tail)->next = t;
	else
		*head = t;
	*tail = t;
}

static struct thread *pop(struct thread **head, struct thread **tail)
{
	struct thread *t = *head;
	if (t) {
		*head = t->next;
		if (!*head)
			*tail = NULL;
		t->next = NULL;
		t->waiting_on_endpoint = 0;
	}
	return t;
}

static void remove_from(struct thread **head, struct thread **tail, struct thread *t)
{
	struct thread *prev = NULL;
	for (struct thread *w = *head; w; prev = w, w = w->next) {
		if (w != t)
			continue;
		if (prev)
			prev->next = w->next;
		else
			*head = w->next;
		if (*tail == w)
			*tail = prev;
		w->next = NULL;
		return;
	}
}

/* Make a blocked thread runnable with `status` (and RDX = `value`). */
static void wake(struct thread *t, enum erix_status status, uint64_t value)
{
	t->context.rax = status;
	t->context.rdx = value;
	sched_make_runnable(t);
}

/*
 * t's receive ends with its bound notification's `bits`: the buffer marks it
 * (if t still has one: its frame may have been revoked while it waited), RDX
 * holds them.
 */
static void signalled(struct thread *t, uint64_t bits)
{
	struct erix_msg *m = thread_ipc_buffer(t);
	if (m) {
		m->length = ERIX_MSG_SIGNALLED;
		m->cap_count = 0;
	}
	t->context.rdx = bits;
}

uint32_t transfer_caps(struct thread *to, struct erix_msg *dst, struct cap *const *src,
		       uint32_t count)
{
	uint32_t landed = 0;
	for (uint32_t i = 0; i < count; i++) {
		erix_cptr_t where = dst->receive[landed];
		struct cap *slot = thread_lookup(to, where);
		if (!src[i] || !slot || !cap_is_empty(slot) ||
		    cap_copy(src[i], slot, 0xff) != ERIX_OK)
			continue;
		dst->caps[landed] = (struct erix_cap_info){
			.slot = where, .kind = slot->kind, .rights = slot->rights};
		landed++;
	}
	return landed;
}

/* Copy `from`'s message into `to`'s buffer, capabilities only if `grant`. */
static void deliver(struct thread *from, struct thread *to, bool grant)
{
	struct erix_msg *src = thread_ipc_buffer(from), *dst = thread_ipc_buffer(to);
	if (!dst)
		return;
	uint32_t length = src && src->length <= ERIX_MSG_MAX_BYTES ? src->length : 0;
	uint32_t count = src && grant && src->cap_count <= ERIX_MSG_MAX_CAPS ? src->cap_count : 0;
	if (length)
		memcpy(dst->bytes, src->bytes, length);
	dst->length = length;
	dst->cap_count = 0;
	if (count) {
		struct cap *caps[ERIX_MSG_MAX_CAPS];
		for (uint32_t i = 0; i < count; i++)
			caps[i] = thread_lookup(from, src->caps[i].slot);
		dst->cap_count = transfer_caps(to, dst, caps, count);
	}
}

/* Check a message before it is sent: counts in bounds, capabilities only with GRANT. */
static enum erix_status check_outgoing(struct thread *t, bool grant)
{
	const struct erix_msg *m = thread_ipc_buffer(t);
	if (!m)
		return ERIX_E_INVALID_ARGUMENT;
	if (m->length > ERIX_MSG_MAX_BYTES || m->cap_count > ERIX_MSG_MAX_CAPS)
		return ERIX_E_PROTOCOL_ERROR;
	if (m->cap_count && !grant)
		return ERIX_E_NO_PERMISSION;
	return ERIX_OK;
}

/* The receiver `r` has `s`'s message: set up the reply right if it was a call. */
static void complete(struct thread *s, struct thread *r, bool call, bool grant, uint64_t badge)
{
	deliver(s, r, grant);
	wake(r, ERIX_OK, badge);
	if (call && r->reply_to) { /* r never answered its last caller: that call is over */
		r->reply_to->replier = NULL;
		r->reply_to->awaiting_reply = 0;
		wake(r->reply_to, ERIX_E_INTERRUPTED, 0);
		r->reply_to = NULL;
	}
	if (call) {
		r->reply_to = s;
		r->reply_can_grant = grant;
		s->replier = r;
		s->awaiting_reply = 1;
		sched_block(s, THREAD_BLOCKED);
	}
}

enum erix_status endpoint_send(struct cap *ep, struct thread *t, bool call, bool block)
{
	if (!(ep->rights & ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	bool grant = (ep->rights & ERIX_RIGHT_GRANT) != 0;
	enum erix_status st = check_outgoing(t, grant);
	if (st != ERIX_OK)
		return st;
	struct endpoint *e = endpoint_of(ep->object);
	struct thread *r = pop(&e->receivers, &e->last_receiver);
	if (r) {
		complete(t, r, call, grant, ep->badge);
		t->ipc_is_fault = 0;
		return ERIX_OK;
	}
	if (!block)
		return ERIX_E_BUSY;
	t->ipc_badge = ep->badge;
	t->ipc_is_call = call;
	t->ipc_can_grant = grant;
	t->ipc_sending = 1;
	t->waiting_on_endpoint = ep->object;
	sched_block(t, THREAD_BLOCKED);
	push(&e->senders, &e->last_sender, t);
	return ERIX_OK; /* the real answer is written when a receiver takes the message */
}

enum erix_status endpoint_receive(struct cap *ep, struct thread *t, bool block)
{
	if (!(ep->rights & ERIX_RIGHT_READ))
		return ERIX_E_NO_PERMISSION;
	if (!thread_ipc_buffer(t))
		return ERIX_E_INVALID_ARGUMENT;
	uint64_t bits = notification_take_bound(t);
	if (bits) { /* a signal came while it was not receiving */
		signalled(t, bits);
		return ERIX_OK;
	}
	struct endpoint *e = endpoint_of(ep->object);
	struct thread *s = pop(&e->senders, &e->last_sender);
	if (s) {
		s->ipc_sending = 0;
		bool call = s->ipc_is_call;
		complete(s, t, call, s->ipc_can_grant, s->ipc_badge);
		if (!call && !s->ipc_is_fault) /* a faulted sender waits for its pager */
			wake(s, ERIX_OK, 0);
		s->ipc_is_fault = 0;
		return ERIX_OK;
	}
	if (!block)
		return ERIX_E_BUSY;
	t->waiting_on_endpoint = ep->object;
	sched_block(t, THREAD_BLOCKED);
	push(&e->receivers, &e->last_receiver, t);
	return ERIX_OK;
}

bool endpoint_wake_receiver(struct thread *t, uint64_t bits)
{
	if (!t->waiting_on_endpoint || t->ipc_sending)
		return false;
	struct endpoint *e = endpoint_of(t->waiting_on_endpoint);
	remove_from(&e->receivers, &e->last_receiver, t);
	t->waiting_on_endpoint = 0;
	signalled(t, bits);
	t->context.rax = ERIX_OK;
	sched_make_runnable(t);
	return true;
}

bool endpoint_reply(struct thread *t)
{
	struct thread *caller = t->reply_to;
	if (!caller)
		return false;
	t->reply_to = NULL;
	caller->replier = NULL;
	caller->awaiting_reply = 0;
	deliver(t, caller, t->reply_can_grant);
	wake(caller, ERIX_OK, 0);
	return true;
}

/* The caller's reply right leaves whoever held it: it is answered or abandoned. */
static void release_caller(struct thread *caller)
{
	caller->replier = NULL;
	caller->reply_cap = NULL;
	caller->awaiting_reply = 0;
}

enum erix_status endpoint_save_reply(struct thread *t, struct cap *slot)
{
	struct thread *caller = t->reply_to;
	if (!caller)
		return ERIX_E_NOT_FOUND;
	if (!cap_is_empty(slot))
		return ERIX_E_EXISTS;
	cap_install_root(slot, ERIX_CAP_REPLY, ERIX_RIGHT_WRITE, virt_to_phys(caller), 0);
	t->reply_to = NULL;
	caller->replier = NULL;
	caller->reply_cap = slot;
	caller->ipc_can_grant = t->reply_can_grant;
	return ERIX_OK;
}

void endpoint_reply_moved(struct cap *c)
{
	thread_of(c)->reply_cap = c;
}

enum erix_status endpoint_answer(struct cap *reply, struct thread *t)
{
	struct thread *caller = thread_of(reply);
	bool grant = caller->ipc_can_grant;
	enum erix_status st = check_outgoing(t, grant);
	if (st != ERIX_OK)
		return st;
	release_caller(caller);
	deliver(t, caller, grant);
	wake(caller, ERIX_OK, 0);
	cap_delete(reply); /* used up; the caller no longer points at it */
	return ERIX_OK;
}

void endpoint_reply_destroy(struct cap *last)
{
	struct thread *caller = thread_of(last);
	if (!caller->reply_cap)
		return; /* answered, or the caller went first */
	release_caller(caller);
	wake(caller, ERIX_E_INTERRUPTED, 0);
}

/* Wake every thread queued on the endpoint with `status`. */
static void drain(struct thread **head, struct thread **tail, enum erix_status status)
{
	struct thread *t;
	while ((t = pop(head, tail))) {
		t->ipc_sending = 0;
		if (t->ipc_is_fault) { /* a queued fault goes nowhere now: the thread retries */
			t->fault_pending = 0;
			t->ipc_is_fault = 0;
			sched_make_runnable(t); /* it was in no system call: registers untouched */
			continue;
		}
		wake(t, status, 0);
	}
}

void endpoint_destroy(struct cap *last)
{
	struct endpoint *e = endpoint_of(last->object);
	drain(&e->senders, &e->last_sender, ERIX_E_INTERRUPTED);
	drain(&e->receivers, &e->last_receiver, ERIX_E_INTERRUPTED);
}

void endpoint_forget_thread(struct thread *t)
{
	if (t->waiting_on_endpoint) {
		struct endpoint *e = endpoint_of(t->waiting_on_endpoint);
		remove_from(&e->senders, &e->last_sender, t);
		remove_from(&e->receivers, &e->last_receiver, t);
		t->waiting_on_endpoint = 0;
		t->ipc_sending = 0;
	}
	if (t->reply_to) { /* the caller will never get its reply */
		t->reply_to->replier = NULL;
		t->reply_to->awaiting_reply = 0;
		wake(t->reply_to, ERIX_E_INTERRUPTED, 0);
		t->reply_to = NULL;
	}
	if (t->replier) {
		t->replier->reply_to = NULL;
		t->replier = NULL;
	}
	if (t->reply_cap) { /* its reply capability goes stale: the slot empties */
		struct cap *slot = t->reply_cap;
		t->reply_cap = NULL;
		cap_delete(slot);
	}
}

/*
 * The IPC fast path: a call to an endpoint where a receiver already waits,
 * and a reply-receive that answers a caller while no sender waits, with
 * short messages and no capabilities. The CPU goes straight from one thread
 * to the other. Each check below sends anything unusual to the general path
 * (return NULL), which gives the same results, only slower. A thread making a
 * system call is the highest-priority runnable one (every kernel entry ends
 * by running the top of the queues), so a partner of at least its priority
 * may run next without a look at the queues.
 */
static struct cap *fast_endpoint(struct thread *t, uint8_t right)
{
	struct cap *ep = thread_lookup(t, t->context.rdi);
	if (!ep || ep->kind != ERIX_CAP_ENDPOINT || !(ep->rights & right))
		return NULL; /* not an endpoint, or lacking the right: the general path says why */
	return ep;
}

/* Both threads have an IPC buffer (checked apart: a converted address is never NULL). */
static bool fast_buffers(const struct thread *a, const struct thread *b)
{
	return !cap_is_empty(&a->ipc_frame) && !cap_is_empty(&b->ipc_frame);
}

/* The IPC buffer of a thread that has one. */
static struct erix_msg *fast_buffer(const struct thread *t)
{
	return phys_to_virt(t->ipc_frame.object);
}

/* A message the fast path can carry: counts in bounds, no capabilities. */
static bool fast_message(const struct erix_msg *m)
{
	return m->cap_count == 0 && m->length <= ERIX_MSG_MAX_BYTES;
}

static void fast_copy(const struct erix_msg *src, struct erix_msg *dst)
{
	if (src->length)
		memcpy(dst->bytes, src->bytes, src->length);
	dst->length = src->length;
	dst->cap_count = 0;
}

/* t calls and a receiver waits: hand it the message and run it in t's place. */
static struct thread *fast_call(struct thread *t)
{
	struct cap *ep = fast_endpoint(t, ERIX_RIGHT_WRITE);
	if (!ep)
		return NULL;
	struct endpoint *e = endpoint_of(ep->object);
	struct thread *r = e->receivers;
	if (!r || !fast_buffers(t, r) || !fast_message(fast_buffer(t)))
		return NULL; /* nobody waiting, or a message the general path must check */
	if (r->reply_to || r->priority < t->priority || cap_is_empty(&r->vspace))
		return NULL; /* an unanswered caller, a lower priority, no address space */
	pop(&e->receivers, &e->last_receiver);
	fast_copy(fast_buffer(t), fast_buffer(r));
	r->context.rax = ERIX_OK;
	r->context.rdx = ep->badge;
	r->reply_to = t;
	r->reply_can_grant = (ep->rights & ERIX_RIGHT_GRANT) != 0;
	t->replier = r;
	t->awaiting_reply = 1;
	sched_block(t, THREAD_BLOCKED);
	sched_make_runnable_first(r);
	return r;
}

/* t answers its caller and no sender waits: deliver, wait on the endpoint, run the caller. */
static struct thread *fast_reply_recv(struct thread *t)
{
	struct thread *c = t->reply_to;
	struct cap *ep = c ? fast_endpoint(t, ERIX_RIGHT_READ) : NULL;
	if (!ep)
		return NULL;
	struct endpoint *e = endpoint_of(ep->object);
	if (e->senders || !fast_buffers(t, c) || !fast_message(fast_buffer(t)) ||
	    c->priority < t->priority || cap_is_empty(&c->vspace))
		return NULL; /* a sender is queued, or a case the general path must handle */
	if (notification_bound_pending(t))
		return NULL; /* its receive ends at once with the bits */
	fast_copy(fast_buffer(t), fast_buffer(c));
	t->reply_to = NULL;
	c->replier = NULL;
	c->awaiting_reply = 0;
	c->context.rax = ERIX_OK;
	c->context.rdx = 0;
	t->waiting_on_endpoint = ep->object;
	sched_block(t, THREAD_BLOCKED);
	push(&e->receivers, &e->last_receiver, t);
	sched_make_runnable_first(c);
	return c;
}

struct thread *endpoint_fastpath(struct thread *t)
{
	if (t->context.rax == ERIX_SYS_CALL)
		return fast_call(t);
	if (t->context.rax == ERIX_SYS_REPLY_RECV)
		return fast_reply_recv(t);
	return NULL;
}
