/*
 * tmpl.h - the invitation templates (text and HTML, Japanese and English).
 *
 * A template directory holds ja.txt, ja.html, en.txt, en.html (UTF-8); all
 * four must be there: a directory that does not exist, is not searchable or
 * lacks one of them fails the load with the path and the cause (an explicit
 * directory never falls back to the embedded defaults). Placeholders:
 * {url} (the invitation URL) and {company} (CompanyName). Text templates are
 * a few short lines; the URL line is written as "<URL>" on a line of its own.
 * HTML templates are rendered as ASCII with numeric character references
 * (&#x...;) for every non-ASCII character, so they fit every charset.
 * When the company name is empty, every template line containing {company}
 * is left out (so write that placeholder on a line that may disappear).
 *
 * crm_tmpl_load validates: every text template with every placeholder filled
 * must convert into each charset the engine may splice into (UTF-8,
 * ISO-2022-JP, CP932, EUC-JP-MS for ja; plus ISO-8859-1 and ASCII for en) and
 * keep lines <= 76 characters, or the load fails with the template name and
 * the offending charset. Where only the company name does not fit a charset
 * (a Japanese CompanyName in an ASCII part), the text without the company
 * line must fit: the engine then renders it with an empty company name.
 *
 * Ownership: immutable after load; crm_tmpl_free releases.
 * Thread safety: render is reentrant on a loaded set.
 * Errors: CRM_EIO, CRM_EPARSE, CRM_ECHARSET, CRM_ENOMEM.
 */
#ifndef CRM_TMPL_H
#define CRM_TMPL_H

#include "buf.h"
#include "err.h"

struct crm_templates;

enum crm_tmpl_kind { CRM_TMPL_TEXT = 0, CRM_TMPL_HTML = 1 };

/* crm_tmpl_load - dir NULL or "" = embedded defaults, else all four from dir; company for
 * validation */
int crm_tmpl_load(const char *dir, const char *company, const char *url_template,
                  struct crm_templates **out, struct crm_err *err) CRM_WUR;
void crm_tmpl_free(struct crm_templates *t);
/*
 * crm_tmpl_render - lang "ja" or "en"; writes UTF-8 (TEXT, lines separated by
 * CRLF, ending with CRLF) or ASCII (HTML) into out.
 */
int crm_tmpl_render(const struct crm_templates *t, const char *lang, enum crm_tmpl_kind kind,
                    const char *url, const char *company, struct crm_buf *out,
                    struct crm_err *err) CRM_WUR;
/* crm_tmpl_name - "ja.txt" etc., for the ledger's template column */
const char *crm_tmpl_name(const char *lang, enum crm_tmpl_kind kind);

#endif
