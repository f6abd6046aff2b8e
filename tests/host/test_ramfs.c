/*
 * Host test of ramfsd: the ramfs core and its server glue, built natively
 * under ASan and UBSan, driven through the generated fs client stubs over a
 * loopback transport that hands each request to fs_dispatch, as the kernel
 * would hand it to ramfsd. "Frames" are host buffers the test's map hook
 * picks by slot number, and the core's allocations go through wrappers that
 * fail on demand (failing_alloc.h), so no_memory paths are exercised.
 */
#undef malloc /* the test's own allocations are the host's */
#undef calloc
#undef realloc

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server.h"
#include "tap.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			printf("#   line %d: check failed: %s\n", __LINE__, #cond);                \
			return false;                                                              \
		}                                                                                  \
	} while (0)

/* ---- allocation that fails on demand ---- */

static long allocations_left = -1; /* -1: never fail */

static bool allocation_allowed(void)
{
	if (allocations_left == 0)
		return false;
	if (allocations_left > 0)
		allocations_left--;
	return true;
}

void *failing_malloc(size_t n)
{
	return allocation_allowed() ? malloc(n) : NULL;
}

void *failing_calloc(size_t count, size_t size)
{
	return allocation_allowed() ? calloc(count, size) : NULL;
}

void *failing_realloc(void *p, size_t n)
{
	return allocation_allowed() ? realloc(p, n) : NULL;
}

/* ---- frames, clock and the loopback transport ---- */

enum { FRAME_64K = 10, FRAME_SMALL = 11, FRAME_HUGE = 12, FRAME_8K = 13, FRAME_UNMAPPABLE = 14 };

static unsigned char frame_64k[65536], frame_small[2048], frame_8k[8192], *frame_huge;
static erix_cptr_t dropped[8];
static unsigned drop_count;
static uint64_t fake_ns;

static enum erix_status map(void *ctx, erix_cptr_t frame, void **base, uint64_t *size)
{
	(void)ctx;
	switch (frame) {
	case FRAME_64K:
		*base = frame_64k, *size = sizeof(frame_64k);
		return ERIX_OK;
	case FRAME_SMALL:
		*base = frame_small, *size = sizeof(frame_small);
		return ERIX_OK;
	case FRAME_8K:
		*base = frame_8k, *size = sizeof(frame_8k);
		return ERIX_OK;
	case FRAME_HUGE:
		*base = frame_huge, *size = 2u << 20;
		return ERIX_OK;
	default:
		return ERIX_E_INVALID_ARGUMENT;
	}
}

static void drop(void *ctx, erix_cptr_t frame)
{
	(void)ctx;
	dropped[drop_count++ % 8] = frame;
}

static uint64_t clock_ns(void *ctx)
{
	(void)ctx;
	return fake_ns += 1000;
}

static struct ramfsd srv = {.map = map, .drop = drop};
static struct erix_msg msg;

enum erix_status erix_ipc_call(erix_cptr_t endpoint, struct erix_msg *m)
{
	static struct erix_msg request;
	(void)endpoint;
	request = *m;
	return fs_dispatch(&ramfsd_server, &srv, &request, m) ? ERIX_OK : ERIX_E_PROTOCOL_ERROR;
}

enum erix_status erix_ipc_send(erix_cptr_t endpoint, const struct erix_msg *m)
{
	(void)endpoint;
	(void)m;
	return ERIX_E_NOT_SUPPORTED; /* fs has no one-way methods */
}

/* A fresh volume of `blocks` blocks, not attached. */
static void fresh(uint64_t blocks)
{
	if (srv.fs.root != NULL)
		ramfs_destroy(&srv.fs);
	allocations_left = -1;
	srv.frame = 0;
	ramfs_init(&srv.fs, blocks, clock_ns, NULL);
}

/* ---- one call per method ---- */

static enum erix_status attach(erix_cptr_t frame, bool read_only, struct fs_attach_rep *rep)
{
	struct fs_attach_req req = {.buffer = frame, .read_only = read_only};
	return fs_attach(1, &msg, &req, rep);
}

/* A fresh volume attached to the 64 KiB frame, read-write. */
static bool fresh_attached(uint64_t blocks)
{
	struct fs_attach_rep rep;
	fresh(blocks);
	return attach(FRAME_64K, false, &rep) == ERIX_OK && rep.root == 1;
}

static enum erix_status lookup(uint32_t parent, const char *name, uint32_t *node,
			       struct fs_node_attr *attr)
{
	struct fs_lookup_req req = {.parent = parent, .name = name, .name_len = strlen(name)};
	struct fs_lookup_rep rep = {0};
	enum erix_status st = fs_lookup(1, &msg, &req, &rep);
	*node = rep.node;
	if (attr != NULL)
		*attr = rep.attr;
	return st;
}

static enum erix_status release(uint32_t node)
{
	struct fs_release_req req = {.node = node};
	struct fs_release_rep rep;
	return fs_release(1, &msg, &req, &rep);
}

