#!/usr/bin/env python3
"""test_checker.py - self-test of check_output.py (ctest corpus.checker).

1. A small reference splicer (written here, the obvious way) injects an
   invitation into every `inject` row of MANIFEST.tsv; check_output must
   accept every one of those outputs.
2. Hand-made bad outputs (broken boundary, token twice, mojibake in an
   ISO-2022-JP part, an attachment changed, a header reordered, a 1000-octet
   line, and more): check_output must reject each, with the expected reason.

usage: test_checker.py [CORPUS_DIR]   (default: this script's directory)
"""
import base64
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import check_output as C  # noqa: E402
from corpus_cases import ms_jis  # noqa: E402
from make_corpus import body_encode  # noqa: E402

TOKEN = "00000000-0000-4000-8000-00000000abcd"
URL = "https://careerrelay.jp/i/" + TOKEN
JA_LINE = "サンプル株式会社より、キャリアの次の一歩を応援する CareerRelay へのご招待です。"
EN_LINE = "Example Corp invites you to join CareerRelay:"
CRLF = b"\r\n"


def is_ja(text):
    """is_ja - the text has kana or kanji"""
    return re.search("[\u3040-\u30ff\u4e00-\u9fff]", text) is not None


def html_block(ja, token_in_href=True, raw=False):
    """html_block - the inserted markup: ASCII with numeric references"""
    text = JA_LINE if ja else EN_LINE
    if not raw:
        text = "".join(c if ord(c) < 128 else "&#x%X;" % ord(c) for c in text)
    if token_in_href:
        return '<p>%s <a href="%s">CareerRelay</a></p>\n' % (text, URL)
    return "<p>%s %s</p>\n" % (text, URL)


def plain_point(lines):
    """plain_point - line index after the newest text, above history"""
    hist = C.history_start(lines)
    newest = [i for i in range(hist) if lines[i].strip()]
    return newest[-1] + 1 if newest else 0


def html_point(text):
    """html_point - offset above history, else before </body>, else end"""
    m = C.HTML_HISTORY.search(text)
    if m:
        return m.start()
    ends = [x.start() for x in re.finditer(r"</body\s*>", text, re.I)]
    return ends[-1] if ends else len(text)


def splice_leaf(leaf, opt):
    """splice_leaf - (new header fields, new body) of one text leaf"""
    text, codec, _, data = C.text_of(leaf, "reference")
    ja = opt.get("ja", is_ja(text))
    if leaf.ctype == "text/plain":
        lines = C.split_lines(text)
        k = opt.get("plain_at", plain_point)(lines)
        block = opt.get("block", ["", JA_LINE if ja else EN_LINE, "<%s>" % URL])
        new = "\n".join(lines[:k] + block + lines[k:])
    else:
        k = opt.get("html_at", html_point)(text)
        new = (text[:k] + opt.get("html", html_block(ja)) + text[k:]).replace("\r\n", "\n")
    cs = leaf.charset or (C.html_meta_charset(data) if leaf.ctype == "text/html" else None)
    cs = cs or "us-ascii"
    cte = leaf.cte
    if cte in ("7bit", "") and codec != "iso2022_jp" and not new.isascii():
        cte = "quoted-printable"
    fields = list(leaf.fields)
    if cte != leaf.cte:
        f = b"Content-Transfer-Encoding: quoted-printable\r\n"
        idx = [i for i, x in enumerate(fields) if C.field_name(x) == b"content-transfer-encoding"]
        if idx:
            fields[idx[0]] = f
        else:
            fields.append(f)
    try:
        body = body_encode(new, cs, cte if cte != "" else "7bit")
    except UnicodeEncodeError:
        if codec != "iso2022_jp":
            raise
        body = ms_jis(new, kana=True)  # written the way Outlook wrote the original
    return fields, body


