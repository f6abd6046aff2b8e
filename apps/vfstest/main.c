/*
 * vfstest: vfsd's conformance checks, run from the shell (/boot/vfstest). It
 * gets the shell's namespace capability and a buffer frame of its own, sends
 * every vfsd method with valid and invalid input, and prints one TAP line
 * per check, then "vfstest: N passed, M failed". Its files live under
 * /tmp/vfstest, which it removes again.
 */
#include <cnode.h>
#include <console.h>
#include <erix/fmt.h>
#include <erix/ipc.h>
#include <erix/memory.h>
#include <erix/slots.h>
#include <erix/status.h>
#include <string.h>
#include <vfsd.h>

#define BUFFER_ADDRESS 0x50000000ull
#define RO             VFSD_OPEN_MODE_READ_ONLY
#define WO             VFSD_OPEN_MODE_WRITE_ONLY
#define RW             VFSD_OPEN_MODE_READ_WRITE
#define EXISTING       VFSD_OPEN_DISPOSITION_OPEN_EXISTING

static struct {
	erix_cptr_t console, files, frame;
	struct erix_memory mem; /* its own memory and address space, for the buffer */
	uint8_t *buffer;
	int number, failed;
} t;

static struct erix_msg *ipc(void)
{
	return erix_ipc_buffer();
}

static void say(const char *text)
{
	struct console_write_req req = {.data = (const uint8_t *)text,
					.data_len = (uint16_t)strnlen(text, 256)};
	struct console_write_rep rep;
	console_write(t.console, ipc(), &req, &rep);
}

/* One TAP line: `what` answered `got`, `want` expected. */
static void check(const char *what, enum erix_status got, enum erix_status want)
{
	char line[160];
	t.number++;
	t.failed += got != want;
	erix_snprintf(line, sizeof(line), "%s %d - %s: %s%s%s\n", got == want ? "ok" : "not ok",
		      t.number, what, erix_status_name(got), got == want ? "" : ", expected ",
		      got == want ? "" : erix_status_name(want));
	say(line);
}

/* What a check covers, for tests/coverage.py. */
enum cover { COVER_POSITIVE, COVER_AUTHORITY };

/* check(), declaring that it covers `methods` ("vfsd.METHOD ...") as `kind`. */
static void vfstest_cover(const char *methods, enum cover kind, const char *what,
			  enum erix_status got, enum erix_status want)
{
	(void)methods;
	(void)kind;
	check(what, got, want);
}

static void check_true(const char *what, bool ok)
{
	check(what, ok ? ERIX_OK : ERIX_E_INVALID_ARGUMENT, ERIX_OK);
}

static enum erix_status open_in(erix_cptr_t ns, const char *path, uint8_t mode, uint8_t disposition,
				erix_cptr_t *file)
{
	erix_cptr_t slot = erix_slot_alloc();
	ipc()->receive[0] = slot;
	struct vfsd_open_req req = {.path = path,
				    .path_len = (uint16_t)strlen(path),
				    .mode = mode,
				    .disposition = disposition};
	struct vfsd_open_rep rep;
	enum erix_status st = vfsd_open(ns, ipc(), &req, &rep);
	*file = st == ERIX_OK ? rep.file : 0;
	return st;
}

static enum erix_status attach(erix_cptr_t file)
{
	struct vfsd_attach_buffer_req req = {.buffer = t.frame};
	struct vfsd_attach_buffer_rep rep;
	return vfsd_attach_buffer(file, ipc(), &req, &rep);
}

static enum erix_status rd(erix_cptr_t file, uint32_t offset, uint32_t length, uint32_t *got)
{
	struct vfsd_read_req req = {.buffer_offset = offset, .length = length};
	struct vfsd_read_rep rep = {0};
	enum erix_status st = vfsd_read(file, ipc(), &req, &rep);
	*got = rep.transferred;
	return st;
}

static enum erix_status wr(erix_cptr_t file, uint32_t offset, uint32_t length)
{
	struct vfsd_write_req req = {.buffer_offset = offset, .length = length};
	struct vfsd_write_rep rep;
	return vfsd_write(file, ipc(), &req, &rep);
}

