/*
 * rootd's procd test mode (erix.test=procd): rootd starts procd as a normal
 * boot does and, as its unbadged (root) client and through two badged
 * clients, checks the process lifecycle, reclamation and authority. The
 * program run is /boot/hello, whose console is an endpoint a thread of
 * rootd's serves here (it answers every write and counts them).
 *
 * Reclamation: each process is built from one of procd's 12 memory blocks
 * and a run of its slots; after 200 create/exit cycles procd must still run
 * 12 processes at once and refuse a 13th, so no block and no slot leaked.
 */
#include <cnode.h>
#include <console.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <proc_ctl.h>
#include <procd.h>
#include <string.h>

#include "rootd.h"

#define CONSOLE_BUFFER_ADDRESS (ERIX_IPC_BUFFER_ADDRESS + 0x1000)
#define CYCLES                 200
#define PROCS                  12 /* procd's memory blocks */

static uint8_t console_stack[8192] __attribute__((aligned(16)));
static volatile uint32_t console_writes;

/* The console hello writes to: answer each write as fully accepted. */
static void console_main(uint64_t endpoint)
{
	struct erix_msg *buf = (struct erix_msg *)CONSOLE_BUFFER_ADDRESS;
	erix_syscall(ERIX_SYS_RECV, (erix_cptr_t)endpoint);
	for (;;) {
		struct console_write_req req;
		struct console_write_rep rep = {0};
		if (console_write_req_decode(buf, &req) == ERIX_OK) {
			rep.written = req.data_len;
			console_writes++;
		}
		console_write_rep_encode(&rep, buf);
		erix_syscall(ERIX_SYS_REPLY_RECV, (erix_cptr_t)endpoint);
	}
}

struct fixture {
	struct rootd *r;
	uint32_t procd, console, supervisor, notification, files;
};

#define SUPERVISOR_BUFFER_ADDRESS (ERIX_IPC_BUFFER_ADDRESS + 0x2000)
static uint8_t supervisor_stack[8192] __attribute__((aligned(16)));
static volatile struct procd_exit_info supervisor_event; /* the last exited event received */

/* The supervisor: receive procd's exited events and keep the last. */
static void supervisor_main(uint64_t endpoint)
{
	struct erix_msg *buf = (struct erix_msg *)SUPERVISOR_BUFFER_ADDRESS;
	for (;;) {
		struct procd_exited_req ev;
		if (erix_syscall(ERIX_SYS_RECV, (erix_cptr_t)endpoint).status == ERIX_OK &&
		    procd_exited_req_decode(buf, &ev) == ERIX_OK) {
			supervisor_event.kind = ev.info.kind;
			supervisor_event.exit_code = ev.info.exit_code;
			supervisor_event.pid = ev.info.pid; /* last: event_seen waits on it */
		}
	}
}

static uint32_t make(struct rootd *r, uint8_t kind)
{
	uint32_t slot = erix_slot_alloc();
	return slot && rootd_retype(r, r->untyped, kind, 0, 1, slot) == ERIX_OK ? slot : 0;
}

static void drop(struct rootd *r, uint32_t slot)
{
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	cnode_delete(r->cnode, ipc(), &req, &rep);
	erix_slot_free(slot);
}

/* procd's endpoint minted with `badge`: another client. */
static uint32_t client(struct fixture *f, uint64_t badge)
{
	uint32_t slot = erix_slot_alloc();
	struct cnode_mint_req req = {.source = f->procd,
				     .destination = slot,
				     .rights = ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT,
				     .badge = badge};
	struct cnode_mint_rep rep;
	return cnode_mint(f->r->cnode, ipc(), &req, &rep) == ERIX_OK ? slot : 0;
}

/* create through `via`: `args` are the words of argv, separated by spaces. */
static enum erix_status create(struct fixture *f, uint32_t via, const char *path, const char *args,
			       uint32_t *pid, uint32_t *grants)
{
	uint8_t argv[224];
	size_t n = strlen(args);
	for (size_t i = 0; i <= n; i++)
		argv[i] = args[i] == ' ' ? '\0' : (uint8_t)args[i];
	struct procd_create_req req = {.path = path,
				       .path_len = (uint16_t)strlen(path),
				       .argv = argv,
				       .argv_len = (uint16_t)(n + 1),
				       .supervisor = f->supervisor};
	struct procd_create_rep rep = {0};
	*grants = erix_slot_alloc();
	ipc()->receive[0] = *grants;
	enum erix_status st = procd_create(via, ipc(), &req, &rep);
	*pid = rep.pid;
	return st;
}

