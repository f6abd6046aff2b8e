/*
 * rootd's IPC benchmark (erix.test=bench): call and reply between two
 * threads, timed with rdtsc. Run under QEMU with -icount shift=0 (as
 * `./erix bench` does) the guest's time stamp counter counts instructions,
 * so the figures are guest instructions, the same on any host. Reported:
 * the one-way call (client's rdtsc before the call to the server's rdtsc
 * after its receive returns), the one-way reply (server's rdtsc before
 * reply-receive to the client's after its call returns) and the round trip,
 * with 0 and 4 words of payload and with one capability transferred; each
 * the median of ITERATIONS after WARMUP, less the cost of rdtsc itself.
 *
 * Measured twice: with the server in rootd's own address space, and with it
 * in a second address space holding a copy of rootd's image (so every IPC
 * also switches page tables). The server's time stamps go through a page
 * mapped in both.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <proc_ctl.h>
#include <string.h>
#include <vspace_ctl.h>

#include "rootd.h"

#define WARMUP         100
#define ITERATIONS     1001
#define SERVER_BUFFER  (ERIX_IPC_BUFFER_ADDRESS + 0x4000)
#define BENCH_PRIORITY 128
#define SHARED_PAGE    0x30000000ull /* the server's time stamps, mapped in both spaces */
#define SCRATCH_PAGE   0x30001000ull /* where rootd fills a copy of one of its pages */

struct stamps {
	volatile uint64_t in, out;
};

extern char __executable_start[], __rodata_start[], __data_start[], _end[];
static struct stamps *stamps = (struct stamps *)SHARED_PAGE;
static uint32_t server_receive_slot, server_cnode;
static uint8_t server_stack[8192] __attribute__((aligned(16)));
static uint32_t samples[3][ITERATIONS];

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* The server: receive, stamp, drop any capability that came, stamp, reply-receive. */
static void server_main(uint64_t endpoint)
{
	struct erix_msg *buf = (struct erix_msg *)SERVER_BUFFER;
	buf->receive[0] = server_receive_slot;
	erix_syscall(ERIX_SYS_RECV, (erix_cptr_t)endpoint);
	for (;;) {
		stamps->in = rdtsc();
		if (buf->cap_count) {
			/* raw cnode delete: the server has no stub state of its own */
			struct cnode_delete_req req = {.slot = server_receive_slot};
			cnode_delete_req_encode(&req, buf);
			erix_syscall(ERIX_SYS_CALL, server_cnode);
			buf->receive[0] = server_receive_slot;
		}
		buf->length = 0;
		buf->cap_count = 0;
		stamps->out = rdtsc();
		erix_syscall(ERIX_SYS_REPLY_RECV, (erix_cptr_t)endpoint);
	}
}

