/*
 * test_engine_trial.c - deciding from a prefix of the message
 * (crm_engine_trial) and reusing its verdict at the end (crm_engine_run_memo).
 *
 * The promises checked, on every message of tests/corpus and of
 * ../shared/mail-samples (as stored, and with CRLF line ends as an MTA hands
 * them over), cut after every line (at most 400 cuts a message), and on
 * large generated messages:
 *   - a trial that says PASS on a prefix: the whole message is not injected
 *     (crm_engine_run), whatever the rest holds;
 *   - whenever a trial classified (PASS or REJECTION), crm_engine_run_memo
 *     with its memo gives exactly crm_engine_run's result on the whole
 *     message: inject, reason, verdict, language and the bytes of the edited
 *     message (same preset token);
 *   - OPEN until the delimiter after the first child of a multipart/mixed or
 *     /related has arrived, and always for other messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "engine.h"

#include "helpers.h"

#define TOKEN     "0f0e0d0c-0b0a-4908-8706-050403020100"
#define MAX_CUTS  400
#define BIG_BYTES (300u * 1024u)

static const char *const rcpt_list[] = {"candidate@example.net"};
static const struct crm_envelope env = {"saiyo@example.co.jp", rcpt_list, 1};

struct tally {
    size_t messages, cuts, open, pass, rejection, memo_checked;
};

static struct crm_config *
load_cfg(void)
{
    char path[1024];
    struct crm_config *c = NULL;
    struct crm_err err;

    th_src_path(path, sizeof(path), "tests/corpus/corpus.conf");
    if (crm_config_load(path, &c, &err) != CRM_OK) {
        print_error("config: %s\n", err.msg);
        fail();
    }
    return c;
}

/* run - crm_engine_run_memo (memo NULL: crm_engine_run) with the fixed token;
 * OUT *out: the edited message (empty when not injected) */
static void
run(const struct crm_config *c, const char *msg, size_t len, const struct crm_engine_memo *memo,
    struct crm_result *res, struct crm_buf *out)
{
    struct crm_err err;

    crm_result_init(res);
    memcpy(res->token, TOKEN, sizeof(TOKEN));
    crm_buf_init(out, 64u << 20);
    if (memo != NULL)
        assert_int_equal(crm_engine_run_memo(c, msg, len, &env, memo, res, &err), CRM_OK);
    else
        assert_int_equal(crm_engine_run(c, msg, len, &env, res, &err), CRM_OK);
    if (res->inject)
        assert_int_equal(crm_result_apply(msg, len, res, 0, out), CRM_OK);
}

/* check_message - every cut of msg; whole: the reference run */
static void
check_message(const struct crm_config *c, const char *name, const char *msg, size_t len,
              struct tally *t)
{
    struct crm_result whole, r;
    struct crm_buf wout, out;
    size_t cut, step = 1, lines = 0, i;

    run(c, msg, len, NULL, &whole, &wout);
    for (i = 0; i < len; i++)
        lines += msg[i] == '\n';
    if (lines > MAX_CUTS)
        step = lines / MAX_CUTS + 1;
    t->messages++;
    for (cut = 0, i = 0; cut < len; cut++) {
        enum crm_trial trial;
        struct crm_engine_memo memo;
        struct crm_err err;

        if (msg[cut] != '\n' || i++ % step != 0)
            continue;
        crm_result_init(&r);
        assert_int_equal(crm_engine_trial(c, msg, cut + 1, &env, &trial, &memo, &r, &err), CRM_OK);
        crm_result_fini(&r);
        t->cuts++;
        if (trial == CRM_TRIAL_OPEN) {
            t->open++;
            assert_false(memo.valid);
            continue;
        }
        if (trial == CRM_TRIAL_PASS) {
            t->pass++;
            if (whole.inject)
                fail_msg("%s: the trial on %zu of %zu octets says pass, the whole message is "
                         "injected",
                         name, cut + 1, len);
        } else {
            t->rejection++;
        }
        if (!memo.valid)
            continue;
        run(c, msg, len, &memo, &r, &out);
        t->memo_checked++;
        if (r.inject != whole.inject || strcmp(r.reason, whole.reason) != 0 ||
            r.verdict.score != whole.verdict.score ||
            strcmp(r.verdict.fired, whole.verdict.fired) != 0 || strcmp(r.lang, whole.lang) != 0 ||
            out.len != wout.len || (out.len > 0 && memcmp(out.p, wout.p, out.len) != 0))
            fail_msg("%s: with the memo of a trial on %zu octets: inject %d reason '%s' score %d "
                     "lang %s; without: inject %d reason '%s' score %d lang %s",
                     name, cut + 1, r.inject, r.reason, r.verdict.score, r.lang, whole.inject,
                     whole.reason, whole.verdict.score, whole.lang);
        crm_result_fini(&r);
        crm_buf_fini(&out);
    }
    crm_result_fini(&whole);
    crm_buf_fini(&wout);
}

