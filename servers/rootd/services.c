/*
 * rootd's normal mode: start the system from the boot modules. rootd builds
 * procd itself with lib/libspawn, giving it a memory quota, the kernel's
 * process-building families and the boot modules it may run; every other
 * program it asks procd to create and start, installing the program's
 * startup grants in between. rootd logs one line per capability it grants.
 *
 * Today it starts deviced, which runs drv-serial (the console on COM1) and
 * keeps it running, the file system path (ramfsd, then vfsd, then mounts
 * ramfsd at "/" through its unbadged, admin capability to vfsd) and the
 * shell, which talks to the console, runs programs through procd, reaches
 * files through a namespace capability rootd narrows for it, and may power
 * the machine off or reset it (an acpi_ctl capability with the write right
 * only).
 */
#include <cnode.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <erix/spawn.h>
#include <erix/status.h>
#include <procd.h>
#include <retype_ctl.h>
#include <vfsd.h>

#include "rootd.h"

#define BUILDER_WINDOW  0x0000200000000000ull /* a page rootd fills frames through */
#define MODULE_WINDOW   0x0000300000000000ull /* procd's boot module is read from here */
#define PROCD_PRIVATE   21                    /* 2 MiB for procd's own objects */
#define PROCD_QUOTA     25                    /* 32 MiB for the processes procd makes */
#define PROCD_SLOT_BITS 13                    /* room for SPAWN_BUILDER_SLOTS per process */
#define PROCD_PRIORITY  120                   /* at most rootd's own, 128 */
#define BIN_PROGRAMS    "hello" /* what rootd writes to /bin (the RAM volume is 768 KiB) */
#define BIN_MODULES     0x0000310000000000ull /* where it reads them from */
#define MODULE_SPACING  0x0000000010000000ull
#define BIN_BUFFER      0x0000320000000000ull /* the frame it writes them through */
#define PROCD_PROGRAMS  "deviced", "drv-serial", "sh", "hello", "ramfsd", "vfsd", "vfstest"

/* rootd's own process builder: its spaces and memory, set up when procd is built. */
static struct spawn_builder builder;

/*
 * One startup grant: a slot of rootd's, what the log calls it, a badge (0:
 * none). Slot 0 stands for a bundle entry procd fills itself (the program's
 * own cnode): nothing is installed for it.
 */
struct grant {
	uint32_t slot;
	const char *name;
	uint64_t badge;
};

/* A new object of `kind` in a fresh slot; 0 on failure. */
static uint32_t make(struct rootd *r, uint8_t kind)
{
	uint32_t slot = erix_slot_alloc();
	if (slot != 0 && rootd_retype(r, r->untyped, kind, 0, 1, slot) == ERIX_OK)
		return slot;
	erix_slot_free(slot);
	return 0;
}

/* A copy of rootd's `slot` with only `rights`, in a fresh slot; 0 on failure. */
static uint32_t derive(struct rootd *r, uint32_t slot, uint8_t rights)
{
	uint32_t copy = erix_slot_alloc();
	struct cnode_copy_req req = {.source = slot, .destination = copy, .rights = rights};
	struct cnode_copy_rep rep;
	if (copy != 0 && cnode_copy(r->cnode, ipc(), &req, &rep) == ERIX_OK)
		return copy;
	erix_slot_free(copy);
	return 0;
}

/* An untyped block of 2^bits bytes split from `source`; 0 on failure. */
static uint32_t memory_block(struct rootd *r, uint32_t source, uint8_t bits)
{
	uint32_t slot = erix_slot_alloc();
	struct retype_ctl_split_req req = {.size_bits = bits,
					   .count = 1,
					   .first_slot = slot,
					   .source = source,
					   .destination = r->cnode};
	struct retype_ctl_split_rep rep;
	if (slot != 0 && retype_ctl_split(r->retype, ipc(), &req, &rep) == ERIX_OK)
		return slot;
	erix_slot_free(slot);
	return 0;
}

static const struct erix_bootinfo_cap *module(struct rootd *r, const char *name)
{
	char key[ERIX_BOOTINFO_NAME_LEN];
	erix_snprintf(key, sizeof(key), "module.%s", name);
	return erix_cap_by_name(r->bi, key);
}

