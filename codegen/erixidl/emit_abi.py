"""Emit erix/abi.h: the shared IPC ABI (header, limits, statuses, kinds,
rights) and the small inline helpers every generated codec calls."""

from . import abi

PRELUDE = """\
/* generated from codegen/erixidl/abi.py - do not edit */
/*
 * The EriX IPC ABI shared by the kernel, every server and every client:
 * the message header, limits, the common status set, capability kinds and
 * rights. See docs/IDL.md for the wire format.
 */
#ifndef ERIX_ABI_H
#define ERIX_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
"""

HELPERS = """\
typedef uint32_t erix_cptr_t; /* a slot in the caller's capability space */

struct erix_msg_header {
	uint16_t magic;
	uint8_t version_major;
	uint8_t version_minor;
	uint32_t interface_id;
	uint16_t ordinal;
	uint8_t cap_count;
	uint8_t flags;
	uint16_t status;
	uint16_t payload_len;
};

/* A bytes<N>/string<N> parameter in the fixed part: where its data sits in the tail. */
struct erix_span {
	uint16_t offset; /* from the start of the payload */
	uint16_t length; /* bytes, without a string's NUL */
};

/* A capability as the kernel reports it to the receiver (or as a sender names it). */
struct erix_cap_info {
	erix_cptr_t slot;
	uint8_t kind;
	uint8_t rights;
	uint16_t reserved;
};

/*
 * One message: the bytes on the wire and the capabilities beside them. To
 * send, caps[i].slot names a capability of the sender's; on receipt the
 * kernel reports caps[i] as it landed: the slot (one of `receive`), its kind
 * and rights. `receive` lists the empty slots where capabilities arriving
 * with the next message or reply may land (0 = no more).
 */
struct erix_msg {
	uint32_t length;    /* bytes in `bytes`: header + payload */
	uint32_t cap_count; /* capabilities in `caps` (right after length: read together) */
	struct erix_cap_info caps[ERIX_MSG_MAX_CAPS];
	erix_cptr_t receive[ERIX_MSG_MAX_CAPS];
	_Alignas(8) uint8_t bytes[ERIX_MSG_MAX_BYTES];
};

/*
 * What a decoder expects of a header. word0 and word1 are the two halves of
 * the header this side would send itself (its own minor version, status 0),
 * payload_len left 0; the generator precomputes them for the fast checks.
 */
struct erix_msg_expect {
	uint64_t word0;
	uint64_t word1;
	uint32_t interface_id;
	uint8_t major;
	uint8_t minor_max;
	uint16_t ordinal;
	uint8_t flags;
	uint8_t cap_count;
};

#define ERIX_HEADER_WORD0_MINOR (0xffull << 24)
#define ERIX_HEADER_WORD1_LENGTH (0xffffull << 48)

static inline bool erix_status_known(uint32_t status)
{
	return status < ERIX_STATUS_COUNT;
}

/* True when any of the n bytes at p is NUL. */
static inline bool erix_has_nul(const uint8_t *p, size_t n)
{
	return n && __builtin_memchr(p, 0, n) != NULL;
}

/* True when all n bytes at p are zero; a few word loads when n is a constant. */
static inline bool erix_all_zero(const uint8_t *p, size_t n)
{
	uint64_t acc = 0, w8;
	uint32_t w4;
	uint16_t w2;
	for (; n >= 8; n -= 8, p += 8) {
		__builtin_memcpy(&w8, p, 8);
		acc |= w8;
	}
	if (n >= 4) {
		__builtin_memcpy(&w4, p, 4);
		acc |= w4;
		n -= 4;
		p += 4;
	}
	if (n >= 2) {
		__builtin_memcpy(&w2, p, 2);
		acc |= w2;
		n -= 2;
		p += 2;
	}
	if (n)
		acc |= *p;
	return acc == 0;
}

static inline void erix_put_header(struct erix_msg *msg, uint32_t interface_id, uint8_t major,
				   uint8_t minor, uint16_t ordinal, uint8_t flags, uint16_t status,
				   uint16_t payload_len, uint8_t cap_count)
{
	struct erix_msg_header h = {ERIX_MSG_MAGIC, major,   minor,  interface_id,
				    ordinal,        cap_count, flags, status,
				    payload_len};
	__builtin_memcpy(msg->bytes, &h, sizeof(h));
	/* length and cap_count in one store, as erix_msg_is_exact() reads them */
	uint64_t counts = (uint64_t)cap_count << 32 | (ERIX_MSG_HEADER_SIZE + (uint32_t)payload_len);
	__builtin_memcpy(&msg->length, &counts, sizeof(counts));
}

/* Check the parts of the header every message of an interface shares; copies it to *h. */
static inline enum erix_status erix_msg_peek(const struct erix_msg *msg, uint32_t interface_id,
					     uint8_t major, uint8_t minor_max,
					     struct erix_msg_header *h)
{
	if (msg->length < ERIX_MSG_HEADER_SIZE || msg->length > ERIX_MSG_MAX_BYTES)
		return ERIX_E_PROTOCOL_ERROR;
	__builtin_memcpy(h, msg->bytes, sizeof(*h));
	if (h->magic != ERIX_MSG_MAGIC || h->interface_id != interface_id)
		return ERIX_E_PROTOCOL_ERROR;
	if (h->version_major != major || h->version_minor > minor_max)
		return ERIX_E_VERSION_MISMATCH;
	return ERIX_OK;
}

/* The precise status for a header the fast check in erix_msg_check() refused. */
static inline enum erix_status erix_msg_diagnose(const struct erix_msg *msg,
						 const struct erix_msg_expect *e,
						 uint16_t *payload_len)
{
	struct erix_msg_header h;
	enum erix_status st = erix_msg_peek(msg, e->interface_id, e->major, e->minor_max, &h);
	if (st != ERIX_OK)
		return st;
	if (h.ordinal != e->ordinal)
		return ERIX_E_UNKNOWN_METHOD;
	if (h.flags != e->flags)
		return ERIX_E_PROTOCOL_ERROR;
	if ((uint32_t)h.payload_len + ERIX_MSG_HEADER_SIZE != msg->length)
		return ERIX_E_PROTOCOL_ERROR;
	if (h.status != ERIX_OK) {
		bool empty = h.payload_len == 0 && h.cap_count == 0 && msg->cap_count == 0;
		if (!(e->flags & ERIX_MSG_FLAG_REPLY) || !empty || !erix_status_known(h.status))
			return ERIX_E_PROTOCOL_ERROR;
		return (enum erix_status)h.status;
	}
	if (h.cap_count != msg->cap_count || h.cap_count != e->cap_count)
		return ERIX_E_BAD_CAPABILITY;
	*payload_len = h.payload_len;
	return ERIX_OK;
}

/*
 * Check a whole header against `e`; on ERIX_OK *payload_len is the payload
 * size. A reply whose status is not OK yields that status (it must carry
 * nothing else). The common case costs two word compares; anything else goes
 * to erix_msg_diagnose() for its precise status.
 */
static inline enum erix_status erix_msg_check(const struct erix_msg *msg,
					      const struct erix_msg_expect *e,
					      uint16_t *payload_len)
{
	uint64_t w0, w1;
	__builtin_memcpy(&w0, msg->bytes, 8);
	__builtin_memcpy(&w1, msg->bytes + 8, 8);
	uint32_t len = (uint32_t)(w1 >> 48);
	if ((w0 & ~ERIX_HEADER_WORD0_MINOR) == (e->word0 & ~ERIX_HEADER_WORD0_MINOR) &&
	    (uint8_t)(w0 >> 24) <= e->minor_max && (w1 & ~ERIX_HEADER_WORD1_LENGTH) == e->word1 &&
	    len + ERIX_MSG_HEADER_SIZE == msg->length && msg->length <= ERIX_MSG_MAX_BYTES &&
	    msg->cap_count == e->cap_count) {
		*payload_len = (uint16_t)len;
		return ERIX_OK;
	}
	return erix_msg_diagnose(msg, e, payload_len);
}

/*
 * The fast check for a message whose payload is exactly `payload` bytes (no
 * bytes<N>/string<N> parameters): from a peer of the same version every
 * header byte, the received length and the capability count are known in
 * advance, so three words compared with constants decide, in one branch.
 * False means "look closer" (erix_msg_check_exact), not "bad".
 */
static inline bool erix_msg_is_exact(const struct erix_msg *msg, const struct erix_msg_expect *e,
				     uint16_t payload)
{
	uint64_t w0, w1, counts;
	__builtin_memcpy(&w0, msg->bytes, 8);
	__builtin_memcpy(&w1, msg->bytes + 8, 8);
	__builtin_memcpy(&counts, &msg->length, 8); /* length, then cap_count */
	uint64_t diff = (w0 ^ e->word0) | (w1 ^ (e->word1 | (uint64_t)payload << 48)) |
			(counts ^ ((uint64_t)e->cap_count << 32 | (ERIX_MSG_HEADER_SIZE + payload)));
	return diff == 0;
}

/* Check a whole header against `e` (erix_msg_check), and a payload of exactly `payload` bytes. */
static inline enum erix_status erix_msg_check_exact(const struct erix_msg *msg,
						    const struct erix_msg_expect *e,
						    uint16_t payload)
{
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, e, &payload_len);
	if (st != ERIX_OK)
		return st;
	return payload_len == payload ? ERIX_OK : ERIX_E_PROTOCOL_ERROR;
}

/* Turn `reply` into an error reply: header only, carrying `status`. */
static inline void erix_msg_error_reply(struct erix_msg *reply, uint32_t interface_id,
					uint8_t major, uint8_t minor, uint16_t ordinal,
					enum erix_status status)
{
	erix_put_header(reply, interface_id, major, minor, ordinal, ERIX_MSG_FLAG_REPLY,
			(uint16_t)status, 0, 0);
}

/* Transport, provided by lib/libipc (or a test's loopback): send and wait for the reply in msg. */
enum erix_status erix_ipc_call(erix_cptr_t endpoint, struct erix_msg *msg);
/* Send without waiting (one-way methods). */
enum erix_status erix_ipc_send(erix_cptr_t endpoint, const struct erix_msg *msg);

/* A message for conformance and host tests, and what a decoder must answer. */
struct erix_wire_case {
	const char *name;
	uint32_t length;
	uint32_t cap_count;
	struct erix_cap_info caps[ERIX_MSG_MAX_CAPS];
	const uint8_t *bytes;
	enum erix_status expect;
};

/* What a generated probe server records: calls, and each request re-encoded. */
struct erix_probe {
	unsigned calls;
	struct erix_msg reencoded;
	const struct erix_msg *sample_reply; /* the reply the handler answered with */
};
"""


