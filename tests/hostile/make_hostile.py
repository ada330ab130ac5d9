#!/usr/bin/env python3
"""make_hostile.py - write hostile messages for careerrelay-milter's engine.

usage: make_hostile.py OUTDIR [NAME-SUBSTRING...]

Writes OUTDIR/NAME.eml for every case below (or only those whose name
contains one of the substrings) and OUTDIR/INDEX.tsv (name, bytes, what it
abuses). Messages are built at test time so that no megabyte file is
committed; the output is deterministic. The cases (sizes as written):

  structure  nested multiparts 100 and 10,000 deep (closed and unclosed),
             10,000 sibling parts, message/rfc822 nested 50 deep, a boundary
             that is a prefix of another (both ways), a boundary made of
             base64 letters inside base64 bodies, delimiters without the
             CRLF before them, a 1,000-character boundary, an empty and an
             unterminated quoted boundary, a multipart reusing its parent's
             boundary
  headers    a header of 1,000,000 folded lines, 1 MB header lines (Subject,
             an X- field, a part's Content-Type), a 2,000-octet header line,
             100,000 header fields,
             100,000 RFC 2231 parameter continuations, 8-bit and NUL bytes in
             names and values, X-CareerRelay control-header abuse
  bodies     a 50 MB single body line, invalid UTF-8 (8bit, QP, base64),
             ISO-2022-JP escape abuse (unterminated ESC $ B, ESC inside a
             two-byte character, unknown and truncated escapes, SO/SI), NULs,
             base64 with bad padding and junk, QP with bad escapes and
             100,000 soft breaks, CR-only and mixed line ends
  encoded    a Subject of 100,000 encoded-words, encoded-words nested inside
             encoded-words, broken encoded-words (bad base64, unknown
             charsets, unterminated)
  quadratic  100,000 lines that are almost boundaries, 100,000 ">" lines,
             100,000 "<blockquote" tags, 100,000 "On x wrote:" lines,
             100,000 "-- " signature separators and bare "--" lines,
             100,000 unclosed "<!--"
  html       a comment, <script>, <style>, <title> or <!DOCTYPE that never
             ends (the rest of the document is invisible)

The builders taking a size (FAMILIES) are reused by linear_work.py.
"""
import base64
import os
import sys

CRLF = b"\r\n"

REJECT_EN = (b"Dear Candidate,\r\n\r\nThank you for your interest in the Software Engineer position.\r\n"
             b"After careful consideration, we regret to inform you that we have decided not to\r\n"
             b"move forward with your application at this time.\r\n\r\n"
             b"We wish you the best in your job search.\r\n\r\nRecruiting Team\r\n")
REJECT_JA = ("山田様\r\n\r\nこの度は弊社求人にご応募いただき、誠にありがとうございました。\r\n"
             "慎重に選考を進めました結果、誠に残念ながら今回は採用を見送らせていただくことになりました。\r\n"
             "今後のご活躍をお祈り申し上げます。\r\n\r\n採用担当\r\n")


def headers(name, ctype=b"text/plain; charset=us-ascii", cte=b"7bit", subject=b"Your application",
            extra=b""):
    """headers - a top-level header block from the company to a candidate"""
    h = (b"Date: Tue, 03 Nov 2026 10:07:13 +0900\r\n"
         b"From: Recruiting <saiyo@example.co.jp>\r\n"
         b"To: Candidate <candidate@gmail.com>\r\n"
         b"Subject: " + subject + b"\r\n"
         b"Message-ID: <hostile." + name.encode() + b"@example.co.jp>\r\n"
         b"MIME-Version: 1.0\r\n")
    h += extra
    if ctype is not None:
        h += b"Content-Type: " + ctype + b"\r\n"
    if cte is not None:
        h += b"Content-Transfer-Encoding: " + cte + b"\r\n"
    return h + b"\r\n"


def plain_part(text=REJECT_EN, charset=b"us-ascii", cte=b"7bit"):
    """plain_part - a text/plain body part (headers + body)"""
    return (b"Content-Type: text/plain; charset=" + charset + b"\r\n"
            b"Content-Transfer-Encoding: " + cte + b"\r\n\r\n" + text)


def html_part(html, cte=b"7bit"):
    """html_part - a text/html body part"""
    return (b"Content-Type: text/html; charset=us-ascii\r\n"
            b"Content-Transfer-Encoding: " + cte + b"\r\n\r\n" + html)


