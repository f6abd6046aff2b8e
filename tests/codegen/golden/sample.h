/* generated from tests/codegen/sample.idl - do not edit */
#ifndef ERIX_IDL_SAMPLE_H
#define ERIX_IDL_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "erix/abi.h"

#define SAMPLE_INTERFACE_ID 0x7e57u
#define SAMPLE_VERSION_MAJOR 2u
#define SAMPLE_VERSION_MINOR 1u

#define SAMPLE_ADD_ORDINAL 1u
#define SAMPLE_LOOKUP_ORDINAL 2u
#define SAMPLE_SHARE_ORDINAL 3u
#define SAMPLE_PING_ORDINAL 4u
#define SAMPLE_CHANGED_ORDINAL 5u
#define SAMPLE_MARK_ORDINAL 6u

/* Colours, one byte wide. */
enum sample_colour {
	SAMPLE_COLOUR_RED = 1,
	SAMPLE_COLOUR_GREEN = 2,
	/* The last one. */
	SAMPLE_COLOUR_BLUE = 7,
};

static inline bool sample_colour_valid(int64_t v)
{
	switch (v) {
	case 1:
	case 2:
	case 7:
		return true;
	default:
		return false;
	}
}

enum sample_level {
	SAMPLE_LEVEL_LOW = -5,
	SAMPLE_LEVEL_HIGH = 300,
};

static inline bool sample_level_valid(int64_t v)
{
	switch (v) {
	case -5:
	case 300:
		return true;
	default:
		return false;
	}
}

/* A point with padding between its fields. */
struct sample_point {
	uint8_t tag;
	uint8_t _pad0[3];
	uint32_t x;
	uint8_t visible;
	uint8_t hue;
	uint8_t _pad1[6];
	uint64_t stamp;
};
_Static_assert(sizeof(struct sample_point) == 24, "struct sample_point size");
_Static_assert(offsetof(struct sample_point, tag) == 0, "struct sample_point.tag");
_Static_assert(offsetof(struct sample_point, x) == 4, "struct sample_point.x");
_Static_assert(offsetof(struct sample_point, visible) == 8, "struct sample_point.visible");
_Static_assert(offsetof(struct sample_point, hue) == 9, "struct sample_point.hue");
_Static_assert(offsetof(struct sample_point, stamp) == 16, "struct sample_point.stamp");
/* Refuse nonzero padding and out-of-range values (e.g. read from a shared frame). */
enum erix_status sample_point_check(const struct sample_point *v);

struct sample_path {
	struct sample_point ends[2];
	int16_t grade;
	uint8_t _pad0[6];
};
_Static_assert(sizeof(struct sample_path) == 56, "struct sample_path size");
_Static_assert(offsetof(struct sample_path, ends) == 0, "struct sample_path.ends");
_Static_assert(offsetof(struct sample_path, grade) == 48, "struct sample_path.grade");
/* Refuse nonzero padding and out-of-range values (e.g. read from a shared frame). */
enum erix_status sample_path_check(const struct sample_path *v);

/* Add two numbers. */
/* The fixed part of the req of add, as on the wire. */
struct sample_add_req_wire {
	uint32_t a;
	uint8_t _pad0[4];
	uint64_t b;
};
_Static_assert(sizeof(struct sample_add_req_wire) == 16, "struct sample_add_req_wire size");
_Static_assert(offsetof(struct sample_add_req_wire, a) == 0, "struct sample_add_req_wire.a");
_Static_assert(offsetof(struct sample_add_req_wire, b) == 8, "struct sample_add_req_wire.b");

struct sample_add_req {
	uint32_t a;
	uint64_t b;
};

enum erix_status sample_add_req_encode(const struct sample_add_req *in, struct erix_msg *msg);
enum erix_status sample_add_req_decode(const struct erix_msg *msg, struct sample_add_req *out);
/* The fixed part of the rep of add, as on the wire. */
struct sample_add_rep_wire {
	uint64_t sum;
};
_Static_assert(sizeof(struct sample_add_rep_wire) == 8, "struct sample_add_rep_wire size");
_Static_assert(offsetof(struct sample_add_rep_wire, sum) == 0, "struct sample_add_rep_wire.sum");

