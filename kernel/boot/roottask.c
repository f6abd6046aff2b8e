/* The root task; see roottask.h. */
#include "boot/roottask.h"

#include "boot/elf.h"
#include "erix/bootinfo.h"
#include "kernel.h"
#include "object/object.h"
#include "object/thread.h"
#include "object/untyped.h"
#include "physmem.h"
#include "vspace.h"

#define ROOTD_NAME    "rootd"
#define USER_MIN      0x400000ull
#define USER_MAX      0x00007f0000000000ull
#define STACK_PAGES   4
#define STACK_TOP     0x00007ff000000000ull
#define ROOT_PRIORITY 128

enum root_slot {
	SLOT_CNODE = 1,
	SLOT_VSPACE,
	SLOT_THREAD,
	SLOT_IPC_BUFFER,
	SLOT_BOOTINFO,
	SLOT_CONSOLE = 16,
	SLOT_RETYPE,
	SLOT_PROC,
	SLOT_VSPACE_CTL,
	SLOT_PAGER,
	SLOT_COM1,
	SLOT_I8042,
	SLOT_PCI,
	SLOT_ACPI,
	SLOT_TIME,
	SLOT_IRQ,
	SLOT_HOTPLUG,
};

struct builder {
	struct rootspace *root;
	struct cap *slots;
	struct cap *ut; /* where every object comes from */
	uint32_t next_slot;
	struct erix_bootinfo *info;
};

static const struct handoff_module *find_module(const struct boot_handoff *h, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < h->module_count; i++) {
		const char *c = h->modules[i].cmdline;
		if (strncmp(c, name, len) == 0 && (c[len] == '\0' || c[len] == ' '))
			return &h->modules[i];
	}
	return NULL;
}

static struct cap *new_object(struct builder *b, uint8_t kind, uint8_t bits, uint32_t slot)
{
	struct cap *dst = &b->slots[slot ? slot : b->next_slot++];
	return untyped_retype(b->ut, kind, bits, 1, &dst) == ERIX_OK ? dst : NULL;
}

/* Map `frame` at `vaddr`, making page tables from untyped memory as they are needed. */
static bool map(struct builder *b, struct cap *frame, uint64_t vaddr, uint8_t rights)
{
	struct cap *vs = &b->slots[SLOT_VSPACE];
	for (int tries = 0; tries < 4; tries++) {
		int missing = -1;
		enum erix_status st = vspace_map_frame(vs, frame, vaddr, rights, false, &missing);
		if (st != ERIX_E_NOT_FOUND)
			return st == ERIX_OK;
		struct cap *table = new_object(b, ERIX_CAP_PAGE_TABLE, 0, 0);
		if (!table || vspace_map_table(vs, table, vaddr, missing) != ERIX_OK)
			return false;
	}
	return false;
}

static uint8_t segment_rights(const struct elf_segment *s)
{
	return (uint8_t)((s->read ? ERIX_RIGHT_READ : 0) | (s->write ? ERIX_RIGHT_WRITE : 0) |
			 (s->execute ? ERIX_RIGHT_EXECUTE : 0));
}

/* Copy one segment into fresh frames and map them. */
static bool load_segment(struct builder *b, const uint8_t *file, const struct elf_segment *s)
{
	uint64_t first = s->vaddr & ~0xfffull, end = (s->vaddr + s->memsz + 0xfff) & ~0xfffull;
	for (uint64_t page = first; page < end; page += 4096) {
		struct cap *frame = new_object(b, ERIX_CAP_FRAME, 12, 0);
		if (!frame)
			return false;
		uint8_t *dst = phys_to_virt(frame->object);
		for (uint64_t va = page < s->vaddr ? s->vaddr : page; va < page + 4096; va++) {
			uint64_t offset = va - s->vaddr;
			if (offset < s->filesz)
				dst[va - page] = file[s->file_offset + offset];
		}
		if (!map(b, frame, page, segment_rights(s)))
			return false;
	}
	return true;
}

/* Describe `slot` in the boot info under `name`; NULL when the boot info is full. */
static struct erix_bootinfo_cap *name_cap(struct builder *b, uint32_t slot, const char *name)
{
	struct erix_bootinfo *info = b->info;
	if (info->cap_count >= ERIX_BOOTINFO_MAX_CAPS) {
		kprintf("EriX: the boot info is full; slot %u (\"%s\") goes unnamed\n", slot, name);
		return NULL;
	}
	const struct cap *c = &b->slots[slot];
	struct erix_bootinfo_cap *entry = &info->caps[info->cap_count++];
	entry->slot = slot;
	entry->kind = c->kind;
	entry->rights = c->rights;
	entry->base = c->kind == ERIX_CAP_UNTYPED ? c->object : 0; /* device untyped too */
	entry->size = c->kind == ERIX_CAP_UNTYPED ? 1ull << c->size_bits : 0;
	for (size_t i = 0; name[i] && i + 1 < sizeof(entry->name); i++)
		entry->name[i] = name[i];
	return entry;
}

