/*
 * procd: the process server (idl/procd.idl). It builds processes with
 * lib/libspawn in three stages — create, install grants, start — and ends
 * them on exit_process, on a fault, or on kill, reclaiming everything: each
 * process's objects come from one block of procd's memory, and revoking the
 * block destroys them all.
 *
 * Who may do what is decided by the badge a message arrives with (see
 * badge_kind): rootd's unbadged capability sees every process, a client
 * badge sees the processes created through it, a process's self badge may
 * only send exit_process, and the fault badge is the kernel reporting a
 * fault of that process. A pid grants nothing by itself.
 *
 * spawn does all three stages in one call: it gives the program its `files`
 * and `console` capabilities as the bundle entries named "files" and
 * "console" (a program that declares no such entry does not get that one).
 *
 * Program images are the boot modules procd was given ("/boot/NAME" is
 * module.NAME), mapped once at start-up. The startup grants a creator
 * installs land in a 16-slot grant cnode; at start, grant slot i + 1 (slot 0
 * is every cnode's null slot) becomes the program's bundle entry i
 * (abi/erix/bundle.h), checked against its declared kind and rights.
 *
 * Memory of its own: a bundle entry of kind untyped is not a grant slot.
 * procd fills it at create with MEMORY_BITS (128 KiB) split from the
 * process's own block, so a program that maps frames (a transfer buffer, the
 * page tables under it) spends its own memory, and ends with it.
 */
#include <cnode.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/serve.h>
#include <erix/slots.h>
#include <erix/spawn.h>
#include <pager_ctl.h>
#include <procd.h>
#include <retype_ctl.h>
#include <string.h>
#include <time_ctl.h>

#include "image.h"

#define MAX_PROCS          12 /* blocks of its quota, less what its own page tables take */
#define BLOCK_BITS         21 /* 2 MiB of memory per process */
#define GRANT_SLOT_BITS    4  /* 16 grant slots */
#define MEMORY_BITS        17 /* an untyped bundle entry: 128 KiB of the process's block */
#define CHILD_PRIORITY     100
#define BUILDER_WINDOW     0x0000200000000000ull
#define MODULE_WINDOW      0x0000300000000000ull
#define MODULE_SPACING     0x0000000010000000ull
#define BADGE_KIND_SHIFT   60
#define BADGE_SELF         (1ull << BADGE_KIND_SHIFT)
#define BADGE_FAULT        (2ull << BADGE_KIND_SHIFT)
#define BADGE_VALUE(badge) ((badge) & ((1ull << BADGE_KIND_SHIFT) - 1))

enum badge_kind { FROM_ROOT, FROM_CLIENT, FROM_SELF, FROM_FAULT };

struct proc {
	uint32_t pid; /* 0: the entry is free */
	uint8_t state;
	uint64_t creator; /* the client badge it was created through (0: rootd) */
	uint32_t creator_pid;
	uint64_t created_ns;
	char name[32];
	uint32_t block;      /* procd's untyped block for it, reused after it ends */
	uint32_t grants;     /* its grant cnode, while created */
	uint32_t sent;       /* the creator's copy of it, sent with the create reply */
	uint32_t fault;      /* the badged endpoint its faults are reported on */
	uint32_t supervisor; /* where its exited event goes */
	uint32_t waiter;     /* a reply capability: a blocked wait for it, or 0 */
	struct procd_exit_info exit;
	struct spawn_process sp;
};

struct procd {
	const struct erix_bootinfo *bi;
	struct spawn_builder builder;
	uint32_t service, time;
	uint32_t next_pid;
	struct image_reader images; /* programs outside /boot, through vfsd */
	uint64_t badge;             /* of the message being handled */
	struct proc procs[MAX_PROCS];
};

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

static enum badge_kind badge_kind(uint64_t badge)
{
	if (badge == 0)
		return FROM_ROOT;
	switch (badge >> BADGE_KIND_SHIFT) {
	case 1:
		return FROM_SELF;
	case 2:
		return FROM_FAULT;
	default:
		return FROM_CLIENT;
	}
}

static void delete_slot(const struct procd *d, uint32_t slot)
{
	if (slot == 0)
		return;
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	cnode_delete(d->builder.cnode, ipc(), &req, &rep);
	erix_slot_free(slot);
}

static uint64_t now_ns(const struct procd *d)
{
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep = {0};
	return time_ctl_now(d->time, ipc(), &req, &rep) == ERIX_OK ? rep.monotonic_ns : 0;
}

