/*
 * rootd's tests of FS and GS bases (proc_ctl set_registers and
 * get_registers). Four pages each hold a marker word; threads started with
 * their bases on those pages read the markers back with %fs:- and
 * %gs:-relative loads, alone, side by side across preemption and yields, and
 * beside a thread that reloads its FS and GS selectors.
 */
#include <erix/ipc.h>
#include <pager_ctl.h>
#include <proc_ctl.h>
#include <time_ctl.h>

#include "rootd.h"

#define MARKER_PAGES   0x53000000ull /* four pages, one marker word at the start of each */
#define FAULT_BUFFER   (MARKER_PAGES + 0x4000)
#define WATCH_DEADLINE 5000000000ull /* ns of guest time the side-by-side run may take */
#define WATCH_SWITCHES 10

static uint32_t park;
static uint8_t stacks[5][4096] __attribute__((aligned(16)));

static uint64_t marker_page(int i)
{
	return MARKER_PAGES + (uint64_t)i * 0x1000;
}

static uint64_t marker(int i)
{
	return 0xf5f50000ull + (uint64_t)i;
}

/* The word at FS base + `offset`. */
static uint64_t fs_word(uint64_t offset)
{
	uint64_t v;
	__asm__ volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(offset));
	return v;
}

/* The word at GS base + `offset`. */
static uint64_t gs_word(uint64_t offset)
{
	uint64_t v;
	__asm__ volatile("mov %%gs:(%1), %0" : "=r"(v) : "r"(offset));
	return v;
}

static volatile uint64_t seen_fs, seen_gs;

/* Leave what %fs:0 and %gs:0 hold, then wait for good. */
static void read_once_main(uint64_t arg)
{
	(void)arg;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(seen_fs));
	__asm__ volatile("mov %%gs:0, %0" : "=r"(seen_gs));
	erix_syscall(ERIX_SYS_WAIT, park);
}

static enum erix_status get_registers(struct rootd *r, uint32_t thread,
				      struct proc_ctl_register_set *regs)
{
	struct proc_ctl_get_registers_req req = {.thread = thread};
	struct proc_ctl_get_registers_rep rep = {0};
	enum erix_status st = proc_ctl_get_registers(r->proc, ipc(), &req, &rep);
	*regs = rep.regs;
	return st;
}

static enum erix_status set_registers(struct rootd *r, uint32_t thread,
				      const struct proc_ctl_register_set *regs)
{
	struct proc_ctl_set_registers_req req = {.regs = *regs, .thread = thread};
	struct proc_ctl_set_registers_rep rep;
	return proc_ctl_set_registers(r->proc, ipc(), &req, &rep);
}

/* A new inactive thread set to run `main(arg)` on stacks[stack] with these bases; 0 if refused. */
static uint32_t based_thread(struct rootd *r, void (*main)(uint64_t), int stack, uint64_t arg,
			     uint64_t fs_base, uint64_t gs_base)
{
	uint32_t t = rootd_new_thread(r, 0, 0, 0);
	struct proc_ctl_register_set regs = {
		.ip = (uint64_t)(uintptr_t)main,
		.sp = (uint64_t)(uintptr_t)(stacks[stack] + sizeof(stacks[stack])),
		.rdi = arg,
		.fs_base = fs_base,
		.gs_base = gs_base,
	};
	return t && set_registers(r, t, &regs) == ERIX_OK ? t : 0;
}

static bool bases_are(struct rootd *r, uint32_t thread, uint64_t fs_base, uint64_t gs_base)
{
	struct proc_ctl_register_set regs;
	return get_registers(r, thread, &regs) == ERIX_OK && regs.fs_base == fs_base &&
	       regs.gs_base == gs_base;
}

static enum erix_status suspend(struct rootd *r, uint32_t thread)
{
	struct proc_ctl_suspend_req req = {.thread = thread};
	struct proc_ctl_suspend_rep rep;
	return proc_ctl_suspend(r->proc, ipc(), &req, &rep);
}

