#!/usr/bin/env python3
"""make_corpus.py - write the engine's acceptance corpus (tests/corpus/*.eml
and MANIFEST.tsv) with exact bytes.

Every message is built here from Unicode text with Python's own codecs
(iso2022_jp, cp932 for Shift_JIS, euc_jp, utf-8, latin-1) and its own
transfer encoders (quoted-printable and base64 written below, so line lengths
and soft breaks are under our control). Line ends are CRLF everywhere.

The output is deterministic: running the script twice gives identical files.
Usage: make_corpus.py [OUTDIR]   (default: the directory of this script)
"""
import base64
import os
import random
import struct
import sys
import zlib

CRLF = b"\r\n"

# header charset label (lower-case) -> Python codec used to write it
CODECS = {
    "iso-2022-jp": "iso2022_jp",
    "shift_jis": "cp932",  # vendor characters (①, ㈱) as Windows writes them
    "euc-jp": "euc_jp",
    "utf-8": "utf-8",
    "iso-8859-1": "latin-1",
    "us-ascii": "ascii",
    "x-foo": "utf-8",  # the bytes are UTF-8; the label is unknown on purpose
}
STATEFUL = {"iso-2022-jp"}


def codec_of(label):
    """codec_of - the Python codec that writes charset label"""
    return CODECS[label.lower()]


def jis_fix(text, label):
    """jis_fix - FULLWIDTH TILDE as WAVE DASH for the JIS charsets, as
    Japanese mailers write it (only CP932 has U+FF5E)"""
    if label.lower() in ("iso-2022-jp", "euc-jp"):
        return text.replace("\uff5e", "\u301c")
    return text


# ---------------------------------------------------------------- encodings


def text_bytes(text, cs):
    """text_bytes - text with '\\n' line ends -> bytes in cs with CRLF; each
    line is encoded on its own, so ISO-2022-JP lines end in ASCII state"""
    codec = codec_of(cs)
    text = jis_fix(text, cs)
    return CRLF.join(line.encode(codec) for line in text.split("\n"))


def qp_byte(b):
    """qp_byte - one octet as quoted-printable text"""
    if (33 <= b <= 126 and b != 61) or b in (32, 9):
        return chr(b)
    return "=%02X" % b


def qp_encode(text, cs, width=76):
    """qp_encode - quoted-printable in cs, physical lines <= width, soft
    breaks never inside a character (stateless charsets) or an =XX triplet"""
    codec = codec_of(cs)
    out = []
    for line in jis_fix(text, cs).split("\n"):
        if cs.lower() in STATEFUL:
            units = [bytes([b]) for b in line.encode(codec)]
        else:
            units = [ch.encode(codec) for ch in line]
        toks = ["".join(qp_byte(b) for b in u) for u in units]
        if toks and toks[-1] in (" ", "\t"):
            toks[-1] = "=%02X" % ord(toks[-1])
        out += qp_wrap(toks, width)
    return "\r\n".join(out).encode("ascii")


def qp_wrap(toks, width=76):
    """qp_wrap - one logical line of quoted-printable tokens (a character, a
    byte or an =XX triplet each, never split) as physical lines <= width,
    all but the last ending in a soft break"""
    out, cur = [], ""
    for t in toks:
        if len(cur) + len(t) > width - 1:
            out.append(cur + "=")
            cur = ""
        cur += t
    out.append(cur)
    return out


def b64_encode(data):
    """b64_encode - base64 in lines of 76 with CRLF, ending with CRLF"""
    return base64.encodebytes(data).replace(b"\n", CRLF)


def body_encode(text, cs, cte):
    """body_encode - text in charset cs under transfer encoding cte"""
    cte = cte.lower()
    if cte in ("7bit", "8bit", ""):
        return text_bytes(text, cs)
    if cte == "quoted-printable":
        return qp_encode(text, cs)
    if cte == "base64":
        return b64_encode(text_bytes(text, cs))
    raise ValueError(cte)


def enc_words(text, cs="ISO-2022-JP", mode="B", maxlen=66):
    """enc_words - RFC 2047 encoded-words for text, each <= maxlen octets,
    split at character boundaries, folded with CRLF SP"""
    codec = codec_of(cs)
    text = jis_fix(text, cs)
    pre = "=?%s?%s?" % (cs, mode)

    def one(chunk):
        raw = chunk.encode(codec)
        if mode == "B":
            return pre + base64.b64encode(raw).decode("ascii") + "?="
        q = ""
        for b in raw:
            if b == 32:
                q += "_"
            elif (48 <= b <= 57) or (65 <= b <= 90) or (97 <= b <= 122) or b in b"!*+-/":
                q += chr(b)
            else:
                q += "=%02X" % b
        return pre + q + "?="

    words = []
    chunk = ""
    for ch in text:
        if chunk and len(one(chunk + ch)) > maxlen:
            words.append(one(chunk))
            chunk = ""
        chunk += ch
    if chunk:
        words.append(one(chunk))
    return "\r\n ".join(words)


def hval(text, cs="ISO-2022-JP", mode="B"):
    """hval - a header value: as is when ASCII, else encoded-words"""
    try:
        text.encode("ascii")
        return text
    except UnicodeEncodeError:
        return enc_words(text, cs, mode)


def addr(name, email, cs="ISO-2022-JP", mode="B"):
    """addr - one mailbox with an optional (encoded) display name"""
    if not name:
        return email
    try:
        name.encode("ascii")
        if any(c in name for c in ".,'()"):
            return '"%s" <%s>' % (name, email)
        return "%s <%s>" % (name, email)
    except UnicodeEncodeError:
        return "%s <%s>" % (enc_words(name, cs, mode), email)


