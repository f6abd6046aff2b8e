/*
 * rootd, the root task: the first program in user space, started by the
 * kernel with every piece of machine authority as capabilities named in its
 * boot info. It starts the system from the boot modules (services.c).
 *
 * Booted with erix.test=rootd it instead runs the kernel's user-space tests
 * (tests.c) and reports TAP on the console; erix.test=bench and
 * erix.test=conformance-FAMILY choose its other test modes.
 */
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <string.h>

#include "rootd.h"

#define TEST_SLOTS 1536

/* Write `text` to the kernel log through the console capability. */
void rootd_log(const struct rootd *r, const char *text)
{
	struct console_ctl_log_write_req req = {
		.text = (const uint8_t *)text,
		.text_len = (uint16_t)strnlen(text, 256),
	};
	struct console_ctl_log_write_rep rep;
	console_ctl_log_write(r->console, erix_ipc_buffer(), &req, &rep);
}

void rootd_logf(const struct rootd *r, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	erix_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	rootd_log(r, line);
}

enum erix_status rootd_retype(struct rootd *r, uint32_t source, uint8_t kind, uint8_t size_bits,
			      uint32_t count, uint32_t first_slot)
{
	struct retype_ctl_retype_req req = {.kind = kind,
					    .size_bits = size_bits,
					    .count = count,
					    .first_slot = first_slot,
					    .source = source,
					    .destination = r->cnode};
	struct retype_ctl_retype_rep rep;
	return retype_ctl_retype(r->retype, erix_ipc_buffer(), &req, &rep);
}

uint32_t rootd_make(struct rootd *r, uint8_t kind, uint8_t size_bits)
{
	if (rootd_retype(r, r->untyped, kind, size_bits, 1, r->next_slot) != ERIX_OK)
		return 0;
	return r->next_slot++;
}

uint32_t rootd_spare_untyped(struct rootd *r)
{
	uint32_t best = 0;
	uint64_t size = 0;
	for (uint32_t i = 0; i < r->bi->cap_count; i++) {
		const struct erix_bootinfo_cap *c = &r->bi->caps[i];
		if (c->kind == ERIX_CAP_UNTYPED && strncmp(c->name, "untyped.", 8) == 0 &&
		    c->slot != r->untyped && c->size > size) {
			best = c->slot;
			size = c->size;
		}
	}
	return best;
}

/* The word after `key` in `cmdline` (copied, NUL-terminated), or NULL when absent. */
static const char *after(const char *cmdline, const char *key)
{
	static char word[32];
	size_t n = strlen(key);
	for (const char *p = cmdline; *p; p++) {
		if (strncmp(p, key, n) != 0)
			continue;
		size_t len = 0;
		while (p[n + len] && p[n + len] != ' ' && len + 1 < sizeof(word)) {
			word[len] = p[n + len];
			len++;
		}
		word[len] = '\0';
		return word;
	}
	return NULL;
}

/* The untyped RAM capability with the most memory ("device.N" is device space). */
static uint32_t largest_untyped(const struct erix_bootinfo *bi, uint64_t *bytes)
{
	uint32_t best = 0;
	*bytes = 0;
	for (uint32_t i = 0; i < bi->cap_count; i++) {
		const struct erix_bootinfo_cap *c = &bi->caps[i];
		if (c->kind == ERIX_CAP_UNTYPED && strncmp(c->name, "untyped.", 8) == 0 &&
		    c->size > *bytes) {
			best = c->slot;
			*bytes = c->size;
		}
	}
	return best;
}

int main(const struct erix_bootinfo *bi)
{
	static struct rootd r;
	uint64_t untyped_bytes;
	r.bi = bi;
	r.console = erix_slot_named(bi, "console");
	r.retype = erix_slot_named(bi, "retype");
	r.cnode = erix_slot_named(bi, "cnode");
	r.vspace = erix_slot_named(bi, "vspace");
	r.proc = erix_slot_named(bi, "proc");
	r.vspace_ctl = erix_slot_named(bi, "vspace_ctl");
	r.pager = erix_slot_named(bi, "pager");
	r.com1 = erix_slot_named(bi, "com1");
	r.i8042 = erix_slot_named(bi, "i8042");
	r.pci = erix_slot_named(bi, "pci");
	r.acpi = erix_slot_named(bi, "acpi");
	r.time = erix_slot_named(bi, "time");
	r.irq = erix_slot_named(bi, "irq");
	r.hotplug = erix_slot_named(bi, "hotplug");
	r.untyped = largest_untyped(bi, &untyped_bytes);
	r.next_slot = bi->first_free_slot;
	rootd_logf(&r, "rootd: started with %u named capabilities\n", bi->cap_count);
	uint32_t idle = rootd_make(&r, ERIX_CAP_NOTIFICATION, 0);
	/* The test modes count slots up from r.next_slot; everything else takes them from the
	 * allocator, which starts TEST_SLOTS further on. */
	erix_slots_init(r.next_slot + TEST_SLOTS, bi->cnode_slots);
	const char *conformance = after(bi->cmdline, "erix.test=conformance-");
	if (strstr_simple(bi->cmdline, "erix.test=rootd"))
		rootd_run_tests(&r);
	else if (strstr_simple(bi->cmdline, "erix.test=hotplug"))
		rootd_run_hotplug_tests(&r);
	else if (strstr_simple(bi->cmdline, "erix.test=procd"))
		rootd_run_procd_tests(&r);
	else if (strstr_simple(bi->cmdline, "erix.test=bench"))
		rootd_run_bench(&r);
	else if (conformance)
		rootd_run_conformance(&r, conformance);
	else
		rootd_start_system(&r);
	rootd_log(&r, "rootd: nothing more to do; waiting\n");
	uint64_t bits;
	erix_wait(idle, &bits);
	return 0;
}
