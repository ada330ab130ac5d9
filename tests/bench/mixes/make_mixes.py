#!/usr/bin/env python3
"""make_mixes.py OUTDIR - write the benchmark's message mixes (issue 5).

Five mixes, all from the internal recruiting sender saiyo@example.co.jp to the
external candidate@example.net, with CRLF line ends and realistic content:

  small-pass-en.eml        ~2 KB  English business mail (not a rejection)
  small-reject-ja.eml      ~2 KB  ISO-2022-JP rejection (o-inori mail), 7bit
  mid-reject-alt.eml       ~8 KB  multipart/alternative UTF-8 rejection,
                                  text/plain quoted-printable + text/html base64
  big-reject-pdf.eml       ~1 MB  rejection with a base64 PDF attachment
  big-pass-pdf.eml         ~1 MB  business mail with a base64 PDF (not a rejection)

plus one informational mix for the early "not ours" path (envelope from the
external address to the internal one, as inbound mail arrives):

  small-inbound-en.eml     ~2 KB  a candidate's reply, candidate@example.net ->
                                  saiyo@example.co.jp (run.sh swaps the envelope)

and, for the growth figure (instruction counts of the engine), the same
rejection with attachments of 1 KB, 1 MB and 10 MB:

  growth-0mb.eml, growth-1mb.eml, growth-10mb.eml

Output is deterministic (fixed random seed), so runs are comparable.
"""
import base64
import os
import quopri
import random
import sys

SENDER = "saiyo@example.co.jp"
RCPT = "candidate@example.net"
DATE = "Tue, 18 Nov 2025 10:15:00 +0900"


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def b_word(text, charset):
    """RFC 2047 B-encoded word(s), split so each word stays under 75 chars."""
    words, chunk = [], ""
    for ch in text:
        trial = chunk + ch
        enc = base64.b64encode(trial.encode(charset)).decode()
        if len(enc) + len(charset) + 7 > 75 and chunk:
            words.append(chunk)
            chunk = ch
        else:
            chunk = trial
    if chunk:
        words.append(chunk)
    return "\n ".join("=?%s?B?%s?=" % (charset.upper(), base64.b64encode(w.encode(charset)).decode())
                      for w in words)


def b64_lines(data):
    return base64.encodebytes(data).decode("ascii")  # 76-column lines


def headers(subject, msgid, from_name="", to_name="", extra=(), inbound=False):
    sender, rcpt = (RCPT, SENDER) if inbound else (SENDER, RCPT)
    frm = "%s <%s>" % (from_name, sender) if from_name else sender
    to = "%s <%s>" % (to_name, rcpt) if to_name else rcpt
    client = ("mail.example.net (mail.example.net [192.0.2.10])" if inbound else
              "ats01.example.co.jp (ats01.example.co.jp [10.0.4.21])")
    lines = [
        "Received: from %s\n"
        "\tby relay.example.co.jp (Postfix) with ESMTP id 4XbZ1k0sJHz9sW1\n"
        "\tfor <%s>; %s" % (client, rcpt, DATE),
        "Date: " + DATE,
        "From: " + frm,
        "To: " + to,
        "Subject: " + subject,
        "Message-ID: <%s@mail.example.co.jp>" % msgid,
        "MIME-Version: 1.0",
    ]
    lines.extend(extra)
    return "\n".join(lines) + "\n"


def fake_pdf(size, seed):
    """A structurally plausible PDF of about size bytes (incompressible stream)."""
    rnd = random.Random(seed)
    head = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
            b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\n"
            b"endobj\n")
    n = max(size - len(head) - 200, 16)
    stream = rnd.randbytes(n)
    body = (b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % n + stream +
            b"\nendstream\nendobj\n")
    tail = b"xref\n0 5\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n9\n%%EOF\n"
    return head + body + tail


def pad_paragraphs(base, fillers, target):
    """Append filler paragraphs (cycling) until the text reaches target bytes."""
    out, i = base, 0
    while len(out.encode("utf-8")) < target:
        out += fillers[i % len(fillers)] + "\n\n"
        i += 1
    return out


EN_BUSINESS = """Hello Ms. Tanaka,

Thank you for sending over the revised draft of the vendor agreement. I have
gone through it with our legal team this morning and we only have a few small
comments, which I have summarised below.

1. Section 4.2 (delivery schedule): we would like the quarterly review to
   take place in the first week of each quarter rather than the last, so that
   any changes can still be reflected in the purchase orders.
2. Section 7 (invoicing): please add the purchase order number to every
   invoice; our accounts payable system cannot match invoices without it.
3. Appendix B: the contact list still shows Mr. Ito, who moved to the Osaka
   office in October. Please replace him with Ms. Nakamura.

If these changes are acceptable, we can sign the final version next week.
Could you let me know which day suits you for a short call to close the
remaining points? Tuesday or Thursday afternoon would work well for us.

Best regards,

Kenji Sato
Procurement Department
Sample Trading Co., Ltd.
"""

