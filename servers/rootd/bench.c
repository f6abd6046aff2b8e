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
 * Both threads share rootd's address space (so no page-table switch is
 * measured yet).
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <proc_ctl.h>
#include <string.h>

#include "rootd.h"

#define WARMUP         100
#define ITERATIONS     1001
#define SERVER_BUFFER  (ERIX_IPC_BUFFER_ADDRESS + 0x4000)
#define BENCH_PRIORITY 128

static volatile uint64_t server_in, server_out;
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
		server_in = rdtsc();
		if (buf->cap_count) {
			/* raw cnode delete: the server has no stub state of its own */
			struct cnode_delete_req req = {.slot = server_receive_slot};
			cnode_delete_req_encode(&req, buf);
			erix_syscall(ERIX_SYS_CALL, server_cnode);
			buf->receive[0] = server_receive_slot;
		}
		buf->length = 0;
		buf->cap_count = 0;
		server_out = rdtsc();
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
		samples[0][i] = (uint32_t)(server_in - t0 - overhead);
		samples[1][i] = (uint32_t)(t3 - server_out - overhead);
		samples[2][i] = (uint32_t)(t3 - t0 - overhead);
	}
	uint32_t call = median(samples[0]), reply = median(samples[1]), round = median(samples[2]);
	rootd_logf(r, "bench: ipc %-10s call %u reply %u round-trip %u instructions\n", what, call,
		   reply, round);
}

static uint32_t start_server(struct rootd *r, uint32_t ep)
{
	uint32_t slot = r->next_slot++;
	struct erix_msg *m = erix_ipc_buffer();
	m->receive[0] = slot;
	struct proc_ctl_create_thread_req req = {.priority = BENCH_PRIORITY,
						 .memory = r->untyped,
						 .space = r->vspace,
						 .cspace = r->cnode};
	struct proc_ctl_create_thread_rep rep;
	if (proc_ctl_create_thread(r->proc, m, &req, &rep) != ERIX_OK)
		return 0;
	uint32_t frame = rootd_map_new_frame(r, SERVER_BUFFER);
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
	if (!frame || proc_ctl_set_ipc_buffer(r->proc, m, &b, &brep) != ERIX_OK ||
	    proc_ctl_set_entry(r->proc, m, &e, &erep) != ERIX_OK ||
	    proc_ctl_start(r->proc, m, &s, &srep) != ERIX_OK)
		return 0;
	return slot;
}

void rootd_run_bench(struct rootd *r)
{
	uint32_t ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	uint32_t token = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	server_receive_slot = r->next_slot++;
	server_cnode = r->cnode;
	if (!start_server(r, ep)) {
		rootd_log(r, "bench: could not start the server thread\n");
		return;
	}
	erix_yield(); /* let the server block in receive */
	uint32_t overhead = rdtsc_overhead();
	rootd_logf(r, "bench: rdtsc overhead %u\n", overhead);
	for (int i = 0; i < ITERATIONS; i++) {
		uint64_t t0 = rdtsc();
		erix_syscall(ERIX_SYS_COUNT, 0); /* no such call: entry, table check, exit */
		samples[0][i] = (uint32_t)(rdtsc() - t0 - overhead);
	}
	rootd_logf(r, "bench: null system call %u instructions (entry and exit)\n",
		   median(samples[0]));
	run(r, ep, "0 words", 0, 0, overhead);
	run(r, ep, "4 words", 4, 0, overhead);
	run(r, ep, "1 cap", 0, token, overhead);
}
