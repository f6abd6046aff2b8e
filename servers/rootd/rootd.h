/* rootd's state and helpers, shared by main.c and tests.c. */
#ifndef ROOTD_H
#define ROOTD_H

#include <console_ctl.h>
#include <erix/bootinfo.h>
#include <erix/ipc.h>
#include <proc_ctl.h>
#include <retype_ctl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct rootd {
	const struct erix_bootinfo *bi;
	uint32_t console, retype, cnode, untyped, vspace, proc, vspace_ctl, pager;
	uint32_t com1, i8042, pci, acpi, time, irq, hotplug;
	uint32_t next_slot; /* the next empty slot of the cnode */
	/*
	 * The services rootd started (0 until then), through its unbadged endpoints: procd, the
	 * console, ramfsd (fs) and vfsd (the admin namespace); and a read-write namespace of the
	 * whole tree.
	 */
	uint32_t procd_service, console_service, fs_service, vfs_service, namespace, supervisor;
};

void rootd_log(const struct rootd *r, const char *text);
void rootd_logf(const struct rootd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Retype `count` objects of `kind` from `source` into rootd's cnode from `first_slot` on. */
enum erix_status rootd_retype(struct rootd *r, uint32_t source, uint8_t kind, uint8_t size_bits,
			      uint32_t count, uint32_t first_slot);
/* Retype one object of `kind` from the largest untyped into the next free slot; 0 on failure. */
uint32_t rootd_make(struct rootd *r, uint8_t kind, uint8_t size_bits);
void rootd_run_tests(struct rootd *r);
/* Start the programs of the system from the boot modules. */
void rootd_start_system(struct rootd *r);
/* Start procd, and through it deviced (and so the console), ramfsd and vfsd; false after a log
 * line. */
bool rootd_start_services(struct rootd *r);
/* Build procd serving `endpoint`, with its memory and boot modules; false after a log line. */
bool rootd_start_procd(struct rootd *r, uint32_t endpoint);
/* erix.test=procd: procd's lifecycle, reclamation and authority, as its root client. */
void rootd_run_procd_tests(struct rootd *r);
/*
 * Yield until `cond` holds, at most 1000 times: the threads a check waits for
 * have then run, however the timer slices their time (under a loaded host the
 * guest's timer fires at any instruction).
 */
#define rootd_yield_until(cond)                                                                    \
	do {                                                                                       \
		for (int yields_ = 0; yields_ < 1000 && !(cond); yields_++)                        \
			erix_yield();                                                              \
	} while (0)

/* Yield until `thread` is in `state` (proc_ctl thread_state); false if it never gets there. */
bool rootd_await_state(struct rootd *r, uint32_t thread, uint8_t state);

/* Start a TAP run on the console: checks are numbered from 1. */
void rootd_tap_begin(const struct rootd *r);
/* The TAP line for one check, numbered across the run's files. */
void rootd_check(bool ok, const char *name);
/* What a check shows of interface methods, for the coverage table (docs/CONFORMANCE.md). */
enum rootd_cover { COVER_POSITIVE, COVER_AUTHORITY };
/*
 * rootd_check, declaring that the check covers `methods` ("IFACE.METHOD", several separated by
 * spaces): their documented behaviour (COVER_POSITIVE) or that a caller without the right
 * capability or right cannot do it (COVER_AUTHORITY). tests/coverage.py reads these calls.
 */
void rootd_cover(const char *methods, enum rootd_cover kind, bool ok, const char *name);
/* End the run with its plan line. */
void rootd_tap_plan(void);
void rootd_run_ipc_tests(struct rootd *r);
/* Reply capabilities: a server defers its answers (reply_tests.c). */
void rootd_run_reply_tests(struct rootd *r);
/* Bound notifications: a signal ends a receive (bound_tests.c). */
void rootd_run_bound_tests(struct rootd *r);
/* FS and GS bases: threads read markers through %fs: and %gs: (segment_tests.c). */
void rootd_run_segment_tests(struct rootd *r);
void rootd_run_bench(struct rootd *r);
void rootd_run_device_tests(struct rootd *r);
/* Every kernel method refused through an empty slot and another family (authority_tests.c). */
void rootd_run_authority_tests(struct rootd *r);
void rootd_run_conformance(struct rootd *r, const char *family);
/* erix.test=hotplug: device_add and device_del through the harness, seen as hotplug events. */
void rootd_run_hotplug_tests(struct rootd *r);
/* The second-largest untyped RAM capability (the largest builds rootd's own objects). */
uint32_t rootd_spare_untyped(struct rootd *r);
/* Map a fresh read-write frame at `address` (page tables made as needed); its slot, or 0. */
uint32_t rootd_map_new_frame(struct rootd *r, uint64_t address);
/* A thread in rootd's own spaces at rootd's priority, set to run ip(arg) on sp; its slot, or 0. */
uint32_t rootd_new_thread(struct rootd *r, uint64_t ip, uint64_t sp, uint64_t arg);
enum erix_status rootd_start(struct rootd *r, uint32_t thread);
/* Start main(arg) in a thread of rootd with a fresh IPC buffer at `buffer_address`; false if not.
 */
bool rootd_start_helper(struct rootd *r, uint64_t buffer_address, void (*main)(uint64_t),
			uint8_t *stack_top, uint64_t arg);
/* conformance-console's own checks, after the wire cases: per-badge mode, listen, authority. */
void rootd_run_console_checks(struct rootd *r, uint32_t console);
enum erix_status rootd_read_state(struct rootd *r, uint32_t thread,
				  struct proc_ctl_read_state_rep *rep);
/* Map `frame` at `address` in `space` with vspace_ctl map rights `rights`, making page tables. */
enum erix_status rootd_map(struct rootd *r, uint32_t space, uint32_t frame, uint64_t address,
			   uint8_t rights);

/* The calling thread's IPC buffer. */
static inline struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

/* True when `needle` occurs in `haystack`. */
static inline bool strstr_simple(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);
	for (; *haystack; haystack++)
		if (strncmp(haystack, needle, n) == 0)
			return true;
	return false;
}

#endif
