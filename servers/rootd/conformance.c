/*
 * rootd's conformance mode (erix.test=conformance-NAME): every wire case the
 * IDL compiler generated for interface NAME (build/idl/NAME_cases.c) is sent
 * to the real kernel-control family, or to the real server for a service
 * interface (procd, console: rootd starts the services first and uses its
 * own, unbadged endpoint to them), one TAP line each. A malformed case must
 * be refused with its documented status; a well-formed one must get past the
 * decoder (the handler's own answer, ok or otherwise, is that method's
 * business); and the kernel or server must go on answering after every case
 * (a server: a valid call of a harmless method must still succeed). A
 * one-way message is sent, not called: nothing answers it, so only the
 * server's answer to the next call shows it lived on.
 *
 * The capabilities a case names (slots 0x100 + i) are put in place first,
 * of the kind and with the rights the case gives, from prototype objects
 * made once; so "wrong kind" and "lacking a right" cases really are.
 *
 * A family whose valid cases would end the run is invoked through a copy
 * with fewer rights: acpi_ctl's without write, so its valid power_off and
 * reset cases get no_permission instead of turning the machine off.
 */
#include <acpi_ctl.h>
#include <cnode.h>
#include <com1_io.h>
#include <console.h>
#include <console_ctl.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <fs.h>
#include <hotplug.h>
#include <i8042_io.h>
#include <irq_ctl.h>
#include <pager_ctl.h>
#include <pci_cfg.h>
#include <proc_ctl.h>
#include <procd.h>
#include <retype_ctl.h>
#include <string.h>
#include <time_ctl.h>
#include <vfsd.h>
#include <vspace_ctl.h>

#include "rootd.h"

#define CASE_SLOT  0x100 /* the generated cases name capabilities from here */
#define CASE_SLOTS 9     /* 8 for a case's capabilities, 1 for a reply's */

/*
 * Where the cases' slots really are: a free run of rootd's cnode (slots
 * 0x100.. hold boot capabilities, which the runner must never touch).
 */
static uint32_t case_base;

/* rootd's slot for the case's slot `slot` (0 and others outside the cases' range: as is). */
static uint32_t case_slot(uint32_t slot)
{
	return slot >= CASE_SLOT && slot < CASE_SLOT + CASE_SLOTS ? case_base + (slot - CASE_SLOT)
								  : slot;
}
#define KINDS              16
#define SERVICE_TIMEOUT_NS 60000000000ull /* the longest a service run may wait for input */

struct family {
	const char *name;
	const struct erix_wire_case *cases;
	const size_t *count;
	size_t target_offset; /* which capability of struct rootd is invoked */
	uint8_t rights;       /* when not 0: invoke a copy with only these rights */
	/* A service's harmless call that must succeed; NULL for a kernel family. */
	enum erix_status (*alive)(uint32_t target);
};

#define FAMILY(n, field)                                                                           \
	{                                                                                          \
#n, n##_wire_cases, &n##_wire_case_count, offsetof(struct rootd, field), 0, NULL   \
	}

static enum erix_status procd_alive(uint32_t target)
{
	struct procd_list_req req = {.start_index = 0};
	struct procd_list_rep rep;
	return procd_list(target, ipc(), &req, &rep);
}

static enum erix_status open_close(uint32_t ns, const char *path);

/* vfsd: open /etc/motd through the admin namespace, then close the file again. */
static enum erix_status vfsd_alive(uint32_t target)
{
	return open_close(target, "/etc/motd");
}

/* Open `path` read-only through `ns` and close it again: its status. */
static enum erix_status open_close(uint32_t ns, const char *path)
{
	uint32_t file = erix_slot_alloc();
	struct vfsd_open_req req = {.path = path,
				    .path_len = (uint16_t)strlen(path),
				    .mode = VFSD_OPEN_MODE_READ_ONLY,
				    .disposition = VFSD_OPEN_DISPOSITION_OPEN_EXISTING};
	struct vfsd_open_rep rep;
	ipc()->receive[0] = file;
	enum erix_status st = file ? vfsd_open(ns, ipc(), &req, &rep) : ERIX_E_NO_MEMORY;
	struct vfsd_close_req close = {0};
	struct vfsd_close_rep crep;
	if (st == ERIX_OK)
		vfsd_close(rep.file, ipc(), &close, &crep);
	erix_slot_free(file);
	return st;
}

/*
 * After the cases, the admin's own methods: ramfsd's volume mounted a second
 * time, read-only, at /tmp/again shows /etc/motd there; unmounted, it is gone.
 */
