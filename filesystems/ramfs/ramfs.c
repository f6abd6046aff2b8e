/*
 * The ramfs tree and its handles (ramfs.h; file data is file.c).
 *
 * Nodes: the root, directories holding an array of named entries, and
 * regular files. A node lives while it is linked in a directory or holds
 * references; unlinking the last link of an unreferenced node frees it, and
 * releasing the last reference of an unlinked node frees it too.
 *
 * Handles (fs.idl): a node gets one handle when first referenced, and each
 * lookup, create or mkdir adds a reference to it; release drops one and the
 * handle dies with its last reference. A handle is a slot number (1 ..
 * RAMFS_HANDLE_SLOTS - 1, 12 bits) with the slot's generation above it, so a
 * released handle stays unknown (not_found) when its slot is reused, until the
 * 20-bit generation wraps. The root is slot 1, generation 0: handle 1,
 * permanent.
 *
 * Every mutation checks everything and allocates everything it needs first
 * (names, entry arrays, handle slots), and only then changes the tree, so a
 * refusal, no_memory included, leaves the volume as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "node.h"

#define SLOT_BITS 12u
_Static_assert(RAMFS_HANDLE_SLOTS == 1u << SLOT_BITS, "a handle's slot is its low 12 bits");

static uint64_t now(struct ramfs *fs)
{
	return fs->clock(fs->clock_ctx);
}

/* A new unlinked node of `type`, or NULL. */
static struct ramfs_node *new_node(struct ramfs *fs, enum fs_node_type type)
{
	struct ramfs_node *n = calloc(1, sizeof(*n));
	if (n == NULL)
		return NULL;
	n->type = type;
	n->inode = ++fs->next_inode;
	n->modify_ns = now(fs);
	n->next_cookie = 1;
	return n;
}

/* Free node n, its data and its entry array (a directory must be empty). */
static void free_node(struct ramfs *fs, struct ramfs_node *n)
{
	ramfs_file_truncate(fs, n, 0);
	free(n->blocks);
	free(n->entries);
	free(n);
}

/* Free n if nothing keeps it: no link, no reference. */
static void forget_if_unused(struct ramfs *fs, struct ramfs_node *n)
{
	if (!n->linked && n->refs == 0)
		free_node(fs, n);
}

enum erix_status ramfs_init(struct ramfs *fs, uint64_t max_blocks, uint64_t (*clock)(void *ctx),
			    void *clock_ctx)
{
	*fs = (struct ramfs){.clock = clock, .clock_ctx = clock_ctx, .max_blocks = max_blocks};
	fs->root = new_node(fs, FS_NODE_TYPE_DIRECTORY);
	if (fs->root == NULL)
		return ERIX_E_NO_MEMORY;
	fs->root->linked = true;
	fs->root->handle = 1;
	fs->handles[1].node = fs->root;
	return ERIX_OK;
}

/* Free directory d's subtree and d itself. */
static void destroy_tree(struct ramfs *fs, struct ramfs_node *d)
{
	for (uint32_t i = 0; i < d->count; i++) {
		struct ramfs_node *child = d->entries[i].node;
		free(d->entries[i].name);
		if (child->type == FS_NODE_TYPE_DIRECTORY)
			destroy_tree(fs, child);
		else
			free_node(fs, child);
	}
	d->count = 0;
	free_node(fs, d);
}

void ramfs_destroy(struct ramfs *fs)
{
	for (uint32_t s = 2; s < RAMFS_HANDLE_SLOTS; s++) {
		struct ramfs_node *n = fs->handles[s].node;
		if (n != NULL && !n->linked) {
			n->refs = 0;
			n->handle = 0;
			if (n->type == FS_NODE_TYPE_DIRECTORY)
				destroy_tree(fs, n);
			else
				free_node(fs, n);
		}
	}
	destroy_tree(fs, fs->root);
	fs->root = NULL;
}

