/* test_text.c - normalisation and the newest-text cut (HTML: test_html.c) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "text.h"

/* ---- crm_text_normalize ---- */

static const struct {
    const char *name, *in, *want;
} norm_cases[] = {
    {"fullwidth_ascii_to_ascii", "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBD\x83\xEF\xBC\x91\xEF\xBC\x81",
     "ABc1!"},
    {"fullwidth_gt_and_tilde", "\xEF\xBC\x9E\xEF\xBD\x9E", ">~"},
    {"ideographic_space_to_space",
     "a\xE3\x80\x80"
     "b",
     "a b"},
    {"blank_runs_collapse", "a  \t \xE3\x80\x80\xC2\xA0 b", "a b"},
    {"trailing_blanks_keep_one", "a   ", "a "},
    {"crlf_to_lf", "a\r\nb\r\n", "a\nb\n"},
    {"lone_cr_to_lf", "a\rb", "a\nb"},
    {"halfwidth_katakana", "\xEF\xBD\xB1\xEF\xBD\xB2\xEF\xBD\xB3",
     "\xE3\x82\xA2\xE3\x82\xA4\xE3\x82\xA6"},
    /* ｶﾞｸｾｲ -> ガクセイ */
    {"halfwidth_dakuten_composes", "\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBD\xB8\xEF\xBD\xBE\xEF\xBD\xB2",
     "\xE3\x82\xAC\xE3\x82\xAF\xE3\x82\xBB\xE3\x82\xA4"},
    /* ﾊﾟﾝ -> パン */
    {"halfwidth_handakuten_composes", "\xEF\xBE\x8A\xEF\xBE\x9F\xEF\xBE\x9D",
     "\xE3\x83\x91\xE3\x83\xB3"},
    /* ｳﾞ -> ヴ, ﾜﾞ -> ヷ */
    {"halfwidth_vu_and_va", "\xEF\xBD\xB3\xEF\xBE\x9E\xEF\xBE\x9C\xEF\xBE\x9E",
     "\xE3\x83\xB4\xE3\x83\xB7"},
    /* ｱﾞ: ア has no voiced form -> ア゛ */
    {"halfwidth_mark_not_composable", "\xEF\xBD\xB1\xEF\xBE\x9E", "\xE3\x82\xA2\xE3\x82\x9B"},
    /* ﾃﾟ: no semi-voiced テ -> テ゜ */
    {"halfwidth_handakuten_not_composable", "\xEF\xBE\x83\xEF\xBE\x9F", "\xE3\x83\x86\xE3\x82\x9C"},
    /* ｡｢｣､･ｰ */
    {"halfwidth_punctuation",
     "\xEF\xBD\xA1\xEF\xBD\xA2\xEF\xBD\xA3\xEF\xBD\xA4\xEF\xBD\xA5\xEF\xBD\xB0",
     "\xE3\x80\x82\xE3\x80\x8C\xE3\x80\x8D\xE3\x80\x81\xE3\x83\xBB\xE3\x83\xBC"},
    {"invalid_bytes_dropped",
     "a\xFF\xFE"
     "b",
     "ab"},
    {"overlong_dropped",
     "a\xC0\xAF"
     "b",
     "ab"},
    {"surrogate_dropped",
     "a\xED\xA0\x80"
     "b",
     "ab"},
    {"truncated_sequence_dropped", "a\xE3\x81", "a"},
    {"japanese_unchanged",
     "\xE6\x8E\xA1\xE7\x94\xA8\xE3\x82\x92\xE8\xA6\x8B\xE9\x80\x81\xE3\x82\x8A",
     "\xE6\x8E\xA1\xE7\x94\xA8\xE3\x82\x92\xE8\xA6\x8B\xE9\x80\x81\xE3\x82\x8A"},
    {"four_byte_kept", "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
    /* won’t, ‘x’, “y” */
    {"typographic_quotes_to_ascii",
     "won\xE2\x80\x99t \xE2\x80\x98x\xE2\x80\x99 \xE2\x80\x9Cy\xE2\x80\x9D", "won't 'x' \"y\""},
    /* 「」 and U+2032 prime stay */
    {"other_quotes_kept", "\xE3\x80\x8C\xE2\x80\xB2\xE3\x80\x8D",
     "\xE3\x80\x8C\xE2\x80\xB2\xE3\x80\x8D"},
    {"empty", "", ""},
};

static void
text_normalize_table(void **state)
{
    size_t i;
    struct crm_buf b;

    for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
        crm_buf_init(&b, 1024);
        assert_int_equal(crm_text_normalize(norm_cases[i].in, strlen(norm_cases[i].in), &b),
                         CRM_OK);
        if (strcmp(crm_buf_cstr(&b), norm_cases[i].want) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", norm_cases[i].name, crm_buf_cstr(&b),
                     norm_cases[i].want);
        crm_buf_fini(&b);
    }
}