static void mount_checks(struct rootd *r, uint32_t admin)
{
	struct vfsd_mkdir_req mk = {.path = "/tmp/again", .path_len = 10};
	struct vfsd_mkdir_rep mkrep;
	struct vfsd_mount_req m = {
		.path = "/tmp/again", .path_len = 10, .read_only = true, .backend = r->fs_service};
	struct vfsd_mount_rep mrep;
	rootd_cover("vfsd.mount", COVER_POSITIVE,
		    vfsd_mkdir(admin, ipc(), &mk, &mkrep) == ERIX_OK &&
			    vfsd_mount(admin, ipc(), &m, &mrep) == ERIX_OK &&
			    open_close(admin, "/tmp/again/etc/motd") == ERIX_OK,
		    "vfsd: mount ramfsd's volume again at /tmp/again: /etc/motd is there too");
	struct vfsd_unmount_req u = {.path = "/tmp/again", .path_len = 10};
	struct vfsd_unmount_rep urep;
	rootd_cover("vfsd.unmount", COVER_POSITIVE,
		    vfsd_unmount(admin, ipc(), &u, &urep) == ERIX_OK &&
			    open_close(admin, "/tmp/again/etc/motd") == ERIX_E_NOT_FOUND &&
			    open_close(admin, "/etc/motd") == ERIX_OK,
		    "vfsd: unmount it: gone from /tmp/again, still at /");
}

/* ramfsd: its volume's statistics. */
static enum erix_status fs_alive(uint32_t target)
{
	struct fs_statfs_req req = {0};
	struct fs_statfs_rep rep;
	return fs_statfs(target, ipc(), &req, &rep);
}

static enum erix_status console_alive(uint32_t target)
{
	struct console_info_req req = {0};
	struct console_info_rep rep;
	return console_info(target, ipc(), &req, &rep);
}

static const struct family families[] = {
	{"acpi_ctl", acpi_ctl_wire_cases, &acpi_ctl_wire_case_count, offsetof(struct rootd, acpi),
	 ERIX_RIGHT_READ | ERIX_RIGHT_GRANT, NULL},
	FAMILY(com1_io, com1),
	FAMILY(console_ctl, console),
	FAMILY(hotplug, hotplug),
	FAMILY(i8042_io, i8042),
	FAMILY(irq_ctl, irq),
	FAMILY(pager_ctl, pager),
	FAMILY(pci_cfg, pci),
	FAMILY(proc_ctl, proc),
	FAMILY(retype_ctl, retype),
	FAMILY(time_ctl, time),
	FAMILY(vspace_ctl, vspace_ctl),
	{"cnode", cnode_wire_cases, &cnode_wire_case_count, 0, 0, NULL}, /* on a scratch cnode */
	{"procd", procd_wire_cases, &procd_wire_case_count, offsetof(struct rootd, procd_service),
	 0, procd_alive},
	{"console", console_wire_cases, &console_wire_case_count,
	 offsetof(struct rootd, console_service), 0, console_alive},
	{"vfsd", vfsd_wire_cases, &vfsd_wire_case_count, offsetof(struct rootd, vfs_service), 0,
	 vfsd_alive},
	{"fs", fs_wire_cases, &fs_wire_case_count, offsetof(struct rootd, fs_service), 0, fs_alive},
};

static uint32_t prototypes[KINDS]; /* a slot holding an object of each kind, or 0 */
static uint32_t spare;             /* untyped memory for fresh untyped pieces */
static unsigned tests, failures;

static void empty_slot(const struct rootd *r, uint32_t slot)
{
	struct cnode_revoke_req rv = {.slot = slot};
	struct cnode_revoke_rep rvrep;
	cnode_revoke(r->cnode, ipc(), &rv, &rvrep);
	struct cnode_delete_req del = {.slot = slot};
	struct cnode_delete_rep delrep;
	cnode_delete(r->cnode, ipc(), &del, &delrep);
}

/* A fresh piece of untyped memory in `slot` (untyped memory is never copied). */
static bool fresh_untyped(struct rootd *r, uint32_t slot)
{
	struct retype_ctl_split_req req = {.size_bits = 16,
					   .count = 1,
					   .first_slot = slot,
					   .source = spare,
					   .destination = r->cnode};
	struct retype_ctl_split_rep rep;
	return retype_ctl_split(r->retype, ipc(), &req, &rep) == ERIX_OK;
}

/* Put a capability of `kind` with `rights` in `slot`; false when no such can be made. */
static bool place(struct rootd *r, uint32_t slot, uint8_t kind, uint8_t rights)
{
	empty_slot(r, slot);
	/* A fresh untyped piece has read|write, which holds any single right the interfaces
	 * ask of untyped memory; none has no rights at all. */
	if (kind == ERIX_CAP_UNTYPED)
		return rights != 0 && fresh_untyped(r, slot);
	if (kind >= KINDS || !prototypes[kind])
		return false;
	struct cnode_copy_req c = {
		.source = prototypes[kind], .destination = slot, .rights = rights};
	struct cnode_copy_rep crep;
	return cnode_copy(r->cnode, ipc(), &c, &crep) == ERIX_OK;
}