def ref_inject(inp, token=TOKEN, **opt):
    """ref_inject - a straightforward correct injection (for the self-test)"""
    root = C.Node(inp)
    edits = []
    top_fields = C.drop_internal(root.fields)
    kinds = opt.get("kinds", ("text/plain", "text/html"))
    for leaf in root.walk():
        if leaf.maintype == "multipart" or leaf.ctype not in kinds:
            continue
        if "paths" in opt and leaf.path not in opt["paths"]:
            continue
        if leaf.attachment and not opt.get("attachments"):
            continue
        fields, body = splice_leaf(leaf, opt)
        if leaf is root:
            top_fields = C.drop_internal(fields)
            edits.append((root.body_offset, len(inp), body))
        else:
            edits.append((leaf.offset, leaf.offset + len(leaf.raw), b"".join(fields) + CRLF + body))
    header = b"".join(top_fields) + b"X-CareerRelay-Invitation: " + token.encode() + CRLF + CRLF
    edits.append((0, root.body_offset, header))
    out = inp
    for s, e, new in sorted(edits, reverse=True):
        out = out[:s] + new + out[e:]
    return out


# ------------------------------------------------------------ test cases


def corpus(dirname, prefix):
    """corpus - bytes of the corpus file whose name starts with prefix"""
    for f in sorted(os.listdir(dirname)):
        if f.startswith(prefix):
            with open(os.path.join(dirname, f), "rb") as fh:
                return fh.read()
    raise FileNotFoundError(prefix)


def replace_once(data, old, new):
    """replace_once - data with the first old replaced (old must occur)"""
    assert old in data, "test bug: %r not in output" % old[:60]
    return data.replace(old, new, 1)


def swap_fields(out, a, b):
    """swap_fields - swap the first two header fields named a and b"""
    fields, body_at = C.split_header(out)
    ia = next(i for i, f in enumerate(fields) if C.field_name(f) == a)
    ib = next(i for i, f in enumerate(fields) if C.field_name(f) == b)
    fields[ia], fields[ib] = fields[ib], fields[ia]
    return b"".join(fields) + out[len(b"".join(fields)):]


def drop_field(out, name):
    """drop_field - out without header fields named name"""
    fields, _ = C.split_header(out)
    kept = [f for f in fields if C.field_name(f) != name]
    return b"".join(kept) + out[len(b"".join(fields)):]


def set_top_b64(out):
    """set_top_b64 - re-encode a single-part body as base64 (CTE changed)"""
    fields, body_at = C.split_header(out)
    fields = [b"Content-Transfer-Encoding: base64\r\n" if C.field_name(f) == b"content-transfer-encoding" else f
              for f in fields]
    return b"".join(fields) + CRLF + base64.encodebytes(out[body_at:]).replace(b"\n", CRLF)


def jis_line(text):
    """jis_line - one line in ISO-2022-JP"""
    return text.encode("iso2022_jp")


def html_with_comment():
    """html_with_comment - a single-part HTML rejection with a comment in <body>"""
    html = ("<html><head><title>Update</title></head>\n<body>\n<!-- tracking pixel below -->\n"
            "<p>Dear Jane,</p>\n<p>After careful consideration, we have decided not to move forward with "
            "your application.</p>\n</body>\n</html>\n")
    return (b"From: Emily Carter <emily.carter@example.com>\r\nTo: jane.doe@gmail.com\r\n"
            b"Subject: Your application\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: text/html; charset=us-ascii\r\n\r\n" + html.replace("\n", "\r\n").encode())