/* The node handle h names, or NULL when h is unknown or released (or before attach). */
static struct ramfs_node *node_of(const struct ramfs *fs, uint32_t h)
{
	uint32_t slot = h & (RAMFS_HANDLE_SLOTS - 1);
	if (fs->buffer == NULL || slot == 0 || fs->handles[slot].node == NULL ||
	    fs->handles[slot].generation != h >> SLOT_BITS)
		return NULL;
	return fs->handles[slot].node;
}

/* A free handle slot, or 0 when the table is full. */
static uint32_t free_slot(const struct ramfs *fs)
{
	for (uint32_t s = 2; s < RAMFS_HANDLE_SLOTS; s++)
		if (fs->handles[s].node == NULL)
			return s;
	return 0;
}

/* Take a reference on n, giving it a handle if it has none; false when the table is full. */
static bool reference(struct ramfs *fs, struct ramfs_node *n, uint32_t *handle)
{
	if (n->handle == 0) {
		uint32_t s = free_slot(fs);
		if (s == 0)
			return false;
		fs->handles[s].node = n;
		n->handle = fs->handles[s].generation << SLOT_BITS | s;
	}
	if (n != fs->root)
		n->refs++;
	*handle = n->handle;
	return true;
}

enum erix_status ramfs_release(struct ramfs *fs, uint32_t h)
{
	struct ramfs_node *n = node_of(fs, h);
	if (n == NULL)
		return ERIX_E_NOT_FOUND;
	if (n == fs->root)
		return ERIX_OK;
	if (--n->refs == 0) {
		struct ramfs_handle *slot = &fs->handles[h & (RAMFS_HANDLE_SLOTS - 1)];
		slot->node = NULL;
		slot->generation = (slot->generation + 1) & (0xffffffffu >> SLOT_BITS);
		n->handle = 0;
		forget_if_unused(fs, n);
	}
	return ERIX_OK;
}

static void attributes(const struct ramfs_node *n, struct fs_node_attr *attr)
{
	bool dir = n->type == FS_NODE_TYPE_DIRECTORY;
	*attr = (struct fs_node_attr){
		.size = dir ? 0 : n->size,
		.modify_time_ns = n->modify_ns,
		.inode = n->inode,
		.link_count = !n->linked ? 0
			      : dir      ? 2 + n->subdirs
					 : 1,
		.type = (uint8_t)n->type,
	};
}

static void statistics(const struct ramfs *fs, struct fs_fs_stats *stats)
{
	*stats = (struct fs_fs_stats){
		.total_blocks = fs->max_blocks,
		.free_blocks = fs->max_blocks - fs->used_blocks,
		.block_size = RAMFS_BLOCK_SIZE,
		.max_name_length = RAMFS_MAX_NAME,
		.kind = FS_FS_KIND_RAMFS,
		.read_only = fs->read_only,
	};
}

enum erix_status ramfs_attach(struct ramfs *fs, void *buffer, uint64_t size, bool read_only,
			      uint32_t *root, struct fs_fs_stats *stats)
{
	if (buffer == NULL || size < RAMFS_MIN_BUFFER || size > RAMFS_MAX_BUFFER)
		return ERIX_E_INVALID_ARGUMENT;
	fs->buffer = buffer;
	fs->buffer_size = (uint32_t)size;
	fs->read_only = read_only;
	*root = fs->root->handle;
	statistics(fs, stats);
	return ERIX_OK;
}

enum erix_status ramfs_statfs(struct ramfs *fs, struct fs_fs_stats *stats)
{
	if (fs->buffer == NULL)
		return ERIX_E_NOT_FOUND;
	statistics(fs, stats);
	return ERIX_OK;
}

enum erix_status ramfs_getattr(struct ramfs *fs, uint32_t h, struct fs_node_attr *attr)
{
	struct ramfs_node *n = node_of(fs, h);
	if (n == NULL)
		return ERIX_E_NOT_FOUND;
	attributes(n, attr);
	return ERIX_OK;
}

