#!/usr/bin/env python3
"""make_cases.py - write the golden input messages of tests/data/splice/ (NAME.eml).

The expected outputs (NAME.out: the message as it leaves, NAME.why: the verdict
line) are produced by careerrelayctl and reviewed by hand:
  CRM_GOLDEN_UPDATE=1 ctest -R golden.splice
Rerun this script only to change the inputs; it is deterministic.
"""
import base64
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def qp(data: bytes) -> bytes:
    """Quoted-printable, CRLF line ends, <= 76 columns, never splitting an =XX unit."""
    out = []
    for line in data.split(b"\r\n"):
        units = []
        for i, b in enumerate(line):
            last = i == len(line) - 1
            if (33 <= b <= 126 and b != 61) or (b == 32 and not last):
                units.append(bytes([b]))
            else:
                units.append(b"=%02X" % b)
        cur = b""
        for u in units:
            if len(cur) + len(u) > 75:
                out.append(cur + b"=")
                cur = b""
            cur += u
        out.append(cur)
    return b"\r\n".join(out)


def b64(data: bytes) -> bytes:
    return base64.encodebytes(data).replace(b"\n", b"\r\n")


def enc(text: str, charset: str, cte: str) -> bytes:
    codec = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932", "euc-jp": "euc_jp",
             "utf-8": "utf-8", "iso-8859-1": "latin-1", "us-ascii": "ascii"}[charset]
    raw = text.replace("\n", "\r\n").encode(codec)
    if cte == "quoted-printable":
        return qp(raw)
    if cte == "base64":
        return b64(raw)
    return raw


def top(subject="選考結果のご連絡", extra=""):
    s = subject.encode("utf-8")
    subj = subject if s.isascii() else "=?UTF-8?B?" + base64.b64encode(s).decode() + "?="
    return (extra + "From: Recruiting <recruit@example.co.jp>\r\n"
            "To: Taro Yamada <taro@example.net>\r\n"
            "Subject: " + subj + "\r\n"
            "Date: Tue, 10 Nov 2026 10:00:00 +0900\r\n"
            "Message-ID: <golden@example.co.jp>\r\nMIME-Version: 1.0\r\n").encode()


def part(ctype: str, charset: str, cte: str, text: str, extra="") -> bytes:
    h = "Content-Type: %s; charset=\"%s\"\r\n" % (ctype, charset)
    if cte:
        h += "Content-Transfer-Encoding: %s\r\n" % cte
    return (h + extra + "\r\n").encode() + enc(text, charset, cte or "7bit")


def multipart(sub: str, boundary: str, parts, epilogue=b"") -> bytes:
    out = ("Content-Type: multipart/%s; boundary=\"%s\"\r\n\r\n" % (sub, boundary)).encode()
    out += b"This is a multi-part message in MIME format.\r\n"
    for p in parts:
        out += b"\r\n--" + boundary.encode() + b"\r\n" + p
    return out + b"\r\n--" + boundary.encode() + b"--\r\n" + epilogue


JA = """山田 太郎 様

このたびは弊社の求人にご応募いただき、誠にありがとうございました。
慎重に選考を進めました結果、誠に残念ながら、今回は採用を見送らせて
いただくこととなりました。

山田様の今後のご活躍を心よりお祈り申し上げます。
"""
JA_SIG = JA + "\n-- \nサンプル株式会社 人事部 採用チーム\n"
EN = """Dear Taro,

Thank you for your interest in the Backend Engineer role.
After careful consideration, we have decided not to move forward
with your application.

We wish you every success.
"""
HTML_JA = ("<html><head><meta charset=\"utf-8\"></head><body>\n<p>山田 太郎 様</p>\n"
           "<p>誠に残念ながら、今回は採用を見送らせていただくこととなりました。</p>\n"
           "<p>今後のご活躍を心よりお祈り申し上げます。</p>\n</body></html>\n")
HTML_EN = ("<html><body>\n<p>Dear Taro,</p>\n<p>After careful consideration, we have decided"
           " not to move forward with your application.</p>\n</body></html>\n")