def multipart(boundary, parts, close=True, preamble=b"", epilogue=b""):
    """multipart - a multipart body from complete parts"""
    out = preamble
    for p in parts:
        out += b"--" + boundary + CRLF + p + CRLF
    if close:
        out += b"--" + boundary + b"--" + CRLF
    return out + epilogue


def b64lines(data):
    """b64lines - base64 in 76-column CRLF lines"""
    enc = base64.b64encode(data)
    return b"".join(enc[i:i + 76] + CRLF for i in range(0, len(enc), 76))


# ---------------------------------------------------------------- structure


def nest(boundaries, inner, close=True, sub=b"mixed"):
    """nest - inner wrapped in one multipart per boundary (outermost first), as a
    part: its Content-Type line, the empty line, the body"""
    pre, post = [], []
    for b in boundaries:
        pre.append(b"Content-Type: multipart/" + sub + b"; boundary=\"" + b + b"\"\r\n\r\n--" + b + CRLF)
        post.append(CRLF + (b"--" + b + b"--" + CRLF if close else b""))
    return b"".join(pre) + inner + b"".join(reversed(post))


def as_message(name, part, **kw):
    """as_message - a part (header lines + empty line + body) under the top-level header"""
    hdr_end = part.index(b"\r\n\r\n") + 4
    ctype = part[len(b"Content-Type: "):hdr_end - 4]
    return headers(name, ctype=ctype, cte=None, **kw) + part[hdr_end:]


def nested(n, close=True):
    """nested - n multiparts nested in one another, a rejection innermost"""
    name = "nested_%d%s" % (n, "" if close else "_unclosed")
    return as_message(name, nest([b"nest%d" % i for i in range(n)], plain_part(), close))


def siblings(n):
    """siblings - one multipart/mixed with n text parts"""
    parts = [plain_part()] + [plain_part(b"part %d\r\n" % i) for i in range(n - 1)]
    return headers("siblings", ctype=b"multipart/mixed; boundary=\"sib\"", cte=None) + \
        multipart(b"sib", parts)


def rfc822_nested(n):
    """rfc822_nested - a rejection, then message/rfc822 attachments n deep"""
    inner = headers("inner%d" % n) + REJECT_EN
    for i in range(n):
        b = b"r%d" % i
        inner = (b"From: a@example.net\r\nSubject: fwd %d\r\nMIME-Version: 1.0\r\n" % i +
                 b"Content-Type: multipart/mixed; boundary=\"" + b + b"\"\r\n\r\n" +
                 multipart(b, [plain_part(b"level %d\r\n" % i),
                               b"Content-Type: message/rfc822\r\n\r\n" + inner]))
    return headers("rfc822", ctype=b"multipart/mixed; boundary=\"top\"", cte=None) + \
        multipart(b"top", [plain_part(), b"Content-Type: message/rfc822\r\n"
                           b"Content-Disposition: attachment\r\n\r\n" + inner])


def boundary_prefix(outer, inner):
    """boundary_prefix - an outer and an inner boundary where one is a prefix of the other"""
    alt = (b"Content-Type: multipart/alternative; boundary=\"" + inner + b"\"\r\n\r\n" +
           multipart(inner, [plain_part(), html_part(b"<html><body><p>We regret.</p></body></html>\r\n")]))
    return headers("prefix", ctype=b"multipart/mixed; boundary=\"" + outer + b"\"", cte=None) + \
        multipart(outer, [alt, plain_part(b"second\r\n")])


def boundary_in_base64():
    """boundary_in_base64 - boundary of base64 letters; base64 bodies contain it (and decode to it)"""
    b = b"QUFB"
    payload = REJECT_EN + b"\r\n--QUFB\r\n--QUFB--\r\nQUFBQUFB\r\n"
    text = b64lines(payload)
    junk = b"QUFBQUFBQUFB" * 6 + CRLF
    parts = [plain_part(text, cte=b"base64"),
             b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
             junk * 20 + b"--QUFBQUFB\r\n" + junk]
    return headers("b64boundary", ctype=b"multipart/mixed; boundary=" + b, cte=None) + multipart(b, parts)


