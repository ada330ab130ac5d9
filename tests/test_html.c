/* test_html.c - HTML reduced to text for matching, and the invitation's place (html.h) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "alloc.h"
#include "buf.h"
#include "codec.h"
#include "html.h"

/* ---- crm_html_to_text ---- */

static const struct {
    const char *name, *in, *want;
} h2t_cases[] = {
    {"paragraphs_become_lines", "<html><body><p>Hello</p><p>World</p></body></html>",
     "Hello\nWorld\n"},
    {"entities_decoded",
     "<p>a&amp;b &lt;c&gt; &#x3042;&#12354; &nbsp;x &bogus; & &#0; &#xD800;</p>",
     "a&b <c> \xE3\x81\x82\xE3\x81\x82 \xC2\xA0x &bogus; & \xEF\xBF\xBD \xEF\xBF\xBD\n"},
    {"head_script_style_dropped",
     "<html><head><title>T</title><style>p{}</style></head><body><script>var a='</body>';"
     "</script>Text</body></html>",
     "Text"},
    {"comment_dropped", "<body>A<!-- </body> hidden -->B</body>", "AB"},
    {"gmail_quote_dropped",
     "<div dir=\"ltr\">Thanks</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On "
     "x wrote:</div><blockquote class=\"gmail_quote\">old</blockquote></div>",
     "Thanks\n"},
    {"blockquote_cite_dropped", "<body>New<blockquote type=\"cite\">Old</blockquote></body>",
     "New"},
    {"outlook_reply_dropped",
     "<body><p>New</p><hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div "
     "id=\"divRplyFwdMsg\">From: x</div><div>old</div></body>",
     "New\n"},
    /* 採用を見送\nらせていただきます。\nThank you */
    {"wrapped_japanese_joined",
     "<p>\xE6\x8E\xA1\xE7\x94\xA8\xE3\x82\x92\xE8\xA6\x8B\xE9\x80\x81\n\xE3\x82\x89\xE3\x81\x9B"
     "\xE3\x81\xA6\xE3\x81\x84\xE3\x81\x9F\xE3\x81\xA0\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x99\xE3\x80"
     "\x82\nThank  you</p>",
     "\xE6\x8E\xA1\xE7\x94\xA8\xE3\x82\x92\xE8\xA6\x8B\xE9\x80\x81\xE3\x82\x89\xE3\x81\x9B\xE3\x81"
     "\xA6\xE3\x81\x84\xE3\x81\x9F\xE3\x81\xA0\xE3\x81\x8D\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82 "
     "Thank you\n"},
    {"upper_case_tags", "<HTML><BODY><P>Hi</P><BLOCKQUOTE TYPE=CITE>old</BLOCKQUOTE></BODY></HTML>",
     "Hi\n"},
    {"literal_less_than", "a < b and c<3", "a < b and c<3"},
    {"unterminated_tag_runs_to_end", "abc<div class=\"x>y", "abc\n"},
    {"table_cells_spaced", "<table><tr><td>a</td><td>b</td></tr></table>", "a b\n"},
    {"br_breaks_line", "one<br>two<br/>three", "one\ntwo\nthree"},
    {"inline_tags_join", "we <b>regret</b> to <span>inform</span> you", "we regret to inform you"},
    {"empty_document", "", ""},
    {"original_message_written_as_text",
     "<body><p>Thanks</p><p>-----Original Message-----</p><p>From: x</p><p>old text</p></body>",
     "Thanks\n"},
    {"outlook_block_written_as_text",
     "<body><div>Regards</div><div><br></div><div>From: a@example.com<br>Sent: Monday</div></body>",
     "Regards\n"},
};