static uint32_t pages(uint64_t bytes)
{
	return (uint32_t)((bytes + 4095) / 4096);
}

static void log_grant(struct rootd *r, const char *program, const struct spawn_process *p)
{
	const struct erix_bootinfo_cap *c = &p->info.caps[p->info.cap_count - 1];
	rootd_logf(r, "rootd: granted %s \"%s\" (kind %u, rights 0x%x) in its slot %u\n", program,
		   c->name, c->kind, c->rights, c->slot);
}

/* Give procd its boot modules; false after a log line. */
static bool grant_modules(struct rootd *r, const struct spawn_builder *b, struct spawn_process *p)
{
	static const char *const programs[] = {PROCD_PROGRAMS};
	for (size_t i = 0; i < sizeof(programs) / sizeof(programs[0]); i++) {
		const struct erix_bootinfo_cap *m = module(r, programs[i]);
		char name[ERIX_BOOTINFO_NAME_LEN];
		erix_snprintf(name, sizeof(name), "module.%s", programs[i]);
		enum erix_status st =
			m ? spawn_grant_run(b, p, m->slot, pages(m->size), m->size, name)
			  : ERIX_E_NOT_FOUND;
		if (st != ERIX_OK) {
			rootd_logf(r, "rootd: procd: cannot grant \"%s\": %s\n", name,
				   erix_status_name(st));
			return false;
		}
		log_grant(r, "procd", p);
	}
	return true;
}

/*
 * Build and start procd serving `endpoint`, with `own` memory for itself and
 * its quota for what it makes split from `spare`; false after a log line.
 */
static bool start_procd(struct rootd *r, const struct spawn_builder *b, uint32_t endpoint,
			uint32_t own, uint32_t spare)
{
	static struct spawn_process p;
	const struct erix_bootinfo_cap *m = module(r, "procd");
	if (m == NULL) {
		rootd_log(r, "rootd: cannot start procd: no boot module \"procd\"\n");
		return false;
	}
	enum erix_status st = spawn_map_frames(b, m->slot, pages(m->size), MODULE_WINDOW, false);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: cannot map procd's image: %s\n", erix_status_name(st));
		return false;
	}
	const char *why = "";
	st = spawn_create(b, own, (const void *)MODULE_WINDOW, m->size, PROCD_SLOT_BITS, "procd",
			  &p, &why);
	const struct grant grants[] = {{endpoint, "service", 0},
				       {r->retype, "retype", 0},
				       {r->vspace_ctl, "vspace_ctl", 0},
				       {r->proc, "proc", 0},
				       {r->time, "time", 0}};
	for (size_t i = 0; st == ERIX_OK && i < sizeof(grants) / sizeof(grants[0]); i++) {
		st = spawn_grant(b, &p, grants[i].slot, 0, grants[i].name);
		if (st == ERIX_OK)
			log_grant(r, "procd", &p);
	}
	if (st == ERIX_OK)
		st = spawn_grant_memory(b, &p, spare, PROCD_QUOTA, "memory");
	if (st == ERIX_OK)
		log_grant(r, "procd", &p);
	if (st == ERIX_OK && !grant_modules(r, b, &p))
		st = ERIX_E_NOT_FOUND;
	if (st == ERIX_OK)
		st = spawn_start(b, &p, PROCD_PRIORITY);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: cannot start procd: %s %s\n", erix_status_name(st), why);
		return false;
	}
	rootd_log(r, "rootd: started procd\n");
	return true;
}

/* Copy rootd's `slot` (minted with `badge` first when not 0) into grant slot `index`. */
static enum erix_status install_grant(struct rootd *r, uint32_t grants, uint32_t index,
				      const struct grant *g)
{
	uint32_t from = g->slot, minted = 0;
	if (g->badge != 0) {
		minted = from = erix_slot_alloc();
		struct cnode_mint_req m = {
			.source = g->slot, .destination = from, .rights = 0xff, .badge = g->badge};
		struct cnode_mint_rep mrep;
		enum erix_status st = cnode_mint(r->cnode, ipc(), &m, &mrep);
		if (st != ERIX_OK)
			return st;
	}
	struct cnode_copy_to_req req = {
		.source = from, .destination = index, .rights = 0xff, .target = grants};
	struct cnode_copy_to_rep rep;
	enum erix_status st = cnode_copy_to(r->cnode, ipc(), &req, &rep);
	if (minted) { /* the program's copy outlives the minted one */
		struct cnode_delete_req del = {.slot = minted};
		struct cnode_delete_rep drep;
		cnode_delete(r->cnode, ipc(), &del, &drep);
		erix_slot_free(minted);
	}
	return st;
}

