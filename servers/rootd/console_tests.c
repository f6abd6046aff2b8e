/*
 * conformance-console's own checks, after the generated wire cases: the
 * console server as its documentation describes it, through badged copies
 * of rootd's unbadged endpoint to it. Each badge keeps its own mode and
 * echo; a badge's listener hears input_ready when a typed line waits (the
 * harness types one when it sees LISTENING, tests/qemu/console-typeahead.session),
 * while rootd calls the console nothing: the driver notices the input itself;
 * a copy without write calls nothing, and a listener lacking write, or one
 * sent through a copy without grant, is refused.
 */
#include <cnode.h>
#include <console.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <time_ctl.h>

#include "rootd.h"

#define LISTENER_BUFFER_ADDRESS (ERIX_IPC_BUFFER_ADDRESS + 0x3000)
#define LISTENING               "# console: listening for a typed line\n"
#define TYPED                   "a line for the listener\n"

#define HEARD_BIT     1ull /* the listener's signal (unbadged) */
#define TIMEOUT_BIT   2ull
#define EVENT_WAIT_NS 60000000000ull

static uint8_t listener_stack[8192] __attribute__((aligned(16)));
static volatile uint32_t events, last_available;
static uint32_t heard; /* the notification the listener signals after each event */

/* The listener: count input_ready events, keep the last one's byte count, signal `heard`. */
static void listener_main(uint64_t endpoint)
{
	struct erix_msg *buf = (struct erix_msg *)LISTENER_BUFFER_ADDRESS;
	for (;;) {
		struct console_input_ready_req ev;
		if (erix_syscall(ERIX_SYS_RECV, (erix_cptr_t)endpoint).status == ERIX_OK &&
		    console_input_ready_req_decode(buf, &ev) == ERIX_OK) {
			last_available = ev.available;
			events++;
			erix_syscall(ERIX_SYS_SIGNAL, heard);
		}
	}
}

/* `source` minted into a fresh slot with `rights` and `badge`; 0 when it cannot be. */
static uint32_t minted(struct rootd *r, uint32_t source, uint8_t rights, uint64_t badge)
{
	uint32_t slot = erix_slot_alloc();
	struct cnode_mint_req req = {
		.source = source, .destination = slot, .rights = rights, .badge = badge};
	struct cnode_mint_rep rep;
	return slot && cnode_mint(r->cnode, ipc(), &req, &rep) == ERIX_OK ? slot : 0;
}

static enum erix_status set_mode(uint32_t via, uint8_t mode, bool echo)
{
	struct console_set_mode_req req = {.mode = mode, .echo = echo};
	struct console_set_mode_rep rep;
	return console_set_mode(via, ipc(), &req, &rep);
}

static bool info_is(uint32_t via, uint8_t mode, bool echo)
{
	struct console_info_req req = {0};
	struct console_info_rep rep = {0};
	return console_info(via, ipc(), &req, &rep) == ERIX_OK && rep.mode == mode &&
	       rep.echo == echo;
}

static enum erix_status listen(uint32_t via, uint32_t listener)
{
	struct console_listen_req req = {.listener = listener};
	struct console_listen_rep rep;
	return console_listen(via, ipc(), &req, &rep);
}

static enum erix_status read_now(uint32_t via, struct console_read_rep *rep)
{
	struct console_read_req req = {.max_length = 256, .block = false};
	return console_read(via, ipc(), &req, rep);
}

static void mode_checks(uint32_t a, uint32_t b)
{
	rootd_cover("console.set_mode console.info", COVER_POSITIVE,
		    set_mode(a, CONSOLE_CONSOLE_MODE_RAW, false) == ERIX_OK &&
			    info_is(a, CONSOLE_CONSOLE_MODE_RAW, false) &&
			    info_is(b, CONSOLE_CONSOLE_MODE_LINE, true),
		    "console: set_mode is per badge; info reports each badge's own");
	rootd_cover("console.set_mode console.info", COVER_POSITIVE,
		    set_mode(b, CONSOLE_CONSOLE_MODE_LINE, false) == ERIX_OK &&
			    info_is(b, CONSOLE_CONSOLE_MODE_LINE, false) &&
			    info_is(a, CONSOLE_CONSOLE_MODE_RAW, false),
		    "console: another badge's set_mode leaves the first one's alone");
	rootd_check(set_mode(a, CONSOLE_CONSOLE_MODE_LINE, true) == ERIX_OK &&
			    info_is(a, CONSOLE_CONSOLE_MODE_LINE, true),
		    "console: and back to line mode with echo");
}

