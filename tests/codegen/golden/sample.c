/* generated from tests/codegen/sample.idl - do not edit */
#include "sample.h"

enum erix_status sample_point_check(const struct sample_point *v)
{
	if (!erix_all_zero(v->_pad0, 3))
		return ERIX_E_PROTOCOL_ERROR;
	if (!erix_all_zero(v->_pad1, 6))
		return ERIX_E_PROTOCOL_ERROR;
	if (v->visible > 1)
		return ERIX_E_OUT_OF_RANGE;
	if (!sample_colour_valid(v->hue))
		return ERIX_E_OUT_OF_RANGE;
	return ERIX_OK;
}

enum erix_status sample_path_check(const struct sample_path *v)
{
	enum erix_status st;
	if (!erix_all_zero(v->_pad0, 6))
		return ERIX_E_PROTOCOL_ERROR;
	for (size_t i0 = 0; i0 < 2; i0++) {
		if ((st = sample_point_check(&v->ends[i0])) != ERIX_OK)
			return st;
	}
	if (!sample_level_valid(v->grade))
		return ERIX_E_OUT_OF_RANGE;
	return ERIX_OK;
}

enum erix_status sample_add_req_encode(const struct sample_add_req *in, struct erix_msg *msg)
{
	uint32_t cursor = 16;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	uint64_t a_word = (uint32_t)in->a; /* a and _pad0, zero */
	__builtin_memcpy(payload + 0, &a_word, 8);
	__builtin_memcpy(payload + 8, &in->b, 8);
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_add_req_expect = {0x00007e5701024558ull, 0x0000000000000001ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, 0, 0};

/* The payload of add's request, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_add_req_payload(const struct erix_msg *msg, struct sample_add_req *out)
{
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (!erix_all_zero(payload + 4, 4)) /* _pad0 */
		return ERIX_E_PROTOCOL_ERROR;
	__builtin_memcpy(&out->a, payload + 0, 4);
	__builtin_memcpy(&out->b, payload + 8, 8);
	return ERIX_OK;
}