static uint32_t make_thread(struct rootd *r)
{
	uint32_t slot = r->next_slot++;
	struct proc_ctl_create_thread_req req = {
		.priority = 1, .memory = r->untyped, .space = r->vspace, .cspace = r->cnode};
	struct proc_ctl_create_thread_rep rep;
	ipc()->receive[0] = slot;
	return proc_ctl_create_thread(r->proc, ipc(), &req, &rep) == ERIX_OK ? slot : 0;
}

/* A device frame from the first device untyped capability, or 0. */
static uint32_t make_device_frame(struct rootd *r)
{
	for (uint32_t i = 0; i < r->bi->cap_count; i++) {
		const struct erix_bootinfo_cap *c = &r->bi->caps[i];
		if (strncmp(c->name, "device.", 7) != 0)
			continue;
		if (rootd_retype(r, c->slot, RETYPE_CTL_OBJECT_KIND_DEVICE_FRAME, 12, 1,
				 r->next_slot) == ERIX_OK)
			return r->next_slot++;
	}
	return 0;
}

static void make_prototypes(struct rootd *r)
{
	static const uint8_t kinds[] = {ERIX_CAP_FRAME,    ERIX_CAP_CNODE,
					ERIX_CAP_ENDPOINT, ERIX_CAP_NOTIFICATION,
					ERIX_CAP_VSPACE,   ERIX_CAP_PAGE_TABLE};
	for (size_t i = 0; i < sizeof(kinds); i++)
		prototypes[kinds[i]] = rootd_make(r, kinds[i], kinds[i] == ERIX_CAP_CNODE ? 4 : 12);
	prototypes[ERIX_CAP_THREAD] = make_thread(r);
	prototypes[ERIX_CAP_DEVICE_FRAME] = make_device_frame(r);
	spare = rootd_spare_untyped(r);
}

/* A copy of `slot` with only `rights`, in a fresh slot; 0 when it cannot be made. */
static uint32_t reduced_copy(struct rootd *r, uint32_t slot, uint8_t rights)
{
	struct cnode_copy_req c = {.source = slot, .destination = r->next_slot, .rights = rights};
	struct cnode_copy_rep crep;
	return cnode_copy(r->cnode, ipc(), &c, &crep) == ERIX_OK ? r->next_slot++ : 0;
}

/* Arm `notification`'s timer `ns` from now, or cancel it when `ns` is 0. */
static bool arm(struct rootd *r, uint32_t notification, uint64_t ns)
{
	if (ns == 0) {
		struct time_ctl_cancel_req req = {.target = notification};
		struct time_ctl_cancel_rep rep;
		return time_ctl_cancel(r->time, ipc(), &req, &rep) == ERIX_OK;
	}
	struct time_ctl_now_req now = {0};
	struct time_ctl_now_rep nrep;
	if (time_ctl_now(r->time, ipc(), &now, &nrep) != ERIX_OK)
		return false;
	struct time_ctl_arm_req req = {
		.deadline_ns = nrep.monotonic_ns + ns, .signal_bits = 1, .target = notification};
	struct time_ctl_arm_rep rep;
	return time_ctl_arm(r->time, ipc(), &req, &rep) == ERIX_OK;
}

/* Statuses only a decoder gives: a well-formed case must never get one. */
static bool decoder_refusal(enum erix_status st)
{
	return st == ERIX_E_PROTOCOL_ERROR || st == ERIX_E_VERSION_MISMATCH ||
	       st == ERIX_E_UNKNOWN_METHOD || st == ERIX_E_BAD_CAPABILITY || st == ERIX_E_TOO_LARGE;
}

/*
 * Send case `c` to `target`; the status in the reply (or the transport's).
 * A case may name slot 0 for a capability the kernel reports without one
 * being there (header and kernel disagree); the kernel transfers nothing
 * from slot 0 over IPC, so for a server a real capability (`stand_in`)
 * takes its place.
 */