def missing_crlf():
    """missing_crlf - delimiters glued to the text before them, and no line end at EOF"""
    return (headers("nocrlf", ctype=b"multipart/alternative; boundary=\"g\"", cte=None) +
            b"--g\r\n" + plain_part(REJECT_EN.rstrip(b"\r\n")) + b"--g\r\n" +
            html_part(b"<p>We regret.</p>") + b"\r\n--g\r\n--g--")


def missing_crlf_inline():
    """missing_crlf_inline - the delimiter text inside a line, and the close with no line break"""
    return (headers("nocrlf2", ctype=b"multipart/mixed; boundary=\"g\"", cte=None) +
            b"--g\r\n" + plain_part(REJECT_EN + b"text--g\r\nmore text --g--\r\n") + b"\r\n--g--")


def long_boundary(n):
    """long_boundary - a boundary of n characters (RFC 2046 allows 70)"""
    b = b"L" * n
    return headers("longb", ctype=b"multipart/mixed; boundary=\"" + b + b"\"", cte=None) + \
        multipart(b, [plain_part()])


def odd_boundaries():
    """odd_boundaries - empty boundary, unterminated quote, boundary= twice"""
    return (headers("oddb", ctype=b"multipart/mixed; boundary=\"\"; boundary=\"x; q=\"y", cte=None) +
            b"--\r\n" + plain_part() + b"\r\n--x\r\n" + plain_part() + b"\r\n----\r\n")


def reused_boundary():
    """reused_boundary - an inner multipart with its parent's boundary"""
    alt = (b"Content-Type: multipart/alternative; boundary=\"same\"\r\n\r\n" +
           multipart(b"same", [plain_part(), html_part(b"<p>no</p>\r\n")]))
    return headers("reused", ctype=b"multipart/mixed; boundary=\"same\"", cte=None) + \
        multipart(b"same", [alt, plain_part(b"x\r\n")])


# ------------------------------------------------------------------ headers


def folded_header(n):
    """folded_header - one X- header of n folded lines, then a rejection"""
    return headers("fold", extra=b"X-Folded: start\r\n" + b" folded line\r\n" * n) + REJECT_EN


def folded_subject(n):
    """folded_subject - a Subject of n folded lines"""
    return headers("foldsubj", subject=b"Your application" + b"\r\n\tand more" * n) + REJECT_EN


def long_header_line(size):
    """long_header_line - 1 MB Subject, X- field and part Content-Type lines"""
    sub = b"Your application " + b"x" * size
    part = (b"Content-Type: text/plain; charset=us-ascii; x-pad=\"" + b"p" * size + b"\"\r\n\r\n" +
            REJECT_EN)
    return headers("longhdr", subject=sub, extra=b"X-Long: " + b"y" * size + CRLF,
                   ctype=b"multipart/mixed; boundary=\"lh\"", cte=None) + multipart(b"lh", [part])


def header_line(size):
    """header_line - a Subject on one line of size octets (RFC 5322 allows 998)"""
    return headers("hdrline", subject=b"Your application " + b"x" * (size - 26)) + REJECT_EN


def many_headers(n):
    """many_headers - n header fields"""
    return headers("manyh", extra=b"".join(b"X-H%d: v\r\n" % i for i in range(n))) + REJECT_EN


def rfc2231_continuations(n):
    """rfc2231_continuations - a filename parameter in n continuations"""
    params = b"".join(b";\r\n name*%d*=abc%%41" % i for i in range(n))
    part = (b"Content-Type: text/plain; charset=us-ascii" + params + b"\r\n\r\n" + REJECT_EN)
    return headers("rfc2231", ctype=b"multipart/mixed; boundary=\"c\"", cte=None) + multipart(b"c", [part])


def bad_header_bytes():
    """bad_header_bytes - 8-bit and NUL bytes in field names and values, a line without colon"""
    return headers("hdrbytes", subject=b"Your \xff\xfe application \x00 here",
                   extra=b"X-\xe6\x97\xa5: v\r\nNo colon line\r\nX-Nul\x00Name: v\r\n") + REJECT_EN


def control_header_abuse():
    """control_header_abuse - X-CareerRelay fields repeated, huge, folded and odd"""
    tags = b"X-CareerRelay-Tags: " + b",".join(b"tag%d" % i for i in range(20000)) + CRLF
    extra = (b"X-CareerRelay: skip\r\nX-CareerRelay: invite\r\nx-careerrelay:\r\n invite\r\n"
             b"X-CareerRelay: " + b"invite " * 10000 + CRLF + tags + tags +
             b"X-CareerRelay-Invitation: 00000000-0000-4000-8000-000000000001\r\n")
    return headers("ctlhdr", extra=extra) + REJECT_EN