/* crlf - msg with every bare LF made CRLF */
static void
crlf(const char *msg, size_t len, struct crm_buf *out)
{
    size_t i;

    crm_buf_init(out, 64u << 20);
    for (i = 0; i < len; i++) {
        if (msg[i] == '\n' && (i == 0 || msg[i - 1] != '\r'))
            assert_int_equal(crm_buf_putc(out, '\r'), CRM_OK);
        assert_int_equal(crm_buf_putc(out, msg[i]), CRM_OK);
    }
}

/* check_dir - every file of dir and its subdirectories whose name ends
 * with suffix (NULL: any but .md and .tsv), as stored and as CRLF; how many */
static size_t
check_dir(const struct crm_config *c, const char *dir, const char *suffix, struct tally *t)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    size_t n = 0;

    if (d == NULL)
        return 0;
    while ((de = readdir(d)) != NULL) {
        char path[2048];
        struct crm_buf b, b2;
        const char *name = de->d_name, *dot = strrchr(name, '.');
        struct stat st;

        if (name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            n += check_dir(c, path, suffix, t);
            continue;
        }
        if (suffix != NULL ? dot == NULL || strcmp(dot, suffix) != 0
                           : dot != NULL && (strcmp(dot, ".md") == 0 || strcmp(dot, ".tsv") == 0))
            continue;
        crm_buf_init(&b, 64u << 20);
        if (th_read_file(path, &b) != 0) {
            crm_buf_fini(&b);
            continue;
        }
        check_message(c, path, b.p != NULL ? b.p : "", b.len, t);
        crlf(b.p != NULL ? b.p : "", b.len, &b2);
        check_message(c, path, b2.p != NULL ? b2.p : "", b2.len, t);
        crm_buf_fini(&b);
        crm_buf_fini(&b2);
        n++;
    }
    closedir(d);
    return n;
}

static void
trial_corpus_and_samples(void **state)
{
    struct crm_config *c = load_cfg();
    struct tally t = {0};
    char dir[1024];
    size_t n;

    (void)state;
    th_src_path(dir, sizeof(dir), "tests/corpus");
    n = check_dir(c, dir, ".eml", &t);
    assert_true(n >= 100);
    th_src_path(dir, sizeof(dir), "../shared/mail-samples");
    n += check_dir(c, dir, NULL, &t);
    print_message("%zu files, %zu messages, %zu cuts: %zu open, %zu pass, %zu rejection; %zu "
                  "memo runs compared\n",
                  n, t.messages, t.cuts, t.open, t.pass, t.rejection, t.memo_checked);
    /* the corpus has multipart/mixed rejections and non-rejections */
    assert_true(t.pass > 0 && t.rejection > 0 && t.memo_checked > 0);
    crm_config_free(c);
}

/* big - a multipart/mixed message: first a text/plain body, then a base64
 * attachment of about BIG_BYTES, then (when tail) a second text/plain */