static void
html_to_text_table(void **state)
{
    struct crm_buf b;
    size_t i;

    for (i = 0; i < sizeof(h2t_cases) / sizeof(h2t_cases[0]); i++) {
        crm_buf_init(&b, 4096);
        assert_int_equal(crm_html_to_text(h2t_cases[i].in, strlen(h2t_cases[i].in), &b), CRM_OK);
        if (b.len != strlen(h2t_cases[i].want) || memcmp(b.p, h2t_cases[i].want, b.len) != 0)
            fail_msg("%s: got \"%s\", want \"%s\"", h2t_cases[i].name, crm_buf_cstr(&b),
                     h2t_cases[i].want);
        crm_buf_fini(&b);
    }
}

/* HTML as it arrives quoted-printable: the quote is found once decoded */
static void
html_to_text_qp_decoded(void **state)
{
    static const char qp[] =
        "<html><body><div dir=3D\"ltr\">We regret to inform you that we will not be procee=\r\n"
        "ding with your application.</div><br><div class=3D\"gmail_quote\"><div dir=3D=\r\n"
        "\"ltr\" class=3D\"gmail_attr\">On Mon, Nov 2, 2026 wrote:<br></div><blockquote =\r\n"
        "class=3D\"gmail_quote\">Thank you for the offer</blockquote></div></body></html>\r\n";
    static const char want[] =
        "We regret to inform you that we will not be proceeding with your application.\n";
    struct crm_buf html, text;
    size_t off;
    int in_body;

    crm_buf_init(&html, 4096);
    crm_buf_init(&text, 4096);
    assert_int_equal(crm_qp_decode(qp, sizeof(qp) - 1, &html), CRM_OK);
    assert_int_equal(crm_html_to_text(html.p, html.len, &text), CRM_OK);
    if (strcmp(crm_buf_cstr(&text), want) != 0)
        fail_msg("got \"%s\", want \"%s\"", crm_buf_cstr(&text), want);
    assert_int_equal(crm_html_find_insert(html.p, html.len, &off, &in_body), CRM_OK);
    assert_true(off < html.len);
    if (memcmp(html.p + off, "<div class=\"gmail_quote\"", 24) != 0)
        fail_msg("insert point got \"%.24s\", want the gmail_quote div", html.p + off);
    assert_int_equal(in_body, 1);
    crm_buf_fini(&html);
    crm_buf_fini(&text);
}

/* ---- crm_html_find_insert ---- */