/* The process `pid`, or NULL. */
static struct proc *find(struct procd *d, uint32_t pid)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (pid != 0 && d->procs[i].pid == pid)
			return &d->procs[i];
	return NULL;
}

/* The process `pid` if the current badge may see it, else NULL. */
static struct proc *visible(struct procd *d, uint32_t pid)
{
	struct proc *p = find(d, pid);
	return p && (d->badge == 0 || p->creator == d->badge) ? p : NULL;
}

/* The boot module "/boot/NAME" as mapped at start-up; NULL when there is none. */
static const struct erix_bootinfo_cap *module_for(const struct procd *d, const char *path,
						  uint64_t *address)
{
	if (strncmp(path, "/boot/", 6) != 0)
		return NULL;
	char key[ERIX_BOOTINFO_NAME_LEN];
	int n = erix_snprintf(key, sizeof(key), "module.%s", path + 6);
	if (n <= 0 || (size_t)n >= sizeof(key))
		return NULL;
	uint32_t index = 0;
	for (uint32_t i = 0; i < d->bi->cap_count; i++) {
		const struct erix_bootinfo_cap *c = &d->bi->caps[i];
		if (strncmp(c->name, "module.", 7) != 0)
			continue;
		if (strcmp(c->name, key) == 0) {
			*address = MODULE_WINDOW + index * MODULE_SPACING;
			return c;
		}
		index++;
	}
	return NULL;
}

/* Map every boot module procd holds, each at its own stretch of MODULE_WINDOW. */
static bool map_modules(const struct procd *d)
{
	uint32_t index = 0;
	for (uint32_t i = 0; i < d->bi->cap_count; i++) {
		const struct erix_bootinfo_cap *c = &d->bi->caps[i];
		if (strncmp(c->name, "module.", 7) != 0)
			continue;
		if (c->size == 0 || c->size > MODULE_SPACING ||
		    spawn_map_frames(&d->builder, c->slot, (uint32_t)((c->size + 4095) / 4096),
				     MODULE_WINDOW + index * MODULE_SPACING, false) != ERIX_OK)
			return false;
		index++;
	}
	return true;
}

/* The argument vector as the startup info's command line: arguments joined by spaces. */
static bool args_text(const uint8_t *argv, size_t length, char *out, size_t size)
{
	if (length > 0 && argv[length - 1] != '\0')
		return false;
	if (length >= size)
		return false;
	for (size_t i = 0; i < length; i++)
		out[i] = argv[i] == '\0' ? ' ' : (char)argv[i];
	out[length > 0 ? length - 1 : 0] = '\0';
	return true;
}

/*
 * The image of the program at `path`: a boot module for /boot/NAME, else the
 * file read through vfsd into frames from `block`.
 */
static enum erix_status find_image(struct procd *d, const char *path, uint32_t block,
				   struct image *out)
{
	uint64_t address;
	memset(out, 0, sizeof(*out));
	if (strncmp(path, "/boot/", 6) != 0)
		return image_read(&d->images, path, block, out);
	const struct erix_bootinfo_cap *module = module_for(d, path, &address);
	if (module == NULL)
		return ERIX_E_NOT_FOUND;
	out->bytes = (const void *)(uintptr_t)address;
	out->size = module->size;
	return ERIX_OK;
}

static struct proc *free_entry(struct procd *d)
{
	for (int i = 0; i < MAX_PROCS; i++)
		if (d->procs[i].pid == 0)
			return &d->procs[i];
	return NULL;
}

/* Make the grant cnode of `p` from its own memory; the creator's write-only copy, or 0. */
static uint32_t make_grants(struct procd *d, struct proc *p)
{
	p->grants = erix_slot_alloc();
	struct retype_ctl_retype_req req = {.kind = ERIX_CAP_CNODE,
					    .size_bits = GRANT_SLOT_BITS,
					    .count = 1,
					    .first_slot = p->grants,
					    .source = p->block,
					    .destination = d->builder.cnode};
	struct retype_ctl_retype_rep rep;
	if (p->grants == 0 || retype_ctl_retype(d->builder.retype, ipc(), &req, &rep) != ERIX_OK)
		return 0;
	uint32_t copy = erix_slot_alloc();
	struct cnode_copy_req c = {
		.source = p->grants, .destination = copy, .rights = ERIX_RIGHT_WRITE};
	struct cnode_copy_rep crep;
	if (copy == 0 || cnode_copy(d->builder.cnode, ipc(), &c, &crep) != ERIX_OK)
		return 0;
	return copy;
}

