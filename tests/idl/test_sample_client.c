/*
 * Host test of generated client stubs: the sample interface's stubs talk to
 * a real sample server (its generated dispatch with typed handlers) through
 * a loopback transport that stands in for the kernel: it copies the request,
 * dispatches it, and hands back the reply, capabilities included. Also the
 * codec against a peer of another minor version, which the decoders' exact
 * fast check does not match and the general check accepts.
 */
#include <stdio.h>
#include <string.h>

#include "sample.h"

static unsigned tests, failures;

static void check(int ok, const char *name)
{
	tests++;
	failures += !ok;
	printf("%s %u - %s\n", ok ? "ok" : "not ok", tests, name);
}

static enum erix_status serve_add(void *ctx, const struct sample_add_req *req,
				  struct sample_add_rep *rep)
{
	(void)ctx;
	if (req->b > UINT64_MAX - req->a)
		return ERIX_E_INVALID_ARGUMENT;
	rep->sum = req->a + req->b;
	return ERIX_OK;
}

static enum erix_status serve_lookup(void *ctx, const struct sample_lookup_req *req,
				     struct sample_lookup_rep *rep)
{
	(void)ctx;
	if (strcmp(req->name, "origin") != 0)
		return ERIX_E_NOT_FOUND;
	rep->where.x = 7;
	rep->where.hue = SAMPLE_COLOUR_BLUE;
	rep->where.visible = req->exact;
	rep->blob = (const uint8_t *)"xyz";
	rep->blob_len = 3;
	return ERIX_OK;
}

static enum erix_status serve_share(void *ctx, const struct sample_share_req *req,
				    struct sample_share_rep *rep)
{
	(void)ctx;
	rep->handle = req->buffer + 1000; /* stands for a new endpoint */
	return ERIX_OK;
}

static const struct sample_server server = {
	.add = serve_add,
	.lookup = serve_lookup,
	.share = serve_share,
};

/* The loopback "kernel": delivers caps with the kind and rights the sender named. */
enum erix_status erix_ipc_call(erix_cptr_t endpoint, struct erix_msg *msg)
{
	static struct erix_msg request;
	(void)endpoint;
	request = *msg;
	if (!sample_dispatch(&server, NULL, &request, msg))
		return ERIX_E_PROTOCOL_ERROR;
	return ERIX_OK;
}

enum erix_status erix_ipc_send(erix_cptr_t endpoint, const struct erix_msg *msg)
{
	static struct erix_msg reply;
	(void)endpoint;
	return sample_dispatch(&server, NULL, msg, &reply) ? ERIX_E_PROTOCOL_ERROR : ERIX_OK;
}

/* Requests from an older minor and replies from a newer one decode, checked as usual. */
static void other_minor_versions(void)
{
	static struct erix_msg m;
	struct sample_add_req in = {.a = 7, .b = 9}, out;
	check(sample_add_req_encode(&in, &m) == ERIX_OK, "add: request encodes");
	m.bytes[3] = 0; /* version_minor: a 2.0 client */
	check(sample_add_req_decode(&m, &out) == ERIX_OK && out.a == 7 && out.b == 9,
	      "add: a request from a 2.0 client decodes");
	m.bytes[ERIX_MSG_HEADER_SIZE + 4] = 1; /* _pad0 */
	check(sample_add_req_decode(&m, &out) == ERIX_E_PROTOCOL_ERROR,
	      "add: a 2.0 client's request with nonzero padding is refused");

	struct sample_add_rep rep = {.sum = 5}, got;
	check(sample_add_rep_encode(&rep, &m) == ERIX_OK, "add: reply encodes");
	m.bytes[3] = 9; /* version_minor: a 2.9 server */
	check(sample_add_rep_decode(&m, &got) == ERIX_OK && got.sum == 5,
	      "add: a reply from a 2.9 server decodes");
	m.length--;
	check(sample_add_rep_decode(&m, &got) == ERIX_E_PROTOCOL_ERROR,
	      "add: a 2.9 server's reply shorter than payload_len is refused");
}

int main(void)
{
	static struct erix_msg msg;

	struct sample_add_rep sum;
	check(sample_add(1, &msg, &(struct sample_add_req){.a = 40, .b = 2}, &sum) == ERIX_OK &&
		      sum.sum == 42,
	      "add: 40 + 2 = 42 through stub, dispatch and reply decode");
	check(sample_add(1, &msg, &(struct sample_add_req){.a = 1, .b = UINT64_MAX}, &sum) ==
		      ERIX_E_INVALID_ARGUMENT,
	      "add: a handler's error status reaches the client");

	struct sample_lookup_rep found;
	struct sample_lookup_req origin = {
		.name = "origin", .name_len = 6, .exact = true, .hint = SAMPLE_COLOUR_RED};
	check(sample_lookup(1, &msg, &origin, &found) == ERIX_OK && found.where.x == 7 &&
		      found.where.visible == 1 && found.blob_len == 3 &&
		      memcmp(found.blob, "xyz", 3) == 0,
	      "lookup: strings, structs and bytes round-trip");
	struct sample_lookup_req missing = {.name = "nowhere", .name_len = 7, .hint = 1};
	check(sample_lookup(1, &msg, &missing, &found) == ERIX_E_NOT_FOUND,
	      "lookup: not_found comes back as a status");
	struct sample_lookup_req bad_enum = {.name = "origin", .name_len = 6, .hint = 3};
	check(sample_lookup(1, &msg, &bad_enum, &found) == ERIX_E_OUT_OF_RANGE,
	      "lookup: the encoder refuses an undeclared enum value");
	struct sample_lookup_req too_long = {.name = "x", .name_len = 65, .hint = 1};
	check(sample_lookup(1, &msg, &too_long, &found) == ERIX_E_TOO_LARGE,
	      "lookup: the encoder refuses a string over its bound");
	struct sample_lookup_req inner_nul = {.name = "a\0b", .name_len = 3, .hint = 1};
	check(sample_lookup(1, &msg, &inner_nul, &found) == ERIX_E_INVALID_ARGUMENT,
	      "lookup: the encoder refuses a NUL inside a string");

	struct sample_share_rep shared;
	struct sample_share_req share = {.buffer = 5, .dims = {1, 2, 3}};
	check(sample_share(1, &msg, &share, &shared) == ERIX_OK && shared.handle == 1005 &&
		      msg.cap_count == 1 && msg.caps[0].kind == ERIX_CAP_ENDPOINT,
	      "share: a capability goes each way");

	struct sample_ping_rep pong;
	check(sample_ping(1, &msg, &(struct sample_ping_req){0}, &pong) == ERIX_E_NOT_SUPPORTED,
	      "ping: a method without a handler answers not_supported");

	struct sample_changed_req changed = {.how = SAMPLE_LEVEL_HIGH, .delta = -1};
	changed.route.grade = SAMPLE_LEVEL_LOW;
	changed.route.ends[0].hue = SAMPLE_COLOUR_RED;
	changed.route.ends[1].hue = SAMPLE_COLOUR_GREEN;
	check(sample_changed(1, &msg, &changed) == ERIX_OK,
	      "changed: a one-way event is sent, no reply");
	changed.route.ends[1].hue = 9;
	check(sample_changed(1, &msg, &changed) == ERIX_E_OUT_OF_RANGE,
	      "changed: an undeclared enum inside a nested struct is refused");

	other_minor_versions();

	printf("1..%u\n", tests);
	return failures ? 1 : 0;
}
