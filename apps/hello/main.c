/*
 * hello: a small program for trying out process control from the shell. It
 * greets on its console with its arguments; its first argument chooses how
 * it ends: `exit N` returns N from main, `crash` reads address 0 (a page
 * fault procd reports), `spin` never ends (until killed).
 */
#include <console.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <stdlib.h>
#include <string.h>

static void say(erix_cptr_t console, const char *text)
{
	struct console_write_req req = {.data = (const uint8_t *)text,
					.data_len = (uint16_t)strnlen(text, 256)};
	struct console_write_rep rep;
	console_write(console, erix_ipc_buffer(), &req, &rep);
}

/* The word after the program name in `args`, copied to `out`; empty when there is none. */
static const char *word(const char *args, int index, char *out, size_t size)
{
	size_t n = 0;
	for (int i = 0; i <= index; i++) {
		while (*args == ' ')
			args++;
		for (n = 0; args[n] && args[n] != ' '; n++)
			;
		if (i < index)
			args += n;
	}
	if (n >= size)
		n = size - 1;
	memcpy(out, args, n);
	out[n] = '\0';
	return out;
}

int main(const struct erix_bootinfo *bi)
{
	const struct erix_bootinfo_cap *console = erix_cap_by_name(bi, "console");
	if (console == NULL)
		return 1;
	char line[300], how[16], value[16];
	erix_snprintf(line, sizeof(line), "hello from user space: %s\n", bi->cmdline);
	say(console->slot, line);
	word(bi->cmdline, 1, how, sizeof(how));
	if (strcmp(how, "exit") == 0)
		return (int)strtol(word(bi->cmdline, 2, value, sizeof(value)), NULL, 10);
	if (strcmp(how, "crash") == 0)
		return *(volatile int *)0;
	if (strcmp(how, "spin") == 0)
		for (;;)
			erix_yield();
	return 0;
}