def bad_cases(d):
    """bad_cases - [(name, input, output, verdict, expected message part)]"""
    a_in = corpus(d, "007_")   # alternative: ISO-2022-JP plain 7bit + html QP
    a_out = ref_inject(a_in)
    b_in = corpus(d, "010_")   # mixed(alternative, PDF)
    b_out = ref_inject(b_in)
    c_in = corpus(d, "013_")   # mixed(plain, .txt attachment)
    d_in = corpus(d, "004_")   # UTF-8 QP plain
    d_out = ref_inject(d_in)
    e_in = corpus(d, "015_")   # reply with quoted history
    f_in = corpus(d, "033_")   # us-ascii 7bit plain
    f_out = ref_inject(f_in)
    g_in = corpus(d, "090_")   # X-CareerRelay: skip
    h_in = html_with_comment()
    url_line = b"<" + URL.encode() + b">"
    ja_jis = jis_line(JA_LINE)
    qp_line = [x for x in d_out.split(CRLF) if x.endswith(b"=") and b"=E3=82=AD" in x]
    cases = [
        ("broken boundary", a_in, replace_once(
            a_out, b"--_000_TY3PR01MB98765432ABCDEF_\r\nContent-Type: text/html",
            b"--_000_TY3PR01MB98765432ABCDEX_\r\nContent-Type: text/html"), "inject", "parts became"),
        ("token twice in a part", a_in, replace_once(a_out, url_line + CRLF, url_line + CRLF + url_line + CRLF),
         "inject", "appears 2 times"),
        ("mojibake (UTF-8 bytes) in an ISO-2022-JP part", a_in,
         replace_once(a_out, ja_jis, JA_LINE.encode("utf-8")), "inject", "8-bit byte"),
        ("ISO-2022-JP line left in JIS X 0208 state", a_in,
         replace_once(a_out, ja_jis, ja_jis[:-3]), "inject", "does not end in ASCII state"),
        ("attachment changed", b_in, replace_once(b_out, b"JVBERi0xLjQK", b"JVBERi0xLjUK"), "inject",
         "application/pdf"),
        ("header fields reordered", f_in, swap_fields(f_out, b"to", b"subject"), "inject", "header fields changed"),
        ("1000-octet line", f_in, replace_once(f_out, url_line + CRLF, url_line + CRLF + b"x" * 1000 + CRLF),
         "inject", "1000 octets"),
        ("no invitation header", f_in, drop_field(f_out, b"x-careerrelay-invitation"), "inject",
         "0 X-CareerRelay-Invitation"),
        ("two invitation headers", f_in, replace_once(
            f_out, b"X-CareerRelay-Invitation", b"X-CareerRelay-Invitation: %s\r\nX-CareerRelay-Invitation"
            % TOKEN.encode()), "inject", "2 X-CareerRelay-Invitation"),
        ("wrong token in header", f_in, ref_inject(f_in, token="00000000-0000-4000-8000-000000000999"), "inject",
         "X-CareerRelay-Invitation is"),
        ("html alternative left out", a_in, ref_inject(a_in, kinds=("text/plain",)), "inject",
         "left without the invitation"),
        ("QP line over 76", d_in, replace_once(d_out, qp_line[0] + CRLF, qp_line[0][:-1]), "inject", "max 76"),
        ("soft break inside a UTF-8 character", d_in, replace_once(d_out, b"=E3=82=AD", b"=E3=\r\n=82=AD"),
         "inject", "splits a multibyte"),
        ("invitation below quoted history", e_in, ref_inject(e_in, plain_at=lambda lines: len(lines) - 1), "inject",
         "want after the newest text"),
        ("invitation above an inline quote the letter goes on after", corpus(d, "150_"),
         ref_inject(corpus(d, "150_"), plain_at=lambda lines: next(i for i, x in enumerate(lines)
                                                                  if x.startswith(">"))),
         "inject", "want after the newest text"),
        ("invitation above the newest text", f_in, ref_inject(f_in, plain_at=lambda lines: 1), "inject",
         "want after the newest text"),
        ("html invitation inside a tag", a_in, ref_inject(a_in, html_at=lambda t: t.index("<p class=") + 2),
         "inject", "inside a tag"),
        ("html invitation inside <head>", a_in, ref_inject(a_in, html_at=lambda t: t.index("</head>")),
         "inject", "want inside <body>"),
        ("html invitation inside a comment", h_in, ref_inject(h_in, html_at=lambda t: t.index("tracking")),
         "inject", "inside an HTML comment"),
        ("html invitation after </body>", h_in, ref_inject(h_in, html_at=lambda t: t.index("</html>")),
         "inject", "above quoted history/</body>"),
        ("token outside href", a_in, ref_inject(a_in, html=html_block(True, token_in_href=False)), "inject",
         "not inside an href"),
        ("non-ASCII html markup", corpus(d, "017_"), ref_inject(corpus(d, "017_"), html=html_block(True, raw=True)),
         "inject", "not ASCII"),
        ("original text altered", f_in, replace_once(f_out, b"Dear Jane", b"Dear Jana"), "inject",
         "not kept in order"),
        ("single part re-encoded as base64", f_in, set_top_b64(f_out), "inject", "only quoted-printable"),
        ("internal header kept", corpus(d, "027_"),
         replace_once(ref_inject(corpus(d, "027_")), b"X-CareerRelay-Invitation", b"X-CareerRelay: invite\r\n"
                      b"X-CareerRelay-Invitation"), "inject", "internal field"),
        ("pass but modified", f_in, f_out, "pass", "output differs"),
        ("pass with internal header left", g_in, g_in, "pass", "output differs"),
        ("bare LF", f_in, replace_once(f_out, url_line + CRLF, url_line + b"\n"), "inject", "bare LF"),
        ("text attachment injected", c_in, ref_inject(c_in, attachments=True), "inject", "attachment"),
        ("inject into a message without close delimiter", corpus(d, "098_"), ref_inject(corpus(d, "098_")),
         "inject", "input MIME is not clean"),
        ("7bit part given 8-bit text", f_in, replace_once(f_out, EN_LINE.encode(), JA_LINE.encode()), "inject",
         "8-bit bytes in a 7bit part"),
        ("part header changed (charset)", corpus(d, "008_"), replace_once(
            ref_inject(corpus(d, "008_")), b'text/html; charset="UTF-8"', b'text/html; charset="utf-8"'),
         "inject", "header fields changed"),
        ("preamble changed", a_in, replace_once(a_out, b"This is a multi-part", b"This is a multipart"),
         "inject", "preamble changed"),
        ("epilogue added", a_in, a_out + b"junk\r\n", "inject", "epilogue changed"),
        ("invalid base64 written", corpus(d, "005_"), replace_once(
            ref_inject(corpus(d, "005_")), b"\r\n\r\n", b"\r\n\r\n!"), "inject", "base64"),
        ("already invited input", corpus(d, "092_"), ref_inject(corpus(d, "092_")), "inject",
         "X-CareerRelay-Invitation"),
        ("format=flowed line with trailing space", corpus(d, "042_"),
         ref_inject(corpus(d, "042_"), block=["", EN_LINE + " ", "<%s>" % URL]), "inject", "format=flowed"),
        ("no part modified", f_in, replace_once(f_in, b"\r\n\r\n", b"\r\nX-CareerRelay-Invitation: %s\r\n\r\n"
                                                 % TOKEN.encode()), "inject", "no body part was modified"),
        ("url not on its own line", f_in, ref_inject(f_in, block=["", EN_LINE + " <%s>" % URL]), "inject",
         "<URL-with-token>"),
    ]
    return cases


