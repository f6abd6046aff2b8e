/* Building a process in user space; see erix/spawn.h for the design. */
#include <cnode.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <erix/spawn.h>
#include <proc_ctl.h>
#include <retype_ctl.h>
#include <stdbool.h>
#include <string.h>
#include <vspace_ctl.h>

#include "elf.h"

#define PAGE 4096ull

/* Images load between 4 MiB and the startup-info page. */
static const struct elf_limits image_limits = {0x400000ull, ERIX_BOOTINFO_ADDRESS};

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

static enum erix_status retype(const struct spawn_builder *b, uint32_t memory, uint8_t kind,
			       uint8_t size_bits, uint32_t slot)
{
	struct retype_ctl_retype_req req = {.kind = kind,
					    .size_bits = size_bits,
					    .count = 1,
					    .first_slot = slot,
					    .source = memory,
					    .destination = b->cnode};
	struct retype_ctl_retype_rep rep;
	return retype_ctl_retype(b->retype, ipc(), &req, &rep);
}

/* One of the process's reserved builder slots; 0 when they are used up. */
static uint32_t take_slot(struct spawn_process *p)
{
	if (p->next_slot - p->first_slot >= SPAWN_BUILDER_SLOTS)
		return 0;
	return p->next_slot++;
}

/* A new object of `kind` from the process's memory in one of its slots; 0 on failure. */
static uint32_t make(const struct spawn_builder *b, struct spawn_process *p, uint8_t kind,
		     uint8_t size_bits)
{
	uint32_t slot = take_slot(p);
	if (slot == 0 || retype(b, p->memory, kind, size_bits, slot) != ERIX_OK)
		return 0;
	return slot;
}

static enum erix_status map_frame(const struct spawn_builder *b, uint32_t space, uint32_t frame,
				  uint64_t address, uint8_t rights)
{
	struct vspace_ctl_map_frame_req req = {
		.address = address, .rights = rights, .space = space, .page = frame};
	struct vspace_ctl_map_frame_rep rep;
	return vspace_ctl_map_frame(b->vspace_ctl, ipc(), &req, &rep);
}

static enum erix_status unmap(const struct spawn_builder *b, uint32_t space, uint64_t address)
{
	struct vspace_ctl_unmap_req req = {.address = address, .space = space};
	struct vspace_ctl_unmap_rep rep;
	return vspace_ctl_unmap(b->vspace_ctl, ipc(), &req, &rep);
}

/*
 * Install the paging structures missing on the way to `address` in `space`,
 * taking each from *spare (retyping a new spare from `memory` into a slot
 * `slot_for` gives when there is none). A spare left over is kept for the
 * next call, so no table is ever retyped in vain.
 */
static enum erix_status add_tables(const struct spawn_builder *b, uint32_t space, uint64_t address,
				   uint32_t memory, uint32_t *spare, uint32_t (*slot_for)(void *),
				   void *ctx)
{
	for (uint8_t level = VSPACE_CTL_TABLE_LEVEL_PDPT;
	     level >= VSPACE_CTL_TABLE_LEVEL_LEAF_TABLE; level--) {
		if (*spare == 0) {
			uint32_t slot = slot_for(ctx);
			if (slot == 0 || retype(b, memory, ERIX_CAP_PAGE_TABLE, 0, slot) != ERIX_OK)
				return ERIX_E_NO_MEMORY;
			*spare = slot;
		}
		struct vspace_ctl_map_page_table_req req = {
			.address = address, .level = level, .space = space, .table = *spare};
		struct vspace_ctl_map_page_table_rep rep;
		enum erix_status st = vspace_ctl_map_page_table(b->vspace_ctl, ipc(), &req, &rep);
		if (st == ERIX_OK)
			*spare = 0;
		else if (st != ERIX_E_EXISTS)
			return st;
	}
	return ERIX_OK;
}

static uint32_t process_slot(void *ctx)
{
	return take_slot(ctx);
}

/* Map `frame` into the process at `address`, adding page tables from its memory as needed. */
static enum erix_status map_in_child(const struct spawn_builder *b, struct spawn_process *p,
				     uint32_t frame, uint64_t address, uint8_t rights)
{
	enum erix_status st = map_frame(b, p->vspace, frame, address, rights);
	if (st != ERIX_E_NOT_FOUND)
		return st;
	st = add_tables(b, p->vspace, address, p->memory, &p->spare_table, process_slot, p);
	return st == ERIX_OK ? map_frame(b, p->vspace, frame, address, rights) : st;
}

