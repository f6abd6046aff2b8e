/*
 * rootd's tests of reply capabilities (cnode save_reply), run in test mode
 * after the IPC tests. rootd is the server: it receives calls on an endpoint
 * from client threads that share its address space and capability space,
 * saves their reply rights in slots, and answers them out of order with a
 * send on each slot. Each client makes one call, records what came back and
 * when, and then waits on a notification nobody signals.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <proc_ctl.h>

#include "rootd.h"

#define CLIENT_BUFFERS 0x54000000ull /* one IPC buffer page per client */
#define CLIENTS        6
#define NO_STATUS      (-1) /* a client still waiting for its call to end */

static struct client {
	volatile int status;     /* what its call returned, NO_STATUS until then */
	volatile uint8_t answer; /* the first byte of the reply */
	volatile uint32_t woke;  /* when its call ended, counted over all clients */
	uint32_t thread;         /* its thread capability */
	uint8_t stack[4096] __attribute__((aligned(16)));
} clients[CLIENTS];
static uint32_t server_ep, park, wakeups;

/* Client i: call the server with the one-byte message 'A' + i. */
static void client_main(uint64_t i)
{
	struct erix_msg *m = (struct erix_msg *)(CLIENT_BUFFERS + i * 0x1000);
	struct client *c = &clients[i];
	m->length = 1;
	m->cap_count = 0;
	m->bytes[0] = (uint8_t)('A' + i);
	enum erix_status st = erix_syscall(ERIX_SYS_CALL, server_ep).status;
	c->answer = m->length ? m->bytes[0] : 0;
	c->woke = ++wakeups;
	c->status = st;
	erix_syscall(ERIX_SYS_WAIT, park);
}

/* Start client i and let it run until its call blocks on the endpoint. */
static void start_client(struct rootd *r, uint32_t i)
{
	struct client *c = &clients[i];
	uint64_t buffer = CLIENT_BUFFERS + i * 0x1000;
	c->status = NO_STATUS;
	c->thread = rootd_new_thread(r, (uint64_t)(uintptr_t)client_main,
				     (uint64_t)(uintptr_t)(c->stack + sizeof(c->stack)), i);
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = buffer, .thread = c->thread, .buffer = rootd_map_new_frame(r, buffer)};
	struct proc_ctl_set_ipc_buffer_rep brep;
	proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep);
	rootd_start(r, c->thread);
	erix_yield();
}

/* Receive the next call; true when it is client i's. */
static bool take_call(uint32_t i)
{
	return erix_syscall(ERIX_SYS_RECV, server_ep).status == ERIX_OK && ipc()->length == 1 &&
	       ipc()->bytes[0] == 'A' + i;
}

static enum erix_status save_reply(uint32_t cnode, uint32_t slot)
{
	struct cnode_save_reply_req req = {.slot = slot};
	struct cnode_save_reply_rep rep;
	return cnode_save_reply(cnode, ipc(), &req, &rep);
}

/* Send the one-byte message `byte` on `cap`. */
static enum erix_status answer(uint32_t cap, uint8_t byte)
{
	struct erix_msg *m = ipc();
	m->length = 1;
	m->cap_count = 0;
	m->bytes[0] = byte;
	return erix_syscall(ERIX_SYS_SEND, cap).status;
}

static uint8_t kind_at(struct rootd *r, uint32_t slot)
{
	struct cnode_inspect_req req = {.slot = slot};
	struct cnode_inspect_rep rep = {0};
	return cnode_inspect(r->cnode, ipc(), &req, &rep) == ERIX_OK ? rep.kind : 0xff;
}

static bool is_reply_cap(struct rootd *r, uint32_t slot)
{
	struct cnode_inspect_req req = {.slot = slot};
	struct cnode_inspect_rep rep = {0};
	return cnode_inspect(r->cnode, ipc(), &req, &rep) == ERIX_OK &&
	       rep.kind == ERIX_CAP_REPLY && rep.rights == ERIX_RIGHT_WRITE;
}

