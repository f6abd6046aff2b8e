/*
 * libFuzzer target for one interface's generated decoders and dispatch,
 * built per interface with -DIDL_NAME=name -include name.h. The input is
 *   byte 0            capabilities the "kernel" delivers (mod 5)
 *   2 bytes per cap   its kind and rights
 *   the rest          the message bytes (at most ERIX_MSG_MAX_BYTES)
 * Whatever the bytes, decoding must not crash or trip a sanitizer, and a
 * request the decoder refuses must never reach a handler.
 */
#include <stdlib.h>
#include <string.h>

#define CAT2(a, b) a##b
#define CAT(a, b)  CAT2(a, b)
#define NAME(s)    CAT(IDL_NAME, s)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct erix_msg msg, reply;
	static struct erix_probe probe;
	if (size < 1)
		return 0;
	memset(&msg, 0, sizeof(msg));
	msg.cap_count = data[0] % (ERIX_MSG_MAX_CAPS + 1);
	size_t pos = 1;
	for (uint32_t i = 0; i < msg.cap_count; i++, pos += 2) {
		if (pos + 2 > size)
			return 0;
		msg.caps[i] = (struct erix_cap_info){
			.slot = 0x100 + i, .kind = data[pos], .rights = data[pos + 1]};
	}
	size_t len = size - pos;
	if (len > ERIX_MSG_MAX_BYTES)
		len = ERIX_MSG_MAX_BYTES;
	memcpy(msg.bytes, data + pos, len);
	msg.length = (uint32_t)len;

	enum erix_status st = NAME(_check_request)(&msg);
	memset(&probe, 0, sizeof(probe));
	NAME(_dispatch)(&NAME(_probe_server), &probe, &msg, &reply);
	if ((st == ERIX_OK) != (probe.calls == 1))
		abort();
	return 0;
}