/*
 * Have procd run /boot/NAME with `grants`, in the order of the program's
 * bundle; its pid, or 0 after a log line. `badge_pid`, when set, names a
 * grant that is procd's endpoint, minted with the new pid as its badge.
 */
static uint32_t run(struct rootd *r, uint32_t procd, uint32_t supervisor, const char *name,
		    const struct grant *grants, size_t count, int badge_pid)
{
	char path[32];
	erix_snprintf(path, sizeof(path), "/boot/%s", name);
	struct procd_create_req req = {.path = path,
				       .path_len = (uint16_t)strlen(path),
				       .argv = (const uint8_t *)name,
				       .argv_len = (uint16_t)(strlen(name) + 1),
				       .supervisor = supervisor};
	struct procd_create_rep rep;
	uint32_t grants_slot = erix_slot_alloc();
	ipc()->receive[0] = grants_slot;
	enum erix_status st = procd_create(procd, ipc(), &req, &rep);
	for (size_t i = 0; st == ERIX_OK && i < count; i++) {
		struct grant g = grants[i];
		if (g.slot == 0)
			continue;
		if ((int)i == badge_pid)
			g.badge = rep.pid;
		st = install_grant(r, rep.grants, (uint32_t)i + 1,
				   &g); /* slot 0 is the null slot */
		if (st == ERIX_OK)
			rootd_logf(r, "rootd: granted %s \"%s\" (pid %u)\n", name, g.name, rep.pid);
	}
	const char *stage = "create";
	if (st == ERIX_OK) {
		struct procd_start_req s = {.pid = rep.pid};
		struct procd_start_rep srep;
		stage = "start";
		st = procd_start(procd, ipc(), &s, &srep);
	}
	struct cnode_delete_req del = {.slot = grants_slot}; /* empty once started */
	struct cnode_delete_rep drep;
	cnode_delete(r->cnode, ipc(), &del, &drep);
	erix_slot_free(grants_slot);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: procd could not %s %s: %s\n", stage, name,
			   erix_status_name(st));
		return 0;
	}
	rootd_logf(r, "rootd: started %s (pid %u)\n", name, rep.pid);
	return rep.pid;
}

/* A namespace capability to the whole of `vfs` from its narrow; 0 after a log line. */
static uint32_t whole_namespace(struct rootd *r, uint32_t vfs, bool read_only)
{
	uint32_t view = erix_slot_alloc();
	ipc()->receive[0] = view;
	struct vfsd_narrow_req req = {.path = "/", .path_len = 1, .read_only = read_only};
	struct vfsd_narrow_rep rep;
	enum erix_status st = view ? vfsd_narrow(vfs, ipc(), &req, &rep) : ERIX_E_NO_MEMORY;
	if (st == ERIX_OK)
		return rep.view;
	erix_slot_free(view);
	rootd_logf(r, "rootd: vfsd could not make a namespace capability: %s\n",
		   erix_status_name(st));
	return 0;
}

/* A frame of rootd's mapped read-write at `address`, to move file data through; 0 on failure. */
static uint32_t buffer_frame(struct rootd *r, uint64_t address)
{
	uint32_t frame = erix_slot_alloc();
	if (frame == 0 || rootd_retype(r, r->untyped, ERIX_CAP_FRAME, 12, 1, frame) != ERIX_OK ||
	    spawn_map_frames(&builder, frame, 1, address, true) != ERIX_OK)
		return 0;
	return frame;
}

