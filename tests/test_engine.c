/* test_engine.c - the engine end to end on in-memory messages: verdicts and every reason to
 * pass, target parts, minimal change, header edits, crm_result_apply and describe */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "charset.h"
#include "codec.h"
#include "config.h"
#include "engine.h"
#include "helpers.h"
#include "mime.h"
#include "result.h"
#include "token.h"

#define BIG   ((size_t)1 << 26)
#define TOKEN "00000000-0000-4000-8000-000000000000"

/* test rules: independent of the shipped rules, so these tests do not move when they do */
static const char test_rules[] = "threshold 10\n"
                                 "rule t.reject 10 body 見送らせていただ|not to move forward\n"
                                 "rule t.offer -20 body 内定|pleased to offer\n"
                                 "rule t.subject 3 subject 選考結果\n";

struct fixture {
    char *dir;
    struct crm_config *cfg[2]; /* [0] plain; [1] Senders + a small MaxMessageSize */
};

/* write_config - config file in dir; returns its loaded form */
static struct crm_config *
load_config(const char *dir, const char *name, const char *extra)
{
    char path[1024], text[2048];
    struct crm_config *c = NULL;
    struct crm_err err;

    snprintf(text, sizeof(text),
             "CompanyName 株式会社サンプル\nInternalDomains example.co.jp\n"
             "Rules %s/t.rules\n%s",
             dir, extra);
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
    if (crm_config_load(path, &c, &err) != CRM_OK) {
        print_error("config: %s\n", err.msg);
        fail();
    }
    return c;
}

static int
setup(void **state)
{
    static struct fixture fx;
    char path[1024];

    fx.dir = th_tmpdir("engine");
    assert_non_null(fx.dir);
    snprintf(path, sizeof(path), "%s/t.rules", fx.dir);
    assert_int_equal(th_write_file(path, test_rules, sizeof(test_rules) - 1), 0);
    fx.cfg[0] = load_config(fx.dir, "a.conf", "");
    fx.cfg[1] =
        load_config(fx.dir, "b.conf", "Senders recruit@example.co.jp\nMaxMessageSize 2048\n");
    *state = &fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;

    crm_config_free(fx->cfg[0]);
    crm_config_free(fx->cfg[1]);
    th_rmtree(fx->dir);
    crm_free(fx->dir);
    return 0;
}

/* ---- messages ---- */

#define TOP                                                                                        \
    "From: HR <hr@example.co.jp>\r\nTo: cand@example.net\r\nSubject: Your application\r\n"         \
    "Message-ID: <1@example.co.jp>\r\nMIME-Version: 1.0\r\n"
#define PLAIN8   "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
#define HTML8    "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
#define REJ_EN   "Thank you. We have decided not to move forward.\r\nRegards\r\n"
#define REJ_JA   "誠に残念ながら、今回は採用を見送らせていただくこととなりました。\r\n"
#define HTML_EN  "<html><body><p>We have decided not to move forward.</p></body></html>\r\n"
#define MIXED(b) "Content-Type: multipart/mixed; boundary=\"" b "\"\r\n\r\n"
#define ALT(b)   "Content-Type: multipart/alternative; boundary=\"" b "\"\r\n\r\n"
#define PDF                                                                                        \
    "Content-Type: application/pdf; name=\"a.pdf\"\r\nContent-Transfer-Encoding: "                 \
    "base64\r\n\r\nJVBERi0=\r\n"

struct eng_case {
    const char *name;
    const char *msg;
    const char *sender; /* NULL: hr@example.co.jp; "": none */
    const char *rcpt;   /* NULL: cand@example.net; "": none */
    int cfg;            /* fixture config index */
    const char *want;   /* "inject" or the pass reason */
    unsigned parts;     /* parts changed when injected */
    const char *lang;   /* when injected */
};

