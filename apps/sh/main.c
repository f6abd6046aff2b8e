/*
 * sh: the EriX shell. It reads a line from its console (line mode: the
 * console driver edits and echoes it), splits it into words, and runs the
 * built-in command the first word names, or the program a first word
 * starting with '/' names (through procd: create, hand it the console,
 * start, wait; a trailing `&` leaves it running). Every command answers bad
 * input with one error line and the shell goes on; `$?` is the status of the
 * last command. The file commands and `>`/`>>` redirection are in files.c.
 */
#include <acpi_ctl.h>
#include <cnode.h>
#include <console.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/slots.h>
#include <erix/status.h>
#include <procd.h>
#include <stdlib.h>
#include <string.h>
#include <time_ctl.h>

#include "files.h"

#define MAX_WORDS 32

#define MAX_BACKGROUND 8

struct shell {
	erix_cptr_t console, time, procd, events, admin, cnode, power;
	uint32_t background[MAX_BACKGROUND]; /* pids left running with & */
	const struct erix_bootinfo *bi;
	int status; /* of the last command, for $? */
};

/* Write `length` bytes to the console, in as many messages as it takes. */
static void put(const struct shell *sh, const char *text, size_t length)
{
	if (files_redirect_put(text, length))
		return;
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

void sh_write(struct shell *sh, const char *text, size_t length)
{
	put(sh, text, length);
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
		enum erix_status st = console_read(sh->console, erix_ipc_buffer(), &req, &rep);
		if (st == ERIX_E_INTERRUPTED)
			continue; /* the console driver went away; deviced starts another */
		if (st != ERIX_OK)
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

/* procd's record of how `pid` ended: its status for $?, after one line when it did not exit. */
static int report_exit(struct shell *sh, const struct procd_exit_info *info, const char *name)
{
	switch (info->kind) {
	case PROCD_EXIT_KIND_EXITED:
		return info->exit_code;
	case PROCD_EXIT_KIND_KILLED:
		printf_console(sh, "sh: %s (pid %u) was killed\n", name, info->pid);
		return 137;
	default:
		printf_console(sh,
			       "sh: %s (pid %u) faulted: exception %u at ip 0x%lx, address 0x%lx\n",
			       name, info->pid, info->vector, (unsigned long)info->fault_ip,
			       (unsigned long)info->fault_address);
		return 139;
	}
}

/* Collect `pid` once it has ended (waiting for that if `block`): ERIX_OK with its record. */
static enum erix_status collect(struct shell *sh, uint32_t pid, bool block,
				struct procd_exit_info *info)
{
	struct procd_wait_req req = {.pid = pid, .block = block};
	struct procd_wait_rep rep;
	enum erix_status st = procd_wait(sh->procd, erix_ipc_buffer(), &req, &rep);
	if (st == ERIX_OK)
		*info = rep.info;
	return st;
}

/* Report background programs that have ended since the last prompt. */
static void reap_background(struct shell *sh)
{
	for (int i = 0; i < MAX_BACKGROUND; i++) {
		struct procd_exit_info info;
		if (sh->background[i] == 0 ||
		    collect(sh, sh->background[i], false, &info) == ERIX_E_BUSY)
			continue;
		printf_console(sh, "[%u] done\n", sh->background[i]);
		sh->background[i] = 0;
	}
}

/* The words as procd's argument vector: each NUL-terminated; false when over 224 bytes. */
static bool pack_args(int argc, char **argv, uint8_t *out, uint16_t *length)
{
	size_t n = 0;
	for (int i = 0; i < argc; i++) {
		size_t len = strlen(argv[i]) + 1;
		if (n + len > 224)
			return false;
		memcpy(out + n, argv[i], len);
		n += len;
	}
	*length = (uint16_t)n;
	return true;
}

/* Create /PATH through procd and hand it the console (grant slot 1: its first bundle entry); its
 * pid or 0. */
static uint32_t create_program(struct shell *sh, int argc, char **argv)
{
	uint8_t args[224];
	struct procd_create_req req = {.path = argv[0],
				       .path_len = (uint16_t)strnlen(argv[0], 241),
				       .argv = args,
				       .supervisor = sh->events};
	if (req.path_len > 240 || !pack_args(argc, argv, args, &req.argv_len)) {
		printf_console(sh, "sh: %.64s: path or arguments too long\n", argv[0]);
		return 0;
	}
	uint32_t grants = erix_slot_alloc();
	struct procd_create_rep rep;
	erix_ipc_buffer()->receive[0] = grants;
	enum erix_status st = procd_create(sh->procd, erix_ipc_buffer(), &req, &rep);
	if (st != ERIX_OK) {
		erix_slot_free(grants);
		printf_console(sh, "sh: %.64s: %s\n", argv[0],
			       st == ERIX_E_NOT_FOUND       ? "no such program"
			       : st == ERIX_E_NOT_SUPPORTED ? "not an executable program"
							    : erix_status_name(st));
		return 0;
	}
	struct cnode_copy_to_req copy = {.source = sh->console,
					 .destination = 1,
					 .rights = ERIX_RIGHT_WRITE,
					 .target = grants};
	struct cnode_copy_to_rep crep;
	st = cnode_copy_to(sh->cnode, erix_ipc_buffer(), &copy, &crep);
	if (st == ERIX_OK) /* grant slots 2..4: for a program that declares them */
		st = files_grant(sh->cnode, grants);
	struct procd_start_req start = {.pid = rep.pid};
	struct procd_start_rep srep;
	if (st == ERIX_OK)
		st = procd_start(sh->procd, erix_ipc_buffer(), &start, &srep);
	struct cnode_delete_req del = {.slot = grants}; /* procd has taken it back */
	struct cnode_delete_rep drep;
	cnode_delete(sh->cnode, erix_ipc_buffer(), &del, &drep);
	erix_slot_free(grants);
	if (st != ERIX_OK) {
		printf_console(sh, "sh: %.64s: cannot start it: %s\n", argv[0],
			       erix_status_name(st));
		return 0;
	}
	return rep.pid;
}

/* Run the program argv[0] names; with a trailing "&" leave it running. */
static int run_program(struct shell *sh, int argc, char **argv)
{
	bool background = strcmp(argv[argc - 1], "&") == 0;
	if (background && argc == 1) {
		printf_console(sh, "sh: & needs a program before it\n");
		return 2;
	}
	uint32_t pid = create_program(sh, argc - background, argv);
	if (pid == 0)
		return 126;
	if (background) {
		for (int i = 0; i < MAX_BACKGROUND; i++)
			if (sh->background[i] == 0) {
				sh->background[i] = pid;
				break;
			}
		printf_console(sh, "[%u]\n", pid);
		return 0;
	}
	struct procd_exit_info info;
	enum erix_status st = collect(sh, pid, true, &info);
	if (st != ERIX_OK) {
		printf_console(sh, "sh: %.64s: lost track of it: %s\n", argv[0],
			       erix_status_name(st));
		return 1;
	}
	return report_exit(sh, &info, argv[0]);
}

static const char *const state_names[] = {"created", "running", "ended"};

static int cmd_ps(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf_console(sh, "ps: takes no arguments\n");
		return 2;
	}
	printf_console(sh, "%5s %-8s %s\n", "PID", "STATE", "NAME");
	uint32_t index = 0;
	do {
		struct procd_list_req req = {.start_index = index};
		struct procd_list_rep rep;
		enum erix_status st = procd_list(sh->admin, erix_ipc_buffer(), &req, &rep);
		if (st != ERIX_OK) {
			printf_console(sh, "ps: %s\n", erix_status_name(st));
			return 1;
		}
		for (uint8_t i = 0; i < rep.count && i < 8; i++) {
			const struct procd_proc_info *p = &rep.procs[i];
			printf_console(sh, "%5u %-8s %.32s\n", p->pid,
				       p->state < 3 ? state_names[p->state] : "?",
				       (const char *)p->name);
		}
		index = rep.next_index;
	} while (index != 0);
	return 0;
}

static int cmd_kill(struct shell *sh, int argc, char **argv)
{
	char *end;
	long pid = argc == 2 ? strtol(argv[1], &end, 10) : 0;
	if (argc != 2 || *end != '\0' || pid <= 0 || pid > 0x7fffffff) {
		printf_console(sh, "kill: usage: kill PID\n");
		return 2;
	}
	struct procd_kill_req req = {.pid = (uint32_t)pid};
	struct procd_kill_rep rep;
	enum erix_status st = procd_kill(sh->admin, erix_ipc_buffer(), &req, &rep);
	if (st != ERIX_OK) {
		printf_console(sh, "kill: %ld: %s\n", pid,
			       st == ERIX_E_NOT_FOUND ? "no such process" : erix_status_name(st));
		return 1;
	}
	return 0;
}

/* The end of a shutdown or reboot that returned: the machine stayed on. */
static int power_failed(struct shell *sh, const char *command, enum erix_status st)
{
	printf_console(sh, "%s: the machine stayed on: %s\n", command, erix_status_name(st));
	return 1;
}

static int cmd_shutdown(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf_console(sh, "shutdown: takes no arguments\n");
		return 2;
	}
	printf_console(sh, "shutdown: powering off\n");
	struct acpi_ctl_power_off_req req = {0};
	struct acpi_ctl_power_off_rep rep;
	return power_failed(sh, "shutdown",
			    acpi_ctl_power_off(sh->power, erix_ipc_buffer(), &req, &rep));
}

