/*
 * rootd's tests of bound notifications (proc_ctl bind_notification), run in
 * test mode after the reply tests. A receiver thread in rootd's spaces loops:
 * it waits on `go`, then receives once on an endpoint and records how that
 * receive ended. Its bound notification must end the receive with its bits,
 * bits signalled while it was not receiving must end its next receive at
 * once, and a message must still arrive as a message.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <proc_ctl.h>

#include "rootd.h"

#define RECEIVER_BUFFER 0x55000000ull
#define SIGNAL_BADGE    0x28ull /* the bits rootd's minted signalling capability ORs in */

static struct {
	volatile uint32_t receives; /* receives ended so far */
	volatile int status;
	volatile uint32_t length;
	volatile uint64_t value; /* RDX: the badge or the bits */
	volatile uint8_t first;  /* the message's first byte */
	uint8_t stack[4096] __attribute__((aligned(16)));
} rx;
static uint32_t go, endpoint;

static void receiver_main(uint64_t unused)
{
	const struct erix_msg *m = (const struct erix_msg *)RECEIVER_BUFFER;
	(void)unused;
	for (;;) {
		erix_syscall(ERIX_SYS_WAIT, go);
		struct erix_sysret ret = erix_syscall(ERIX_SYS_RECV, endpoint);
		rx.status = ret.status;
		rx.length = m->length;
		rx.value = ret.value;
		rx.first = m->bytes[0];
		rx.receives++;
	}
}

static enum erix_status bind(struct rootd *r, uint32_t thread, uint32_t notification)
{
	struct proc_ctl_bind_notification_req req = {.thread = thread,
						     .notification = notification};
	struct proc_ctl_bind_notification_rep rep;
	return proc_ctl_bind_notification(r->proc, ipc(), &req, &rep);
}

static enum erix_status unbind(struct rootd *r, uint32_t thread)
{
	struct proc_ctl_unbind_notification_req req = {.thread = thread};
	struct proc_ctl_unbind_notification_rep rep;
	return proc_ctl_unbind_notification(r->proc, ipc(), &req, &rep);
}

/* A copy of `source` with only `rights` (minted with `badge` when it is not 0); 0 on failure. */
static uint32_t derived(struct rootd *r, uint32_t source, uint8_t rights, uint64_t badge)
{
	uint32_t slot = r->next_slot++;
	if (badge != 0) {
		struct cnode_mint_req req = {
			.source = source, .destination = slot, .rights = rights, .badge = badge};
		struct cnode_mint_rep rep;
		return cnode_mint(r->cnode, ipc(), &req, &rep) == ERIX_OK ? slot : 0;
	}
	struct cnode_copy_req req = {.source = source, .destination = slot, .rights = rights};
	struct cnode_copy_rep rep;
	return cnode_copy(r->cnode, ipc(), &req, &rep) == ERIX_OK ? slot : 0;
}

static bool delete_slot(struct rootd *r, uint32_t slot)
{
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	return cnode_delete(r->cnode, ipc(), &req, &rep) == ERIX_OK;
}

/* Let the receiver into its receive; true once it is blocked there (after `done` receives). */
static bool into_receive(struct rootd *r, uint32_t thread, uint32_t done)
{
	erix_signal(go);
	rootd_yield_until(rx.receives == done);
	return rx.receives == done && rootd_await_state(r, thread, PROC_CTL_THREAD_STATE_BLOCKED);
}

/* The receiver's last receive ended by its bound notification with `bits`. */
static bool signalled_with(uint32_t receives, uint64_t bits)
{
	return rx.receives == receives && rx.status == ERIX_OK && rx.length == ERIX_MSG_SIGNALLED &&
	       rx.value == bits;
}

static void wake_tests(struct rootd *r, uint32_t thread, uint32_t note)
{
	uint32_t signaller = derived(r, note, ERIX_RIGHT_WRITE, SIGNAL_BADGE);
	bool sent = bind(r, thread, note) == ERIX_OK && into_receive(r, thread, 0) &&
		    erix_signal(signaller) == ERIX_OK;
	rootd_yield_until(rx.receives == 1);
	rootd_cover("proc_ctl.bind_notification", COVER_POSITIVE,
		    sent && signalled_with(1, SIGNAL_BADGE),
		    "bound: a signal ends the thread's RECV: ok, length ERIX_MSG_SIGNALLED, RDX "
		    "the bits");
	rootd_check(erix_syscall(ERIX_SYS_NB_SEND, endpoint).status == ERIX_E_BUSY,
		    "bound: the woken receiver left the endpoint's receiver queue");
	erix_signal(signaller);
	erix_yield();
	rootd_check(rx.receives == 1, "bound: a signal while it waits elsewhere does not wake it");
	erix_signal(go);
	rootd_yield_until(rx.receives == 2);
	rootd_check(signalled_with(2, SIGNAL_BADGE),
		    "bound: bits pending when it enters RECV end the receive at once");
	bool waiting = into_receive(r, thread, 2);
	struct erix_msg *m = ipc();
	m->length = 1;
	m->cap_count = 0;
	m->bytes[0] = 0x6b;
	sent = waiting && erix_syscall(ERIX_SYS_SEND, endpoint).status == ERIX_OK;
	rootd_yield_until(rx.receives == 3);
	rootd_check(sent && rx.receives == 3 && rx.status == ERIX_OK && rx.length == 1 &&
			    rx.first == 0x6b && rx.value == 0,
		    "bound: a message still arrives as a message, with its badge");
	rootd_check(bind(r, thread, note) == ERIX_OK, "bound: binding the same pair again is ok");
}

