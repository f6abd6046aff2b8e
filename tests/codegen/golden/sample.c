/* generated from tests/codegen/sample.idl - do not edit */
#include "sample.h"

/* Refuse nonzero padding and out-of-range values in a point. */
static enum erix_status sample_point_check(const struct sample_point *v)
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

/* Refuse nonzero padding and out-of-range values in a path. */
static enum erix_status sample_path_check(const struct sample_path *v)
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
	struct sample_add_req_wire w;
	__builtin_memset(&w, 0, sizeof(w));
	uint32_t cursor = 16;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	w.a = in->a;
	w.b = in->b;
	__builtin_memcpy(payload, &w, sizeof(w));
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_add_req_decode(const struct erix_msg *msg, struct sample_add_req *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, 0, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 16)
		return ERIX_E_PROTOCOL_ERROR;
	struct sample_add_req_wire w;
	__builtin_memcpy(&w, payload, sizeof(w));
	if (!erix_all_zero(w._pad0, 4))
		return ERIX_E_PROTOCOL_ERROR;
	out->a = w.a;
	out->b = w.b;
	uint32_t cursor = 16;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

enum erix_status sample_add_rep_encode(const struct sample_add_rep *in, struct erix_msg *msg)
{
	struct sample_add_rep_wire w;
	__builtin_memset(&w, 0, sizeof(w));
	uint32_t cursor = 8;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	w.sum = in->sum;
	__builtin_memcpy(payload, &w, sizeof(w));
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_ADD_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_add_rep_decode(const struct erix_msg *msg, struct sample_add_rep *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_ADD_ORDINAL, ERIX_MSG_FLAG_REPLY, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 8)
		return ERIX_E_PROTOCOL_ERROR;
	struct sample_add_rep_wire w;
	__builtin_memcpy(&w, payload, sizeof(w));
	out->sum = w.sum;
	uint32_t cursor = 8;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

static bool sample_add_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_add_req req;
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
	struct sample_lookup_req_wire w;
	__builtin_memset(&w, 0, sizeof(w));
	uint32_t cursor = 6;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	w.exact = in->exact ? 1 : 0;
	if (!sample_colour_valid(in->hint))
		return ERIX_E_OUT_OF_RANGE;
	w.hint = in->hint;
	if (in->name_len > 64)
		return ERIX_E_TOO_LARGE;
	if (in->name_len && !in->name)
		return ERIX_E_INVALID_ARGUMENT;
	if (erix_has_nul((const uint8_t *)in->name, in->name_len))
		return ERIX_E_INVALID_ARGUMENT;
	w.name.offset = (uint16_t)cursor;
	w.name.length = in->name_len;
	if (in->name_len)
		__builtin_memcpy(payload + cursor, in->name, in->name_len);
	cursor += in->name_len;
	payload[cursor++] = 0;
	__builtin_memcpy(payload, &w, sizeof(w));
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_lookup_req_decode(const struct erix_msg *msg, struct sample_lookup_req *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, 0, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 6)
		return ERIX_E_PROTOCOL_ERROR;
	struct sample_lookup_req_wire w;
	__builtin_memcpy(&w, payload, sizeof(w));
	if (w.exact > 1)
		return ERIX_E_OUT_OF_RANGE;
	out->exact = w.exact != 0;
	if (!sample_colour_valid(w.hint))
		return ERIX_E_OUT_OF_RANGE;
	out->hint = w.hint;
	uint32_t cursor = 6;
	if (w.name.offset != cursor)
		return ERIX_E_PROTOCOL_ERROR;
	if (w.name.length > 64)
		return ERIX_E_TOO_LARGE;
	if ((uint32_t)w.name.length + 1u > (uint32_t)payload_len - cursor)
		return ERIX_E_PROTOCOL_ERROR;
	if (payload[cursor + w.name.length] != 0 || erix_has_nul(payload + cursor, w.name.length))
		return ERIX_E_PROTOCOL_ERROR;
	out->name = (const char *)(payload + cursor);
	out->name_len = w.name.length;
	cursor += (uint32_t)w.name.length + 1u;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

enum erix_status sample_lookup_rep_encode(const struct sample_lookup_rep *in, struct erix_msg *msg)
{
	enum erix_status st;
	struct sample_lookup_rep_wire w;
	__builtin_memset(&w, 0, sizeof(w));
	uint32_t cursor = 32;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if ((st = sample_point_check(&in->where)) != ERIX_OK)
		return st;
	w.where = in->where;
	if (in->blob_len > 32)
		return ERIX_E_TOO_LARGE;
	if (in->blob_len && !in->blob)
		return ERIX_E_INVALID_ARGUMENT;
	w.blob.offset = (uint16_t)cursor;
	w.blob.length = in->blob_len;
	if (in->blob_len)
		__builtin_memcpy(payload + cursor, in->blob, in->blob_len);
	cursor += in->blob_len;
	__builtin_memcpy(payload, &w, sizeof(w));
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_LOOKUP_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_lookup_rep_decode(const struct erix_msg *msg, struct sample_lookup_rep *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_LOOKUP_ORDINAL, ERIX_MSG_FLAG_REPLY, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 32)
		return ERIX_E_PROTOCOL_ERROR;
	struct sample_lookup_rep_wire w;
	__builtin_memcpy(&w, payload, sizeof(w));
	if (!erix_all_zero(w._pad0, 4))
		return ERIX_E_PROTOCOL_ERROR;
	if ((st = sample_point_check(&w.where)) != ERIX_OK)
		return st;
	out->where = w.where;
	uint32_t cursor = 32;
	if (w.blob.offset != cursor)
		return ERIX_E_PROTOCOL_ERROR;
	if (w.blob.length > 32)
		return ERIX_E_TOO_LARGE;
	if ((uint32_t)w.blob.length + 0u > (uint32_t)payload_len - cursor)
		return ERIX_E_PROTOCOL_ERROR;
	out->blob = payload + cursor;
	out->blob_len = w.blob.length;
	cursor += (uint32_t)w.blob.length + 0u;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

static bool sample_lookup_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_lookup_req req;
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
	struct sample_share_req_wire w;
	__builtin_memset(&w, 0, sizeof(w));
	uint32_t cursor = 6;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	__builtin_memcpy(w.dims, in->dims, sizeof(w.dims));
	__builtin_memcpy(payload, &w, sizeof(w));
	msg->caps[0] = (struct erix_cap_info){.slot = in->buffer, .kind = ERIX_CAP_FRAME, .rights = ERIX_RIGHT_READ|ERIX_RIGHT_WRITE};
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, 0, ERIX_OK, (uint16_t)cursor, 1);
	return ERIX_OK;
}

