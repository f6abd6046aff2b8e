/*
 * rootd's tests of threads, endpoint IPC, capability operations and the
 * authority rules, run in test mode after tests.c. A second thread ("the
 * echo server") shares rootd's address space and capability space but has
 * its own IPC buffer and stack; it answers every call with the message it
 * got and records what the kernel told it (badge, capabilities) in globals
 * the tests read. Messages here are raw transport tests, not an interface.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <pager_ctl.h>
#include <proc_ctl.h>
#include <string.h>
#include <vspace_ctl.h>

#include "rootd.h"

#define ECHO_BUFFER_ADDRESS (ERIX_IPC_BUFFER_ADDRESS + 0x1000)
#define ECHO_PRIORITY       128

static struct echo_record {
	uint64_t badge;
	uint32_t cap_count;
	uint8_t cap_kind;
	uint32_t messages;
} echo;
static uint32_t echo_receive_slot;
static uint8_t echo_stack[16384] __attribute__((aligned(16)));

/* The echo server: receive, note what arrived, reply with the same bytes. */
static void echo_main(uint64_t endpoint)
{
	struct erix_msg *buf = (struct erix_msg *)ECHO_BUFFER_ADDRESS;
	buf->receive[0] = echo_receive_slot;
	struct erix_sysret r = erix_syscall(ERIX_SYS_RECV, (erix_cptr_t)endpoint);
	for (;;) {
		echo.badge = r.value;
		echo.cap_count = buf->cap_count;
		echo.cap_kind = buf->cap_count ? buf->caps[0].kind : 0;
		echo.messages++;
		buf->cap_count = 0;
		r = erix_syscall(ERIX_SYS_REPLY_RECV, (erix_cptr_t)endpoint);
	}
}

static uint8_t kind_at(struct rootd *r, uint32_t slot)
{
	struct cnode_inspect_req req = {.slot = slot};
	struct cnode_inspect_rep rep = {0};
	return cnode_inspect(r->cnode, ipc(), &req, &rep) == ERIX_OK ? rep.kind : 0xff;
}

static uint8_t rights_at(struct rootd *r, uint32_t slot)
{
	struct cnode_inspect_req req = {.slot = slot};
	struct cnode_inspect_rep rep = {0};
	return cnode_inspect(r->cnode, ipc(), &req, &rep) == ERIX_OK ? rep.rights : 0xff;
}

static enum erix_status copy(struct rootd *r, uint32_t from, uint32_t to, uint8_t rights)
{
	struct cnode_copy_req req = {.source = from, .destination = to, .rights = rights};
	struct cnode_copy_rep rep;
	return cnode_copy(r->cnode, ipc(), &req, &rep);
}

/*
 * Make sure the paging structures on the way to `address` in `space` exist,
 * down to level `lowest` (from untyped memory).
 */
static void ensure_tables_to(struct rootd *r, uint32_t space, uint64_t address, uint8_t lowest)
{
	for (uint8_t level = VSPACE_CTL_TABLE_LEVEL_PDPT; level >= lowest; level--) {
		uint32_t table = rootd_make(r, ERIX_CAP_PAGE_TABLE, 0);
		struct vspace_ctl_map_page_table_req t = {
			.address = address, .level = level, .space = space, .table = table};
		struct vspace_ctl_map_page_table_rep trep;
		if (vspace_ctl_map_page_table(r->vspace_ctl, ipc(), &t, &trep) == ERIX_E_EXISTS) {
			struct cnode_delete_req del = {.slot = table};
			struct cnode_delete_rep delrep;
			cnode_delete(r->cnode, ipc(), &del, &delrep);
		}
	}
}

static void ensure_tables(struct rootd *r, uint32_t space, uint64_t address)
{
	ensure_tables_to(r, space, address, VSPACE_CTL_TABLE_LEVEL_LEAF_TABLE);
}

enum erix_status rootd_map(struct rootd *r, uint32_t space, uint32_t frame, uint64_t address,
			   uint8_t rights)
{
	ensure_tables(r, space, address);
	struct vspace_ctl_map_frame_req req = {
		.address = address, .rights = rights, .space = space, .page = frame};
	struct vspace_ctl_map_frame_rep rep;
	return vspace_ctl_map_frame(r->vspace_ctl, ipc(), &req, &rep);
}

uint32_t rootd_map_new_frame(struct rootd *r, uint64_t address)
{
	uint32_t frame = rootd_make(r, ERIX_CAP_FRAME, 12);
	return rootd_map(r, r->vspace, frame, address, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) == ERIX_OK
		       ? frame
		       : 0;
}

enum erix_status rootd_read_state(struct rootd *r, uint32_t thread,
				  struct proc_ctl_read_state_rep *rep)
{
	struct proc_ctl_read_state_req req = {.thread = thread};
	return proc_ctl_read_state(r->proc, ipc(), &req, rep);
}

bool rootd_await_state(struct rootd *r, uint32_t thread, uint8_t state)
{
	struct proc_ctl_read_state_rep rep;
	rootd_yield_until(rootd_read_state(r, thread, &rep) == ERIX_OK && rep.state == state);
	return rootd_read_state(r, thread, &rep) == ERIX_OK && rep.state == state;
}