/* add's request with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_add_req_decode_slow(const struct erix_msg *msg, struct sample_add_req *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_add_req_expect, 16);
	if (st != ERIX_OK)
		return st;
	return sample_add_req_payload(msg, out);
}

enum erix_status sample_add_req_decode(const struct erix_msg *msg, struct sample_add_req *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_add_req_expect, 16), 0))
		return sample_add_req_decode_slow(msg, out);
	return sample_add_req_payload(msg, out);
}

enum erix_status sample_add_rep_encode(const struct sample_add_rep *in, struct erix_msg *msg)
{
	uint32_t cursor = 8;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memcpy(payload + 0, &in->sum, 8);
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_add_rep_expect = {0x00007e5701024558ull, 0x0000000001000001ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_ADD_ORDINAL, ERIX_MSG_FLAG_REPLY, 0};

/* The payload of add's reply, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_add_rep_payload(const struct erix_msg *msg, struct sample_add_rep *out)
{
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memcpy(&out->sum, payload + 0, 8);
	return ERIX_OK;
}

/* add's reply with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_add_rep_decode_slow(const struct erix_msg *msg, struct sample_add_rep *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_add_rep_expect, 8);
	if (st != ERIX_OK)
		return st;
	return sample_add_rep_payload(msg, out);
}

enum erix_status sample_add_rep_decode(const struct erix_msg *msg, struct sample_add_rep *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_add_rep_expect, 8), 0))
		return sample_add_rep_decode_slow(msg, out);
	return sample_add_rep_payload(msg, out);
}

static bool sample_add_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_add_req req;
	__builtin_memset(&req, 0, sizeof(req));
	enum erix_status st = sample_add_req_decode(request, &req);
	struct sample_add_rep rep;
	__builtin_memset(&rep, 0, sizeof(rep));
	if (st == ERIX_OK)
		st = srv->add ? srv->add(ctx, &req, &rep) : ERIX_E_NOT_SUPPORTED;
	if (st == ERIX_OK)
		st = sample_add_rep_encode(&rep, reply);
	if (st != ERIX_OK)
		erix_msg_error_reply(reply, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, st);
	return true;
}

enum erix_status sample_lookup_req_encode(const struct sample_lookup_req *in, struct erix_msg *msg)
{
	uint32_t cursor = 6;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	payload[4] = in->exact ? 1 : 0;
	if (!sample_colour_valid(in->hint))
		return ERIX_E_OUT_OF_RANGE;
	__builtin_memcpy(payload + 5, &in->hint, 1);
	if (in->name_len > 64)
		return ERIX_E_TOO_LARGE;
	if (in->name_len && !in->name)
		return ERIX_E_INVALID_ARGUMENT;
	if (erix_has_nul((const uint8_t *)in->name, in->name_len))
		return ERIX_E_INVALID_ARGUMENT;
	struct erix_span name_span = {(uint16_t)cursor, in->name_len};
	__builtin_memcpy(payload + 0, &name_span, sizeof(name_span));
	if (in->name_len)
		__builtin_memcpy(payload + cursor, in->name, in->name_len);
	cursor += in->name_len;
	payload[cursor++] = 0;
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_lookup_req_decode(const struct erix_msg *msg, struct sample_lookup_req *out)
{
	static const struct erix_msg_expect expect = {0x00007e5701024558ull, 0x0000000000000002ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, 0, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 6)
		return ERIX_E_PROTOCOL_ERROR;
	if (payload[4] > 1)
		return ERIX_E_OUT_OF_RANGE;
	out->exact = payload[4] != 0;
	__builtin_memcpy(&out->hint, payload + 5, 1);
	if (!sample_colour_valid(out->hint))
		return ERIX_E_OUT_OF_RANGE;
	uint32_t cursor = 6;
	struct erix_span name_span;
	__builtin_memcpy(&name_span, payload + 0, sizeof(name_span));
	if (name_span.offset != cursor)
		return ERIX_E_PROTOCOL_ERROR;
	if (name_span.length > 64)
		return ERIX_E_TOO_LARGE;
	if ((uint32_t)name_span.length + 1u > (uint32_t)payload_len - cursor)
		return ERIX_E_PROTOCOL_ERROR;
	if (payload[cursor + name_span.length] != 0 || erix_has_nul(payload + cursor, name_span.length))
		return ERIX_E_PROTOCOL_ERROR;
	out->name = (const char *)(payload + cursor);
	out->name_len = name_span.length;
	cursor += (uint32_t)name_span.length + 1u;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

enum erix_status sample_lookup_rep_encode(const struct sample_lookup_rep *in, struct erix_msg *msg)
{
	enum erix_status st;
	uint32_t cursor = 32;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memset(payload + 28, 0, 4); /* _pad0 */
	if ((st = sample_point_check(&in->where)) != ERIX_OK)
		return st;
	__builtin_memcpy(payload + 0, &in->where, 24);
	if (in->blob_len > 32)
		return ERIX_E_TOO_LARGE;
	if (in->blob_len && !in->blob)
		return ERIX_E_INVALID_ARGUMENT;
	struct erix_span blob_span = {(uint16_t)cursor, in->blob_len};
	__builtin_memcpy(payload + 24, &blob_span, sizeof(blob_span));
	if (in->blob_len)
		__builtin_memcpy(payload + cursor, in->blob, in->blob_len);
	cursor += in->blob_len;
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_lookup_rep_decode(const struct erix_msg *msg, struct sample_lookup_rep *out)
{
	static const struct erix_msg_expect expect = {0x00007e5701024558ull, 0x0000000001000002ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_LOOKUP_ORDINAL, ERIX_MSG_FLAG_REPLY, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 32)
		return ERIX_E_PROTOCOL_ERROR;
	if (!erix_all_zero(payload + 28, 4)) /* _pad0 */
		return ERIX_E_PROTOCOL_ERROR;
	__builtin_memcpy(&out->where, payload + 0, 24);
	if ((st = sample_point_check(&out->where)) != ERIX_OK)
		return st;
	uint32_t cursor = 32;
	struct erix_span blob_span;
	__builtin_memcpy(&blob_span, payload + 24, sizeof(blob_span));
	if (blob_span.offset != cursor)
		return ERIX_E_PROTOCOL_ERROR;
	if (blob_span.length > 32)
		return ERIX_E_TOO_LARGE;
	if ((uint32_t)blob_span.length + 0u > (uint32_t)payload_len - cursor)
		return ERIX_E_PROTOCOL_ERROR;
	out->blob = payload + cursor;
	out->blob_len = blob_span.length;
	cursor += (uint32_t)blob_span.length + 0u;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

static bool sample_lookup_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_lookup_req req;
	__builtin_memset(&req, 0, sizeof(req));
	enum erix_status st = sample_lookup_req_decode(request, &req);
	struct sample_lookup_rep rep;
	__builtin_memset(&rep, 0, sizeof(rep));
	if (st == ERIX_OK)
		st = srv->lookup ? srv->lookup(ctx, &req, &rep) : ERIX_E_NOT_SUPPORTED;
	if (st == ERIX_OK)
		st = sample_lookup_rep_encode(&rep, reply);
	if (st != ERIX_OK)
		erix_msg_error_reply(reply, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, st);
	return true;
}