/* Name "PREFIX.N" (e.g. "untyped.3") without a formatting library. */
static void name_numbered(struct builder *b, uint32_t slot, const char *prefix, uint32_t n)
{
	char name[ERIX_BOOTINFO_NAME_LEN] = {0};
	size_t len = strlen(prefix);
	memcpy(name, prefix, len);
	name[len++] = '.';
	char digits[10];
	int k = 0;
	do {
		digits[k++] = (char)('0' + n % 10);
		n /= 10;
	} while (n);
	while (k)
		name[len++] = digits[--k];
	name_cap(b, slot, name);
}

#define MODULE_PREFIX "module."

/*
 * Hand every boot module to the root task as read-only 4 KiB frames in
 * consecutive slots, named "module.WORD" after the first word of its
 * command line: base is the physical address of its first byte and size its
 * length, so the first frame holds base. Module memory is never untyped
 * memory, so these frames come from no untyped capability.
 */
static void give_modules(struct builder *b, const struct boot_handoff *h)
{
	uint32_t slot_count = cnode_slot_count(&b->root->cnode);
	for (size_t i = 0; i < h->module_count; i++) {
		const struct handoff_module *m = &h->modules[i];
		uint64_t first = m->start & ~4095ull, end = (m->end + 4095) & ~4095ull;
		uint32_t slot = b->next_slot;
		if (slot + (end - first) / 4096 > slot_count) {
			kprintf("EriX: no room for boot module \"%s\" in rootd's cnode\n",
				m->cmdline);
			continue;
		}
		for (uint64_t page = first; page < end; page += 4096)
			cap_install_root(&b->slots[b->next_slot++], ERIX_CAP_FRAME, ERIX_RIGHT_READ,
					 page, 12);
		char name[ERIX_BOOTINFO_NAME_LEN] = MODULE_PREFIX;
		for (size_t k = 0, at = sizeof(MODULE_PREFIX) - 1;
		     m->cmdline[k] && m->cmdline[k] != ' ' && at + 1 < sizeof(name); k++)
			name[at++] = m->cmdline[k];
		struct erix_bootinfo_cap *entry = name_cap(b, slot, name);
		if (entry) { /* an empty module has no frames: its entry still says frame */
			entry->kind = ERIX_CAP_FRAME;
			entry->base = m->start;
			entry->size = m->end - m->start;
		}
	}
}

static void fill_bootinfo(struct builder *b, const struct boot_handoff *h)
{
	struct erix_bootinfo *info = b->info;
	info->magic = ERIX_BOOTINFO_MAGIC;
	info->cnode_slots = cnode_slot_count(&b->root->cnode);
	info->ipc_buffer = ERIX_IPC_BUFFER_ADDRESS;
	for (size_t i = 0; h->cmdline[i] && i + 1 < sizeof(info->cmdline); i++)
		info->cmdline[i] = h->cmdline[i];
	name_cap(b, SLOT_CNODE, "cnode");
	name_cap(b, SLOT_VSPACE, "vspace");
	name_cap(b, SLOT_THREAD, "thread");
	name_cap(b, SLOT_IPC_BUFFER, "ipc_buffer");
	name_cap(b, SLOT_BOOTINFO, "bootinfo");
	name_cap(b, SLOT_CONSOLE, "console");
	name_cap(b, SLOT_RETYPE, "retype");
	name_cap(b, SLOT_PROC, "proc");
	name_cap(b, SLOT_VSPACE_CTL, "vspace_ctl");
	name_cap(b, SLOT_PAGER, "pager");
	name_cap(b, SLOT_COM1, "com1");
	name_cap(b, SLOT_I8042, "i8042");
	name_cap(b, SLOT_PCI, "pci");
	name_cap(b, SLOT_ACPI, "acpi");
	name_cap(b, SLOT_TIME, "time");
	name_cap(b, SLOT_IRQ, "irq");
	name_cap(b, SLOT_HOTPLUG, "hotplug");
	for (uint32_t i = 0; i < b->root->untyped_count; i++)
		name_numbered(b, b->root->untyped_first + i, "untyped", i);
	for (uint32_t i = 0; i < b->root->device_count; i++)
		name_numbered(b, b->root->device_first + i, "device", i);
	give_modules(b, h);
	info->first_free_slot = b->next_slot;
}