def mini(ctype, body, boundary=None):
    """mini - a small message from a candidate rejection sender"""
    ct = ctype + ('; boundary="%s"' % boundary if boundary else "")
    return (b"From: Emily Carter <emily.carter@example.com>\r\nTo: jane.doe@gmail.com\r\n"
            b"Subject: Your application\r\nMIME-Version: 1.0\r\nContent-Type: " + ct.encode() +
            b"\r\n\r\n" + body.replace("\n", "\r\n").encode())


def good_cases():
    """good_cases - [(name, input, output)]: correct injections in unusual
    shapes that check_output must accept"""
    empty = mini("multipart/mixed", "--B\nContent-Type: text/plain; charset=us-ascii\n\n\n"
                 "--B\nContent-Type: text/plain; charset=koi8-r\n\n\n--B--\n", "B")
    head = mini("text/html; charset=utf-8", "<html><head>\n<title>Update</title>\n<body>\n"
                "<p>We have decided not to move forward.</p>\n</body>\n")
    two = mini("multipart/mixed", "--M\nContent-Type: multipart/alternative; boundary=A1\n\n"
               "--A1\nContent-Type: text/plain\n\nWe will not be proceeding.\n"
               "--A1\nContent-Type: text/html\n\n<p>We will not be proceeding.</p>\n--A1--\n"
               "--M\nContent-Type: multipart/alternative; boundary=A2\n\n"
               "--A2\nContent-Type: text/plain\n\nList footer\n"
               "--A2\nContent-Type: text/html\n\n<p>List footer</p>\n--A2--\n--M--\n", "M")
    gb = mini("text/html; charset=gb2312", "") + b"<p>\xd5\xe2\x8c\xc2</p>\r\n"  # 0x8CC2: GBK only
    gb = gb.replace(b"\r\n\r\n", b"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n", 1)
    gb_out = gb.replace(b"\r\n\r\n", b"\r\nX-CareerRelay-Invitation: " + TOKEN.encode() + b"\r\n\r\n", 1)
    gb_out += html_block(False).replace("\n", "\r\n").encode()
    return [
        ("an empty text part gains the invitation", empty, ref_inject(empty, paths={"1.1"}, block=[EN_LINE, "<%s>" % URL])),
        ("<head> never closed, insertion inside <body>", head, ref_inject(head)),
        ("a second alternative group (list footer) left alone", two, ref_inject(two, paths={"1.1.1", "1.1.2"})),
        ("GB2312 label holding GBK characters", gb, gb_out),
    ]