/* create (dir false) or mkdir (dir true) `name` in parent; *node the new handle. */
static enum erix_status make(uint32_t parent, const char *name, bool dir, uint32_t *node)
{
	uint16_t len = (uint16_t)strlen(name);
	if (dir) {
		struct fs_mkdir_req req = {.parent = parent, .name = name, .name_len = len};
		struct fs_mkdir_rep rep = {0};
		enum erix_status st = fs_mkdir(1, &msg, &req, &rep);
		*node = rep.node;
		return st;
	}
	struct fs_create_req req = {.parent = parent, .name = name, .name_len = len};
	struct fs_create_rep rep = {0};
	enum erix_status st = fs_create(1, &msg, &req, &rep);
	*node = rep.node;
	return st;
}

/* Write len bytes of data to node at position through the frame's offset 0. */
static enum erix_status put(uint32_t node, uint64_t position, const void *data, uint32_t len,
			    uint32_t *written)
{
	memcpy(frame_64k, data, len);
	struct fs_write_req req = {.node = node, .position = position, .length = len};
	struct fs_write_rep rep = {0};
	enum erix_status st = fs_write(1, &msg, &req, &rep);
	if (written != NULL)
		*written = rep.transferred;
	return st;
}

/* Read up to len bytes of node at position; the bytes land at frame_64k[0..]. */
static enum erix_status get(uint32_t node, uint64_t position, uint32_t len, uint32_t *got)
{
	struct fs_read_req req = {.node = node, .position = position, .length = len};
	struct fs_read_rep rep = {0};
	memset(frame_64k, 0xee, sizeof(frame_64k));
	enum erix_status st = fs_read(1, &msg, &req, &rep);
	*got = rep.transferred;
	return st;
}

static enum erix_status getattr(uint32_t node, struct fs_node_attr *attr)
{
	struct fs_getattr_req req = {.node = node};
	struct fs_getattr_rep rep = {0};
	enum erix_status st = fs_getattr(1, &msg, &req, &rep);
	*attr = rep.attr;
	return st;
}

static enum erix_status set_size(uint32_t node, uint64_t size)
{
	struct fs_setattr_req req = {.node = node, .set_size = true, .size = size};
	struct fs_setattr_rep rep;
	return fs_setattr(1, &msg, &req, &rep);
}

static enum erix_status readdir(uint32_t dir, uint32_t start, uint32_t offset, uint32_t max,
				struct fs_readdir_rep *rep)
{
	struct fs_readdir_req req = {
		.parent = dir, .start_index = start, .buffer_offset = offset, .max_entries = max};
	*rep = (struct fs_readdir_rep){0};
	return fs_readdir(1, &msg, &req, rep);
}

static enum erix_status unlink_name(uint32_t parent, const char *name)
{
	struct fs_unlink_req req = {.parent = parent, .name = name, .name_len = strlen(name)};
	struct fs_unlink_rep rep;
	return fs_unlink(1, &msg, &req, &rep);
}

static enum erix_status rename_entry(uint32_t from, const char *from_name, uint32_t to,
				     const char *to_name)
{
	struct fs_rename_req req = {.from_parent = from,
				    .from_name = from_name,
				    .from_name_len = strlen(from_name),
				    .to_parent = to,
				    .to_name = to_name,
				    .to_name_len = strlen(to_name)};
	struct fs_rename_rep rep;
	return fs_rename(1, &msg, &req, &rep);
}

static enum erix_status statfs(struct fs_fs_stats *stats)
{
	struct fs_statfs_req req = {0};
	struct fs_statfs_rep rep = {0};
	enum erix_status st = fs_statfs(1, &msg, &req, &rep);
	*stats = rep.stats;
	return st;
}

/* Entries of dir (at most 64), listed in one readdir; -1 on error. */
static int entries(uint32_t dir)
{
	struct fs_readdir_rep rep;
	return readdir(dir, 0, 0, 64, &rep) == ERIX_OK && rep.end ? (int)rep.count : -1;
}

/* True when `name` in parent exists (a lookup, released again). */
static bool exists(uint32_t parent, const char *name)
{
	uint32_t n;
	if (lookup(parent, name, &n, NULL) != ERIX_OK)
		return false;
	return release(n) == ERIX_OK;
}

/* ---- the tests ---- */

static bool test_before_attach(void)
{
	uint32_t n;
	struct fs_node_attr a;
	struct fs_fs_stats st;
	struct fs_readdir_rep r;
	struct fs_sync_req sreq = {0};
	struct fs_sync_rep srep;
	fresh(64);
	/* Before attach there is no volume: a handle, even the root's, reaches nothing. */
	CHECK(tap_cover("fs.lookup", COVER_AUTHORITY,
			lookup(1, "x", &n, NULL) == ERIX_E_NOT_FOUND));
	CHECK(tap_cover("fs.release fs.getattr", COVER_AUTHORITY,
			release(1) == ERIX_E_NOT_FOUND && getattr(1, &a) == ERIX_E_NOT_FOUND));
	CHECK(tap_cover("fs.create fs.mkdir", COVER_AUTHORITY,
			make(1, "x", false, &n) == ERIX_E_NOT_FOUND &&
				make(1, "x", true, &n) == ERIX_E_NOT_FOUND));
	CHECK(tap_cover("fs.statfs fs.sync", COVER_AUTHORITY,
			statfs(&st) == ERIX_E_NOT_FOUND &&
				fs_sync(1, &msg, &sreq, &srep) == ERIX_E_NOT_FOUND));
	CHECK(tap_cover("fs.readdir fs.unlink", COVER_AUTHORITY,
			readdir(1, 0, 0, 1, &r) == ERIX_E_NOT_FOUND &&
				unlink_name(1, "x") == ERIX_E_NOT_FOUND));
	CHECK(tap_cover("fs.rename fs.setattr", COVER_AUTHORITY,
			rename_entry(1, "x", 1, "y") == ERIX_E_NOT_FOUND &&
				set_size(1, 0) == ERIX_E_NOT_FOUND));
	CHECK(tap_cover("fs.write fs.read", COVER_AUTHORITY,
			put(1, 0, "x", 1, NULL) == ERIX_E_NOT_FOUND &&
				get(1, 0, 1, &n) == ERIX_E_NOT_FOUND));
	return true;
}

