/* Retyping untyped memory into objects; see untyped.h. */
#include "untyped.h"

#include "object.h"
#include "physmem.h"

#define MAX_CNODE_SLOT_BITS 16
#define FRAME_BITS          12
#define LARGE_FRAME_BITS    21

uint8_t object_size_bits(uint8_t kind, uint8_t size_bits)
{
	switch (kind) {
	case ERIX_CAP_FRAME:
	case ERIX_CAP_DEVICE_FRAME:
		return size_bits == FRAME_BITS || size_bits == LARGE_FRAME_BITS ? size_bits : 0;
	case ERIX_CAP_CNODE:
		return size_bits >= 1 && size_bits <= MAX_CNODE_SLOT_BITS
			       ? size_bits + CAP_SLOT_BITS
			       : 0;
	case ERIX_CAP_UNTYPED:
		return size_bits >= UNTYPED_MIN_BITS && size_bits <= UNTYPED_MAX_BITS ? size_bits
										      : 0;
	case ERIX_CAP_ENDPOINT:
	case ERIX_CAP_NOTIFICATION:
		return OBJECT_SMALL_BITS;
	case ERIX_CAP_THREAD:
		return OBJECT_THREAD_BITS;
	case ERIX_CAP_VSPACE:
		return FRAME_BITS + 1; /* the PML4, then a page of bookkeeping (vspace.c) */
	case ERIX_CAP_PAGE_TABLE:
		return FRAME_BITS;
	default:
		return 0;
	}
}

uint64_t untyped_free_bytes(const struct cap *ut)
{
	return (1ull << ut->size_bits) - ut->watermark;
}

static enum erix_status check_slots(struct cap *const *dst, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		if (!dst[i])
			return ERIX_E_INVALID_ARGUMENT;
		if (!cap_is_empty(dst[i]))
			return ERIX_E_EXISTS;
		for (uint32_t j = 0; j < i; j++)
			if (dst[j] == dst[i])
				return ERIX_E_INVALID_ARGUMENT;
	}
	return ERIX_OK;
}

enum erix_status untyped_retype(struct cap *ut, uint8_t kind, uint8_t size_bits, uint32_t count,
				struct cap *const *dst)
{
	if (ut->kind != ERIX_CAP_UNTYPED)
		return ERIX_E_BAD_CAPABILITY;
	if (!(ut->rights & ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	uint8_t bits = object_size_bits(kind, size_bits);
	if (!bits || count == 0 || count > RETYPE_MAX_COUNT)
		return ERIX_E_INVALID_ARGUMENT;
	bool device = ut->flags & CAP_FLAG_DEVICE;
	if (kind == ERIX_CAP_DEVICE_FRAME ? !device : device && kind != ERIX_CAP_UNTYPED)
		return ERIX_E_INVALID_ARGUMENT; /* device space makes device frames, and only it
						   does */
	if (bits > ut->size_bits)
		return ERIX_E_NO_MEMORY;
	if (ut->depth == UINT8_MAX)
		return ERIX_E_NO_MEMORY;
	enum erix_status st = check_slots(dst, count);
	if (st != ERIX_OK)
		return st;

	uint64_t region = 1ull << ut->size_bits, object = 1ull << bits;
	uint64_t start = (ut->watermark + object - 1) & ~(object - 1);
	if (start > region || (region - start) >> bits < count)
		return ERIX_E_NO_MEMORY;

	for (uint32_t i = 0; i < count; i++) {
		uint64_t phys = ut->object + start + (uint64_t)i * object;
		if (!device) /* device registers are not memory to clear */
			zero_phys(phys, object);
		cap_derive(ut, dst[i], ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT, 0);
		dst[i]->kind = kind;
		dst[i]->rights = kind == ERIX_CAP_FRAME
					 ? ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_EXECUTE |
						   ERIX_RIGHT_GRANT
					 : ERIX_RIGHT_READ | ERIX_RIGHT_WRITE | ERIX_RIGHT_GRANT;
		dst[i]->object = phys;
		dst[i]->size_bits = bits;
		object_init(dst[i]);
	}
	ut->watermark = start + count * object;
	return ERIX_OK;
}