enum erix_status sample_share_req_encode(const struct sample_share_req *in, struct erix_msg *msg)
{
	uint32_t cursor = 6;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memcpy(payload + 0, in->dims, 6);
	msg->caps[0] = (struct erix_cap_info){.slot = in->buffer, .kind = ERIX_CAP_FRAME, .rights = ERIX_RIGHT_READ|ERIX_RIGHT_WRITE};
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 1);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_share_req_expect = {0x00007e5701024558ull, 0x0000000000010003ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, 0, 1};

/* The payload of share's request, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_share_req_payload(const struct erix_msg *msg, struct sample_share_req *out)
{
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memcpy(out->dims, payload + 0, 6);
	if (msg->caps[0].kind != ERIX_CAP_FRAME)
		return ERIX_E_BAD_CAPABILITY;
	if ((msg->caps[0].rights & (ERIX_RIGHT_READ|ERIX_RIGHT_WRITE)) != (ERIX_RIGHT_READ|ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	out->buffer = msg->caps[0].slot;
	return ERIX_OK;
}

/* share's request with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_share_req_decode_slow(const struct erix_msg *msg, struct sample_share_req *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_share_req_expect, 6);
	if (st != ERIX_OK)
		return st;
	return sample_share_req_payload(msg, out);
}

enum erix_status sample_share_req_decode(const struct erix_msg *msg, struct sample_share_req *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_share_req_expect, 6), 0))
		return sample_share_req_decode_slow(msg, out);
	return sample_share_req_payload(msg, out);
}

enum erix_status sample_share_rep_encode(const struct sample_share_rep *in, struct erix_msg *msg)
{
	uint32_t cursor = 0;
	msg->caps[0] = (struct erix_cap_info){.slot = in->handle, .kind = ERIX_CAP_ENDPOINT, .rights = ERIX_RIGHT_GRANT};
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 1);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_share_rep_expect = {0x00007e5701024558ull, 0x0000000001010003ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_SHARE_ORDINAL, ERIX_MSG_FLAG_REPLY, 1};

/* The payload of share's reply, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_share_rep_payload(const struct erix_msg *msg, struct sample_share_rep *out)
{
	if (msg->caps[0].kind != ERIX_CAP_ENDPOINT)
		return ERIX_E_BAD_CAPABILITY;
	if ((msg->caps[0].rights & (ERIX_RIGHT_GRANT)) != (ERIX_RIGHT_GRANT))
		return ERIX_E_NO_PERMISSION;
	out->handle = msg->caps[0].slot;
	return ERIX_OK;
}

/* share's reply with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_share_rep_decode_slow(const struct erix_msg *msg, struct sample_share_rep *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_share_rep_expect, 0);
	if (st != ERIX_OK)
		return st;
	return sample_share_rep_payload(msg, out);
}

enum erix_status sample_share_rep_decode(const struct erix_msg *msg, struct sample_share_rep *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_share_rep_expect, 0), 0))
		return sample_share_rep_decode_slow(msg, out);
	return sample_share_rep_payload(msg, out);
}

static bool sample_share_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_share_req req;
	__builtin_memset(&req, 0, sizeof(req));
	enum erix_status st = sample_share_req_decode(request, &req);
	struct sample_share_rep rep;
	__builtin_memset(&rep, 0, sizeof(rep));
	if (st == ERIX_OK)
		st = srv->share ? srv->share(ctx, &req, &rep) : ERIX_E_NOT_SUPPORTED;
	if (st == ERIX_OK)
		st = sample_share_rep_encode(&rep, reply);
	if (st != ERIX_OK)
		erix_msg_error_reply(reply, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, st);
	return true;
}

enum erix_status sample_ping_req_encode(const struct sample_ping_req *in, struct erix_msg *msg)
{
	(void)in;
	uint32_t cursor = 0;
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_PING_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_ping_req_expect = {0x00007e5701024558ull, 0x0000000000000004ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_PING_ORDINAL, 0, 0};

/* The payload of ping's request, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_ping_req_payload(const struct erix_msg *msg, struct sample_ping_req *out)
{
	(void)msg;
	(void)out;
	return ERIX_OK;
}

/* ping's request with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_ping_req_decode_slow(const struct erix_msg *msg, struct sample_ping_req *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_ping_req_expect, 0);
	if (st != ERIX_OK)
		return st;
	return sample_ping_req_payload(msg, out);
}

enum erix_status sample_ping_req_decode(const struct erix_msg *msg, struct sample_ping_req *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_ping_req_expect, 0), 0))
		return sample_ping_req_decode_slow(msg, out);
	return sample_ping_req_payload(msg, out);
}

enum erix_status sample_ping_rep_encode(const struct sample_ping_rep *in, struct erix_msg *msg)
{
	(void)in;
	uint32_t cursor = 0;
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_PING_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_ping_rep_expect = {0x00007e5701024558ull, 0x0000000001000004ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_PING_ORDINAL, ERIX_MSG_FLAG_REPLY, 0};

/* The payload of ping's reply, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_ping_rep_payload(const struct erix_msg *msg, struct sample_ping_rep *out)
{
	(void)msg;
	(void)out;
	return ERIX_OK;
}

/* ping's reply with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_ping_rep_decode_slow(const struct erix_msg *msg, struct sample_ping_rep *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_ping_rep_expect, 0);
	if (st != ERIX_OK)
		return st;
	return sample_ping_rep_payload(msg, out);
}

enum erix_status sample_ping_rep_decode(const struct erix_msg *msg, struct sample_ping_rep *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_ping_rep_expect, 0), 0))
		return sample_ping_rep_decode_slow(msg, out);
	return sample_ping_rep_payload(msg, out);
}

static bool sample_ping_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_ping_req req;
	__builtin_memset(&req, 0, sizeof(req));
	enum erix_status st = sample_ping_req_decode(request, &req);
	struct sample_ping_rep rep;
	__builtin_memset(&rep, 0, sizeof(rep));
	if (st == ERIX_OK)
		st = srv->ping ? srv->ping(ctx, &req, &rep) : ERIX_E_NOT_SUPPORTED;
	if (st == ERIX_OK)
		st = sample_ping_rep_encode(&rep, reply);
	if (st != ERIX_OK)
		erix_msg_error_reply(reply, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_PING_ORDINAL, st);
	return true;
}

enum erix_status sample_changed_req_encode(const struct sample_changed_req *in, struct erix_msg *msg)
{
	enum erix_status st;
	uint32_t cursor = 64;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memset(payload + 59, 0, 5); /* _pad0 */
	if ((st = sample_path_check(&in->route)) != ERIX_OK)
		return st;
	__builtin_memcpy(payload + 0, &in->route, 56);
	if (!sample_level_valid(in->how))
		return ERIX_E_OUT_OF_RANGE;
	__builtin_memcpy(payload + 56, &in->how, 2);
	__builtin_memcpy(payload + 58, &in->delta, 1);
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_CHANGED_ORDINAL, ERIX_MSG_FLAG_ONEWAY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_changed_req_expect = {0x00007e5701024558ull, 0x0000000002000005ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_CHANGED_ORDINAL, ERIX_MSG_FLAG_ONEWAY, 0};