/* Make a thread in rootd's own spaces; its capability lands in the next free slot. */
uint32_t rootd_new_thread(struct rootd *r, uint64_t ip, uint64_t sp, uint64_t arg)
{
	uint32_t slot = r->next_slot++;
	struct proc_ctl_create_thread_req req = {.priority = ECHO_PRIORITY,
						 .memory = r->untyped,
						 .space = r->vspace,
						 .cspace = r->cnode};
	struct proc_ctl_create_thread_rep rep;
	ipc()->receive[0] = slot;
	if (proc_ctl_create_thread(r->proc, ipc(), &req, &rep) != ERIX_OK || rep.thread != slot)
		return 0;
	struct proc_ctl_set_entry_req entry = {.ip = ip, .sp = sp, .arg0 = arg, .thread = slot};
	struct proc_ctl_set_entry_rep erep;
	return proc_ctl_set_entry(r->proc, ipc(), &entry, &erep) == ERIX_OK ? slot : 0;
}

bool rootd_start_helper(struct rootd *r, uint64_t buffer_address, void (*main)(uint64_t),
			uint8_t *stack_top, uint64_t arg)
{
	uint32_t frame = rootd_map_new_frame(r, buffer_address);
	uint32_t thread =
		rootd_new_thread(r, (uint64_t)(uintptr_t)main, (uint64_t)(uintptr_t)stack_top, arg);
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = buffer_address, .thread = thread, .buffer = frame};
	struct proc_ctl_set_ipc_buffer_rep brep;
	return frame && thread && proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep) == ERIX_OK &&
	       rootd_start(r, thread) == ERIX_OK;
}

enum erix_status rootd_start(struct rootd *r, uint32_t thread)
{
	struct proc_ctl_start_req req = {.thread = thread};
	struct proc_ctl_start_rep rep;
	return proc_ctl_start(r->proc, ipc(), &req, &rep);
}

/* Call `ep` with 16 patterned bytes; true when the same bytes come back. */
static bool echo_call(uint32_t ep, uint8_t pattern, enum erix_status *st)
{
	struct erix_msg *m = ipc();
	m->length = 16;
	m->cap_count = 0;
	for (int i = 0; i < 16; i++)
		m->bytes[i] = (uint8_t)(pattern + i);
	*st = erix_syscall(ERIX_SYS_CALL, ep).status;
	bool same = m->length == 16;
	for (int i = 0; i < 16 && same; i++)
		same = m->bytes[i] == (uint8_t)(pattern + i);
	return *st == ERIX_OK && same;
}