static uint32_t builder_slot(void *ctx)
{
	(void)ctx;
	return erix_slot_alloc();
}

/* Delete a builder's page table that was retyped but not needed. */
static void drop_spare(const struct spawn_builder *b, uint32_t spare)
{
	if (spare == 0)
		return;
	struct cnode_delete_req req = {.slot = spare};
	struct cnode_delete_rep rep;
	cnode_delete(b->cnode, ipc(), &req, &rep);
	erix_slot_free(spare);
}

enum erix_status spawn_builder_init(const struct spawn_builder *b)
{
	uint32_t spare = 0;
	enum erix_status st =
		add_tables(b, b->vspace, b->window, b->memory, &spare, builder_slot, NULL);
	drop_spare(b, spare);
	return st;
}

enum erix_status spawn_map_frames(const struct spawn_builder *b, uint32_t first_frame,
				  uint32_t count, uint64_t address, bool writable)
{
	uint8_t rights =
		writable ? VSPACE_CTL_MAP_RIGHTS_READ_WRITE : VSPACE_CTL_MAP_RIGHTS_READ_ONLY;
	uint32_t spare = 0;
	enum erix_status st = ERIX_OK;
	for (uint32_t i = 0; st == ERIX_OK && i < count; i++) {
		uint64_t at = address + i * PAGE;
		st = map_frame(b, b->vspace, first_frame + i, at, rights);
		if (st == ERIX_E_NOT_FOUND) {
			st = add_tables(b, b->vspace, at, b->memory, &spare, builder_slot, NULL);
			if (st == ERIX_OK)
				st = map_frame(b, b->vspace, first_frame + i, at, rights);
		}
	}
	drop_spare(b, spare);
	return st;
}

/*
 * Copy `length` bytes from `src` to byte `offset` of `frame` through the
 * builder's window (the rest of a new frame is already zero).
 */
static enum erix_status fill_frame(const struct spawn_builder *b, uint32_t frame, uint64_t offset,
				   const void *src, size_t length)
{
	enum erix_status st =
		map_frame(b, b->vspace, frame, b->window, VSPACE_CTL_MAP_RIGHTS_READ_WRITE);
	if (st != ERIX_OK)
		return st;
	memcpy((uint8_t *)(uintptr_t)b->window + offset, src, length);
	return unmap(b, b->vspace, b->window);
}

static uint8_t segment_rights(const struct elf_segment *s)
{
	if (s->execute)
		return VSPACE_CTL_MAP_RIGHTS_READ_EXECUTE;
	return s->write ? VSPACE_CTL_MAP_RIGHTS_READ_WRITE : VSPACE_CTL_MAP_RIGHTS_READ_ONLY;
}

/* Copy one segment of `file` into fresh frames mapped into the process. */
static enum erix_status load_segment(const struct spawn_builder *b, struct spawn_process *p,
				     const uint8_t *file, const struct elf_segment *s)
{
	uint64_t first = s->vaddr & ~(PAGE - 1),
		 end = (s->vaddr + s->memsz + PAGE - 1) & ~(PAGE - 1);
	uint64_t file_end = s->vaddr + s->filesz; /* initialised bytes end here */
	for (uint64_t page = first; page < end; page += PAGE) {
		uint32_t frame = make(b, p, ERIX_CAP_FRAME, 12);
		if (frame == 0)
			return ERIX_E_NO_MEMORY;
		uint64_t from = page < s->vaddr ? s->vaddr : page;
		uint64_t to = page + PAGE < file_end ? page + PAGE : file_end;
		if (from < to) {
			enum erix_status st =
				fill_frame(b, frame, from - page,
					   file + s->file_offset + (from - s->vaddr), to - from);
			if (st != ERIX_OK)
				return st;
		}
		enum erix_status st = map_in_child(b, p, frame, page, segment_rights(s));
		if (st != ERIX_OK)
			return st;
	}
	return ERIX_OK;
}

/* A fresh frame mapped into the process at `address`; its builder slot, or 0. */
static uint32_t new_page(const struct spawn_builder *b, struct spawn_process *p, uint64_t address,
			 uint8_t rights)
{
	uint32_t frame = make(b, p, ERIX_CAP_FRAME, 12);
	if (frame == 0 || map_in_child(b, p, frame, address, rights) != ERIX_OK)
		return 0;
	return frame;
}

