/*
 * ramfsd: the RAM filesystem server. It serves fs.idl on the endpoint its
 * startup info names "service", holding the volume in its heap (a 1 MiB
 * arena, larger than the default: its meson.build), and answers requests
 * with the generated fs_dispatch until the task ends.
 *
 * Its bundle declares the rest: "vspace_ctl" and "vspace" (its own address
 * space) to map the transfer frame vfsd attaches, "cnode" (its own capability
 * space) to delete a frame it lets go, "retype_ctl" with "untyped" (its own
 * memory, from procd) to make the page tables of the two frame windows, and
 * "time_ctl" (without it every time would be 0). rootd has procd start it
 * and hands its endpoint to vfsd's mount. It runs the shared server loop
 * (erix/serve.h): an attached frame is kept and mapped in whichever of two
 * 1 MiB windows is free, so a new attach is mapped and checked while the old
 * frame is still in place; a capability sent with any other request is
 * deleted by the loop.
 */
#include <erix/ipc.h>
#include <erix/memory.h>
#include <erix/serve.h>
#include <erix/slots.h>

#include "cnode.h"
#include "server.h"
#include "time_ctl.h"
#include "vspace_ctl.h"

#define WINDOW_BASE   0x40000000ull /* two 1 MiB windows in one 2 MiB page table */
#define VOLUME_BLOCKS (768u * 1024 / RAMFS_BLOCK_SIZE) /* of the 1 MiB heap */

/* ramfsd's capabilities, found by name, and the frame in each window (0: free). */
struct caps {
	erix_cptr_t service, vspace_ctl, vspace, cnode, retype, untyped, time;
	erix_cptr_t window_frame[2];
};

static uint64_t clock_now(void *ctx)
{
	const struct caps *c = ctx;
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep = {0};
	if (c->time == 0 || time_ctl_now(c->time, erix_ipc_buffer(), &req, &rep) != ERIX_OK)
		return 0;
	return rep.monotonic_ns;
}

static void delete_cap(const struct caps *c, erix_cptr_t slot)
{
	struct cnode_delete_req req = {.slot = slot};
	struct cnode_delete_rep rep;
	cnode_delete(c->cnode, erix_ipc_buffer(), &req, &rep);
}

/* Make and install the page tables down to the windows' leaf table. */
static enum erix_status map_window_tables(const struct caps *c)
{
	struct erix_memory m = {.cnode = c->cnode,
				.vspace = c->vspace,
				.retype = c->retype,
				.vspace_ctl = c->vspace_ctl,
				.untyped = c->untyped};
	return erix_memory_tables(&m, WINDOW_BASE);
}

/* server.h's map: keep the frame, map it read-write in the free window; its size from query. */
static enum erix_status map_frame(void *ctx, erix_cptr_t frame, void **base, uint64_t *size)
{
	struct caps *c = ctx;
	int w = c->window_frame[0] == 0 ? 0 : 1;
	uint64_t address = WINDOW_BASE + (uint64_t)w * RAMFS_MAX_BUFFER;
	erix_serve_keep(frame);
	struct vspace_ctl_map_frame_req map = {.address = address,
					       .rights = VSPACE_CTL_MAP_RIGHTS_READ_WRITE,
					       .space = c->vspace,
					       .page = frame};
	struct vspace_ctl_map_frame_rep mapped;
	struct vspace_ctl_query_req query = {.address = address, .space = c->vspace};
	struct vspace_ctl_query_rep found;
	if (vspace_ctl_map_frame(c->vspace_ctl, erix_ipc_buffer(), &map, &mapped) != ERIX_OK ||
	    vspace_ctl_query(c->vspace_ctl, erix_ipc_buffer(), &query, &found) != ERIX_OK) {
		delete_cap(c, frame);
		erix_slot_free(frame);
		return ERIX_E_INVALID_ARGUMENT; /* too large for its window, or not mappable */
	}
	c->window_frame[w] = frame;
	*base = (void *)(uintptr_t)address;
	*size = found.info.size;
	return ERIX_OK;
}

/* server.h's drop: deleting the capability unmaps the frame and frees its window. */
static void drop_frame(void *ctx, erix_cptr_t frame)
{
	struct caps *c = ctx;
	for (int w = 0; w < 2; w++)
		if (c->window_frame[w] == frame)
			c->window_frame[w] = 0;
	delete_cap(c, frame);
	erix_slot_free(frame);
}

/* Find every capability; false when one that is needed is missing. */
static bool find_caps(const struct erix_bootinfo *bi, struct caps *c)
{
	*c = (struct caps){.service = erix_slot_named(bi, "service"),
			   .vspace_ctl = erix_slot_named(bi, "vspace_ctl"),
			   .vspace = erix_slot_named(bi, "vspace"),
			   .cnode = erix_slot_named(bi, "cnode"),
			   .retype = erix_slot_named(bi, "retype_ctl"),
			   .untyped = erix_slot_named(bi, "untyped"),
			   .time = erix_slot_named(bi, "time_ctl")};
	return c->service && c->vspace_ctl && c->vspace && c->cnode && c->retype && c->untyped;
}

static struct ramfsd server;

/* One request: fs.idl. */
static bool handle(void *ctx, uint64_t badge, const struct erix_msg *request,
		   struct erix_msg *reply)
{
	(void)badge; /* only vfsd holds ramfsd's endpoint */
	return fs_dispatch(&ramfsd_server, ctx, request, reply);
}

int main(const struct erix_bootinfo *bi)
{
	static struct caps c;
	if (!find_caps(bi, &c) || map_window_tables(&c) != ERIX_OK ||
	    ramfs_init(&server.fs, VOLUME_BLOCKS, clock_now, &c) != ERIX_OK)
		return 1;
	server.map = map_frame;
	server.drop = drop_frame;
	server.map_ctx = &c;
	erix_serve(c.service, c.cnode, handle, &server);
}