static void
text_normalize_is_idempotent(void **state)
{
    struct crm_buf a, b;
    size_t i;

    for (i = 0; i < sizeof(norm_cases) / sizeof(norm_cases[0]); i++) {
        crm_buf_init(&a, 1024);
        crm_buf_init(&b, 1024);
        assert_int_equal(crm_text_normalize(norm_cases[i].in, strlen(norm_cases[i].in), &a),
                         CRM_OK);
        assert_int_equal(crm_text_normalize(crm_buf_cstr(&a), a.len, &b), CRM_OK);
        if (strcmp(crm_buf_cstr(&a), crm_buf_cstr(&b)) != 0)
            fail_msg("%s: second pass got \"%s\", want \"%s\"", norm_cases[i].name,
                     crm_buf_cstr(&b), crm_buf_cstr(&a));
        crm_buf_fini(&a);
        crm_buf_fini(&b);
    }
}

static void
text_normalize_respects_cap(void **state)
{
    struct crm_buf b;

    crm_buf_init(&b, 4);
    assert_int_equal(crm_text_normalize("abcdefgh", 8, &b), CRM_ELIMIT);
    assert_null(b.p);
}

/* the output is written in place: it appends after what the buffer holds,
 * and a buffer capped at exactly the input length is enough (the output is
 * never longer than the input) */
static void
text_normalize_appends_within_input_length(void **state)
{
    /* "ab  \t c\r\n" + U+3000 + "ｶﾞ" (half-width ka + voiced mark) + invalid 0xFF + "Ａ" */
    static const char in[] = "ab  \t c\r\n\xE3\x80\x80\xEF\xBD\xB6\xEF\xBE\x9E\xFF\xEF\xBC\xA1 ";
    struct crm_buf b;

    crm_buf_init(&b, 3 + sizeof(in) - 1);
    assert_int_equal(crm_buf_append(&b, "xyz", 3), CRM_OK);
    assert_int_equal(crm_text_normalize(in, sizeof(in) - 1, &b), CRM_OK);
    assert_string_equal(crm_buf_cstr(&b), "xyzab c\n \xE3\x82\xAC"
                                          "A ");
    assert_int_equal(b.len, strlen(crm_buf_cstr(&b)));
    crm_buf_fini(&b);
}

/* ---- crm_text_find_cut ---- */