static const struct eng_case eng_cases[] = {
    /* verdicts */
    {"en_rejection_injects", TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL, 0, "inject", 1, "en"},
    {"ja_rejection_injects", TOP PLAIN8 "\r\n" REJ_JA, NULL, NULL, 0, "inject", 1, "ja"},
    {"offer_passes", TOP PLAIN8 "\r\nWe are pleased to offer you the role.\r\n", NULL, NULL, 0,
     "score-below-threshold", 0, NULL},
    {"quoted_rejection_is_not_newest_text",
     TOP PLAIN8 "\r\nThanks for letting me know.\r\n\r\n> We have decided not to move forward.\r\n",
     NULL, NULL, 0, "score-below-threshold", 0, NULL},
    {"forced_invite_injects", "X-CareerRelay: invite\r\n" TOP PLAIN8 "\r\nHello\r\n", NULL, NULL, 0,
     "inject", 1, "en"},
    {"header_skip_wins", "X-CareerRelay: skip\r\n" TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL, 0,
     "header-skip", 0, NULL},
    {"skip_beats_invite",
     "X-CareerRelay: invite\r\nX-CareerRelay: skip\r\n" TOP PLAIN8 "\r\nHi\r\n", NULL, NULL, 0,
     "header-skip", 0, NULL},
    {"auto_generated_still_injects", "Auto-Submitted: auto-generated\r\n" TOP PLAIN8 "\r\n" REJ_EN,
     NULL, NULL, 0, "inject", 1, "en"},
    /* header gates */
    {"already_invited_header", "X-CareerRelay-Invitation: " TOKEN "\r\n" TOP PLAIN8 "\r\n" REJ_EN,
     NULL, NULL, 0, "already-invited", 0, NULL},
    {"already_invited_link_in_body",
     TOP PLAIN8 "\r\n" REJ_EN "<https://careerrelay.jp/i/" TOKEN ">\r\n", NULL, NULL, 0,
     "already-invited", 0, NULL},
    {"dkim_signed",
     "DKIM-Signature: v=1; a=rsa-sha256; d=example.co.jp\r\n" TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL,
     0, "dkim-signed", 0, NULL},
    {"arc_sealed", "ARC-Seal: i=1; a=rsa-sha256; cv=none\r\n" TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL,
     0, "dkim-signed", 0, NULL},
    {"auto_replied", "Auto-Submitted: auto-replied\r\n" TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL, 0,
     "auto-reply", 0, NULL},
    {"x_autoreply", "X-Autoreply: yes\r\n" TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL, 0, "auto-reply", 0,
     NULL},
    {"precedence_auto_reply", "Precedence: auto_reply\r\n" TOP PLAIN8 "\r\n" REJ_EN, NULL, NULL, 0,
     "auto-reply", 0, NULL},
    {"too_large",
     TOP PLAIN8
     "\r\n" REJ_EN
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n"
     "................................................................................\r\n",
     "recruit@example.co.jp", NULL, 1, "too-large", 0, NULL},
    /* envelope */
    {"sender_not_allowed", TOP PLAIN8 "\r\n" REJ_EN, "other@example.co.jp", NULL, 1,
     "sender-not-allowed", 0, NULL},
    {"allowed_sender_injects", TOP PLAIN8 "\r\n" REJ_EN, "recruit@example.co.jp", NULL, 1, "inject",
     1, "en"},
    {"internal_recipient", TOP PLAIN8 "\r\n" REJ_EN, NULL, "boss@example.co.jp", 0, "no-candidate",
     0, NULL},
    {"internal_subdomain_recipient", TOP PLAIN8 "\r\n" REJ_EN, NULL, "boss@jp.example.co.jp", 0,
     "no-candidate", 0, NULL},
    {"sender_domain_recipient", TOP PLAIN8 "\r\n" REJ_EN, "hr@acme.test", "ceo@acme.test", 0,
     "no-candidate", 0, NULL},
    {"no_recipient", TOP PLAIN8 "\r\n" REJ_EN, NULL, "", 0, "no-candidate", 0, NULL},
    {"null_sender_uses_from_domain",
     "From: hr@acme.test\r\nTo: x@acme.test\r\nMIME-Version: 1.0\r\n" PLAIN8 "\r\n" REJ_EN, "<>",
     "x@acme.test", 0, "no-candidate", 0, NULL},
    /* structure */
    {"multipart_signed",
     TOP
     "Content-Type: multipart/signed; boundary=\"s\"; protocol=\"application/pgp-signature\"\r\n"
     "\r\n--s\r\n" PLAIN8 "\r\n" REJ_EN "--s\r\nContent-Type: application/pgp-signature\r\n\r\n"
     "sig\r\n--s--\r\n",
     NULL, NULL, 0, "signed", 0, NULL},
    {"signed_inside_mixed",
     TOP MIXED("m") "--m\r\nContent-Type: multipart/signed; boundary=\"s\"\r\n\r\n--s\r\n" PLAIN8
                    "\r\n" REJ_EN "--s\r\nContent-Type: application/pkcs7-signature\r\n\r\nx\r\n"
                    "--s--\r\n--m--\r\n",
     NULL, NULL, 0, "signed", 0, NULL},
    {"multipart_encrypted",
     TOP "Content-Type: multipart/encrypted; boundary=\"e\"\r\n\r\n--e\r\n"
         "Content-Type: application/pgp-encrypted\r\n\r\nVersion: 1\r\n--e\r\n"
         "Content-Type: application/octet-stream\r\n\r\nx\r\n--e--\r\n",
     NULL, NULL, 0, "encrypted", 0, NULL},
    {"pkcs7_mime",
     TOP "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\nMIAG\r\n",
     NULL, NULL, 0, "smime", 0, NULL},
    {"multipart_report",
     TOP "Content-Type: multipart/report; report-type=delivery-status; "
         "boundary=\"r\"\r\n\r\n--r\r\n" PLAIN8 "\r\n" REJ_EN
         "--r\r\nContent-Type: message/delivery-status\r\n\r\nx\r\n--r--\r\n",
     NULL, NULL, 0, "report", 0, NULL},
    {"inline_pgp", TOP PLAIN8 "\r\n-----BEGIN PGP SIGNED MESSAGE-----\r\n" REJ_EN, NULL, NULL, 0,
     "inline-pgp", 0, NULL},
    {"missing_final_boundary", TOP MIXED("m") "--m\r\n" PLAIN8 "\r\n" REJ_EN, NULL, NULL, 0,
     "mime-", 0, NULL},
    {"calendar_only", TOP "Content-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\n",
     NULL, NULL, 0, "no-text-part", 0, NULL},
    {"first_child_is_attachment",
     TOP MIXED("m") "--m\r\n" PDF "--m\r\n" PLAIN8 "\r\n" REJ_EN "--m--\r\n", NULL, NULL, 0,
     "no-text-part", 0, NULL},
    {"text_attachment_only",
     TOP "Content-Type: text/plain; charset=utf-8; name=\"cv.txt\"\r\n"
         "Content-Disposition: attachment\r\n\r\n" REJ_EN,
     NULL, NULL, 0, "no-text-part", 0, NULL},
    {"rejection_only_inside_rfc822",
     TOP MIXED("m") "--m\r\nContent-Type: message/rfc822\r\n\r\n" PLAIN8 "\r\n" REJ_EN "--m--\r\n",
     NULL, NULL, 0, "no-text-part", 0, NULL},
    {"tnef_only", TOP "Content-Type: application/ms-tnef\r\n\r\nx\r\n", NULL, NULL, 0,
     "no-text-part", 0, NULL},
    {"unknown_charset", TOP "Content-Type: text/plain; charset=x-foo\r\n\r\n" REJ_EN, NULL, NULL, 0,
     "unknown-charset", 0, NULL},
    {"8bit_in_iso2022jp", TOP "Content-Type: text/plain; charset=iso-2022-jp\r\n\r\n" REJ_JA, NULL,
     NULL, 0, "8bit-in-7bit-charset", 0, NULL},
    {"japanese_subject_latin1_body_without_letters",
     "X-CareerRelay: invite\r\nFrom: hr@example.co.jp\r\nTo: c@example.net\r\n"
     "Subject: =?UTF-8?B?6YG46ICD57WQ5p6c?=\r\nMIME-Version: 1.0\r\n"
     "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
     "2026-11-10 \xA7 3\r\n",
     NULL, NULL, 0, "charset-cannot-encode", 0, NULL},
    /* language: the newest text, not the subject */
    {"english_body_japanese_subject",
     "From: hr@example.co.jp\r\nTo: c@example.net\r\n"
     "Subject: =?UTF-8?B?6YG46ICD57WQ5p6c?=\r\nMIME-Version: 1.0\r\n" PLAIN8 "\r\n" REJ_EN,
     NULL, NULL, 0, "inject", 1, "en"},
    {"english_body_signed_in_japanese", TOP PLAIN8 "\r\n" REJ_EN "株式会社サンプル 人事部\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    {"japanese_body_with_english_names",
     TOP PLAIN8 "\r\nTaro Yamada様\r\n" REJ_JA "CareerRelay Inc. / Tokyo Office\r\n", NULL, NULL, 0,
     "inject", 1, "ja"},
    /* a stub text/plain alternative: the HTML alternative is classified */
    {"alternative_stub_plain_html_rejection",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\nThis message is in HTML. Please use an HTML mail "
                  "client.\r\n--a\r\n" HTML8 "\r\n<html><body><p>Dear Alex,</p><p>Thank you for "
                  "the time you spent with our team. After careful consideration we have "
                  "decided not to move forward with your application.</p></body></html>\r\n"
                  "--a--\r\n",
     NULL, NULL, 0, "inject", 2, "en"},
    {"alternative_empty_plain_html_rejection",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\n\r\n--a\r\n" HTML8 "\r\n" HTML_EN "--a--\r\n", NULL, NULL,
     0, "inject", 2, "en"},
    {"japanese_html_with_ascii_stub_plain",
     TOP ALT("a") "--a\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThis message is in "
                  "HTML.\r\n--a\r\n" HTML8 "\r\n<html><body><p>山田様</p><p>" REJ_JA
                  "</p><p>今後のご活躍をお祈り申し上げます。</p></body></html>\r\n--a--\r\n",
     NULL, NULL, 0, "inject", 2, "ja"},
    /* a longer text/plain (200..600 characters) is replaced only when it says it
     * stands in for HTML, whatever the HTML's length */
    {"alternative_long_html_notice_plain",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\nThis email was sent in HTML format. If it does not display "
                  "correctly, please sign in to the candidate portal and open your message "
                  "inbox, where every message we send you is kept. This address does not take "
                  "replies; for questions use the contact form of the portal.\r\n--a\r\n" HTML8
                  "\r\n" HTML_EN "--a--\r\n",
     NULL, NULL, 0, "inject", 2, "en"},
    {"alternative_fullwidth_html_notice_plain",
     TOP ALT(
         "a") "--a\r\n" PLAIN8
              "\r\n※本メールはＨＴＭＬメールでお送りしています。正しく表示されない場合は、"
              "お手数ですが採用マイページにログインのうえ、メッセージボックスからご確認ください。"
              "本メールは送信専用アドレスから配信しております。ご返信いただいてもお答えできません。"
              "お問い合わせは採用マイページのお問い合わせフォームよりお願いいたします。"
              "株式会社サンプル 新卒採用事務局\r\n--a\r\n" HTML8 "\r\n<html><body><p>" REJ_JA
              "</p></body></html>\r\n--a--\r\n",
     NULL, NULL, 0, "inject", 2, "ja"},
    {"alternative_long_plain_without_notice_stays",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\nThank you for the time you spent with our team last "
                  "week. We enjoyed the conversation about the data platform and your ideas for "
                  "the reporting pipeline, and we will be in touch about the next steps very "
                  "soon. Please let us know your availability.\r\n--a\r\n" HTML8 "\r\n" HTML_EN
                  "--a--\r\n",
     NULL, NULL, 0, "score-below-threshold", 0, NULL},
    {"alternative_full_plain_wins_over_html",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\nThank you for applying. " REJ_EN "--a\r\n" HTML8
                  "\r\n<html><body><p>We are pleased to offer you the "
                  "position.</p></body></html>\r\n--a--\r\n",
     NULL, NULL, 0, "inject", 2, "en"},
    /* targets */
    {"alternative_both_parts",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n" HTML8 "\r\n" HTML_EN "--a--\r\n", NULL,
     NULL, 0, "inject", 2, "en"},
    {"mixed_body_then_pdf", TOP MIXED("m") "--m\r\n" PLAIN8 "\r\n" REJ_EN "--m\r\n" PDF "--m--\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    {"mixed_alternative_pdf",
     TOP MIXED("m") "--m\r\n" ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n" HTML8 "\r\n" HTML_EN
                                       "--a--\r\n--m\r\n" PDF "--m--\r\n",
     NULL, NULL, 0, "inject", 2, "en"},
    {"alternative_with_related_html",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n"
                  "Content-Type: multipart/related; boundary=\"r\"\r\n\r\n--r\r\n" HTML8
                  "\r\n" HTML_EN "--r\r\nContent-Type: image/png\r\nContent-ID: <i>\r\n\r\nx\r\n"
                  "--r--\r\n--a--\r\n",
     NULL, NULL, 0, "inject", 2, "en"},
    /* multipart/related's start parameter (RFC 2387): only the first part as root */
    {"related_start_names_first_part_unbracketed",
     TOP "Content-Type: multipart/related; boundary=\"r\"; start=root@x\r\n\r\n--r\r\n"
         "Content-ID:\r\n <root@x>\r\n" PLAIN8 "\r\n" REJ_EN "--r\r\nContent-Type: image/png\r\n"
         "Content-ID: <i@x>\r\n\r\nx\r\n--r--\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    {"related_start_names_second_part",
     TOP "Content-Type: multipart/related; boundary=\"r\"; start=\"<root@x>\"\r\n\r\n--r\r\n"
         "Content-ID: <i@x>\r\n" PLAIN8 "\r\n" REJ_EN "--r\r\nContent-ID: <root@x>\r\n" PLAIN8
         "\r\n" REJ_EN "--r--\r\n",
     NULL, NULL, 0, "related-start", 0, NULL},
    {"related_start_first_part_without_id",
     TOP "Content-Type: multipart/related; boundary=\"r\"; start=\"<root@x>\"\r\n\r\n--r\r\n" PLAIN8
         "\r\n" REJ_EN "--r--\r\n",
     NULL, NULL, 0, "related-start", 0, NULL},
    /* HTML where the invitation would sit inside an element left open */
    {"html_closed_hidden_preheader_injects",
     TOP HTML8 "\r\n<html><body><div style=\"display:none\">Update</div><p>We have decided not "
               "to move forward.</p></body></html>\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    {"html_unclosed_hidden_preheader_passes",
     TOP HTML8 "\r\n<html><body><p>We have decided not to move forward.</p><div "
               "style=\"display:none\">Update\r\n</body></html>\r\n",
     NULL, NULL, 0, "html-unbalanced", 0, NULL},
    {"alternative_html_unclosed_link_passes_whole_message",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n" HTML8
                  "\r\n<html><body><p>We have decided not to move forward.</p><p><a "
                  "href=\"https://x.example/\">careers\r\n</body></html>\r\n--a--\r\n",
     NULL, NULL, 0, "html-unbalanced", 0, NULL},
    /* a comment in a Content-Type: readers differ on what the field says */
    {"comment_in_charset_passes",
     TOP "Content-Type: text/plain; charset=utf-8 (Unicode)\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" REJ_EN,
     NULL, NULL, 0, "content-type-comment", 0, NULL},
    {"comment_in_multipart_boundary_passes",
     TOP "Content-Type: multipart/alternative; boundary=\"a\" (generated)\r\n\r\n--a\r\n" PLAIN8
         "\r\n" REJ_EN "--a\r\n" HTML8 "\r\n" HTML_EN "--a--\r\n",
     NULL, NULL, 0, "content-type-comment", 0, NULL},
    {"comment_in_attachment_type_injects",
     TOP MIXED("m") "--m\r\n" PLAIN8 "\r\n" REJ_EN
                    "--m\r\nContent-Type: application/pdf (scan); name=\"a.pdf\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--m--\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    {"parenthesis_in_quoted_boundary_injects",
     TOP "Content-Type: multipart/alternative; boundary=\"(a)\"\r\n\r\n--(a)\r\n" PLAIN8
         "\r\n" REJ_EN "--(a)--\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    /* a version of the body in an alternative marked as a file */
    {"alternative_html_with_filename_passes",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n" HTML8
                  "Content-Disposition: inline; filename=\"letter.html\"\r\n\r\n" HTML_EN
                  "--a--\r\n",
     NULL, NULL, 0, "alternative-attachment", 0, NULL},
    {"alternative_plain_named_passes",
     TOP ALT("a") "--a\r\nContent-Type: text/plain; charset=utf-8; name=\"a.txt\"\r\n\r\n" REJ_EN
                  "--a\r\n" HTML8 "\r\n" HTML_EN "--a--\r\n",
     NULL, NULL, 0, "alternative-attachment", 0, NULL},
    {"alternative_calendar_file_injects",
     TOP ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n" HTML8 "\r\n" HTML_EN
                  "--a\r\nContent-Type: text/calendar; method=CANCEL; name=\"invite.ics\"\r\n\r\n"
                  "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--a--\r\n",
     NULL, NULL, 0, "inject", 2, "en"},
    {"later_inline_text_untouched",
     TOP MIXED("m") "--m\r\n" PLAIN8 "\r\n" REJ_EN "--m\r\n" PDF "--m\r\n" PLAIN8
                    "\r\nFooter\r\n--m--\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
    {"top_level_7bit_gains_8bit",
     "X-CareerRelay: invite\r\n" TOP
     "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
     "Dear Taro,\r\n",
     NULL, NULL, 0, "inject", 1, "en"},
};

/* header_without - the header lines of msg[0..end) minus fields named in drop ("|name|") */
static void
header_without(const char *msg, size_t end, const char *drop, struct crm_buf *out)
{
    const char *p = msg, *e = msg + end;

    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p)), *colon;
        char name[64];
        size_t n;

        nl = nl ? nl + 1 : e;
        while (nl < e && (*nl == ' ' || *nl == '\t')) { /* folded continuation */
            const char *n2 = memchr(nl, '\n', (size_t)(e - nl));
            nl = n2 ? n2 + 1 : e;
        }
        colon = memchr(p, ':', (size_t)(nl - p));
        n = colon ? (size_t)(colon - p) : 0;
        snprintf(name, sizeof(name), "|%.*s|", (int)(n < 60 ? n : 60), p);
        for (n = 0; name[n]; n++)
            name[n] = (char)crm_lower((unsigned char)name[n]);
        if (colon == NULL || strstr(drop, name) == NULL)
            assert_int_equal(crm_buf_append(out, p, (size_t)(nl - p)), CRM_OK);
        p = nl;
    }
}