static void refusal_tests(struct rootd *r, uint32_t thread, uint32_t note)
{
	uint32_t other = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint32_t idle = rootd_new_thread(r, 0, 0, 0);
	uint32_t no_read = derived(r, other, ERIX_RIGHT_WRITE, 0);
	uint32_t read_only = derived(r, thread, ERIX_RIGHT_READ, 0);
	rootd_check(idle && bind(r, idle, note) == ERIX_E_BUSY,
		    "bound: a notification bound to another thread is busy");
	rootd_check(bind(r, thread, other) == ERIX_E_EXISTS,
		    "bound: a thread with a bound notification refuses another (exists)");
	rootd_cover("proc_ctl.bind_notification", COVER_AUTHORITY,
		    no_read && read_only && bind(r, idle, no_read) == ERIX_E_NO_PERMISSION &&
			    bind(r, read_only, other) == ERIX_E_NO_PERMISSION,
		    "bound: bind needs read on the notification and write on the thread");
	rootd_cover("proc_ctl.unbind_notification", COVER_AUTHORITY,
		    read_only && unbind(r, read_only) == ERIX_E_NO_PERMISSION,
		    "bound: unbind needs write on the thread");
	/* The receiver, unbound and in its receive: a signal leaves it there, bits pending. */
	bool sent = unbind(r, thread) == ERIX_OK && into_receive(r, thread, 3) &&
		    erix_signal(note) == ERIX_OK;
	erix_yield();
	rootd_cover("proc_ctl.unbind_notification", COVER_POSITIVE,
		    sent && rx.receives == 3 &&
			    rootd_await_state(r, thread, PROC_CTL_THREAD_STATE_BLOCKED),
		    "bound: after unbind a signal no longer ends its receive");
	uint64_t bits = 0;
	rootd_check(erix_wait(note, &bits) == ERIX_OK && bits == 1,
		    "bound: the signal's bits stayed in the notification for WAIT");
	rootd_check(unbind(r, thread) == ERIX_E_NOT_FOUND,
		    "bound: unbind of a thread with no bound notification is not_found");
	/* Destroying either side ends the binding. */
	uint32_t doomed = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	rootd_check(doomed && bind(r, thread, doomed) == ERIX_OK && delete_slot(r, doomed) &&
			    bind(r, thread, other) == ERIX_OK,
		    "bound: destroying the notification unbinds it (the thread binds another)");
	rootd_check(
		bind(r, idle, note) == ERIX_OK && delete_slot(r, idle) &&
			bind(r, thread, note) == ERIX_E_EXISTS && unbind(r, thread) == ERIX_OK &&
			bind(r, thread, note) == ERIX_OK,
		"bound: destroying the thread unbinds its notification (another thread binds it)");
}

void rootd_run_bound_tests(struct rootd *r)
{
	go = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	endpoint = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	uint32_t note = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint32_t frame = rootd_map_new_frame(r, RECEIVER_BUFFER);
	uint32_t thread = rootd_new_thread(r, (uint64_t)(uintptr_t)receiver_main,
					   (uint64_t)(uintptr_t)(rx.stack + sizeof(rx.stack)), 0);
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = RECEIVER_BUFFER, .thread = thread, .buffer = frame};
	struct proc_ctl_set_ipc_buffer_rep brep;
	bool ready = go && endpoint && note && frame && thread &&
		     proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep) == ERIX_OK &&
		     rootd_start(r, thread) == ERIX_OK &&
		     rootd_await_state(r, thread, PROC_CTL_THREAD_STATE_BLOCKED);
	rootd_check(ready, "bound: a receiver thread waits for its turn");
	if (!ready)
		return;
	wake_tests(r, thread, note);
	refusal_tests(r, thread, note);
}