static enum erix_status move(struct rootd *r, uint32_t from, uint32_t to)
{
	struct cnode_move_req req = {.source = from, .destination = to};
	struct cnode_move_rep rep;
	return cnode_move(r->cnode, ipc(), &req, &rep);
}

static enum erix_status delete (uint32_t cnode, uint32_t slot) {
	struct cnode_delete_req req = {.slot = slot}; struct cnode_delete_rep rep;
	return cnode_delete(cnode, ipc(), &req, &rep);
}

/* Calls A and B: A's reply is saved, B is taken and answered first, then A. */
static void deferred_tests(struct rootd *r)
{
	uint32_t ra = r->next_slot++, rb = r->next_slot++, spare = r->next_slot++;
	rootd_cover("cnode.save_reply", COVER_AUTHORITY,
		    save_reply(r->cnode, ra) == ERIX_E_NOT_FOUND,
		    "save_reply without a reply right is not_found");
	start_client(r, 0);
	rootd_cover("cnode.save_reply", COVER_POSITIVE,
		    take_call(0) && save_reply(r->cnode, ra) == ERIX_OK && is_reply_cap(r, ra),
		    "save_reply moves call A's reply right into a slot: kind reply, rights write");
	struct cnode_copy_req copy = {.source = ra, .destination = spare, .rights = 0xff};
	struct cnode_copy_rep copyrep;
	struct cnode_mint_req mint = {
		.source = ra, .destination = spare, .rights = 0xff, .badge = 7};
	struct cnode_mint_rep mintrep;
	rootd_cover("cnode.copy cnode.mint", COVER_AUTHORITY,
		    cnode_copy(r->cnode, ipc(), &copy, &copyrep) == ERIX_E_NOT_SUPPORTED &&
			    cnode_mint(r->cnode, ipc(), &mint, &mintrep) == ERIX_E_NOT_SUPPORTED &&
			    kind_at(r, spare) == 0,
		    "a reply capability is never copied or minted (not_supported)");
	start_client(r, 1); /* B's call waits in the endpoint's queue */
	struct erix_msg *m = ipc();
	m->length = 1;
	m->cap_count = 0;
	m->bytes[0] = 'X';
	bool took_b = erix_syscall(ERIX_SYS_REPLY_RECV, server_ep).status == ERIX_OK &&
		      m->length == 1 && m->bytes[0] == 'B';
	rootd_check(took_b && clients[0].status == NO_STATUS && is_reply_cap(r, ra),
		    "reply_recv after save_reply sends nothing, and takes call B");
	rootd_check(save_reply(r->cnode, ra) == ERIX_E_EXISTS,
		    "save_reply into an occupied slot is exists");
	rootd_check(save_reply(r->cnode, rb) == ERIX_OK, "save_reply of call B");
	m->length = ERIX_MSG_MAX_BYTES + 1;
	rootd_check(erix_syscall(ERIX_SYS_SEND, rb).status == ERIX_E_PROTOCOL_ERROR &&
			    is_reply_cap(r, rb),
		    "a send on a reply capability is checked like a send: oversize is refused, the "
		    "capability kept");
	rootd_check(answer(rb, 'b') == ERIX_OK && answer(ra, 'a') == ERIX_OK &&
			    kind_at(r, ra) == 0 && kind_at(r, rb) == 0,
		    "a send on each reply capability answers B, then A, and empties its slot");
	rootd_yield_until(clients[0].status != NO_STATUS && clients[1].status != NO_STATUS);
	struct client *a = &clients[0], *b = &clients[1];
	rootd_check(b->status == ERIX_OK && b->answer == 'b' && a->status == ERIX_OK &&
			    a->answer == 'a' && b->woke < a->woke,
		    "each caller gets its own answer, B first");
	rootd_check(answer(ra, 'a') == ERIX_E_NOT_FOUND,
		    "a send on a used (now empty) reply slot is not_found");
	rootd_check(save_reply(r->cnode, ra) == ERIX_E_NOT_FOUND,
		    "having answered, the server holds no reply right");
}