static void thread_tests(struct rootd *r, uint32_t ep)
{
	uint32_t frame = rootd_map_new_frame(r, ECHO_BUFFER_ADDRESS);
	rootd_cover("vspace_ctl.map_frame vspace_ctl.map_page_table", COVER_POSITIVE, frame != 0,
		    "map a frame with vspace_ctl (page tables from untyped memory)");
	uint32_t echo_thread =
		rootd_new_thread(r, (uint64_t)(uintptr_t)echo_main,
				 (uint64_t)(uintptr_t)(echo_stack + sizeof(echo_stack)), ep);
	rootd_cover("proc_ctl.create_thread", COVER_POSITIVE,
		    echo_thread && kind_at(r, echo_thread) == ERIX_CAP_THREAD,
		    "create_thread puts the new thread's capability in the receive slot");
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = ECHO_BUFFER_ADDRESS, .thread = echo_thread, .buffer = frame};
	struct proc_ctl_set_ipc_buffer_rep brep;
	rootd_cover("proc_ctl.set_ipc_buffer", COVER_POSITIVE,
		    proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep) == ERIX_OK,
		    "set_ipc_buffer (proc_ctl 1.1)");
	struct proc_ctl_read_state_rep state;
	rootd_cover("proc_ctl.read_state", COVER_POSITIVE,
		    rootd_read_state(r, echo_thread, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_INACTIVE,
		    "a new thread is inactive");
	rootd_cover("proc_ctl.start", COVER_POSITIVE, rootd_start(r, echo_thread) == ERIX_OK,
		    "start it");
	rootd_await_state(r, echo_thread, PROC_CTL_THREAD_STATE_BLOCKED);
	rootd_cover("proc_ctl.set_entry", COVER_POSITIVE,
		    rootd_read_state(r, echo_thread, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_BLOCKED,
		    "it runs, and blocks receiving on its endpoint");
	rootd_check(rootd_start(r, echo_thread) == ERIX_E_INVALID_ARGUMENT,
		    "starting it twice is refused");
	struct proc_ctl_create_thread_req high = {
		.priority = 255, .memory = r->untyped, .space = r->vspace, .cspace = r->cnode};
	struct proc_ctl_create_thread_rep hrep;
	ipc()->receive[0] = r->next_slot;
	rootd_cover("proc_ctl.create_thread", COVER_AUTHORITY,
		    proc_ctl_create_thread(r->proc, ipc(), &high, &hrep) == ERIX_E_NO_PERMISSION,
		    "no thread above the creator's priority");
}

static void ipc_tests(struct rootd *r, uint32_t ep)
{
	enum erix_status st;
	rootd_check(echo_call(ep, 0x10, &st) && echo.messages == 1 && echo.badge == 0,
		    "call and reply between two threads, unbadged");
	uint32_t badged = r->next_slot++;
	struct cnode_mint_req mint = {
		.source = ep, .destination = badged, .rights = 0xff, .badge = 0x42};
	struct cnode_mint_rep mrep;
	rootd_cover("cnode.mint", COVER_POSITIVE,
		    cnode_mint(r->cnode, ipc(), &mint, &mrep) == ERIX_OK &&
			    echo_call(badged, 0x20, &st) && echo.badge == 0x42,
		    "a minted capability's badge reaches the receiver");
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	struct erix_msg *m = ipc();
	m->length = 0;
	m->cap_count = 1;
	m->caps[0].slot = n;
	st = erix_syscall(ERIX_SYS_CALL, ep).status;
	rootd_check(st == ERIX_OK && echo.cap_count == 1 &&
			    echo.cap_kind == ERIX_CAP_NOTIFICATION &&
			    kind_at(r, echo_receive_slot) == ERIX_CAP_NOTIFICATION,
		    "a capability travels over an endpoint with GRANT into the receive slot");
	uint32_t no_grant = r->next_slot++;
	copy(r, ep, no_grant, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE);
	m->length = 0;
	m->cap_count = 1;
	m->caps[0].slot = n;
	rootd_check(erix_syscall(ERIX_SYS_CALL, no_grant).status == ERIX_E_NO_PERMISSION,
		    "no capability travels without GRANT");
	rootd_check(echo_call(no_grant, 0x30, &st), "but plain messages do");
	uint32_t idle_ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	m->length = 0;
	m->cap_count = 0;
	rootd_check(erix_syscall(ERIX_SYS_NB_SEND, idle_ep).status == ERIX_E_BUSY,
		    "nb_send with no receiver waiting is busy");
	rootd_check(erix_syscall(ERIX_SYS_POLL, idle_ep).status == ERIX_E_BUSY,
		    "poll with no sender waiting is busy");
	m->length = ERIX_MSG_MAX_BYTES + 1;
	rootd_check(erix_syscall(ERIX_SYS_CALL, ep).status == ERIX_E_PROTOCOL_ERROR,
		    "an oversize message is refused");
	rootd_check(erix_syscall(ERIX_SYS_RECV, r->console).status == ERIX_E_BAD_CAPABILITY,
		    "receive needs an endpoint");
	struct cnode_revoke_req rv = {.slot = ep};
	struct cnode_revoke_rep rvrep;
	rootd_cover("cnode.revoke", COVER_POSITIVE,
		    cnode_revoke(r->cnode, ipc(), &rv, &rvrep) == ERIX_OK &&
			    kind_at(r, badged) == 0 && kind_at(r, no_grant) == 0 &&
			    kind_at(r, ep) == ERIX_CAP_ENDPOINT,
		    "revoke withdraws the badged and the reduced copies, and keeps the original");
	rootd_check(erix_syscall(ERIX_SYS_CALL, badged).status == ERIX_E_NOT_FOUND,
		    "a revoked capability names nothing");
	rootd_check(echo_call(ep, 0x40, &st), "the original still works");
}

static void cnode_tests(struct rootd *r)
{
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0), ro = r->next_slot++;
	uint32_t again = r->next_slot++;
	rootd_cover("cnode.copy cnode.inspect", COVER_POSITIVE,
		    copy(r, n, ro, ERIX_RIGHT_READ) == ERIX_OK &&
			    rights_at(r, ro) == ERIX_RIGHT_READ,
		    "copy with fewer rights");
	rootd_cover("cnode.copy", COVER_AUTHORITY,
		    copy(r, ro, again, 0xff) == ERIX_OK && rights_at(r, again) == ERIX_RIGHT_READ,
		    "rights cannot be amplified");
	rootd_check(erix_signal(ro) == ERIX_E_NO_PERMISSION,
		    "a read-only notification cannot signal");
	rootd_check(copy(r, n, ro, 0xff) == ERIX_E_EXISTS, "copy into an occupied slot is refused");
	rootd_check(copy(r, r->untyped, r->next_slot, 0xff) == ERIX_E_NOT_SUPPORTED,
		    "untyped memory is never copied");
	rootd_check(copy(r, 0, r->next_slot, 0xff) == ERIX_E_INVALID_ARGUMENT,
		    "the null slot holds nothing to copy");
	struct cnode_move_req mv = {.source = again, .destination = r->next_slot};
	struct cnode_move_rep mvrep;
	rootd_cover("cnode.move", COVER_POSITIVE,
		    cnode_move(r->cnode, ipc(), &mv, &mvrep) == ERIX_OK && kind_at(r, again) == 0 &&
			    kind_at(r, r->next_slot) == ERIX_CAP_NOTIFICATION,
		    "move empties the source");
	r->next_slot++;
	struct cnode_delete_req del = {.slot = r->untyped};
	struct cnode_delete_rep delrep;
	rootd_check(cnode_delete(r->cnode, ipc(), &del, &delrep) == ERIX_E_BUSY,
		    "untyped memory with objects in it cannot be deleted");
	uint32_t weak = r->next_slot++;
	copy(r, r->cnode, weak, ERIX_RIGHT_READ);
	struct cnode_copy_req c = {.source = n, .destination = r->next_slot, .rights = 0xff};
	struct cnode_copy_rep crep;
	rootd_cover("cnode.copy", COVER_AUTHORITY,
		    cnode_copy(weak, ipc(), &c, &crep) == ERIX_E_NO_PERMISSION,
		    "a read-only cnode capability cannot change the cnode");
	uint32_t other = rootd_make(r, ERIX_CAP_CNODE, 4);
	struct cnode_copy_to_req ct = {
		.source = n, .destination = 3, .rights = ERIX_RIGHT_READ, .target = other};
	struct cnode_copy_to_rep ctrep;
	struct cnode_inspect_req in = {.slot = 3};
	struct cnode_inspect_rep inrep = {0};
	rootd_cover("cnode.copy_to", COVER_POSITIVE,
		    other && cnode_copy_to(r->cnode, ipc(), &ct, &ctrep) == ERIX_OK &&
			    cnode_inspect(other, ipc(), &in, &inrep) == ERIX_OK &&
			    inrep.kind == ERIX_CAP_NOTIFICATION && inrep.rights == ERIX_RIGHT_READ,
		    "copy_to puts a copy, with the rights asked, in a slot of another cnode");
	rootd_check(cnode_copy_to(r->cnode, ipc(), &ct, &ctrep) == ERIX_E_EXISTS,
		    "copy_to into an occupied slot there is refused");
}