static const struct {
    const char *name, *in;
    const char *at; /* offset = occurrence of at in in (NULL: end of input) */
    int last;       /* use the last occurrence */
    int in_body;
} ins_cases[] = {
    {"before_body_close", "<html><body><p>x</p></body></html>", "</body>", 0, 1},
    {"no_body_close_before_html_close", "<html><body><p>x</p></html>", "</html>", 0, 1},
    {"no_body_no_html_at_end", "<p>x</p>", NULL, 0, 1},
    {"gmail_quote", "<html><body><div>new</div><div class=\"gmail_quote\">q</div></body></html>",
     "<div class=\"gmail_quote\"", 0, 1},
    {"gmail_quote_container",
     "<body><div>new</div><div class=\"gmail_quote gmail_quote_container\">q</div></body>",
     "<div class=\"gmail_quote gmail_quote_container\"", 0, 1},
    {"blockquote_cite", "<body>new<blockquote type=\"cite\">q</blockquote></body>", "<blockquote",
     0, 1},
    {"blockquote_without_cite_is_content", "<body><blockquote>x</blockquote></body>", "</body>", 0,
     1},
    {"hr_before_divRplyFwdMsg",
     "<body>new<hr style=\"x\">\r\n<div id=\"divRplyFwdMsg\">q</div></body>", "<hr", 0, 1},
    {"hr_tabindex_separator",
     "<body>new<hr style=\"display:inline-block;width:98%\" tabindex=\"-1\"><div>q</div></body>",
     "<hr", 0, 1},
    {"plain_hr_is_content", "<body>a<hr>b</body>", "</body>", 0, 1},
    {"appendonsend", "<body>new<div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\">",
     "<div id=\"appendonsend\"", 0, 1},
    {"moz_cite_prefix",
     "<body>new<div class=\"moz-cite-prefix\">On x wrote:</div><blockquote type=\"cite\">",
     "<div class=\"moz-cite-prefix\"", 0, 1},
    {"outlook_desktop_header_div",
     "<body><p>new</p><div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm "
     "0cm 0cm\"><p><b>From:</b></p></div></body>",
     "<div style", 0, 1},
    {"body_close_in_comment_ignored", "<body>x</body><!-- </body> --></html>", "</body>", 0, 1},
    {"body_close_in_script_ignored", "<body>x</body><script>var s='</body>';</script>", "</body>",
     0, 1},
    {"body_close_in_style_ignored", "<body>x<style>/* </body> */</style>", NULL, 0, 1},
    {"upper_case_tags", "<HTML><BODY>x<DIV CLASS=\"gmail_quote\">q</DIV></BODY></HTML>", "<DIV", 0,
     1},
    {"marker_before_body_ignored",
     "<html><div class=\"gmail_quote\">junk</div><body>x</body></html>", "</body>", 0, 1},
    {"last_body_close_wins", "<body>a</body><body>b</body>", "</body>", 1, 1},
    {"no_body_tag_marker_counts", "<div>new</div><blockquote type=cite>old</blockquote>",
     "<blockquote", 0, 1},
    {"single_quoted_attributes", "<body>n<div class='gmail_quote'>q</div></body>",
     "<div class='gmail_quote'", 0, 1},
    {"gt_inside_attribute_value", "<body><a title=\"a>b\" class=\"gmail_quote\">q</a></body>",
     "<a title", 0, 1},
    {"head_only_document", "<html><head><title>t</title></head></html>", "</html>", 0, 1},
    {"body_open_without_close_at_end", "<body>x", NULL, 0, 1},
    /* what is left open at the place does not hide or link the invitation */
    {"closed_hidden_preheader_at_top",
     "<body><div style=\"display:none;max-height:0;overflow:hidden\">Update</div><p>x</p></body>",
     "</body>", 0, 1},
    {"closed_hidden_span_with_nested_spans",
     "<body><span style=\"display:none\"><span>a</span><span>b</span></span><p>x</body>", "</body>",
     0, 1},
    {"closed_hidden_div_with_nested_divs",
     "<body><div style=\"mso-hide:all\"><div><div>a</div></div></div>x</body>", "</body>", 0, 1},
    {"unclosed_p", "<body><p>Dear Alex,<p>Regards</body>", "</body>", 0, 1},
    {"unclosed_li", "<body><ul><li>one<li>two</ul><p>x</body>", "</body>", 0, 1},
    {"unclosed_li_and_list", "<body><ul><li>one<li>two</body>", "</body>", 0, 1},
    {"unclosed_td_in_open_table", "<body><table><tr><td>x</body></html>", "</body>", 0, 1},
    {"unclosed_td_tr", "<body><table><tr><td>a<td>b<tr><td>c</table>x</body>", "</body>", 0, 1},
    {"unclosed_font", "<body><font face=\"Arial\" color=\"#333333\">x</body>", "</body>", 0, 1},
    {"unclosed_span_b", "<body><span><b>x</body>", "</body>", 0, 1},
    {"void_elements", "<body><br><img src=x><hr><input><meta charset=x><wbr>x</body>", "</body>", 0,
     1},
    {"void_element_hidden", "<body><img src=x style=\"display:none\"><br hidden>x</body>",
     "</body>", 0, 1},
    {"self_closed_hidden", "<body><div style=\"display:none\"/>x</body>", "</body>", 0, 1},
    {"closed_a", "<body><a href=\"x\">careers</a></body>", "</body>", 0, 1},
    {"a_closed_by_its_cell", "<body><table><tr><td><a href=x>y</td></tr></table></body>", "</body>",
     0, 1},
    {"hidden_cell_closed_by_next_cell", "<body><table><tr><td style=\"font-size:0\">a<td>b</body>",
     "</body>", 0, 1},
    {"hidden_span_closed_by_its_cell",
     "<body><table><tr><td><span style=\"display:none\">pre</td></tr></table>x</body>", "</body>",
     0, 1},
    {"hidden_p_closed_by_block", "<body><p style=\"display:none\">pre<div>x</div></body>",
     "</body>", 0, 1},
    {"hidden_span_closed_by_enclosing_div",
     "<body><div><span style=\"display:none\">pre</div>x</body>", "</body>", 0, 1},
    {"stray_end_tag_does_not_close", "<body><div hidden>a</div></div>x</body>", "</body>", 0, 1},
    {"visible_styles",
     "<body><div style=\"display:block;height:0\"><span style=\"font-size:10px\">x</body>",
     "</body>", 0, 1},
    {"template_closed_skipped", "<body>x<template><body></body><a href=x></template></body>",
     "</body>", 1, 1},
    {"xmp_hides_body_close", "<body>x</body><xmp></body></xmp>", "</body>", 0, 1},
    {"open_details_shows", "<body><details open><summary>s</summary>x</body>", "</body>", 0, 1},
    {"marker_before_open_a_is_safe", "<body>new<div class=\"gmail_quote\"><a href=x>old</body>",
     "<div class", 0, 1},
};

