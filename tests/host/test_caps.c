/*
 * Host tests of the capability core (kernel/object): retyping untyped
 * memory, copy, mint, move, delete, revoke and the derivation tree, with
 * "physical memory" in an arena so ASan sees every access.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cap.h"
#include "object.h"
#include "physmem.h"
#include "untyped.h"

uint8_t *arena;
uint64_t arena_size = 1u << 24;
static unsigned inits, tests, failures;

void arch_object_init(struct cap *c)
{
	(void)c;
	inits++;
}

void arch_vspace_destroy(struct cap *last)
{
	(void)last;
}

void arch_irq_destroy(struct cap *last)
{
	(void)last;
}

void arch_mapping_moved(struct cap *c)
{
	(void)c;
}

void arch_unmap(struct cap *c)
{
	c->map_vspace = 0;
}

void thread_destroy(struct cap *c)
{
	(void)c;
}

void notification_destroy(struct cap *c)
{
	(void)c;
}

void endpoint_destroy(struct cap *c)
{
	(void)c;
}

static struct cap *reply_moved_to;
static unsigned replies_destroyed;

void endpoint_reply_moved(struct cap *c)
{
	reply_moved_to = c;
}

void endpoint_reply_destroy(struct cap *c)
{
	(void)c;
	replies_destroyed++;
}

static void check(int ok, const char *name)
{
	tests++;
	failures += !ok;
	printf("%s %u - %s\n", ok ? "ok" : "not ok", tests, name);
}

static struct cap root_slots[64];

/* A fresh 16 MiB untyped capability over the arena in root_slots[0]. */
static struct cap *fresh_untyped(void)
{
	for (int i = 0; i < 64; i++)
		if (!cap_is_empty(&root_slots[i]))
			memset(&root_slots[i], 0, sizeof(root_slots[i]));
	cap_install_root(&root_slots[0], ERIX_CAP_UNTYPED, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE,
			 ARENA_PHYS, 24);
	return &root_slots[0];
}

static enum erix_status retype_into(struct cap *ut, uint8_t kind, uint8_t bits, uint32_t count,
				    struct cap *first)
{
	struct cap *dst[16];
	for (uint32_t i = 0; i < count && i < 16; i++)
		dst[i] = first + i;
	return untyped_retype(ut, kind, bits, count, dst);
}

static void test_retype(void)
{
	struct cap *ut = fresh_untyped();
	check(retype_into(ut, ERIX_CAP_ENDPOINT, 0, 2, &root_slots[1]) == ERIX_OK,
	      "retype two endpoints");
	check(root_slots[1].kind == ERIX_CAP_ENDPOINT && root_slots[1].depth == 1 &&
		      root_slots[2].object == root_slots[1].object + 64,
	      "endpoints are children of the untyped, 64 bytes apart");
	check(retype_into(ut, ERIX_CAP_FRAME, 12, 1, &root_slots[3]) == ERIX_OK &&
		      root_slots[3].object % 4096 == 0,
	      "a frame is page aligned after smaller objects");
	check(retype_into(ut, ERIX_CAP_FRAME, 13, 1, &root_slots[4]) == ERIX_E_INVALID_ARGUMENT,
	      "an 8 KiB frame is refused");
	check(retype_into(ut, ERIX_CAP_FRAME, 12, 1, &root_slots[1]) == ERIX_E_EXISTS,
	      "retype into an occupied slot is refused");
	struct cap *same[2] = {&root_slots[5], &root_slots[5]};
	check(untyped_retype(ut, ERIX_CAP_FRAME, 12, 2, same) == ERIX_E_INVALID_ARGUMENT,
	      "retype into the same slot twice is refused");
	uint64_t before = untyped_free_bytes(ut);
	check(retype_into(ut, ERIX_CAP_UNTYPED, 24, 1, &root_slots[5]) == ERIX_E_NO_MEMORY &&
		      untyped_free_bytes(ut) == before && cap_is_empty(&root_slots[5]),
	      "retype beyond the region fails and changes nothing");
	check(retype_into(ut, ERIX_CAP_CNODE, 17, 1, &root_slots[5]) == ERIX_E_INVALID_ARGUMENT,
	      "a cnode of 2^17 slots is refused");
	check(untyped_retype(&root_slots[1], ERIX_CAP_FRAME, 12, 1,
			     (struct cap *[]){&root_slots[6]}) == ERIX_E_BAD_CAPABILITY,
	      "only untyped memory can be retyped");
	struct cap ro;
	memset(&ro, 0, sizeof(ro));
	cap_derive(ut, &ro, ERIX_RIGHT_READ, 0);
	check(untyped_retype(&ro, ERIX_CAP_FRAME, 12, 1, (struct cap *[]){&root_slots[6]}) ==
		      ERIX_E_NO_PERMISSION,
	      "retype needs the write right");
	cap_delete(&ro);
	check(cap_delete(ut) == ERIX_E_BUSY, "an untyped with objects cannot be deleted");
	check(cap_revoke(ut) == ERIX_OK && untyped_free_bytes(ut) == 1u << 24 &&
		      cap_is_empty(&root_slots[1]) && cap_is_empty(&root_slots[3]),
	      "revoking the untyped destroys its objects and returns all memory");
}