static const struct {
    const char *name, *in;
    enum crm_cut_kind kind;
    size_t line;
} cut_cases[] = {
    {"no_cut_plain", "Hello\nThanks\n", CRM_CUT_NONE, 2},
    {"no_cut_without_final_newline", "a\nb", CRM_CUT_NONE, 2},
    {"empty_text", "", CRM_CUT_NONE, 0},
    {"signature_takes_blank_lines_before", "Body\n\n\n-- \nTaro\n", CRM_CUT_SIGNATURE, 1},
    {"signature_crlf", "Body\r\n-- \r\nTaro\r\n", CRM_CUT_SIGNATURE, 1},
    {"dashdash_without_space_before_short_block_is_signature", "Body\n--\nTaro\n",
     CRM_CUT_SIGNATURE, 1},
    {"dashdash_before_long_text_is_text",
     "Body\n--\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n", CRM_CUT_NONE, 18},
    {"dashdash_as_last_line_is_text", "Body\n--\n", CRM_CUT_NONE, 2},
    {"heavy_rule_framed_signature",
     "Body\n\n\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81"
     "\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81\nSample Inc.\nTEL 03-1234-5678\n",
     CRM_CUT_SIGNATURE, 1},
    {"equals_rule_signature", "Body\n==========\nHR team\nhr@example.co.jp\n", CRM_CUT_SIGNATURE,
     1},
    {"rule_before_text_without_contact_is_text", "Body\n==========\nSchedule\nMonday\n",
     CRM_CUT_NONE, 4},
    {"short_rule_is_text", "Body\n=====\nhr@example.co.jp\n", CRM_CUT_NONE, 3},
    {"gt_quote", "Reply\n\n> old\n> older\n", CRM_CUT_QUOTE, 1},
    {"fullwidth_gt_quote", "\xE8\xBF\x94\xE4\xBF\xA1\n\xEF\xBC\x9E \xE5\x85\x83\n", CRM_CUT_QUOTE,
     1},
    {"quote_only_message", "> a\n> b\n", CRM_CUT_QUOTE, 0},
    {"quote_only_after_blank_lines", "\n\n> a\n", CRM_CUT_QUOTE, 0},
    {"on_wrote_attribution",
     "Thanks\n\nOn Mon, Nov 2, 2026 at 10:00 AM Taro <t@example.com> wrote:\n> hi\n", CRM_CUT_QUOTE,
     1},
    {"on_wrote_crlf", "Hi\r\n\r\nOn Tue, Nov 3, 2026, Taro wrote:\r\n\r\n> x\r\n", CRM_CUT_QUOTE,
     1},
    {"on_wrote_wrapped_over_two_lines",
     "Thanks\nOn Mon, Nov 2, 2026 at 10:00 AM Taro Yamada <taro.yamada@example.com>\nwrote:\n> "
     "hi\n",
     CRM_CUT_QUOTE, 1},
    {"thunderbird_attribution", "Body\nOn 2026/11/01 10:00, Taro Yamada wrote:\n> x\n",
     CRM_CUT_QUOTE, 1},
    {"wrote_without_context_is_text", "As you wrote:\nwe are happy\n", CRM_CUT_NONE, 2},
    {"wrote_followed_by_quote", "Body\nHanako wrote:\n\n> x\n", CRM_CUT_QUOTE, 1},
    /* 2026年11月1日(土) 10:00 山田 太郎 <taro@example.jp>: */
    {"japanese_gmail_attribution",
     "\xE6\x9C\xAC\xE6\x96\x87\n\n2026\xE5\xB9\xB4"
     "11\xE6\x9C\x88"
     "1\xE6\x97\xA5(\xE5\x9C\x9F) "
     "10:00 \xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E <taro@example.jp>:\n> x\n",
     CRM_CUT_QUOTE, 1},
    {"japanese_gmail_attribution_wrapped",
     "\xE6\x9C\xAC\xE6\x96\x87\n2026\xE5\xB9\xB4"
     "11\xE6\x9C\x88"
     "1\xE6\x97\xA5(\xE5\x9C\x9F) "
     "10:00 \xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E <\ntaro@example.jp>:\n\n> x\n",
     CRM_CUT_QUOTE, 1},
    /* 山田 太郎 さんは書きました: */
    {"japanese_san_wa_kakimashita",
     "\xE6\x9C\xAC\xE6\x96\x87\n\xE5\xB1\xB1\xE7\x94\xB0 \xE5\xA4\xAA\xE9\x83\x8E "
     "\xE3\x81\x95\xE3\x82\x93\xE3\x81\xAF\xE6\x9B\xB8\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x97\xE3\x81"
     "\x9F:\n\xE5\xBC\x95\xE7\x94\xA8\n",
     CRM_CUT_QUOTE, 1},
    /* 2026年11月1日の面接について: (no address: text) */
    {"japanese_date_line_is_text",
     "2026\xE5\xB9\xB4"
     "11\xE6\x9C\x88"
     "1\xE6\x97\xA5\xE3\x81\xAE\xE9\x9D\xA2\xE6\x8E\xA5:\n"
     "\xE8\xA9\xB3\xE7\xB4\xB0\n",
     CRM_CUT_NONE, 2},
    {"outlook_original_message", "Body\n\n-----Original Message-----\nFrom: x\n", CRM_CUT_ORIGINAL,
     1},
    /* -----元のメッセージ----- */
    {"outlook_original_message_ja",
     "Body\n-----\xE5\x85\x83\xE3\x81\xAE\xE3\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3\x82"
     "\xB8-----\nx\n",
     CRM_CUT_ORIGINAL, 1},
    {"gmail_forwarded", "FYI\n\n---------- Forwarded message ---------\nFrom: a\n",
     CRM_CUT_ORIGINAL, 1},
    {"short_forwarded", "FYI\n----- Forwarded message -----\nFrom: a\n", CRM_CUT_ORIGINAL, 1},
    /* -------- 転送メッセージ -------- */
    {"thunderbird_forwarded_ja",
     "FYI\n-------- \xE8\xBB\xA2\xE9\x80\x81\xE3\x83\xA1\xE3\x83\x83\xE3\x82\xBB\xE3\x83\xBC\xE3"
     "\x82\xB8 --------\n",
     CRM_CUT_ORIGINAL, 1},
    {"apple_begin_forwarded", "See below\n\nBegin forwarded message:\n\nFrom: a\n",
     CRM_CUT_ORIGINAL, 1},
    {"outlook_header_block",
     "Thanks\n\nFrom: Taro <t@example.com>\nSent: Monday, November 2, 2026 10:00 AM\nTo: x\n",
     CRM_CUT_ORIGINAL, 1},
    /* 差出人: / 送信日時: */
    {"outlook_header_block_ja",
     "Body\n\xE5\xB7\xAE\xE5\x87\xBA\xE4\xBA\xBA: a <a@example.jp>\n\xE9\x80\x81\xE4\xBF\xA1\xE6"
     "\x97\xA5\xE6\x99\x82: 2026\n",
     CRM_CUT_ORIGINAL, 1},
    {"outlook_underline_above_header_block",
     "Thanks\n________________________________\nFrom: a\nSent: b\n", CRM_CUT_ORIGINAL, 1},
    {"from_line_without_sent_is_text", "From: the hiring team\nRegards\n", CRM_CUT_NONE, 2},
    {"first_marker_wins", "Body\n-- \nsig\n> quote\n", CRM_CUT_SIGNATURE, 1},
    /* inline quotes: the letter goes on after the ">" block */
    {"inline_quote_mid_letter", "Dear Jane,\n\n> Senior Engineer\n\nWe have decided\nnot to.\n",
     CRM_CUT_NONE, 6},
    {"bottom_posted_answer", "> when will I hear?\n> thanks\nWe are sorry\nto say no.\n",
     CRM_CUT_NONE, 4},
    {"interleaved_one_line_answers", "Hi\n> q1\nA1\n> q2\nA2\n\n> q3\n", CRM_CUT_QUOTE, 5},
    {"quote_then_one_line_is_history", "New text\n\n> old\n> older\n\n(end)\n", CRM_CUT_QUOTE, 1},
    {"quote_then_signature_is_history", "New\n> old\nsecond\n-- \nsig\n", CRM_CUT_QUOTE, 1},
    {"quote_then_attribution_is_history",
     "New\n> a\nOn Mon, Nov 2, 2026, Taro <t@example.com> wrote:\n> b\n", CRM_CUT_QUOTE, 1},
    {"fullwidth_inline_quote", "A\n\xEF\xBC\x9E q\nB\nC\n", CRM_CUT_NONE, 4},
    {"inline_then_history", "A\n> q\nB\nC\n\n> old\n", CRM_CUT_QUOTE, 4},
};