# ------------------------------------------------------------------- bodies


def long_body_line(size):
    """long_body_line - one body line of size bytes (no line break at all)"""
    return headers("longline") + REJECT_EN + b"z" * size


def invalid_utf8():
    """invalid_utf8 - overlongs, surrogates, lone continuations, 0xFF; in 8bit, QP and base64"""
    bad = (b"\xc0\xaf \xe0\x80\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \x80\x81 \xff\xfe \xe3\x81 "
           b"\xf0\x9f\x98 truncated\r\n")
    text = REJECT_EN + bad * 50
    qp = b"".join(b"=%02X" % c if c > 126 or c == 61 else bytes([c]) for c in bad) * 3
    parts = [plain_part(text, b"utf-8", b"8bit"),
             plain_part(REJECT_EN + qp + CRLF, b"utf-8", b"quoted-printable"),
             plain_part(b64lines(text), b"utf-8", b"base64")]
    return headers("badutf8", ctype=b"multipart/mixed; boundary=\"u\"", cte=None,
                   subject=b"=?UTF-8?B?" + base64.b64encode(bad[:20]) + b"?=") + multipart(b"u", parts)


def invalid_utf8_single():
    """invalid_utf8_single - a single-part 8bit UTF-8 body with invalid sequences"""
    return headers("badutf8s", ctype=b"text/plain; charset=utf-8", cte=b"8bit") + \
        REJECT_EN + b"\xed\xbf\xbf\xc3\x28\xa0\xa1\xe2\x28\xa1\xe2\x82\x28\xf0\x28\x8c\xbc\r\n"


def iso2022jp_abuse(variant):
    """iso2022jp_abuse - escape-sequence abuse in an ISO-2022-JP text part"""
    good = REJECT_JA.encode("iso2022_jp")
    if variant == "unterminated":
        body = good + b"\x1b$B$3$s$K$A$O\r\n\x1b$B$\"$j$,$H$&"  # never back to ASCII
    elif variant == "mid_char":
        body = good + b"\x1b$B$3\x1b(B$s\x1b$B$K\x1b$B$\x1b(BA$O\x1b(B\r\n" * 20
    else:  # unknown, truncated and shift escapes
        body = (good + b"\x1b$(D+!\x1b(B \x1b(J\\~\x1b(B \x1b(I123\x1b(B \x1b\x1b\x1b \x1b$ \x1b(\r\n"
                b"\x0e\x21\x21\x0f \x1b$@$\"\x1b(B \x1b$B\r\n\x1b(B\x1b")
    return headers("iso2022jp_" + variant, ctype=b"text/plain; charset=ISO-2022-JP", cte=b"7bit",
                   subject=b"=?ISO-2022-JP?B?" + base64.b64encode(b"\x1b$B$3$s") + b"?=") + body


def nuls():
    """nuls - NUL bytes in a 7bit body, in base64 content and in an HTML part"""
    parts = [plain_part(REJECT_EN + b"a\x00b\x00\x00c\r\n" + b"\x00" * 1000 + CRLF),
             plain_part(b64lines(REJECT_EN + b"\x00\x00\x00"), cte=b"base64"),
             html_part(b"<p>\x00we regret\x00</p>\r\n")]
    return headers("nuls", ctype=b"multipart/alternative; boundary=\"n\"", cte=None) + multipart(b"n", parts)


def nul_single():
    """nul_single - a single text part holding NULs"""
    return headers("nul1") + REJECT_EN.replace(b"regret", b"reg\x00ret")


def base64_bad_padding():
    """base64_bad_padding - padding in the middle, too much, too little, junk letters"""
    good = b64lines(REJECT_EN)
    variants = [good.replace(b"\r\n", b"=\r\n", 1), good + b"QQ\r\n", good + b"QQ===\r\n", b"=" + good,
                good[:-3] + b"\r\n", good.replace(b"A", b"!", 3), good + b"====\r\n====\r\n",
                b"QUJD\r\n=\r\nQUJD\r\n", good.replace(b"\r\n", b" \t\r\n")]
    parts = [plain_part(v, cte=b"base64") for v in variants]
    parts.append(html_part(b"PGh0bWw+PGJvZHk+V2UgcmVncmV0PC9ib2R5PjwvaHRtbD4=\r\n=\r\n", cte=b"base64"))
    return headers("b64pad", ctype=b"multipart/mixed; boundary=\"p\"", cte=None) + multipart(b"p", parts)


