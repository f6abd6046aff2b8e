/*
 * rootd's conformance mode for the kernel-control families
 * (erix.test=conformance-NAME): every wire case the IDL compiler generated
 * for interface NAME (build/idl/NAME_cases.c) is sent to the real kernel,
 * one TAP line each. A malformed case must be refused with its documented
 * status; a well-formed one must get past the decoder (the handler's own
 * answer, ok or otherwise, is that method's business); and the kernel must
 * go on answering after every case.
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
#include <console_ctl.h>
#include <erix/ipc.h>
#include <hotplug.h>
#include <i8042_io.h>
#include <irq_ctl.h>
#include <pager_ctl.h>
#include <pci_cfg.h>
#include <proc_ctl.h>
#include <retype_ctl.h>
#include <string.h>
#include <time_ctl.h>
#include <vspace_ctl.h>

#include "rootd.h"

#define CASE_SLOT 0x100 /* the generated cases name capabilities from here */
#define KINDS     16

struct family {
	const char *name;
	const struct erix_wire_case *cases;
	const size_t *count;
	size_t target_offset; /* which capability of struct rootd is invoked */
	uint8_t rights;       /* when not 0: invoke a copy with only these rights */
};

#define FAMILY(n, field)                                                                           \
	{                                                                                          \
#n, n##_wire_cases, &n##_wire_case_count, offsetof(struct rootd, field), 0         \
	}

static const struct family families[] = {
	{"acpi_ctl", acpi_ctl_wire_cases, &acpi_ctl_wire_case_count, offsetof(struct rootd, acpi),
	 ERIX_RIGHT_READ | ERIX_RIGHT_GRANT},
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
	{"cnode", cnode_wire_cases, &cnode_wire_case_count, 0, 0}, /* invoked on a scratch cnode */
};

static uint32_t prototypes[KINDS]; /* a slot holding an object of each kind, or 0 */
static uint32_t spare;             /* untyped memory for fresh untyped pieces */
static unsigned tests, failures;
static const struct rootd *out;

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

/* Statuses only a decoder gives: a well-formed case must never get one. */
static bool decoder_refusal(enum erix_status st)
{
	return st == ERIX_E_PROTOCOL_ERROR || st == ERIX_E_VERSION_MISMATCH ||
	       st == ERIX_E_UNKNOWN_METHOD || st == ERIX_E_BAD_CAPABILITY || st == ERIX_E_TOO_LARGE;
}

/* Send case `c` to `target`; the status in the reply (or the transport's). */
static enum erix_status send_case(uint32_t target, const struct erix_wire_case *c)
{
	struct erix_msg *buf = ipc();
	buf->length = c->length;
	buf->cap_count = c->cap_count;
	memcpy(buf->caps, c->caps, sizeof(buf->caps));
	memset(buf->receive, 0, sizeof(buf->receive));
	buf->receive[0] = CASE_SLOT + 8; /* where a reply's capability may land */
	memcpy(buf->bytes, c->bytes,
	       c->length < sizeof(buf->bytes) ? c->length : sizeof(buf->bytes));
	struct erix_sysret ret = erix_syscall(ERIX_SYS_CALL, target);
	if (ret.status != ERIX_OK)
		return ret.status;
	struct erix_msg_header h;
	memcpy(&h, buf->bytes, sizeof(h));
	return (enum erix_status)h.status;
}

static void report(bool ok, const char *family, const char *name, const char *note)
{
	tests++;
	failures += !ok;
	rootd_logf(out, "%s %u - %s/%s%s\n", ok ? "ok" : "not ok", tests, family, name, note);
}

static void run_case(struct rootd *r, const struct family *f, uint32_t target,
		     const struct erix_wire_case *c)
{
	for (uint32_t i = 0; i < c->cap_count && i < ERIX_MSG_MAX_CAPS; i++)
		if (c->caps[i].slot >= CASE_SLOT && c->caps[i].slot < CASE_SLOT + 8 &&
		    !place(r, c->caps[i].slot, c->caps[i].kind, c->caps[i].rights)) {
			tests++;
			rootd_logf(out,
				   "ok %u - %s/%s # SKIP no capability of kind %u with rights %u\n",
				   tests, f->name, c->name, c->caps[i].kind, c->caps[i].rights);
			return;
		}
	empty_slot(r, CASE_SLOT + 8);
	enum erix_status st = send_case(target, c);
	rootd_log(r, "\n"); /* a case may have written to the serial port */
	bool ok = c->expect == ERIX_OK ? !decoder_refusal(st) : st == c->expect;
	report(ok, f->name, c->name, "");
	if (!ok)
		rootd_logf(r, "# got status %d, want %d\n", st, c->expect);
	struct console_ctl_log_write_req alive = {.text = (const uint8_t *)"", .text_len = 0};
	struct console_ctl_log_write_rep arep;
	if (console_ctl_log_write(r->console, ipc(), &alive, &arep) != ERIX_OK)
		report(false, f->name, c->name, ": the kernel stopped answering");
}

void rootd_run_conformance(struct rootd *r, const char *family)
{
	out = r;
	const struct family *f = NULL;
	for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
		if (strcmp(families[i].name, family) == 0)
			f = &families[i];
	if (!f) {
		rootd_logf(r, "not ok 1 - no kernel family named \"%s\"\n1..1\n", family);
		return;
	}
	make_prototypes(r);
	uint32_t target = f->target_offset ? *(const uint32_t *)((const char *)r + f->target_offset)
					   : prototypes[ERIX_CAP_CNODE];
	if (f->rights)
		target = reduced_copy(r, target, f->rights);
	for (size_t k = 0; k < *f->count; k++)
		run_case(r, f, target, &f->cases[k]);
	rootd_logf(r, "# %s: %u cases, %u failed\n1..%u\n", f->name, tests, failures, tests);
}