static bool test_attach(void)
{
	struct fs_attach_rep rep;
	fresh(100);
	drop_count = 0;
	CHECK(attach(FRAME_SMALL, false, &rep) == ERIX_E_INVALID_ARGUMENT); /* under 4 KiB */
	CHECK(attach(FRAME_HUGE, false, &rep) == ERIX_E_INVALID_ARGUMENT);  /* over 1 MiB */
	CHECK(drop_count == 2 && dropped[0] == FRAME_SMALL && dropped[1] == FRAME_HUGE);
	CHECK(attach(FRAME_UNMAPPABLE, false, &rep) == ERIX_E_INVALID_ARGUMENT);
	CHECK(tap_cover("fs.attach", COVER_POSITIVE, attach(FRAME_64K, false, &rep) == ERIX_OK));
	struct fs_sync_req sreq = {0};
	struct fs_sync_rep srep;
	CHECK(tap_cover("fs.sync", COVER_POSITIVE, fs_sync(1, &msg, &sreq, &srep) == ERIX_OK));
	CHECK(rep.root == 1 && rep.buffer_size == 65536 && rep.stats.kind == FS_FS_KIND_RAMFS);
	CHECK(rep.stats.total_blocks == 100 && rep.stats.free_blocks == 100);
	CHECK(rep.stats.block_size == 4096 && rep.stats.max_name_length == 239);
	CHECK(rep.stats.total_nodes == 0 && !rep.stats.read_only && srv.frame == FRAME_64K);
	uint32_t f;
	CHECK(make(1, "kept", false, &f) == ERIX_OK && put(f, 0, "abc", 3, NULL) == ERIX_OK);
	CHECK(attach(FRAME_SMALL, false, &rep) == ERIX_E_INVALID_ARGUMENT);
	CHECK(srv.frame == FRAME_64K && drop_count == 3); /* the refused one went, the old stayed */
	CHECK(attach(FRAME_8K, false, &rep) == ERIX_OK && rep.buffer_size == 8192);
	CHECK(drop_count == 4 && dropped[3] == FRAME_64K && srv.frame == FRAME_8K);
	struct fs_read_req rr = {.node = f, .length = 3, .buffer_offset = 8189};
	struct fs_read_rep rrep;
	CHECK(fs_read(1, &msg, &rr, &rrep) == ERIX_OK && memcmp(frame_8k + 8189, "abc", 3) == 0);
	rr.buffer_offset = 8190; /* handles survive a new attach; the bounds are the new frame's */
	CHECK(fs_read(1, &msg, &rr, &rrep) == ERIX_E_INVALID_ARGUMENT);
	return true;
}

static bool test_names(void)
{
	uint32_t n, f;
	char longest[240], too_long[241];
	memset(longest, 'n', 239);
	longest[239] = '\0';
	memset(too_long, 'n', 240);
	too_long[240] = '\0';
	CHECK(fresh_attached(64));
	const char *bad[] = {".", "..", "a/b", "/", ""};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(make(1, bad[i], false, &n) == ERIX_E_INVALID_ARGUMENT);
		CHECK(make(1, bad[i], true, &n) == ERIX_E_INVALID_ARGUMENT);
		CHECK(lookup(1, bad[i], &n, NULL) == ERIX_E_INVALID_ARGUMENT);
		CHECK(unlink_name(1, bad[i]) == ERIX_E_INVALID_ARGUMENT);
		CHECK(rename_entry(1, bad[i], 1, "x") == ERIX_E_INVALID_ARGUMENT);
	}
	CHECK(make(1, too_long, false, &n) == ERIX_E_TOO_LARGE); /* the decoder's bound */
	CHECK(make(1, longest, false, &f) == ERIX_OK && exists(1, longest));
	CHECK(make(1, "...", false, &n) == ERIX_OK && make(1, ".x", true, &n) == ERIX_OK);
	CHECK(make(f, "x", false, &n) == ERIX_E_INVALID_ARGUMENT); /* parent is a file */
	CHECK(lookup(f, "x", &n, NULL) == ERIX_E_INVALID_ARGUMENT);
	CHECK(lookup(1, "absent", &n, NULL) == ERIX_E_NOT_FOUND);
	CHECK(lookup(77, "x", &n, NULL) == ERIX_E_NOT_FOUND &&
	      lookup(0, "x", &n, NULL) == ERIX_E_NOT_FOUND);
	CHECK(entries(1) == 3);
	return true;
}