def base64_bad_single():
    """base64_bad_single - a single-part base64 text body that ends mid-quantum"""
    return headers("b64pad1", cte=b"base64") + b64lines(REJECT_EN)[:-4] + b"Q=Q=\r\n"


def qp_abuse(n):
    """qp_abuse - bad escapes, lower-case hex, n soft line breaks, '=' at the very end"""
    body = REJECT_EN + b"=ZZ =4 =\xff =e3=81=82 =\r\n" + b"soft=\r\n" * n + b"end ="
    return headers("qp", ctype=b"text/plain; charset=utf-8", cte=b"quoted-printable") + body


def line_ends(kind):
    """line_ends - CR-only or mixed line ends"""
    msg = headers("le_" + kind, ctype=b"multipart/alternative; boundary=\"le\"", cte=None) + \
        multipart(b"le", [plain_part(), html_part(b"<p>We regret.</p>\r\n")])
    if kind == "cr":
        return msg.replace(CRLF, b"\r")
    return msg.replace(CRLF, b"\n", 7).replace(b"\r\n--le", b"\r--le", 1)


# ------------------------------------------------------------------ encoded


def encoded_words(n):
    """encoded_words - a Subject of n encoded-words (folded), a rejection body"""
    words = [b"=?UTF-8?B?" + base64.b64encode(("不採用%d" % i).encode()) + b"?=" for i in range(n)]
    return headers("ew%d" % n, subject=b"\r\n ".join(words)) + REJECT_EN


def encoded_nested():
    """encoded_nested - encoded-words inside encoded-words, broken and unterminated ones"""
    inner = b"=?UTF-8?B?" + base64.b64encode("見送り".encode()) + b"?="
    outer_b = b"=?UTF-8?B?" + base64.b64encode(inner) + b"?="
    outer_q = b"=?UTF-8?Q?" + inner.replace(b"=", b"=3D").replace(b"?", b"=3F") + b"?="
    subj = (outer_b + b" " + outer_q + b" =?utf-8?q?=?utf-8?q?x?=?= =?UTF-8?B?!!!!?= =?X-UNKNOWN?B?QUJD?="
            b" =?UTF-8*ja?Q?a?= =?UTF-8?B?QUJD =?UTF-8?Q?=E3=81?= =?ISO-2022-JP?B?GyRC?= =?" +
            b"\r\n =?UTF-8?Q?a?==?UTF-8?Q?b?==?UTF-8?Q?c?=" * 1000 + b" =?")
    return headers("ewnested", subject=subj) + REJECT_EN


# ---------------------------------------------------------------- quadratic


def octet_part(data):
    """octet_part - an application/octet-stream attachment holding data as it is"""
    return (b"Content-Type: application/octet-stream\r\n"
            b"Content-Disposition: attachment; filename=\"junk.bin\"\r\n\r\n" + data)


