/*
 * text.h - plain-text analysis on decoded (UTF-8) text: width normalisation
 * for matching, and where the newest text of a message ends (quoted history,
 * forwarded message or signature begins). HTML parts: html.h.
 *
 * Ownership: output appended to caller-owned crm_buf.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM, CRM_ELIMIT.
 */
#ifndef CRM_TEXT_H
#define CRM_TEXT_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * crm_text_normalize - for matching only: full-width ASCII (U+FF01..U+FF5E)
 * to ASCII, U+3000 to SP, half-width katakana (U+FF61..U+FF9F, with voiced
 * marks combined) to full-width, typographic quotes (U+2018, U+2019 to ',
 * U+201C, U+201D to ") to ASCII, runs of blanks to one SP, CRLF to LF.
 * Invalid UTF-8 bytes are dropped.
 */
int crm_text_normalize(const char *utf8, size_t len, struct crm_buf *out) CRM_WUR;

/* where the newest text ends */
enum crm_cut_kind {
    CRM_CUT_NONE = 0,  /* no history/signature: whole text is new */
    CRM_CUT_SIGNATURE, /* "-- " delimiter line */
    CRM_CUT_QUOTE,     /* ">" lines, "On ... wrote:", Japanese attribution line */
    CRM_CUT_ORIGINAL,  /* "-----Original Message-----", "-----元のメッセージ-----",
                          "---------- Forwarded message ---------", "From: ... Sent: ..." block */
};

struct crm_text_cut {
    size_t line;   /* 0-based index of the first line of history/signature
                      (== number of lines when kind is NONE) */
    size_t offset; /* byte offset of that line in the UTF-8 input */
    enum crm_cut_kind kind;
    size_t quoted; /* ">" lines of inline quotes inside the newest text */
};

/*
 * crm_text_find_cut - scan UTF-8 text (CRLF or LF lines) and find the first
 * line where quoted history, a forwarded/original message or the signature
 * delimiter begins. Trailing blank lines before the cut belong to the cut
 * (the invitation goes right after the last non-blank line of new text).
 * A block of ">" lines that the letter goes on after (at least
 * CRM_TEXT_INLINE_AFTER non-blank lines of text follow it before any
 * history, signature or the end: a quoted question answered below it, a
 * quoted job title; one line is enough once an inline quote was found, as in
 * an interleaved reply) is an inline quote, part of the newest text; its
 * lines are counted in cut->quoted. Linear time.
 */
#define CRM_TEXT_INLINE_AFTER 2
void crm_text_find_cut(const char *utf8, size_t len, struct crm_text_cut *cut);

/*
 * crm_text_drop_quoted - the first len bytes of b from start, without their
 * ">" and "＞" lines (the inline quotes crm_text_find_cut counts), in place.
 */
void crm_text_drop_quoted(struct crm_buf *b, size_t start);

#endif