static enum erix_status seek(erix_cptr_t file, int64_t offset, uint8_t origin, uint64_t *at)
{
	struct vfsd_seek_req req = {.offset = offset, .origin = origin};
	struct vfsd_seek_rep rep = {0};
	enum erix_status st = vfsd_seek(file, ipc(), &req, &rep);
	*at = rep.position;
	return st;
}

static enum erix_status size_of(erix_cptr_t file, uint64_t *size)
{
	struct vfsd_stat_req req = {0};
	struct vfsd_stat_rep rep = {0};
	enum erix_status st = vfsd_stat(file, ipc(), &req, &rep);
	*size = rep.info.size;
	return st;
}

static enum erix_status truncate(erix_cptr_t file, uint64_t size)
{
	struct vfsd_truncate_req req = {.size = size};
	struct vfsd_truncate_rep rep;
	return vfsd_truncate(file, ipc(), &req, &rep);
}

static enum erix_status readdir(erix_cptr_t dir, uint32_t offset, uint32_t max, uint32_t *count)
{
	struct vfsd_readdir_req req = {.buffer_offset = offset, .max_entries = max};
	struct vfsd_readdir_rep rep = {0};
	enum erix_status st = vfsd_readdir(dir, ipc(), &req, &rep);
	*count = rep.count;
	return st;
}

static enum erix_status close(erix_cptr_t file)
{
	struct vfsd_close_req req = {0};
	struct vfsd_close_rep rep;
	return vfsd_close(file, ipc(), &req, &rep);
}

static enum erix_status mkdir(erix_cptr_t ns, const char *path)
{
	struct vfsd_mkdir_req req = {.path = path, .path_len = (uint16_t)strlen(path)};
	struct vfsd_mkdir_rep rep;
	return vfsd_mkdir(ns, ipc(), &req, &rep);
}

static enum erix_status unlink(erix_cptr_t ns, const char *path)
{
	struct vfsd_unlink_req req = {.path = path, .path_len = (uint16_t)strlen(path)};
	struct vfsd_unlink_rep rep;
	return vfsd_unlink(ns, ipc(), &req, &rep);
}

static enum erix_status rename(erix_cptr_t ns, const char *from, const char *to)
{
	struct vfsd_rename_req req = {.from_path = from,
				      .from_path_len = (uint16_t)strlen(from),
				      .to_path = to,
				      .to_path_len = (uint16_t)strlen(to)};
	struct vfsd_rename_rep rep;
	return vfsd_rename(ns, ipc(), &req, &rep);
}

static enum erix_status narrow(erix_cptr_t ns, const char *path, bool read_only, erix_cptr_t *view)
{
	erix_cptr_t slot = erix_slot_alloc();
	ipc()->receive[0] = slot;
	struct vfsd_narrow_req req = {
		.path = path, .path_len = (uint16_t)strlen(path), .read_only = read_only};
	struct vfsd_narrow_rep rep;
	enum erix_status st = vfsd_narrow(ns, ipc(), &req, &rep);
	*view = st == ERIX_OK ? rep.view : 0;
	return st;
}

/* Paths vfsd must refuse, whatever they name. */
static void bad_paths(void)
{
	static const char *const bad[] = {"",       "etc",     "//",         "/etc/",
					  "/./etc", "/etc/..", "/etc//motd", "/tmp/../etc"};
	erix_cptr_t f;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		check("open of a bad path", open_in(t.files, bad[i], RO, EXISTING, &f),
		      ERIX_E_INVALID_ARGUMENT);
	static char long_path[245];
	long_path[0] = '/';
	memset(long_path + 1, 'a', 240);
	check("a path over 240 bytes", mkdir(t.files, long_path), ERIX_E_TOO_LARGE);
	check("mkdir /", mkdir(t.files, "/"), ERIX_E_INVALID_ARGUMENT);
	check("unlink /", unlink(t.files, "/"), ERIX_E_INVALID_ARGUMENT);
	check("rename of /", rename(t.files, "/", "/x"), ERIX_E_INVALID_ARGUMENT);
}

