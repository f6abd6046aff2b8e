/*
 * The shell's file commands and output redirection (files.c), over vfsd:
 * ls, cat, mkdir, rm, mv, and `> PATH` / `>> PATH` after any built-in.
 */
#ifndef ERIX_SH_FILES_H
#define ERIX_SH_FILES_H

#include <erix/abi.h>
#include <erix/bootinfo.h>
#include <stdbool.h>
#include <stddef.h>

struct shell;

/* main.c: write to the shell's output (the console, or the file a redirection names). */
void sh_write(struct shell *sh, const char *text, size_t length);

/* Find the file capabilities in the startup info and map the file buffer; false if one is missing.
 */
bool files_init(const struct erix_bootinfo *bi);

int files_ls(struct shell *sh, int argc, char **argv);
int files_cat(struct shell *sh, int argc, char **argv);
int files_mkdir(struct shell *sh, int argc, char **argv);
int files_rm(struct shell *sh, int argc, char **argv);
int files_mv(struct shell *sh, int argc, char **argv);

/* True when the words ask for a redirection. */
bool files_redirected(char **words, int count);

/*
 * Take a trailing `> PATH` or `>> PATH` (or `>PATH`, `>>PATH`) off the words
 * and open PATH for the command's output: 1 when redirected, 0 when there is
 * none, -1 after an error line on the console.
 */
int files_redirect_begin(struct shell *sh, char **words, int *count);

/* Send `length` bytes to the open redirection; false when there is none. */
bool files_redirect_put(const char *text, size_t length);

/* Flush and close the redirection; the command's `status`, or 1 after an error line. */
int files_redirect_end(struct shell *sh, int status);

/* Install the shell's file grants for a program it runs: grant slots 2..4 of `grants`. */
enum erix_status files_grant(erix_cptr_t cnode, erix_cptr_t grants);

#endif