/* line_offset - byte offset of 0-based line n of s (strlen(s) past the end) */
static size_t
line_offset(const char *s, size_t n)
{
    size_t off = 0, len = strlen(s);

    while (n > 0 && off < len) {
        const char *nl = memchr(s + off, '\n', len - off);
        off = nl ? (size_t)(nl - s) + 1 : len;
        n--;
    }
    return off;
}

static void
text_find_cut_table(void **state)
{
    struct crm_text_cut cut;
    size_t i, want_off;

    for (i = 0; i < sizeof(cut_cases) / sizeof(cut_cases[0]); i++) {
        memset(&cut, 0xAA, sizeof(cut));
        crm_text_find_cut(cut_cases[i].in, strlen(cut_cases[i].in), &cut);
        want_off = line_offset(cut_cases[i].in, cut_cases[i].line);
        if (cut.kind != cut_cases[i].kind || cut.line != cut_cases[i].line ||
            cut.offset != want_off)
            fail_msg("%s: got kind %d line %zu offset %zu, want kind %d line %zu offset %zu",
                     cut_cases[i].name, (int)cut.kind, cut.line, cut.offset, (int)cut_cases[i].kind,
                     cut_cases[i].line, want_off);
    }
}

/* inline quote lines are counted, and crm_text_drop_quoted removes them */
static void
text_inline_quotes_counted_and_dropped(void **state)
{
    static const char in[] = "Hi\n> q1\n> q1b\nA1\n\n> q2\nA2\nA3\n\n> old\n";
    struct crm_text_cut cut;
    struct crm_buf b;

    crm_text_find_cut(in, strlen(in), &cut);
    assert_int_equal(cut.kind, CRM_CUT_QUOTE);
    assert_int_equal(cut.line, 8);
    assert_int_equal(cut.quoted, 3);
    crm_buf_init(&b, 1024);
    assert_int_equal(crm_buf_puts(&b, "keep"), CRM_OK);
    assert_int_equal(crm_buf_append(&b, in, cut.offset), CRM_OK);
    crm_text_drop_quoted(&b, 4);
    assert_int_equal(b.len, strlen("keepHi\nA1\n\nA2\nA3\n"));
    assert_memory_equal(b.p, "keepHi\nA1\n\nA2\nA3\n", b.len);
    crm_text_find_cut("plain\n", 6, &cut);
    assert_int_equal(cut.quoted, 0);
    crm_buf_fini(&b);
}