static bool test_create_mkdir(void)
{
	uint32_t f, d, n;
	struct fs_node_attr fa, da, ra;
	CHECK(fresh_attached(64));
	uint64_t before = fake_ns;
	CHECK(tap_cover("fs.create fs.mkdir", COVER_POSITIVE,
			make(1, "file", false, &f) == ERIX_OK &&
				make(1, "dir", true, &d) == ERIX_OK));
	CHECK(f != 0 && d != 0 && f != d && f != 1);
	CHECK(make(1, "file", false, &n) == ERIX_E_EXISTS &&
	      make(1, "file", true, &n) == ERIX_E_EXISTS);
	CHECK(make(1, "dir", false, &n) == ERIX_E_EXISTS);
	CHECK(tap_cover("fs.getattr", COVER_POSITIVE, getattr(f, &fa) == ERIX_OK) &&
	      getattr(d, &da) == ERIX_OK && getattr(1, &ra) == ERIX_OK);
	CHECK(fa.type == FS_NODE_TYPE_REGULAR && fa.size == 0 && fa.link_count == 1);
	CHECK(da.type == FS_NODE_TYPE_DIRECTORY && da.link_count == 2 && ra.link_count == 3);
	CHECK(da.inode > fa.inode && fa.inode > ra.inode);
	CHECK(fa.modify_time_ns > before && da.modify_time_ns > fa.modify_time_ns);
	CHECK(make(d, "inner", false, &n) == ERIX_OK && exists(d, "inner") && !exists(1, "inner"));
	return true;
}

static bool test_handles(void)
{
	uint32_t f, a, b, n;
	struct fs_node_attr attr;
	CHECK(fresh_attached(64));
	CHECK(make(1, "f", false, &f) == ERIX_OK);
	CHECK(tap_cover("fs.lookup", COVER_POSITIVE,
			lookup(1, "f", &a, NULL) == ERIX_OK &&
				lookup(1, "f", &b, NULL) == ERIX_OK));
	CHECK(a == f && b == f); /* one handle per node, three references */
	CHECK(tap_cover("fs.release", COVER_POSITIVE,
			release(f) == ERIX_OK && release(f) == ERIX_OK &&
				getattr(f, &attr) == ERIX_OK));
	CHECK(release(f) == ERIX_OK && getattr(f, &attr) == ERIX_E_NOT_FOUND);
	CHECK(release(f) == ERIX_E_NOT_FOUND);
	CHECK(lookup(1, "f", &n, NULL) == ERIX_OK &&
	      n != f); /* the slot is reused, the handle not */
	CHECK(tap_cover("fs.getattr", COVER_AUTHORITY, getattr(f, &attr) == ERIX_E_NOT_FOUND));
	for (int i = 0; i < 5; i++)
		CHECK(release(1) == ERIX_OK); /* the root is permanent */
	CHECK(getattr(1, &attr) == ERIX_OK && release(0) == ERIX_E_NOT_FOUND);
	/* an unlinked node stays usable through its handle until the last release */
	CHECK(put(n, 0, "data", 4, NULL) == ERIX_OK && unlink_name(1, "f") == ERIX_OK);
	CHECK(getattr(n, &attr) == ERIX_OK && attr.link_count == 0 && attr.size == 4);
	CHECK(get(n, 0, 4, &a) == ERIX_OK && a == 4 && memcmp(frame_64k, "data", 4) == 0);
	CHECK(release(n) == ERIX_OK && getattr(n, &attr) == ERIX_E_NOT_FOUND);
	/* a removed directory: its handle answers, but nothing can be made in it */
	CHECK(make(1, "gone", true, &a) == ERIX_OK && unlink_name(1, "gone") == ERIX_OK);
	CHECK(make(a, "x", false, &n) == ERIX_E_NOT_FOUND && entries(a) == 0);
	CHECK(release(a) == ERIX_OK);
	return true;
}

static bool test_handle_table_full(void)
{
	char name[16];
	uint32_t n, last = 0;
	CHECK(fresh_attached(64));
	for (unsigned i = 2; i < RAMFS_HANDLE_SLOTS; i++) {
		snprintf(name, sizeof(name), "f%u", i);
		CHECK(make(1, name, false, &last) == ERIX_OK);
	}
	CHECK(make(1, "one-more", false, &n) == ERIX_E_NO_MEMORY);
	CHECK(!exists(1, "one-more") && entries(1) == -1); /* 4094 entries: no single page */
	struct fs_node_attr attr;
	CHECK(release(last) == ERIX_OK && getattr(last, &attr) == ERIX_E_NOT_FOUND);
	CHECK(make(1, "one-more", false, &n) == ERIX_OK && n != last);
	return true;
}