def addr_list(mailboxes, cs="ISO-2022-JP", mode="B"):
    """addr_list - mailboxes [(name, email)] joined, folded after commas"""
    return ",\r\n\t".join(addr(n, e, cs, mode) for n, e in mailboxes)


# ------------------------------------------------------------------ entities


class Part:
    """Part - one MIME entity: header fields [(name, value)] and either a
    body (bytes) or children (multipart) with preamble and epilogue"""

    def __init__(self, headers, body=b"", children=None, boundary=None, preamble=b"",
                 epilogue=b"", close=True):
        self.headers = headers
        self.body = body
        self.children = children
        self.boundary = boundary
        self.preamble = preamble
        self.epilogue = epilogue
        self.close = close

    def body_bytes(self):
        """body_bytes - the entity's body as it is written on the wire"""
        if self.children is None:
            return self.body
        b = self.boundary.encode("ascii")
        out = self.preamble
        for child in self.children:
            out += b"--" + b + CRLF + child.render() + CRLF
        if self.close:
            out += b"--" + b + b"--" + CRLF + self.epilogue
        return out

    def render(self):
        """render - header block, empty line, body"""
        return fields(self.headers) + CRLF + self.body_bytes()


def fields(headers):
    """fields - header fields as bytes; values may hold CRLF folds"""
    out = b""
    for name, value in headers:
        v = value.replace("\r\n", "\n").replace("\n", "\r\n")
        out += name.encode("ascii") + b": " + v.encode("ascii", "surrogateescape") + CRLF
    return out


def ctype_text(subtype, cs, extra="", quoted=True):
    """ctype_text - Content-Type value of a text part"""
    c = '"%s"' % cs if quoted else cs
    return "text/%s; charset=%s%s" % (subtype, c, extra)


def text_part(text, cs="utf-8", cte="8bit", subtype="plain", extra="", quoted=True,
              disp=None, more=()):
    """text_part - a text/* leaf from Unicode text"""
    hdrs = [("Content-Type", ctype_text(subtype, cs, extra, quoted))]
    if cte:
        hdrs.append(("Content-Transfer-Encoding", cte))
    if disp:
        hdrs.append(("Content-Disposition", disp))
    hdrs.extend(more)
    return Part(hdrs, body_encode(text, cs, cte or "7bit"))


def raw_part(ctype, data, cte="base64", disp=None, more=()):
    """raw_part - a leaf with binary content (attachment, image, signature)"""
    hdrs = [("Content-Type", ctype)]
    if cte:
        hdrs.append(("Content-Transfer-Encoding", cte))
    if disp:
        hdrs.append(("Content-Disposition", disp))
    hdrs.extend(more)
    body = b64_encode(data) if cte == "base64" else data
    return Part(hdrs, body)


def multi(subtype, children, boundary, params="", preamble=b"", epilogue=b"", more=(),
          close=True):
    """multi - a multipart entity"""
    ct = 'multipart/%s;\r\n\tboundary="%s"%s' % (subtype, boundary, params)
    return Part([("Content-Type", ct)] + list(more), children=children, boundary=boundary,
                preamble=preamble, epilogue=epilogue, close=close)


PREAMBLE = b"This is a multi-part message in MIME format." + CRLF + CRLF


def message(top, entity, after=(), mime=True, mailer=None):
    """message - top header fields, then the entity's own fields, then after
    (and an X-Mailer field last when mailer is given)"""
    hdrs = list(top)
    if mime:
        hdrs.append(("MIME-Version", "1.0"))
    hdrs += entity.headers + list(after)
    if mailer:
        hdrs.append(("X-Mailer", mailer))
    return fields(hdrs) + CRLF + entity.body_bytes()


# -------------------------------------------------------------- binary data


def fake_pdf(seed, pages=1):
    """fake_pdf - a small PDF-looking blob with binary content"""
    rnd = random.Random(seed)
    blob = bytes(rnd.randrange(256) for _ in range(700 * pages))
    return (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"4 0 obj\n<< /Length 700 /Filter /FlateDecode >>\nstream\n" + blob +
            b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")


def png(width=2, height=2, rgb=(0x1a, 0x73, 0xe8)):
    """png - a valid tiny PNG image"""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def blob(seed, n):
    """blob - deterministic random bytes"""
    rnd = random.Random(seed)
    return bytes(rnd.randrange(256) for _ in range(n))


# --------------------------------------------------------------------- main


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    import corpus_cases
    rows = corpus_cases.build()
    names = set()
    for old in os.listdir(outdir):
        if old.endswith(".eml"):
            os.unlink(os.path.join(outdir, old))
    lines = ["file\texpected\treason\tlanguage\tnote"]
    for i, (name, expected, reason, lang, note, data) in enumerate(rows, 1):
        fname = "%03d_%s.eml" % (i, name)
        assert name not in names, name
        names.add(name)
        assert expected in ("inject", "pass"), name
        assert lang in ("ja", "en"), name
        assert b"\n" not in data.replace(CRLF, b""), name + ": bare LF"
        with open(os.path.join(outdir, fname), "wb") as f:
            f.write(data)
        lines.append("\t".join([fname, expected, reason if expected == "pass" else "-", lang, note]))
    with open(os.path.join(outdir, "MANIFEST.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    n_inj = sum(1 for r in rows if r[1] == "inject")
    print("wrote %d messages (%d inject, %d pass) to %s" % (len(rows), n_inj, len(rows) - n_inj, outdir))


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
