/* The console's line discipline; see line.h. */
#include "line.h"

#include <string.h>

void line_init(struct line_editor *e)
{
	memset(e, 0, sizeof(*e));
	e->echo = true;
}

void line_set_mode(struct line_editor *e, bool raw, bool echo)
{
	if (raw && !e->raw)
		e->edit_len = 0;
	e->raw = raw;
	e->echo = echo;
}

/* Append to the ready ring; false (nothing appended) when `length` bytes do not fit. */
static bool ready_put(struct line_editor *e, const uint8_t *bytes, size_t length)
{
	if (LINE_READY - e->ready_count < length)
		return false;
	for (size_t i = 0; i < length; i++)
		e->ready[(e->ready_head + e->ready_count + i) % LINE_READY] = bytes[i];
	e->ready_count += length;
	return true;
}

static void echo(struct line_editor *e, const char *text, size_t length, line_echo_fn *out,
		 void *ctx)
{
	if (e->echo && length > 0)
		out(ctx, (const uint8_t *)text, length);
}

/* Erase the last `count` characters on the terminal. */
static void rub_out(struct line_editor *e, size_t count, line_echo_fn *out, void *ctx)
{
	for (size_t i = 0; i < count; i++)
		echo(e, "\b \b", 3, out, ctx);
}

/* Complete the line being edited: queue it with its '\n' (a full queue drops it). */
static void complete(struct line_editor *e, line_echo_fn *out, void *ctx)
{
	e->edit[e->edit_len++] = '\n';
	echo(e, "\n", 1, out, ctx);
	if (!ready_put(e, e->edit, e->edit_len))
		echo(e, "\a", 1, out, ctx);
	e->edit_len = 0;
}

static void edit_byte(struct line_editor *e, uint8_t c, line_echo_fn *out, void *ctx)
{
	bool lf_after_cr = c == '\n' && e->after_cr;
	e->after_cr = c == '\r';
	if (lf_after_cr)
		return;
	switch (c) {
	case '\r':
	case '\n':
		complete(e, out, ctx);
		return;
	case 0x08: /* backspace */
	case 0x7f: /* DEL */
		if (e->edit_len > 0) {
			e->edit_len--;
			rub_out(e, 1, out, ctx);
		}
		return;
	case 0x15: /* ^U */
		rub_out(e, e->edit_len, out, ctx);
		e->edit_len = 0;
		return;
	case 0x03: /* ^C */
		echo(e, "^C", 2, out, ctx);
		e->edit_len = 0;
		complete(e, out, ctx);
		return;
	default:
		if ((c < 0x20 && c != '\t') || c > 0x7e || e->edit_len + 1 >= LINE_MAX)
			return; /* other control bytes, and typing past the line's room */
		e->edit[e->edit_len++] = c;
		echo(e, (const char *)&c, 1, out, ctx);
	}
}

void line_input(struct line_editor *e, const uint8_t *bytes, size_t length, line_echo_fn *out,
		void *ctx)
{
	for (size_t i = 0; i < length; i++) {
		if (!e->raw) {
			edit_byte(e, bytes[i], out, ctx);
		} else if (ready_put(e, &bytes[i], 1)) {
			echo(e, (const char *)&bytes[i], 1, out, ctx);
		}
	}
}

size_t line_take(struct line_editor *e, uint8_t *buf, size_t max)
{
	size_t n = 0;
	while (n < max && n < e->ready_count) {
		uint8_t c = e->ready[(e->ready_head + n) % LINE_READY];
		buf[n++] = c;
		if (c == '\n' && !e->raw)
			break;
	}
	e->ready_head = (e->ready_head + n) % LINE_READY;
	e->ready_count -= n;
	return n;
}