def regenerate_differs(d):
    """regenerate_differs - the first file that make_corpus.py would write
    differently from d (None when d holds exactly what it writes)"""
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory(prefix="crm-corpus-gen-") as td:
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), td], check=True,
                       stdout=subprocess.DEVNULL)
        want = sorted(f for f in os.listdir(td) if f.endswith(".eml") or f == "MANIFEST.tsv")
        have = sorted(f for f in os.listdir(d) if f.endswith(".eml") or f == "MANIFEST.tsv")
        if want != have:
            return "file lists differ: %s" % sorted(set(want) ^ set(have))[:5]
        for f in want:
            with open(os.path.join(td, f), "rb") as a, open(os.path.join(d, f), "rb") as b:
                if a.read() != b.read():
                    return f
    return None


def main():
    """main - run all self-tests; exit 1 on any failure"""
    d = sys.argv[1] if len(sys.argv) > 1 else HERE
    failed = 0
    total = 0
    # 1. good reference injections are accepted
    with open(os.path.join(d, "MANIFEST.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f][1:]
    for row in rows:
        if row[1] != "inject":
            continue
        total += 1
        inp = corpus(d, row[0])
        try:
            out = ref_inject(inp)
        except C.Failure as e:
            print("FAIL reference injection of %s: %s" % (row[0], e))
            failed += 1
            continue
        ok, msg = C.check(inp, out, "inject", TOKEN)
        if not ok:
            print("FAIL good injection rejected: %s: got %r, want ok" % (row[0], msg))
            failed += 1
    # passes: identical minus internal headers is accepted
    for row in rows:
        if row[1] != "pass":
            continue
        total += 1
        inp = corpus(d, row[0])
        ok, msg = C.check(inp, ref_strip(inp), "pass", TOKEN)
        if not ok:
            print("FAIL good pass rejected: %s: %s" % (row[0], msg))
            failed += 1
    total += 1
    stale = regenerate_differs(d)
    if stale:
        print("FAIL the committed corpus differs from what make_corpus.py writes: %s" % stale)
        failed += 1
    for name, inp, out in good_cases():
        total += 1
        ok, msg = C.check(inp, out, "inject", TOKEN)
        if not ok:
            print("FAIL good injection rejected: %s: got %r, want ok" % (name, msg))
            failed += 1
        else:
            print("ok   accepts %s" % name)
    # 2. bad outputs are rejected, for the right reason
    for name, inp, out, verdict, want in bad_cases(d):
        total += 1
        ok, msg = C.check(inp, out, verdict, TOKEN)
        if ok or (want != "*" and want not in msg):
            print("FAIL %s: got %s %r, want rejection mentioning %r" % (name, "ok" if ok else "rejection", msg,
                                                                        want))
            failed += 1
        else:
            print("ok   rejects %s: %s" % (name, msg[:110]))
    print("%d passed, %d failed" % (total - failed, failed))
    return 1 if failed else 0


def ref_strip(inp):
    """ref_strip - inp without internal header fields (reference pass output)"""
    fields, _ = C.split_header(inp)
    return b"".join(C.drop_internal(fields)) + inp[len(b"".join(fields)):]


if __name__ == "__main__":
    sys.exit(main())