/* Write boot module `name` to the new file `path` through `vfs`, a page at a time. */
static enum erix_status copy_module(struct rootd *r, uint32_t vfs, uint32_t buffer,
				    const char *name, const char *path, uint64_t address)
{
	const struct erix_bootinfo_cap *m = module(r, name);
	if (m == NULL)
		return ERIX_E_NOT_FOUND;
	enum erix_status st = spawn_map_frames(&builder, m->slot, pages(m->size), address, false);
	uint32_t file = erix_slot_alloc();
	struct vfsd_open_req open = {.path = path,
				     .path_len = (uint16_t)strlen(path),
				     .mode = VFSD_OPEN_MODE_WRITE_ONLY,
				     .disposition = VFSD_OPEN_DISPOSITION_CREATE_OR_TRUNCATE};
	struct vfsd_open_rep orep;
	ipc()->receive[0] = file;
	if (st == ERIX_OK)
		st = vfsd_open(vfs, ipc(), &open, &orep);
	struct vfsd_attach_buffer_req attach = {.buffer = buffer};
	struct vfsd_attach_buffer_rep arep;
	if (st == ERIX_OK)
		st = vfsd_attach_buffer(file, ipc(), &attach, &arep);
	for (uint64_t done = 0; st == ERIX_OK && done < m->size; done += 4096) {
		uint32_t length = m->size - done < 4096 ? (uint32_t)(m->size - done) : 4096;
		memcpy((void *)(uintptr_t)BIN_BUFFER, (const void *)(uintptr_t)(address + done),
		       length);
		struct vfsd_write_req w = {.buffer_offset = 0, .length = length};
		struct vfsd_write_rep wrep;
		st = vfsd_write(file, ipc(), &w, &wrep);
		if (st == ERIX_OK && wrep.transferred != length)
			st = ERIX_E_NO_MEMORY;
	}
	struct vfsd_close_req close = {0};
	struct vfsd_close_rep crep;
	vfsd_close(file, ipc(), &close, &crep);
	struct cnode_delete_req del = {.slot = file};
	struct cnode_delete_rep drep;
	cnode_delete(r->cnode, ipc(), &del, &drep);
	erix_slot_free(file);
	return st;
}

/*
 * Put the programs of BIN_PROGRAMS in /bin, and give procd a read-only
 * namespace to read programs from; false after a log line.
 */
static bool install_programs(struct rootd *r, uint32_t vfs)
{
	static const char *const programs[] = {BIN_PROGRAMS};
	uint32_t buffer = buffer_frame(r, BIN_BUFFER);
	for (size_t i = 0; buffer && i < sizeof(programs) / sizeof(programs[0]); i++) {
		char path[32];
		erix_snprintf(path, sizeof(path), "/bin/%s", programs[i]);
		enum erix_status st = copy_module(r, vfs, buffer, programs[i], path,
						  BIN_MODULES + i * MODULE_SPACING);
		if (st != ERIX_OK) {
			rootd_logf(r, "rootd: cannot write %s: %s\n", path, erix_status_name(st));
			return false;
		}
		rootd_logf(r, "rootd: wrote %s\n", path);
	}
	uint32_t read_only = buffer ? whole_namespace(r, vfs, true) : 0;
	struct procd_set_files_req req = {.files = read_only};
	struct procd_set_files_rep rep;
	enum erix_status st =
		read_only ? procd_set_files(r->procd_service, ipc(), &req, &rep) : ERIX_E_NO_MEMORY;
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: procd gets no file system: %s\n", erix_status_name(st));
		return false;
	}
	rootd_log(r, "rootd: granted procd \"files\" (read-only, the whole tree)\n");
	return true;
}

/*
 * Start ramfsd and vfsd through procd and mount ramfsd at "/" with rootd's
 * admin capability (vfsd lays out /tmp, /bin and /etc then), fill /bin and
 * let procd read programs there; a namespace capability for the shell, or 0
 * after a log line.
 */