struct sample_add_rep {
	uint64_t sum;
};

enum erix_status sample_add_rep_encode(const struct sample_add_rep *in, struct erix_msg *msg);
enum erix_status sample_add_rep_decode(const struct erix_msg *msg, struct sample_add_rep *out);
enum erix_status sample_add(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_add_req *req, struct sample_add_rep *rep);

/* Look a name up; returns not_found when absent. */
/* The fixed part of the req of lookup, as on the wire. */
struct sample_lookup_req_wire {
	struct erix_span name;
	uint8_t exact;
	uint8_t hint;
};
_Static_assert(sizeof(struct sample_lookup_req_wire) == 6, "struct sample_lookup_req_wire size");
_Static_assert(offsetof(struct sample_lookup_req_wire, name) == 0, "struct sample_lookup_req_wire.name");
_Static_assert(offsetof(struct sample_lookup_req_wire, exact) == 4, "struct sample_lookup_req_wire.exact");
_Static_assert(offsetof(struct sample_lookup_req_wire, hint) == 5, "struct sample_lookup_req_wire.hint");

struct sample_lookup_req {
	const char *name; /* NUL-terminated, at most 64 bytes */
	uint16_t name_len;
	bool exact;
	uint8_t hint;
};

enum erix_status sample_lookup_req_encode(const struct sample_lookup_req *in, struct erix_msg *msg);
enum erix_status sample_lookup_req_decode(const struct erix_msg *msg, struct sample_lookup_req *out);
/* The fixed part of the rep of lookup, as on the wire. */
struct sample_lookup_rep_wire {
	struct sample_point where;
	struct erix_span blob;
	uint8_t _pad0[4];
};
_Static_assert(sizeof(struct sample_lookup_rep_wire) == 32, "struct sample_lookup_rep_wire size");
_Static_assert(offsetof(struct sample_lookup_rep_wire, where) == 0, "struct sample_lookup_rep_wire.where");
_Static_assert(offsetof(struct sample_lookup_rep_wire, blob) == 24, "struct sample_lookup_rep_wire.blob");

struct sample_lookup_rep {
	struct sample_point where;
	const uint8_t *blob; /* at most 32 bytes */
	uint16_t blob_len;
};

enum erix_status sample_lookup_rep_encode(const struct sample_lookup_rep *in, struct erix_msg *msg);
enum erix_status sample_lookup_rep_decode(const struct erix_msg *msg, struct sample_lookup_rep *out);
enum erix_status sample_lookup(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_lookup_req *req, struct sample_lookup_rep *rep);

/* Hand over a buffer. */
/* The fixed part of the req of share, as on the wire. */
struct sample_share_req_wire {
	uint16_t dims[3];
};
_Static_assert(sizeof(struct sample_share_req_wire) == 6, "struct sample_share_req_wire size");
_Static_assert(offsetof(struct sample_share_req_wire, dims) == 0, "struct sample_share_req_wire.dims");

struct sample_share_req {
	erix_cptr_t buffer; /* cap<frame, read|write> */
	uint16_t dims[3];
};

enum erix_status sample_share_req_encode(const struct sample_share_req *in, struct erix_msg *msg);
enum erix_status sample_share_req_decode(const struct erix_msg *msg, struct sample_share_req *out);
struct sample_share_rep {
	erix_cptr_t handle; /* cap<endpoint, grant> */
};

enum erix_status sample_share_rep_encode(const struct sample_share_rep *in, struct erix_msg *msg);
enum erix_status sample_share_rep_decode(const struct erix_msg *msg, struct sample_share_rep *out);
enum erix_status sample_share(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_share_req *req, struct sample_share_rep *rep);

/* Nothing in, nothing out. */
struct sample_ping_req {
	uint8_t _unused; /* no parameters */
};

enum erix_status sample_ping_req_encode(const struct sample_ping_req *in, struct erix_msg *msg);
enum erix_status sample_ping_req_decode(const struct erix_msg *msg, struct sample_ping_req *out);
struct sample_ping_rep {
	uint8_t _unused; /* no parameters */
};