/* Create, write, read back, seek, stat, truncate and the checks of each. */
static void data(void)
{
	erix_cptr_t f, again;
	uint32_t got;
	uint64_t at;
	vfstest_cover("vfsd.mkdir", COVER_POSITIVE, "mkdir /tmp/vfstest",
		      mkdir(t.files, "/tmp/vfstest"), ERIX_OK);
	check("mkdir again", mkdir(t.files, "/tmp/vfstest"), ERIX_E_EXISTS);
	check("mkdir under a missing parent", mkdir(t.files, "/nope/x"), ERIX_E_NOT_FOUND);
	vfstest_cover("vfsd.open", COVER_POSITIVE, "create_new",
		      open_in(t.files, "/tmp/vfstest/a", RW, VFSD_OPEN_DISPOSITION_CREATE_NEW, &f),
		      ERIX_OK);
	check("create_new of an existing name",
	      open_in(t.files, "/tmp/vfstest/a", RW, VFSD_OPEN_DISPOSITION_CREATE_NEW, &again),
	      ERIX_E_EXISTS);
	check("write before attach_buffer", wr(f, 0, 1), ERIX_E_NOT_FOUND);
	vfstest_cover("vfsd.attach_buffer", COVER_POSITIVE, "attach_buffer", attach(f), ERIX_OK);
	memcpy(t.buffer, "hello, vfsd", 11);
	vfstest_cover("vfsd.write", COVER_POSITIVE, "write 11 bytes", wr(f, 0, 11), ERIX_OK);
	check("write past the frame", wr(f, 4090, 100), ERIX_E_INVALID_ARGUMENT);
	vfstest_cover("vfsd.seek", COVER_POSITIVE, "seek to the start",
		      seek(f, 0, VFSD_SEEK_ORIGIN_FROM_START, &at), ERIX_OK);
	memset(t.buffer + 100, 0, 16);
	vfstest_cover("vfsd.read", COVER_POSITIVE, "read them back", rd(f, 100, 64, &got), ERIX_OK);
	check_true("the bytes read are the bytes written",
		   got == 11 && memcmp(t.buffer + 100, "hello, vfsd", 11) == 0);
	check("read at end of file", rd(f, 0, 16, &got), ERIX_OK);
	check_true("which reads 0 bytes", got == 0);
	check("seek before the start", seek(f, -1, VFSD_SEEK_ORIGIN_FROM_START, &at),
	      ERIX_E_INVALID_ARGUMENT);
	check("seek from the end", seek(f, -5, VFSD_SEEK_ORIGIN_FROM_END, &at), ERIX_OK);
	check_true("lands at size - 5", at == 6);
	vfstest_cover("vfsd.truncate", COVER_POSITIVE, "truncate to 5", truncate(f, 5), ERIX_OK);
	vfstest_cover("vfsd.stat", COVER_POSITIVE, "stat", size_of(f, &at), ERIX_OK);
	check_true("the size is 5", at == 5);
	vfstest_cover("vfsd.close", COVER_POSITIVE, "close", close(f), ERIX_OK);
	check("a closed file capability is gone", size_of(f, &at), ERIX_E_NOT_FOUND);
}

