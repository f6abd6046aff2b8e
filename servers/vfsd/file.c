/*
 * vfsd's open files. open (names.c) makes an entry and mints a file
 * capability whose badge names it (index and generation); the methods here
 * arrive on such a capability, act on the entry's backend handle with the
 * access the open mode allows, and move data between the frame the client
 * attached and the mount's transfer frame, in chunks of the latter's size:
 * bulk data never travels in a message. close forgets the entry, bumps its
 * generation and revokes the capability vfsd minted, which takes every copy
 * with it.
 */
#include <cnode.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <string.h>

#include "vfs.h"

#define RECORD_SIZE sizeof(struct vfsd_dir_record)

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

struct file *vfs_file_new(struct vfs *v)
{
	for (int i = 0; i < VFS_FILES; i++)
		if (!v->files[i].used)
			return &v->files[i];
	return NULL;
}

/* The file the current message came through; no_permission on a namespace capability. */
static enum erix_status current(struct vfs *v, struct file **f)
{
	if (v->file == NULL)
		return v->admin || v->view ? ERIX_E_NO_PERMISSION : ERIX_E_BAD_CAPABILITY;
	*f = v->file;
	return v->file->stale ? ERIX_E_IO_ERROR : ERIX_OK;
}

/* The checks read and write share: the mode allows it, a frame is there, the range fits. */
static enum erix_status data_checks(const struct file *f, uint8_t refused_mode, uint32_t offset,
				    uint32_t length)
{
	if (f->mode == refused_mode)
		return ERIX_E_NO_PERMISSION;
	if (f->frame == 0)
		return ERIX_E_NOT_FOUND;
	if (f->type != VFSD_NODE_TYPE_REGULAR || (uint64_t)offset + length > f->buffer_size)
		return ERIX_E_INVALID_ARGUMENT;
	return ERIX_OK;
}

enum erix_status vfs_attach_buffer(void *ctx, const struct vfsd_attach_buffer_req *req,
				   struct vfsd_attach_buffer_rep *rep)
{
	struct file *f;
	enum erix_status st = current(ctx, &f);
	if (st == ERIX_OK)
		st = vfs_map_file_frame(ctx, f, req->buffer);
	if (st == ERIX_OK)
		rep->buffer_size = f->buffer_size;
	return st;
}

/*
 * Move up to `length` bytes between the file's buffer at `offset` and the
 * backend at the file's position, a mount-buffer's worth at a time; the
 * bytes moved in *done, and the status that stopped it (ok when the backend
 * moved fewer than asked: end of file, or a full volume).
 */
static enum erix_status transfer(struct file *f, bool write, uint32_t offset, uint32_t length,
				 uint32_t *done)
{
	const struct mount *m = f->mount;
	enum erix_status st = ERIX_OK;
	*done = 0;
	while (*done < length) {
		uint32_t chunk = length - *done < m->buffer_size ? length - *done : m->buffer_size;
		uint64_t position = f->position + *done;
		uint32_t moved = 0;
		if (write) {
			memcpy(m->buffer, f->buffer + offset + *done, chunk);
			struct fs_write_req w = {
				.node = f->node, .position = position, .length = chunk};
			struct fs_write_rep put;
			st = vfs_backend_status(fs_write(m->backend, ipc(), &w, &put));
			moved = put.transferred;
		} else {
			struct fs_read_req r = {
				.node = f->node, .position = position, .length = chunk};
			struct fs_read_rep got;
			st = vfs_backend_status(fs_read(m->backend, ipc(), &r, &got));
			moved = got.transferred;
		}
		if (st != ERIX_OK || moved > chunk)
			break;
		if (!write)
			memcpy(f->buffer + offset + *done, m->buffer, moved);
		*done += moved;
		if (moved < chunk)
			break;
	}
	return st;
}

enum erix_status vfs_read(void *ctx, const struct vfsd_read_req *req, struct vfsd_read_rep *rep)
{
	struct file *f;
	enum erix_status st = current(ctx, &f);
	if (st == ERIX_OK)
		st = data_checks(f, VFSD_OPEN_MODE_WRITE_ONLY, req->buffer_offset, req->length);
	if (st != ERIX_OK)
		return st;
	uint32_t done;
	st = transfer(f, false, req->buffer_offset, req->length, &done);
	if (done == 0 && st != ERIX_OK)
		return st;
	f->position += done;
	rep->transferred = done;
	return ERIX_OK;
}

enum erix_status vfs_write(void *ctx, const struct vfsd_write_req *req, struct vfsd_write_rep *rep)
{
	struct file *f;
	enum erix_status st = current(ctx, &f);
	if (st == ERIX_OK)
		st = data_checks(f, VFSD_OPEN_MODE_READ_ONLY, req->buffer_offset, req->length);
	if (st != ERIX_OK)
		return st;
	uint32_t done;
	st = transfer(f, true, req->buffer_offset, req->length, &done);
	if (done == 0 && req->length > 0)
		return st == ERIX_OK ? ERIX_E_NO_MEMORY : st; /* the volume is full */
	f->position += done;
	rep->transferred = done;
	return ERIX_OK;
}