/* The cnode, address space, thread, stack and IPC buffer every process has. */
static enum erix_status make_spaces(const struct spawn_builder *b, struct spawn_process *p,
				    uint8_t slot_bits)
{
	p->cnode = make(b, p, ERIX_CAP_CNODE, slot_bits);
	p->vspace = make(b, p, ERIX_CAP_VSPACE, 0);
	if (p->cnode == 0 || p->vspace == 0)
		return ERIX_E_NO_MEMORY;
	for (uint64_t i = 1; i <= SPAWN_STACK_PAGES; i++)
		if (new_page(b, p, SPAWN_STACK_TOP - i * PAGE, VSPACE_CTL_MAP_RIGHTS_READ_WRITE) ==
		    0)
			return ERIX_E_NO_MEMORY;
	uint32_t buffer = new_page(b, p, ERIX_IPC_BUFFER_ADDRESS, VSPACE_CTL_MAP_RIGHTS_READ_WRITE);
	p->thread = take_slot(p);
	if (buffer == 0 || p->thread == 0)
		return ERIX_E_NO_MEMORY;
	struct proc_ctl_create_thread_req req = {
		.priority = 0, .memory = p->memory, .space = p->vspace, .cspace = p->cnode};
	struct proc_ctl_create_thread_rep rep;
	ipc()->receive[0] = p->thread;
	enum erix_status st = proc_ctl_create_thread(b->proc, ipc(), &req, &rep);
	if (st != ERIX_OK)
		return st;
	struct proc_ctl_set_ipc_buffer_req set = {
		.address = ERIX_IPC_BUFFER_ADDRESS, .thread = p->thread, .buffer = buffer};
	struct proc_ctl_set_ipc_buffer_rep setrep;
	return proc_ctl_set_ipc_buffer(b->proc, ipc(), &set, &setrep);
}

/* A little-endian field of `width` bytes at `offset` of the image. */
static uint64_t field(const uint8_t *image, uint64_t offset, unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)image[offset + i] << (8 * i);
	return v;
}

/* True when the entries of `bundle` are well formed: named, unique, with rights. */
static bool bundle_valid(const struct erix_bundle *bundle)
{
	if (bundle->count > ERIX_BUNDLE_MAX)
		return false;
	for (uint32_t i = 0; i < bundle->count; i++) {
		const struct erix_bundle_entry *e = &bundle->entries[i];
		size_t n = strnlen(e->name, sizeof(e->name));
		if (n == 0 || n == sizeof(e->name) || e->kind == 0 || e->rights == 0)
			return false;
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(bundle->entries[j].name, e->name) == 0)
				return false;
	}
	return true;
}

/*
 * Find the bundle note among the program headers of a validated image and
 * copy it to `out`; a program without one declares nothing. False (with
 * `why`) for a note that is there but malformed.
 */
static bool read_bundle(const uint8_t *image, size_t size, struct erix_bundle *out,
			const char **why)
{
	memset(out, 0, sizeof(*out));
	uint64_t phoff = field(image, 32, 8), phentsize = field(image, 54, 2);
	uint64_t phnum = field(image, 56, 2); /* elf_validate checked the table lies in the file */
	for (uint64_t i = 0; i < phnum; i++) {
		uint64_t ph = phoff + i * phentsize;
		if (field(image, ph, 4) != 4 /* PT_NOTE */)
			continue;
		uint64_t offset = field(image, ph + 8, 8), length = field(image, ph + 32, 8);
		const struct erix_bundle_note *note = (const void *)(image + offset);
		if (length != sizeof(*note) || offset > size || size - offset < length ||
		    offset % 4 != 0) {
			*why = "the startup-bundle note has the wrong size or lies outside the "
			       "file";
			return false;
		}
		if (note->namesz != sizeof(ERIX_BUNDLE_NOTE_NAME) ||
		    note->descsz != sizeof(note->desc) || note->type != ERIX_BUNDLE_NOTE_TYPE ||
		    memcmp(note->name, ERIX_BUNDLE_NOTE_NAME, sizeof(ERIX_BUNDLE_NOTE_NAME)) != 0 ||
		    !bundle_valid(&note->desc)) {
			*why = "the startup-bundle note is malformed";
			return false;
		}
		memcpy(out, &note->desc, sizeof(*out));
	}
	return true;
}