static void
big(struct crm_buf *b, const char *text, const char *tail)
{
    size_t i;

    crm_buf_init(b, 64u << 20);
    assert_int_equal(crm_buf_puts(b, "From: saiyo@example.co.jp\r\n"
                                     "To: candidate@example.net\r\n"
                                     "Subject: =?UTF-8?B?44GU5b+c5Yuf44Gr44Gk44GE44Gm?=\r\n"
                                     "MIME-Version: 1.0\r\n"
                                     "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                                     "\r\n--b1\r\n"
                                     "Content-Type: text/plain; charset=UTF-8\r\n"
                                     "Content-Transfer-Encoding: 8bit\r\n\r\n"),
                     CRM_OK);
    assert_int_equal(crm_buf_puts(b, text), CRM_OK);
    assert_int_equal(crm_buf_puts(b, "\r\n--b1\r\n"
                                     "Content-Type: application/pdf; name=\"a.pdf\"\r\n"
                                     "Content-Disposition: attachment; filename=\"a.pdf\"\r\n"
                                     "Content-Transfer-Encoding: base64\r\n\r\n"),
                     CRM_OK);
    for (i = 0; i < BIG_BYTES / 78; i++)
        assert_int_equal(crm_buf_puts(b,
                                      "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVy"
                                      "IC9GbGF0ZURlY29kZT4+\r\n"),
                         CRM_OK);
    if (tail != NULL) {
        assert_int_equal(crm_buf_puts(b, "\r\n--b1\r\n"
                                         "Content-Type: text/plain; charset=UTF-8\r\n"
                                         "Content-Transfer-Encoding: 8bit\r\n\r\n"),
                         CRM_OK);
        assert_int_equal(crm_buf_puts(b, tail), CRM_OK);
    }
    assert_int_equal(crm_buf_puts(b, "\r\n--b1--\r\n"), CRM_OK);
}

static const char reject_ja[] =
    "山田 太郎 様\r\n\r\nこの度は弊社の求人にご応募いただき、誠にありがとうございました。\r\n"
    "慎重に選考を重ねました結果、誠に残念ながら今回はご希望に沿いかねる結果となりました。\r\n"
    "今後のご活躍を心よりお祈り申し上げます。\r\n";
static const char report_en[] = "Hello team,\r\n\r\nAttached is the quarterly report for Q3.\r\n"
                                "Please review it before Friday.\r\n\r\nThanks,\r\nHanako\r\n";

/* trial_at - the trial on the first n octets of the body of b */
static enum crm_trial
trial_at(const struct crm_config *c, const struct crm_buf *b, size_t n,
         struct crm_engine_memo *memo, struct crm_result *res)
{
    const char *body = strstr(b->p, "\r\n\r\n") + 4;
    enum crm_trial trial;
    struct crm_err err;

    crm_result_init(res);
    assert_int_equal(
        crm_engine_trial(c, b->p, (size_t)(body - b->p) + n, &env, &trial, memo, res, &err),
        CRM_OK);
    return trial;
}

/* whole_passes - crm_engine_run on all of b does not inject */
static void
whole_passes(const struct crm_config *c, const struct crm_buf *b)
{
    struct crm_result whole;
    struct crm_buf out;

    run(c, b->p, b->len, NULL, &whole, &out);
    assert_false(whole.inject);
    crm_result_fini(&whole);
    crm_buf_fini(&out);
}

