/*
 * The console-control family: the kernel log (lib/klog.c) and the boot
 * framebuffer. Its capability lets a task write to the log and read it back,
 * learn the framebuffer's geometry, and take device frames over exactly the
 * framebuffer's pages (derived from the console_ctl capability, so revoking
 * that takes them back); it reaches no other device memory.
 */
#include "console_ctl.h"
#include "boot/handoff.h"
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

/* The boot framebuffer the handoff checked, or NULL. */
static const struct handoff_framebuffer *boot_framebuffer(void)
{
	const struct boot_handoff *h = boot_handoff();
	return h->has_framebuffer ? &h->framebuffer : NULL;
}

static enum erix_status framebuffer(void *ctx, const struct console_ctl_framebuffer_req *req,
				    struct console_ctl_framebuffer_rep *rep)
{
	const struct handoff_framebuffer *fb = boot_framebuffer();
	(void)ctx;
	(void)req;
	if (!fb)
		return ERIX_E_NOT_FOUND;
	rep->info = (struct console_ctl_framebuffer_info){
		.physical_base = fb->base,
		.size = fb->size,
		.width = fb->width,
		.height = fb->height,
		.pitch = fb->pitch,
		.bits_per_pixel = fb->bits_per_pixel,
		.kind = fb->kind,
		.red_position = fb->red_position,
		.red_size = fb->red_size,
		.green_position = fb->green_position,
		.green_size = fb->green_size,
		.blue_position = fb->blue_position,
		.blue_size = fb->blue_size,
	};
	return ERIX_OK;
}

/* A fresh 4 KiB device frame (read|write) over page `frame_index` of the framebuffer. */
static enum erix_status framebuffer_frame(void *ctx,
					  const struct console_ctl_framebuffer_frame_req *req,
					  struct console_ctl_framebuffer_frame_rep *rep)
{
	struct invocation *inv = ctx;
	const struct handoff_framebuffer *fb = boot_framebuffer();
	if (!fb)
		return ERIX_E_NOT_FOUND;
	uint64_t count = (fb->size + 4095) / 4096, offset = (uint64_t)req->frame_index * 4096;
	if (req->frame_index >= count)
		return ERIX_E_INVALID_ARGUMENT;
	erix_cptr_t where;
	struct cap *dst = invoke_receive_slot(inv, &where);
	if (!dst)
		return ERIX_E_INVALID_ARGUMENT; /* nowhere to put the frame */
	cap_derive(inv->target, dst, ERIX_RIGHT_READ | ERIX_RIGHT_WRITE, 0);
	dst->kind = ERIX_CAP_DEVICE_FRAME;
	dst->object = fb->base + offset;
	dst->size_bits = 12;
	rep->mmio = where;
	rep->offset = offset;
	rep->length = fb->size - offset < 4096 ? fb->size - offset : 4096;
	rep->frame_count = (uint32_t)count;
	return ERIX_OK;
}

static const struct console_ctl_server server = {
	.log_write = log_write,
	.log_read = log_read,
	.framebuffer = framebuffer,
	.framebuffer_frame = framebuffer_frame,
};

bool console_ctl_invoke(struct invocation *inv, const struct erix_msg *request,
			struct erix_msg *reply)
{
	return console_ctl_dispatch(&server, inv, request, reply);
}