/* want_offset - where the case expects the insert point */
static size_t
want_offset(const char *in, const char *at, int last)
{
    const char *f, *p = NULL;

    if (at == NULL)
        return strlen(in);
    for (f = strstr(in, at); f != NULL; f = last ? strstr(f + 1, at) : NULL)
        p = f;
    return p ? (size_t)(p - in) : (size_t)-1;
}

static void
html_find_insert_table(void **state)
{
    size_t i, off, want;
    int in_body;

    for (i = 0; i < sizeof(ins_cases) / sizeof(ins_cases[0]); i++) {
        want = want_offset(ins_cases[i].in, ins_cases[i].at, ins_cases[i].last);
        off = 12345;
        in_body = -1;
        assert_int_equal(
            crm_html_find_insert(ins_cases[i].in, strlen(ins_cases[i].in), &off, &in_body), CRM_OK);
        if (off != want || in_body != ins_cases[i].in_body)
            fail_msg("%s: got offset %zu (\"%.20s\") in_body %d, want offset %zu in_body %d",
                     ins_cases[i].name, off, ins_cases[i].in + off, in_body, want,
                     ins_cases[i].in_body);
    }
}

/* a document that ends inside a construct hides what we would add: refused */
static void
html_find_insert_refuses_unterminated(void **state)
{
    static const struct {
        const char *name, *in;
    } cases[] = {
        {"unclosed_comment", "<body>x<!-- never closed </body>"},
        {"unclosed_script", "<body>x<script>var a = 1;\r\n</body>"},
        {"unclosed_style", "<html><body>x<style>p {}</body></html>"},
        {"unclosed_title", "<title>x</body>"},
        {"unclosed_declaration", "<body>x<!DOCTYPE html"},
        {"declaration_swallowing_a_tag", "<body>x<!DOCTYPE x\r\n</body></html>"},
        {"unclosed_tag", "<body>x</body><div class=\"a"},
        {"unclosed_template", "<html><body><p>x</p><template><div>hidden</body></html>"},
        {"plaintext", "<html><body><p>x</p><plaintext></body></html>"},
        {"plaintext_closed_is_still_raw", "<body>x<plaintext>a</plaintext></body>"},
        {"unclosed_xmp", "<body>x<xmp></body>"},
        {"unclosed_textarea", "<body>x<textarea></body>"},
    };
    size_t i, off;
    int in_body, rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        rc = crm_html_find_insert(cases[i].in, strlen(cases[i].in), &off, &in_body);
        if (rc != CRM_EPARSE)
            fail_msg("%s: got rc %d, want CRM_EPARSE", cases[i].name, rc);
    }
}

