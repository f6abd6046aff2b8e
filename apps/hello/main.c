/*
 * hello: finds the capability named "console" in its boot info and writes one
 * line to the kernel log through the generated console_ctl client stub. It
 * exists to prove the user toolchain: crt0, libc, libipc and generated IDL
 * code link into a loadable EriX executable.
 */
#include <console_ctl.h>
#include <erix/ipc.h>
#include <string.h>

static const char greeting[] = "hello from user space\n";

/* Log the greeting; 0 on success, 1 without a console capability or IPC buffer, 2 on failure. */
int main(const struct erix_bootinfo *bi)
{
	const struct erix_bootinfo_cap *console = erix_cap_by_name(bi, "console");
	struct erix_msg *msg = erix_ipc_buffer();
	if (console == NULL || console->kind != ERIX_CAP_CONSOLE_CTL || msg == NULL)
		return 1;
	struct console_ctl_log_write_req req = {
		.text = (const uint8_t *)greeting,
		.text_len = (uint16_t)strlen(greeting),
	};
	struct console_ctl_log_write_rep rep;
	if (console_ctl_log_write(console->slot, msg, &req, &rep) != ERIX_OK)
		return 2;
	return 0;
}