enum erix_status sample_ping_rep_encode(const struct sample_ping_rep *in, struct erix_msg *msg);
enum erix_status sample_ping_rep_decode(const struct erix_msg *msg, struct sample_ping_rep *out);
enum erix_status sample_ping(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_ping_req *req, struct sample_ping_rep *rep);

/* An event. */
/* The fixed part of the req of changed, as on the wire. */
struct sample_changed_req_wire {
	struct sample_path route;
	int16_t how;
	int8_t delta;
	uint8_t _pad0[5];
};
_Static_assert(sizeof(struct sample_changed_req_wire) == 64, "struct sample_changed_req_wire size");
_Static_assert(offsetof(struct sample_changed_req_wire, route) == 0, "struct sample_changed_req_wire.route");
_Static_assert(offsetof(struct sample_changed_req_wire, how) == 56, "struct sample_changed_req_wire.how");
_Static_assert(offsetof(struct sample_changed_req_wire, delta) == 58, "struct sample_changed_req_wire.delta");

struct sample_changed_req {
	struct sample_path route;
	int16_t how;
	int8_t delta;
};

enum erix_status sample_changed_req_encode(const struct sample_changed_req *in, struct erix_msg *msg);
enum erix_status sample_changed_req_decode(const struct erix_msg *msg, struct sample_changed_req *out);
enum erix_status sample_changed(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_changed_req *req);

/* A signed enum and a bool, each with padding after it. */
/* The fixed part of the req of mark, as on the wire. */
struct sample_mark_req_wire {
	int16_t grade;
	uint8_t _pad0[2];
	uint32_t count;
	uint8_t on;
	uint8_t _pad1[1];
	uint16_t weight;
};
_Static_assert(sizeof(struct sample_mark_req_wire) == 12, "struct sample_mark_req_wire size");
_Static_assert(offsetof(struct sample_mark_req_wire, grade) == 0, "struct sample_mark_req_wire.grade");
_Static_assert(offsetof(struct sample_mark_req_wire, count) == 4, "struct sample_mark_req_wire.count");
_Static_assert(offsetof(struct sample_mark_req_wire, on) == 8, "struct sample_mark_req_wire.on");
_Static_assert(offsetof(struct sample_mark_req_wire, weight) == 10, "struct sample_mark_req_wire.weight");

struct sample_mark_req {
	int16_t grade;
	uint32_t count;
	bool on;
	uint16_t weight;
};

enum erix_status sample_mark_req_encode(const struct sample_mark_req *in, struct erix_msg *msg);
enum erix_status sample_mark_req_decode(const struct erix_msg *msg, struct sample_mark_req *out);
enum erix_status sample_mark(erix_cptr_t endpoint, struct erix_msg *msg, const struct sample_mark_req *req);

/* A sample server: one handler per method; NULL answers not_supported. */
struct sample_server {
	enum erix_status (*add)(void *ctx, const struct sample_add_req *req, struct sample_add_rep *rep);
	enum erix_status (*lookup)(void *ctx, const struct sample_lookup_req *req, struct sample_lookup_rep *rep);
	enum erix_status (*share)(void *ctx, const struct sample_share_req *req, struct sample_share_rep *rep);
	enum erix_status (*ping)(void *ctx, const struct sample_ping_req *req, struct sample_ping_rep *rep);
	enum erix_status (*changed)(void *ctx, const struct sample_changed_req *req);
	enum erix_status (*mark)(void *ctx, const struct sample_mark_req *req);
};

/*
 * Decode `request`, call its handler, and encode the reply (or an error
 * reply) into `reply`. Returns true when `reply` is to be sent.
 */
bool sample_dispatch(const struct sample_server *srv, void *ctx, const struct erix_msg *request, struct erix_msg *reply);

/* Decode and check `msg` as any request of sample; the status a server would answer. */
enum erix_status sample_check_request(const struct erix_msg *msg);

/* Test vectors (NAME_cases.c): requests with the status a decoder must answer. */
extern const struct erix_wire_case sample_wire_cases[];
extern const size_t sample_wire_case_count;
/* A server whose handlers count calls into a struct erix_probe (ctx), re-encode
 * the request there and answer with the method's sample reply. */
extern const struct sample_server sample_probe_server;

#endif /* ERIX_IDL_SAMPLE_H */