/* a place inside an element still open that hides, links or moves what goes
 * there: refused (CRM_ESTATE), the place still given */
static void
html_find_insert_refuses_unbalanced(void **state)
{
    static const struct {
        const char *name, *in, *at;
    } cases[] = {
        {"unclosed_hidden_preheader_at_end",
         "<html><body><p>x</p><div style=\"display:none;max-height:0;overflow:hidden\">Update\r\n"
         "</body></html>",
         "</body>"},
        {"unclosed_display_none_div", "<body><p>x</p><div style=\"display:none\">pre</body>",
         "</body>"},
        {"unclosed_a", "<body><p>Visit <a href=\"https://x.example/\">careers\r\n</body></html>",
         "</body>"},
        {"a_survives_block_end", "<body><div><a href=x>y</div><p>z</body>", "</body>"},
        {"important_and_spaces", "<body><span style=\" DISPLAY : none !important \">x</body>",
         "</body>"},
        {"visibility_hidden", "<body><div style=\"visibility:hidden\">x</body>", "</body>"},
        {"mso_hide_all", "<body><div style=\"mso-hide:all\">x</body>", "</body>"},
        {"font_size_zero", "<body><td style=\"font-size:0px\"></td><div style=\"font-size:0\">x",
         NULL},
        {"height_zero_overflow_hidden",
         "<body><div style=\"height:0;overflow:hidden\"><div>a</div>x</body>", "</body>"},
        {"opacity_zero", "<body><span style=\"opacity:0.0\">x</body>", "</body>"},
        {"hidden_attribute", "<body><div hidden>x</body>", "</body>"},
        {"closed_details", "<body><details><summary>s</summary>x</body>", "</body>"},
        {"select", "<body><select><option>a</body>", "</body>"},
        {"hidden_cell_of_open_table", "<body><table><tr><td style=\"display:none\">x</body>",
         "</body>"},
        {"hidden_div_nested_same_name", "<body><div style=\"display:none\"><div></div>x</body>",
         "</body>"},
        {"table_without_open_cell", "<body><table><tr><td>x</td></tr></body></html>", "</body>"},
        {"hidden_outer_table", "<body><table style=\"display:none\"><tr><td>x</td></tr></body>",
         "</body>"},
        {"marker_inside_open_a",
         "<body><a href=x>new<div class=\"gmail_quote\">old</div></a></body>", "<div class"},
    };
    size_t i, off, want;
    int in_body, rc;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        want = want_offset(cases[i].in, cases[i].at, 0);
        off = 12345;
        rc = crm_html_find_insert(cases[i].in, strlen(cases[i].in), &off, &in_body);
        if (rc != CRM_ESTATE || off != want)
            fail_msg("%s: got rc %d offset %zu, want CRM_ESTATE offset %zu", cases[i].name, rc, off,
                     want);
    }
}

/* a '<' storm and unterminated quotes stay linear */
static void
html_pathological_inputs_are_linear(void **state)
{
    struct crm_buf b, t;
    size_t i, off;
    int in_body;

    crm_buf_init(&b, 64u << 20);
    crm_buf_init(&t, 64u << 20);
    for (i = 0; i < 300000; i++)
        assert_int_equal(crm_buf_puts(&b, "<a <b \"<!-- <script <"), CRM_OK);
    /* it ends inside an unclosed comment: refused, after one linear scan */
    assert_int_equal(crm_html_find_insert(b.p, b.len, &off, &in_body), CRM_EPARSE);
    assert_int_equal(crm_html_to_text(b.p, b.len, &t), CRM_OK);
    crm_buf_reset(&b);
    for (i = 0; i < 300000; i++)
        assert_int_equal(crm_buf_puts(&b, "<hr><p>&#x41;&amp</p>"), CRM_OK);
    assert_int_equal(crm_html_find_insert(b.p, b.len, &off, &in_body), CRM_OK);
    assert_int_equal(off, b.len);
    crm_buf_fini(&t);
    crm_buf_init(&t, 64u << 20);
    assert_int_equal(crm_html_to_text(b.p, b.len, &t), CRM_OK);
    assert_true(t.len > 300000);
    crm_buf_fini(&b);
    crm_buf_fini(&t);
}

