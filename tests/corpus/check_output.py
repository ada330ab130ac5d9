#!/usr/bin/env python3
"""check_output.py - an independent checker of what `careerrelayctl dry-run`
(or the milter) did to one message. Python standard library only; it shares
no code with the engine.

usage: check_output.py INPUT.eml OUTPUT.eml inject|pass TOKEN

pass:   OUTPUT must be INPUT byte for byte, minus the header fields
        X-CareerRelay and X-CareerRelay-Tags.
inject: (a) every input header field except those two is in OUTPUT, byte
        identical and in order; exactly one X-CareerRelay-Invitation: TOKEN
        was added; only the Content-Transfer-Encoding of a single-part
        message may change, and only to quoted-printable;
        (b) the MIME tree has the same shape: types, boundaries, number of
        parts, preambles, delimiter lines and epilogues;
        (c) every part that was not modified is byte-identical;
        (d) every modified part is a text/plain or text/html body part (not an
        attachment), decodes strictly in its transfer encoding and charset
        (ISO-2022-JP: 7-bit only, every line back in ASCII), holds the token
        exactly once, and its decoded text is the original with one
        contiguous block inserted: text/plain at a line boundary after the
        newest text and above signature/quoted history, with the URL on a
        line of its own in angle brackets; text/html inside <body>, not inside
        a tag, above recognised quoted history, as ASCII markup with the
        token inside an href;
        (e) at least one part was modified, and in a multipart/alternative
        holding both a plain and an HTML body, either both were or neither
        (a second alternative group, e.g. a list footer, may stay as it is);
        (f) every line ends with CRLF and has at most 998 octets; quoted-
        printable and base64 lines written by the engine have at most 76,
        and no soft break splits a multibyte character.
Exit status 0 when all checks pass, 1 with one message per failure on
stderr, 2 on usage errors.
"""
import base64
import binascii
import codecs
import email
import email.parser
import email.policy
import html.parser
import re
import sys

INTERNAL = (b"x-careerrelay", b"x-careerrelay-tags")
INVITATION = b"x-careerrelay-invitation"
MAX_DEPTH = 64

# charset label -> Python codec; Shift_JIS is read as CP932 (what Windows
# and the engine write), GB2312 as GBK and EUC-KR as CP949 (as the WHATWG
# Encoding Standard does); anything else must be known to Python's codecs.
CHARSETS = {
    "us-ascii": "ascii", "ascii": "ascii", "ansi_x3.4-1968": "ascii",
    "utf-8": "utf-8", "utf8": "utf-8",
    "iso-2022-jp": "iso2022_jp", "csiso2022jp": "iso2022_jp",
    # supersets of ISO-2022-JP, read as Outlook reads ISO-2022-JP (ms_iso2022jp)
    "iso-2022-jp-ms": "iso2022_jp", "cp50220": "iso2022_jp", "cp50221": "iso2022_jp",
    "cp50222": "iso2022_jp", "iso-2022-jp-1": "iso2022_jp", "iso-2022-jp-2": "iso2022_jp",
    "csiso2022jp2": "iso2022_jp", "iso-2022-jp-3": "iso2022_jp", "iso-2022-jp-2004": "iso2022_jp",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "windows-31j": "cp932", "cp932": "cp932", "ms_kanji": "cp932", "csshiftjis": "cp932",
    "euc-jp": "euc_jp", "x-euc-jp": "euc_jp", "cseucpkdfmtjapanese": "euc_jp",
    "iso-8859-1": "latin-1", "latin1": "latin-1", "iso_8859-1": "latin-1",
    # as the WHATWG Encoding Standard (every browser and mail client) reads them
    "gb2312": "gbk", "x-gbk": "gbk", "gbk": "gbk", "ks_c_5601-1987": "cp949", "euc-kr": "cp949",
}
MULTIBYTE_STATELESS = {"utf-8", "cp932", "euc_jp"}


class Failure(Exception):
    """Failure - one failed check"""


# ------------------------------------------------------------- header fields


def split_header(data):
    """split_header - ([raw field bytes incl. folds and line end], body offset).
    The header ends at the first empty line; without one, all is header.
    Linear in the number of lines (a field is sliced once, not grown)."""
    fields, start, pos, n = [], -1, 0, len(data)
    while pos < n:
        nl = data.find(b"\n", pos)
        end = n if nl < 0 else nl + 1
        if end - pos <= 2 and data[pos:end] in (b"\r\n", b"\n"):
            if start >= 0:
                fields.append(data[start:pos])
            return fields, end
        if start < 0 or data[pos:pos + 1] not in (b" ", b"\t"):
            if start >= 0:
                fields.append(data[start:pos])
            start = pos
        pos = end
    if start >= 0:
        fields.append(data[start:n])
    return fields, n