static void
trial_large_messages(void **state)
{
    struct crm_config *c = load_cfg();
    struct crm_engine_memo memo;
    struct crm_result res, whole, r;
    struct crm_buf b, wout, out;

    (void)state;
    /* a non-rejection with a large attachment: settled at 64 KB */
    big(&b, report_en, NULL);
    assert_int_equal(trial_at(c, &b, 64u * 1024, &memo, &res), CRM_TRIAL_PASS);
    assert_string_equal(res.reason, "score-below-threshold");
    crm_result_fini(&res);
    /* ...but not before the delimiter after its text has arrived */
    assert_int_equal(trial_at(c, &b, 100, &memo, &res), CRM_TRIAL_OPEN);
    assert_false(memo.valid);
    crm_result_fini(&res);
    whole_passes(c, &b);
    crm_buf_fini(&b);

    /* a rejection: classified early, injected at the end with the same result */
    big(&b, reject_ja, NULL);
    assert_int_equal(trial_at(c, &b, 64u * 1024, &memo, &res), CRM_TRIAL_REJECTION);
    assert_true(memo.valid);
    crm_result_fini(&res);
    run(c, b.p, b.len, NULL, &whole, &wout);
    run(c, b.p, b.len, &memo, &r, &out);
    assert_true(whole.inject && r.inject);
    assert_int_equal(r.verdict.score, whole.verdict.score);
    assert_string_equal(r.verdict.fired, whole.verdict.fired);
    assert_int_equal(out.len, wout.len);
    assert_memory_equal(out.p, wout.p, out.len);
    crm_result_fini(&r);
    crm_buf_fini(&wout);
    crm_buf_fini(&out);

    /* the memo is what decides when its part is the one picked: a memo
     * saying "score -1000" turns the same message into a pass... */
    memo.verdict.score = -1000;
    memo.verdict.is_rejection = 0;
    run(c, b.p, b.len, &memo, &r, &out);
    assert_false(r.inject);
    assert_string_equal(r.reason, "score-below-threshold");
    crm_result_fini(&r);
    crm_buf_fini(&out);
    /* ...and is ignored for any other part: the verdict is computed again */
    memo.body_end++;
    run(c, b.p, b.len, &memo, &r, &out);
    assert_true(r.inject);
    assert_int_equal(r.verdict.score, whole.verdict.score);
    crm_result_fini(&r);
    crm_buf_fini(&out);
    crm_buf_fini(&b);
    crm_result_fini(&whole);

    /* rejection text only after the attachment: the first child decides, as
     * it does for the whole message */
    big(&b, report_en, reject_ja);
    assert_int_equal(trial_at(c, &b, 64u * 1024, &memo, &res), CRM_TRIAL_PASS);
    crm_result_fini(&res);
    whole_passes(c, &b);
    crm_buf_fini(&b);
    crm_config_free(c);
}

static void
trial_open_for_other_shapes(void **state)
{
    static const char single[] = "From: a@example.co.jp\r\nTo: b@example.net\r\nSubject: x\r\n\r\n"
                                 "line one\r\nline two\r\n";
    static const char alt[] = "From: a@example.co.jp\r\nTo: b@example.net\r\nSubject: x\r\n"
                              "MIME-Version: 1.0\r\n"
                              "Content-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
                              "--a\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                              "--a\r\nContent-Type: text/html\r\n\r\n<p>hello</p>\r\n--a--\r\n";
    struct crm_config *c = load_cfg();
    struct crm_engine_memo memo;
    struct crm_result res;
    enum crm_trial trial;
    struct crm_err err;

    (void)state;
    crm_result_init(&res);
    assert_int_equal(
        crm_engine_trial(c, single, sizeof(single) - 1, &env, &trial, &memo, &res, &err), CRM_OK);
    assert_int_equal(trial, CRM_TRIAL_OPEN);
    crm_result_fini(&res);
    crm_result_init(&res);
    assert_int_equal(crm_engine_trial(c, alt, sizeof(alt) - 1, &env, &trial, &memo, &res, &err),
                     CRM_OK);
    assert_int_equal(trial, CRM_TRIAL_OPEN);
    crm_result_fini(&res);
    crm_result_init(&res);
    assert_int_equal(crm_engine_trial(c, "", 0, &env, &trial, &memo, &res, &err), CRM_OK);
    assert_int_equal(trial, CRM_TRIAL_OPEN);
    crm_result_fini(&res);
    crm_config_free(c);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trial_open_for_other_shapes),
        cmocka_unit_test(trial_large_messages),
        cmocka_unit_test(trial_corpus_and_samples),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
