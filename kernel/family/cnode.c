/*
 * Capability-node operations, invoked on a capability to the cnode itself:
 * copy, mint, move, delete, revoke and inspect within it, copy_to into
 * another cnode, and save_reply (the caller's reply right into a slot,
 * object/endpoint.c). The derivation rules live in object/cap.c; this file
 * only resolves slots and checks the invoking capability's rights.
 */
#include "cnode.h"
#include "invoke.h"
#include "kernel.h"
#include "object/endpoint.h"
#include "object/object.h"

/* Slot `index` of the cnode `c`; NULL for the null slot or past its end. */
static struct cap *slot_at(const struct cap *c, uint32_t index)
{
	if (index == CAP_NULL_SLOT || index >= cnode_slot_count(c))
		return NULL;
	return &cnode_slots(c)[index];
}

/* Resolve two slots of the invoked cnode, which must be writable. */
static enum erix_status two_slots(void *ctx, uint32_t a, uint32_t b, struct cap **sa,
				  struct cap **sb)
{
	const struct cap *cn = ((struct invocation *)ctx)->target;
	if (!(cn->rights & ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	*sa = slot_at(cn, a);
	*sb = slot_at(cn, b);
	return *sa && *sb ? ERIX_OK : ERIX_E_INVALID_ARGUMENT;
}

static enum erix_status copy(void *ctx, const struct cnode_copy_req *req,
			     struct cnode_copy_rep *rep)
{
	struct cap *src, *dst;
	enum erix_status st = two_slots(ctx, req->source, req->destination, &src, &dst);
	(void)rep;
	return st == ERIX_OK ? cap_copy(src, dst, req->rights) : st;
}

static enum erix_status mint(void *ctx, const struct cnode_mint_req *req,
			     struct cnode_mint_rep *rep)
{
	struct cap *src, *dst;
	enum erix_status st = two_slots(ctx, req->source, req->destination, &src, &dst);
	(void)rep;
	return st == ERIX_OK ? cap_mint(src, dst, req->rights, req->badge) : st;
}

static enum erix_status move(void *ctx, const struct cnode_move_req *req,
			     struct cnode_move_rep *rep)
{
	struct cap *src, *dst;
	enum erix_status st = two_slots(ctx, req->source, req->destination, &src, &dst);
	(void)rep;
	return st == ERIX_OK ? cap_move(src, dst) : st;
}

static enum erix_status delete_slot(void *ctx, const struct cnode_delete_req *req,
				    struct cnode_delete_rep *rep)
{
	struct cap *slot, *same;
	enum erix_status st = two_slots(ctx, req->slot, req->slot, &slot, &same);
	(void)rep;
	return st == ERIX_OK ? cap_delete(slot) : st;
}

static enum erix_status revoke(void *ctx, const struct cnode_revoke_req *req,
			       struct cnode_revoke_rep *rep)
{
	struct cap *slot, *same;
	enum erix_status st = two_slots(ctx, req->slot, req->slot, &slot, &same);
	(void)rep;
	return st == ERIX_OK ? cap_revoke(slot) : st;
}

static enum erix_status inspect(void *ctx, const struct cnode_inspect_req *req,
				struct cnode_inspect_rep *rep)
{
	const struct cap *cn = ((struct invocation *)ctx)->target;
	if (!(cn->rights & ERIX_RIGHT_READ))
		return ERIX_E_NO_PERMISSION;
	const struct cap *slot = slot_at(cn, req->slot);
	if (!slot)
		return ERIX_E_INVALID_ARGUMENT;
	rep->kind = slot->kind;
	rep->rights = slot->kind ? slot->rights : 0;
	rep->badge = slot->kind && !cap_is_mappable(slot) ? slot->badge : 0;
	return ERIX_OK;
}

static enum erix_status copy_to(void *ctx, const struct cnode_copy_to_req *req,
				struct cnode_copy_to_rep *rep)
{
	struct invocation *inv = ctx;
	(void)rep;
	if (!(inv->target->rights & ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	struct cap *src = slot_at(inv->target, req->source),
		   *dst = slot_at(inv->caps[0], req->destination);
	if (!src || !dst)
		return ERIX_E_INVALID_ARGUMENT;
	return cap_copy(src, dst, req->rights);
}

static enum erix_status save_reply(void *ctx, const struct cnode_save_reply_req *req,
				   struct cnode_save_reply_rep *rep)
{
	struct invocation *inv = ctx;
	struct cap *slot, *same;
	enum erix_status st = two_slots(ctx, req->slot, req->slot, &slot, &same);
	(void)rep;
	return st == ERIX_OK ? endpoint_save_reply(inv->caller, slot) : st;
}

static const struct cnode_server server = {
	.copy = copy,
	.mint = mint,
	.move = move,
	.delete = delete_slot,
	.revoke = revoke,
	.inspect = inspect,
	.copy_to = copy_to,
	.save_reply = save_reply,
};

bool cnode_invoke(struct invocation *inv, const struct erix_msg *request, struct erix_msg *reply)
{
	return cnode_dispatch(&server, inv, request, reply);
}