EN_FILLERS = [
    "For reference, the current delivery volumes are in line with the forecast we shared in "
    "September, and the warehouse team confirmed that the new loading schedule works for them.",
    "Our finance team also asked whether the payment terms could move from 60 to 45 days from "
    "the next fiscal year; there is no need to decide this now, but please keep it in mind.",
    "The updated floor plan for the showroom is attached to the shared folder as well, in case "
    "your design team would like to check the measurements before the installation date.",
]

JA_REJECTION = """山田 太郎 様

株式会社サンプル商事 人事部 採用担当の佐藤でございます。

この度は、当社の法人営業職の求人にご応募いただき、
また先日はお忙しい中、面接にお越しいただきまして、誠にありがとうございました。

慎重に選考を重ねました結果、誠に残念ではございますが、
今回はご期待に添いかねる結果となりました。
ご希望に沿えず大変恐縮ではございますが、何卒ご了承くださいますよう
お願い申し上げます。

なお、ご提出いただいた応募書類につきましては、
当社にて責任をもって破棄させていただきます。

末筆ながら、山田様の今後のご活躍を心よりお祈り申し上げます。

--
株式会社サンプル商事
人事部 採用担当 佐藤 花子
〒100-0005 東京都千代田区丸の内1-1-1
TEL: 03-1234-5678
Mail: saiyo@example.co.jp
"""

JA_FILLERS = [
    "選考にあたりましては、ご経歴やご経験を含め、多角的に検討させていただきました。"
    "多数のご応募をいただいた中での判断であり、山田様のご経験が劣っていたということではございません。",
    "今回の募集職種は、既存顧客の担当と新規開拓の両方を担うポジションであり、"
    "採用人数が限られていたことから、大変心苦しい判断となりました。",
    "なお、選考内容に関するお問い合わせにはお答えいたしかねますので、あらかじめご了承ください。",
]

EN_REJECTION = """Dear Alex,

Thank you for your interest in the Data Analyst position at Sample Trading and
for the time you invested in our selection process, including the case study
and the two interviews with our team.

After careful consideration, we regret to inform you that we have decided not
to move forward with your application at this time. We received applications
from many strong candidates, and this was a difficult decision.

As promised during the final interview, we have attached a short written
summary of the feedback from the interview panel. We hope you find it useful.

We will keep your resume on file and may contact you if a suitable position
opens in the future. We wish you every success in your job search.

Best regards,

Megan Clarke
Talent Acquisition, Sample Trading Co., Ltd.
saiyo@example.co.jp
"""


def small_pass():
    body = pad_paragraphs(EN_BUSINESS, EN_FILLERS, 1500)
    hdr = headers("Re: Vendor agreement - comments on the revised draft", "20251118101500.a01",
                  "Kenji Sato", "Yuki Tanaka",
                  ["Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit"])
    return hdr + "\n" + body


EN_INBOUND = """Dear Ms. Sato,

Thank you for your email and for arranging the second interview. I am happy
to confirm that Thursday, 27 November at 14:00 works well for me. I will come
to your Marunouchi office and ask for you at the reception on the 12th floor.

As requested, I have prepared a short presentation (about ten minutes) on the
sales analysis project I described in the first interview. Please let me know
if the panel would prefer a different format, or if I should bring printed
copies of my portfolio.

Could you also tell me whether I should bring any documents for the
background check at this stage, such as my graduation certificate? I would
like to have everything ready in advance.

Thank you again for your time. I look forward to meeting the team.

Best regards,

Alex Morgan
"""


def small_inbound():
    body = pad_paragraphs(EN_INBOUND, EN_FILLERS[:1], 1500)
    hdr = headers("Re: Second interview - schedule", "20251118101500.f06",
                  "Alex Morgan", "Hanako Sato",
                  ["Content-Type: text/plain; charset=us-ascii", "Content-Transfer-Encoding: 7bit",
                   "In-Reply-To: <20251117093000.a77@mail.example.co.jp>"], inbound=True)
    return hdr + "\n" + body


