/*
 * The console's input discipline, apart from the UART so the host can test
 * it. In line mode typed bytes are edited into a line (backspace or DEL
 * erases a character, ^U the line, ^C abandons it and delivers an empty
 * line, Enter — CR, LF or CR LF — completes it with a '\n'); a completed
 * line joins the queue of input ready to read. In raw mode every byte joins
 * the queue as it comes. Echo, when on, goes through a callback.
 */
#ifndef DRV_SERIAL_LINE_H
#define DRV_SERIAL_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINE_MAX   256  /* a line with its '\n' */
#define LINE_READY 4096 /* bytes of completed input kept */

struct line_editor {
	bool raw, echo;
	bool after_cr; /* the last byte was CR: a LF right after it is the same Enter */
	size_t edit_len;
	uint8_t edit[LINE_MAX];
	size_t ready_head, ready_count; /* a ring of completed input */
	uint8_t ready[LINE_READY];
};

typedef void line_echo_fn(void *ctx, const uint8_t *bytes, size_t length);

/* Line mode with echo, nothing typed. */
void line_init(struct line_editor *e);

/* Switch mode and echo; leaving line mode drops the line being edited. */
void line_set_mode(struct line_editor *e, bool raw, bool echo);

/* Feed received bytes; echo (if on) is written through `out`. */
void line_input(struct line_editor *e, const uint8_t *bytes, size_t length, line_echo_fn *out,
		void *ctx);

/*
 * Move up to `max` bytes of completed input to `buf`, in line mode never past
 * the end of one line; returns how many (0 when none is ready).
 */
size_t line_take(struct line_editor *e, uint8_t *buf, size_t max);

#endif