/* The payload of changed's request, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_changed_req_payload(const struct erix_msg *msg, struct sample_changed_req *out)
{
	enum erix_status st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (!erix_all_zero(payload + 59, 5)) /* _pad0 */
		return ERIX_E_PROTOCOL_ERROR;
	__builtin_memcpy(&out->route, payload + 0, 56);
	if ((st = sample_path_check(&out->route)) != ERIX_OK)
		return st;
	__builtin_memcpy(&out->how, payload + 56, 2);
	if (!sample_level_valid(out->how))
		return ERIX_E_OUT_OF_RANGE;
	__builtin_memcpy(&out->delta, payload + 58, 1);
	return ERIX_OK;
}

/* changed's request with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_changed_req_decode_slow(const struct erix_msg *msg, struct sample_changed_req *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_changed_req_expect, 64);
	if (st != ERIX_OK)
		return st;
	return sample_changed_req_payload(msg, out);
}

enum erix_status sample_changed_req_decode(const struct erix_msg *msg, struct sample_changed_req *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_changed_req_expect, 64), 0))
		return sample_changed_req_decode_slow(msg, out);
	return sample_changed_req_payload(msg, out);
}

static bool sample_changed_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_changed_req req;
	__builtin_memset(&req, 0, sizeof(req));
	enum erix_status st = sample_changed_req_decode(request, &req);
	(void)reply;
	if (st == ERIX_OK && srv->changed)
		srv->changed(ctx, &req);
	return false;
}

enum erix_status sample_mark_req_encode(const struct sample_mark_req *in, struct erix_msg *msg)
{
	uint32_t cursor = 12;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (!sample_level_valid(in->grade))
		return ERIX_E_OUT_OF_RANGE;
	uint32_t grade_word = (uint16_t)in->grade; /* grade and _pad0, zero */
	__builtin_memcpy(payload + 0, &grade_word, 4);
	__builtin_memcpy(payload + 4, &in->count, 4);
	uint16_t on_word = in->on ? 1 : 0; /* on and _pad1, zero */
	__builtin_memcpy(payload + 8, &on_word, 2);
	__builtin_memcpy(payload + 10, &in->weight, 2);
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_MARK_ORDINAL, ERIX_MSG_FLAG_ONEWAY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