def field_name(f):
    """field_name - lower-case field name of a raw field"""
    return f.split(b":", 1)[0].strip().lower()


def field_value(f):
    """field_value - unfolded, trimmed value of a raw field"""
    v = f.split(b":", 1)[1] if b":" in f else b""
    return re.sub(rb"\r?\n[ \t]", b" ", v).strip()


def drop_internal(fields):
    """drop_internal - fields without X-CareerRelay and X-CareerRelay-Tags"""
    return [f for f in fields if field_name(f) not in INTERNAL]


def diff_fields(want, got):
    """diff_fields - a readable first difference between two field lists"""
    for i in range(max(len(want), len(got))):
        w = want[i] if i < len(want) else b"(none)"
        g = got[i] if i < len(got) else b"(none)"
        if w != g:
            return "field %d: got %r, want %r" % (i + 1, g[:120], w[:120])
    return "same"


def compare_fields_cte(want, got, allow_qp, where):
    """compare_fields_cte - got must equal want, except that when allow_qp a
    Content-Transfer-Encoding of 7bit/8bit/absent may become quoted-printable
    (changed in place, or one added field)"""
    if want == got:
        return False
    if not allow_qp:
        raise Failure("%s: header fields changed: %s" % (where, diff_fields(want, got)))
    cte = b"content-transfer-encoding"
    wi = [i for i, f in enumerate(want) if field_name(f) == cte]
    gi = [i for i, f in enumerate(got) if field_name(f) == cte]
    ok = False
    if len(wi) == 1 and len(gi) == 1 and wi == gi and len(want) == len(got):
        rest_w = want[:wi[0]] + want[wi[0] + 1:]
        rest_g = got[:gi[0]] + got[gi[0] + 1:]
        old = field_value(want[wi[0]]).lower()
        ok = rest_w == rest_g and old in (b"7bit", b"8bit")
    elif not wi and len(gi) == 1 and len(got) == len(want) + 1:
        ok = got[:gi[0]] + got[gi[0] + 1:] == want
    if not ok:
        raise Failure("%s: header fields changed beyond the transfer encoding: %s" %
                      (where, diff_fields(want, got)))
    new = field_value(got[gi[0]]).lower()
    if new != b"quoted-printable":
        raise Failure("%s: Content-Transfer-Encoding changed to %r; only quoted-printable is allowed"
                      % (where, new))
    return True


# --------------------------------------------------------------- MIME tree


def eol_before(data, pos):
    """eol_before - length of the line end just before pos (0, 1 or 2)"""
    if pos >= 2 and data[pos - 2:pos] == b"\r\n":
        return 2
    if pos >= 1 and data[pos - 1:pos] == b"\n":
        return 1
    return 0