enum erix_status sample_share_req_decode(const struct erix_msg *msg, struct sample_share_req *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, 0, 1};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 6)
		return ERIX_E_PROTOCOL_ERROR;
	struct sample_share_req_wire w;
	__builtin_memcpy(&w, payload, sizeof(w));
	__builtin_memcpy(out->dims, w.dims, sizeof(out->dims));
	uint32_t cursor = 6;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	if (msg->caps[0].kind != ERIX_CAP_FRAME)
		return ERIX_E_BAD_CAPABILITY;
	if ((msg->caps[0].rights & (ERIX_RIGHT_READ|ERIX_RIGHT_WRITE)) != (ERIX_RIGHT_READ|ERIX_RIGHT_WRITE))
		return ERIX_E_NO_PERMISSION;
	out->buffer = msg->caps[0].slot;
	return ERIX_OK;
}

enum erix_status sample_share_rep_encode(const struct sample_share_rep *in, struct erix_msg *msg)
{
	uint32_t cursor = 0;
	msg->caps[0] = (struct erix_cap_info){.slot = in->handle, .kind = ERIX_CAP_ENDPOINT, .rights = ERIX_RIGHT_GRANT};
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_SHARE_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 1);
	return ERIX_OK;
}

enum erix_status sample_share_rep_decode(const struct erix_msg *msg, struct sample_share_rep *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_SHARE_ORDINAL, ERIX_MSG_FLAG_REPLY, 1};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	uint32_t cursor = 0;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	if (msg->caps[0].kind != ERIX_CAP_ENDPOINT)
		return ERIX_E_BAD_CAPABILITY;
	if ((msg->caps[0].rights & (ERIX_RIGHT_GRANT)) != (ERIX_RIGHT_GRANT))
		return ERIX_E_NO_PERMISSION;
	out->handle = msg->caps[0].slot;
	return ERIX_OK;
}