/* crm_html_meta_charset: what HTML's prescan finds, and what it must not */
static void
html_meta_charset_table(void **state)
{
    static const struct {
        const char *name, *in, *want; /* want NULL: none */
    } cases[] = {
        {"charset attribute", "<html><head><meta charset=\"Shift_JIS\"></head>", "Shift_JIS"},
        {"unquoted, blanks", "<meta charset = utf-8 >", "utf-8"},
        {"http-equiv", "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=euc-jp\">",
         "euc-jp"},
        {"http-equiv, attributes reversed, quoted name",
         "<META CONTENT='text/html;charset=\"ISO-2022-JP\"' HTTP-EQUIV=content-type>",
         "ISO-2022-JP"},
        {"content without charset, then a charset",
         "<meta http-equiv=\"content-type\" content=\"text/html\"><meta charset=\"iso-8859-1\">",
         "iso-8859-1"},
        {"name=charset is not a declaration", "<meta name=\"charset\" content=\"utf-8\">", NULL},
        {"http-equiv of another kind", "<meta http-equiv=\"refresh\" content=\"0; charset=x\">",
         NULL},
        {"in a comment", "<!-- <meta charset=\"koi8-r\"> --><meta charset=\"utf-8\">", "utf-8"},
        {"in a script", "<script>var s = '<meta charset=koi8-r>';</script><meta charset=utf-8>",
         "utf-8"},
        {"in the title", "<title><meta charset=koi8-r></title>", NULL},
        {"the first one wins", "<meta charset=\"utf-8\"><meta charset=\"shift_jis\">", "utf-8"},
        {"after <body>", "<html><body><meta charset=\"utf-8\"></body>", NULL},
        {"empty charset", "<meta charset=\"\">", NULL},
        {"unterminated tag", "<meta charset=\"utf-8\"", NULL},
        {"label too long",
         "<meta charset=\"x-a-charset-label-that-is-far-too-long-to-be-any-real-one-at-all-1234\">",
         NULL},
        {"none", "<p>Hello</p>", NULL},
    };
    char label[64];
    struct crm_buf b;
    size_t i;
    int got;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        label[0] = '\0';
        got = crm_html_meta_charset(cases[i].in, strlen(cases[i].in), label, sizeof(label));
        if (got != (cases[i].want != NULL) || (got && strcmp(label, cases[i].want) != 0))
            fail_msg("%s: got %d \"%s\", want %s", cases[i].name, got, label,
                     cases[i].want ? cases[i].want : "none");
    }
    /* only the first CRM_HTML_META_SCAN bytes are read */
    crm_buf_init(&b, 1u << 20);
    assert_int_equal(crm_buf_puts(&b, "<head><style>"), CRM_OK);
    for (i = 0; i < CRM_HTML_META_SCAN; i++)
        assert_int_equal(crm_buf_putc(&b, 'x'), CRM_OK);
    assert_int_equal(crm_buf_puts(&b, "</style><meta charset=\"utf-8\">"), CRM_OK);
    assert_int_equal(crm_html_meta_charset(b.p, b.len, label, sizeof(label)), 0);
    crm_buf_fini(&b);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_meta_charset_table),
        cmocka_unit_test(html_to_text_table),
        cmocka_unit_test(html_to_text_qp_decoded),
        cmocka_unit_test(html_find_insert_table),
        cmocka_unit_test(html_find_insert_refuses_unterminated),
        cmocka_unit_test(html_find_insert_refuses_unbalanced),
        cmocka_unit_test(html_pathological_inputs_are_linear),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
