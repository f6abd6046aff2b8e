/*
 * The console-control family: the kernel log (lib/klog.c). Its capability
 * lets a task write to the log and read it back; it touches no other device.
 * The framebuffer methods are not implemented yet (not_supported).
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
		klog_putc((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? c : '?');
	}
	return ERIX_OK;
}

static enum erix_status log_read(void *ctx, const struct console_ctl_log_read_req *req,
				 struct console_ctl_log_read_rep *rep)
{
	static char text[256];
	size_t length;
	(void)ctx;
	enum erix_status st = klog_read(req->position, text, sizeof(text), &length,
					&rep->next_position, &rep->lost);
	rep->text = (const uint8_t *)text;
	rep->text_len = (uint16_t)length;
	return st;
}

static const struct console_ctl_server server = {
	.log_write = log_write,
	.log_read = log_read,
};

bool console_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
			struct erix_msg *reply)
{
	return console_ctl_dispatch(&server, inv, request, reply);
}