static enum erix_status grant(struct fixture *f, uint32_t grants, uint32_t index, uint32_t source)
{
	struct cnode_copy_to_req req = {
		.source = source, .destination = index, .rights = 0xff, .target = grants};
	struct cnode_copy_to_rep rep;
	return cnode_copy_to(f->r->cnode, ipc(), &req, &rep);
}

static enum erix_status start(uint32_t via, uint32_t pid)
{
	struct procd_start_req req = {.pid = pid};
	struct procd_start_rep rep;
	return procd_start(via, ipc(), &req, &rep);
}

static enum erix_status wait_for(uint32_t via, uint32_t pid, bool block,
				 struct procd_exit_info *info)
{
	struct procd_wait_req req = {.pid = pid, .block = block};
	struct procd_wait_rep rep = {0};
	enum erix_status st = procd_wait(via, ipc(), &req, &rep);
	*info = rep.info;
	return st;
}

static enum erix_status kill(uint32_t via, uint32_t pid)
{
	struct procd_kill_req req = {.pid = pid};
	struct procd_kill_rep rep;
	return procd_kill(via, ipc(), &req, &rep);
}

/* Create hello with `args` through `via`, give it the console and start it; its pid or 0. */
static uint32_t run(struct fixture *f, uint32_t via, const char *args)
{
	uint32_t pid, grants;
	enum erix_status st = create(f, via, "/boot/hello", args, &pid, &grants);
	if (st == ERIX_OK)
		st = grant(f, grants, 1, f->console);
	if (st == ERIX_OK)
		st = start(via, pid);
	drop(f->r, grants);
	return st == ERIX_OK ? pid : 0;
}

/* How many processes `via` sees in list. */
static uint32_t visible(uint32_t via)
{
	uint32_t count = 0, index = 0;
	do {
		struct procd_list_req req = {.start_index = index};
		struct procd_list_rep rep = {0};
		if (procd_list(via, ipc(), &req, &rep) != ERIX_OK)
			return 0xffffffff;
		count += rep.count;
		index = rep.next_index;
	} while (index != 0);
	return count;
}

static void lifecycle_tests(struct fixture *f)
{
	struct procd_exit_info info;
	uint32_t writes = console_writes;
	uint32_t pid = run(f, f->procd, "hello exit 3");
	rootd_cover("procd.create procd.start", COVER_POSITIVE, pid != 0,
		    "create, grant the console, start: /boot/hello runs");
	rootd_cover("procd.wait procd.exit_process", COVER_POSITIVE,
		    wait_for(f->procd, pid, true, &info) == ERIX_OK &&
			    info.kind == PROCD_EXIT_KIND_EXITED && info.exit_code == 3 &&
			    info.pid == pid,
		    "a blocking wait returns its exit record: exited with code 3");
	rootd_check(console_writes == writes + 1,
		    "it wrote its greeting to the console it was given");
	rootd_check(wait_for(f->procd, pid, false, &info) == ERIX_E_NOT_FOUND,
		    "the record is collected once: its pid is then not_found");

	pid = run(f, f->procd, "hello crash");
	rootd_check(wait_for(f->procd, pid, true, &info) == ERIX_OK &&
			    info.kind == PROCD_EXIT_KIND_FAULTED &&
			    info.fault == PROCD_FAULT_KIND_PAGE_FAULT && info.vector == 14 &&
			    info.fault_address == 0 && info.fault_ip >= 0x400000,
		    "a null read is reported as a page fault at address 0, with its ip");

	pid = run(f, f->procd, "hello spin");
	rootd_check(wait_for(f->procd, pid, false, &info) == ERIX_E_BUSY,
		    "wait without blocking on a running process is busy");
	rootd_check(start(f->procd, pid) == ERIX_E_INVALID_ARGUMENT,
		    "starting it again is refused");
	rootd_cover("procd.kill", COVER_POSITIVE, kill(f->procd, pid) == ERIX_OK, "kill");
	rootd_check(kill(f->procd, pid) == ERIX_E_INVALID_ARGUMENT,
		    "killing it again: invalid_argument");
	rootd_check(wait_for(f->procd, pid, true, &info) == ERIX_OK &&
			    info.kind == PROCD_EXIT_KIND_KILLED,
		    "its record says killed");
}