/* One thread, its bases set before it starts: it reads its markers; get_registers agrees. */
static void one_thread_tests(struct rootd *r)
{
	uint32_t t = based_thread(r, read_once_main, 0, 0, marker_page(0), marker_page(1));
	rootd_check(t != 0, "set_registers takes user-half FS and GS bases");
	rootd_check(bases_are(r, t, marker_page(0), marker_page(1)),
		    "get_registers reports the FS and GS bases set_registers gave");
	rootd_start(r, t);
	rootd_yield_until(seen_fs == marker(0) && seen_gs == marker(1));
	rootd_check(seen_fs == marker(0) && seen_gs == marker(1),
		    "the thread reads its own markers through %fs:0 and %gs:0");
	rootd_check(suspend(r, t) == ERIX_OK && bases_are(r, t, marker_page(0), marker_page(1)),
		    "and after it ran and was suspended, get_registers reports the same bases");

	struct proc_ctl_register_set regs;
	get_registers(r, t, &regs);
	struct proc_ctl_register_set bad = regs;
	bad.ip = marker_page(2);
	bad.fs_base = 0x0000800000000000ull;
	rootd_check(set_registers(r, t, &bad) == ERIX_E_INVALID_ARGUMENT,
		    "an FS base past the user half (non-canonical) is refused");
	bad.fs_base = regs.fs_base;
	bad.gs_base = 0xffff800000001000ull;
	enum erix_status kernel_half = set_registers(r, t, &bad);
	struct proc_ctl_register_set after;
	rootd_check(kernel_half == ERIX_E_INVALID_ARGUMENT &&
			    get_registers(r, t, &after) == ERIX_OK && after.ip == regs.ip &&
			    after.fs_base == regs.fs_base && after.gs_base == regs.gs_base,
		    "a GS base in the kernel half is refused, and nothing changes");
}

/* A thread with bases stopped on a fault: get_registers reaches them. */
static void fault_pending_tests(struct rootd *r)
{
	uint32_t ep = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	uint32_t buffer = rootd_map_new_frame(r, FAULT_BUFFER);
	uint32_t t = based_thread(r, NULL, 1, 0, marker_page(2), marker_page(3));
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = FAULT_BUFFER, .thread = t, .buffer = buffer};
	struct proc_ctl_set_ipc_buffer_rep brep;
	struct proc_ctl_set_fault_endpoint_req f = {.thread = t, .fault_endpoint = ep};
	struct proc_ctl_set_fault_endpoint_rep frep;
	bool ready = proc_ctl_set_ipc_buffer(r->proc, ipc(), &b, &brep) == ERIX_OK &&
		     proc_ctl_set_fault_endpoint(r->proc, ipc(), &f, &frep) == ERIX_OK &&
		     rootd_start(r, t) == ERIX_OK;
	rootd_check(ready && erix_syscall(ERIX_SYS_RECV, ep).status == ERIX_OK &&
			    bases_are(r, t, marker_page(2), marker_page(3)),
		    "get_registers reports the bases of a thread stopped on a fault");
	struct pager_ctl_kill_req k = {.thread = t};
	struct pager_ctl_kill_rep krep;
	pager_ctl_kill(r->pager, ipc(), &k, &krep);
}

struct watcher {
	uint64_t fs_offset, gs_offset; /* where it loads from, from its FS and GS bases */
	uint64_t fs_marker, gs_marker; /* what those loads must find */
	uint64_t yield_every;          /* rounds between yields; 0: only the timer stops it */
	volatile uint64_t rounds, wrong, switches;
};

#define WATCHERS 3
static struct watcher watchers[WATCHERS];
static volatile uint64_t last_to_run; /* the watcher or reloader that ran last */
static volatile bool stop_watching;
static volatile unsigned parked;

/* Count a switch when another thread ran since this one last looked. */
static void note_switch(uint64_t me, volatile uint64_t *switches)
{
	if (last_to_run != me) {
		last_to_run = me;
		(*switches)++;
	}
}

/* Check its markers again and again, until told to stop. */
static void watch_main(uint64_t index)
{
	struct watcher *w = &watchers[index];
	while (!stop_watching) {
		if (fs_word(w->fs_offset) != w->fs_marker || gs_word(w->gs_offset) != w->gs_marker)
			w->wrong++;
		note_switch(index, &w->switches);
		w->rounds++;
		if (w->yield_every && w->rounds % w->yield_every == 0)
			erix_yield();
	}
	parked++;
	erix_syscall(ERIX_SYS_WAIT, park);
}

static volatile uint64_t reloads, reload_wrong;

/*
 * Load FS with the flat user data selector (SS's) and GS with the null
 * selector, which zeroes (or keeps) this thread's bases, yield, and check
 * that the kernel gave its own bases back when it switched to it again.
 */
static void reload_main(uint64_t me)
{
	while (!stop_watching) {
		__asm__ volatile("mov %%ss, %%eax\n\t"
				 "mov %%eax, %%fs\n\t"
				 "xor %%eax, %%eax\n\t"
				 "mov %%eax, %%gs" ::
					 : "rax");
		last_to_run = me;
		reloads++;
		erix_yield();
		if (fs_word(0) != marker(3) || gs_word(0) != marker(2))
			reload_wrong++;
	}
	parked++;
	erix_syscall(ERIX_SYS_WAIT, park);
}

