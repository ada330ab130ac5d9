/*
 * html.h - the two things the engine asks of an HTML part: its text, for
 * matching (the newest text only, as for plain text), and the place where an
 * invitation goes. A small tolerant tokenizer, not a DOM: comments,
 * declarations, <script>, <style> and <head> content are skipped, the
 * quoted-history markers of common mail clients are recognised by their
 * tags, and what is still open where the invitation would go (a link, a
 * hidden element, a table) is tracked with counters. Work is linear in the
 * document size, with no allocation.
 *
 * Ownership: output appended to a caller-owned crm_buf.
 * Thread safety: reentrant.
 * Errors: CRM_ENOMEM, CRM_ELIMIT (crm_html_to_text); CRM_EPARSE,
 *   CRM_ESTATE (crm_html_find_insert, see there).
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
 * case-insensitively; comments, <script>/<style>/<title>, the raw text of
 * <textarea>/<xmp>/<iframe>/<noembed>/<noframes> and the inert content of
 * <template> skipped). OUT *offset: before the first recognised
 * quoted-history marker inside <body> (<blockquote type="cite">, <div
 * class="gmail_quote", <div id="divRplyFwdMsg", <div id="appendonsend",
 * Outlook's "<hr" reply separator, <div class="moz-cite-prefix">), else
 * before the last </body>, else before the last </html>, else the end.
 * OUT *in_body: 1 when the place is inside a <body> (or there is no <body>
 * tag at all).
 * Returns CRM_OK; CRM_EPARSE when the document ends inside a comment, a
 * declaration, a tag, one of the skipped elements above or after
 * <plaintext> (anything put there would be hidden, so the caller leaves the
 * part alone); CRM_ESTATE, with *offset and *in_body set, when an element
 * still open at *offset would hide, link or move what goes there: an <a>,
 * an element hidden by its inline style (display:none, visibility:hidden,
 * mso-hide:all, font-size:0, opacity:0, height or max-height 0 with
 * overflow:hidden), its hidden attribute, or by being <select> or a closed
 * <details>/<dialog>, or a <table> with no cell open (the content would be
 * moved above the table). Open elements are tracked with counters, not a
 * tree: end tags HTML lets authors leave out (<p>, <li>, <td>, <tr>, ...)
 * are implied where a cell, row, table or enclosing block ends; void
 * elements open nothing.
 */
int crm_html_find_insert(const char *html, size_t len, size_t *offset, int *in_body);

/*
 * crm_html_meta_charset - the charset label the document declares in a
 * <meta charset> or <meta http-equiv="Content-Type" content="...;
 * charset=..."> before <body>, within its first CRM_HTML_META_SCAN bytes
 * (bytes of an ASCII-compatible encoding; comments and the content of
 * <script>, <style>, <title> and other raw elements skipped). HTML reads
 * this only when the transport (MIME's charset parameter) names none.
 * OUT label: the trimmed label as written, NUL-terminated (size bytes).
 * Returns 1 when found (the first non-empty one); 0 when there is none or
 * when it does not fit.
 */
#define CRM_HTML_META_SCAN 8192
int crm_html_meta_charset(const char *html, size_t len, char *label, size_t size);

#endif
