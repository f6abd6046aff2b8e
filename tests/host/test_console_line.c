/*
 * Host test of drv-serial's line discipline (drivers/serial/line.c): editing
 * keys, Enter in its three spellings, raw mode, echo, and the bounds of the
 * line and of the queue of completed input.
 */
#include <string.h>

#include "line.h"
#include "tap.h"

static char echoed[8192];
static size_t echoed_len;

static void capture(void *ctx, const uint8_t *bytes, size_t length)
{
	(void)ctx;
	if (echoed_len + length <= sizeof(echoed)) {
		memcpy(echoed + echoed_len, bytes, length);
		echoed_len += length;
	}
}

static struct line_editor e;

static void feed(const char *text)
{
	line_input(&e, (const uint8_t *)text, strlen(text), capture, NULL);
}

/* The next chunk line_take gives (at most `max` bytes), as a string. */
static const char *take(size_t max)
{
	static char out[LINE_READY + 1];
	size_t n = line_take(&e, (uint8_t *)out, max);
	out[n] = '\0';
	return out;
}

static void fresh(void)
{
	line_init(&e);
	echoed_len = 0;
}

static bool nothing_until_enter(void)
{
	fresh();
	feed("abc");
	bool none = strcmp(take(256), "") == 0;
	feed("\r");
	return none && strcmp(take(256), "abc\n") == 0 && strcmp(take(256), "") == 0;
}

static bool enter_spellings(void)
{
	fresh();
	feed("a\rb\nc\r\nd\n\re\r");
	const char *want[] = {"a\n", "b\n", "c\n", "d\n", "\n", "e\n"};
	for (size_t i = 0; i < 6; i++)
		if (strcmp(take(256), want[i]) != 0)
			return false;
	return strcmp(take(256), "") == 0;
}

static bool backspace_and_del(void)
{
	fresh();
	feed("abcd\x7f\x7fx\by\r");
	bool line = strcmp(take(256), "aby\n") == 0;
	fresh();
	feed("\x7f\x08z\r"); /* erasing nothing does nothing */
	return line && strcmp(take(256), "z\n") == 0 && strncmp(echoed, "z", 1) == 0;
}

static bool kill_line_and_interrupt(void)
{
	fresh();
	feed("gone\x15kept\r");
	bool kill = strcmp(take(256), "kept\n") == 0;
	feed("never\x03");
	bool interrupted = strcmp(take(256), "\n") == 0;
	return kill && interrupted && strstr(echoed, "^C\n") != NULL;
}

static bool echo_follows_editing(void)
{
	fresh();
	feed("ab\x7f\r");
	return echoed_len == 6 && memcmp(echoed, "ab\b \b\n", 6) == 0;
}

static bool echo_off(void)
{
	fresh();
	line_set_mode(&e, false, false);
	feed("secret\r");
	return echoed_len == 0 && strcmp(take(256), "secret\n") == 0;
}

static bool control_bytes_dropped(void)
{
	fresh();
	feed("a\x01\x1b\tb\x80\xff\r");
	return strcmp(take(256), "a\tb\n") == 0;
}

static bool long_line_is_bounded(void)
{
	fresh();
	for (int i = 0; i < 400; i++)
		feed("x");
	feed("\r");
	const char *line = take(LINE_READY);
	return strlen(line) == LINE_MAX && line[LINE_MAX - 1] == '\n';
}

static bool read_in_pieces(void)
{
	fresh();
	feed("hello\rworld\r");
	bool first = strcmp(take(3), "hel") == 0 && strcmp(take(256), "lo\n") == 0;
	return first && strcmp(take(256), "world\n") == 0;
}

static bool raw_mode(void)
{
	fresh();
	feed("pending");
	line_set_mode(&e, true, false);
	feed("a\x7f\r\x03");
	bool raw = strcmp(take(256), "a\x7f\r\x03") == 0; /* the edited line was dropped */
	line_set_mode(&e, false, true);
	echoed_len = 0;
	feed("back\r");
	return raw && strcmp(take(256), "back\n") == 0 && echoed_len == 5;
}

static bool full_queue_drops_whole_lines(void)
{
	fresh();
	char line[101];
	memset(line, 'q', 99);
	line[99] = '\r';
	line[100] = '\0';
	for (int i = 0; i < 50; i++) /* 50 lines of 100 bytes: 40 fit in 4096 */
		feed(line);
	size_t lines = 0, bytes = 0;
	for (const char *got; *(got = take(256)) != '\0'; lines++) {
		if (strlen(got) != 100)
			return false;
		bytes += strlen(got);
	}
	return lines == LINE_READY / 100 && bytes == lines * 100 && strchr(echoed, '\a') != NULL;
}

int main(void)
{
	static const struct tap_test tests[] = {
		{"nothing is readable until Enter", nothing_until_enter},
		{"CR, LF and CR LF each end one line", enter_spellings},
		{"backspace and DEL erase one character", backspace_and_del},
		{"^U erases the line, ^C abandons it with an empty line", kill_line_and_interrupt},
		{"echo shows typing and erasing", echo_follows_editing},
		{"echo off shows nothing", echo_off},
		{"other control bytes and non-ASCII are dropped", control_bytes_dropped},
		{"a line is cut at its bound, keeping its newline", long_line_is_bounded},
		{"a line can be read in pieces", read_in_pieces},
		{"raw mode passes every byte and drops the edited line", raw_mode},
		{"a full queue drops whole lines and rings the bell", full_queue_drops_whole_lines},
	};
	return tap_run(tests, sizeof(tests) / sizeof(tests[0])) ? 1 : 0;
}
