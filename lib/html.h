/*
 * html.h - the two things the engine asks of an HTML part: its text, for
 * matching (the newest text only, as for plain text), and the place where an
 * invitation goes. A small tolerant tokenizer, not a DOM: comments,
 * declarations, <script>, <style> and <head> content are skipped, and the
 * quoted-history markers of common mail clients are recognised by their
 * tags. Work is linear in the document size.
 *
 * Ownership: output appended to a caller-owned crm_buf.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM, CRM_ELIMIT (crm_html_to_text); CRM_EPARSE
 *   (crm_html_find_insert, see there).
 */
#ifndef CRM_HTML_H
#define CRM_HTML_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * crm_html_to_text - reduce HTML to text for matching: tags removed (block
 * tags become line breaks), <script>/<style>/<head> content and comments
 * dropped, character references decoded (named basic set + numeric), text
 * inside <blockquote type="cite">, gmail_quote, divRplyFwdMsg and after the
 * history marker found by crm_html_find_insert dropped.
 * Input is UTF-8 (converted by the caller).
 */
int crm_html_to_text(const char *html, size_t len, struct crm_buf *out) CRM_WUR;

/*
 * crm_html_find_insert - where an invitation goes in an HTML document given
 * as bytes of an ASCII-compatible encoding (tags are searched ASCII
 * case-insensitively; comments and <script>/<style> skipped). OUT *offset:
 * before the first recognised quoted-history marker inside <body> (<blockquote
 * type="cite">, <div class="gmail_quote", <div id="divRplyFwdMsg",
 * <div id="appendonsend", Outlook's "<hr" reply separator, <div
 * class="moz-cite-prefix">), else before the last </body>, else before the
 * last </html>, else the end. OUT *in_body: 1 when the place is inside a
 * <body> (or there is no <body> tag at all).
 * Returns CRM_OK, or CRM_EPARSE when the document ends inside a comment, a
 * declaration, a tag or a <script>/<style>/<title> element (anything put
 * there would be hidden, so the caller leaves the part alone).
 */
int crm_html_find_insert(const char *html, size_t len, size_t *offset, int *in_body);

#endif