PDF = (b"Content-Type: application/pdf; name=\"policy.pdf\"\r\n"
       b"Content-Disposition: attachment; filename=\"policy.pdf\"\r\n"
       b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoK\r\n")
PNG = (b"Content-Type: image/png\r\nContent-ID: <logo@example.co.jp>\r\n"
       b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==\r\n")


def case(name, data: bytes):
    with open(os.path.join(HERE, name + ".eml"), "wb") as f:
        f.write(data)


def main():
    case("01_ja_iso2022jp_7bit_signature",
         top() + part("text/plain", "iso-2022-jp", "7bit", JA_SIG))
    case("02_ja_sjis_8bit_quoted_reply",
         top("Re: 選考結果のご連絡") + part("text/plain", "shift_jis", "8bit",
             JA + "\n2026年11月1日(日) 10:00 山田 太郎 <taro@example.net>:\n"
                  "> ①面接の結果はいつ頃になりますか。\n> よろしくお願いいたします。\n"))
    case("03_ja_eucjp_8bit_plain", top() + part("text/plain", "euc-jp", "8bit", JA))
    case("04_ja_utf8_qp_long_lines",
         top() + part("text/plain", "utf-8", "quoted-printable",
                      JA.replace("慎重に選考を進めました結果、誠に残念ながら、今回は採用を見送らせて\n",
                                 "書類および面接の内容をもとに慎重に選考を進めました結果、誠に残念ながら、今回は採用を見送らせて\n")))
    case("05_ja_utf8_base64_plain", top() + part("text/plain", "utf-8", "base64", JA_SIG))
    case("06_ja_forced_7bit_utf8_becomes_qp",
         top(extra="X-CareerRelay: invite\r\n")
         + part("text/plain", "utf-8", "7bit", "Dear Taro,\n\nThank you.\n"))
    case("07_ja_alt_iso2022jp_plain_html_qp",
         top() + multipart("alternative", "----=_alt_0001", [
             part("text/plain", "iso-2022-jp", "7bit", JA),
             part("text/html", "iso-2022-jp", "quoted-printable", HTML_JA.replace(
                 "<meta charset=\"utf-8\">", "<meta charset=\"iso-2022-jp\">"))]))
    case("08_en_alt_ascii_plain_html_qp",
         top("Your application") + multipart("alternative", "b1", [
             part("text/plain", "us-ascii", "7bit", EN),
             part("text/html", "us-ascii", "quoted-printable", HTML_EN)]))
    case("09_en_latin1_qp_company_line_dropped",
         top("Your application") + part("text/plain", "iso-8859-1", "quoted-printable",
                                        EN.replace("Dear Taro", "Dear Zoë")))
    case("10_ja_mixed_alt_pdf",
         top() + multipart("mixed", "mix-1", [
             multipart("alternative", "alt-1", [
                 part("text/plain", "utf-8", "8bit", JA),
                 part("text/html", "utf-8", "base64", HTML_JA)]),
             PDF]))
    case("11_ja_related_html_logo",
         top() + multipart("related", "rel-1", [
             part("text/html", "utf-8", "quoted-printable",
                  HTML_JA.replace("</body>", "<img src=\"cid:logo@example.co.jp\">\n</body>")),
             PNG]))
    case("12_ja_forced_inner_7bit_part_becomes_qp",
         top(extra="X-CareerRelay: invite\r\n") + multipart("mixed", "m2", [
             part("text/plain", "utf-8", "7bit", "Dear Taro,\n\nPlease see the attached note.\n"),
             PDF]))
    case("13_ja_alt_gmail_quote_base64",
         top("Re: 選考結果のご連絡") + multipart("alternative", "000000000000abcdef", [
             part("text/plain", "utf-8", "base64",
                  JA + "\n2026年11月1日(日) 10:00 山田 太郎 <taro@example.net>:\n> 結果はいつ頃でしょうか。\n"),
             part("text/html", "utf-8", "base64",
                  "<div dir=\"ltr\"><p>誠に残念ながら、今回は採用を見送らせていただくこととなりました。</p>"
                  "</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">2026年11月1日(日) 山田 太郎:</div>"
                  "<blockquote class=\"gmail_quote\">結果はいつ頃でしょうか。</blockquote></div>\n")]))
    case("14_en_html_fragment_without_body",
         top("Your application") + part("text/html", "utf-8", "8bit",
                                        "<p>Dear Taro,</p>\n<p>We have decided not to move forward.</p>\n"))
    case("15_pass_header_skip_removes_control_headers",
         top(extra="X-CareerRelay: skip\r\nX-CareerRelay-Tags: high-rating, Refer-OK\r\n")
         + part("text/plain", "utf-8", "8bit", JA))
    case("16_pass_dkim_signed",
         top(extra="DKIM-Signature: v=1; a=rsa-sha256; d=example.co.jp; s=s1;\r\n\tbh=abc; b=def\r\n")
         + part("text/plain", "utf-8", "8bit", JA))
    case("17_pass_multipart_signed",
         top() + multipart("signed", "sig-1", [
             part("text/plain", "utf-8", "quoted-printable", JA),
             b"Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
             b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHAqCAMIACAQEx\r\n"]))
    case("18_en_outlook_original_message",
         top("RE: Your application") + part("text/plain", "us-ascii", "7bit",
             EN + "\n-----Original Message-----\nFrom: Taro Yamada <taro@example.net>\n"
                  "Sent: Monday, November 2, 2026 9:00 AM\nSubject: Your application\n\n"
                  "Any news on my application?\n"))
    case("19_ja_forced_invite_with_tags",
         top("面談のお礼", extra="X-CareerRelay: invite\r\nX-CareerRelay-Tags: culture-fit\r\n")
         + part("text/plain", "iso-2022-jp", "7bit", "山田様\n\n先日はありがとうございました。\n"))
    case("20_pass_japanese_subject_latin1_body",
         top(extra="X-CareerRelay: invite\r\n") + part("text/plain", "iso-8859-1", "8bit",
                                                      "Cher Zoë,\n\nMerci.\n"))
    case("21_ja_iso2022jp_html_blockquote_cite",
         top("Re: 選考結果のご連絡") + part("text/html", "iso-2022-jp", "quoted-printable",
             "<html><body>\n<p>誠に残念ながら、今回は採用を見送らせていただくこととなりました。</p>\n"
             "<blockquote type=\"cite\">\n<p>結果はいつ頃でしょうか。</p>\n</blockquote>\n</body></html>\n"))
    case("22_ja_no_final_newline", top() + part("text/plain", "utf-8", "8bit", JA.rstrip("\n")))
    case("23_en_lf_line_ends",
         (top("Your application") + part("text/plain", "us-ascii", "7bit", EN)).replace(b"\r\n", b"\n"))
    case("24_pass_missing_final_boundary",
         top() + multipart("mixed", "m3", [part("text/plain", "utf-8", "8bit", JA)]).rsplit(b"\r\n--m3--", 1)[0] + b"\r\n")
    case("25_en_mixed_inline_text_after_attachment_untouched",
         top("Your application") + multipart("mixed", "m4", [
             part("text/plain", "us-ascii", "7bit", EN), PDF,
             part("text/plain", "us-ascii", "7bit", "Sent from the ATS\n")]))


if __name__ == "__main__":
    main()
