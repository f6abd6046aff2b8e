/*
 * rootd's test mode (erix.test=rootd): the kernel's system calls and
 * kernel-control families, exercised from user space, reported as TAP on the
 * console. The QEMU harness reads the lines; the kernel ends the run when
 * rootd finally blocks and nothing else can run.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <string.h>

#include "rootd.h"

static unsigned tests_run;
static const struct rootd *log_to;

void rootd_tap_begin(const struct rootd *r)
{
	log_to = r;
	tests_run = 0;
}

void rootd_check(bool ok, const char *name)
{
	tests_run++;
	rootd_logf(log_to, "%s %u - %s\n", ok ? "ok" : "not ok", tests_run, name);
}

void rootd_cover(const char *methods, enum rootd_cover kind, bool ok, const char *name)
{
	(void)methods;
	(void)kind;
	rootd_check(ok, name);
}

void rootd_tap_plan(void)
{
	rootd_logf(log_to, "1..%u\n", tests_run);
}

static enum erix_status log_via(uint32_t slot, const char *text)
{
	struct console_ctl_log_write_req req = {.text = (const uint8_t *)text,
						.text_len = (uint16_t)strlen(text)};
	struct console_ctl_log_write_rep rep;
	return console_ctl_log_write(slot, erix_ipc_buffer(), &req, &rep);
}

static uint64_t free_bytes(struct rootd *r)
{
	struct retype_ctl_query_req req = {.source = r->untyped};
	struct retype_ctl_query_rep rep = {0};
	return retype_ctl_query(r->retype, erix_ipc_buffer(), &req, &rep) == ERIX_OK
		       ? rep.free_bytes
		       : 0;
}

static void syscall_tests(struct rootd *r)
{
	rootd_cover("console_ctl.log_write", COVER_POSITIVE,
		    log_via(r->console, "# rootd: hello through the console family\n") == ERIX_OK,
		    "console_ctl log_write through the generated stub");
	rootd_check(log_via(0, "x") == ERIX_E_NOT_FOUND, "a call on the null slot finds nothing");
	rootd_check(log_via(1u << 30, "x") == ERIX_E_NOT_FOUND,
		    "a call past the cnode finds nothing");
	rootd_check(log_via(r->untyped, "x") == ERIX_E_BAD_CAPABILITY,
		    "untyped memory cannot be called");
	rootd_check(erix_syscall(99, r->console).status == ERIX_E_NOT_SUPPORTED,
		    "an unknown system call number is refused");
	uint64_t bits = 0;
	rootd_check(erix_wait(r->console, &bits) == ERIX_E_BAD_CAPABILITY,
		    "wait needs a notification capability");
}

static void retype_tests(struct rootd *r)
{
	uint64_t before = free_bytes(r);
	uint32_t ep = r->next_slot;
	rootd_cover("retype_ctl.retype", COVER_POSITIVE,
		    rootd_retype(r, r->untyped, ERIX_CAP_ENDPOINT, 0, 2, ep) == ERIX_OK,
		    "retype two endpoints into empty slots");
	r->next_slot += 2;
	rootd_cover("retype_ctl.query", COVER_POSITIVE, before - free_bytes(r) >= 128,
		    "the untyped memory shrank by at least their size");
	rootd_check(rootd_retype(r, r->untyped, ERIX_CAP_FRAME, 12, 1, r->console) == ERIX_E_EXISTS,
		    "retype into an occupied slot is refused");
	rootd_check(log_via(r->console, "") == ERIX_OK, "and the capability there is untouched");
	rootd_check(rootd_retype(r, r->untyped, ERIX_CAP_FRAME, 12, 1, 0) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "retype into the null slot is refused");
	rootd_check(rootd_retype(r, r->untyped, ERIX_CAP_FRAME, 13, 1, r->next_slot) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "an 8 KiB frame is refused");
	rootd_check(rootd_retype(r, r->untyped, ERIX_CAP_FRAME, 12, 300, r->next_slot) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "more than 256 objects at once is refused");
	rootd_cover("retype_ctl.retype", COVER_AUTHORITY,
		    rootd_retype(r, r->console, ERIX_CAP_FRAME, 12, 1, r->next_slot) ==
			    ERIX_E_BAD_CAPABILITY,
		    "a console capability is not untyped memory (the generated decoder says so)");
	rootd_check(rootd_retype(r, r->next_slot + 50, ERIX_CAP_FRAME, 12, 1, r->next_slot) ==
			    ERIX_E_BAD_CAPABILITY,
		    "an empty slot is not untyped memory");
	rootd_check(rootd_retype(r, r->untyped, ERIX_CAP_FRAME, 12, 1, 1u << 20) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "destination slots past the cnode are refused");
}

/* split: two 64 KiB pieces of spare memory, each its own untyped capability to retype from. */
static void split_tests(struct rootd *r)
{
	uint32_t spare = rootd_spare_untyped(r), first = r->next_slot;
	struct retype_ctl_split_req req = {.size_bits = 16,
					   .count = 2,
					   .first_slot = first,
					   .source = spare,
					   .destination = r->cnode};
	struct retype_ctl_split_rep rep;
	bool split = retype_ctl_split(r->retype, erix_ipc_buffer(), &req, &rep) == ERIX_OK;
	r->next_slot += 2;
	struct retype_ctl_query_req q = {.source = first + 1};
	struct retype_ctl_query_rep qrep = {0};
	rootd_cover("retype_ctl.split", COVER_POSITIVE,
		    split && retype_ctl_query(r->retype, erix_ipc_buffer(), &q, &qrep) == ERIX_OK &&
			    qrep.free_bytes == 65536,
		    "split carves untyped pieces of the size asked, all free");
	uint32_t ep = r->next_slot++;
	rootd_check(rootd_retype(r, first + 1, ERIX_CAP_ENDPOINT, 0, 1, ep) == ERIX_OK &&
			    retype_ctl_query(r->retype, erix_ipc_buffer(), &q, &qrep) == ERIX_OK &&
			    qrep.free_bytes < 65536,
		    "an endpoint retyped from a piece comes from that piece's memory");
	req.size_bits = 11;
	req.first_slot = r->next_slot;
	rootd_check(retype_ctl_split(r->retype, erix_ipc_buffer(), &req, &rep) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "split refuses pieces below 4 KiB");
	struct cnode_revoke_req rv = {.slot = spare};
	struct cnode_revoke_rep rvrep;
	rootd_check(cnode_revoke(r->cnode, erix_ipc_buffer(), &rv, &rvrep) == ERIX_OK &&
			    rootd_retype(r, first + 1, ERIX_CAP_ENDPOINT, 0, 1, r->next_slot) !=
				    ERIX_OK,
		    "revoking the source takes its pieces and what was made from them");
}