static bool test_read_write(void)
{
	uint32_t f, d, k, got;
	struct fs_node_attr attr;
	CHECK(fresh_attached(64));
	CHECK(make(1, "f", false, &f) == ERIX_OK && make(1, "d", true, &d) == ERIX_OK);
	CHECK(tap_cover("fs.write", COVER_POSITIVE,
			put(f, 0, "hello", 5, &k) == ERIX_OK && k == 5));
	CHECK(tap_cover("fs.read", COVER_POSITIVE,
			get(f, 0, 100, &got) == ERIX_OK && got == 5 &&
				memcmp(frame_64k, "hello", 5) == 0));
	CHECK(get(f, 3, 100, &got) == ERIX_OK && got == 2 && memcmp(frame_64k, "lo", 2) == 0);
	CHECK(get(f, 5, 10, &got) == ERIX_OK && got == 0);
	CHECK(get(f, UINT64_MAX, 10, &got) == ERIX_OK && got == 0);
	CHECK(put(f, 10000, "end", 3, &k) == ERIX_OK && k == 3); /* a gap reads as zeros */
	CHECK(getattr(f, &attr) == ERIX_OK && attr.size == 10003);
	CHECK(get(f, 0, 10003, &got) == ERIX_OK && got == 10003);
	for (int i = 5; i < 10000; i++)
		CHECK(frame_64k[i] == 0);
	CHECK(memcmp(frame_64k + 10000, "end", 3) == 0);
	CHECK(put(f, 0, "", 0, &k) == ERIX_OK && k == 0);
	struct fs_read_req rr = {.node = f, .buffer_offset = 65535, .length = 2};
	struct fs_read_rep rrep;
	CHECK(fs_read(1, &msg, &rr, &rrep) == ERIX_E_INVALID_ARGUMENT);
	rr.buffer_offset = UINT32_MAX, rr.length = UINT32_MAX;
	CHECK(fs_read(1, &msg, &rr, &rrep) == ERIX_E_INVALID_ARGUMENT);
	struct fs_write_req wr = {.node = f, .buffer_offset = 65000, .length = 537};
	struct fs_write_rep wrep;
	CHECK(fs_write(1, &msg, &wr, &wrep) == ERIX_E_INVALID_ARGUMENT);
	CHECK(put(d, 0, "x", 1, &k) == ERIX_E_INVALID_ARGUMENT &&
	      get(d, 0, 1, &got) == ERIX_E_INVALID_ARGUMENT);
	CHECK(put(f, RAMFS_MAX_FILE_SIZE, "x", 1, &k) == ERIX_E_TOO_LARGE);
	CHECK(put(f, UINT64_MAX, "x", 1, &k) == ERIX_E_TOO_LARGE);
	CHECK(put(f, RAMFS_MAX_FILE_SIZE - 1, "x", 1, &k) == ERIX_OK && k == 1);
	CHECK(put(77, 0, "x", 1, &k) == ERIX_E_NOT_FOUND);
	return true;
}

/* A 1.5 MiB file written and read back in frame-sized pieces, then truncated away. */
static bool test_large_file(void)
{
	uint32_t f, k;
	struct fs_fs_stats st;
	CHECK(fresh_attached(512));
	CHECK(make(1, "big", false, &f) == ERIX_OK);
	unsigned char piece[65536];
	for (uint32_t p = 0; p < 24; p++) {
		for (size_t i = 0; i < sizeof(piece); i++)
			piece[i] = (unsigned char)(i * 31 + p);
		CHECK(put(f, (uint64_t)p * sizeof(piece), piece, sizeof(piece), &k) == ERIX_OK);
		CHECK(k == sizeof(piece));
	}
	CHECK(statfs(&st) == ERIX_OK && st.free_blocks == 512 - 384);
	for (uint32_t p = 0; p < 24; p++) {
		CHECK(get(f, (uint64_t)p * sizeof(piece) + 100, sizeof(piece), &k) == ERIX_OK);
		CHECK(k == (p == 23 ? sizeof(piece) - 100 : sizeof(piece)));
		for (size_t i = 0; i < k; i++)
			CHECK(frame_64k[i] ==
			      (unsigned char)((i + 100) * 31 + p + ((i + 100) >> 16)));
	}
	CHECK(set_size(f, 0) == ERIX_OK && statfs(&st) == ERIX_OK && st.free_blocks == 512);
	return true;
}

static bool test_setattr(void)
{
	uint32_t f, d, got;
	struct fs_setattr_rep rep;
	CHECK(fresh_attached(64));
	CHECK(make(1, "f", false, &f) == ERIX_OK && make(1, "d", true, &d) == ERIX_OK);
	unsigned char xs[9000];
	memset(xs, 'x', sizeof(xs));
	CHECK(put(f, 0, xs, sizeof(xs), &got) == ERIX_OK);
	struct fs_setattr_req none = {.node = f};
	CHECK(fs_setattr(1, &msg, &none, &rep) == ERIX_E_INVALID_ARGUMENT);
	CHECK(set_size(d, 0) == ERIX_E_INVALID_ARGUMENT && set_size(99, 0) == ERIX_E_NOT_FOUND);
	CHECK(set_size(f, RAMFS_MAX_FILE_SIZE + 1) == ERIX_E_TOO_LARGE);
	CHECK(tap_cover("fs.setattr", COVER_POSITIVE,
			set_size(f, 5000) == ERIX_OK &&
				set_size(f, 12000) == ERIX_OK)); /* cut, grow */
	CHECK(get(f, 0, 12000, &got) == ERIX_OK && got == 12000);
	for (int i = 0; i < 12000; i++)
		CHECK(frame_64k[i] == (i < 5000 ? 'x' : 0)); /* the cut part reads as zeros */
	struct fs_setattr_req both = {.node = f,
				      .set_size = true,
				      .size = 3,
				      .set_modify_time = true,
				      .modify_time_ns = 42};
	CHECK(fs_setattr(1, &msg, &both, &rep) == ERIX_OK);
	CHECK(rep.attr.size == 3 && rep.attr.modify_time_ns == 42);
	struct fs_setattr_req dir_time = {.node = d, .set_modify_time = true, .modify_time_ns = 7};
	CHECK(fs_setattr(1, &msg, &dir_time, &rep) == ERIX_OK && rep.attr.modify_time_ns == 7);
	return true;
}