def small_reject_ja(text=JA_REJECTION):
    body = text.encode("iso2022_jp").decode("ascii")
    hdr = headers(b_word("選考結果のご連絡（株式会社サンプル商事）", "iso-2022-jp"),
                  "20251118101500.b02", b_word("株式会社サンプル商事 採用担当", "iso-2022-jp"),
                  b_word("山田 太郎", "iso-2022-jp"),
                  ["Content-Type: text/plain; charset=ISO-2022-JP",
                   "Content-Transfer-Encoding: 7bit"])
    return hdr + "\n" + body


def html_of(text):
    paras = [p.replace("\n", "<br>\n") for p in text.strip().split("\n\n")]
    return ("<!DOCTYPE html>\n<html lang=\"ja\">\n<head><meta charset=\"utf-8\">"
            "<title>選考結果のご連絡</title></head>\n"
            "<body style=\"font-family: 'Hiragino Sans', Meiryo, sans-serif; font-size: 14px;"
            " line-height: 1.7; color: #333;\">\n<div style=\"max-width: 640px; margin: 0 auto;\">\n"
            + "\n".join("<p>%s</p>" % p for p in paras) +
            "\n</div>\n</body>\n</html>\n")


def mid_reject_alt(text=JA_REJECTION):
    qp = quopri.encodestring(text.encode("utf-8")).decode("ascii")
    html = b64_lines(crlf(html_of(text)).encode("utf-8"))
    boundary = "----=_Part_20251118_0001.1763428500"
    hdr = headers(b_word("【株式会社サンプル商事】選考結果のご連絡", "utf-8"), "20251118101500.c03",
                  b_word("株式会社サンプル商事 採用担当", "utf-8"), b_word("山田 太郎", "utf-8"),
                  ['Content-Type: multipart/alternative;\n\tboundary="%s"' % boundary])
    return (hdr + "\n" + "--%s\n" % boundary +
            "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            + qp + "\n--%s\n" % boundary +
            "Content-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n" + html
            + "\n--%s--\n" % boundary)


def with_pdf(subject, msgid, text, pdf_name, pdf_size, seed):
    boundary = "----=_Part_20251118_%s" % msgid.replace(".", "_")
    pdf = b64_lines(fake_pdf(pdf_size, seed))
    hdr = headers(subject, msgid, "Megan Clarke", "Alex Morgan",
                  ['Content-Type: multipart/mixed;\n\tboundary="%s"' % boundary])
    return (hdr + "\n" + "This is a multi-part message in MIME format.\n\n--%s\n" % boundary +
            "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 7bit\n\n" + text +
            "\n--%s\n" % boundary +
            'Content-Type: application/pdf; name="%s"\nContent-Transfer-Encoding: base64\n'
            'Content-Disposition: attachment; filename="%s"\n\n' % (pdf_name, pdf_name) + pdf +
            "\n--%s--\n" % boundary)


def big_reject(attachment_bytes, msgid="20251118101500.d04"):
    return with_pdf("Your application for Data Analyst at Sample Trading", msgid, EN_REJECTION,
                    "interview-feedback.pdf", attachment_bytes, 4)


def big_pass():
    return with_pdf("Q3 sales report and agenda for Thursday", "20251118101500.e05", EN_BUSINESS,
                    "q3-sales-report.pdf", 760 * 1024, 5)


def sized(build, target):
    """The first of build(text) for growing padding that reaches target bytes."""
    for pad in range(0, 20000, 40):
        msg = build(pad_paragraphs(JA_REJECTION, JA_FILLERS, len(JA_REJECTION.encode()) + pad))
        if len(crlf(msg)) >= target:
            return msg
    return msg


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: make_mixes.py OUTDIR\n")
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    raw_1mb = 760 * 1024  # base64 of ~760 KB + text = ~1 MB on the wire
    mixes = {
        "small-pass-en.eml": small_pass(),
        "small-reject-ja.eml": sized(small_reject_ja, 2000),
        "mid-reject-alt.eml": sized(mid_reject_alt, 8000),
        "big-reject-pdf.eml": big_reject(raw_1mb),
        "big-pass-pdf.eml": big_pass(),
        "small-inbound-en.eml": small_inbound(),
        "growth-0mb.eml": big_reject(1024, "20251118101500.g00"),
        "growth-1mb.eml": big_reject(raw_1mb, "20251118101500.g01"),
        "growth-10mb.eml": big_reject(10 * raw_1mb, "20251118101500.g10"),
    }
    for name, text in mixes.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(crlf(text).encode("ascii"))
    for name in mixes:
        print("%-22s %9d bytes" % (name, os.path.getsize(os.path.join(out, name))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