/* count_token_in_part - occurrences of TOKEN in the decoded part */
static int
count_token_in_part(const char *msg, const struct crm_mime_part *p)
{
    struct crm_buf d;
    const char *s;
    int n = 0;

    crm_buf_init(&d, BIG);
    if (p->cte == CRM_CTE_QP)
        assert_int_equal(crm_qp_decode(msg + p->body_start, p->body_end - p->body_start, &d), 0);
    else if (p->cte == CRM_CTE_BASE64)
        assert_int_equal(crm_b64_decode(msg + p->body_start, p->body_end - p->body_start, &d), 0);
    else
        assert_int_equal(crm_buf_append(&d, msg + p->body_start, p->body_end - p->body_start), 0);
    for (s = crm_buf_cstr(&d); (s = strstr(s, TOKEN)) != NULL; s++)
        n++;
    crm_buf_fini(&d);
    return n;
}

/* check_minimal - out differs from in only in the header edits and inside changed parts */
static void
check_minimal(const struct eng_case *c, const char *in, size_t inlen, const char *out,
              size_t outlen)
{
    struct crm_mime *mi = NULL, *mo = NULL;
    struct crm_buf hi, ho;
    size_t i, pi, po, changed = 0;

    assert_int_equal(crm_mime_parse(in, inlen, NULL, &mi, NULL), CRM_OK);
    assert_int_equal(crm_mime_parse(out, outlen, NULL, &mo, NULL), CRM_OK);
    if (mo->anomalies != 0 || mo->nparts != mi->nparts) {
        print_error("case %s: output anomalies %#x parts %zu, want 0 and %zu\n", c->name,
                    mo->anomalies, mo->nparts, mi->nparts);
        fail();
    }
    crm_buf_init(&hi, BIG);
    crm_buf_init(&ho, BIG);
    header_without(in, mi->parts[0].body_start,
                   "|x-careerrelay||x-careerrelay-tags|"
                   "|content-transfer-encoding|",
                   &hi);
    header_without(out, mo->parts[0].body_start,
                   "|x-careerrelay-invitation|"
                   "|content-transfer-encoding|",
                   &ho);
    if (hi.len != ho.len || memcmp(hi.p, ho.p, hi.len) != 0) {
        print_error("case %s: header got [%s], want [%s]\n", c->name, ho.p, hi.p);
        fail();
    }
    pi = mi->parts[0].body_start;
    po = mo->parts[0].body_start;
    for (i = 0; i < mi->nparts; i++) {
        const struct crm_mime_part *a = &mi->parts[i], *b = &mo->parts[i];
        size_t la = a->body_end - a->body_start, lb = b->body_end - b->body_start;

        if (la == lb && memcmp(in + a->body_start, out + b->body_start, la) == 0)
            continue;
        if (mi->parts[i].nchildren > 0)
            continue; /* a container: its changed child is checked */
        changed++;
        assert_int_equal(count_token_in_part(out, b), 1);
        if (i > 0) {
            /* bytes from the last checked point to this part: identical; its header: but for
             * the Content-Transfer-Encoding field */
            assert_true(a->start >= pi && b->start >= po);
            if (a->start - pi != b->start - po || memcmp(in + pi, out + po, a->start - pi) != 0) {
                print_error("case %s: bytes before part %zu differ\n", c->name, i);
                fail();
            }
            crm_buf_reset(&hi);
            crm_buf_reset(&ho);
            header_without(in + a->start, a->body_start - a->start, "|content-transfer-encoding|",
                           &hi);
            header_without(out + b->start, b->body_start - b->start, "|content-transfer-encoding|",
                           &ho);
            assert_int_equal(hi.len, ho.len);
            assert_memory_equal(hi.p, ho.p, hi.len);
        }
        pi = a->body_end;
        po = b->body_end;
    }
    if (inlen - pi != outlen - po || memcmp(in + pi, out + po, inlen - pi) != 0) {
        print_error("case %s: bytes after the last changed part differ\n", c->name);
        fail();
    }
    assert_int_equal(changed, c->parts);
    crm_buf_fini(&hi);
    crm_buf_fini(&ho);
    crm_mime_free(mi);
    crm_mime_free(mo);
}