static void refusal_tests(struct fixture *f)
{
	uint32_t pid, grants;
	struct procd_exit_info info;
	rootd_check(create(f, f->procd, "boot/hello", "hello", &pid, &grants) ==
			    ERIX_E_INVALID_ARGUMENT,
		    "a relative path: invalid_argument");
	drop(f->r, grants);
	rootd_check(create(f, f->procd, "/boot/nothing", "x", &pid, &grants) == ERIX_E_NOT_FOUND,
		    "a missing program: not_found");
	drop(f->r, grants);
	rootd_check(create(f, f->procd, "/boot/hello", "hello", &pid, &grants) == ERIX_OK &&
			    start(f->procd, pid) == ERIX_E_INVALID_ARGUMENT,
		    "start without the console its bundle declares: invalid_argument");
	drop(f->r, grants);
	rootd_check(wait_for(f->procd, pid, false, &info) == ERIX_OK &&
			    info.kind == PROCD_EXIT_KIND_KILLED,
		    "and that process is ended, its record kept for wait");
	rootd_check(create(f, f->procd, "/boot/hello", "hello", &pid, &grants) == ERIX_OK &&
			    grant(f, grants, 1, f->notification) == ERIX_OK &&
			    start(f->procd, pid) == ERIX_E_INVALID_ARGUMENT,
		    "a notification where the bundle declares an endpoint: invalid_argument");
	drop(f->r, grants);
	wait_for(f->procd, pid, false, &info);
	rootd_check(wait_for(f->procd, 0, false, &info) == ERIX_E_NOT_FOUND &&
			    kill(f->procd, 4000) == ERIX_E_NOT_FOUND &&
			    start(f->procd, 4000) == ERIX_E_NOT_FOUND,
		    "pids that name nothing: not_found");
}

/* spawn /boot/PATH with `args` through `via`, console and files given; its status, *pid set. */
static enum erix_status spawn(struct fixture *f, uint32_t via, const char *path, const char *args,
			      uint32_t *pid)
{
	uint8_t argv[224];
	size_t n = strlen(args);
	for (size_t i = 0; i <= n; i++)
		argv[i] = args[i] == ' ' ? '\0' : (uint8_t)args[i];
	struct procd_spawn_req req = {.path = path,
				      .path_len = (uint16_t)strlen(path),
				      .argv = argv,
				      .argv_len = (uint16_t)(n + 1),
				      .supervisor = f->supervisor,
				      .files = f->files,
				      .console = f->console};
	struct procd_spawn_rep rep = {0};
	enum erix_status st = procd_spawn(via, ipc(), &req, &rep);
	*pid = rep.pid;
	return st;
}

static bool event_seen(uint32_t pid)
{
	for (int i = 0; i < 100 && supervisor_event.pid != pid; i++)
		erix_yield();
	return supervisor_event.pid == pid;
}

static void spawn_tests(struct fixture *f)
{
	struct procd_exit_info info;
	uint32_t writes = console_writes, pid = 0;
	rootd_cover("procd.spawn", COVER_POSITIVE,
		    spawn(f, f->procd, "/boot/hello", "hello exit 5", &pid) == ERIX_OK &&
			    pid != 0 && wait_for(f->procd, pid, true, &info) == ERIX_OK &&
			    info.kind == PROCD_EXIT_KIND_EXITED && info.exit_code == 5,
		    "spawn runs /boot/hello in one call; it exits with its code");
	rootd_check(console_writes == writes + 1,
		    "spawn gave it the console as its \"console\" entry: it greeted there");
	rootd_cover("procd.exited", COVER_POSITIVE,
		    event_seen(pid) && supervisor_event.kind == PROCD_EXIT_KIND_EXITED &&
			    supervisor_event.exit_code == 5,
		    "its supervisor, receiving in a thread of rootd, got the exited event");
	rootd_check(spawn(f, f->procd, "/boot/nothing", "x", &pid) == ERIX_E_NOT_FOUND,
		    "spawn of a missing program: not_found");
	rootd_check(spawn(f, f->procd, "boot/hello", "hello", &pid) == ERIX_E_INVALID_ARGUMENT,
		    "spawn of a relative path: invalid_argument");
	uint32_t before = visible(f->procd);
	rootd_check(spawn(f, f->procd, "/boot/vfstest", "vfstest", &pid) ==
				    ERIX_E_INVALID_ARGUMENT &&
			    visible(f->procd) == before,
		    "spawn of a program declaring more than files and console: invalid_argument, "
		    "and no process is left");
	pid = run(f, f->procd, "hello spin");
	uint32_t killed = pid;
	rootd_check(pid != 0 && kill(f->procd, pid) == ERIX_OK && event_seen(killed) &&
			    supervisor_event.kind == PROCD_EXIT_KIND_KILLED,
		    "a killed process's supervisor gets exited with kind killed");
	wait_for(f->procd, pid, true, &info);
}