/* A read-only file capability reads and cannot write; a write-only one cannot read. */
static void modes(void)
{
	erix_cptr_t f;
	uint32_t got;
	check("open read_only", open_in(t.files, "/tmp/vfstest/a", RO, EXISTING, &f), ERIX_OK);
	attach(f);
	check("read through it", rd(f, 0, 16, &got), ERIX_OK);
	check_true("5 bytes", got == 5);
	vfstest_cover("vfsd.write", COVER_AUTHORITY, "write through a read-only file capability",
		      wr(f, 0, 1), ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.truncate", COVER_AUTHORITY, "truncate through it", truncate(f, 0),
		      ERIX_E_NO_PERMISSION);
	check("a namespace method on a file capability", mkdir(f, "/x"), ERIX_E_NO_PERMISSION);
	close(f);
	check("open write_only", open_in(t.files, "/tmp/vfstest/a", WO, EXISTING, &f), ERIX_OK);
	attach(f);
	vfstest_cover("vfsd.read", COVER_AUTHORITY, "read through a write-only one",
		      rd(f, 0, 1, &got), ERIX_E_NO_PERMISSION);
	close(f);
	check("a file method on a namespace capability", rd(t.files, 0, 1, &got),
	      ERIX_E_NO_PERMISSION);
	uint64_t at;
	uint32_t count;
	erix_cptr_t view;
	vfstest_cover("vfsd.attach_buffer", COVER_AUTHORITY,
		      "attach_buffer on a namespace capability", attach(t.files),
		      ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.seek", COVER_AUTHORITY, "seek on a namespace capability",
		      seek(t.files, 0, VFSD_SEEK_ORIGIN_FROM_START, &at), ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.stat", COVER_AUTHORITY, "stat on a namespace capability",
		      size_of(t.files, &at), ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.readdir", COVER_AUTHORITY, "readdir on a namespace capability",
		      readdir(t.files, 0, 1, &count), ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.close", COVER_AUTHORITY, "close on a namespace capability",
		      close(t.files), ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.narrow", COVER_AUTHORITY, "narrow on a file capability",
		      open_in(t.files, "/etc/motd", RO, EXISTING, &f) == ERIX_OK
			      ? narrow(f, "/", true, &view)
			      : ERIX_E_NOT_FOUND,
		      ERIX_E_NO_PERMISSION);
	close(f);
	check("open of a missing file", open_in(t.files, "/tmp/vfstest/none", RO, EXISTING, &f),
	      ERIX_E_NOT_FOUND);
	check("open under a regular file", open_in(t.files, "/tmp/vfstest/a/b", RO, EXISTING, &f),
	      ERIX_E_NOT_FOUND);
	check("truncate_existing of a missing file",
	      open_in(t.files, "/tmp/vfstest/none", WO, VFSD_OPEN_DISPOSITION_TRUNCATE_EXISTING,
		      &f),
	      ERIX_E_NOT_FOUND);
}

/* Directories: open rules, readdir and its checks. */
static void directories(void)
{
	erix_cptr_t d;
	uint32_t count, got;
	check("open a directory for writing", open_in(t.files, "/tmp", RW, EXISTING, &d),
	      ERIX_E_INVALID_ARGUMENT);
	check("open / read_only", open_in(t.files, "/", RO, EXISTING, &d), ERIX_OK);
	check("readdir before attach_buffer", readdir(d, 0, 1, &count), ERIX_E_NOT_FOUND);
	attach(d);
	vfstest_cover("vfsd.readdir", COVER_POSITIVE, "readdir /", readdir(d, 0, 16, &count),
		      ERIX_OK);
	check_true("lists tmp, bin and etc", count == 3);
	check("readdir at an unaligned offset", readdir(d, 3, 1, &count), ERIX_E_INVALID_ARGUMENT);
	check("readdir of 0 entries", readdir(d, 0, 0, &count), ERIX_E_INVALID_ARGUMENT);
	check("readdir past the frame", readdir(d, 0, 17, &count), ERIX_E_INVALID_ARGUMENT);
	check("read of a directory", rd(d, 0, 1, &got), ERIX_E_INVALID_ARGUMENT);
	close(d);
}

/* mkdir, rename and unlink, with their refusals. */
static void names(void)
{
	check("mkdir /tmp/vfstest/d", mkdir(t.files, "/tmp/vfstest/d"), ERIX_OK);
	vfstest_cover("vfsd.rename", COVER_POSITIVE, "rename a file into it",
		      rename(t.files, "/tmp/vfstest/a", "/tmp/vfstest/d/b"), ERIX_OK);
	check("rename a missing file", rename(t.files, "/tmp/vfstest/a", "/tmp/vfstest/c"),
	      ERIX_E_NOT_FOUND);
	check("rename a directory into itself",
	      rename(t.files, "/tmp/vfstest/d", "/tmp/vfstest/d/e"), ERIX_E_INVALID_ARGUMENT);
	check("unlink a non-empty directory", unlink(t.files, "/tmp/vfstest/d"), ERIX_E_BUSY);
	check("unlink a missing name", unlink(t.files, "/tmp/vfstest/zz"), ERIX_E_NOT_FOUND);
	vfstest_cover("vfsd.unlink", COVER_POSITIVE, "unlink the file",
		      unlink(t.files, "/tmp/vfstest/d/b"), ERIX_OK);
	check("unlink the directory", unlink(t.files, "/tmp/vfstest/d"), ERIX_OK);
}