/* run_case - one engine case */
static void
run_case(struct fixture *fx, const struct eng_case *c)
{
    const char *rcpt = c->rcpt ? c->rcpt : "cand@example.net";
    const char *rcpts[1] = {rcpt};
    struct crm_envelope env = {c->sender ? c->sender : "hr@example.co.jp", rcpts,
                               rcpt[0] ? 1u : 0u};
    struct crm_result res;
    struct crm_buf out;
    struct crm_err err;
    size_t len = strlen(c->msg);
    int inject = strcmp(c->want, "inject") == 0;

    crm_result_init(&res);
    memcpy(res.token, TOKEN, sizeof(TOKEN));
    if (crm_engine_run(fx->cfg[c->cfg], c->msg, len, &env, &res, &err) != CRM_OK) {
        print_error("case %s: engine error %s\n", c->name, err.msg);
        fail();
    }
    if (res.inject != inject || (!inject && strncmp(res.reason, c->want, strlen(c->want)) != 0)) {
        print_error("case %s: got inject=%d reason=%s (score %d: %s), want %s\n", c->name,
                    res.inject, res.reason, res.verdict.score, res.verdict.fired, c->want);
        fail();
    }
    crm_buf_init(&out, BIG);
    assert_int_equal(crm_result_apply(c->msg, len, &res, 0, &out), CRM_OK);
    assert_null(strstr(out.p, "X-CareerRelay:"));
    assert_null(strstr(out.p, "X-CareerRelay-Tags:"));
    if (inject) {
        assert_int_equal(res.parts_changed, c->parts);
        assert_string_equal(res.lang, c->lang);
        assert_int_equal(res.ncandidates, 1);
        assert_non_null(strstr(out.p, "\r\nX-CareerRelay-Invitation: " TOKEN "\r\n"));
        check_minimal(c, c->msg, len, out.p, out.len);
    } else {
        assert_int_equal(res.body_changed, 0);
        if (strstr(c->msg, "X-CareerRelay") == NULL)
            assert_memory_equal(out.p, c->msg, len);
    }
    crm_buf_fini(&out);
    crm_result_fini(&res);
}