/* Check record i of the frame: its name, type and size. */
static bool record_is(size_t i, const char *name, uint8_t type, uint64_t size)
{
	struct fs_dir_record r;
	memcpy(&r, frame_64k + i * sizeof(r), sizeof(r));
	size_t len = strlen(name);
	CHECK(fs_dir_record_check(&r) == ERIX_OK);
	CHECK(r.name_length == len && memcmp(r.name, name, len) == 0 && r.type == type &&
	      r.size == size);
	for (size_t j = len; j < sizeof(r.name); j++)
		CHECK(r.name[j] == 0);
	for (size_t j = 0; j < sizeof(r.reserved); j++)
		CHECK(r.reserved[j] == 0);
	return true;
}

static bool test_readdir(void)
{
	uint32_t n, f, k;
	struct fs_readdir_rep rep;
	char name[8];
	CHECK(fresh_attached(64));
	CHECK(tap_cover("fs.readdir", COVER_POSITIVE,
			readdir(1, 0, 0, 4, &rep) == ERIX_OK && rep.count == 0 && rep.end));
	for (int i = 0; i < 10; i++) {
		snprintf(name, sizeof(name), "e%d", i);
		CHECK(make(1, name, i % 3 == 0, &n) == ERIX_OK);
		if (i == 1)
			CHECK(put(n, 0, "12345", 5, &k) == ERIX_OK);
	}
	memset(frame_64k, 0xff, sizeof(frame_64k));
	CHECK(readdir(1, 0, 0, 64, &rep) == ERIX_OK && rep.count == 10 && rep.end);
	CHECK(record_is(0, "e0", FS_NODE_TYPE_DIRECTORY, 0) &&
	      record_is(1, "e1", FS_NODE_TYPE_REGULAR, 5));
	/* pages of three, with an entry removed and one added between pages */
	int seen[11] = {0};
	uint32_t start = 0, pages = 0;
	do {
		CHECK(readdir(1, start, 256, 3, &rep) == ERIX_OK && rep.count <= 3);
		for (uint32_t i = 0; i < rep.count; i++) {
			struct fs_dir_record r;
			memcpy(&r, frame_64k + 256 + i * sizeof(r), sizeof(r));
			seen[r.name[1] - '0']++;
		}
		start = rep.next_index;
		if (pages++ == 0) {
			CHECK(unlink_name(1, "e1") == ERIX_OK); /* already listed */
			CHECK(make(1, "e:", false, &f) == ERIX_OK);
		}
	} while (!rep.end);
	CHECK(pages == 4);
	for (int i = 0; i < 11; i++)
		CHECK(seen[i] == 1); /* every entry once: e0..e9 and e: (':' is '9' + 1) */
	CHECK(readdir(1, 0, 4, 1, &rep) == ERIX_E_INVALID_ARGUMENT);           /* unaligned */
	CHECK(readdir(1, 0, 0, 0, &rep) == ERIX_E_INVALID_ARGUMENT);           /* max_entries 0 */
	CHECK(readdir(1, 0, 65536 - 256, 2, &rep) == ERIX_E_INVALID_ARGUMENT); /* past the frame */
	CHECK(readdir(1, 0, 0, UINT32_MAX, &rep) == ERIX_E_INVALID_ARGUMENT);
	CHECK(readdir(1, 0, 65536 - 256, 1, &rep) == ERIX_OK && rep.count == 1);
	CHECK(readdir(1, 5000, 0, 1, &rep) == ERIX_E_INVALID_ARGUMENT); /* never returned */
	CHECK(readdir(f, 0, 0, 1, &rep) == ERIX_E_INVALID_ARGUMENT);    /* a file */
	CHECK(readdir(999, 0, 0, 1, &rep) == ERIX_E_NOT_FOUND);
	return true;
}

static bool test_unlink(void)
{
	uint32_t d, n;
	struct fs_node_attr attr;
	CHECK(fresh_attached(64));
	CHECK(make(1, "d", true, &d) == ERIX_OK && make(d, "f", false, &n) == ERIX_OK);
	CHECK(unlink_name(1, "d") == ERIX_E_BUSY && unlink_name(1, "nope") == ERIX_E_NOT_FOUND);
	CHECK(unlink_name(99, "d") == ERIX_E_NOT_FOUND);
	CHECK(unlink_name(n, "x") == ERIX_E_INVALID_ARGUMENT);
	CHECK(tap_cover("fs.unlink", COVER_POSITIVE,
			unlink_name(d, "f") == ERIX_OK && !exists(d, "f") &&
				release(n) == ERIX_OK));
	CHECK(getattr(1, &attr) == ERIX_OK && attr.link_count == 3);
	CHECK(unlink_name(1, "d") == ERIX_OK && getattr(1, &attr) == ERIX_OK &&
	      attr.link_count == 2);
	CHECK(entries(1) == 0);
	return true;
}

