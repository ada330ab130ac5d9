/*
 * mimerun.h - the MIME parser's block scan: how far a run of plain body
 * lines goes, read 64 octets at a time with the widest SIMD compares the CPU
 * has (SSE2, AVX2, AVX-512BW; chosen at run time). Internal to mime.c, in a
 * file of its own because it is the one CPU-specific part of the parser.
 *
 * A line is plain when every LF in it has its CR and every CR its LF, it is
 * at most CRM_MIME_MAX_LINE octets long, it does not start with '-' (when
 * delims) and holds no NUL (when nuls): a line mime.c would pass without
 * changing its state or adding an anomaly. Every scanner returns a line
 * start at or before the first line that is not plain; the results of a
 * parse never depend on which one ran (tests/test_mime.c and
 * tests/test_mime_nul.c compare them all).
 *
 * Ownership: none; reads msg only.
 * Thread safety: reentrant.
 * Errors: none.
 */
#ifndef CRM_MIMERUN_H
#define CRM_MIMERUN_H

#define CRM_MIME_MAX_LINE 998 /* octets of content in a line: RFC 5322 2.1.1 */

/*
 * crm_mime_run - the end of the run of plain lines from the line start p, in
 * msg[..end): p itself when there is none, or when p does not follow an LF
 * (the compares look one octet back). scan: CRM_MIME_SCAN_* (mime.h), at
 * most crm_mime_run_best(); SCALAR passes nothing. A last line that does not
 * fit in whole 64-octet blocks before end is left to the caller.
 */
const char *crm_mime_run(int scan, const char *msg, const char *p, const char *end, int delims,
                         int nuls);
/* crm_mime_run_best - the widest CRM_MIME_SCAN_* this build and CPU have */
int crm_mime_run_best(void);

#endif
