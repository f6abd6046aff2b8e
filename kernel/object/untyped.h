/*
 * Untyped memory: a power-of-two region of RAM that the kernel hands out
 * only by retyping it into objects. Retyping takes the next suitably aligned
 * part of the region (a watermark moves up), zeroes it, and puts one
 * capability per new object into empty slots, each a child of the untyped
 * capability. Revoking the untyped capability destroys everything made from
 * it and returns the whole region.
 */
#ifndef ERIX_OBJECT_UNTYPED_H
#define ERIX_OBJECT_UNTYPED_H

#include "cap.h"

#define UNTYPED_MIN_BITS 12
#define UNTYPED_MAX_BITS 47
#define RETYPE_MAX_COUNT 256

/* Size in bits of one object of `kind` asked for with `size_bits`; 0 when invalid. */
uint8_t object_size_bits(uint8_t kind, uint8_t size_bits);

/*
 * Retype `count` objects of `kind` from the untyped capability `ut` into the
 * empty slots `dst[0..count)`. All checks come before any change.
 */
enum erix_status untyped_retype(struct cap *ut, uint8_t kind, uint8_t size_bits, uint32_t count,
				struct cap *const *dst);

/* Bytes of `ut` not yet retyped. */
uint64_t untyped_free_bytes(const struct cap *ut);

#endif