/* The backend's current attributes of `f`'s node. */
static enum erix_status attributes(const struct file *f, struct fs_node_attr *attr)
{
	struct fs_getattr_req req = {.node = f->node};
	struct fs_getattr_rep rep;
	enum erix_status st = vfs_backend_status(fs_getattr(f->mount->backend, ipc(), &req, &rep));
	if (st == ERIX_OK)
		*attr = rep.attr;
	return st;
}

enum erix_status vfs_seek(void *ctx, const struct vfsd_seek_req *req, struct vfsd_seek_rep *rep)
{
	struct file *f;
	enum erix_status st = current(ctx, &f);
	if (st != ERIX_OK)
		return st;
	if (f->type != VFSD_NODE_TYPE_REGULAR)
		return ERIX_E_INVALID_ARGUMENT;
	uint64_t base = f->position;
	struct fs_node_attr attr;
	if (req->origin == VFSD_SEEK_ORIGIN_FROM_START)
		base = 0;
	else if (req->origin == VFSD_SEEK_ORIGIN_FROM_END && (st = attributes(f, &attr)) != ERIX_OK)
		return st;
	else if (req->origin == VFSD_SEEK_ORIGIN_FROM_END)
		base = attr.size;
	if (base > (uint64_t)INT64_MAX)
		return ERIX_E_INVALID_ARGUMENT;
	int64_t at;
	if (__builtin_add_overflow((int64_t)base, req->offset, &at) || at < 0)
		return ERIX_E_INVALID_ARGUMENT;
	f->position = (uint64_t)at;
	rep->position = f->position;
	return ERIX_OK;
}

enum erix_status vfs_stat(void *ctx, const struct vfsd_stat_req *req, struct vfsd_stat_rep *rep)
{
	(void)req;
	struct file *f;
	struct fs_node_attr attr;
	enum erix_status st = current(ctx, &f);
	if (st == ERIX_OK)
		st = attributes(f, &attr);
	if (st == ERIX_OK)
		vfs_stat_from(f->mount, &attr, &rep->info);
	return st;
}

enum erix_status vfs_truncate(void *ctx, const struct vfsd_truncate_req *req,
			      struct vfsd_truncate_rep *rep)
{
	(void)rep;
	struct file *f;
	enum erix_status st = current(ctx, &f);
	if (st != ERIX_OK)
		return st;
	if (f->mode == VFSD_OPEN_MODE_READ_ONLY)
		return ERIX_E_NO_PERMISSION;
	if (f->type != VFSD_NODE_TYPE_REGULAR)
		return ERIX_E_INVALID_ARGUMENT;
	struct fs_setattr_req s = {.node = f->node, .set_size = true, .size = req->size};
	struct fs_setattr_rep srep;
	return vfs_backend_status(fs_setattr(f->mount->backend, ipc(), &s, &srep));
}

enum erix_status vfs_readdir(void *ctx, const struct vfsd_readdir_req *req,
			     struct vfsd_readdir_rep *rep)
{
	struct file *f;
	enum erix_status st = current(ctx, &f);
	if (st != ERIX_OK)
		return st;
	if (f->frame == 0)
		return ERIX_E_NOT_FOUND;
	uint64_t end = req->buffer_offset + (uint64_t)req->max_entries * RECORD_SIZE;
	if (f->type != VFSD_NODE_TYPE_DIRECTORY || req->buffer_offset % 8 != 0 ||
	    req->max_entries == 0 || end > f->buffer_size)
		return ERIX_E_INVALID_ARGUMENT;
	const struct mount *m = f->mount;
	uint32_t fit = m->buffer_size / RECORD_SIZE;
	struct fs_readdir_req r = {.parent = f->node,
				   .start_index = req->start_index,
				   .max_entries = req->max_entries < fit ? req->max_entries : fit};
	struct fs_readdir_rep got;
	st = vfs_backend_status(fs_readdir(m->backend, ipc(), &r, &got));
	if (st != ERIX_OK)
		return st;
	if (got.count > r.max_entries)
		return ERIX_E_IO_ERROR;
	memcpy(f->buffer + req->buffer_offset, m->buffer, got.count * RECORD_SIZE);
	*rep = (struct vfsd_readdir_rep){
		.count = got.count, .next_index = got.next_index, .end = got.end};
	return ERIX_OK;
}

enum erix_status vfs_close(void *ctx, const struct vfsd_close_req *req, struct vfsd_close_rep *rep)
{
	(void)req;
	(void)rep;
	struct vfs *v = ctx;
	struct file *f;
	enum erix_status st = current(v, &f);
	if (st != ERIX_OK && st != ERIX_E_IO_ERROR)
		return st;
	if (!f->stale)
		vfs_release(f->mount, f->node);
	vfs_unmap_file_frame(v, f);
	struct cnode_revoke_req rv = {.slot = f->cap};
	struct cnode_revoke_rep rvrep;
	cnode_revoke(v->cnode, ipc(), &rv, &rvrep); /* every copy of the file capability */
	vfs_delete(v, f->cap);
	uint32_t generation = f->generation + 1;
	*f = (struct file){.generation = generation};
	return ERIX_OK;
}