/* Copy the NUL-terminated `src` into `dst` of `size` bytes, cut and always terminated. */
static void strncpy_bounded(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The index of bundle entry `name`, or -1. */
static int bundle_index(const struct erix_bundle *bundle, const char *name)
{
	for (uint32_t i = 0; i < bundle->count; i++)
		if (strncmp(bundle->entries[i].name, name, ERIX_BOOTINFO_NAME_LEN) == 0)
			return (int)i;
	return -1;
}

static void start_info(struct spawn_process *p, const char *args, uint8_t slot_bits)
{
	struct erix_bootinfo *info = &p->info;
	memset(info, 0, sizeof(*info));
	info->magic = ERIX_BOOTINFO_MAGIC;
	info->cnode_slots = 1u << slot_bits;
	info->first_free_slot = 1;
	info->ipc_buffer = ERIX_IPC_BUFFER_ADDRESS;
	if (args)
		memcpy(info->cmdline, args, strnlen(args, sizeof(info->cmdline) - 1));
}

static enum erix_status grant_own(const struct spawn_builder *b, struct spawn_process *p,
				  const char *name, uint8_t kind, uint32_t object);

enum erix_status spawn_create(const struct spawn_builder *b, uint32_t memory, const void *image,
			      size_t size, uint8_t slot_bits, const char *args,
			      struct spawn_process *p, const char **why)
{
	static struct elf_image elf;
	static struct elf_error err;
	const char *ignored;
	why = why ? why : &ignored;
	memset(p, 0, sizeof(*p));
	if (elf_validate(image, size, &image_limits, &elf, &err) != ELF_OK) {
		*why = err.message;
		return ERIX_E_INVALID_ARGUMENT;
	}
	if (!read_bundle(image, size, &p->bundle, why))
		return ERIX_E_INVALID_ARGUMENT;
	p->memory = memory;
	p->first_slot = p->next_slot = erix_slot_alloc_range(SPAWN_BUILDER_SLOTS);
	if (p->first_slot == 0)
		return ERIX_E_NO_MEMORY;
	p->entry = elf.entry;
	start_info(p, args, slot_bits);
	enum erix_status st = make_spaces(b, p, slot_bits);
	for (size_t i = 0; st == ERIX_OK && i < elf.segment_count; i++)
		st = load_segment(b, p, image, &elf.segments[i]);
	if (st == ERIX_OK)
		st = grant_own(b, p, "cnode", ERIX_CAP_CNODE, p->cnode);
	if (st == ERIX_OK)
		st = grant_own(b, p, "vspace", ERIX_CAP_VSPACE, p->vspace);
	if (st == ERIX_OK)
		st = grant_own(b, p, "thread", ERIX_CAP_THREAD, p->thread);
	if (st != ERIX_OK)
		spawn_destroy(b, p);
	return st;
}

/* Kind and rights of a builder slot, as the kernel reports them. */
static enum erix_status inspect(const struct spawn_builder *b, uint32_t slot,
				struct cnode_inspect_rep *rep)
{
	struct cnode_inspect_req req = {.slot = slot};
	return cnode_inspect(b->cnode, ipc(), &req, rep);
}

/* Copy `source` (minted with `badge` first when it is not 0) into the child's `slot`. */
static enum erix_status copy_into_child(const struct spawn_builder *b, struct spawn_process *p,
					uint32_t source, uint8_t rights, uint64_t badge,
					uint32_t slot)
{
	uint32_t from = source;
	if (badge != 0) {
		from = erix_slot_alloc();
		if (from == 0)
			return ERIX_E_NO_MEMORY;
		struct cnode_mint_req m = {
			.source = source, .destination = from, .rights = rights, .badge = badge};
		struct cnode_mint_rep mrep;
		enum erix_status st = cnode_mint(b->cnode, ipc(), &m, &mrep);
		if (st != ERIX_OK) {
			erix_slot_free(from);
			return st;
		}
	}
	struct cnode_copy_to_req req = {
		.source = from, .destination = slot, .rights = rights, .target = p->cnode};
	struct cnode_copy_to_rep rep;
	enum erix_status st = cnode_copy_to(b->cnode, ipc(), &req, &rep);
	if (from != source) { /* the child's copy outlives the minted one */
		struct cnode_delete_req del = {.slot = from};
		struct cnode_delete_rep delrep;
		cnode_delete(b->cnode, ipc(), &del, &delrep);
		erix_slot_free(from);
	}
	return st;
}

/*
 * Put `count` consecutive capabilities from `source` into the child's next
 * free slots and name the first `name` in its startup info (with `size`).
 * Each must be of `kind`; `badge` (count 1 only) mints first.
 */
static enum erix_status install(const struct spawn_builder *b, struct spawn_process *p,
				uint32_t source, uint32_t count, uint8_t kind, uint8_t rights,
				uint64_t badge, const char *name, uint64_t size)
{
	struct erix_bootinfo *info = &p->info;
	if (count == 0 || (badge != 0 && count != 1))
		return ERIX_E_INVALID_ARGUMENT;
	if (info->cap_count >= ERIX_BOOTINFO_MAX_CAPS ||
	    info->cnode_slots - info->first_free_slot < count)
		return ERIX_E_NO_MEMORY;
	for (uint32_t i = 0; i < count; i++) {
		struct cnode_inspect_rep held;
		enum erix_status st = inspect(b, source + i, &held);
		if (st != ERIX_OK)
			return st;
		if (held.kind == 0)
			return ERIX_E_NOT_FOUND;
		if (held.kind != kind)
			return ERIX_E_BAD_CAPABILITY;
		if ((held.rights & rights) != rights)
			return ERIX_E_NO_PERMISSION;
	}
	uint32_t first = info->first_free_slot;
	for (uint32_t i = 0; i < count; i++) {
		enum erix_status st = copy_into_child(b, p, source + i, rights, badge, first + i);
		if (st != ERIX_OK)
			return st; /* the copies made stay in the child's cnode, unnamed */
	}
	struct erix_bootinfo_cap *c = &info->caps[info->cap_count++];
	c->slot = first;
	c->kind = kind;
	c->rights = rights;
	c->size = size;
	strncpy_bounded(c->name, name, sizeof(c->name));
	info->first_free_slot += count;
	return ERIX_OK;
}

/* Install the bundle entry `name` from a run of `count` capabilities; see spawn_grant. */
static enum erix_status grant_declared(const struct spawn_builder *b, struct spawn_process *p,
				       uint32_t source, uint32_t count, uint64_t badge,
				       const char *name, uint64_t size)
{
	int index = bundle_index(&p->bundle, name);
	if (index < 0)
		return ERIX_E_NO_PERMISSION;
	if (p->granted & (1u << index))
		return ERIX_E_EXISTS;
	const struct erix_bundle_entry *want = &p->bundle.entries[index];
	enum erix_status st =
		install(b, p, source, count, want->kind, want->rights, badge, want->name, size);
	if (st == ERIX_OK)
		p->granted |= 1u << index;
	return st;
}

enum erix_status spawn_grant(const struct spawn_builder *b, struct spawn_process *p,
			     uint32_t source, uint64_t badge, const char *name)
{
	return grant_declared(b, p, source, 1, badge, name, 0);
}

enum erix_status spawn_grant_run(const struct spawn_builder *b, struct spawn_process *p,
				 uint32_t first, uint32_t count, uint64_t size, const char *name)
{
	return grant_declared(b, p, first, count, 0, name, size);
}

enum erix_status spawn_grant_memory(const struct spawn_builder *b, struct spawn_process *p,
				    uint32_t source, uint8_t size_bits, const char *name)
{
	struct erix_bootinfo *info = &p->info;
	int index = bundle_index(&p->bundle, name);
	if (index < 0)
		return ERIX_E_NO_PERMISSION;
	if (p->granted & (1u << index))
		return ERIX_E_EXISTS;
	const struct erix_bundle_entry *want = &p->bundle.entries[index];
	if (want->kind != ERIX_CAP_UNTYPED)
		return ERIX_E_BAD_CAPABILITY;
	if (info->cap_count >= ERIX_BOOTINFO_MAX_CAPS || info->first_free_slot >= info->cnode_slots)
		return ERIX_E_NO_MEMORY;
	struct retype_ctl_split_req req = {.size_bits = size_bits,
					   .count = 1,
					   .first_slot = info->first_free_slot,
					   .source = source,
					   .destination = p->cnode};
	struct retype_ctl_split_rep rep;
	enum erix_status st = retype_ctl_split(b->retype, ipc(), &req, &rep);
	if (st != ERIX_OK)
		return st;
	struct erix_bootinfo_cap *c = &info->caps[info->cap_count++];
	c->slot = info->first_free_slot++;
	c->kind = ERIX_CAP_UNTYPED;
	c->rights = want->rights;
	c->size = 1ull << size_bits;
	strncpy_bounded(c->name, want->name, sizeof(c->name));
	p->granted |= 1u << index;
	return ERIX_OK;
}

enum erix_status spawn_give(const struct spawn_builder *b, struct spawn_process *p, uint32_t source,
			    uint8_t kind, uint8_t rights, uint64_t badge, const char *name)
{
	size_t n = strnlen(name, ERIX_BOOTINFO_NAME_LEN);
	if (n == 0 || n == ERIX_BOOTINFO_NAME_LEN)
		return ERIX_E_INVALID_ARGUMENT;
	if (bundle_index(&p->bundle, name) >= 0)
		return ERIX_E_EXISTS;
	for (uint32_t i = 0; i < p->info.cap_count; i++)
		if (strncmp(p->info.caps[i].name, name, ERIX_BOOTINFO_NAME_LEN) == 0)
			return ERIX_E_EXISTS;
	return install(b, p, source, 1, kind, rights, badge, name, 0);
}

/* Fill the bundle entry `name` of `kind`, if declared, with the process's own object. */
static enum erix_status grant_own(const struct spawn_builder *b, struct spawn_process *p,
				  const char *name, uint8_t kind, uint32_t object)
{
	int index = bundle_index(&p->bundle, name);
	if (index < 0 || p->bundle.entries[index].kind != kind)
		return ERIX_OK;
	return spawn_grant(b, p, object, 0, name);
}

const struct erix_bundle_entry *spawn_missing(const struct spawn_process *p)
{
	for (uint32_t i = 0; i < p->bundle.count; i++)
		if (!(p->granted & (1u << i)))
			return &p->bundle.entries[i];
	return NULL;
}

enum erix_status spawn_set_fault_endpoint(const struct spawn_builder *b, struct spawn_process *p,
					  uint32_t endpoint)
{
	struct proc_ctl_set_fault_endpoint_req req = {.thread = p->thread,
						      .fault_endpoint = endpoint};
	struct proc_ctl_set_fault_endpoint_rep rep;
	return proc_ctl_set_fault_endpoint(b->proc, ipc(), &req, &rep);
}

enum erix_status spawn_start(const struct spawn_builder *b, struct spawn_process *p,
			     uint8_t priority)
{
	if (spawn_missing(p) != NULL)
		return ERIX_E_INVALID_ARGUMENT;
	uint32_t page = make(b, p, ERIX_CAP_FRAME, 12);
	if (page == 0)
		return ERIX_E_NO_MEMORY;
	enum erix_status st = fill_frame(b, page, 0, &p->info, sizeof(p->info));
	if (st == ERIX_OK)
		st = map_in_child(b, p, page, ERIX_BOOTINFO_ADDRESS,
				  VSPACE_CTL_MAP_RIGHTS_READ_ONLY);
	if (st != ERIX_OK)
		return st;
	struct proc_ctl_set_entry_req entry = {.ip = p->entry,
					       .sp = SPAWN_STACK_TOP,
					       .arg0 = ERIX_BOOTINFO_ADDRESS,
					       .thread = p->thread};
	struct proc_ctl_set_entry_rep erep;
	st = proc_ctl_set_entry(b->proc, ipc(), &entry, &erep);
	struct proc_ctl_set_priority_req prio = {.priority = priority, .thread = p->thread};
	struct proc_ctl_set_priority_rep prep;
	if (st == ERIX_OK)
		st = proc_ctl_set_priority(b->proc, ipc(), &prio, &prep);
	struct proc_ctl_start_req start = {.thread = p->thread};
	struct proc_ctl_start_rep srep;
	return st == ERIX_OK ? proc_ctl_start(b->proc, ipc(), &start, &srep) : st;
}

void spawn_destroy(const struct spawn_builder *b, struct spawn_process *p)
{
	struct cnode_revoke_req req = {.slot = p->memory};
	struct cnode_revoke_rep rep;
	cnode_revoke(b->cnode, ipc(), &req, &rep);
	erix_slot_free_range(p->first_slot, SPAWN_BUILDER_SLOTS);
	p->first_slot = p->next_slot = 0;
}