static int cmd_reboot(struct shell *sh, int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		printf_console(sh, "reboot: takes no arguments\n");
		return 2;
	}
	printf_console(sh, "reboot: restarting\n");
	struct acpi_ctl_reset_req req = {0};
	struct acpi_ctl_reset_rep rep;
	return power_failed(sh, "reboot", acpi_ctl_reset(sh->power, erix_ipc_buffer(), &req, &rep));
}

static const struct command {
	const char *name, *usage, *help;
	int (*run)(struct shell *sh, int argc, char **argv);
} commands[] = {
	{"help", "help", "list the commands", cmd_help},
	{"echo", "echo [WORD...]", "print the words", cmd_echo},
	{"uptime", "uptime", "time since boot", cmd_uptime},
	{"caps", "caps", "this shell's capabilities: name, slot, kind, rights", cmd_caps},
	{"ps", "ps", "every process procd runs", cmd_ps},
	{"kill", "kill PID", "end a process", cmd_kill},
	{"ls", "ls [PATH]", "list a directory (/ by default)", files_ls},
	{"cat", "cat PATH...", "print files", files_cat},
	{"mkdir", "mkdir PATH...", "make directories", files_mkdir},
	{"rm", "rm PATH...", "remove files and empty directories", files_rm},
	{"mv", "mv FROM TO", "rename or move a file or directory", files_mv},
	{"shutdown", "shutdown", "turn the machine off", cmd_shutdown},
	{"reboot", "reboot", "reset the machine", cmd_reboot},
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
	printf_console(sh, "  %-16s %s\n", "/PATH [ARG...] [&]",
		       "run a program (/boot/hello, say)");
	printf_console(sh, "  $? is the status of the last command\n");
	printf_console(sh, "  CMD > PATH, CMD >> PATH: a built-in's output to a file\n");
	return 0;
}