/* fs.idl's name rule: 1..239 bytes, no '/' or NUL, not "." or "..". */
static bool valid_name(const char *name, size_t len)
{
	if (name == NULL || len == 0 || len > RAMFS_MAX_NAME || memchr(name, '/', len) ||
	    memchr(name, '\0', len))
		return false;
	return !(name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')));
}

/* The index of `name` in directory d, or d->count when absent. */
static uint32_t find(const struct ramfs_node *d, const char *name, size_t len)
{
	uint32_t i = 0;
	while (i < d->count &&
	       !(d->entries[i].len == len && memcmp(d->entries[i].name, name, len) == 0))
		i++;
	return i;
}

/*
 * The directory `h` names, for an operation on `name` in it: not_found for
 * an unknown handle or a removed directory, invalid_argument for a file or a
 * bad name.
 */
static enum erix_status directory_for(struct ramfs *fs, uint32_t h, const char *name, size_t len,
				      struct ramfs_node **dir)
{
	struct ramfs_node *d = node_of(fs, h);
	if (d == NULL || !d->linked)
		return ERIX_E_NOT_FOUND;
	if (d->type != FS_NODE_TYPE_DIRECTORY || !valid_name(name, len))
		return ERIX_E_INVALID_ARGUMENT;
	*dir = d;
	return ERIX_OK;
}

/* The entry `name` of the directory `h` names: directory_for's statuses, not_found when absent. */
static enum erix_status entry_for(struct ramfs *fs, uint32_t h, const char *name, size_t len,
				  struct ramfs_node **dir, uint32_t *index)
{
	enum erix_status st = directory_for(fs, h, name, len, dir);
	if (st != ERIX_OK)
		return st;
	*index = find(*dir, name, len);
	return *index < (*dir)->count ? ERIX_OK : ERIX_E_NOT_FOUND;
}

enum erix_status ramfs_lookup(struct ramfs *fs, uint32_t parent, const char *name, size_t len,
			      uint32_t *node, struct fs_node_attr *attr)
{
	struct ramfs_node *d;
	uint32_t i;
	enum erix_status st = entry_for(fs, parent, name, len, &d, &i);
	if (st != ERIX_OK)
		return st;
	if (!reference(fs, d->entries[i].node, node))
		return ERIX_E_NO_MEMORY;
	attributes(d->entries[i].node, attr);
	return ERIX_OK;
}

/* Room for one more entry in d; false when the array cannot grow. */
static bool reserve_entry(struct ramfs_node *d)
{
	if (d->count < d->capacity)
		return true;
	uint32_t cap = d->capacity ? d->capacity * 2 : 8;
	struct ramfs_entry *grown = realloc(d->entries, cap * sizeof(*grown));
	if (grown == NULL)
		return false;
	d->entries = grown;
	d->capacity = cap;
	return true;
}

/* A malloc'd NUL-terminated copy of name, or NULL. */
static char *copy_name(const char *name, size_t len)
{
	char *s = malloc(len + 1);
	if (s != NULL) {
		memcpy(s, name, len);
		s[len] = '\0';
	}
	return s;
}

/* Append n as `name` (already copied) to directory d, which has room. */
static void link_entry(struct ramfs *fs, struct ramfs_node *d, char *name, size_t len,
		       struct ramfs_node *n)
{
	d->entries[d->count++] = (struct ramfs_entry){
		.name = name, .len = (uint8_t)len, .cookie = d->next_cookie++, .node = n};
	n->linked = true;
	n->parent = d;
	d->subdirs += n->type == FS_NODE_TYPE_DIRECTORY;
	d->modify_ns = now(fs);
}

/* Remove entry i of directory d; its node stays (the caller decides its fate). */
static struct ramfs_node *unlink_entry(struct ramfs *fs, struct ramfs_node *d, uint32_t i)
{
	struct ramfs_node *n = d->entries[i].node;
	free(d->entries[i].name);
	memmove(&d->entries[i], &d->entries[i + 1], (d->count - i - 1) * sizeof(d->entries[0]));
	d->count--;
	n->linked = false;
	n->parent = NULL;
	d->subdirs -= n->type == FS_NODE_TYPE_DIRECTORY;
	d->modify_ns = now(fs);
	return n;
}

enum erix_status ramfs_create(struct ramfs *fs, uint32_t parent, const char *name, size_t len,
			      enum fs_node_type type, uint32_t *node, struct fs_node_attr *attr)
{
	if (fs->read_only)
		return ERIX_E_NO_PERMISSION;
	struct ramfs_node *d;
	enum erix_status st = directory_for(fs, parent, name, len, &d);
	if (st != ERIX_OK)
		return st;
	if (find(d, name, len) < d->count)
		return ERIX_E_EXISTS;
	struct ramfs_node *n = new_node(fs, type);
	char *copy = copy_name(name, len);
	if (n == NULL || copy == NULL || !reserve_entry(d) || !reference(fs, n, node)) {
		free(copy);
		free(n);
		return ERIX_E_NO_MEMORY;
	}
	link_entry(fs, d, copy, len, n);
	attributes(n, attr);
	return ERIX_OK;
}

enum erix_status ramfs_unlink(struct ramfs *fs, uint32_t parent, const char *name, size_t len)
{
	if (fs->read_only)
		return ERIX_E_NO_PERMISSION;
	struct ramfs_node *d;
	uint32_t i;
	enum erix_status st = entry_for(fs, parent, name, len, &d, &i);
	if (st != ERIX_OK)
		return st;
	if (d->entries[i].node->count > 0)
		return ERIX_E_BUSY;
	forget_if_unused(fs, unlink_entry(fs, d, i));
	return ERIX_OK;
}

/* True when directory d is dir or lies below it. */
static bool inside(const struct ramfs_node *d, const struct ramfs_node *dir)
{
	for (; d != NULL; d = d->parent)
		if (d == dir)
			return true;
	return false;
}

/* rename's checks on the target entry j of `to` (to->count: none) for moving `n`. */
static enum erix_status check_target(const struct ramfs_node *to, uint32_t j,
				     const struct ramfs_node *n)
{
	if (j == to->count)
		return ERIX_OK;
	const struct ramfs_node *old = to->entries[j].node;
	if (old->type != n->type)
		return ERIX_E_INVALID_ARGUMENT;
	return old->count > 0 ? ERIX_E_BUSY : ERIX_OK;
}

enum erix_status ramfs_rename(struct ramfs *fs, const struct fs_rename_req *req)
{
	if (fs->read_only)
		return ERIX_E_NO_PERMISSION;
	struct ramfs_node *from, *to;
	uint32_t i;
	enum erix_status st =
		directory_for(fs, req->to_parent, req->to_name, req->to_name_len, &to);
	if (st == ERIX_OK)
		st = entry_for(fs, req->from_parent, req->from_name, req->from_name_len, &from, &i);
	if (st != ERIX_OK)
		return st;
	struct ramfs_node *n = from->entries[i].node;
	if (n->type == FS_NODE_TYPE_DIRECTORY && inside(to, n))
		return ERIX_E_INVALID_ARGUMENT;
	uint32_t j = find(to, req->to_name, req->to_name_len);
	if (from == to && i == j)
		return ERIX_OK; /* renamed to itself */
	st = check_target(to, j, n);
	if (st != ERIX_OK)
		return st;
	char *copy = copy_name(req->to_name, req->to_name_len);
	if (copy == NULL || (j == to->count && !reserve_entry(to))) {
		free(copy);
		return ERIX_E_NO_MEMORY;
	}
	if (j < to->count) {
		struct ramfs_node *old = unlink_entry(fs, to, j);
		forget_if_unused(fs, old);
		if (from == to && j < i)
			i--;
	}
	unlink_entry(fs, from, i);
	link_entry(fs, to, copy, req->to_name_len, n);
	return ERIX_OK;
}

/* The first entry of d whose cookie is at least `cookie`. */
static uint32_t first_from(const struct ramfs_node *d, uint32_t cookie)
{
	uint32_t i = 0;
	while (i < d->count && d->entries[i].cookie < cookie)
		i++;
	return i;
}

static void write_record(unsigned char *at, const struct ramfs_entry *e)
{
	struct fs_dir_record r;
	memset(&r, 0, sizeof(r));
	r.size = e->node->type == FS_NODE_TYPE_DIRECTORY ? 0 : e->node->size;
	r.type = (uint8_t)e->node->type;
	r.name_length = e->len;
	memcpy(r.name, e->name, e->len);
	memcpy(at, &r, sizeof(r));
}

enum erix_status ramfs_readdir(struct ramfs *fs, const struct fs_readdir_req *req,
			       struct fs_readdir_rep *rep)
{
	struct ramfs_node *d = node_of(fs, req->parent);
	if (d == NULL)
		return ERIX_E_NOT_FOUND;
	uint64_t end =
		req->buffer_offset + (uint64_t)req->max_entries * sizeof(struct fs_dir_record);
	if (d->type != FS_NODE_TYPE_DIRECTORY || req->buffer_offset % 8 != 0 ||
	    req->max_entries == 0 || end > fs->buffer_size || req->start_index > d->next_cookie)
		return ERIX_E_INVALID_ARGUMENT;
	uint32_t i = first_from(d, req->start_index);
	unsigned char *at = fs->buffer + req->buffer_offset;
	for (; i < d->count && rep->count < req->max_entries; i++, rep->count++)
		write_record(at + (size_t)rep->count * sizeof(struct fs_dir_record),
			     &d->entries[i]);
	rep->end = i == d->count;
	rep->next_index = i < d->count ? d->entries[i].cookie : d->next_cookie;
	return ERIX_OK;
}

/* The regular file h names for a data transfer of length bytes at the frame's offset. */
static enum erix_status file_for(struct ramfs *fs, uint32_t h, uint32_t offset, uint32_t length,
				 struct ramfs_node **file)
{
	struct ramfs_node *n = node_of(fs, h);
	if (n == NULL)
		return ERIX_E_NOT_FOUND;
	if (n->type != FS_NODE_TYPE_REGULAR || (uint64_t)offset + length > fs->buffer_size)
		return ERIX_E_INVALID_ARGUMENT;
	*file = n;
	return ERIX_OK;
}

enum erix_status ramfs_read(struct ramfs *fs, uint32_t node, uint64_t position, uint32_t offset,
			    uint32_t length, uint32_t *transferred)
{
	struct ramfs_node *n;
	enum erix_status st = file_for(fs, node, offset, length, &n);
	if (st == ERIX_OK)
		*transferred = ramfs_file_read(n, position, fs->buffer + offset, length);
	return st;
}

enum erix_status ramfs_write(struct ramfs *fs, uint32_t node, uint64_t position, uint32_t offset,
			     uint32_t length, uint32_t *transferred, struct fs_node_attr *attr)
{
	struct ramfs_node *n;
	enum erix_status st = file_for(fs, node, offset, length, &n);
	if (st != ERIX_OK)
		return st;
	if (fs->read_only)
		return ERIX_E_NO_PERMISSION;
	if (position > RAMFS_MAX_FILE_SIZE || length > RAMFS_MAX_FILE_SIZE - position)
		return ERIX_E_TOO_LARGE;
	*transferred = ramfs_file_write(fs, n, position, fs->buffer + offset, length);
	if (*transferred == 0 && length > 0)
		return ERIX_E_NO_MEMORY;
	if (length > 0)
		n->modify_ns = now(fs);
	attributes(n, attr);
	return ERIX_OK;
}

enum erix_status ramfs_setattr(struct ramfs *fs, const struct fs_setattr_req *req,
			       struct fs_node_attr *attr)
{
	struct ramfs_node *n = node_of(fs, req->node);
	if (n == NULL)
		return ERIX_E_NOT_FOUND;
	if ((!req->set_size && !req->set_modify_time) ||
	    (req->set_size && n->type != FS_NODE_TYPE_REGULAR))
		return ERIX_E_INVALID_ARGUMENT;
	if (fs->read_only)
		return ERIX_E_NO_PERMISSION;
	if (req->set_size && req->size > RAMFS_MAX_FILE_SIZE)
		return ERIX_E_TOO_LARGE;
	if (req->set_size) {
		ramfs_file_truncate(fs, n, req->size);
		n->modify_ns = now(fs);
	}
	if (req->set_modify_time)
		n->modify_ns = req->modify_time_ns;
	attributes(n, attr);
	return ERIX_OK;
}
