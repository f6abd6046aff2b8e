/*
 * sh: the EriX shell. It reads a line from its console (line mode: the
 * console driver edits and echoes it), splits it into words, and runs the
 * built-in command the first word names. Every command answers bad input
 * with one error line and the shell goes on; `$?` is the status of the last
 * command.
 */
#include <console.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <string.h>
#include <time_ctl.h>

#define MAX_WORDS 32

struct shell {
	erix_cptr_t console, time;
	const struct erix_bootinfo *bi;
	int status; /* of the last command, for $? */
};

/* Write `length` bytes to the console, in as many messages as it takes. */
static void put(const struct shell *sh, const char *text, size_t length)
{
	while (length > 0) {
		struct console_write_req req = {.data = (const uint8_t *)text,
						.data_len =
							(uint16_t)(length < 256 ? length : 256)};
		struct console_write_rep rep;
		if (console_write(sh->console, erix_ipc_buffer(), &req, &rep) != ERIX_OK ||
		    rep.written == 0)
			return;
		text += rep.written;
		length -= rep.written;
	}
}

static void printf_console(const struct shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void printf_console(const struct shell *sh, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = erix_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	put(sh, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/*
 * Read one line (without its '\n') into `line`; false when the console
 * fails. A line longer than `size` - 1 is cut, and the rest of it is dropped.
 */
static bool read_line(const struct shell *sh, char *line, size_t size)
{
	size_t length = 0;
	for (;;) {
		struct console_read_req req = {.max_length = 256, .block = true};
		struct console_read_rep rep;
		if (console_read(sh->console, erix_ipc_buffer(), &req, &rep) != ERIX_OK)
			return false;
		bool end = rep.data_len == 0 || rep.data[rep.data_len - 1] == '\n';
		size_t take = rep.data_len - (end && rep.data_len > 0);
		if (take > size - 1 - length)
			take = size - 1 - length;
		memcpy(line + length, rep.data, take);
		length += take;
		if (end)
			break;
	}
	line[length] = '\0';
	return true;
}

/*
 * Split `line` in place into words (blanks separate them; double quotes
 * group, and `$?` becomes the last status). Returns the count, or -1 after
 * an error line.
 */
static int split(struct shell *sh, char *line, char **words, char *status_text)
{
	int count = 0;
	char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0')
			return count;
		if (count == MAX_WORDS) {
			printf_console(sh, "sh: too many words (at most %d)\n", MAX_WORDS);
			return -1;
		}
		char *word = p, *out = p;
		bool quoted = false;
		for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
			if (*p == '"')
				quoted = !quoted;
			else
				*out++ = *p;
		}
		if (quoted) {
			printf_console(sh, "sh: unterminated quote\n");
			return -1;
		}
		if (*p)
			p++;
		*out = '\0';
		words[count++] = strcmp(word, "$?") == 0 ? status_text : word;
	}
}

static int cmd_help(struct shell *sh, int argc, char **argv);

static int cmd_echo(struct shell *sh, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf_console(sh, "%s%s", argv[i], i + 1 < argc ? " " : "");
	put(sh, "\n", 1);
	return 0;
}

static int cmd_uptime(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf_console(sh, "uptime: takes no arguments\n");
		return 2;
	}
	struct time_ctl_now_req req = {0};
	struct time_ctl_now_rep rep;
	enum erix_status st = time_ctl_now(sh->time, erix_ipc_buffer(), &req, &rep);
	if (st != ERIX_OK) {
		printf_console(sh, "uptime: the clock did not answer (status %d)\n", (int)st);
		return 1;
	}
	uint64_t ms = rep.monotonic_ns / 1000000;
	printf_console(sh, "up %lu.%03lu s\n", (unsigned long)(ms / 1000),
		       (unsigned long)(ms % 1000));
	return 0;
}

/* ERIX_RIGHT_* bits as "rwgx" with '-' for a missing right. */
static void rights_text(uint8_t rights, char out[5])
{
	const char letters[] = "rwgx";
	for (int i = 0; i < 4; i++)
		out[i] = (rights >> i) & 1 ? letters[i] : '-';
	out[4] = '\0';
}

static int cmd_caps(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf_console(sh, "caps: takes no arguments\n");
		return 2;
	}
	printf_console(sh, "%-24s %-5s %-5s %s\n", "name", "slot", "kind", "rights");
	for (uint32_t i = 0; i < sh->bi->cap_count && i < ERIX_BOOTINFO_MAX_CAPS; i++) {
		const struct erix_bootinfo_cap *c = &sh->bi->caps[i];
		char rights[5];
		rights_text(c->rights, rights);
		printf_console(sh, "%-24.23s %-5u %-5u %s\n", c->name, c->slot, c->kind, rights);
	}
	return 0;
}

static const struct command {
	const char *name, *usage, *help;
	int (*run)(struct shell *sh, int argc, char **argv);
} commands[] = {
	{"help", "help", "list the commands", cmd_help},
	{"echo", "echo [WORD...]", "print the words", cmd_echo},
	{"uptime", "uptime", "time since boot", cmd_uptime},
	{"caps", "caps", "this shell's capabilities: name, slot, kind, rights", cmd_caps},
};

static int cmd_help(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf_console(sh, "help: takes no arguments\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		printf_console(sh, "  %-16s %s\n", commands[i].usage, commands[i].help);
	printf_console(sh, "  $? is the status of the last command\n");
	return 0;
}

/* Run the command in `line`; its status, or the last one for an empty line. */
static int run_line(struct shell *sh, char *line)
{
	char *words[MAX_WORDS], status_text[12];
	erix_snprintf(status_text, sizeof(status_text), "%d", sh->status);
	int count = split(sh, line, words, status_text);
	if (count < 0)
		return 2;
	if (count == 0)
		return sh->status;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(words[0], commands[i].name) == 0)
			return commands[i].run(sh, count, words);
	printf_console(sh, "sh: %.64s: unknown command (try help)\n", words[0]);
	return 127;
}

int main(const struct erix_bootinfo *bi)
{
	static struct shell sh;
	const struct erix_bootinfo_cap *console = erix_cap_by_name(bi, "console");
	const struct erix_bootinfo_cap *time = erix_cap_by_name(bi, "time");
	if (console == NULL || time == NULL)
		return 1;
	sh.bi = bi;
	sh.console = console->slot;
	sh.time = time->slot;
	printf_console(&sh, "EriX shell; type help for the commands.\n");
	static char line[256];
	for (;;) {
		put(&sh, "erix$ ", 6);
		if (!read_line(&sh, line, sizeof(line)))
			return 1;
		sh.status = run_line(&sh, line);
	}
}