static uint64_t now(const struct rootd *r)
{
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep = {0};
	time_ctl_now(r->time, ipc(), &req, &rep);
	return rep.monotonic_ns;
}

/* Start `w` as watcher `index` with these bases. */
static void start_watcher(struct rootd *r, uint64_t index, struct watcher w, uint64_t fs_base,
			  uint64_t gs_base)
{
	watchers[index] = w;
	rootd_start(r, based_thread(r, watch_main, (int)index, index, fs_base, gs_base));
}

/* Whether every watcher saw only its own markers, and was switched away from and back often. */
static bool watchers_saw_their_own(void)
{
	bool ok = true;
	for (int i = 0; i < WATCHERS; i++)
		ok = ok && watchers[i].switches >= WATCH_SWITCHES && watchers[i].wrong == 0;
	return ok;
}

/*
 * Three watchers: two with different bases (one yields now and then, one only the timer
 * stops) and one without bases, whose loads at a marker page's own address would fault if
 * another thread's base reached it; and a thread that reloads its selectors, side by side.
 */
static void side_by_side_tests(struct rootd *r)
{
	start_watcher(r, 0,
		      (struct watcher){
			      .fs_marker = marker(0), .gs_marker = marker(1), .yield_every = 256},
		      marker_page(0), marker_page(1));
	start_watcher(r, 1, (struct watcher){.fs_marker = marker(2), .gs_marker = marker(3)},
		      marker_page(2), marker_page(3));
	start_watcher(r, 2,
		      (struct watcher){.fs_offset = marker_page(1),
				       .gs_offset = marker_page(2),
				       .fs_marker = marker(1),
				       .gs_marker = marker(2),
				       .yield_every = 256},
		      0, 0);
	rootd_start(r, based_thread(r, reload_main, 3, WATCHERS, marker_page(3), marker_page(2)));
	uint64_t deadline = now(r) + WATCH_DEADLINE;
	bool enough = false;
	while (!enough && now(r) < deadline) {
		enough = reloads >= WATCH_SWITCHES;
		for (int i = 0; i < WATCHERS; i++)
			enough = enough && watchers[i].switches >= WATCH_SWITCHES;
		erix_yield();
	}
	stop_watching = true;
	while (parked < WATCHERS + 1 && now(r) < deadline + WATCH_DEADLINE)
		erix_yield();
	for (int i = 0; i < WATCHERS; i++)
		rootd_logf(r, "# watcher %d: %lu rounds, %lu switches, %lu wrong\n", i,
			   watchers[i].rounds, watchers[i].switches, watchers[i].wrong);
	rootd_check(watchers_saw_their_own(),
		    "threads with different bases, and one with none, each see their own, through "
		    "preemption and yields");
	rootd_check(reloads >= WATCH_SWITCHES && reload_wrong == 0 && parked == WATCHERS + 1,
		    "a thread's own selector loads reach no other thread, and the kernel gives its "
		    "bases back when it next switches to it");
}

/* With CR4.FSGSBASE off, wrfsbase is an invalid opcode in user mode. */
static void wrfsbase_main(uint64_t base)
{
	__asm__ volatile("wrfsbase %0" : : "r"(base));
	erix_syscall(ERIX_SYS_WAIT, park);
}

static void wrfsbase_tests(struct rootd *r)
{
	uint32_t t = rootd_new_thread(r, (uint64_t)(uintptr_t)wrfsbase_main,
				      (uint64_t)(uintptr_t)(stacks[4] + sizeof(stacks[4])),
				      marker_page(0));
	rootd_start(r, t);
	rootd_await_state(r, t, PROC_CTL_THREAD_STATE_FAULTED);
	struct proc_ctl_read_state_rep state;
	rootd_check(rootd_read_state(r, t, &state) == ERIX_OK &&
			    state.state == PROC_CTL_THREAD_STATE_FAULTED &&
			    state.fault.kind == PROC_CTL_FAULT_KIND_INVALID_OPCODE,
		    "user code cannot set its own base: wrfsbase faults (#UD)");
}

void rootd_run_segment_tests(struct rootd *r)
{
	park = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	bool mapped = true;
	for (int i = 0; i < 4; i++) {
		mapped = mapped && rootd_map_new_frame(r, marker_page(i)) != 0;
		if (mapped)
			*(volatile uint64_t *)marker_page(i) = marker(i);
	}
	rootd_check(mapped, "map four marker pages for FS and GS bases");
	one_thread_tests(r);
	fault_pending_tests(r);
	side_by_side_tests(r);
	wrfsbase_tests(r);
}