static volatile uint64_t spins;
static uint8_t spin_stack[4096] __attribute__((aligned(16)));

/* A thread that never gives up the CPU by itself. */
static void spin_main(uint64_t arg)
{
	(void)arg;
	for (;;)
		spins++;
}

static void preemption_tests(struct rootd *r)
{
	uint32_t spinner =
		rootd_new_thread(r, (uint64_t)(uintptr_t)spin_main,
				 (uint64_t)(uintptr_t)(spin_stack + sizeof(spin_stack)), 0);
	rootd_start(r, spinner);
	rootd_yield_until(spins > 0);
	rootd_check(spins > 0, "a thread that never yields is preempted by the timer");
	struct proc_ctl_suspend_req req = {.thread = spinner};
	struct proc_ctl_suspend_rep rep;
	struct proc_ctl_read_state_rep state;
	rootd_cover("proc_ctl.suspend", COVER_POSITIVE,
		    proc_ctl_suspend(r->proc, ipc(), &req, &rep) == ERIX_OK &&
			    rootd_read_state(r, spinner, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_INACTIVE,
		    "suspend stops it");
	uint64_t seen = spins;
	erix_yield();
	rootd_check(spins == seen, "and it stays stopped");
}

#define TOUCH_ADDRESS 0x20000000ull
static uint32_t park;
static uint8_t touch_stack[4096] __attribute__((aligned(16)));

/* Write to `address` (unmapped until a pager maps it), then wait for good. */
static void touch_main(uint64_t address)
{
	*(volatile uint64_t *)address = 0x5eed;
	erix_syscall(ERIX_SYS_WAIT, park);
}

static enum erix_status set_fault_endpoint(struct rootd *r, uint32_t thread, uint32_t ep)
{
	struct proc_ctl_set_fault_endpoint_req req = {.thread = thread, .fault_endpoint = ep};
	struct proc_ctl_set_fault_endpoint_rep rep;
	return proc_ctl_set_fault_endpoint(r->proc, ipc(), &req, &rep);
}

/* Receive one fault message on `ep` and decode it with the generated decoder. */
static bool receive_fault(uint32_t ep, struct pager_ctl_fault_req *fault)
{
	return erix_syscall(ERIX_SYS_RECV, ep).status == ERIX_OK &&
	       pager_ctl_fault_req_decode(ipc(), fault) == ERIX_OK;
}

static uint8_t resume_stack[4096] __attribute__((aligned(16)));

/* resume: a thread stopped on a fault retries its write once the page is mapped. */
static void resume_tests(struct rootd *r, uint32_t fault_ep, uint32_t buffer)
{
	uint64_t address = TOUCH_ADDRESS + 0x1000;
	uint32_t t = rootd_new_thread(r, (uint64_t)(uintptr_t)touch_main,
				      (uint64_t)(uintptr_t)(resume_stack + sizeof(resume_stack)),
				      address);
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = ECHO_BUFFER_ADDRESS + 0x1000, .thread = t, .buffer = buffer};
	struct proc_ctl_set_ipc_buffer_rep brep;
	proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep);
	set_fault_endpoint(r, t, fault_ep);
	rootd_start(r, t);
	struct pager_ctl_fault_req fault;
	bool faulted = receive_fault(fault_ep, &fault) && fault.info.address == address;
	struct pager_ctl_resume_req res = {.thread = t};
	struct pager_ctl_resume_rep resrep;
	uint32_t page = rootd_make(r, ERIX_CAP_FRAME, 12);
	bool mapped =
		rootd_map(r, r->vspace, page, address, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) == ERIX_OK;
	rootd_cover("pager_ctl.resume", COVER_POSITIVE,
		    faulted && mapped &&
			    pager_ctl_resume(r->pager, ipc(), &res, &resrep) == ERIX_OK,
		    "after mapping the missing page itself, the pager resumes the faulted thread");
	erix_yield();
	rootd_check(*(volatile uint64_t *)address == 0x5eed,
		    "and the retried write lands in the page");
	rootd_check(pager_ctl_resume(r->pager, ipc(), &res, &resrep) == ERIX_E_NOT_FOUND,
		    "resume of a thread not stopped on a fault: not_found");
}