static struct cap *largest_untyped(struct rootspace *root, struct cap *slots)
{
	struct cap *best = NULL;
	for (uint32_t i = 0; i < root->untyped_count; i++) {
		struct cap *u = &slots[root->untyped_first + i];
		if (!best || u->size_bits > best->size_bits)
			best = u;
	}
	return best;
}

/* Objects and mappings every root task has: its spaces, thread, IPC buffer, boot info, stack. */
static struct thread *build_spaces(struct builder *b)
{
	cap_derive(&b->root->cnode, &b->slots[SLOT_CNODE], 0xff, 0);
	struct cap *vs = new_object(b, ERIX_CAP_VSPACE, 0, SLOT_VSPACE);
	struct cap *tc = new_object(b, ERIX_CAP_THREAD, 0, SLOT_THREAD);
	struct cap *ipc = new_object(b, ERIX_CAP_FRAME, 12, SLOT_IPC_BUFFER);
	struct cap *bi = new_object(b, ERIX_CAP_FRAME, 12, SLOT_BOOTINFO);
	if (!vs || !tc || !ipc || !bi)
		return NULL;
	b->info = phys_to_virt(bi->object);
	if (!map(b, ipc, ERIX_IPC_BUFFER_ADDRESS, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE) ||
	    !map(b, bi, ERIX_BOOTINFO_ADDRESS, ERIX_RIGHT_READ))
		return NULL;
	for (uint64_t i = 1; i <= STACK_PAGES; i++) {
		struct cap *page = new_object(b, ERIX_CAP_FRAME, 12, 0);
		if (!page ||
		    !map(b, page, STACK_TOP - i * 4096, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE))
			return NULL;
	}
	uint8_t all = ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT;
	cap_install_root(&b->slots[SLOT_CONSOLE], ERIX_CAP_CONSOLE_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_RETYPE], ERIX_CAP_RETYPE_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_PROC], ERIX_CAP_PROC_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_VSPACE_CTL], ERIX_CAP_VSPACE_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_PAGER], ERIX_CAP_PAGER_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_COM1], ERIX_CAP_COM1_IO, all, 0, 0);
	cap_install_root(&b->slots[SLOT_I8042], ERIX_CAP_I8042_IO, all, 0, 0);
	cap_install_root(&b->slots[SLOT_PCI], ERIX_CAP_PCI_CFG, all, 0, 0);
	cap_install_root(&b->slots[SLOT_ACPI], ERIX_CAP_ACPI_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_TIME], ERIX_CAP_TIME_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_IRQ], ERIX_CAP_IRQ_CTL, all, 0, 0);
	cap_install_root(&b->slots[SLOT_HOTPLUG], ERIX_CAP_HOTPLUG, all, 0, 0);
	struct thread *t = thread_of(tc);
	thread_set_spaces(t, &b->slots[SLOT_CNODE], vs);
	thread_set_ipc_buffer(t, ipc, ERIX_IPC_BUFFER_ADDRESS);
	return t;
}

bool roottask_create(const struct boot_handoff *h, struct rootspace *root)
{
	const struct handoff_module *m = find_module(h, ROOTD_NAME);
	if (!m) {
		kprintf("EriX: no \"%s\" boot module; nothing to run\n", ROOTD_NAME);
		return false;
	}
	const uint8_t *file = phys_to_virt(m->start);
	static struct elf_image image;
	struct elf_error err;
	struct elf_limits limits = {USER_MIN, USER_MAX};
	if (elf_validate(file, m->end - m->start, &limits, &image, &err) != ELF_OK) {
		kprintf("EriX: rootd rejected (%s): %s\n", elf_status_name(err.status),
			err.message);
		return false;
	}
	struct builder b = {.root = root, .slots = cnode_slots(&root->cnode)};
	b.ut = largest_untyped(root, b.slots);
	b.next_slot = root->device_first + root->device_count;
	struct thread *t = build_spaces(&b);
	for (size_t i = 0; t && i < image.segment_count; i++)
		if (!load_segment(&b, file, &image.segments[i]))
			t = NULL;
	if (!t) {
		kprintf("EriX: not enough memory to build rootd\n");
		return false;
	}
	fill_bootinfo(&b, h);
	thread_set_entry(t, image.entry, STACK_TOP, ERIX_BOOTINFO_ADDRESS);
	t->priority = ROOT_PRIORITY;
	sched_make_runnable(t);
	kprintf("rootd: loaded (%zu segments, entry %lx), %u capabilities in its cnode\n",
		image.segment_count, image.entry, b.next_slot);
	return true;
}
