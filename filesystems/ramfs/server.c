/*
 * The fs handlers of ramfsd (server.h): each takes a request the generated
 * decoder has checked and calls the ramfs core, which answers fs.idl's
 * statuses. attach is the one with more to do: it maps the new frame, lets
 * the core check its size, and only then lets the old frame go, so a
 * refused attach leaves the previous one in place.
 */
#include "server.h"

static enum erix_status serve_attach(void *ctx, const struct fs_attach_req *req,
				     struct fs_attach_rep *rep)
{
	struct ramfsd *d = ctx;
	void *base;
	uint64_t size;
	enum erix_status st = d->map(d->map_ctx, req->buffer, &base, &size);
	if (st != ERIX_OK)
		return st;
	st = ramfs_attach(&d->fs, base, size, req->read_only, &rep->root, &rep->stats);
	if (st != ERIX_OK) {
		d->drop(d->map_ctx, req->buffer);
		return st;
	}
	if (d->frame != 0)
		d->drop(d->map_ctx, d->frame);
	d->frame = req->buffer;
	rep->buffer_size = (uint32_t)size;
	return ERIX_OK;
}

static enum erix_status serve_lookup(void *ctx, const struct fs_lookup_req *req,
				     struct fs_lookup_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_lookup(&d->fs, req->parent, req->name, req->name_len, &rep->node, &rep->attr);
}

static enum erix_status serve_release(void *ctx, const struct fs_release_req *req,
				      struct fs_release_rep *rep)
{
	struct ramfsd *d = ctx;
	(void)rep;
	return ramfs_release(&d->fs, req->node);
}

static enum erix_status serve_create(void *ctx, const struct fs_create_req *req,
				     struct fs_create_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_create(&d->fs, req->parent, req->name, req->name_len, FS_NODE_TYPE_REGULAR,
			    &rep->node, &rep->attr);
}

static enum erix_status serve_mkdir(void *ctx, const struct fs_mkdir_req *req,
				    struct fs_mkdir_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_create(&d->fs, req->parent, req->name, req->name_len, FS_NODE_TYPE_DIRECTORY,
			    &rep->node, &rep->attr);
}

static enum erix_status serve_read(void *ctx, const struct fs_read_req *req,
				   struct fs_read_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_read(&d->fs, req->node, req->position, req->buffer_offset, req->length,
			  &rep->transferred);
}

static enum erix_status serve_write(void *ctx, const struct fs_write_req *req,
				    struct fs_write_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_write(&d->fs, req->node, req->position, req->buffer_offset, req->length,
			   &rep->transferred, &rep->attr);
}

static enum erix_status serve_getattr(void *ctx, const struct fs_getattr_req *req,
				      struct fs_getattr_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_getattr(&d->fs, req->node, &rep->attr);
}

static enum erix_status serve_setattr(void *ctx, const struct fs_setattr_req *req,
				      struct fs_setattr_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_setattr(&d->fs, req, &rep->attr);
}

static enum erix_status serve_readdir(void *ctx, const struct fs_readdir_req *req,
				      struct fs_readdir_rep *rep)
{
	struct ramfsd *d = ctx;
	return ramfs_readdir(&d->fs, req, rep);
}

static enum erix_status serve_unlink(void *ctx, const struct fs_unlink_req *req,
				     struct fs_unlink_rep *rep)
{
	struct ramfsd *d = ctx;
	(void)rep;
	return ramfs_unlink(&d->fs, req->parent, req->name, req->name_len);
}

static enum erix_status serve_rename(void *ctx, const struct fs_rename_req *req,
				     struct fs_rename_rep *rep)
{
	struct ramfsd *d = ctx;
	(void)rep;
	return ramfs_rename(&d->fs, req);
}

/* Everything lives in memory: there is nothing to write back, but before attach there is no volume.
 */
static enum erix_status serve_sync(void *ctx, const struct fs_sync_req *req,
				   struct fs_sync_rep *rep)
{
	struct ramfsd *d = ctx;
	(void)req;
	(void)rep;
	return d->fs.buffer != NULL ? ERIX_OK : ERIX_E_NOT_FOUND;
}

static enum erix_status serve_statfs(void *ctx, const struct fs_statfs_req *req,
				     struct fs_statfs_rep *rep)
{
	struct ramfsd *d = ctx;
	(void)req;
	return ramfs_statfs(&d->fs, &rep->stats);
}

const struct fs_server ramfsd_server = {
	.attach = serve_attach,
	.lookup = serve_lookup,
	.release = serve_release,
	.create = serve_create,
	.mkdir = serve_mkdir,
	.read = serve_read,
	.write = serve_write,
	.getattr = serve_getattr,
	.setattr = serve_setattr,
	.readdir = serve_readdir,
	.unlink = serve_unlink,
	.rename = serve_rename,
	.sync = serve_sync,
	.statfs = serve_statfs,
};