class Node:
    """Node - one MIME entity split on its own boundaries (no engine code)"""

    def __init__(self, raw, path="1", depth=0, default_type="text/plain", offset=0):
        self.raw = raw
        self.path = path
        self.offset = offset  # of raw in the whole message
        self.fields, body_at = split_header(raw)
        self.body_offset = offset + body_at
        self.header = raw[:body_at]
        self.body = raw[body_at:]
        self.problems = []
        hm = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(
            self.header if self.header.endswith((b"\n\n", b"\r\n\r\n")) else self.header + b"\r\n",
            headersonly=True)
        if hm.get("content-type") is None:
            hm.set_default_type(default_type)
        self.ctype = hm.get_content_type()
        self.maintype = hm.get_content_maintype()
        b = hm.get_boundary()
        self.boundary = b.encode("ascii", "surrogateescape") if b is not None else None
        cs = hm.get_content_charset()
        self.charset = cs.lower() if cs else None
        self.cte = (hm.get("content-transfer-encoding") or "7bit").strip().lower()
        disp = hm.get_content_disposition()
        self.attachment = disp == "attachment" or bool(hm.get_filename()) or bool(hm.get_param("name"))
        self.params = hm.get_params() or []
        self.children = []
        self.segments = []  # preamble, delimiter runs, epilogue: bytes in order
        if self.maintype == "multipart":
            if depth >= MAX_DEPTH:
                self.problems.append("nesting deeper than %d" % MAX_DEPTH)
            elif not self.boundary:
                self.problems.append("multipart without boundary")
            else:
                self.split(depth)

    def split(self, depth):
        """split - cut the body on --boundary lines: segments and children"""
        body = self.body
        delim = b"--" + self.boundary
        marks = []
        pos = 0
        while pos < len(body):
            nl = body.find(b"\n", pos)
            end = len(body) if nl < 0 else nl + 1
            core = body[pos:end].rstrip(b"\r\n").rstrip(b" \t")
            if core == delim or core == delim + b"--":
                marks.append((pos, end, core != delim))
                if core != delim:
                    break
            pos = end
        if not marks:
            self.problems.append("no boundary delimiter line")
            return
        if marks[0][2]:
            self.problems.append("close delimiter without any part")
        s0 = marks[0][0]
        cut = s0 - eol_before(body, s0)
        self.segments.append(body[:cut])
        sub_default = "message/rfc822" if self.ctype == "multipart/digest" else "text/plain"
        for i, (s, e, close) in enumerate(marks):
            seg_start = cut
            if close:
                self.segments.append(body[seg_start:e])
                self.segments.append(body[e:])
                break
            self.segments.append(body[seg_start:e])
            if i + 1 < len(marks):
                ns = marks[i + 1][0]
                cut = max(e, ns - eol_before(body, ns))
            else:
                cut = len(body)
                self.problems.append("missing close delimiter --%s--" % self.boundary.decode("ascii", "replace"))
            self.children.append(Node(body[e:cut], "%s.%d" % (self.path, len(self.children) + 1),
                                      depth + 1, sub_default, self.body_offset + e))
        else:
            self.segments.append(b"")  # no close delimiter: empty tail
        assert self.reassemble() == body, "split lost bytes"

    def reassemble(self):
        """reassemble - segments and children back into the body"""
        out = self.segments[0]
        for i, child in enumerate(self.children):
            out += self.segments[1 + i] + child.raw
        return out + b"".join(self.segments[1 + len(self.children):])

    def walk(self):
        """walk - self and all descendants, pre-order"""
        yield self
        for c in self.children:
            yield from c.walk()

    def all_problems(self):
        """all_problems - MIME problems anywhere in the tree"""
        return [(n.path, p) for n in self.walk() for p in n.problems]

    def describe(self):
        """describe - short description for messages"""
        return "part %s (%s%s, %s)" % (self.path, self.ctype,
                                       "; charset=" + self.charset if self.charset else "", self.cte)


# ------------------------------------------------------------ body decoding


def qp_decode_strict(body, where):
    """qp_decode_strict - decode quoted-printable, rejecting any malformed
    escape or raw 8-bit byte. Returns (decoded, [(physical line, decoded
    segment)]) for the soft-break checks."""
    out = bytearray()
    segments = []
    lines = body.split(b"\r\n")
    for n, line in enumerate(lines):
        seg_start = len(out)
        i = 0
        soft = False
        while i < len(line):
            c = line[i]
            if c == 0x3D:  # '='
                if i == len(line) - 1:
                    soft = True
                    i += 1
                    continue
                hx = line[i + 1:i + 3]
                if len(hx) < 2 or not re.fullmatch(rb"[0-9A-Fa-f]{2}", hx):
                    raise Failure("%s: invalid quoted-printable escape %r on line %d" % (where, line[i:i + 3], n + 1))
                out.append(int(hx, 16))
                i += 3
            elif c in (9, 32) or 33 <= c <= 126:
                out.append(c)
                i += 1
            else:
                raise Failure("%s: raw byte 0x%02X in quoted-printable line %d" % (where, c, n + 1))
        segments.append((line, bytes(out[seg_start:])))
        if not soft and n < len(lines) - 1:
            out += b"\r\n"
    return bytes(out), segments


def b64_decode_strict(body, where):
    """b64_decode_strict - decode base64, rejecting any stray character"""
    compact = re.sub(rb"\r\n", b"", body)
    if re.search(rb"[^A-Za-z0-9+/=]", compact):
        raise Failure("%s: invalid character in base64" % where)
    if len(compact) % 4:
        raise Failure("%s: base64 length %d is not a multiple of 4" % (where, len(compact)))
    if b"=" in compact.rstrip(b"="):
        raise Failure("%s: base64 padding in the middle of the data" % where)
    try:
        return base64.b64decode(compact, validate=True)
    except binascii.Error as e:
        raise Failure("%s: base64 does not decode: %s" % (where, e))


def transfer_decode(node, where):
    """transfer_decode - (decoded bytes, qp segments or None)"""
    cte = node.cte
    if cte in ("7bit", "8bit", "binary", ""):
        if cte in ("7bit", "") and any(b >= 0x80 for b in node.body):
            raise Failure("%s: 8-bit bytes in a 7bit part" % where)
        if b"\x00" in node.body:
            raise Failure("%s: NUL byte in the body" % where)
        return node.body, None
    if cte == "quoted-printable":
        return qp_decode_strict(node.body, where)
    if cte == "base64":
        return b64_decode_strict(node.body, where), None
    raise Failure("%s: unknown Content-Transfer-Encoding %r" % (where, cte))