static enum erix_status send_case(uint32_t target, const struct erix_wire_case *c,
				  uint32_t stand_in, bool oneway)
{
	struct erix_msg *buf = ipc();
	buf->length = c->length;
	buf->cap_count = c->cap_count;
	memcpy(buf->caps, c->caps, sizeof(buf->caps));
	for (uint32_t i = 0; i < c->cap_count && i < ERIX_MSG_MAX_CAPS; i++)
		buf->caps[i].slot = buf->caps[i].slot == 0 && stand_in
					    ? stand_in
					    : case_slot(buf->caps[i].slot);
	memset(buf->receive, 0, sizeof(buf->receive));
	buf->receive[0] = case_slot(CASE_SLOT + 8); /* where a reply's capability may land */
	memcpy(buf->bytes, c->bytes,
	       c->length < sizeof(buf->bytes) ? c->length : sizeof(buf->bytes));
	struct erix_sysret ret = erix_syscall(oneway ? ERIX_SYS_SEND : ERIX_SYS_CALL, target);
	if (ret.status != ERIX_OK || oneway)
		return ret.status;
	struct erix_msg_header h;
	memcpy(&h, buf->bytes, sizeof(h));
	return (enum erix_status)h.status;
}

static void report(bool ok, const char *family, const char *name, const char *note)
{
	char line[160];
	tests++;
	failures += !ok;
	erix_snprintf(line, sizeof(line), "%s/%s%s", family, name, note);
	rootd_check(ok, line);
}

static void run_case(struct rootd *r, const struct family *f, uint32_t target,
		     const struct erix_wire_case *c)
{
	for (uint32_t i = 0; i < c->cap_count && i < ERIX_MSG_MAX_CAPS; i++)
		if (c->caps[i].slot >= CASE_SLOT && c->caps[i].slot < CASE_SLOT + 8 &&
		    !place(r, case_slot(c->caps[i].slot), c->caps[i].kind, c->caps[i].rights)) {
			char line[160];
			tests++;
			erix_snprintf(line, sizeof(line),
				      "%s/%s # SKIP no capability of kind %u with rights %u",
				      f->name, c->name, c->caps[i].kind, c->caps[i].rights);
			rootd_check(true, line);
			return;
		}
	empty_slot(r, case_slot(CASE_SLOT + 8));
	struct erix_msg_header h = {0};
	if (c->length >= sizeof(h))
		memcpy(&h, c->bytes, sizeof(h));
	/* A one-way message to a server is sent: nothing answers it. The kernel answers every
	 * invocation, one-way or not. */
	bool oneway = f->alive != NULL && (h.flags & ERIX_MSG_FLAG_ONEWAY) != 0;
	enum erix_status st =
		send_case(target, c, f->alive ? prototypes[ERIX_CAP_NOTIFICATION] : 0, oneway);
	rootd_log(r, "\n"); /* a case may have written to the serial port */
	/* A one-way message gets no answer: it must be delivered, and the server live on. */
	bool ok = oneway ? st == ERIX_OK
			 : (c->expect == ERIX_OK ? !decoder_refusal(st) : st == c->expect);
	report(ok, f->name, c->name, oneway ? " (one-way: delivered)" : "");
	if (!ok)
		rootd_logf(r, "# got status %d, want %d\n", st, c->expect);
	if (f->alive != NULL) {
		if (f->alive(target) != ERIX_OK)
			report(false, f->name, c->name, ": the server stopped answering");
		return;
	}
	struct console_ctl_log_write_req alive = {.text = (const uint8_t *)"", .text_len = 0};
	struct console_ctl_log_write_rep arep;
	if (console_ctl_log_write(r->console, ipc(), &alive, &arep) != ERIX_OK)
		report(false, f->name, c->name, ": the kernel stopped answering");
}

void rootd_run_conformance(struct rootd *r, const char *family)
{
	const struct family *f = NULL;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(families[i].name, family) == 0)
			f = &families[i];
	if (!f) {
		rootd_logf(r, "not ok 1 - no interface named \"%s\"\n1..1\n", family);
		return;
	}
	make_prototypes(r);
	case_base = erix_slot_alloc_range(CASE_SLOTS);
	/* A test run ends when nothing can run and no timer is armed: while a server waits for
	 * typed input (the console's valid read), an armed timer keeps the run going. */
	uint32_t keep = prototypes[ERIX_CAP_NOTIFICATION];
	if (f->alive != NULL && (!arm(r, keep, SERVICE_TIMEOUT_NS) || !rootd_start_services(r))) {
		rootd_log(r, "not ok 1 - rootd starts the services\n1..1\n");
		return;
	}
	uint32_t target = f->target_offset ? *(const uint32_t *)((const char *)r + f->target_offset)
					   : prototypes[ERIX_CAP_CNODE];
	if (f->rights)
		target = reduced_copy(r, target, f->rights);
	rootd_tap_begin(r);
	for (size_t k = 0; k < *f->count; k++)
		run_case(r, f, target, &f->cases[k]);
	rootd_logf(r, "# %s: %u cases, %u failed\n", f->name, tests, failures);
	if (f->alive == console_alive)
		rootd_run_console_checks(r, target);
	if (f->alive == vfsd_alive)
		mount_checks(r, target);
	if (f->alive != NULL)
		arm(r, keep, 0);
	rootd_tap_plan();
}