static void
engine_verdicts_reasons_and_targets(void **state)
{
    size_t i;

    for (i = 0; i < sizeof(eng_cases) / sizeof(eng_cases[0]); i++)
        run_case(*state, &eng_cases[i]);
}

/* ---- control headers ---- */

static void
engine_removes_control_headers_and_normalises_tags(void **state)
{
    struct fixture *fx = *state;
    static const char msg[] =
        "X-CareerRelay-Tags: High-Rating, culture  fit ,refer-ok, a/b\r\n"
        "From: hr@example.co.jp\r\nX-CareerRelay: skip\r\n"
        "X-CareerRelay-Tags: high-rating,,Culture_Fit,日本, =?UTF-8?B?6auY6KmV5L6h?=\r\n"
        "To: c@example.net\r\n\r\nHi\r\n";
    static const char want[] = "From: hr@example.co.jp\r\nTo: c@example.net\r\n\r\nHi\r\n";
    const char *rcpts[1] = {"c@example.net"};
    struct crm_envelope env = {"hr@example.co.jp", rcpts, 1};
    struct crm_result res;
    struct crm_buf out;
    size_t i;

    crm_result_init(&res);
    assert_int_equal(crm_engine_run(fx->cfg[0], msg, sizeof(msg) - 1, &env, &res, NULL), CRM_OK);
    assert_string_equal(res.reason, "header-skip");
    /* blanks become '-', other ASCII punctuation drops the tag, UTF-8 (raw or
     * RFC 2047) is kept */
    assert_string_equal(res.tags, "high-rating,culture-fit,refer-ok,culture_fit,日本,高評価");
    assert_int_equal(res.nedits, 3);
    for (i = 0; i < res.nedits; i++) {
        assert_int_equal(res.edits[i].op, CRM_HDR_DELETE);
        assert_int_equal(res.edits[i].internal, 1);
    }
    /* reverse index order within each name, so the indexes stay valid on every MTA */
    assert_string_equal(res.edits[1].name, "X-CareerRelay-Tags");
    assert_int_equal(res.edits[1].index, 2);
    assert_int_equal(res.edits[2].index, 1);
    crm_buf_init(&out, BIG);
    assert_int_equal(crm_result_apply(msg, sizeof(msg) - 1, &res, 1, &out), CRM_OK);
    assert_string_equal(out.p, want);
    crm_buf_fini(&out);
    crm_result_fini(&res);
}

