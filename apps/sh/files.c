/*
 * The shell's file commands, over vfsd (idl/vfsd.idl). The shell holds a
 * namespace capability ("files", from rootd) and one 4 KiB buffer frame it
 * makes from its own memory ("memory", 128 KiB from procd) and maps with
 * "vspace_ctl"; every file it opens gets that frame attached, so data moves
 * through it, never through messages. The frame's first half is where reads
 * and directory listings land, its second half where a redirection's
 * output collects until it is written, so `cat A > B` never overlaps.
 *
 * Paths are absolute, as vfsd takes them; vfsd checks them. Every error is
 * one line: the command, the path and what went wrong.
 */
#include <cnode.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/memory.h>
#include <erix/slots.h>
#include <erix/status.h>
#include <string.h>
#include <vfsd.h>

#include "files.h"

#define BUFFER_ADDRESS 0x50000000ull
#define READ_AREA      0u    /* reads and readdir records */
#define OUT_AREA       2048u /* a redirection's output */
#define AREA_SIZE      2048u
#define RECORD_SIZE    sizeof(struct vfsd_dir_record)

static struct {
	erix_cptr_t files;
	struct erix_memory mem; /* its own memory and address space, for the buffer */
	erix_cptr_t frame;
	uint8_t *buffer;
	erix_cptr_t out;   /* the redirection's open file, or 0 */
	uint32_t out_fill; /* bytes waiting in OUT_AREA */
	bool out_failed;
	enum erix_status out_status;
	const char *out_path;
} fs;

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

bool files_init(const struct erix_bootinfo *bi)
{
	fs.files = erix_slot_named(bi, "files");
	fs.mem = (struct erix_memory){.cnode = erix_slot_named(bi, "cnode"),
				      .vspace = erix_slot_named(bi, "vspace"),
				      .retype = erix_slot_named(bi, "retype_ctl"),
				      .vspace_ctl = erix_slot_named(bi, "vspace_ctl"),
				      .untyped = erix_slot_named(bi, "memory")};
	if (!fs.files || !fs.mem.cnode || !fs.mem.vspace || !fs.mem.retype || !fs.mem.vspace_ctl ||
	    !fs.mem.untyped)
		return false;
	fs.frame = erix_memory_buffer(&fs.mem, BUFFER_ADDRESS);
	fs.buffer = (uint8_t *)(uintptr_t)BUFFER_ADDRESS;
	return fs.frame != 0;
}

