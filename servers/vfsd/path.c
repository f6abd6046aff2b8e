/*
 * vfsd's path rules (idl/vfsd.idl): at most 240 bytes, absolute, components
 * separated by single '/', no empty, "." or ".." component, no trailing '/'
 * except the root "/" itself, each component 1..239 bytes. A path is checked
 * once, when it arrives; everything after works on checked, canonical paths,
 * so a namespace's prefix joined with a checked path can never climb out.
 */
#include <string.h>

#include "vfs.h"

/* True when the component [c, c + n) is allowed. */
static bool component_valid(const char *c, size_t n)
{
	if (n == 0 || n > VFS_NAME_MAX)
		return false;
	if ((n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
		return false;
	return memchr(c, '\0', n) == NULL;
}

bool vfs_path_valid(const char *path, size_t len)
{
	if (len == 0 || len > VFS_PATH_MAX || path[0] != '/' || strnlen(path, len + 1) != len)
		return false;
	if (len == 1)
		return true;
	size_t start = 1;
	for (size_t i = 1; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		if (!component_valid(path + start, i - start))
			return false;
		start = i + 1;
	}
	return true;
}

bool vfs_path_is_root(const char *path)
{
	return path[0] == '/' && path[1] == '\0';
}

/*
 * The checked `path` seen from a namespace rooted at `prefix` ("" or a
 * canonical path) as a path from the real root; false when it would pass
 * 240 bytes.
 */
bool vfs_join(const char *prefix, const char *path, char out[VFS_PATH_MAX + 1])
{
	size_t p = strlen(prefix);
	const char *tail = vfs_path_is_root(path) && p > 0 ? "" : path;
	size_t t = strlen(tail);
	if (p + t > VFS_PATH_MAX)
		return false;
	memcpy(out, prefix, p);
	memcpy(out + p, tail, t + 1);
	return true;
}