static void
engine_top_level_cte_change_is_a_header_edit(void **state)
{
    struct fixture *fx = *state;
    static const char with[] = "X-CareerRelay: invite\r\nFrom: hr@example.co.jp\r\nX: y\r\n"
                               "Content-Type: text/plain; charset=utf-8\r\n"
                               "Content-Transfer-Encoding: 7bit\r\n\r\nHello\r\n";
    static const char without[] = "X-CareerRelay: invite\r\nFrom: hr@example.co.jp\r\n"
                                  "Subject: =?UTF-8?B?6YG46ICD57WQ5p6c?=\r\n"
                                  "Content-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n";
    const char *rcpts[1] = {"c@example.net"};
    struct crm_envelope env = {"hr@example.co.jp", rcpts, 1};
    struct crm_result res;
    struct crm_buf out;

    /* Japanese subject: ja template, 8-bit text into a 7bit part */
    crm_result_init(&res);
    assert_int_equal(crm_engine_run(fx->cfg[0], without, sizeof(without) - 1, &env, &res, NULL),
                     CRM_OK);
    assert_int_equal(res.inject, 1);
    assert_int_equal(res.nedits, 3);
    assert_int_equal(res.edits[1].op, CRM_HDR_ADD);
    assert_string_equal(res.edits[1].name, "Content-Transfer-Encoding");
    assert_string_equal(res.edits[1].value, "quoted-printable");
    assert_string_equal(res.edits[2].name, "X-CareerRelay-Invitation");
    crm_buf_init(&out, BIG);
    assert_int_equal(crm_result_apply(without, sizeof(without) - 1, &res, 0, &out), CRM_OK);
    assert_non_null(strstr(out.p, "charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                                  "X-CareerRelay-Invitation: "));
    crm_buf_fini(&out);
    crm_result_fini(&res);

    /* with a Content-Transfer-Encoding field: changed in place (the company name is 8-bit) */
    crm_result_init(&res);
    assert_int_equal(crm_engine_run(fx->cfg[0], with, sizeof(with) - 1, &env, &res, NULL), CRM_OK);
    assert_int_equal(res.inject, 1);
    assert_int_equal(res.nedits, 3);
    assert_int_equal(res.edits[1].op, CRM_HDR_CHANGE);
    assert_int_equal(res.edits[1].index, 1);
    crm_buf_init(&out, BIG);
    assert_int_equal(crm_result_apply(with, sizeof(with) - 1, &res, 0, &out), CRM_OK);
    assert_non_null(strstr(out.p, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"
                                  "X-CareerRelay-Invitation: "));
    assert_null(strstr(out.p, "7bit"));
    crm_buf_fini(&out);
    crm_result_fini(&res);
}

/* ---- crm_result_apply and describe ---- */

static void
result_apply_follows_milter_semantics(void **state)
{
    static const char msg[] = "A: 1\r\nB: 2\r\nA: 3\r\nSubject: x\r\n\r\nbody\r\n";
    struct crm_result res;
    struct crm_buf out;

    crm_result_init(&res);
    assert_int_equal(crm_result_add_edit(&res, CRM_HDR_DELETE, "a", 2, NULL, 1), CRM_OK);
    assert_int_equal(crm_result_add_edit(&res, CRM_HDR_CHANGE, "Subject", 1, "y\n\tz", 0), CRM_OK);
    assert_int_equal(crm_result_add_edit(&res, CRM_HDR_CHANGE, "C", 1, "new", 0), CRM_OK);
    assert_int_equal(crm_result_add_edit(&res, CRM_HDR_ADD, "D", 0, "4", 0), CRM_OK);
    assert_int_equal(crm_result_add_edit(&res, CRM_HDR_DELETE, "Z", 1, NULL, 1), CRM_OK);
    res.body_start = sizeof(msg) - 1 - 6; /* "body\r\n" replaced */
    assert_int_equal(crm_result_add_body_edit(&res, res.body_start, sizeof(msg) - 1,
                                              crm_strdup("new body\r\n"), 10),
                     CRM_OK);
    res.body_changed = 1;
    crm_buf_init(&out, BIG);
    assert_int_equal(crm_result_apply(msg, sizeof(msg) - 1, &res, 0, &out), CRM_OK);
    assert_string_equal(out.p, "A: 1\r\nB: 2\r\nSubject: y\r\n\tz\r\nC: new\r\nD: 4\r\n\r\n"
                               "new body\r\n");
    crm_buf_reset(&out);
    assert_int_equal(crm_result_apply(msg, sizeof(msg) - 1, &res, 1, &out), CRM_OK);
    assert_string_equal(out.p, "A: 1\r\nB: 2\r\nSubject: x\r\n\r\nbody\r\n");
    crm_buf_fini(&out);
    crm_result_fini(&res);
}

/* the new body as pieces: unchanged ranges and replacements alternate,
 * edits must ascend without overlapping, the length adds up */
static void
result_body_pieces_walk_edits_in_order(void **state)
{
    static const char msg[] = "H: 1\r\n\r\nabcdefghij";
    const size_t bs = 8, len = sizeof(msg) - 1;
    struct crm_result res;
    struct crm_slice piece;
    struct crm_buf out;
    size_t i;

    (void)state;
    crm_result_init(&res);
    res.body_start = bs;
    assert_int_equal(crm_result_add_body_edit(&res, bs + 2, bs + 2, crm_strdup("XY"), 2), CRM_OK);
    assert_int_equal(crm_result_add_body_edit(&res, bs + 5, bs + 8, crm_strdup("-"), 1), CRM_OK);
    /* before the previous edit's end, or backwards: refused, bytes freed */
    assert_int_equal(crm_result_add_body_edit(&res, bs + 7, bs + 9, crm_strdup("z"), 1),
                     CRM_EINVAL);
    assert_int_equal(crm_result_add_body_edit(&res, bs + 9, bs + 8, crm_strdup("z"), 1),
                     CRM_EINVAL);
    assert_int_equal(crm_result_add_body_edit(&res, bs + 9, bs + 9, NULL, 3), CRM_EINVAL);
    assert_int_equal(crm_result_add_body_edit(&res, bs + 10, bs + 10, NULL, 0), CRM_OK);
    res.body_changed = 1;
    crm_buf_init(&out, BIG);
    for (i = 0; crm_result_body_piece(&res, msg, len, i, &piece); i++)
        assert_int_equal(crm_buf_append(&out, piece.p, piece.len), CRM_OK);
    assert_int_equal(i, 7); /* 3 edits: 4 unchanged ranges and 3 replacements */
    assert_string_equal(crm_buf_cstr(&out), "abXYcde-ij");
    assert_int_equal(crm_result_body_len(&res, len), out.len);
    crm_buf_reset(&out);
    assert_int_equal(crm_result_apply(msg, len, &res, 0, &out), CRM_OK);
    assert_string_equal(crm_buf_cstr(&out), "H: 1\r\n\r\nabXYcde-ij");
    crm_buf_fini(&out);
    crm_result_fini(&res);
    assert_int_equal(res.nbedits, 0);
}

static void
result_describe_never_shows_the_token(void **state)
{
    struct fixture *fx = *state;
    static const char msg[] = TOP PLAIN8 "\r\n" REJ_EN;
    const char *rcpts[1] = {"cand@example.net"};
    struct crm_envelope env = {"hr@example.co.jp", rcpts, 1};
    struct crm_result res;
    struct crm_buf line;

    crm_result_init(&res);
    memcpy(res.token, TOKEN, sizeof(TOKEN));
    assert_int_equal(crm_engine_run(fx->cfg[0], msg, sizeof(msg) - 1, &env, &res, NULL), CRM_OK);
    crm_buf_init(&line, 4096);
    assert_int_equal(crm_result_describe(&res, &line), CRM_OK);
    if (strncmp(line.p,
                "inject score=10 rules=t.reject(+10) lang=en tmpl=en.txt parts=1 "
                "candidates=1 token=",
                76) != 0) {
        print_error("got [%s]\n", line.p);
        fail();
    }
    assert_null(strstr(line.p, TOKEN));
    assert_null(strchr(line.p, '\n'));
    crm_buf_fini(&line);
    crm_result_fini(&res);

    crm_result_init(&res);
    snprintf(res.reason, sizeof(res.reason), "dkim-signed");
    crm_buf_init(&line, 4096);
    assert_int_equal(crm_result_describe(&res, &line), CRM_OK);
    assert_string_equal(line.p, "pass reason=dkim-signed score=0 rules=-");
    crm_buf_fini(&line);
    crm_result_fini(&res);
}

static void
engine_removes_thousands_of_control_headers_quickly(void **state)
{
    struct fixture *fx = *state;
    const char *rcpts[1] = {"c@example.net"};
    struct crm_envelope env = {"hr@example.co.jp", rcpts, 1};
    struct crm_result res;
    struct crm_buf msg, out;
    int i;

    crm_buf_init(&msg, BIG);
    for (i = 0; i < 9000; i++)
        assert_int_equal(
            crm_buf_puts(&msg, i % 2 ? "X-CareerRelay: skip\r\n" : "X-careerrelay-tags: a\r\n"),
            CRM_OK);
    assert_int_equal(crm_buf_puts(&msg, "From: hr@example.co.jp\r\n\r\nHi\r\n"), CRM_OK);
    crm_result_init(&res);
    assert_int_equal(crm_engine_run(fx->cfg[0], msg.p, msg.len, &env, &res, NULL), CRM_OK);
    assert_int_equal(res.nedits, 9000);
    crm_buf_init(&out, BIG);
    assert_int_equal(crm_result_apply(msg.p, msg.len, &res, 1, &out), CRM_OK);
    assert_string_equal(out.p, "From: hr@example.co.jp\r\n\r\nHi\r\n");
    crm_buf_fini(&out);
    crm_buf_fini(&msg);
    crm_result_fini(&res);
}

static void
engine_rejects_a_malformed_preset_token(void **state)
{
    struct fixture *fx = *state;
    struct crm_result res;
    struct crm_err err;

    crm_result_init(&res);
    snprintf(res.token, sizeof(res.token), "not-a-token");
    assert_int_equal(crm_engine_run(fx->cfg[0], "A: b\r\n\r\n", 8, NULL, &res, &err), CRM_EINVAL);
    crm_result_fini(&res);
}

static void
engine_fresh_tokens_differ(void **state)
{
    struct fixture *fx = *state;
    static const char msg[] = "X-CareerRelay: invite\r\n" TOP PLAIN8 "\r\nHi\r\n";
    const char *rcpts[1] = {"cand@example.net"};
    struct crm_envelope env = {"hr@example.co.jp", rcpts, 1};
    struct crm_result a, b;

    crm_result_init(&a);
    crm_result_init(&b);
    assert_int_equal(crm_engine_run(fx->cfg[0], msg, sizeof(msg) - 1, &env, &a, NULL), CRM_OK);
    assert_int_equal(crm_engine_run(fx->cfg[0], msg, sizeof(msg) - 1, &env, &b, NULL), CRM_OK);
    assert_int_equal(a.inject & b.inject, 1);
    assert_true(crm_token_valid(a.token) && crm_token_valid(b.token));
    assert_string_not_equal(a.token, b.token);
    assert_string_equal(a.message_id, "<1@example.co.jp>");
    crm_result_fini(&a);
    crm_result_fini(&b);
}

static void
engine_survives_allocation_failures(void **state)
{
    struct fixture *fx = *state;
    static const char msg[] =
        "X-CareerRelay-Tags: a\r\n" TOP ALT("a") "--a\r\n" PLAIN8 "\r\n" REJ_EN "--a\r\n" HTML8
                                                 "\r\n" HTML_EN "--a--\r\n";
    const char *rcpts[1] = {"cand@example.net"};
    struct crm_envelope env = {"hr@example.co.jp", rcpts, 1};
    long n;

    for (n = 0; n < 2000; n++) {
        struct crm_result res;
        int rc;

        crm_result_init(&res);
        memcpy(res.token, TOKEN, sizeof(TOKEN));
        crm_alloc_fail_after(n, 1);
        rc = crm_engine_run(fx->cfg[0], msg, sizeof(msg) - 1, &env, &res, NULL);
        crm_alloc_fail_after(-1, 0);
        assert_true(rc == CRM_OK || rc == CRM_ENOMEM);
        if (rc == CRM_ENOMEM) {
            assert_int_equal(res.inject, 0);
            assert_int_equal(res.body_changed, 0);
        }
        crm_result_fini(&res);
        if (rc == CRM_OK)
            return;
    }
    fail_msg("engine still failing after 2000 allocations");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(engine_verdicts_reasons_and_targets),
        cmocka_unit_test(engine_removes_control_headers_and_normalises_tags),
        cmocka_unit_test(engine_top_level_cte_change_is_a_header_edit),
        cmocka_unit_test(result_apply_follows_milter_semantics),
        cmocka_unit_test(result_body_pieces_walk_edits_in_order),
        cmocka_unit_test(result_describe_never_shows_the_token),
        cmocka_unit_test(engine_removes_thousands_of_control_headers_quickly),
        cmocka_unit_test(engine_rejects_a_malformed_preset_token),
        cmocka_unit_test(engine_fresh_tokens_differ),
        cmocka_unit_test(engine_survives_allocation_failures),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