static void print(struct shell *sh, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Format a line to the shell's output. */
static void print(struct shell *sh, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	int n = erix_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	sh_write(sh, line, n < (int)sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* What a vfsd status means to the person at the terminal. */
static const char *why(enum erix_status st)
{
	switch (st) {
	case ERIX_E_NOT_FOUND:
		return "not found";
	case ERIX_E_EXISTS:
		return "already exists";
	case ERIX_E_NO_PERMISSION:
		return "permission denied";
	case ERIX_E_INVALID_ARGUMENT:
		return "invalid path (absolute, no empty, . or .. parts) or wrong kind of file";
	case ERIX_E_BUSY:
		return "busy (a directory that is not empty, or a mount point)";
	case ERIX_E_NO_MEMORY:
		return "no space left";
	default:
		return erix_status_name(st);
	}
}

/* The length of `path`, or 241 when it is longer than vfsd takes. */
static uint16_t path_length(const char *path)
{
	return (uint16_t)strnlen(path, 241);
}

/* Forget the file capability in `file` (vfsd's close revokes it; the slot is emptied either way).
 */
static void close_file(erix_cptr_t file)
{
	struct vfsd_close_req req = {0};
	struct vfsd_close_rep rep;
	vfsd_close(file, ipc(), &req, &rep);
	struct cnode_delete_req del = {.slot = file};
	struct cnode_delete_rep drep;
	cnode_delete(fs.mem.cnode, ipc(), &del, &drep);
	erix_slot_free(file);
}

/* Open `path` as `mode` and `disposition` with the buffer attached: its capability in *file. */
static enum erix_status open_file(const char *path, uint8_t mode, uint8_t disposition,
				  erix_cptr_t *file, struct vfsd_stat_info *info)
{
	struct vfsd_open_req req = {.path = path,
				    .path_len = path_length(path),
				    .mode = mode,
				    .disposition = disposition};
	if (req.path_len > 240)
		return ERIX_E_INVALID_ARGUMENT;
	erix_cptr_t slot = erix_slot_alloc();
	if (slot == 0)
		return ERIX_E_NO_MEMORY;
	ipc()->receive[0] = slot;
	struct vfsd_open_rep rep;
	enum erix_status st = vfsd_open(fs.files, ipc(), &req, &rep);
	if (st != ERIX_OK) {
		erix_slot_free(slot);
		return st;
	}
	struct vfsd_attach_buffer_req attach = {.buffer = fs.frame};
	struct vfsd_attach_buffer_rep arep;
	st = vfsd_attach_buffer(rep.file, ipc(), &attach, &arep);
	if (st != ERIX_OK) {
		close_file(rep.file);
		return st;
	}
	*file = rep.file;
	if (info != NULL)
		*info = rep.info;
	return ERIX_OK;
}

/* Print the entries of the open directory `dir`: NAME/ for a directory, NAME SIZE for the rest. */
static enum erix_status list(struct shell *sh, erix_cptr_t dir)
{
	uint32_t index = 0;
	for (;;) {
		struct vfsd_readdir_req req = {.start_index = index,
					       .buffer_offset = READ_AREA,
					       .max_entries = AREA_SIZE / RECORD_SIZE};
		struct vfsd_readdir_rep rep;
		enum erix_status st = vfsd_readdir(dir, ipc(), &req, &rep);
		if (st != ERIX_OK)
			return st;
		for (uint32_t i = 0; i < rep.count && i < req.max_entries; i++) {
			struct vfsd_dir_record r;
			memcpy(&r, fs.buffer + READ_AREA + i * RECORD_SIZE, sizeof(r));
			int n = r.name_length < sizeof(r.name) ? r.name_length : 0;
			if (r.type == VFSD_NODE_TYPE_DIRECTORY)
				print(sh, "%.*s/\n", n, (const char *)r.name);
			else
				print(sh, "%-24.*s %lu\n", n, (const char *)r.name,
				      (unsigned long)r.size);
		}
		if (rep.end || rep.count == 0)
			return ERIX_OK;
		index = rep.next_index;
	}
}

int files_ls(struct shell *sh, int argc, char **argv)
{
	if (argc > 2) {
		print(sh, "ls: usage: ls [PATH]\n");
		return 2;
	}
	const char *path = argc == 2 ? argv[1] : "/";
	erix_cptr_t file;
	struct vfsd_stat_info info;
	enum erix_status st = open_file(path, VFSD_OPEN_MODE_READ_ONLY,
					VFSD_OPEN_DISPOSITION_OPEN_EXISTING, &file, &info);
	if (st == ERIX_OK && info.type == VFSD_NODE_TYPE_DIRECTORY)
		st = list(sh, file);
	else if (st == ERIX_OK)
		print(sh, "%-24s %lu\n", path, (unsigned long)info.size);
	if (st == ERIX_OK)
		close_file(file);
	if (st != ERIX_OK) {
		print(sh, "ls: %.64s: %s\n", path, why(st));
		return 1;
	}
	return 0;
}

/* Copy the open regular file `file` to the shell's output. */
static enum erix_status copy_out(struct shell *sh, erix_cptr_t file)
{
	for (;;) {
		struct vfsd_read_req req = {.buffer_offset = READ_AREA, .length = AREA_SIZE};
		struct vfsd_read_rep rep;
		enum erix_status st = vfsd_read(file, ipc(), &req, &rep);
		if (st != ERIX_OK || rep.transferred == 0)
			return st;
		sh_write(sh, (const char *)fs.buffer + READ_AREA,
			 rep.transferred < AREA_SIZE ? rep.transferred : AREA_SIZE);
	}
}

int files_cat(struct shell *sh, int argc, char **argv)
{
	if (argc < 2) {
		print(sh, "cat: usage: cat PATH...\n");
		return 2;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		erix_cptr_t file;
		struct vfsd_stat_info info;
		enum erix_status st = open_file(argv[i], VFSD_OPEN_MODE_READ_ONLY,
						VFSD_OPEN_DISPOSITION_OPEN_EXISTING, &file, &info);
		if (st == ERIX_OK) {
			st = info.type == VFSD_NODE_TYPE_DIRECTORY ? ERIX_E_INVALID_ARGUMENT
								   : copy_out(sh, file);
			close_file(file);
			if (info.type == VFSD_NODE_TYPE_DIRECTORY) {
				print(sh, "cat: %.64s: is a directory\n", argv[i]);
				status = 1;
				continue;
			}
		}
		if (st != ERIX_OK) {
			print(sh, "cat: %.64s: %s\n", argv[i], why(st));
			status = 1;
		}
	}
	return status;
}

/* Run `op` on each path argument; one error line per path it fails on. */
static int each_path(struct shell *sh, int argc, char **argv,
		     enum erix_status (*op)(const char *path, uint16_t length))
{
	if (argc < 2) {
		print(sh, "%s: usage: %s PATH...\n", argv[0], argv[0]);
		return 2;
	}
	int status = 0;
	for (int i = 1; i < argc; i++) {
		uint16_t length = path_length(argv[i]);
		enum erix_status st = length > 240 ? ERIX_E_INVALID_ARGUMENT : op(argv[i], length);
		if (st != ERIX_OK) {
			print(sh, "%s: %.64s: %s\n", argv[0], argv[i], why(st));
			status = 1;
		}
	}
	return status;
}

static enum erix_status make_dir(const char *path, uint16_t length)
{
	struct vfsd_mkdir_req req = {.path = path, .path_len = length};
	struct vfsd_mkdir_rep rep;
	return vfsd_mkdir(fs.files, ipc(), &req, &rep);
}

static enum erix_status remove(const char *path, uint16_t length)
{
	struct vfsd_unlink_req req = {.path = path, .path_len = length};
	struct vfsd_unlink_rep rep;
	return vfsd_unlink(fs.files, ipc(), &req, &rep);
}

int files_mkdir(struct shell *sh, int argc, char **argv)
{
	return each_path(sh, argc, argv, make_dir);
}

int files_rm(struct shell *sh, int argc, char **argv)
{
	return each_path(sh, argc, argv, remove);
}

int files_mv(struct shell *sh, int argc, char **argv)
{
	if (argc != 3) {
		print(sh, "mv: usage: mv FROM TO\n");
		return 2;
	}
	struct vfsd_rename_req req = {.from_path = argv[1],
				      .from_path_len = path_length(argv[1]),
				      .to_path = argv[2],
				      .to_path_len = path_length(argv[2])};
	struct vfsd_rename_rep rep;
	enum erix_status st = req.from_path_len > 240 || req.to_path_len > 240
				      ? ERIX_E_INVALID_ARGUMENT
				      : vfsd_rename(fs.files, ipc(), &req, &rep);
	if (st != ERIX_OK) {
		print(sh, "mv: %.64s -> %.64s: %s\n", argv[1], argv[2], why(st));
		return 1;
	}
	return 0;
}

/* Write what waits in OUT_AREA to the redirection's file. */
static void flush_out(void)
{
	if (fs.out_fill == 0 || fs.out_failed)
		return;
	struct vfsd_write_req req = {.buffer_offset = OUT_AREA, .length = fs.out_fill};
	struct vfsd_write_rep rep;
	fs.out_status = vfsd_write(fs.out, ipc(), &req, &rep);
	if (fs.out_status == ERIX_OK && rep.transferred < fs.out_fill)
		fs.out_status = ERIX_E_NO_MEMORY;
	fs.out_failed = fs.out_status != ERIX_OK;
	fs.out_fill = 0;
}

bool files_redirect_put(const char *text, size_t length)
{
	if (fs.out == 0)
		return false;
	while (length > 0) {
		size_t take = AREA_SIZE - fs.out_fill < length ? AREA_SIZE - fs.out_fill : length;
		memcpy(fs.buffer + OUT_AREA + fs.out_fill, text, take);
		fs.out_fill += (uint32_t)take;
		text += take;
		length -= take;
		if (fs.out_fill == AREA_SIZE)
			flush_out();
	}
	return true;
}

/* Open `path` for output: truncated, or at its end when `append`. */
static enum erix_status open_out(const char *path, bool append)
{
	uint8_t disposition = append ? VFSD_OPEN_DISPOSITION_OPEN_OR_CREATE
				     : VFSD_OPEN_DISPOSITION_CREATE_OR_TRUNCATE;
	erix_cptr_t file;
	enum erix_status st = open_file(path, VFSD_OPEN_MODE_WRITE_ONLY, disposition, &file, NULL);
	struct vfsd_seek_req req = {.offset = 0, .origin = VFSD_SEEK_ORIGIN_FROM_END};
	struct vfsd_seek_rep rep;
	if (st == ERIX_OK && append)
		st = vfsd_seek(file, ipc(), &req, &rep);
	if (st != ERIX_OK)
		return st;
	fs.out = file;
	fs.out_fill = 0;
	fs.out_failed = false;
	fs.out_status = ERIX_OK;
	return ERIX_OK;
}

/* The first word that starts a redirection, or -1. */
static int redirection_at(char **words, int count)
{
	for (int i = 0; i < count; i++)
		if (words[i][0] == '>')
			return i;
	return -1;
}

bool files_redirected(char **words, int count)
{
	return redirection_at(words, count) >= 0;
}

int files_redirect_begin(struct shell *sh, char **words, int *count)
{
	int at = redirection_at(words, *count);
	if (at < 0)
		return 0;
	const char *op = words[at];
	bool append = op[1] == '>';
	const char *path = op + 1 + append;
	int used = 1;
	if (*path == '\0' && at + 1 < *count) {
		path = words[at + 1];
		used = 2;
	}
	if (*path == '\0' || at + used != *count || at == 0 || path[0] == '>') {
		print(sh, "sh: a redirection is > PATH or >> PATH, after a command\n");
		return -1;
	}
	enum erix_status st = open_out(path, append);
	if (st != ERIX_OK) {
		print(sh, "sh: %.64s: %s\n", path, why(st));
		return -1;
	}
	fs.out_path = path;
	*count = at;
	return 1;
}

int files_redirect_end(struct shell *sh, int status)
{
	flush_out();
	erix_cptr_t file = fs.out;
	fs.out = 0;
	close_file(file);
	if (fs.out_failed) {
		print(sh, "sh: %.64s: %s\n", fs.out_path, why(fs.out_status));
		return 1;
	}
	return status;
}

enum erix_status files_grant(erix_cptr_t cnode, erix_cptr_t grants)
{
	const erix_cptr_t given[] = {fs.files, fs.mem.vspace_ctl, fs.mem.retype};
	for (uint32_t i = 0; i < 3; i++) {
		struct cnode_copy_to_req req = {
			.source = given[i], .destination = i + 2, .rights = 0xff, .target = grants};
		struct cnode_copy_to_rep rep;
		enum erix_status st = cnode_copy_to(cnode, ipc(), &req, &rep);
		if (st != ERIX_OK)
			return st;
	}
	return ERIX_OK;
}
