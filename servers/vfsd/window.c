/*
 * Where vfsd maps frames, and the memory it spends on that: its "memory"
 * untyped (procd gives it 128 KiB of vfsd's own block), from which it makes
 * page tables and the mounts' transfer frames, each once, for good (untyped
 * memory only comes back when the whole block is revoked).
 *
 *   WINDOW_BASE                     one 4 KiB transfer frame per mount entry
 *   WINDOW_BASE + (i + 1) * 2 MiB   open-file entry i: two 1 MiB windows, so
 *                                   a new attach is mapped and checked while
 *                                   the old frame is still in place
 * The PDPT and page directory over them are made at start-up, the mounts'
 * leaf table too, and each file entry's leaf table at its first attach.
 */
#include <erix/ipc.h>
#include <erix/memory.h>
#include <erix/serve.h>
#include <retype_ctl.h>
#include <vspace_ctl.h>

#include "vfs.h"

#define WINDOW_BASE 0x40000000ull
#define FILE_SPAN   0x200000ull /* one leaf table's reach */
#define PAGE_SIZE   4096u

static bool file_table[VFS_FILES]; /* entry i's leaf table is in place */

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

/* vfsd's memory and address space, as lib/libipc's memory functions take them. */
static struct erix_memory memory_of(const struct vfs *v)
{
	return (struct erix_memory){.cnode = v->cnode,
				    .vspace = v->vspace,
				    .retype = v->retype,
				    .vspace_ctl = v->vspace_ctl,
				    .untyped = v->memory};
}

void vfs_delete(struct vfs *v, uint32_t slot)
{
	struct erix_memory m = memory_of(v);
	erix_memory_drop(&m, slot);
}

enum erix_status vfs_window_init(struct vfs *v)
{
	struct erix_memory m = memory_of(v);
	return erix_memory_tables(&m, WINDOW_BASE);
}

/* Map `frame` read-write at `address`; its size in *size. */
static enum erix_status map(struct vfs *v, uint32_t frame, uint64_t address, uint64_t *size)
{
	struct vspace_ctl_map_frame_req req = {.address = address,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = v->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep rep;
	enum erix_status st = vspace_ctl_map_frame(v->vspace_ctl, ipc(), &req, &rep);
	if (st != ERIX_OK)
		return st;
	struct vspace_ctl_query_req q = {.address = address, .space = v->vspace};
	struct vspace_ctl_query_rep found;
	st = vspace_ctl_query(v->vspace_ctl, ipc(), &q, &found);
	*size = found.info.size;
	return st;
}

static void unmap(struct vfs *v, uint64_t address)
{
	struct vspace_ctl_unmap_req req = {.address = address, .space = v->vspace};
	struct vspace_ctl_unmap_rep rep;
	vspace_ctl_unmap(v->vspace_ctl, ipc(), &req, &rep);
}

/* The mount entry's transfer frame, made and mapped at its first mount. */
enum erix_status vfs_mount_frame(struct vfs *v, struct mount *m)
{
	if (m->frame != 0)
		return ERIX_OK;
	uint64_t address = WINDOW_BASE + (uint64_t)(m - v->mounts) * PAGE_SIZE;
	struct erix_memory mem = memory_of(v);
	uint32_t frame = erix_memory_make(&mem, RETYPE_CTL_OBJECT_KIND_FRAME, 12);
	uint64_t size = 0;
	if (frame == 0 || map(v, frame, address, &size) != ERIX_OK) {
		vfs_delete(v, frame);
		return ERIX_E_NO_MEMORY;
	}
	m->frame = frame;
	m->buffer = (uint8_t *)(uintptr_t)address;
	m->buffer_size = (uint32_t)size;
	return ERIX_OK;
}

/*
 * attach_buffer: map the received `frame` in `f`'s free window, then let the
 * old frame go. invalid_argument for a frame over 1 MiB (or one that cannot
 * map at a 1 MiB boundary), no_memory when vfsd cannot map it.
 */
enum erix_status vfs_map_file_frame(struct vfs *v, struct file *f, uint32_t frame)
{
	uint32_t index = (uint32_t)(f - v->files);
	uint64_t span = WINDOW_BASE + (index + 1) * FILE_SPAN;
	if (!file_table[index]) {
		struct erix_memory mem = memory_of(v);
		if (erix_memory_table(&mem, span, VSPACE_CTL_TABLE_LEVEL_LEAF_TABLE) != ERIX_OK)
			return ERIX_E_NO_MEMORY;
		file_table[index] = true;
	}
	uint8_t window = f->frame != 0 ? (uint8_t)!f->window : 0;
	uint64_t address = span + window * (uint64_t)VFS_MAX_FRAME, size = 0;
	enum erix_status st = map(v, frame, address, &size);
	if (st == ERIX_OK && size > VFS_MAX_FRAME) {
		unmap(v, address);
		st = ERIX_E_INVALID_ARGUMENT;
	}
	if (st != ERIX_OK)
		return st == ERIX_E_INVALID_ARGUMENT ? st : ERIX_E_NO_MEMORY;
	vfs_unmap_file_frame(v, f);
	f->frame = erix_serve_keep(frame);
	f->buffer = (uint8_t *)(uintptr_t)address;
	f->buffer_size = (uint32_t)size;
	f->window = window;
	return ERIX_OK;
}

/* Let `f`'s frame go: deleting vfsd's capability to it unmaps it. */
void vfs_unmap_file_frame(struct vfs *v, struct file *f)
{
	vfs_delete(v, f->frame);
	f->frame = 0;
	f->buffer = NULL;
	f->buffer_size = 0;
}