/* Wait up to 60 s for a listener event, calling the console nothing meanwhile. */
static bool await_event(struct rootd *r)
{
	struct time_ctl_now_req now = {0};
	struct time_ctl_now_rep nrep = {0};
	time_ctl_now(r->time, ipc(), &now, &nrep);
	struct time_ctl_arm_req arm = {.deadline_ns = nrep.monotonic_ns + EVENT_WAIT_NS,
				       .signal_bits = TIMEOUT_BIT,
				       .target = heard};
	struct time_ctl_arm_rep arep;
	uint64_t bits = 0;
	if (time_ctl_arm(r->time, ipc(), &arm, &arep) != ERIX_OK)
		return false;
	while (events == 0 && !(bits & TIMEOUT_BIT))
		if (erix_wait(heard, &bits) != ERIX_OK)
			return false;
	struct time_ctl_cancel_req cancel = {.target = heard};
	struct time_ctl_cancel_rep crep;
	time_ctl_cancel(r->time, ipc(), &cancel, &crep);
	return events != 0;
}

static void listen_checks(struct rootd *r, uint32_t a)
{
	uint32_t listener = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	heard = rootd_make(r, ERIX_CAP_NOTIFICATION, 0);
	struct console_read_rep rep;
	while (read_now(a, &rep) == ERIX_OK)
		; /* lines typed ahead for the wire cases and left over */
	bool ready = listener && heard &&
		     rootd_start_helper(r, LISTENER_BUFFER_ADDRESS, listener_main,
					listener_stack + sizeof(listener_stack), listener);
	rootd_check(ready && listen(a, listener) == ERIX_OK && events == 0,
		    "console: listen with nothing typed sends no event");
	rootd_log(r, LISTENING);
	rootd_cover("console.listen console.input_ready", COVER_POSITIVE,
		    await_event(r) && last_available == sizeof(TYPED) - 1,
		    "console: the listener hears input_ready with the typed line's length");
	rootd_cover("console.read", COVER_POSITIVE,
		    read_now(a, &rep) == ERIX_OK && rep.data_len == sizeof(TYPED) - 1 &&
			    memcmp(rep.data, TYPED, rep.data_len) == 0,
		    "console: and a read without blocking then returns that line");
	uint32_t seen = events;
	struct console_input_ready_req forged = {.available = 7};
	bool sent = console_input_ready(a, ipc(), &forged) == ERIX_OK &&
		    info_is(a, CONSOLE_CONSOLE_MODE_LINE, true);
	erix_yield();
	rootd_cover("console.input_ready", COVER_AUTHORITY, sent && events == seen,
		    "console: an input_ready a client sends the server reaches no listener");
}

/* What a capability lacking a right cannot do. */
static void authority_checks(struct rootd *r, uint32_t console)
{
	uint32_t no_write = minted(r, console, ERIX_RIGHT_READ | ERIX_RIGHT_GRANT, 3);
	uint32_t no_grant = minted(r, console, ERIX_RIGHT_WRITE, 4);
	uint32_t listener = rootd_make(r, ERIX_CAP_ENDPOINT, 0);
	uint32_t deaf = listener ? minted(r, listener, ERIX_RIGHT_READ | ERIX_RIGHT_GRANT, 5) : 0;
	struct console_write_req w = {.data = (const uint8_t *)"x", .data_len = 1};
	struct console_write_rep wrep;
	struct console_read_req rd = {.max_length = 1, .block = false};
	struct console_read_rep rrep;
	struct console_info_req in = {0};
	struct console_info_rep inrep;
	rootd_cover("console.write console.read console.set_mode console.info console.listen",
		    COVER_AUTHORITY,
		    no_write && console_write(no_write, ipc(), &w, &wrep) == ERIX_E_NO_PERMISSION &&
			    console_read(no_write, ipc(), &rd, &rrep) == ERIX_E_NO_PERMISSION &&
			    set_mode(no_write, CONSOLE_CONSOLE_MODE_RAW, false) ==
				    ERIX_E_NO_PERMISSION &&
			    console_info(no_write, ipc(), &in, &inrep) == ERIX_E_NO_PERMISSION &&
			    listen(no_write, listener) == ERIX_E_NO_PERMISSION,
		    "console: a copy without write can call no method");
	enum erix_status st = deaf ? listen(console, deaf) : ERIX_E_NOT_FOUND;
	rootd_cover("console.listen", COVER_AUTHORITY, st == ERIX_E_NO_PERMISSION,
		    "console: a listener capability lacking write is refused");
	if (st != ERIX_E_NO_PERMISSION)
		rootd_logf(r, "# listen with a read-only listener: status %d\n", st);
	rootd_cover("console.listen", COVER_AUTHORITY,
		    no_grant && listen(no_grant, listener) != ERIX_OK &&
			    info_is(no_grant, CONSOLE_CONSOLE_MODE_LINE, true),
		    "console: listen through a copy without grant cannot send the listener");
}

void rootd_run_console_checks(struct rootd *r, uint32_t console)
{
	uint32_t a = minted(r, console, ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT, 1);
	uint32_t b = minted(r, console, ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT, 2);
	rootd_check(a && b, "console: rootd mints two badged copies of the console");
	mode_checks(a, b);
	listen_checks(r, a);
	authority_checks(r, console);
}