/* Run the command in `words`: a program or a built-in; its status. */
static int run_command(struct shell *sh, int count, char **words)
{
	if (words[0][0] == '/')
		return run_program(sh, count, words);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(words[0], commands[i].name) == 0)
			return commands[i].run(sh, count, words);
	printf_console(sh, "sh: %.64s: unknown command (try help)\n", words[0]);
	return 127;
}

/* Run the command in `line`, its output redirected if it says so; its status, or the last one for
 * an empty line. */
static int run_line(struct shell *sh, char *line)
{
	char *words[MAX_WORDS], status_text[12];
	erix_snprintf(status_text, sizeof(status_text), "%d", sh->status);
	int count = split(sh, line, words, status_text);
	if (count < 0)
		return 2;
	if (count == 0)
		return sh->status;
	if (words[0][0] == '/' && files_redirected(words, count)) {
		printf_console(sh, "sh: %.64s: only a built-in's output can be redirected\n",
			       words[0]);
		return 2;
	}
	int redirected = files_redirect_begin(sh, words, &count);
	if (redirected < 0)
		return 1;
	int status = run_command(sh, count, words);
	return redirected ? files_redirect_end(sh, status) : status;
}

int main(const struct erix_bootinfo *bi)
{
	static struct shell sh;
	sh.bi = bi;
	sh.console = erix_slot_named(bi, "console");
	sh.time = erix_slot_named(bi, "time");
	sh.procd = erix_slot_named(bi, "processes");
	sh.events = erix_slot_named(bi, "events");
	sh.admin = erix_slot_named(bi, "admin");
	sh.cnode = erix_slot_named(bi, "cnode");
	sh.power = erix_slot_named(bi, "power");
	if (!sh.console || !sh.time || !sh.procd || !sh.events || !sh.admin || !sh.cnode ||
	    !sh.power || !files_init(bi))
		return 1;
	printf_console(&sh, "EriX shell; type help for the commands.\n");
	static char line[256];
	for (;;) {
		reap_background(&sh);
		put(&sh, "erix$ ", 6);
		if (!read_line(&sh, line, sizeof(line)))
			return 1;
		sh.status = run_line(&sh, line);
	}
}