/* A reply capability that moves still answers its caller. */
static void move_tests(struct rootd *r)
{
	uint32_t from = r->next_slot++, to = r->next_slot++;
	start_client(r, 2);
	rootd_check(take_call(2) && save_reply(r->cnode, from) == ERIX_OK &&
			    move(r, from, to) == ERIX_OK && kind_at(r, from) == 0 &&
			    answer(to, 'c') == ERIX_OK && kind_at(r, to) == 0,
		    "a moved reply capability answers from its new slot");
	rootd_yield_until(clients[2].status != NO_STATUS);
	rootd_check(clients[2].status == ERIX_OK && clients[2].answer == 'c',
		    "and its caller gets the answer");
}

/* Refusals, then a reply capability deleted unused, in rootd's cnode and with a cnode. */
static void delete_tests(struct rootd *r)
{
	uint32_t slot = r->next_slot++, weak = r->next_slot++;
	start_client(r, 3);
	struct cnode_copy_req c = {
		.source = r->cnode, .destination = weak, .rights = ERIX_RIGHT_READ};
	struct cnode_copy_rep crep;
	cnode_copy(r->cnode, ipc(), &c, &crep);
	rootd_cover("cnode.save_reply", COVER_AUTHORITY,
		    take_call(3) && save_reply(weak, slot) == ERIX_E_NO_PERMISSION &&
			    save_reply(r->cnode, 0) == ERIX_E_INVALID_ARGUMENT &&
			    save_reply(r->cnode, 1u << 20) == ERIX_E_INVALID_ARGUMENT,
		    "save_reply needs write on the cnode and a real slot");
	rootd_cover("cnode.delete", COVER_POSITIVE,
		    save_reply(r->cnode, slot) == ERIX_OK && delete (r->cnode, slot) == ERIX_OK,
		    "delete an unused reply capability");
	rootd_yield_until(clients[3].status != NO_STATUS);
	rootd_check(clients[3].status == ERIX_E_INTERRUPTED && clients[3].woke != 0,
		    "its caller wakes with interrupted");
	uint32_t cnode = rootd_make(r, ERIX_CAP_CNODE, 2);
	start_client(r, 5);
	rootd_check(take_call(5) && save_reply(cnode, 1) == ERIX_OK &&
			    delete (r->cnode, cnode) == ERIX_OK,
		    "save_reply into another cnode, then destroy that cnode");
	rootd_yield_until(clients[5].status != NO_STATUS);
	rootd_check(clients[5].status == ERIX_E_INTERRUPTED,
		    "the reply capability goes with it: its caller wakes with interrupted");
}

/* A caller suspended first: its reply capability goes stale, and the kernel empties the slot. */
static void stale_tests(struct rootd *r)
{
	uint32_t slot = r->next_slot++, moved = r->next_slot++;
	start_client(r, 4);
	struct proc_ctl_suspend_req sus = {.thread = clients[4].thread};
	struct proc_ctl_suspend_rep susrep;
	rootd_check(take_call(4) && save_reply(r->cnode, slot) == ERIX_OK &&
			    move(r, slot, moved) == ERIX_OK &&
			    proc_ctl_suspend(r->proc, ipc(), &sus, &susrep) == ERIX_OK &&
			    kind_at(r, moved) == 0,
		    "suspending a caller empties its (moved) reply capability's slot");
	rootd_check(answer(moved, 'e') == ERIX_E_NOT_FOUND && clients[4].status == NO_STATUS,
		    "a send there is not_found, and the suspended caller gets nothing");
}

void rootd_run_reply_tests(struct rootd *r)
{
	server_ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	park = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	deferred_tests(r);
	move_tests(r);
	delete_tests(r);
	stale_tests(r);
}