/* Release what an entry holds in procd's cnode and free it, keeping its memory block. */
static void clear_entry(struct procd *d, struct proc *p)
{
	delete_slot(d, p->grants);
	delete_slot(d, p->sent);
	delete_slot(d, p->fault);
	delete_slot(d, p->supervisor);
	delete_slot(d, p->waiter); /* an unused reply capability: its caller wakes interrupted */
	uint32_t block = p->block;
	memset(p, 0, sizeof(*p));
	p->block = block;
}

/* Fill every untyped bundle entry of `p` with MEMORY_BITS of its own block. */
static enum erix_status grant_memory(struct procd *d, struct proc *p)
{
	for (uint32_t i = 0; i < p->sp.bundle.count; i++) {
		const struct erix_bundle_entry *e = &p->sp.bundle.entries[i];
		if (e->kind != ERIX_CAP_UNTYPED || spawn_granted(&p->sp, i))
			continue;
		enum erix_status st =
			spawn_grant_memory(&d->builder, &p->sp, p->block, MEMORY_BITS, e->name);
		if (st != ERIX_OK)
			return st;
	}
	return ERIX_OK;
}

/*
 * Stage 1 for a new process of the current badge: the program at `path`, its grant cnode, and
 * the creator's write-only copy of it in p->sent. The new entry in *out, or a status.
 */
static enum erix_status create_proc(struct procd *d, const char *path, const uint8_t *argv,
				    size_t argv_len, uint32_t supervisor, struct proc **out)
{
	static char args[ERIX_BOOTINFO_NAME_LEN * 10];
	if (path[0] != '/' || !args_text(argv, argv_len, args, sizeof(args)))
		return ERIX_E_INVALID_ARGUMENT;
	struct proc *p = free_entry(d);
	if (p == NULL)
		return ERIX_E_NO_MEMORY;
	struct image image = {0};
	enum erix_status st = find_image(d, path, p->block, &image);
	const char *why;
	if (st == ERIX_OK)
		st = spawn_create(&d->builder, p->block, image.bytes, image.size,
				  SPAWN_CHILD_SLOT_BITS, args, &p->sp, &why);
	image_release(&d->images, &image); /* a boot module's image has no frames to release */
	if (st != ERIX_OK)
		return st == ERIX_E_INVALID_ARGUMENT ? ERIX_E_NOT_SUPPORTED : st;
	uint32_t grants = grant_memory(d, p) == ERIX_OK ? make_grants(d, p) : 0;
	if (grants == 0) {
		spawn_destroy(&d->builder, &p->sp);
		clear_entry(d, p);
		return ERIX_E_NO_MEMORY;
	}
	p->pid = d->next_pid++;
	p->state = PROCD_PROC_STATE_CREATED;
	p->creator = d->badge;
	p->creator_pid = badge_kind(d->badge) == FROM_CLIENT ? (uint32_t)d->badge : 0;
	p->created_ns = now_ns(d);
	p->supervisor = erix_serve_keep(supervisor);
	const char *base = strrchr(path, '/') + 1;
	memcpy(p->name, base, strnlen(base, sizeof(p->name)));
	p->sent = grants; /* sent with a create reply; procd's copy goes when the process starts */
	*out = p;
	return ERIX_OK;
}

static enum erix_status create(void *ctx, const struct procd_create_req *req,
			       struct procd_create_rep *rep)
{
	struct proc *p;
	enum erix_status st =
		create_proc(ctx, req->path, req->argv, req->argv_len, req->supervisor, &p);
	if (st != ERIX_OK)
		return st;
	rep->pid = p->pid;
	rep->grants = p->sent;
	return ERIX_OK;
}

/* Give the child grant slot i + 1 of `p` as bundle entry i (entries spawn filled itself excepted).
 */
static enum erix_status install_grants(struct procd *d, struct proc *p)
{
	for (uint32_t i = 0; i < p->sp.bundle.count; i++) {
		if (spawn_granted(&p->sp, i))
			continue;
		uint32_t tmp = erix_slot_alloc();
		struct cnode_copy_to_req req = {.source = i + 1,
						.destination = tmp,
						.rights = 0xff,
						.target = d->builder.cnode};
		struct cnode_copy_to_rep rep;
		enum erix_status st =
			tmp ? cnode_copy_to(p->grants, ipc(), &req, &rep) : ERIX_E_NO_MEMORY;
		if (st == ERIX_OK)
			st = spawn_grant(&d->builder, &p->sp, tmp, 0, p->sp.bundle.entries[i].name);
		delete_slot(d, tmp);
		if (st != ERIX_OK)
			return st;
	}
	return ERIX_OK;
}

