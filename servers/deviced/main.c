/*
 * deviced: driver policy. For now it runs one driver, drv-serial, through
 * procd with exactly the authority the driver needs (the COM1 I/O family,
 * the notification COM1's interrupt is bound to, the console endpoint it
 * serves, and proc_ctl with grant only, to bind that notification to the
 * driver's own thread, which procd gives it), and keeps it running: when the driver ends — exit,
 * fault or kill — deviced logs why and starts it again after a back-off that doubles from
 * RESTART_MIN_NS up to RESTART_MAX_NS, and falls back to the minimum once a
 * run has lasted STABLE_NS. The console endpoint is deviced's, so clients
 * keep their capabilities across restarts; requests sent while no driver
 * runs wait in the endpoint's queue.
 */
#include <cnode.h>
#include <console_ctl.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <erix/status.h>
#include <procd.h>
#include <string.h>
#include <time_ctl.h>

#define RESTART_MIN_NS 100000000ull   /* 100 ms */
#define RESTART_MAX_NS 5000000000ull  /* 5 s */
#define STABLE_NS      10000000000ull /* a run this long resets the back-off */
#define TIMER_BIT      1ull

struct deviced {
	erix_cptr_t procd, events, time, timer, log, cnode;
	erix_cptr_t grants[4]; /* drv-serial's, in its bundle's order */
};

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

static void log_line(const struct deviced *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void log_line(const struct deviced *d, const char *fmt, ...)
{
	char line[160];
	va_list ap;
	va_start(ap, fmt);
	erix_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	struct console_ctl_log_write_req req = {.text = (const uint8_t *)line,
						.text_len = (uint16_t)strnlen(line, sizeof(line))};
	struct console_ctl_log_write_rep rep;
	console_ctl_log_write(d->log, ipc(), &req, &rep);
}

static uint64_t now_ns(const struct deviced *d)
{
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep = {0};
	return time_ctl_now(d->time, ipc(), &req, &rep) == ERIX_OK ? rep.monotonic_ns : 0;
}

/* Sleep `ns` on deviced's timer notification. */
static void sleep_ns(const struct deviced *d, uint64_t ns)
{
	struct time_ctl_arm_req req = {
		.deadline_ns = now_ns(d) + ns, .signal_bits = TIMER_BIT, .target = d->timer};
	struct time_ctl_arm_rep rep;
	uint64_t bits;
	if (time_ctl_arm(d->time, ipc(), &req, &rep) == ERIX_OK)
		erix_wait(d->timer, &bits);
}

/* Have procd create drv-serial, install its grants and start it; its pid, or 0 after a log line. */
static uint32_t start_driver(const struct deviced *d)
{
	static const char path[] = "/boot/drv-serial";
	struct procd_create_req req = {.path = path,
				       .path_len = sizeof(path) - 1,
				       .argv = (const uint8_t *)"drv-serial",
				       .argv_len = sizeof("drv-serial"),
				       .supervisor = d->events};
	struct procd_create_rep rep;
	uint32_t grants = erix_slot_alloc();
	ipc()->receive[0] = grants;
	enum erix_status st = grants ? procd_create(d->procd, ipc(), &req, &rep) : ERIX_E_NO_MEMORY;
	for (uint32_t i = 0; st == ERIX_OK && i < 4; i++) {
		struct cnode_copy_to_req copy = {.source = d->grants[i],
						 .destination = i + 1,
						 .rights = 0xff,
						 .target = rep.grants};
		struct cnode_copy_to_rep crep;
		st = cnode_copy_to(d->cnode, ipc(), &copy, &crep);
	}
	if (st == ERIX_OK) {
		struct procd_start_req start = {.pid = rep.pid};
		struct procd_start_rep srep;
		st = procd_start(d->procd, ipc(), &start, &srep);
	}
	struct cnode_delete_req del = {.slot = grants}; /* procd has taken it back */
	struct cnode_delete_rep drep;
	cnode_delete(d->cnode, ipc(), &del, &drep);
	erix_slot_free(grants);
	if (st != ERIX_OK) {
		log_line(d, "deviced: cannot start drv-serial: %s\n", erix_status_name(st));
		return 0;
	}
	log_line(d, "deviced: started drv-serial (pid %u)\n", rep.pid);
	return rep.pid;
}

/* Wait for `pid` to end and log how. */
static void await_end(const struct deviced *d, uint32_t pid)
{
	static const char *const how[] = {"exited", "faulted", "was killed"};
	struct procd_wait_req req = {.pid = pid, .block = true};
	struct procd_wait_rep rep;
	enum erix_status st = procd_wait(d->procd, ipc(), &req, &rep);
	if (st != ERIX_OK) {
		log_line(d, "deviced: lost drv-serial (pid %u): %s\n", pid, erix_status_name(st));
		return;
	}
	log_line(d, "deviced: drv-serial (pid %u) %s (code %d, vector %u)\n", pid,
		 rep.info.kind < 3 ? how[rep.info.kind] : "ended", rep.info.exit_code,
		 rep.info.vector);
}

int main(const struct erix_bootinfo *bi)
{
	static struct deviced d;
	d.procd = erix_slot_named(bi, "processes");
	d.events = erix_slot_named(bi, "events");
	d.time = erix_slot_named(bi, "time");
	d.timer = erix_slot_named(bi, "timer");
	d.log = erix_slot_named(bi, "log");
	d.cnode = erix_slot_named(bi, "cnode");
	d.grants[0] = erix_slot_named(bi, "com1");
	d.grants[1] = erix_slot_named(bi, "interrupt");
	d.grants[2] = erix_slot_named(bi, "console");
	d.grants[3] = erix_slot_named(bi, "proc");
	uint64_t delay = RESTART_MIN_NS;
	for (;;) {
		uint64_t started = now_ns(&d);
		uint32_t pid = start_driver(&d);
		if (pid != 0)
			await_end(&d, pid);
		delay = now_ns(&d) - started >= STABLE_NS ? RESTART_MIN_NS : delay;
		log_line(&d, "deviced: restarting drv-serial in %lu ms\n",
			 (unsigned long)(delay / 1000000));
		sleep_ns(&d, delay);
		delay = delay * 2 > RESTART_MAX_NS ? RESTART_MAX_NS : delay * 2;
	}
}