def codec_for(charset, where):
    """codec_for - the Python codec of a charset label (strictly known)"""
    label = charset or "us-ascii"
    if label in CHARSETS:
        return CHARSETS[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        raise Failure("%s: unknown charset %r" % (where, label))


def iso2022jp_lines_ok(data, where, old_lines):
    """iso2022jp_lines_ok - 7-bit only, and every line that the engine wrote
    (not present in old_lines; None = check no line state) ends in ASCII
    state"""
    for b in data:
        if b >= 0x80:
            raise Failure("%s: 8-bit byte 0x%02X in ISO-2022-JP text" % (where, b))
    if old_lines is None:
        return
    for n, line in enumerate(re.split(rb"\r?\n", data)):
        if line in old_lines:
            continue
        state = b"(B"
        for m in re.finditer(rb"\x1b(\$[@B]|\$\(D|\([BJI])", line):
            state = m.group(1)
            if state == b"(I":
                raise Failure("%s: half-width katakana escape (ESC ( I) on line %d" % (where, n + 1))
        if b"\x1b" in re.sub(rb"\x1b(\$[@B]|\$\(D|\([BJI])", b"", line):
            raise Failure("%s: unknown escape sequence on line %d" % (where, n + 1))
        if state != b"(B":
            raise Failure("%s: line %d does not end in ASCII state (ends after ESC %s)" %
                          (where, n + 1, state.decode("ascii")))


MS_ESCAPES = {b"(B": "ascii", b"(J": "ascii", b"(H": "ascii", b"$B": "x0208", b"$@": "x0208",
              b"$(B": "x0208", b"$(@": "x0208", b"(I": "kana", b"$(D": "x0212", b"&@": None}


def jis_pair_to_sjis(j1, j2):
    """jis_pair_to_sjis - the Shift_JIS bytes of a JIS row/cell pair"""
    s1 = ((j1 - 0x21) >> 1) + 0x81
    if s1 > 0x9F:
        s1 += 0x40
    if j1 & 1:
        s2 = j2 + 0x1F + (1 if j2 >= 0x60 else 0)
    else:
        s2 = j2 + 0x7E
    return bytes((s1, s2))


def ms_iso2022jp(data):
    """ms_iso2022jp - ISO-2022-JP as Outlook (CP50220/CP50221) reads it, with
    Python's own tables: JIS X 0208 pairs and katakana (ESC ( I, SO/SI) through
    Shift_JIS into cp932 (NEC row 13, IBM extensions), JIS X 0212 through
    euc_jp, JIS-Roman as ASCII. Raises UnicodeDecodeError."""
    out, state, g0, i = [], "ascii", "ascii", 0

    def bad(k, why):
        return UnicodeDecodeError("iso2022_jp_ms", data, k, k + 1, why)

    while i < len(data):
        c = data[i]
        if c >= 0x80:
            raise bad(i, "8-bit byte")
        if c == 0x1B:
            seq = next((e for e in MS_ESCAPES if data.startswith(e, i + 1)), None)
            if seq is None:
                raise bad(i, "unknown escape")
            if MS_ESCAPES[seq]:
                state = g0 = MS_ESCAPES[seq]
            i += 1 + len(seq)
        elif c in (0x0E, 0x0F):
            state = "kana" if c == 0x0E else g0
            i += 1
        elif c in (0x0D, 0x0A) or state == "ascii":
            out.append(chr(c))
            i += 1
        elif state == "kana":
            out.append(bytes((c | 0x80,)).decode("cp932"))
            i += 1
        else:
            if i + 1 >= len(data):
                raise bad(i, "half a pair")
            pair = (c, data[i + 1])
            if not all(0x21 <= b <= 0x7E for b in pair):
                raise bad(i, "byte outside 0x21-0x7E in a pair")
            if state == "x0212":
                out.append(bytes((0x8F, pair[0] | 0x80, pair[1] | 0x80)).decode("euc_jp"))
            else:
                out.append(jis_pair_to_sjis(*pair).decode("cp932"))
            i += 2
    return "".join(out)


class _MetaCharset(html.parser.HTMLParser):
    """_MetaCharset - the first charset a <meta> declares before <body>"""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.label = None
        self.done = False

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if tag == "body":
            self.done = True
            return
        if tag != "meta":
            return
        a = {}
        for k, v in attrs:
            a.setdefault(k, v or "")
        if a.get("charset", "").strip():
            self.label = a["charset"].strip()
        elif a.get("http-equiv", "").lower() == "content-type":
            m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", a.get("content", ""), re.I)
            if m:
                self.label = m.group(1)
        if self.label:
            self.done = True

    handle_startendtag = handle_starttag


def html_meta_charset(data):
    """html_meta_charset - the charset label of an HTML document's <meta>
    (first 8 KB, before <body>), or None; HTML reads it when MIME names none"""
    p = _MetaCharset()
    p.feed(data[:8192].decode("latin-1"))
    label = p.label
    if label and label.lower() in ("utf-16", "utf-16le", "utf-16be"):
        label = "utf-8"
    return label.lower() if label else None


def text_of(node, where, old_raw_lines=None):
    """text_of - the strictly decoded text of a leaf: (str, codec, qp segs)"""
    data, segs = transfer_decode(node, where)
    charset = node.charset
    if charset is None and node.ctype == "text/html":
        charset = html_meta_charset(data)
    codec = codec_for(charset, where)
    if codec == "iso2022_jp":
        iso2022jp_lines_ok(data, where, old_raw_lines)
    try:
        return data.decode(codec, errors="strict"), codec, segs, data
    except UnicodeDecodeError as e:
        if codec == "iso2022_jp":
            try:
                return ms_iso2022jp(data), codec, segs, data
            except UnicodeDecodeError:
                pass
        raise Failure("%s: does not decode as %s: %s" % (where, charset or "us-ascii", e))


# ------------------------------------------------------------ placement


PLAIN_HISTORY = [
    re.compile(r"^-- $"),
    re.compile(r"^>"),
    re.compile(r"^\s*-{3,}\s*Original Message\s*-{3,}\s*$", re.I),
    re.compile(r"^\s*-{3,}\s*元のメッセージ\s*-{3,}\s*$"),
    re.compile(r"^\s*-{3,}\s*Forwarded message\s*-{3,}\s*$", re.I),
    re.compile(r"^On .+ wrote:\s*$"),
    re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日.*<[^<>\s]+@[^<>\s]+>\s*:\s*$"),
]
HTML_HISTORY = re.compile(
    r"<blockquote[^>]*\btype\s*=\s*[\"']?cite|<div[^>]*\bclass\s*=\s*[\"']?gmail_quote|"
    r"<div[^>]*\bid\s*=\s*[\"']?(?:divRplyFwdMsg|appendonsend)|<div[^>]*\bclass\s*=\s*[\"']?moz-cite-prefix|"
    r"<div[^>]*border-top\s*:\s*solid\s+#(?:E1E1E1|B5C4DF)", re.I)


RULE_LINE = re.compile(r"^(?:━{8,}|─{8,}|═{8,}|＝{8,}|={8,}|-{8,}|\*{8,}|_{8,})$")
CONTACT = re.compile(r"@|TEL|Tel|tel:|電話|〒|株式会社|Inc\.|Ltd|http")


def is_signature_start(a, i):
    """is_signature_start - line i opens a signature: a bare "--" with at
    most 15 lines after it, or a rule line (━━━━, ====) with at most 12 lines
    after it, one of them with contact data"""
    n = len(a) - 1 if a and a[-1] == "" else len(a)  # "a\nb\n" splits into a, b, ""
    rest = n - i - 1
    if a[i] == "--" and 0 < rest <= 15:
        return True
    return bool(RULE_LINE.match(a[i].strip()) and 0 < rest <= 12 and
                any(CONTACT.search(x) for x in a[i + 1:]))


def is_history(a, i):
    """is_history - line i opens quoted history, forwarded text or a signature"""
    return any(rx.search(a[i]) for rx in PLAIN_HISTORY) or is_signature_start(a, i)


def is_quoted(line):
    """is_quoted - a ">" (or full-width "＞") line"""
    return line.startswith(">") or line.startswith("\uff1e")


def history_start(a):
    """history_start - index of the first line of quoted history, forwarded
    text or signature (len(a) when none). A ">" block is an inline quote, not
    history, when the letter goes on after it: two non-blank lines that are
    neither quoted nor history follow it (other ">" blocks may come between;
    one line is enough once an inline quote was found)"""
    i, need = 0, 2
    while i < len(a):
        if not is_history(a, i):
            i += 1
            continue
        if not is_quoted(a[i]):
            return i
        text, j, resume = 0, i, None
        while j < len(a) and text < need:
            if is_quoted(a[j]) or not a[j].strip():
                j += 1
                continue
            if is_history(a, j):
                break
            if resume is None:
                resume = j
            text += 1
            j += 1
        if text < need:
            return i
        i, need = resume, 1
    return len(a)


def split_lines(text):
    """split_lines - logical lines of decoded text (CRLF or LF); an empty
    text has no lines"""
    return re.split(r"\r?\n", text) if text else []


def insertion_range(a, b):
    """insertion_range - (lo, hi, m) such that for every k in [lo, hi]
    b == a[:k] + b[k:k+m] + a[k:]; None if b is not a with one inserted block"""
    m = len(b) - len(a)
    if m <= 0:
        return None
    p = 0
    while p < len(a) and a[p] == b[p]:
        p += 1
    s = 0
    while s < len(a) and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    lo, hi = len(a) - s, p
    return (lo, hi, m) if lo <= hi else None


def check_plain(old, new, token, where, flowed):
    """check_plain - contiguous insertion of whole lines at the right place"""
    a, b = split_lines(old), split_lines(new)
    r = insertion_range(a, b)
    if r is None:
        raise Failure("%s: the original text is not kept in order with one inserted block" % where)
    lo, hi, m = r
    hist = history_start(a)
    newest = [i for i in range(hist) if a[i].strip()]
    after = newest[-1] + 1 if newest else 0
    k_lo, k_hi = max(lo, after), min(hi, hist)
    if k_lo > k_hi:
        raise Failure("%s: invitation inserted at line %d..%d; want after the newest text (line %d) and "
                      "above the signature/quoted history (line %d)" % (where, lo + 1, hi + 1, after, hist + 1))
    k = k_lo
    block = b[k:k + m]
    url = re.compile(r"^\s*<https?://[^<>\s]*" + re.escape(token) + r"[^<>\s]*>\s*$")
    if not any(url.match(x) for x in block):
        raise Failure("%s: no line of the form <URL-with-token> in the inserted text" % where)
    if flowed:
        if k > 0 and a[k - 1].endswith(" ") and a[k - 1] != "-- ":
            raise Failure("%s: format=flowed: invitation joined to a flowed (soft) line %d" % (where, k))
        for x in block:
            if x.endswith(" "):
                raise Failure("%s: format=flowed: inserted line ends with a space: %r" % (where, x))


def in_tag_or_raw(text, k):
    """in_tag_or_raw - why position k of HTML is no place for markup, or None"""
    low = text[:k].lower()
    if low.rfind("<!--") > low.rfind("-->"):
        return "inside an HTML comment"
    lt, gt = text.rfind("<", 0, k), text.rfind(">", 0, k)
    if lt > gt:
        return "inside a tag"
    for el in ("style", "script", "head", "title"):
        opens = [m.start() for m in re.finditer(r"<%s[\s>]" % el, low)]
        closed = low.rfind("</" + el)
        if el == "head":  # <body> ends an unclosed <head>
            closed = max(closed, max((m.start() for m in re.finditer(r"<body[\s>]", low)), default=-1))
        if opens and opens[-1] > closed:
            return "inside <%s>" % el
    return None


def check_html(old, new, token, where):
    """check_html - contiguous ASCII insertion inside <body>, outside tags,
    above recognised history, token inside an href"""
    r = insertion_range(old, new)
    if r is None:
        raise Failure("%s: the original HTML is not kept in order with one inserted block" % where)
    lo, hi, m = r
    limit_hi = hi
    mq = HTML_HISTORY.search(old)
    if mq:
        limit_hi = min(limit_hi, mq.start())
    mb = re.search(r"<body[^>]*>", old, re.I)
    limit_lo = max(lo, mb.end()) if mb else lo
    ends = [x.start() for x in re.finditer(r"</body\s*>", old, re.I)]
    if ends:
        limit_hi = min(limit_hi, ends[-1])
    if limit_lo > limit_hi:
        raise Failure("%s: HTML invitation inserted at offset %d..%d; want inside <body> (from %d) and "
                      "above quoted history/</body> (up to %d)" % (where, lo, hi, limit_lo, limit_hi))
    why = None
    for k in range(limit_lo, min(limit_hi, limit_lo + 10000) + 1):
        why = in_tag_or_raw(old, k)
        if why is None:
            break
    if why:
        raise Failure("%s: HTML invitation inserted %s" % (where, why))
    block = new[k:k + m]
    if not block.isascii():
        raise Failure("%s: inserted HTML is not ASCII: %r" % (where, block[:80]))
    if not re.search(r"href\s*=\s*[\"']?[^\"'<>\s]*" + re.escape(token), block, re.I):
        raise Failure("%s: the token is not inside an href of the inserted HTML" % where)


# --------------------------------------------------------- encoded lines


def check_encoded_lines(node_in, node_out, codec, segs, where):
    """check_encoded_lines - QP/base64 lines the engine wrote are <= 76 and
    QP soft breaks do not split a multibyte character"""
    if node_out.cte not in ("quoted-printable", "base64"):
        return
    old = set(node_in.body.split(b"\r\n")) if node_in.cte == node_out.cte else set()
    for n, line in enumerate(node_out.body.split(b"\r\n")):
        if len(line) > 76 and line not in old:
            raise Failure("%s: %s line %d has %d octets (max 76)" % (where, node_out.cte, n + 1, len(line)))
    if segs and codec in MULTIBYTE_STATELESS:
        for n, (line, seg) in enumerate(segs):
            if line in old or not line.endswith(b"="):
                continue
            nxt = segs[n + 1][1] if n + 1 < len(segs) else b""
            try:
                seg.decode(codec)
            except UnicodeDecodeError:
                try:
                    (seg + nxt).decode(codec)
                except UnicodeDecodeError:
                    continue  # not a split, some other problem caught elsewhere
                raise Failure("%s: soft line break %d splits a multibyte %s character" % (where, n + 1, codec))


# ------------------------------------------------------------------ checks


def check_pass(inp, out):
    """check_pass - out is inp minus the internal header fields"""
    fields, body_at = split_header(inp)
    want = b"".join(drop_internal(fields)) + inp[len(b"".join(fields)):]
    if out == want:
        return
    i = next((i for i in range(min(len(out), len(want))) if out[i] != want[i]), min(len(out), len(want)))
    raise Failure("pass: output differs from input (minus X-CareerRelay/-Tags) at byte %d: got %r, want %r "
                  "(lengths %d, %d)" % (i, out[max(0, i - 20):i + 40], want[max(0, i - 20):i + 40],
                                        len(out), len(want)))


def check_top_header(nin, nout, token):
    """check_top_header - (a): fields kept in order, one invitation added"""
    inv = [f for f in nout.fields if field_name(f) == INVITATION]
    if len(inv) != 1:
        raise Failure("header: %d X-CareerRelay-Invitation fields; want exactly 1" % len(inv))
    if any(field_name(f) == INVITATION for f in nin.fields):
        raise Failure("header: input already had X-CareerRelay-Invitation; must not inject again")
    val = field_value(inv[0]).decode("ascii", "replace")
    if val != token:
        raise Failure("header: X-CareerRelay-Invitation is %r, want %r" % (val, token))
    for f in nout.fields:
        if field_name(f) in INTERNAL:
            raise Failure("header: internal field %r still present" % f.split(b":")[0])
    rest = [f for f in nout.fields if field_name(f) != INVITATION]
    return compare_fields_cte(drop_internal(nin.fields), rest, nin.maintype != "multipart", "header")


def alternative_bodies(node):
    """alternative_bodies - the plain and HTML body leaves of an alternative"""
    plain, html = [], []
    for c in node.children:
        leaf = c
        if c.ctype == "multipart/related" and c.children:
            leaf = c.children[0]
        if leaf.attachment:
            continue
        if leaf.ctype == "text/plain":
            plain.append(leaf)
        elif leaf.ctype == "text/html":
            html.append(leaf)
    return plain, html


def check_modified(nin, nout, token, top):
    """check_modified - (d) for one part whose bytes changed"""
    where = nout.describe()
    if nin.ctype not in ("text/plain", "text/html"):
        raise Failure("%s: modified, but only text/plain and text/html may be" % where)
    if nin.attachment:
        raise Failure("%s: modified, but it is an attachment" % where)
    if not top:
        compare_fields_cte(nin.fields, nout.fields, True, where)
    try:
        old, codec_in, _, old_raw = text_of(nin, "input " + nin.describe())
    except Failure as e:
        raise Failure("%s: modified although the input part does not decode cleanly (%s)" % (where, e))
    old_lines = frozenset(re.split(rb"\r?\n", old_raw))
    new, codec, segs, _ = text_of(nout, where, old_lines)
    if token in old:
        raise Failure("%s: the token was already in the input" % where)
    n = new.count(token)
    if n != 1:
        raise Failure("%s: token appears %d times in the decoded text; want 1" % (where, n))
    if nin.ctype == "text/plain":
        flowed = any(k.lower() == "format" and str(v).lower() == "flowed" for k, v in nin.params)
        check_plain(old, new, token, where, flowed)
    else:
        check_html(old, new, token, where)
    check_encoded_lines(nin, nout, codec, segs, where)


def compare_tree(nin, nout, token, modified, top=False):
    """compare_tree - (b) shape and (c) byte identity; collect modified leaves"""
    if nin.ctype != nout.ctype:
        raise Failure("part %s: content type %s became %s" % (nin.path, nin.ctype, nout.ctype))
    if nin.maintype == "multipart" and nin.children:
        if nin.boundary != nout.boundary:
            raise Failure("part %s: boundary %r became %r" % (nin.path, nin.boundary, nout.boundary))
        if len(nin.children) != len(nout.children):
            raise Failure("part %s: %d parts became %d" % (nin.path, len(nin.children), len(nout.children)))
        if not top and nin.header != nout.header:
            raise Failure("part %s: multipart header changed" % nin.path)
        for i, (a, b) in enumerate(zip(nin.segments, nout.segments)):
            if a != b:
                what = "preamble" if i == 0 else ("epilogue" if i == len(nin.segments) - 1 else "delimiter line")
                raise Failure("part %s: %s changed: got %r, want %r" % (nin.path, what, b[:80], a[:80]))
        for a, b in zip(nin.children, nout.children):
            compare_tree(a, b, token, modified)
        return
    same = (nin.body == nout.body) if top else (nin.raw == nout.raw)
    if not same:
        modified.append((nin, nout))


def check_lines(inp, out):
    """check_lines - (f) CRLF everywhere, no line above 998 octets; the
    output ends with CRLF unless the input did not"""
    lines = out.split(b"\r\n")
    for n, line in enumerate(lines):
        if b"\n" in line or b"\r" in line:
            raise Failure("line %d: bare %s (lines must end with CRLF)" % (n + 1, "LF" if b"\n" in line else "CR"))
        if len(line) > 998:
            raise Failure("line %d: %d octets (max 998)" % (n + 1, len(line)))
    if lines[-1] and inp.endswith(b"\r\n"):
        raise Failure("the output does not end with CRLF")


def check_email_package(inp, out):
    """check_email_package - a second opinion from Python's email parser:
    same parts and boundaries, no new defects"""
    pol = email.policy.compat32
    mi, mo = email.message_from_bytes(inp, policy=pol), email.message_from_bytes(out, policy=pol)
    si = [(p.get_content_type(), p.get_boundary()) for p in mi.walk()]
    so = [(p.get_content_type(), p.get_boundary()) for p in mo.walk()]
    if si != so:
        raise Failure("email package sees a different structure: %s, want %s" % (so, si))
    di = sorted(type(d).__name__ for p in mi.walk() for d in p.defects)
    do = sorted(type(d).__name__ for p in mo.walk() for d in p.defects)
    for d in set(do):
        if do.count(d) > di.count(d):
            raise Failure("email package finds a new defect in the output: %s" % d)


def check_inject(inp, out, token):
    """check_inject - (a) to (f); returns a short description"""
    check_lines(inp, out)
    nin, nout = Node(inp), Node(out)
    probs = nin.all_problems()
    if probs:
        raise Failure("input MIME is not clean (%s: %s): the engine must not inject" % probs[0])
    if nout.all_problems():
        raise Failure("output MIME: %s: %s" % nout.all_problems()[0])
    cte_changed = check_top_header(nin, nout, token)
    modified = []
    compare_tree(nin, nout, token, modified, top=True)
    if cte_changed and not any(a is nin for a, _ in modified):
        raise Failure("header: Content-Transfer-Encoding changed but the body did not")
    if not modified:
        raise Failure("no body part was modified")
    for a, b in modified:
        check_modified(a, b, token, a is nin)
    changed = {id(a) for a, _ in modified}
    for n in nin.walk():
        if n.ctype == "multipart/alternative":
            plain, html = alternative_bodies(n)
            done = [leaf for leaf in plain + html if id(leaf) in changed]
            if plain and html and done:
                for leaf in plain + html:
                    if id(leaf) not in changed:
                        raise Failure("%s: alternative of %s left without the invitation (%s has it)" %
                                      (leaf.describe(), n.path, done[0].path))
    check_email_package(inp, out)
    return ", ".join(b.describe() for _, b in modified)


def check(inp, out, verdict, token):
    """check - all checks for one message; returns (ok, message)"""
    try:
        if verdict == "pass":
            check_pass(inp, out)
            return True, "ok pass: output identical minus internal headers"
        if verdict == "inject":
            return True, "ok inject: modified " + check_inject(inp, out, token)
        return False, "unknown verdict %r" % verdict
    except Failure as e:
        return False, str(e)


def main(argv):
    """main - command line"""
    if len(argv) != 5 or argv[3] not in ("inject", "pass"):
        sys.stderr.write("usage: check_output.py INPUT OUTPUT inject|pass TOKEN\n")
        return 2
    with open(argv[1], "rb") as f:
        inp = f.read()
    with open(argv[2], "rb") as f:
        out = f.read()
    ok, msg = check(inp, out, argv[3], argv[4])
    if not ok:
        sys.stderr.write("%s: FAIL: %s\n" % (argv[1], msg))
        return 1
    sys.stdout.write("%s: %s\n" % (argv[1], msg))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