/* narrow: subtrees and read-only views; mount and unmount are the admin's. */
static void views(void)
{
	erix_cptr_t ro, etc, f;
	check("narrow /tmp read-only", narrow(t.files, "/tmp", true, &ro), ERIX_OK);
	vfstest_cover("vfsd.open", COVER_AUTHORITY, "create in a read-only view",
		      open_in(ro, "/x", RW, VFSD_OPEN_DISPOSITION_OPEN_OR_CREATE, &f),
		      ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.mkdir", COVER_AUTHORITY, "mkdir in a read-only view", mkdir(ro, "/x"),
		      ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.unlink", COVER_AUTHORITY, "unlink in a read-only view",
		      unlink(ro, "/vfstest"), ERIX_E_NO_PERMISSION);
	vfstest_cover("vfsd.rename", COVER_AUTHORITY, "rename in a read-only view",
		      rename(ro, "/vfstest", "/moved"), ERIX_E_NO_PERMISSION);
	check("the view's root is /tmp", open_in(ro, "/vfstest", RO, EXISTING, &f), ERIX_OK);
	close(f);
	check("narrow a regular file", narrow(t.files, "/etc/motd", false, &f),
	      ERIX_E_INVALID_ARGUMENT);
	check("narrow a missing directory", narrow(t.files, "/nope", false, &f), ERIX_E_NOT_FOUND);
	vfstest_cover("vfsd.narrow", COVER_POSITIVE, "narrow /etc",
		      narrow(t.files, "/etc", false, &etc), ERIX_OK);
	check("/motd in it", open_in(etc, "/motd", RO, EXISTING, &f), ERIX_OK);
	close(f);
	check("no way above its root", open_in(etc, "/../tmp", RO, EXISTING, &f),
	      ERIX_E_INVALID_ARGUMENT);
	check("/tmp is not in it", open_in(etc, "/tmp", RO, EXISTING, &f), ERIX_E_NOT_FOUND);
	struct vfsd_mount_req m = {.path = "/tmp", .path_len = 4, .backend = t.files};
	struct vfsd_mount_rep mrep;
	vfstest_cover("vfsd.mount", COVER_AUTHORITY, "mount without the admin capability",
		      vfsd_mount(t.files, ipc(), &m, &mrep), ERIX_E_NO_PERMISSION);
	struct vfsd_unmount_req u = {.path = "/", .path_len = 1};
	struct vfsd_unmount_rep urep;
	vfstest_cover("vfsd.unmount", COVER_AUTHORITY, "unmount without it",
		      vfsd_unmount(t.files, ipc(), &u, &urep), ERIX_E_NO_PERMISSION);
	check("remove /tmp/vfstest", unlink(t.files, "/tmp/vfstest"), ERIX_OK);
}

int main(const struct erix_bootinfo *bi)
{
	t.console = erix_slot_named(bi, "console");
	t.files = erix_slot_named(bi, "files");
	t.mem = (struct erix_memory){.cnode = erix_slot_named(bi, "cnode"),
				     .vspace = erix_slot_named(bi, "vspace"),
				     .retype = erix_slot_named(bi, "retype_ctl"),
				     .vspace_ctl = erix_slot_named(bi, "vspace_ctl"),
				     .untyped = erix_slot_named(bi, "memory")};
	t.frame = erix_memory_buffer(&t.mem, BUFFER_ADDRESS);
	t.buffer = (uint8_t *)(uintptr_t)BUFFER_ADDRESS;
	if (!t.console || !t.files || !t.frame)
		return 2;
	bad_paths();
	data();
	modes();
	directories();
	names();
	views();
	char line[64];
	erix_snprintf(line, sizeof(line), "vfstest: %d passed, %d failed\n", t.number - t.failed,
		      t.failed);
	say(line);
	return t.failed != 0;
}