def near_boundaries(n):
    """near_boundaries - n lines that almost are one of the 12 boundaries in
    scope (in an attachment next to the rejection)"""
    depth = 12
    junk = b"".join(b"--bnd%d\r\n--\r\n--bnd%dX\r\n--bnd%d \r\n" % (i % depth, i % depth, i % depth)
                    for i in range(n // 4))
    inner = b"Content-Type: multipart/mixed; boundary=\"leaf\"\r\n\r\n" + \
        multipart(b"leaf", [plain_part(), octet_part(junk)])
    return as_message("nearb", nest([b"bnd%d_" % i for i in range(depth)], inner))


def near_boundaries_flat(n):
    """near_boundaries_flat - n "--" lines that are prefixes of the boundary"""
    junk = b"".join(b"--boundary-long-nam\r\n--\r\n" for _ in range(n // 2))
    return headers("nearflat", ctype=b"multipart/mixed; boundary=\"boundary-long-name\"", cte=None) + \
        multipart(b"boundary-long-name", [plain_part(), octet_part(junk)])


def dash_lines(n):
    """dash_lines - a rejection followed by n bare "--" lines, each above a short
    block, then 20 lines of text (so the last "--" starts no signature)"""
    return headers("dash") + REJECT_EN + b"--\r\nshort block\r\n" * n + b"more text\r\n" * 20


def quote_lines(n):
    """quote_lines - a rejection over n ">" lines (and interleaved blank ones)"""
    q = b"".join(b">" * (1 + i % 5) + b" quoted line %d\r\n" % i + (b"\r\n" if i % 7 == 0 else b"")
                 for i in range(n))
    return headers("quote") + REJECT_EN + q


def blockquotes(n):
    """blockquotes - an HTML rejection followed by n unclosed "<blockquote" tags"""
    html = (b"<html><body><p>We regret to inform you that we will not move forward.</p>\r\n" +
            b"<blockquote type=\"cite\"><div>x\r\n" * n + b"</body></html>\r\n")
    return headers("bq", ctype=b"multipart/alternative; boundary=\"bq\"", cte=None) + \
        multipart(b"bq", [plain_part(), html_part(html)])


def wrote_lines(n):
    """wrote_lines - n "On x wrote:" attribution lines"""
    w = b"".join(b"On Mon, 2 Nov 2026 at %d:00, x%d wrote:\r\n" % (i % 24, i) for i in range(n))
    return headers("wrote") + REJECT_EN + w


def sig_lines(n):
    """sig_lines - n "-- " signature separators"""
    return headers("sig") + REJECT_EN + b"-- \r\nsig\r\n" * n


def html_unterminated(what):
    """html_unterminated - an HTML rejection with a comment, raw-text element or
    declaration that never ends: everything after it is invisible"""
    html = b"<html><body><p>We regret to inform you.</p>" + what + b"\r\n</body></html>\r\n"
    return headers("unterm", ctype=b"text/html; charset=us-ascii", cte=b"7bit") + html


def html_comments(n):
    """html_comments - n unclosed "<!--" and "<" in an HTML part"""
    html = b"<html><body><p>We regret.</p>" + b"<!-- <a <b\r\n" * n + b"</body></html>\r\n"
    return headers("cmt", ctype=b"text/html; charset=us-ascii", cte=b"7bit") + html


# -------------------------------------------------------------------- cases

CASES = [
    ("nested_multipart_100", lambda: nested(100), "multiparts nested 100 deep"),
    ("nested_multipart_10000", lambda: nested(10000), "multiparts nested 10,000 deep"),
    ("nested_multipart_100_unclosed", lambda: nested(100, close=False), "100 deep, no close delimiters"),
    ("sibling_parts_10000", lambda: siblings(10000), "10,000 parts in one multipart"),
    ("rfc822_nested_50", lambda: rfc822_nested(50), "message/rfc822 nested 50 deep"),
    ("boundary_prefix_outer", lambda: boundary_prefix(b"abc", b"abcdef"), "outer boundary a prefix of inner"),
    ("boundary_prefix_inner", lambda: boundary_prefix(b"abcdef", b"abc"), "inner boundary a prefix of outer"),
    ("boundary_in_base64", boundary_in_base64, "boundary of base64 letters inside base64 bodies"),
    ("missing_crlf_before_boundary", missing_crlf, "delimiter glued to the text, no final CRLF"),
    ("missing_crlf_inline_delimiter", missing_crlf_inline, "delimiter text inside lines"),
    ("boundary_1000_chars", lambda: long_boundary(1000), "1,000-character boundary"),
    ("boundary_empty_and_unterminated", odd_boundaries, "empty/unterminated/duplicate boundary"),
    ("boundary_reused_by_child", reused_boundary, "inner multipart reuses the outer boundary"),
    ("header_folded_1m_lines", lambda: folded_header(1000000), "one header of 1,000,000 folded lines"),
    ("subject_folded_100k_lines", lambda: folded_subject(100000), "Subject of 100,000 folded lines"),
    ("header_lines_1mb", lambda: long_header_line(1 << 20), "1 MB header lines (top and part)"),
    ("header_line_2000_octets", lambda: header_line(2000), "a 2,000-octet header line"),
    ("header_fields_100k", lambda: many_headers(100000), "100,000 header fields"),
    ("rfc2231_continuations_100k", lambda: rfc2231_continuations(100000), "100,000 parameter continuations"),
    ("header_bad_bytes", bad_header_bytes, "8-bit and NUL in header names/values, no colon"),
    ("control_header_abuse", control_header_abuse, "X-CareerRelay fields repeated and huge"),
    ("body_line_50mb", lambda: long_body_line(50 << 20), "a 50 MB single body line"),
    ("invalid_utf8_multipart", invalid_utf8, "invalid UTF-8 in 8bit, QP and base64"),
    ("invalid_utf8_single", invalid_utf8_single, "invalid UTF-8 single part"),
    ("iso2022jp_unterminated", lambda: iso2022jp_abuse("unterminated"), "ESC $ B never closed"),
    ("iso2022jp_esc_mid_char", lambda: iso2022jp_abuse("mid_char"), "ESC inside a 2-byte character"),
    ("iso2022jp_unknown_escapes", lambda: iso2022jp_abuse("unknown"), "unknown/truncated escapes, SO/SI"),
    ("nul_bytes_multipart", nuls, "NULs in 7bit, base64 and HTML parts"),
    ("nul_bytes_single", nul_single, "NUL in a single text part"),
    ("base64_bad_padding", base64_bad_padding, "base64 with bad padding and junk"),
    ("base64_truncated_single", base64_bad_single, "single-part base64 ending mid-quantum"),
    ("qp_abuse_100k_soft_breaks", lambda: qp_abuse(100000), "bad QP escapes, 100,000 soft breaks"),
    ("line_ends_cr_only", lambda: line_ends("cr"), "CR-only line ends"),
    ("line_ends_mixed", lambda: line_ends("mixed"), "mixed CRLF/LF/CR line ends"),
    ("subject_100k_encoded_words", lambda: encoded_words(100000), "Subject of 100,000 encoded-words"),
    ("subject_nested_encoded_words", encoded_nested, "encoded-words nested and broken"),
    ("near_boundaries_100k_deep", lambda: near_boundaries(100000), "100,000 almost-delimiters, 12 deep"),
    ("near_boundaries_100k_flat", lambda: near_boundaries_flat(100000), "100,000 boundary prefixes"),
    ("dash_lines_100k", lambda: dash_lines(100000), "100,000 bare '--' lines"),
    ("quote_lines_100k", lambda: quote_lines(100000), "100,000 '>' lines"),
    ("blockquote_tags_100k", lambda: blockquotes(100000), "100,000 '<blockquote' tags"),
    ("wrote_lines_100k", lambda: wrote_lines(100000), "100,000 'On x wrote:' lines"),
    ("signature_lines_100k", lambda: sig_lines(100000), "100,000 '-- ' separators"),
    ("html_comments_100k", lambda: html_comments(100000), "100,000 unclosed '<!--'"),
    ("html_unterminated_comment", lambda: html_unterminated(b"<!-- never closed"), "unclosed <!--"),
    ("html_unterminated_script", lambda: html_unterminated(b"<script>var a;"), "unclosed <script>"),
    ("html_unterminated_style", lambda: html_unterminated(b"<style>p{}"), "unclosed <style>"),
    ("html_unterminated_title", lambda: html_unterminated(b"<title>x"), "unclosed <title>"),
    ("html_unterminated_decl", lambda: html_unterminated(b"<!DOCTYPE x"), "unclosed <!DOCTYPE"),
]

# size-parameterised builders for linear_work.py: name -> (builder(n), units per byte)
FAMILIES = {
    "near_boundaries": near_boundaries,
    "quote_lines": quote_lines,
    "dash_lines": dash_lines,
    "encoded_words": encoded_words,
    "nesting": nested,
    "folded_header": folded_header,
    "blockquotes": blockquotes,
    "wrote_lines": wrote_lines,
}


def main(argv):
    """main - write the selected cases and INDEX.tsv"""
    if len(argv) < 2:
        sys.stderr.write("usage: make_hostile.py OUTDIR [NAME-SUBSTRING...]\n")
        return 2
    out, want = argv[1], argv[2:]
    os.makedirs(out, exist_ok=True)
    rows = []
    for name, build, what in CASES:
        if want and not any(w in name for w in want):
            continue
        data = build()
        with open(os.path.join(out, name + ".eml"), "wb") as f:
            f.write(data)
        rows.append("%s\t%d\t%s\n" % (name, len(data), what))
    with open(os.path.join(out, "INDEX.tsv"), "w", encoding="utf-8") as f:
        f.write("name\tbytes\twhat\n" + "".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