/* Stage 3 for `p`: its grants, its self and fault capabilities, then its thread runs. */
static enum erix_status start_proc(struct procd *d, struct proc *p)
{
	delete_slot(d, p->sent); /* the creator's copy went with the create reply */
	p->sent = 0;
	enum erix_status st = install_grants(d, p);
	p->fault = erix_slot_alloc();
	struct cnode_mint_req m = {.source = d->service,
				   .destination = p->fault,
				   .rights = ERIX_RIGHT_WRITE,
				   .badge = BADGE_FAULT | p->pid};
	struct cnode_mint_rep mrep;
	if (st == ERIX_OK)
		st = p->fault ? cnode_mint(d->builder.cnode, ipc(), &m, &mrep) : ERIX_E_NO_MEMORY;
	if (st == ERIX_OK) /* the thread's reference lasts as long as this capability */
		st = spawn_set_fault_endpoint(&d->builder, &p->sp, p->fault);
	if (st == ERIX_OK)
		st = spawn_give(&d->builder, &p->sp, d->service, ERIX_CAP_ENDPOINT,
				ERIX_RIGHT_WRITE, BADGE_SELF | p->pid, "procd");
	struct cnode_revoke_req rv = {.slot = p->grants};
	struct cnode_revoke_rep rvrep;
	cnode_revoke(d->builder.cnode, ipc(), &rv, &rvrep); /* the creator's copy is gone */
	if (st == ERIX_OK)
		st = spawn_start(&d->builder, &p->sp, CHILD_PRIORITY);
	if (st == ERIX_OK)
		p->state = PROCD_PROC_STATE_RUNNING;
	return st;
}

/* End `p` with `info`: destroy it, tell its supervisor, keep the record for wait. */
static void end_proc(struct procd *d, struct proc *p, struct procd_exit_info info)
{
	spawn_destroy(&d->builder, &p->sp);
	delete_slot(d, p->grants);
	delete_slot(d, p->sent);
	delete_slot(d, p->fault);
	p->grants = p->sent = p->fault = 0;
	p->state = PROCD_PROC_STATE_ENDED;
	info.pid = p->pid;
	p->exit = info;
	if (p->supervisor) {
		struct procd_exited_req ev = {.info = info};
		if (procd_exited_req_encode(&ev, ipc()) == ERIX_OK)
			erix_nb_send(p->supervisor, ipc());
	}
	if (p->waiter) { /* a blocked wait collects the record now */
		struct procd_wait_rep rep = {.info = info};
		uint32_t waiter = p->waiter;
		p->waiter = 0;
		if (procd_wait_rep_encode(&rep, ipc()) == ERIX_OK &&
		    erix_ipc_send(waiter, ipc()) == ERIX_OK)
			clear_entry(d, p);
		delete_slot(d, waiter);
	}
}

static enum erix_status start(void *ctx, const struct procd_start_req *req,
			      struct procd_start_rep *rep)
{
	(void)rep;
	struct procd *d = ctx;
	struct proc *p = visible(d, req->pid);
	if (p == NULL)
		return ERIX_E_NOT_FOUND;
	if (p->state != PROCD_PROC_STATE_CREATED)
		return ERIX_E_INVALID_ARGUMENT;
	enum erix_status st = start_proc(d, p);
	if (st != ERIX_OK) { /* e.g. a declared capability missing or of the wrong kind */
		end_proc(d, p, (struct procd_exit_info){.kind = PROCD_EXIT_KIND_KILLED});
		st = st == ERIX_E_NO_MEMORY ? st : ERIX_E_INVALID_ARGUMENT;
	}
	return st;
}

/* Give `slot` to `p` as its bundle entry `name`, if its bundle declares one. */
static enum erix_status grant_named(struct procd *d, struct proc *p, uint32_t slot,
				    const char *name)
{
	for (uint32_t i = 0; i < p->sp.bundle.count; i++)
		if (strcmp(p->sp.bundle.entries[i].name, name) == 0)
			return spawn_grant(&d->builder, &p->sp, slot, 0, name);
	return ERIX_OK; /* not declared: the capability is not given */
}