/* the scan stays linear on a long run of lines that each look ahead */
static void
text_find_cut_long_input_is_fast(void **state)
{
    struct crm_buf b;
    struct crm_text_cut cut;
    size_t i;

    crm_buf_init(&b, 64u << 20);
    for (i = 0; i < 200000; i++)
        assert_int_equal(crm_buf_puts(&b, "On the list\n"), CRM_OK);
    crm_text_find_cut(b.p, b.len, &cut);
    assert_int_equal(cut.kind, CRM_CUT_NONE);
    assert_int_equal(cut.line, 200000);
    crm_buf_reset(&b);
    for (i = 0; i < 200000; i++)
        assert_int_equal(crm_buf_puts(&b, "Hanako wrote:\n\n\nplain text\n"), CRM_OK);
    crm_text_find_cut(b.p, b.len, &cut);
    assert_int_equal(cut.kind, CRM_CUT_NONE);
    assert_int_equal(cut.offset, b.len);
    crm_buf_reset(&b); /* long quote blocks, each followed by one line: looked at twice at most */
    for (i = 0; i < 2000; i++) {
        size_t k;
        for (k = 0; k < 100; k++)
            assert_int_equal(crm_buf_puts(&b, "> quoted\n"), CRM_OK);
        assert_int_equal(crm_buf_puts(&b, "answer\n"), CRM_OK);
    }
    crm_text_find_cut(b.p, b.len, &cut);
    assert_int_equal(cut.kind, CRM_CUT_NONE); /* an interleaved reply, to its last line */
    assert_int_equal(cut.line, 2000 * 101);
    assert_int_equal(cut.quoted, 2000 * 100);
    crm_buf_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_normalize_table),
        cmocka_unit_test(text_normalize_is_idempotent),
        cmocka_unit_test(text_normalize_appends_within_input_length),
        cmocka_unit_test(text_normalize_respects_cap),
        cmocka_unit_test(text_find_cut_table),
        cmocka_unit_test(text_inline_quotes_counted_and_dropped),
        cmocka_unit_test(text_find_cut_long_input_is_fast),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