static void pager_tests(struct rootd *r)
{
	uint32_t fault_ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	park = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint32_t toucher = rootd_new_thread(
		r, (uint64_t)(uintptr_t)touch_main,
		(uint64_t)(uintptr_t)(touch_stack + sizeof(touch_stack)), TOUCH_ADDRESS);
	uint32_t buffer = rootd_map_new_frame(r, ECHO_BUFFER_ADDRESS + 0x1000);
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = ECHO_BUFFER_ADDRESS + 0x1000, .thread = toucher, .buffer = buffer};
	struct proc_ctl_set_ipc_buffer_rep brep;
	proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep);
	rootd_cover("proc_ctl.set_fault_endpoint", COVER_POSITIVE,
		    set_fault_endpoint(r, toucher, fault_ep) == ERIX_OK,
		    "set a thread's fault endpoint");
	rootd_start(r, toucher);
	struct pager_ctl_fault_req fault;
	rootd_cover("pager_ctl.fault", COVER_POSITIVE,
		    receive_fault(fault_ep, &fault) &&
			    fault.info.kind == PAGER_CTL_FAULT_KIND_PAGE_FAULT &&
			    fault.info.access == PAGER_CTL_ACCESS_KIND_WRITE &&
			    fault.info.address == TOUCH_ADDRESS && !fault.info.present,
		    "its page fault arrives as a pager_ctl message on the endpoint");
	struct proc_ctl_read_state_rep state;
	rootd_check(rootd_read_state(r, toucher, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_FAULT_PENDING,
		    "and it waits for its pager");
	ensure_tables(r, r->vspace, TOUCH_ADDRESS);
	uint32_t page = rootd_make(r, ERIX_CAP_FRAME, 12);
	struct pager_ctl_map_and_resume_req fix = {
		.rights = PAGER_CTL_MAP_RIGHTS_READ_WRITE, .thread = toucher, .page = page};
	struct pager_ctl_map_and_resume_rep fixrep;
	rootd_cover("pager_ctl.map_and_resume", COVER_POSITIVE,
		    pager_ctl_map_and_resume(r->pager, ipc(), &fix, &fixrep) == ERIX_OK,
		    "map_and_resume maps a frame at the faulting page");
	rootd_yield_until(*(volatile uint64_t *)TOUCH_ADDRESS == 0x5eed);
	rootd_check(*(volatile uint64_t *)TOUCH_ADDRESS == 0x5eed,
		    "and the thread's write lands in that frame");
	struct pager_ctl_kill_req k = {.thread = toucher};
	struct pager_ctl_kill_rep krep;
	rootd_check(
		pager_ctl_kill(r->pager, ipc(), &k, &krep) == ERIX_E_NOT_FOUND,
		"a thread not stopped on a fault cannot be killed through the pager: not_found");

	resume_tests(r, fault_ep, buffer);

	uint32_t crasher = rootd_new_thread(r, 0, (uint64_t)(uintptr_t)(touch_stack + 2048), 0);
	proc_ctl_set_ipc_buffer(
		r->proc, ipc(),
		&(struct proc_ctl_set_ipc_buffer_req){.address = ECHO_BUFFER_ADDRESS + 0x1000,
						      .thread = crasher,
						      .buffer = buffer},
		&brep);
	set_fault_endpoint(r, crasher, fault_ep);
	rootd_start(r, crasher);
	rootd_check(receive_fault(fault_ep, &fault) &&
			    fault.info.access == PAGER_CTL_ACCESS_KIND_EXECUTE &&
			    fault.info.ip == 0,
		    "a jump to 0 arrives as an execute fault");
	k.thread = crasher;
	rootd_cover("pager_ctl.kill", COVER_POSITIVE,
		    pager_ctl_kill(r->pager, ipc(), &k, &krep) == ERIX_OK &&
			    rootd_read_state(r, crasher, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_FAULTED,
		    "kill ends it");
}

static volatile uint32_t low_runs;
static uint8_t low_stack[4096] __attribute__((aligned(16)));

/* Count one run, then wait for good. */
static void low_main(uint64_t arg)
{
	(void)arg;
	low_runs++;
	erix_syscall(ERIX_SYS_WAIT, park);
}

static enum erix_status set_priority(struct rootd *r, uint32_t thread, uint8_t priority)
{
	struct proc_ctl_set_priority_req req = {.priority = priority, .thread = thread};
	struct proc_ctl_set_priority_rep rep;
	return proc_ctl_set_priority(r->proc, ipc(), &req, &rep);
}

/* A thread below rootd's priority never runs while rootd can; raised to it, it does. */
static void priority_tests(struct rootd *r)
{
	uint32_t low = rootd_new_thread(r, (uint64_t)(uintptr_t)low_main,
					(uint64_t)(uintptr_t)(low_stack + sizeof(low_stack)), 0);
	bool lowered = low && set_priority(r, low, ECHO_PRIORITY - 1) == ERIX_OK &&
		       rootd_start(r, low) == ERIX_OK;
	erix_yield();
	erix_yield();
	bool waited = low_runs == 0;
	bool raised = set_priority(r, low, ECHO_PRIORITY) == ERIX_OK;
	erix_yield();
	rootd_cover("proc_ctl.set_priority", COVER_POSITIVE, lowered && waited,
		    "a thread set below rootd's priority does not run while rootd yields");
	rootd_cover("proc_ctl.set_priority", COVER_POSITIVE, raised && low_runs == 1,
		    "set to rootd's priority, it runs at rootd's next yield");
}

static volatile uint64_t register_mark;
static uint8_t register_stack[4096] __attribute__((aligned(16)));

/* Started through set_registers: leave the argument it got, then wait for good. */
static void register_main(uint64_t mark)
{
	register_mark = mark;
	erix_syscall(ERIX_SYS_WAIT, park);
}

static void register_tests(struct rootd *r)
{
	uint32_t t = rootd_new_thread(r, 0, 0, 0);
	struct proc_ctl_get_registers_req get = {.thread = t};
	struct proc_ctl_get_registers_rep got = {0};
	struct proc_ctl_set_registers_req set = {.thread = t};
	set.regs.ip = (uint64_t)(uintptr_t)register_main;
	set.regs.sp = (uint64_t)(uintptr_t)(register_stack + sizeof(register_stack));
	set.regs.rdi = 0x77;
	struct proc_ctl_set_registers_rep srep;
	rootd_cover("proc_ctl.set_registers proc_ctl.get_registers", COVER_POSITIVE,
		    proc_ctl_set_registers(r->proc, ipc(), &set, &srep) == ERIX_OK &&
			    proc_ctl_get_registers(r->proc, ipc(), &get, &got) == ERIX_OK &&
			    got.regs.ip == set.regs.ip && got.regs.rdi == 0x77,
		    "set_registers, then get_registers reads them back");
	rootd_start(r, t);
	rootd_yield_until(register_mark == 0x77);
	rootd_check(register_mark == 0x77, "the thread starts where set_registers put it");
	rootd_check(proc_ctl_get_registers(r->proc, ipc(), &get, &got) == ERIX_E_INVALID_ARGUMENT,
		    "a blocked thread's registers are out of reach");
	struct proc_ctl_suspend_req sus = {.thread = t};
	struct proc_ctl_suspend_rep susrep;
	proc_ctl_suspend(r->proc, ipc(), &sus, &susrep);
	set.regs.ip = 0xffff800000000000ull;
	rootd_cover("proc_ctl.set_registers", COVER_AUTHORITY,
		    proc_ctl_set_registers(r->proc, ipc(), &set, &srep) == ERIX_E_INVALID_ARGUMENT,
		    "no instruction pointer in the kernel half");
}

#define UNMAP_ADDRESS 0x51000000ull

static enum erix_status unmap(struct rootd *r, uint64_t address)
{
	struct vspace_ctl_unmap_req req = {.address = address, .space = r->vspace};
	struct vspace_ctl_unmap_rep rep;
	return vspace_ctl_unmap(r->vspace_ctl, ipc(), &req, &rep);
}

/* Unmapping by address: the page goes from the TLB too, and the frame keeps its contents. */
static void vspace_unmap_tests(struct rootd *r)
{
	volatile uint64_t *word = (volatile uint64_t *)UNMAP_ADDRESS;
	uint32_t first = rootd_map_new_frame(r, UNMAP_ADDRESS);
	*word = 0x1111;
	struct vspace_ctl_query_req q = {.address = UNMAP_ADDRESS, .space = r->vspace};
	struct vspace_ctl_query_rep qrep;
	rootd_check(unmap(r, UNMAP_ADDRESS + 8) == ERIX_E_NOT_FOUND,
		    "vspace_ctl: unmap needs the address a mapping starts at");
	rootd_cover("vspace_ctl.unmap", COVER_POSITIVE,
		    unmap(r, UNMAP_ADDRESS) == ERIX_OK &&
			    vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_E_NOT_FOUND,
		    "vspace_ctl: unmap removes the mapping");
	rootd_check(unmap(r, UNMAP_ADDRESS) == ERIX_E_NOT_FOUND,
		    "vspace_ctl: and then there is none");
	rootd_cover("vspace_ctl.unmap", COVER_AUTHORITY,
		    unmap(r, 0xffff800000000000ull) == ERIX_E_INVALID_ARGUMENT,
		    "vspace_ctl: no unmapping in the kernel half");
	uint32_t second = rootd_map_new_frame(r, UNMAP_ADDRESS);
	rootd_check(second && *word == 0,
		    "vspace_ctl: a new frame at the address shows, not the TLB's old one");
	rootd_check(unmap(r, UNMAP_ADDRESS) == ERIX_OK &&
			    rootd_map(r, r->vspace, first, UNMAP_ADDRESS,
				      VSPACE_CTL_MAP_RIGHTS_READ_WRITE) == ERIX_OK &&
			    *word == 0x1111,
		    "vspace_ctl: an unmapped frame maps again, its contents kept");
}

#define LARGE_ADDRESS 0x60000000ull /* 2 MiB aligned, in a page directory of its own */
#define LARGE_SIZE    0x200000ull

static enum erix_status map_at(struct rootd *r, uint32_t frame, uint64_t address)
{
	struct vspace_ctl_map_frame_req req = {.address = address,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = r->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep rep;
	return vspace_ctl_map_frame(r->vspace_ctl, ipc(), &req, &rep);
}

/* 2 MiB frames map as one large page, where no page table is in the way. */
static void large_page_tests(struct rootd *r)
{
	ensure_tables_to(r, r->vspace, LARGE_ADDRESS, VSPACE_CTL_TABLE_LEVEL_PAGE_DIRECTORY);
	uint32_t large = rootd_make(r, ERIX_CAP_FRAME, 21),
		 small = rootd_make(r, ERIX_CAP_FRAME, 12);
	rootd_check(map_at(r, large, LARGE_ADDRESS + 0x1000) == ERIX_E_INVALID_ARGUMENT,
		    "vspace_ctl: a 2 MiB frame needs a 2 MiB aligned address");
	struct vspace_ctl_query_req q = {.address = LARGE_ADDRESS + 0x123456, .space = r->vspace};
	struct vspace_ctl_query_rep qrep = {0};
	volatile uint64_t *last = (volatile uint64_t *)(LARGE_ADDRESS + LARGE_SIZE - 8);
	bool mapped = map_at(r, large, LARGE_ADDRESS) == ERIX_OK;
	if (mapped)
		*last = 0x1a46e;
	rootd_check(mapped && *last == 0x1a46e &&
			    vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_OK &&
			    qrep.info.size == LARGE_SIZE &&
			    qrep.info.virtual_base == LARGE_ADDRESS &&
			    qrep.info.physical_base % LARGE_SIZE == 0,
		    "vspace_ctl: a 2 MiB frame maps as one page, its last word writable");
	rootd_check(map_at(r, small, LARGE_ADDRESS + 0x3000) == ERIX_E_EXISTS,
		    "vspace_ctl: nothing maps inside a 2 MiB page");
	rootd_check(unmap(r, LARGE_ADDRESS) == ERIX_OK &&
			    vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_E_NOT_FOUND,
		    "vspace_ctl: unmap removes the 2 MiB page");
	rootd_check(rootd_map(r, r->vspace, small, LARGE_ADDRESS,
			      VSPACE_CTL_MAP_RIGHTS_READ_WRITE) == ERIX_OK &&
			    map_at(r, large, LARGE_ADDRESS) == ERIX_E_EXISTS,
		    "vspace_ctl: and no 2 MiB page goes where a page table is");
	unmap(r, LARGE_ADDRESS);
}

#define MODULE_ADDRESS 0x52000000ull

/* The physical address of the page mapped at `address` in rootd's space, or 0. */
static uint64_t physical_at(struct rootd *r, uint64_t address)
{
	struct vspace_ctl_query_req q = {.address = address, .space = r->vspace};
	struct vspace_ctl_query_rep qrep = {0};
	return vspace_ctl_query(r->vspace_ctl, ipc(), &q, &qrep) == ERIX_OK
		       ? qrep.info.physical_base
		       : 0;
}

/* rootd's own boot module, as the kernel hands it over: read-only frames, in order. */
static void boot_module_tests(struct rootd *r)
{
	const struct erix_bootinfo_cap *m = erix_cap_by_name(r->bi, "module.rootd");
	rootd_check(m && m->kind == ERIX_CAP_FRAME && m->rights == ERIX_RIGHT_READ && m->size > 0,
		    "the boot module is named in the boot info as read-only frames");
	if (!m)
		return;
	uint32_t last = m->slot + (uint32_t)(((m->base & 4095) + m->size - 1) / 4096);
	rootd_cover("vspace_ctl.map_frame", COVER_AUTHORITY,
		    rootd_map(r, r->vspace, m->slot, MODULE_ADDRESS,
			      VSPACE_CTL_MAP_RIGHTS_READ_WRITE) == ERIX_E_NO_PERMISSION,
		    "a boot module frame cannot be mapped writable");
	const volatile uint8_t *first =
		(const volatile uint8_t *)(MODULE_ADDRESS + (m->base & 4095));
	rootd_check(rootd_map(r, r->vspace, m->slot, MODULE_ADDRESS,
			      VSPACE_CTL_MAP_RIGHTS_READ_ONLY) == ERIX_OK &&
			    first[0] == 0x7f && first[1] == 'E' && first[2] == 'L' &&
			    first[3] == 'F' &&
			    physical_at(r, MODULE_ADDRESS) == (m->base & ~4095ull),
		    "its first frame holds the module's first byte: rootd's ELF header");
	rootd_check(rootd_map(r, r->vspace, last, MODULE_ADDRESS + 4096,
			      VSPACE_CTL_MAP_RIGHTS_READ_ONLY) == ERIX_OK &&
			    physical_at(r, MODULE_ADDRESS + 4096) ==
				    ((m->base + m->size - 1) & ~4095ull),
		    "its frames fill consecutive slots up to the page of its last byte");
	unmap(r, MODULE_ADDRESS);
	unmap(r, MODULE_ADDRESS + 4096);
}

/* An address space that goes while frames are mapped in it lets go of them. */
static void vspace_lifetime_tests(struct rootd *r)
{
	uint32_t space = rootd_make(r, ERIX_CAP_VSPACE, 0),
		 frame = rootd_make(r, ERIX_CAP_FRAME, 12);
	rootd_check(rootd_map(r, space, frame, 0x50000000, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) ==
			    ERIX_OK,
		    "map a frame into a new address space");
	struct cnode_delete_req del = {.slot = space};
	struct cnode_delete_rep delrep;
	rootd_check(cnode_delete(r->cnode, ipc(), &del, &delrep) == ERIX_OK &&
			    rootd_map(r, r->vspace, frame, 0x50000000,
				      VSPACE_CTL_MAP_RIGHTS_READ_WRITE) == ERIX_OK,
		    "when the address space goes, the frame is unmapped and maps again elsewhere");
	*(volatile uint64_t *)0x50000000 = 1;
	del.slot = frame;
	rootd_check(cnode_delete(r->cnode, ipc(), &del, &delrep) == ERIX_OK,
		    "and deleting it later unmaps it from its new place");
}

static void fault_tests(struct rootd *r)
{
	uint32_t unready = r->next_slot++;
	struct proc_ctl_create_thread_req req = {.priority = ECHO_PRIORITY,
						 .memory = r->untyped,
						 .space = r->vspace,
						 .cspace = r->cnode};
	struct proc_ctl_create_thread_rep rep;
	ipc()->receive[0] = unready;
	proc_ctl_create_thread(r->proc, ipc(), &req, &rep);
	struct proc_ctl_read_state_rep unready_state;
	rootd_check(rootd_start(r, unready) == ERIX_OK &&
			    rootd_await_state(r, unready, PROC_CTL_THREAD_STATE_FAULTED) &&
			    rootd_read_state(r, unready, &unready_state) == ERIX_OK &&
			    unready_state.state == PROC_CTL_THREAD_STATE_FAULTED,
		    "a thread started before set_entry faults in user mode, not in the kernel");
	uint32_t crasher = rootd_new_thread(r, 0, (uint64_t)(uintptr_t)(echo_stack + 4096), 0);
	rootd_start(r, crasher);
	rootd_await_state(r, crasher, PROC_CTL_THREAD_STATE_FAULTED);
	struct proc_ctl_read_state_rep state;
	rootd_check(rootd_read_state(r, crasher, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_FAULTED &&
			    state.fault.kind == PROC_CTL_FAULT_KIND_PAGE_FAULT &&
			    state.fault.address == 0 &&
			    state.fault.access == PROC_CTL_ACCESS_KIND_EXECUTE,
		    "a thread jumping to 0 stops with a page fault; the rest runs on");
}

static void memory_tests(struct rootd *r)
{
	uint32_t u = rootd_spare_untyped(r), first = r->next_slot;
	struct retype_ctl_query_req q = {.source = u};
	struct retype_ctl_query_rep before = {0}, after = {0};
	retype_ctl_query(r->retype, ipc(), &q, &before);
	bool ok = true;
	for (int round = 0; round < 100 && ok; round++) {
		struct retype_ctl_retype_req req = {.kind = RETYPE_CTL_OBJECT_KIND_ENDPOINT,
						    .count = 8,
						    .first_slot = first,
						    .source = u,
						    .destination = r->cnode};
		struct retype_ctl_retype_rep rep;
		ok = retype_ctl_retype(r->retype, ipc(), &req, &rep) == ERIX_OK;
		req.kind = RETYPE_CTL_OBJECT_KIND_FRAME;
		req.size_bits = 12;
		req.first_slot = first + 8;
		ok = ok && retype_ctl_retype(r->retype, ipc(), &req, &rep) == ERIX_OK;
		struct proc_ctl_create_thread_req t = {
			.priority = 1, .memory = u, .space = r->vspace, .cspace = r->cnode};
		struct proc_ctl_create_thread_rep trep;
		ipc()->receive[0] = first + 16;
		ok = ok && proc_ctl_create_thread(r->proc, ipc(), &t, &trep) == ERIX_OK;
		struct cnode_revoke_req rv = {.slot = u};
		struct cnode_revoke_rep rvrep;
		ok = ok && cnode_revoke(r->cnode, ipc(), &rv, &rvrep) == ERIX_OK;
	}
	retype_ctl_query(r->retype, ipc(), &q, &after);
	rootd_check(ok && before.free_bytes == after.free_bytes && kind_at(r, first) == 0,
		    "100 rounds of objects and threads, revoked, give back every byte");
}

void rootd_run_ipc_tests(struct rootd *r)
{
	uint32_t ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	echo_receive_slot = r->next_slot++;
	thread_tests(r, ep);
	ipc_tests(r, ep);
	cnode_tests(r);
	preemption_tests(r);
	pager_tests(r);
	priority_tests(r);
	register_tests(r);
	vspace_lifetime_tests(r);
	vspace_unmap_tests(r);
	boot_module_tests(r);
	large_page_tests(r);
	fault_tests(r);
	memory_tests(r);
}