/*
 * create, then `files` and `console` as the bundle entries of those names, then start. Any
 * other entry the program declares is missing, so start refuses it (invalid_argument).
 */
static enum erix_status spawn(void *ctx, const struct procd_spawn_req *req,
			      struct procd_spawn_rep *rep)
{
	struct procd *d = ctx;
	struct proc *p;
	enum erix_status st =
		create_proc(d, req->path, req->argv, req->argv_len, req->supervisor, &p);
	if (st != ERIX_OK)
		return st;
	st = grant_named(d, p, req->files, "files");
	if (st == ERIX_OK)
		st = grant_named(d, p, req->console, "console");
	if (st == ERIX_OK)
		st = start_proc(d, p);
	if (st != ERIX_OK) {
		/* The caller never learns the pid: no record, no event, the pid is free again. */
		spawn_destroy(&d->builder, &p->sp);
		clear_entry(d, p);
		return st == ERIX_E_NO_MEMORY ? st : ERIX_E_INVALID_ARGUMENT;
	}
	rep->pid = p->pid;
	return ERIX_OK;
}

static enum erix_status kill(void *ctx, const struct procd_kill_req *req,
			     struct procd_kill_rep *rep)
{
	(void)rep;
	struct procd *d = ctx;
	struct proc *p = visible(d, req->pid);
	if (p == NULL)
		return ERIX_E_NOT_FOUND;
	if (p->state == PROCD_PROC_STATE_ENDED)
		return ERIX_E_INVALID_ARGUMENT;
	end_proc(d, p, (struct procd_exit_info){.kind = PROCD_EXIT_KIND_KILLED});
	return ERIX_OK;
}

static enum erix_status wait(void *ctx, const struct procd_wait_req *req,
			     struct procd_wait_rep *rep)
{
	struct procd *d = ctx;
	struct proc *p = visible(d, req->pid);
	if (p == NULL)
		return ERIX_E_NOT_FOUND;
	if (p->state == PROCD_PROC_STATE_ENDED) {
		rep->info = p->exit;
		clear_entry(d, p);
		return ERIX_OK;
	}
	if (!req->block || p->waiter != 0)
		return ERIX_E_BUSY;
	/* Keep the caller's reply right: end_proc answers it. The reply encoded now is never sent.
	 */
	uint32_t slot = erix_slot_alloc();
	struct cnode_save_reply_req save = {.slot = slot};
	struct cnode_save_reply_rep srep;
	if (slot == 0 || cnode_save_reply(d->builder.cnode, ipc(), &save, &srep) != ERIX_OK) {
		erix_slot_free(slot);
		return ERIX_E_NO_MEMORY;
	}
	p->waiter = slot;
	return ERIX_OK;
}

static enum erix_status list(void *ctx, const struct procd_list_req *req,
			     struct procd_list_rep *rep)
{
	struct procd *d = ctx;
	uint32_t seen = 0, last = 0;
	rep->count = 0;
	rep->next_index = 0;
	for (;;) { /* visible processes in pid order: the smallest pid above `last` each round */
		struct proc *next = NULL;
		for (int i = 0; i < MAX_PROCS; i++) {
			struct proc *p = &d->procs[i];
			if (p->pid > last && visible(d, p->pid) && (!next || p->pid < next->pid))
				next = p;
		}
		if (next == NULL)
			break;
		last = next->pid;
		if (seen++ < req->start_index)
			continue;
		if (rep->count == 8) {
			rep->next_index = req->start_index + 8;
			break;
		}
		struct procd_proc_info *out = &rep->procs[rep->count++];
		out->pid = next->pid;
		out->creator_pid = next->creator_pid;
		out->state = next->state;
		out->created_ns = next->created_ns;
		memcpy(out->name, next->name, sizeof(out->name));
	}
	return req->start_index > seen ? ERIX_E_INVALID_ARGUMENT : ERIX_OK;
}

static enum erix_status exit_process(void *ctx, const struct procd_exit_process_req *req)
{
	struct procd *d = ctx;
	if (badge_kind(d->badge) != FROM_SELF)
		return ERIX_E_NO_PERMISSION;
	struct proc *p = find(d, (uint32_t)BADGE_VALUE(d->badge));
	if (p && p->state == PROCD_PROC_STATE_RUNNING)
		end_proc(d, p,
			 (struct procd_exit_info){.kind = PROCD_EXIT_KIND_EXITED,
						  .exit_code = req->code});
	return ERIX_OK;
}

