#!/bin/sh
# Check that every project C source is formatted as .clang-format says.
# Usage: lint_format.sh SOURCE_ROOT
set -eu
cd "$1"
files=$(find kernel lib servers drivers filesystems apps tests codegen \
	-name '*.[ch]' -not -path '*/golden/*' 2>/dev/null | sort)
[ -n "$files" ] || { echo "no C files found under $1"; exit 1; }
# shellcheck disable=SC2086
if clang-format --dry-run --Werror $files; then
	echo "format: $(echo "$files" | wc -l) files clean"
else
	echo "format: run 'clang-format -i' on the files above (or ./erix lint --fix)"
	exit 1
fi