static void sort(uint32_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static uint32_t median(uint32_t *v)
{
	sort(v, ITERATIONS);
	return v[ITERATIONS / 2];
}

/* The cost of taking two time stamps back to back. */
static uint32_t rdtsc_overhead(void)
{
	for (int i = 0; i < ITERATIONS; i++) {
		uint64_t a = rdtsc();
		samples[0][i] = (uint32_t)(rdtsc() - a);
	}
	return median(samples[0]);
}

static void run(const struct rootd *r, uint32_t ep, const char *what, uint32_t words, uint32_t cap,
		uint32_t overhead)
{
	struct erix_msg *m = erix_ipc_buffer();
	for (int i = -WARMUP; i < ITERATIONS; i++) {
		m->length = words * 8;
		m->cap_count = cap ? 1 : 0;
		m->caps[0].slot = cap;
		uint64_t t0 = rdtsc();
		erix_syscall(ERIX_SYS_CALL, ep);
		uint64_t t3 = rdtsc();
		if (i < 0)
			continue;
		samples[0][i] = (uint32_t)(stamps->in - t0 - overhead);
		samples[1][i] = (uint32_t)(t3 - stamps->out - overhead);
		samples[2][i] = (uint32_t)(t3 - t0 - overhead);
	}
	uint32_t call = median(samples[0]), reply = median(samples[1]), round = median(samples[2]);
	rootd_logf(r, "bench: ipc %-10s call %u reply %u round-trip %u instructions\n", what, call,
		   reply, round);
}

/* A page of rootd's image (at `page`) copied into a new frame; the frame's slot, or 0. */
static uint32_t copy_page(struct rootd *r, uint64_t page)
{
	uint32_t frame = rootd_make(r, ERIX_CAP_FRAME, 12), window = r->next_slot++;
	struct cnode_copy_req c = {.source = frame, .destination = window, .rights = 0xff};
	struct cnode_copy_rep crep;
	if (!frame || cnode_copy(r->cnode, erix_ipc_buffer(), &c, &crep) != ERIX_OK ||
	    rootd_map(r, r->vspace, window, SCRATCH_PAGE, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) !=
		    ERIX_OK)
		return 0;
	memcpy((void *)SCRATCH_PAGE, (const void *)page, 4096);
	struct cnode_delete_req d = {.slot = window}; /* deleting the copy unmaps the window */
	struct cnode_delete_rep drep;
	cnode_delete(r->cnode, erix_ipc_buffer(), &d, &drep);
	return frame;
}

static uint8_t image_rights(uint64_t page)
{
	if (page < (uint64_t)(uintptr_t)__rodata_start)
		return VSPACE_CTL_MAP_RIGHTS_READ_EXECUTE;
	if (page < (uint64_t)(uintptr_t)__data_start)
		return VSPACE_CTL_MAP_RIGHTS_READ_ONLY;
	return VSPACE_CTL_MAP_RIGHTS_READ_WRITE;
}

/* A second address space holding a copy of rootd's image and the shared page; 0 on failure. */
static uint32_t clone_space(struct rootd *r, uint32_t shared)
{
	uint32_t space = rootd_make(r, ERIX_CAP_VSPACE, 0), shared_copy = r->next_slot++;
	uint64_t end = (uint64_t)(uintptr_t)_end;
	for (uint64_t page = (uint64_t)(uintptr_t)__executable_start; page < end; page += 4096) {
		uint32_t frame = copy_page(r, page);
		if (!frame || rootd_map(r, space, frame, page, image_rights(page)) != ERIX_OK)
			return 0;
	}
	struct cnode_copy_req c = {.source = shared, .destination = shared_copy, .rights = 0xff};
	struct cnode_copy_rep crep;
	if (cnode_copy(r->cnode, erix_ipc_buffer(), &c, &crep) != ERIX_OK ||
	    rootd_map(r, space, shared_copy, SHARED_PAGE, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) !=
		    ERIX_OK)
		return 0;
	return space;
}

/* A server thread in `space` receiving on `ep`; its slot, or 0. */
static uint32_t start_server(struct rootd *r, uint32_t ep, uint32_t space)
{
	uint32_t slot = r->next_slot++;
	struct erix_msg *m = erix_ipc_buffer();
	m->receive[0] = slot;
	struct proc_ctl_create_thread_req req = {.priority = BENCH_PRIORITY,
						 .memory = r->untyped,
						 .space = space,
						 .cspace = r->cnode};
	struct proc_ctl_create_thread_rep rep;
	if (proc_ctl_create_thread(r->proc, m, &req, &rep) != ERIX_OK)
		return 0;
	uint32_t frame = rootd_make(r, ERIX_CAP_FRAME, 12);
	if (rootd_map(r, space, frame, SERVER_BUFFER, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) != ERIX_OK)
		return 0;
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = SERVER_BUFFER, .thread = slot, .buffer = frame};
	struct proc_ctl_set_ipc_buffer_rep brep;
	struct proc_ctl_set_entry_req e = {
		.ip = (uint64_t)(uintptr_t)server_main,
		.sp = (uint64_t)(uintptr_t)(server_stack + sizeof(server_stack)),
		.arg0 = ep,
		.thread = slot};
	struct proc_ctl_set_entry_rep erep;
	struct proc_ctl_start_req s = {.thread = slot};
	struct proc_ctl_start_rep srep;
	if (proc_ctl_set_ipc_buffer(r->proc, m, &b, &brep) != ERIX_OK ||
	    proc_ctl_set_entry(r->proc, m, &e, &erep) != ERIX_OK ||
	    proc_ctl_start(r->proc, m, &s, &srep) != ERIX_OK)
		return 0;
	return slot;
}

/* Call+reply figures with the server in `space`, on a fresh endpoint. */
static void bench_space(struct rootd *r, uint32_t space, const char *where, uint32_t token,
			uint32_t overhead)
{
	uint32_t ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	if (!space || !start_server(r, ep, space)) {
		rootd_logf(r, "bench: could not start the server (%s)\n", where);
		return;
	}
	erix_yield(); /* let the server block in receive */
	rootd_logf(r, "bench: server in %s\n", where);
	run(r, ep, "0 words", 0, 0, overhead);
	run(r, ep, "4 words", 4, 0, overhead);
	run(r, ep, "1 cap", 0, token, overhead);
}

void rootd_run_bench(struct rootd *r)
{
	uint32_t token = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint32_t shared = rootd_map_new_frame(r, SHARED_PAGE);
	server_receive_slot = r->next_slot++;
	server_cnode = r->cnode;
	uint32_t overhead = rdtsc_overhead();
	rootd_logf(r, "bench: rdtsc overhead %u\n", overhead);
	for (int i = 0; i < ITERATIONS; i++) {
		uint64_t t0 = rdtsc();
		erix_syscall(ERIX_SYS_COUNT, 0); /* no such call: entry, table check, exit */
		samples[0][i] = (uint32_t)(rdtsc() - t0 - overhead);
	}
	rootd_logf(r, "bench: null system call %u instructions (entry and exit)\n",
		   median(samples[0]));
	bench_space(r, shared ? r->vspace : 0, "the same address space", token, overhead);
	bench_space(r, shared ? clone_space(r, shared) : 0, "another address space", token,
		    overhead);
}