static const struct erix_msg_expect sample_mark_req_expect = {0x00007e5701024558ull, 0x0000000002000006ull, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_MARK_ORDINAL, ERIX_MSG_FLAG_ONEWAY, 0};

/* The payload of mark's request, its header checked: padding, values, capabilities. */
static inline enum erix_status sample_mark_req_payload(const struct erix_msg *msg, struct sample_mark_req *out)
{
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (!erix_all_zero(payload + 2, 2)) /* _pad0 */
		return ERIX_E_PROTOCOL_ERROR;
	if (!erix_all_zero(payload + 9, 1)) /* _pad1 */
		return ERIX_E_PROTOCOL_ERROR;
	__builtin_memcpy(&out->grade, payload + 0, 2);
	if (!sample_level_valid(out->grade))
		return ERIX_E_OUT_OF_RANGE;
	__builtin_memcpy(&out->count, payload + 4, 4);
	if (payload[8] > 1)
		return ERIX_E_OUT_OF_RANGE;
	out->on = payload[8] != 0;
	__builtin_memcpy(&out->weight, payload + 10, 2);
	return ERIX_OK;
}

/* mark's request with a header the exact check refused: its precise status, or its payload. */
__attribute__((cold, noinline)) static enum erix_status sample_mark_req_decode_slow(const struct erix_msg *msg, struct sample_mark_req *out)
{
	enum erix_status st = erix_msg_check_exact(msg, &sample_mark_req_expect, 12);
	if (st != ERIX_OK)
		return st;
	return sample_mark_req_payload(msg, out);
}

