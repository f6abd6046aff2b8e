/*
 * Character classes for EriX user programs: ASCII only (no locales). Each
 * takes an int holding an unsigned char value or EOF (-1), as in ISO C;
 * anything else is simply in no class.
 */
#ifndef ERIX_LIBC_CTYPE_H
#define ERIX_LIBC_CTYPE_H

/* '0'..'9'. */
int isdigit(int c);
/* 'a'..'z'. */
int islower(int c);
/* 'A'..'Z'. */
int isupper(int c);
/* A letter. */
int isalpha(int c);
/* A letter or a digit. */
int isalnum(int c);
/* A hexadecimal digit. */
int isxdigit(int c);
/* Space, \t, \n, \v, \f or \r. */
int isspace(int c);
/* Printable: space through '~'. */
int isprint(int c);
/* The lower-case letter of c, or c. */
int tolower(int c);
/* The upper-case letter of c, or c. */
int toupper(int c);

#endif