static void test_rights_and_badges(void)
{
	struct cap *ut = fresh_untyped();
	retype_into(ut, ERIX_CAP_ENDPOINT, 0, 1, &root_slots[1]);
	struct cap *ep = &root_slots[1];
	check(cap_copy(ep, &root_slots[2], ERIX_RIGHT_READ) == ERIX_OK &&
		      root_slots[2].rights == ERIX_RIGHT_READ,
	      "copy with fewer rights");
	check(cap_copy(&root_slots[2], &root_slots[3], 0xff) == ERIX_OK &&
		      root_slots[3].rights == ERIX_RIGHT_READ,
	      "rights never grow on derivation");
	check(cap_mint(ep, &root_slots[4], 0xff, 42) == ERIX_OK && root_slots[4].badge == 42,
	      "mint sets a badge");
	check(cap_mint(&root_slots[4], &root_slots[5], 0xff, 7) == ERIX_E_INVALID_ARGUMENT,
	      "a badge cannot be changed");
	check(cap_mint(ep, &root_slots[5], 0xff, 0) == ERIX_E_INVALID_ARGUMENT,
	      "a zero badge cannot be minted");
	check(cap_copy(ut, &root_slots[6], 0xff) == ERIX_E_NOT_SUPPORTED,
	      "untyped memory cannot be copied");
	check(cap_copy(&root_slots[7], &root_slots[8], 0xff) == ERIX_E_NOT_FOUND,
	      "copying an empty slot fails");
	check(cap_move(&root_slots[4], &root_slots[9]) == ERIX_OK && cap_is_empty(&root_slots[4]) &&
		      root_slots[9].badge == 42,
	      "move keeps the badge and empties the source");
	check(cap_revoke(ep) == ERIX_OK && cap_is_empty(&root_slots[2]) &&
		      cap_is_empty(&root_slots[3]) && cap_is_empty(&root_slots[9]) &&
		      !cap_is_empty(ep),
	      "revoke withdraws every derived capability, moved ones too, and keeps the original");
	cap_revoke(ut);
}

/* A reply capability: never copied or minted; a move and a delete reach its hooks. */
static void test_reply(void)
{
	struct cap *reply = &root_slots[10], *moved = &root_slots[11];
	cap_install_root(reply, ERIX_CAP_REPLY, ERIX_RIGHT_WRITE, 0x1000, 0);
	check(cap_copy(reply, &root_slots[12], 0xff) == ERIX_E_NOT_SUPPORTED &&
		      cap_mint(reply, &root_slots[12], 0xff, 1) == ERIX_E_NOT_SUPPORTED &&
		      cap_is_empty(&root_slots[12]),
	      "a reply capability is never copied or minted");
	check(cap_move(reply, moved) == ERIX_OK && reply_moved_to == moved,
	      "moving a reply capability tells its caller the new slot");
	check(cap_delete(moved) == ERIX_OK && replies_destroyed == 1 && cap_is_empty(moved),
	      "deleting it reaches the reply hook");
}

static void test_cnode_destruction(void)
{
	struct cap *ut = fresh_untyped();
	/* A chain of 40 cnodes, each holding the only capability to the next. */
	struct cap *holder = &root_slots[1];
	retype_into(ut, ERIX_CAP_CNODE, 2, 1, holder);
	struct cap *slots = cnode_slots(holder);
	for (int i = 0; i < 40; i++) {
		struct cap *next = &slots[1];
		retype_into(ut, ERIX_CAP_CNODE, 2, 1, next);
		retype_into(ut, ERIX_CAP_ENDPOINT, 0, 1, &slots[2]);
		slots = cnode_slots(next);
	}
	uint64_t used = (1u << 24) - untyped_free_bytes(ut);
	check(cap_delete(holder) == ERIX_OK, "deleting the outermost cnode");
	check(!cap_has_children(ut),
	      "every cnode of the chain and everything in them is gone (no recursion)");
	check(used > 0 && cap_revoke(ut) == ERIX_OK && untyped_free_bytes(ut) == 1u << 24,
	      "and the memory returns on revoke");
}

static void test_cycles(void)
{
	struct cap *ut = fresh_untyped();
	uint64_t start = untyped_free_bytes(ut);
	for (int round = 0; round < 1000; round++) {
		retype_into(ut, ERIX_CAP_CNODE, 4, 1, &root_slots[1]);
		struct cap *slots = cnode_slots(&root_slots[1]);
		retype_into(ut, ERIX_CAP_ENDPOINT, 0, 4, &slots[1]);
		retype_into(ut, ERIX_CAP_FRAME, 12, 4, &slots[5]);
		cap_copy(&slots[1], &slots[9], ERIX_RIGHT_READ);
		cap_delete(&root_slots[1]);
		cap_revoke(ut);
	}
	check(untyped_free_bytes(ut) == start && !cap_has_children(ut),
	      "1000 create/destroy rounds leave free memory where it started");
}

static void test_depth_limit(void)
{
	struct cap *ut = fresh_untyped();
	static struct cap chain[300];
	retype_into(ut, ERIX_CAP_ENDPOINT, 0, 1, &chain[0]);
	int i = 0;
	while (i < 299 && cap_copy(&chain[i], &chain[i + 1], 0xff) == ERIX_OK)
		i++;
	check(i == 254, "derivation stops at depth 255 instead of wrapping");
	cap_revoke(ut);
	check(!cap_has_children(ut), "and a revoke clears the whole chain");
}

int main(void)
{
	arena = aligned_alloc(1u << 24, arena_size);
	if (!arena)
		return 1;
	test_retype();
	test_rights_and_badges();
	test_reply();
	test_cnode_destruction();
	test_cycles();
	test_depth_limit();
	check(inits > 0, "every object got its constructor");
	printf("1..%u\n", tests);
	free(arena);
	return failures ? 1 : 0;
}