static enum erix_status set_files(uint32_t via, uint32_t files)
{
	struct procd_set_files_req req = {.files = files};
	struct procd_set_files_rep rep;
	return procd_set_files(via, ipc(), &req, &rep);
}

/*
 * set_files: without a namespace a path outside /boot is not_found; once
 * given one (here the console endpoint, which answers vfsd's open with a
 * refusal), procd reads through it and reports that it failed.
 */
static void files_tests(struct fixture *f)
{
	uint32_t pid, grants, client_badge = client(f, 300);
	rootd_check(create(f, f->procd, "/bin/hello", "hello", &pid, &grants) == ERIX_E_NOT_FOUND,
		    "a path outside /boot without a namespace: not_found");
	drop(f->r, grants);
	rootd_cover("procd.set_files", COVER_AUTHORITY,
		    set_files(client_badge, f->console) == ERIX_E_NO_PERMISSION,
		    "set_files through a client's badge: no_permission");
	rootd_cover("procd.set_files", COVER_POSITIVE,
		    set_files(f->procd, f->console) == ERIX_OK &&
			    create(f, f->procd, "/bin/hello", "hello", &pid, &grants) ==
				    ERIX_E_IO_ERROR,
		    "set_files from root: procd reads programs through it (this one refuses)");
	drop(f->r, grants);
	drop(f->r, client_badge);
}

static void authority_tests(struct fixture *f)
{
	uint32_t a = client(f, 100), b = client(f, 200);
	struct procd_exit_info info;
	uint32_t pid = a ? run(f, a, "hello spin") : 0;
	rootd_check(pid != 0, "a badged client runs a program");
	rootd_cover("procd.list", COVER_POSITIVE,
		    visible(a) == 1 && visible(b) == 0 && visible(f->procd) == 1,
		    "list: the creator's badge and root see it, another badge does not");
	rootd_cover(
		"procd.kill procd.start procd.wait", COVER_AUTHORITY,
		kill(b, pid) == ERIX_E_NOT_FOUND && start(b, pid) == ERIX_E_NOT_FOUND &&
			wait_for(b, pid, false, &info) == ERIX_E_NOT_FOUND,
		"another badge cannot kill, start or wait for it: not_found, as for no process");
	rootd_cover("procd.list", COVER_AUTHORITY, visible(b) == 0,
		    "list through another badge sees nothing of it");
	struct procd_exit_process_req ex = {.code = 1};
	rootd_cover("procd.exit_process", COVER_AUTHORITY,
		    procd_exit_process(a, ipc(), &ex) == ERIX_OK &&
			    procd_exit_process(f->procd, ipc(), &ex) == ERIX_OK &&
			    wait_for(a, pid, false, &info) == ERIX_E_BUSY,
		    "exit_process through a client badge or root's ends nothing: it still runs");
	struct procd_exited_req forged = {.info = {.pid = pid, .kind = PROCD_EXIT_KIND_EXITED}};
	bool sent = procd_exited_req_encode(&forged, ipc()) == ERIX_OK &&
		    erix_syscall(ERIX_SYS_SEND, a).status == ERIX_OK;
	rootd_cover("procd.exited", COVER_AUTHORITY,
		    sent && wait_for(a, pid, false, &info) == ERIX_E_BUSY,
		    "an exited event forged to procd by a client ends nothing");
	uint32_t weak = erix_slot_alloc();
	struct cnode_copy_req wc = {.source = a, .destination = weak, .rights = ERIX_RIGHT_WRITE};
	struct cnode_copy_rep wcrep;
	uint32_t other = 0, grants = 0, before = visible(a);
	rootd_cover("procd.create procd.spawn", COVER_AUTHORITY,
		    cnode_copy(f->r->cnode, ipc(), &wc, &wcrep) == ERIX_OK &&
			    create(f, weak, "/boot/hello", "hello", &other, &grants) != ERIX_OK &&
			    spawn(f, weak, "/boot/hello", "hello", &other) != ERIX_OK &&
			    visible(a) == before,
		    "create and spawn through a copy without grant cannot send their capabilities: "
		    "refused, nothing created");
	drop(f->r, grants);
	drop(f->r, weak);
	rootd_check(kill(f->procd, pid) == ERIX_OK, "root kills it");
	rootd_check(wait_for(a, pid, false, &info) == ERIX_OK &&
			    info.kind == PROCD_EXIT_KIND_KILLED,
		    "its creator collects the record");
	drop(f->r, a);
	drop(f->r, b);
}