static void notification_tests(struct rootd *r)
{
	uint32_t n = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	uint64_t bits = 0;
	rootd_check(n && erix_signal(n) == ERIX_OK && erix_wait(n, &bits) == ERIX_OK && bits == 1,
		    "signal, then wait returns the bits at once");
	rootd_check(erix_signal(r->console) == ERIX_E_BAD_CAPABILITY,
		    "signal needs a notification capability");
}

/* Send one prepared wire case to the console family; the status its reply carries. */
static enum erix_status send_case(const struct rootd *r, const struct erix_wire_case *c)
{
	struct erix_msg *buf = erix_ipc_buffer();
	buf->length = c->length;
	buf->cap_count = c->cap_count;
	memcpy(buf->caps, c->caps, sizeof(buf->caps));
	buf->receive[0] = 0;
	memcpy(buf->bytes, c->bytes,
	       c->length < sizeof(buf->bytes) ? c->length : sizeof(buf->bytes));
	struct erix_sysret ret = erix_syscall(ERIX_SYS_CALL, r->console);
	if (ret.status != ERIX_OK)
		return ret.status;
	struct erix_msg_header h;
	memcpy(&h, buf->bytes, sizeof(h));
	return (enum erix_status)h.status;
}

/*
 * What the kernel must answer to a wire case: the decoder's verdict, except
 * that a well-formed framebuffer_frame is refused invalid_argument, as
 * send_case names no receive slot for the frame.
 */
static enum erix_status expected(const struct erix_wire_case *c)
{
	uint16_t ordinal;
	memcpy(&ordinal, c->bytes + 8, sizeof(ordinal));
	if (c->expect == ERIX_OK && ordinal == CONSOLE_CTL_FRAMEBUFFER_FRAME_ORDINAL)
		return ERIX_E_INVALID_ARGUMENT;
	return c->expect;
}

/* Every generated wire case of console_ctl, sent to the real kernel family. */
static void console_conformance(struct rootd *r)
{
	unsigned wrong = 0, survived = 0;
	for (size_t k = 0; k < console_ctl_wire_case_count; k++) {
		const struct erix_wire_case *c = &console_ctl_wire_cases[k];
		enum erix_status st = send_case(r, c);
		if (c->expect == ERIX_OK)
			rootd_log(r, "\n"); /* a valid log_write printed its sample text */
		if (st != expected(c)) {
			wrong++;
			rootd_logf(r, "# %s: got %d, want %d\n", c->name, st, expected(c));
		}
		survived += log_via(r->console, "") == ERIX_OK;
	}
	rootd_check(wrong == 0,
		    "every console_ctl wire case gets its documented status from the kernel");
	rootd_check(survived == console_ctl_wire_case_count,
		    "and a valid call right after each one still succeeds");
}

static enum erix_status log_read(const struct rootd *r, uint64_t position,
				 struct console_ctl_log_read_rep *rep)
{
	struct console_ctl_log_read_req req = {.position = position};
	return console_ctl_log_read(r->console, erix_ipc_buffer(), &req, rep);
}

/* The kernel log can be read back: find its end, log a marker, read the marker. */
static void log_read_tests(struct rootd *r)
{
	struct console_ctl_log_read_rep rep = {0};
	uint64_t end = 0;
	for (int i = 0; i < 1000 && log_read(r, end, &rep) == ERIX_OK && rep.text_len; i++)
		end = rep.next_position;
	static const char marker[] = "# rootd: a line to read back\n";
	log_via(r->console, marker);
	bool found = log_read(r, end, &rep) == ERIX_OK && rep.lost == 0 &&
		     rep.text_len >= sizeof(marker) - 1 &&
		     memcmp(rep.text, marker, sizeof(marker) - 1) == 0;
	rootd_cover("console_ctl.log_read", COVER_POSITIVE, found,
		    "console_ctl log_read returns what was just logged");
	rootd_check(log_read(r, rep.next_position + 1000000, &rep) == ERIX_E_INVALID_ARGUMENT,
		    "console_ctl log_read refuses a position past the end");
}

void rootd_run_tests(struct rootd *r)
{
	rootd_tap_begin(r);
	syscall_tests(r);
	retype_tests(r);
	split_tests(r);
	notification_tests(r);
	console_conformance(r);
	log_read_tests(r);
	rootd_run_ipc_tests(r);
	rootd_run_reply_tests(r);
	rootd_run_bound_tests(r);
	rootd_run_segment_tests(r);
	rootd_run_device_tests(r);
	rootd_run_authority_tests(r);
	rootd_tap_plan();
}