static uint32_t start_files(struct rootd *r, uint32_t procd, uint32_t supervisor)
{
	uint32_t fs = make(r, ERIX_CAP_ENDPOINT), vfs = make(r, ERIX_CAP_ENDPOINT);
	if (!fs || !vfs) {
		rootd_log(r, "rootd: out of memory before starting the file system\n");
		return 0;
	}
	const struct grant ramfsd[] = {{fs, "service", 0},
				       {r->vspace_ctl, "vspace_ctl", 0},
				       {r->retype, "retype_ctl", 0},
				       {r->time, "time_ctl", 0}};
	const struct grant vfsd[] = {{vfs, "service", 0},
				     {r->vspace_ctl, "vspace_ctl", 0},
				     {r->retype, "retype_ctl", 0}};
	if (run(r, procd, supervisor, "ramfsd", ramfsd, 4, -1) == 0 ||
	    run(r, procd, supervisor, "vfsd", vfsd, 3, -1) == 0)
		return 0;
	r->fs_service = fs;
	r->vfs_service = vfs;
	struct vfsd_mount_req req = {.path = "/", .path_len = 1, .backend = fs};
	struct vfsd_mount_rep rep;
	enum erix_status st = vfsd_mount(vfs, ipc(), &req, &rep);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: vfsd could not mount ramfsd at /: %s\n",
			   erix_status_name(st));
		return 0;
	}
	rootd_log(r, "rootd: mounted ramfsd at / through vfsd\n");
	return install_programs(r, vfs) ? whole_namespace(r, vfs, false) : 0;
}

bool rootd_start_procd(struct rootd *r, uint32_t endpoint)
{
	builder = (struct spawn_builder){.cnode = r->cnode,
					 .vspace = r->vspace,
					 .retype = r->retype,
					 .vspace_ctl = r->vspace_ctl,
					 .proc = r->proc,
					 .memory = r->untyped,
					 .window = BUILDER_WINDOW};
	const struct spawn_builder *b = &builder;
	/* procd's memory comes from the second-largest block, rootd's own objects from the largest.
	 */
	uint32_t spare = rootd_spare_untyped(r);
	uint32_t own = memory_block(r, spare, PROCD_PRIVATE);
	if (!own || spawn_builder_init(b) != ERIX_OK) {
		rootd_log(r, "rootd: out of memory before starting procd\n");
		return false;
	}
	return start_procd(r, b, endpoint, own, spare);
}

bool rootd_start_services(struct rootd *r)
{
	uint32_t procd = make(r, ERIX_CAP_ENDPOINT), console = make(r, ERIX_CAP_ENDPOINT);
	uint32_t serial_irq = make(r, ERIX_CAP_NOTIFICATION);
	r->supervisor = make(r, ERIX_CAP_ENDPOINT);
	if (!procd || !console || !serial_irq || !r->supervisor || !rootd_start_procd(r, procd))
		return false;
	r->procd_service = procd;
	uint32_t device_events = make(r, ERIX_CAP_ENDPOINT), timer = make(r, ERIX_CAP_NOTIFICATION);
	/* drv-serial's, through deviced: proc_ctl with grant only, to bind its interrupt */
	uint32_t bind_only = derive(r, r->proc, ERIX_RIGHT_GRANT);
	const struct grant devices[] = {
		{procd, "processes", 0},      {device_events, "events", 0}, {r->time, "time", 0},
		{timer, "timer", 0},          {r->console, "log", 0},       {r->com1, "com1", 0},
		{serial_irq, "interrupt", 0}, {console, "console", 0},      {bind_only, "proc", 0}};
	if (!device_events || !timer || !bind_only ||
	    run(r, procd, r->supervisor, "deviced", devices, 9, 0) == 0)
		return false;
	r->console_service = console;
	r->namespace = start_files(r, procd, r->supervisor);
	return r->namespace != 0;
}

void rootd_start_system(struct rootd *r)
{
	if (!rootd_start_services(r))
		return;
	uint32_t files = r->namespace;
	uint32_t events = make(r, ERIX_CAP_ENDPOINT), power = derive(r, r->acpi, ERIX_RIGHT_WRITE);
	/* The console's shell is the administrator's: with procd unbadged it sees every process,
	 * and it may turn the machine off or reset it (acpi_ctl with write only: no table reads
	 * are needed for that, but the family does not refuse them). */
	const struct grant shell[] = {{r->console_service, "console", 1},
				      {r->time, "time", 0},
				      {r->procd_service, "processes", 0},
				      {events, "events", 0},
				      {r->procd_service, "admin", 0},
				      {files, "files", 0},
				      {r->vspace_ctl, "vspace_ctl", 0},
				      {r->retype, "retype_ctl", 0},
				      {0, "cnode", 0},
				      {power, "power", 0}};
	if (events != 0 && power != 0 && files != 0)
		run(r, r->procd_service, r->supervisor, "sh", shell,
		    sizeof(shell) / sizeof(shell[0]), 2);
}
