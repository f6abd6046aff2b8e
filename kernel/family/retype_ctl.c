/*
 * The memory-retyping family: turning untyped memory into objects. The
 * untyped capability (source) and the cnode that receives the new
 * capabilities (destination) travel as capabilities in the message, so a
 * task can only retype memory it holds into a capability space it holds.
 */
#include "retype_ctl.h"
#include "invoke.h"
#include "kernel.h"
#include "object/object.h"
#include "object/untyped.h"

/* Resolve destination slots first .. first+count-1 of `cnode`; false if any is out of range. */
static bool destination_slots(const struct cap *cnode, uint32_t first, uint32_t count,
			      struct cap **dst)
{
	uint32_t slots = cnode_slot_count(cnode);
	if (count == 0 || count > RETYPE_MAX_COUNT || first == CAP_NULL_SLOT || first >= slots ||
	    count > slots - first)
		return false;
	for (uint32_t i = 0; i < count; i++)
		dst[i] = &cnode_slots(cnode)[first + i];
	return true;
}

static enum erix_status make_objects(struct invocation *inv, uint8_t kind, uint8_t size_bits,
				     uint32_t count, uint32_t first, uint64_t *free_bytes)
{
	static struct cap *dst[RETYPE_MAX_COUNT];
	struct cap *source = inv->caps[0], *cnode = inv->caps[1];
	if (!destination_slots(cnode, first, count, dst))
		return ERIX_E_INVALID_ARGUMENT;
	enum erix_status st = untyped_retype(source, kind, size_bits, count, dst);
	*free_bytes = untyped_free_bytes(source);
	return st;
}

static enum erix_status retype(void *ctx, const struct retype_ctl_retype_req *req,
			       struct retype_ctl_retype_rep *rep)
{
	return make_objects(ctx, req->kind, req->size_bits, req->count, req->first_slot,
			    &rep->free_bytes);
}

static enum erix_status split(void *ctx, const struct retype_ctl_split_req *req,
			      struct retype_ctl_split_rep *rep)
{
	return make_objects(ctx, ERIX_CAP_UNTYPED, req->size_bits, req->count, req->first_slot,
			    &rep->free_bytes);
}

static enum erix_status query(void *ctx, const struct retype_ctl_query_req *req,
			      struct retype_ctl_query_rep *rep)
{
	struct invocation *inv = ctx;
	(void)req;
	rep->size_bits = inv->caps[0]->size_bits;
	rep->free_bytes = untyped_free_bytes(inv->caps[0]);
	return ERIX_OK;
}

static const struct retype_ctl_server server = {
	.retype = retype,
	.split = split,
	.query = query,
};

bool retype_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
		       struct erix_msg *reply)
{
	return retype_ctl_dispatch(&server, inv, request, reply);
}