static void reclamation_tests(struct fixture *f)
{
	struct procd_exit_info info;
	uint32_t failures = 0;
	for (uint32_t i = 0; i < CYCLES; i++) {
		char args[32];
		erix_snprintf(args, sizeof(args), "hello exit %u", i % 100);
		uint32_t pid = run(f, f->procd, args);
		if (pid == 0 || wait_for(f->procd, pid, true, &info) != ERIX_OK ||
		    info.exit_code != (int32_t)(i % 100))
			failures++;
	}
	rootd_check(failures == 0, "200 create/start/exit/wait cycles, each with its exit code");
	uint32_t pids[PROCS];
	uint32_t running = 0;
	for (uint32_t i = 0; i < PROCS; i++) {
		pids[i] = run(f, f->procd, "hello spin");
		running += pids[i] != 0;
	}
	rootd_check(running == PROCS && visible(f->procd) == PROCS,
		    "after them, 12 processes run at once: no memory block or slot leaked");
	uint32_t pid, grants;
	rootd_check(create(f, f->procd, "/boot/hello", "hello", &pid, &grants) == ERIX_E_NO_MEMORY,
		    "a 13th is refused: no_memory");
	drop(f->r, grants);
	uint32_t killed = 0;
	for (uint32_t i = 0; i < PROCS; i++)
		killed += kill(f->procd, pids[i]) == ERIX_OK &&
			  wait_for(f->procd, pids[i], true, &info) == ERIX_OK;
	rootd_check(killed == PROCS && visible(f->procd) == 0, "all 12 killed and collected");
	pid = run(f, f->procd, "hello exit 9");
	rootd_check(pid != 0 && wait_for(f->procd, pid, true, &info) == ERIX_OK &&
			    info.exit_code == 9,
		    "and a new process runs again");
}

/* The console thread: its own IPC buffer and stack in rootd's spaces. */
static bool start_console(struct fixture *f)
{
	uint32_t frame = rootd_map_new_frame(f->r, CONSOLE_BUFFER_ADDRESS);
	uint32_t thread = rootd_new_thread(
		f->r, (uint64_t)(uintptr_t)console_main,
		(uint64_t)(uintptr_t)(console_stack + sizeof(console_stack)), f->console);
	struct proc_ctl_set_ipc_buffer_req b = {
		.address = CONSOLE_BUFFER_ADDRESS, .thread = thread, .buffer = frame};
	struct proc_ctl_set_ipc_buffer_rep brep;
	return frame && thread &&
	       proc_ctl_set_ipc_buffer(f->r->proc, ipc(), &b, &brep) == ERIX_OK &&
	       rootd_start(f->r, thread) == ERIX_OK;
}

void rootd_run_procd_tests(struct rootd *r)
{
	struct fixture f = {.r = r};
	rootd_tap_begin(r);
	/* rootd_map_new_frame and rootd_new_thread count slots from r->next_slot: give them a run.
	 */
	r->next_slot = erix_slot_alloc_range(32);
	f.procd = make(r, ERIX_CAP_ENDPOINT);
	f.console = make(r, ERIX_CAP_ENDPOINT);
	f.supervisor = make(r, ERIX_CAP_ENDPOINT);
	f.notification = make(r, ERIX_CAP_NOTIFICATION);
	f.files = make(r, ERIX_CAP_ENDPOINT);
	bool ready =
		f.procd && f.console && f.supervisor && f.notification && f.files &&
		start_console(&f) &&
		rootd_start_helper(r, SUPERVISOR_BUFFER_ADDRESS, supervisor_main,
				   supervisor_stack + sizeof(supervisor_stack), f.supervisor) &&
		rootd_start_procd(r, f.procd);
	rootd_check(ready, "rootd starts procd and a console for the programs it runs");
	if (ready) {
		lifecycle_tests(&f);
		refusal_tests(&f);
		spawn_tests(&f);
		authority_tests(&f);
		files_tests(&f);
		reclamation_tests(&f);
	}
	rootd_tap_plan();
}