def emit():
    out = [PRELUDE]
    out.append(f"#define ERIX_MSG_MAGIC 0x{abi.MSG_MAGIC:04x}u")
    out.append(f"#define ERIX_MSG_HEADER_SIZE {abi.HEADER_SIZE}u")
    out.append(f"#define ERIX_MSG_MAX_BYTES {abi.MAX_MSG_BYTES}u")
    out.append(f"#define ERIX_MSG_MAX_PAYLOAD {abi.MAX_PAYLOAD}u")
    out.append(f"#define ERIX_MSG_MAX_CAPS {abi.MAX_CAPS}u")
    out.append(f"#define ERIX_MSG_FLAG_REPLY 0x{abi.FLAG_REPLY:02x}u")
    out.append(f"#define ERIX_MSG_FLAG_ONEWAY 0x{abi.FLAG_ONEWAY:02x}u")
    out.append("")
    out.append("/* The common status set: every reply carries one of these. */")
    out.append("enum erix_status {")
    for name, value, meaning in abi.STATUSES:
        cname = "ERIX_OK" if name == "OK" else f"ERIX_E_{name}"
        out.append(f"\t{cname} = {value}, /* {meaning} */")
    out.append("};")
    out.append(f"#define ERIX_STATUS_COUNT {len(abi.STATUSES)}u")
    out.append("")
    out.append("/* Kernel object kinds a capability can name. */")
    out.append("enum erix_cap_kind {")
    for name, value, meaning in abi.CAP_KINDS:
        out.append(f"\tERIX_CAP_{name.upper()} = {value}, /* {meaning} */")
    out.append("};")
    out.append("")
    for name, bit in abi.RIGHTS:
        out.append(f"#define ERIX_RIGHT_{name.upper()} 0x{bit:02x}u")
    out.append("")
    out.append(HELPERS)
    out.append("_Static_assert(sizeof(struct erix_msg_header) == ERIX_MSG_HEADER_SIZE, \"header size\");")
    for name, _, offset, _ in abi.HEADER_FIELDS:
        out.append(f"_Static_assert(offsetof(struct erix_msg_header, {name}) == {offset}, \"{name}\");")
    out.append("\n#endif")
    return "\n".join(out) + "\n"
