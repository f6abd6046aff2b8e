/* Capability slots and the derivation tree; see cap.h for the design. */
#include "cap.h"

static void clear(struct cap *c)
{
	*c = (struct cap){0};
}

/* Link `c` into the derivation tree right after `after` (or alone when NULL). */
static void link_after(struct cap *after, struct cap *c)
{
	c->prev = after;
	c->next = after ? after->next : NULL;
	if (after) {
		if (after->next)
			after->next->prev = c;
		after->next = c;
	}
}

static void unlink(struct cap *c)
{
	if (c->prev)
		c->prev->next = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->prev = c->next = NULL;
}

void cap_install_root(struct cap *dst, uint8_t kind, uint8_t rights, uint64_t object,
		      uint8_t size_bits)
{
	clear(dst);
	dst->kind = kind;
	dst->rights = rights;
	dst->object = object;
	dst->size_bits = size_bits;
	link_after(NULL, dst);
}

void cap_derive(struct cap *parent, struct cap *dst, uint8_t rights, uint64_t badge)
{
	clear(dst);
	dst->kind = parent->kind;
	dst->rights = parent->rights & rights;
	dst->depth = (uint8_t)(parent->depth + 1);
	dst->size_bits = parent->size_bits;
	dst->flags = parent->flags;
	dst->object = parent->object;
	dst->badge = cap_is_mappable(parent) ? 0 : badge; /* there the field is a list link */
	link_after(parent, dst); /* a derived capability is not mapped anywhere yet */
}

bool cap_has_children(const struct cap *slot)
{
	return slot->next && slot->next->depth > slot->depth;
}

/* Derivation depth is a byte; refuse to go deeper rather than wrap. */
static enum erix_status check_derivable(const struct cap *src, const struct cap *dst)
{
	if (cap_is_empty(src))
		return ERIX_E_NOT_FOUND;
	if (!cap_is_empty(dst))
		return ERIX_E_EXISTS;
	if (src->depth == UINT8_MAX)
		return ERIX_E_NO_MEMORY;
	return ERIX_OK;
}

enum erix_status cap_copy(struct cap *src, struct cap *dst, uint8_t rights)
{
	enum erix_status st = check_derivable(src, dst);
	if (st != ERIX_OK)
		return st;
	if (src->kind == ERIX_CAP_UNTYPED)
		return ERIX_E_NOT_SUPPORTED; /* one holder per region: split it instead */
	if (src->kind == ERIX_CAP_REPLY)
		return ERIX_E_NOT_SUPPORTED; /* it answers one call, once */
	cap_derive(src, dst, rights, src->badge);
	return ERIX_OK;
}

enum erix_status cap_mint(struct cap *src, struct cap *dst, uint8_t rights, uint64_t badge)
{
	enum erix_status st = check_derivable(src, dst);
	if (st != ERIX_OK)
		return st;
	if (src->kind == ERIX_CAP_REPLY)
		return ERIX_E_NOT_SUPPORTED; /* as for copy */
	if (src->kind != ERIX_CAP_ENDPOINT && src->kind != ERIX_CAP_NOTIFICATION)
		return ERIX_E_INVALID_ARGUMENT;
	if (src->badge != 0 || badge == 0)
		return ERIX_E_INVALID_ARGUMENT; /* a badge is set once, and never to 0 */
	cap_derive(src, dst, rights, badge);
	return ERIX_OK;
}

enum erix_status cap_move(struct cap *src, struct cap *dst)
{
	if (cap_is_empty(src))
		return ERIX_E_NOT_FOUND;
	if (src == dst)
		return ERIX_OK;
	if (!cap_is_empty(dst))
		return ERIX_E_EXISTS;
	*dst = *src;
	if (dst->prev)
		dst->prev->next = dst;
	if (dst->next)
		dst->next->prev = dst;
	if (dst->map_vspace)
		arch_mapping_moved(dst);
	if (dst->kind == ERIX_CAP_REPLY)
		endpoint_reply_moved(dst);
	clear(src);
	return ERIX_OK;
}

/* True when no other capability names the same object (they are contiguous in the tree). */
static bool is_final(const struct cap *c)
{
	bool same_prev = c->prev && c->prev->object == c->object && c->prev->kind == c->kind;
	bool same_next = c->next && c->next->object == c->object && c->next->kind == c->kind;
	return !same_prev && !same_next;
}

enum erix_status cap_delete(struct cap *slot)
{
	if (cap_is_empty(slot))
		return ERIX_E_NOT_FOUND;
	if (slot->kind == ERIX_CAP_UNTYPED && cap_has_children(slot))
		return ERIX_E_BUSY; /* revoke it first: objects live in its memory */
	if (slot->map_vspace)
		arch_unmap(slot);
	bool final = is_final(slot);
	struct cap copy = *slot;
	unlink(slot);
	clear(slot);
	if (final)
		object_destroy(&copy);
	return ERIX_OK;
}

enum erix_status cap_revoke(struct cap *slot)
{
	if (cap_is_empty(slot))
		return ERIX_E_NOT_FOUND;
	while (cap_has_children(slot)) {
		struct cap *child = slot->next;
		/* Delete the deepest end of the run first, so untyped children go empty. */
		while (cap_has_children(child))
			child = child->next;
		enum erix_status st = cap_delete(child);
		if (st != ERIX_OK)
			return st;
	}
	if (slot->kind == ERIX_CAP_UNTYPED)
		slot->watermark = 0; /* nothing lives in it any more */
	return ERIX_OK;
}