enum erix_status sample_mark_req_decode(const struct erix_msg *msg, struct sample_mark_req *out)
{
	if (__builtin_expect(!erix_msg_is_exact(msg, &sample_mark_req_expect, 12), 0))
		return sample_mark_req_decode_slow(msg, out);
	return sample_mark_req_payload(msg, out);
}

static bool sample_mark_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_mark_req req;
	__builtin_memset(&req, 0, sizeof(req));
	enum erix_status st = sample_mark_req_decode(request, &req);
	(void)reply;
	if (st == ERIX_OK && srv->mark)
		srv->mark(ctx, &req);
	return false;
}

bool sample_dispatch(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct erix_msg_header h = {0};
	enum erix_status st = erix_msg_peek(request, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, &h);
	if (st == ERIX_OK) {
		switch (h.ordinal) {
		case SAMPLE_ADD_ORDINAL:
			return sample_add_serve(srv, ctx, request, reply);
		case SAMPLE_LOOKUP_ORDINAL:
			return sample_lookup_serve(srv, ctx, request, reply);
		case SAMPLE_SHARE_ORDINAL:
			return sample_share_serve(srv, ctx, request, reply);
		case SAMPLE_PING_ORDINAL:
			return sample_ping_serve(srv, ctx, request, reply);
		case SAMPLE_CHANGED_ORDINAL:
			return sample_changed_serve(srv, ctx, request, reply);
		case SAMPLE_MARK_ORDINAL:
			return sample_mark_serve(srv, ctx, request, reply);
		default:
			st = ERIX_E_UNKNOWN_METHOD;
		}
	}
	if (h.flags & ERIX_MSG_FLAG_ONEWAY)
		return false;
	erix_msg_error_reply(reply, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, h.ordinal, st);
	return true;
}

enum erix_status sample_check_request(const struct erix_msg *msg)
{
	struct erix_msg_header h;
	enum erix_status st = erix_msg_peek(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, &h);
	if (st != ERIX_OK)
		return st;
	switch (h.ordinal) {
	case SAMPLE_ADD_ORDINAL: {
		struct sample_add_req req;
		return sample_add_req_decode(msg, &req);
	}
	case SAMPLE_LOOKUP_ORDINAL: {
		struct sample_lookup_req req;
		return sample_lookup_req_decode(msg, &req);
	}
	case SAMPLE_SHARE_ORDINAL: {
		struct sample_share_req req;
		return sample_share_req_decode(msg, &req);
	}
	case SAMPLE_PING_ORDINAL: {
		struct sample_ping_req req;
		return sample_ping_req_decode(msg, &req);
	}
	case SAMPLE_CHANGED_ORDINAL: {
		struct sample_changed_req req;
		return sample_changed_req_decode(msg, &req);
	}
	case SAMPLE_MARK_ORDINAL: {
		struct sample_mark_req req;
		return sample_mark_req_decode(msg, &req);
	}
	default:
		return ERIX_E_UNKNOWN_METHOD;
	}
}