static bool test_rename(void)
{
	uint32_t a, b, sub, f, g, h, k;
	struct fs_node_attr attr;
	CHECK(fresh_attached(64));
	CHECK(make(1, "a", true, &a) == ERIX_OK && make(1, "b", true, &b) == ERIX_OK);
	CHECK(make(a, "sub", true, &sub) == ERIX_OK && make(a, "f", false, &f) == ERIX_OK);
	CHECK(put(f, 0, "F", 1, &k) == ERIX_OK);
	CHECK(tap_cover("fs.rename", COVER_POSITIVE,
			rename_entry(a, "f", a, "f2") == ERIX_OK && exists(a, "f2") &&
				!exists(a, "f")));
	CHECK(rename_entry(a, "f2", b, "f") == ERIX_OK && exists(b, "f") && entries(a) == 1);
	CHECK(getattr(f, &attr) == ERIX_OK && attr.size == 1); /* the handle follows the node */
	CHECK(rename_entry(b, "f", b, "f") == ERIX_OK && exists(b, "f")); /* onto itself */
	CHECK(make(b, "g", false, &g) == ERIX_OK && put(g, 0, "GG", 2, &k) == ERIX_OK);
	CHECK(rename_entry(b, "f", b, "g") == ERIX_OK && entries(b) == 1); /* replaces g */
	CHECK(lookup(b, "g", &h, &attr) == ERIX_OK && h == f && attr.size == 1 &&
	      release(h) == ERIX_OK);
	CHECK(getattr(g, &attr) == ERIX_OK && attr.link_count == 0 &&
	      attr.size == 2); /* still held */
	CHECK(release(g) == ERIX_OK);
	CHECK(make(b, "dir", true, &h) == ERIX_OK);
	CHECK(rename_entry(b, "g", b, "dir") == ERIX_E_INVALID_ARGUMENT); /* file over directory */
	CHECK(rename_entry(b, "dir", b, "g") == ERIX_E_INVALID_ARGUMENT); /* directory over file */
	CHECK(rename_entry(1, "a", a, "x") == ERIX_E_INVALID_ARGUMENT);   /* into itself */
	CHECK(rename_entry(1, "a", sub, "x") == ERIX_E_INVALID_ARGUMENT); /* below itself */
	CHECK(rename_entry(1, "a", 1, "b") == ERIX_E_BUSY);               /* b is not empty */
	CHECK(make(1, "empty", true, &k) == ERIX_OK && release(k) == ERIX_OK);
	CHECK(rename_entry(1, "a", 1, "empty") == ERIX_OK && !exists(1, "a"));
	CHECK(lookup(1, "empty", &h, NULL) == ERIX_OK && h == a && release(h) == ERIX_OK);
	CHECK(exists(a, "sub") && entries(1) == 2); /* the subtree moved along */
	CHECK(rename_entry(1, "nope", 1, "x") == ERIX_E_NOT_FOUND);
	CHECK(rename_entry(1, "b", 99, "x") == ERIX_E_NOT_FOUND);
	return true;
}

/* Each allocation of a create, mkdir, rename or write failing in turn: no_memory, nothing changed.
 */
static bool test_no_memory(void)
{
	uint32_t d, f, n, k, got;
	struct fs_node_attr attr;
	struct fs_fs_stats st;
	CHECK(fresh_attached(64));
	CHECK(make(1, "d", true, &d) == ERIX_OK && make(1, "f", false, &f) == ERIX_OK);
	for (int dir = 0; dir < 2; dir++)
		for (long fail_at = 0; fail_at < 3; fail_at++) {
			allocations_left = fail_at;
			CHECK(make(d, "new", dir, &n) == ERIX_E_NO_MEMORY);
			allocations_left = -1;
			CHECK(!exists(d, "new") && entries(d) == 0);
		}
	CHECK(make(d, "new", false, &n) == ERIX_OK && release(n) == ERIX_OK);
	allocations_left = 0; /* the new name cannot be copied */
	CHECK(rename_entry(d, "new", 1, "moved") == ERIX_E_NO_MEMORY);
	allocations_left = -1;
	CHECK(exists(d, "new") && !exists(1, "moved") && entries(1) == 2);
	CHECK(rename_entry(d, "new", 1, "moved") == ERIX_OK);
	CHECK(put(f, 0, "first", 5, &k) == ERIX_OK);
	allocations_left = 0; /* the block array cannot grow */
	CHECK(put(f, 4096, "x", 1, &k) == ERIX_E_NO_MEMORY);
	allocations_left = 1; /* the array grows, the block does not come */
	CHECK(put(f, 4096, "x", 1, &k) == ERIX_E_NO_MEMORY);
	allocations_left = -1;
	CHECK(getattr(f, &attr) == ERIX_OK && attr.size == 5);
	CHECK(get(f, 0, 10, &got) == ERIX_OK && got == 5 && memcmp(frame_64k, "first", 5) == 0);
	CHECK(statfs(&st) == ERIX_OK && st.free_blocks == 63);
	static unsigned char zs[16384];
	memset(zs, 'z', sizeof(zs));
	allocations_left = 3; /* the array, then two blocks of four: a short write */
	CHECK(put(f, 4096, zs, sizeof(zs), &k) == ERIX_OK && k == 8192);
	allocations_left = -1;
	CHECK(getattr(f, &attr) == ERIX_OK && attr.size == 4096 + 8192);
	return true;
}

