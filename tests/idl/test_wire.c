/*
 * Host test of one interface's generated codec, built once per interface
 * with -DIDL_NAME=name and -include name.h. Every wire case of the
 * interface goes through name_check_request() and name_dispatch() with the
 * generated probe server:
 *   - a valid request reaches its handler exactly once, re-encodes to the
 *     same bytes and capability slots, and the reply re-encodes to the
 *     handler's sample reply byte for byte;
 *   - a malformed request never reaches a handler, and both the decoder and
 *     the error reply answer the status the case names.
 * Built with ASan and UBSan: an out-of-bounds read fails the test too.
 */
#include <stdio.h>
#include <string.h>

#define CAT2(a, b) a##b
#define CAT(a, b)  CAT2(a, b)
#define NAME(s)    CAT(IDL_NAME, s)
#define STR2(x)    #x
#define STR(x)     STR2(x)

static unsigned tests, failures;

static void result(int ok, const char *name, const char *what)
{
	tests++;
	failures += !ok;
	printf("%s %u - %s/%s: %s\n", ok ? "ok" : "not ok", tests, STR(IDL_NAME), name, what);
}

static void load(struct erix_msg *msg, const struct erix_wire_case *c)
{
	memset(msg, 0, sizeof(*msg));
	msg->length = c->length;
	msg->cap_count = c->cap_count;
	memcpy(msg->caps, c->caps, sizeof(msg->caps));
	size_t n = c->length < sizeof(msg->bytes) ? c->length : sizeof(msg->bytes);
	memcpy(msg->bytes, c->bytes, n);
}

static enum erix_status reply_status(const struct erix_msg *reply)
{
	struct erix_msg_header h;
	memcpy(&h, reply->bytes, sizeof(h));
	return (enum erix_status)h.status;
}

static int same_message(const struct erix_msg *a, const struct erix_msg *b)
{
	if (a->length != b->length || a->cap_count != b->cap_count)
		return 0;
	for (uint32_t i = 0; i < a->cap_count; i++)
		if (a->caps[i].slot != b->caps[i].slot)
			return 0;
	return memcmp(a->bytes, b->bytes, a->length) == 0;
}

static void run_valid(const struct erix_wire_case *c, const struct erix_msg *msg)
{
	static struct erix_probe probe;
	static struct erix_msg reply;
	memset(&probe, 0, sizeof(probe));
	bool wants_reply = NAME(_dispatch)(&NAME(_probe_server), &probe, msg, &reply);
	result(probe.calls == 1, c->name, "handler called once");
	result(same_message(&probe.reencoded, msg), c->name,
	       "request re-encodes to the same bytes");
	if (wants_reply)
		result(probe.sample_reply && same_message(&reply, probe.sample_reply), c->name,
		       "reply round-trips byte for byte");
}

static void run_malformed(const struct erix_wire_case *c, const struct erix_msg *msg)
{
	static struct erix_probe probe;
	static struct erix_msg reply;
	memset(&probe, 0, sizeof(probe));
	bool wants_reply = NAME(_dispatch)(&NAME(_probe_server), &probe, msg, &reply);
	int ok = probe.calls == 0 && (!wants_reply || reply_status(&reply) == c->expect);
	result(ok, c->name, "refused, handler not called");
	if (!ok)
		printf("# calls %u, reply status %d, want %d\n", probe.calls, reply_status(&reply),
		       c->expect);
}

int main(void)
{
	static struct erix_msg msg;
	for (size_t k = 0; k < NAME(_wire_case_count); k++) {
		const struct erix_wire_case *c = &NAME(_wire_cases)[k];
		load(&msg, c);
		enum erix_status st = NAME(_check_request)(&msg);
		result(st == c->expect, c->name, "decoder answers the expected status");
		if (st != c->expect)
			printf("# got %d, want %d\n", st, c->expect);
		if (c->expect == ERIX_OK)
			run_valid(c, &msg);
		else
			run_malformed(c, &msg);
	}
	printf("1..%u\n", tests);
	return failures ? 1 : 0;
}