static bool sample_share_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_share_req req;
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

enum erix_status sample_ping_req_decode(const struct erix_msg *msg, struct sample_ping_req *out)
{
	(void)out;
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_PING_ORDINAL, 0, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	uint32_t cursor = 0;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

enum erix_status sample_ping_rep_encode(const struct sample_ping_rep *in, struct erix_msg *msg)
{
	(void)in;
	uint32_t cursor = 0;
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_PING_ORDINAL, ERIX_MSG_FLAG_REPLY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_ping_rep_decode(const struct erix_msg *msg, struct sample_ping_rep *out)
{
	(void)out;
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, 255, SAMPLE_PING_ORDINAL, ERIX_MSG_FLAG_REPLY, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	uint32_t cursor = 0;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

static bool sample_ping_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_ping_req req;
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
	struct sample_changed_req_wire w;
	__builtin_memset(&w, 0, sizeof(w));
	uint32_t cursor = 64;
	uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if ((st = sample_path_check(&in->route)) != ERIX_OK)
		return st;
	w.route = in->route;
	if (!sample_level_valid(in->how))
		return ERIX_E_OUT_OF_RANGE;
	w.how = in->how;
	w.delta = in->delta;
	__builtin_memcpy(payload, &w, sizeof(w));
	erix_put_header(msg, SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_CHANGED_ORDINAL, ERIX_MSG_FLAG_ONEWAY, ERIX_OK, (uint16_t)cursor, 0);
	return ERIX_OK;
}

enum erix_status sample_changed_req_decode(const struct erix_msg *msg, struct sample_changed_req *out)
{
	static const struct erix_msg_expect expect = {SAMPLE_INTERFACE_ID, SAMPLE_VERSION_MAJOR, SAMPLE_VERSION_MINOR, SAMPLE_CHANGED_ORDINAL, ERIX_MSG_FLAG_ONEWAY, 0};
	uint16_t payload_len;
	enum erix_status st = erix_msg_check(msg, &expect, &payload_len);
	if (st != ERIX_OK)
		return st;
	const uint8_t *payload = msg->bytes + ERIX_MSG_HEADER_SIZE;
	if (payload_len < 64)
		return ERIX_E_PROTOCOL_ERROR;
	struct sample_changed_req_wire w;
	__builtin_memcpy(&w, payload, sizeof(w));
	if (!erix_all_zero(w._pad0, 5))
		return ERIX_E_PROTOCOL_ERROR;
	if ((st = sample_path_check(&w.route)) != ERIX_OK)
		return st;
	out->route = w.route;
	if (!sample_level_valid(w.how))
		return ERIX_E_OUT_OF_RANGE;
	out->how = w.how;
	out->delta = w.delta;
	uint32_t cursor = 64;
	if (cursor != payload_len)
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

static bool sample_changed_serve(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply)
{
	struct sample_changed_req req;
	enum erix_status st = sample_changed_req_decode(request, &req);
	(void)reply;
	if (st == ERIX_OK && srv->changed)
		srv->changed(ctx, &req);
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
	default:
		return ERIX_E_UNKNOWN_METHOD;
	}
}