static bool test_volume_full(void)
{
	uint32_t f, k;
	struct fs_fs_stats st;
	CHECK(fresh_attached(4));
	CHECK(make(1, "f", false, &f) == ERIX_OK);
	static unsigned char vs[20000];
	memset(vs, 'v', sizeof(vs));
	CHECK(put(f, 100, vs, sizeof(vs), &k) == ERIX_OK && k == 4 * 4096 - 100); /* short */
	CHECK(statfs(&st) == ERIX_OK && st.free_blocks == 0);
	CHECK(put(f, 4 * 4096, "x", 1, &k) == ERIX_E_NO_MEMORY);
	CHECK(put(f, 0, "y", 1, &k) == ERIX_OK && k == 1); /* inside allocated blocks still works */
	CHECK(set_size(f, 4096) == ERIX_OK && statfs(&st) == ERIX_OK && st.free_blocks == 3);
	return true;
}

static bool test_read_only_attach(void)
{
	uint32_t f, d, n, k;
	struct fs_attach_rep rep;
	struct fs_fs_stats st;
	struct fs_readdir_rep rd;
	CHECK(fresh_attached(64));
	CHECK(make(1, "f", false, &f) == ERIX_OK && make(1, "d", true, &d) == ERIX_OK);
	CHECK(put(f, 0, "ro", 2, &k) == ERIX_OK);
	/* A read-only attach grants no change: every modifying method is refused. */
	CHECK(tap_cover("fs.attach", COVER_AUTHORITY,
			attach(FRAME_8K, true, &rep) == ERIX_OK && rep.stats.read_only));
	CHECK(make(1, "new", false, &n) == ERIX_E_NO_PERMISSION);
	CHECK(make(1, "new", true, &n) == ERIX_E_NO_PERMISSION);
	struct fs_write_req wr = {.node = f, .length = 1};
	struct fs_write_rep wrep;
	CHECK(fs_write(1, &msg, &wr, &wrep) == ERIX_E_NO_PERMISSION);
	CHECK(set_size(f, 0) == ERIX_E_NO_PERMISSION);
	CHECK(unlink_name(1, "f") == ERIX_E_NO_PERMISSION);
	CHECK(rename_entry(1, "f", 1, "g") == ERIX_E_NO_PERMISSION);
	CHECK(exists(1, "f") && !exists(1, "g") && !exists(1, "new"));
	struct fs_read_req rr = {.node = f, .length = 2};
	struct fs_read_rep rrep;
	CHECK(fs_read(1, &msg, &rr, &rrep) == ERIX_OK && memcmp(frame_8k, "ro", 2) == 0);
	CHECK(readdir(1, 0, 0, 8, &rd) == ERIX_OK && rd.count == 2);
	CHECK(tap_cover("fs.statfs", COVER_POSITIVE, statfs(&st) == ERIX_OK && st.read_only));
	CHECK(attach(FRAME_64K, false, &rep) == ERIX_OK && !rep.stats.read_only);
	CHECK(unlink_name(1, "f") == ERIX_OK);
	return true;
}

/* A malformed request gets its error reply, and the server answers the next one. */
static bool test_keeps_serving(void)
{
	struct erix_msg bad = {0}, reply;
	CHECK(fresh_attached(64));
	for (size_t i = 0; i < fs_wire_case_count; i++) {
		const struct erix_wire_case *c = &fs_wire_cases[i];
		if (c->expect == ERIX_OK)
			continue;
		memcpy(bad.bytes, c->bytes, c->length);
		memcpy(bad.caps, c->caps, sizeof(bad.caps));
		bad.length = c->length;
		bad.cap_count = c->cap_count;
		CHECK(fs_dispatch(&ramfsd_server, &srv, &bad, &reply));
		struct erix_msg_header h;
		memcpy(&h, reply.bytes, sizeof(h));
		CHECK(h.status == c->expect);
	}
	uint32_t n;
	CHECK(make(1, "after", false, &n) == ERIX_OK && exists(1, "after"));
	return true;
}

static const struct tap_test tests[] = {
	{"every method before attach answers not_found", test_before_attach},
	{"attach: frame size limits, re-attach, a refused frame keeps the old", test_attach},
	{"names: empty, dot, dotdot, slash, 239 and 240 bytes", test_names},
	{"create and mkdir: attributes, exists, link counts", test_create_mkdir},
	{"handles: references, release, reuse, the root, unlinked nodes", test_handles},
	{"handle table full: no_memory, nothing made", test_handle_table_full},
	{"read and write: gaps, bounds, directories, too_large", test_read_write},
	{"a 1.5 MiB file over 384 blocks", test_large_file},
	{"setattr: truncate, zero-extend, times, refusals", test_setattr},
	{"readdir: records, paging, changes between pages, refusals", test_readdir},
	{"unlink: busy, not_found, link counts", test_unlink},
	{"rename: within and across, replace, kinds, into itself, busy", test_rename},
	{"no_memory at every allocation leaves nothing half-applied", test_no_memory},
	{"a full volume: short write, then no_memory", test_volume_full},
	{"a read-only attach refuses every modification", test_read_only_attach},
	{"malformed requests answered, serving goes on", test_keeps_serving},
};

int main(void)
{
	frame_huge = calloc(1, 2u << 20);
	size_t failed = tap_run(tests, sizeof(tests) / sizeof(tests[0]));
	ramfs_destroy(&srv.fs);
	free(frame_huge);
	return failed != 0;
}
