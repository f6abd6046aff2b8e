/*
 * The console-control family: the kernel log on COM1. Its capability lets a
 * task write lines to the log; it touches no other device. Reading the log
 * back and the framebuffer are not implemented yet (not_supported).
 */
#include "console_ctl.h"
#include "invoke.h"
#include "kernel.h"

/* Write `text` to the log; control characters other than newline and tab show as '?'. */
static enum erix_status log_write(void *ctx, const struct console_ctl_log_write_req *req,
				  struct console_ctl_log_write_rep *rep)
{
	(void)ctx;
	(void)rep;
	for (uint16_t i = 0; i < req->text_len; i++) {
		char c = (char)req->text[i];
		serial_putc((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? c : '?');
	}
	return ERIX_OK;
}

static const struct console_ctl_server server = {
	.log_write = log_write,
};

bool console_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
			struct erix_msg *reply)
{
	return console_ctl_dispatch(&server, inv, request, reply);
}
