/*
 * rootd's normal mode: start the system from the boot modules. Each program
 * is built with lib/libspawn out of an untyped block of its own, split from
 * rootd's memory, and receives exactly what its startup bundle declares;
 * rootd logs one line per capability it grants. Today it starts drv-serial
 * (the console on COM1) and the shell, which talks to it.
 */
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <erix/spawn.h>
#include <retype_ctl.h>

#include "rootd.h"

#define BUILDER_WINDOW      0x0000200000000000ull /* a page rootd fills frames through */
#define MODULE_WINDOW       0x0000300000000000ull /* boot modules are read from here */
#define MODULE_SPACING      0x0000000010000000ull /* 256 MiB of room per module */
#define PROGRAM_MEMORY_BITS 22                    /* 4 MiB of untyped memory per program */
#define DRIVER_PRIORITY     120                   /* at most rootd's own, 128 */
#define SHELL_PRIORITY      100

/* One capability rootd grants: a slot of its own, the bundle name, a badge (0: none). */
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

/* An untyped block of 2^PROGRAM_MEMORY_BITS bytes split from rootd's memory; 0 on failure. */
static uint32_t program_memory(struct rootd *r)
{
	uint32_t slot = erix_slot_alloc();
	struct retype_ctl_split_req req = {.size_bits = PROGRAM_MEMORY_BITS,
					   .count = 1,
					   .first_slot = slot,
					   .source = r->untyped,
					   .destination = r->cnode};
	struct retype_ctl_split_rep rep;
	if (slot != 0 && retype_ctl_split(r->retype, ipc(), &req, &rep) == ERIX_OK)
		return slot;
	erix_slot_free(slot);
	return 0;
}

/* Map boot module `name` ("module.NAME") for reading; its bytes, or NULL. */
static const void *map_module(struct rootd *r, const struct spawn_builder *b, const char *name,
			      uint64_t *size)
{
	static uint32_t mapped; /* modules mapped so far, each in its own stretch */
	char key[ERIX_BOOTINFO_NAME_LEN];
	erix_snprintf(key, sizeof(key), "module.%s", name);
	const struct erix_bootinfo_cap *m = erix_cap_by_name(r->bi, key);
	if (m == NULL || m->size == 0 || m->size > MODULE_SPACING) {
		rootd_logf(r, "rootd: no boot module \"%s\"\n", name);
		return NULL;
	}
	uint64_t address = MODULE_WINDOW + mapped * MODULE_SPACING;
	uint32_t pages = (uint32_t)((m->size + 4095) / 4096);
	enum erix_status st = spawn_map_image(b, m->slot, pages, address);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: cannot map boot module \"%s\" (status %d)\n", name, (int)st);
		return NULL;
	}
	mapped++;
	*size = m->size;
	return (const void *)(uintptr_t)address;
}

/* Start program `name` from its boot module with `grants`; false after a log line. */
static bool start_program(struct rootd *r, const struct spawn_builder *b, const char *name,
			  const struct grant *grants, size_t count, uint8_t priority)
{
	static struct spawn_process p;
	uint64_t size;
	const void *image = map_module(r, b, name, &size);
	uint32_t memory = program_memory(r);
	if (image == NULL || memory == 0) {
		rootd_logf(r, "rootd: cannot start %s: %s\n", name,
			   image ? "out of memory" : "no image");
		return false;
	}
	const char *why = "";
	enum erix_status st = spawn_create(b, memory, image, size, name, &p, &why);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: cannot start %s (status %d) %s\n", name, (int)st, why);
		return false;
	}
	for (size_t i = 0; i < count; i++) {
		st = spawn_grant(b, &p, grants[i].slot, grants[i].badge, grants[i].name);
		if (st != ERIX_OK) {
			rootd_logf(r, "rootd: %s: cannot grant \"%s\" (status %d)\n", name,
				   grants[i].name, (int)st);
			spawn_destroy(b, &p);
			return false;
		}
		const struct erix_bootinfo_cap *c = &p.info.caps[p.info.cap_count - 1];
		rootd_logf(r, "rootd: granted %s \"%s\" (kind %u, rights 0x%x) in its slot %u\n",
			   name, c->name, c->kind, c->rights, c->slot);
	}
	const struct erix_bundle_entry *missing = spawn_missing(&p);
	st = spawn_start(b, &p, priority);
	if (st != ERIX_OK) {
		rootd_logf(r, "rootd: cannot start %s (status %d)%s%s\n", name, (int)st,
			   missing ? ": nothing to grant for " : "", missing ? missing->name : "");
		spawn_destroy(b, &p);
		return false;
	}
	rootd_logf(r, "rootd: started %s\n", name);
	return true;
}

void rootd_start_system(struct rootd *r)
{
	const struct spawn_builder b = {.cnode = r->cnode,
					.vspace = r->vspace,
					.retype = r->retype,
					.vspace_ctl = r->vspace_ctl,
					.proc = r->proc,
					.memory = r->untyped,
					.window = BUILDER_WINDOW};
	uint32_t console = make(r, ERIX_CAP_ENDPOINT);
	uint32_t serial_irq = make(r, ERIX_CAP_NOTIFICATION);
	if (console == 0 || serial_irq == 0 || spawn_builder_init(&b) != ERIX_OK) {
		rootd_log(r, "rootd: out of memory before starting anything\n");
		return;
	}
	const struct grant serial[] = {
		{r->com1, "com1", 0}, {serial_irq, "interrupt", 0}, {console, "service", 0}};
	const struct grant shell[] = {{console, "console", 1}, {r->time, "time", 0}};
	if (start_program(r, &b, "drv-serial", serial, 3, DRIVER_PRIORITY))
		start_program(r, &b, "sh", shell, 2, SHELL_PRIORITY);
}