static enum erix_status set_files(void *ctx, const struct procd_set_files_req *req,
				  struct procd_set_files_rep *rep)
{
	(void)rep;
	struct procd *d = ctx;
	if (badge_kind(d->badge) != FROM_ROOT)
		return ERIX_E_NO_PERMISSION;
	delete_slot(d, d->images.files);
	d->images.files = erix_serve_keep(req->files);
	return ERIX_OK;
}

static const struct procd_server server = {
	.set_files = set_files,
	.create = create,
	.start = start,
	.spawn = spawn,
	.kill = kill,
	.wait = wait,
	.list = list,
	.exit_process = exit_process,
};

static uint8_t fault_kind_of(uint8_t vector)
{
	switch (vector) {
	case 0:
		return PROCD_FAULT_KIND_DIVIDE_ERROR;
	case 6:
		return PROCD_FAULT_KIND_INVALID_OPCODE;
	case 13:
		return PROCD_FAULT_KIND_GENERAL_PROTECTION;
	case 14:
		return PROCD_FAULT_KIND_PAGE_FAULT;
	case 16:
	case 19:
		return PROCD_FAULT_KIND_FPU_ERROR;
	case 17:
		return PROCD_FAULT_KIND_ALIGNMENT_CHECK;
	default:
		return PROCD_FAULT_KIND_OTHER_EXCEPTION;
	}
}

/* The kernel reports a fault of the process the badge names: it ends, faulted. */
static void handle_fault(struct procd *d, const struct erix_msg *msg)
{
	struct pager_ctl_fault_req fault;
	if (pager_ctl_fault_req_decode(msg, &fault) != ERIX_OK)
		return;
	struct proc *p = find(d, (uint32_t)BADGE_VALUE(d->badge));
	if (p == NULL || p->state != PROCD_PROC_STATE_RUNNING)
		return;
	end_proc(d, p,
		 (struct procd_exit_info){.kind = PROCD_EXIT_KIND_FAULTED,
					  .fault = fault_kind_of(fault.info.vector),
					  .vector = fault.info.vector,
					  .fault_address = fault.info.address,
					  .fault_ip = fault.info.ip,
					  .fault_error = fault.info.error_code});
}

/* One message: a fault report (no reply), or a procd request. */
static bool handle(void *ctx, uint64_t badge, const struct erix_msg *request,
		   struct erix_msg *reply)
{
	struct procd *d = ctx;
	d->badge = badge;
	if (badge_kind(badge) == FROM_FAULT) {
		handle_fault(d, request);
		return false;
	}
	return procd_dispatch(&server, d, request, reply);
}

/* Split procd's memory into one block per process entry. */
static bool make_blocks(struct procd *d, uint32_t memory)
{
	uint32_t first = erix_slot_alloc_range(MAX_PROCS);
	struct retype_ctl_split_req req = {.size_bits = BLOCK_BITS,
					   .count = MAX_PROCS,
					   .first_slot = first,
					   .source = memory,
					   .destination = d->builder.cnode};
	struct retype_ctl_split_rep rep;
	if (first == 0 || retype_ctl_split(d->builder.retype, ipc(), &req, &rep) != ERIX_OK)
		return false;
	for (int i = 0; i < MAX_PROCS; i++)
		d->procs[i].block = first + (uint32_t)i;
	return true;
}

int main(const struct erix_bootinfo *bi)
{
	static struct procd d;
	d.bi = bi;
	d.next_pid = 1;
	d.service = erix_slot_named(bi, "service");
	d.time = erix_slot_named(bi, "time");
	d.builder = (struct spawn_builder){.cnode = erix_slot_named(bi, "cnode"),
					   .vspace = erix_slot_named(bi, "vspace"),
					   .retype = erix_slot_named(bi, "retype"),
					   .vspace_ctl = erix_slot_named(bi, "vspace_ctl"),
					   .proc = erix_slot_named(bi, "proc"),
					   .memory = erix_slot_named(bi, "memory"),
					   .window = BUILDER_WINDOW};
	uint32_t memory = d.builder.memory;
	/* procd's own page tables come from its quota too, before the blocks are split off. */
	if (spawn_builder_init(&d.builder) != ERIX_OK || !map_modules(&d) ||
	    !image_reader_init(&d.images, &d.builder, memory) || !make_blocks(&d, memory))
		return 1;
	erix_serve(d.service, d.builder.cnode, handle, &d);
}
