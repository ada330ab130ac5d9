"""corpus_cases.py - the corpus messages, one builder per row (used by
make_corpus.py). build() returns [(name, expected, reason, lang, note, bytes)].

expected: inject | pass. reason (passes only): '|'-separated keywords, one of
which must occur in the engine's reason; '*' = any reason.
"""
import corpus_texts as T
from make_corpus import (CRLF, PREAMBLE, Part, addr, addr_list, b64_encode, blob, enc_words,
                         fake_pdf, hval, message, multi, png, qp_wrap, raw_part, text_bytes,
                         text_part)

# ------------------------------------------------------------------ people

SAIYO = ("サンプル株式会社 採用担当", "saiyo@example.co.jp")
JINJI = ("人事部 佐藤 花子", "jinji@example.co.jp")
NOREPLY_JA = ("サンプル株式会社 採用事務局", "noreply@example.co.jp")
SUPPORT_JA = ("サンプルストア カスタマーサポート", "support@example.co.jp")
JOHO = ("小川 誠", "m.ogawa@example.co.jp")
RECRUIT = ("Example Corp Recruiting", "recruiting@example.com")
EMILY = ("Emily Carter", "emily.carter@example.com")
CARE = ("Example Corp Customer Care", "care@example.com")
PROCURE = ("David Lee", "david.lee@example.com")
NEWS_EN = ("Example Corp Careers", "careers@example.com")

ARCHIVE = ("", "hr-archive@example.co.jp")
BUCHO = ("営業部 部長 田中", "tanaka.bucho@example.co.jp")
HIRING = ("Hiring Team", "hiring-team@example.com")
JINJI_COM = ("", "jinji@example.com")

YAMADA = ("山田 太郎", "taro.yamada@gmail.com")
SUZUKI = ("鈴木 花子", "hanako.suzuki@yahoo.co.jp")
SASAKI = ("佐々木 健一", "k.sasaki1990@gmail.com")
TAKAHASHI = ("高橋 美咲", "misaki.takahashi@outlook.jp")
ITO = ("伊藤 翔太", "shota.ito@icloud.com")
WATANABE = ("渡辺 由美", "yumi.watanabe@docomo.ne.jp")
NAKAMURA = ("中村 大輔", "daisuke.nakamura@gmail.com")
KOBAYASHI = ("小林 愛", "ai.kobayashi@hotmail.co.jp")
AGENT_JA = ("キャリアエージェント 田村", "tamura@career-agent.jp")
VENDOR_JA = ("株式会社テックソリューションズ 木村", "kimura@tech-solutions.jp")

JANE = ("Jane Doe", "jane.doe@gmail.com")
MICHAEL = ("Michael Brown", "mbrown84@outlook.com")
PRIYA = ("Priya Sharma", "priya.sharma@yahoo.com")
LUCAS = ("Lucas Müller", "lucas.mueller@gmx.de")
ZOE = ("Zoë Martin", "zoe.martin@laposte.net")
DANIEL = ("Daniel Kim", "daniel.kim@protonmail.com")
SARAH = ("Sarah O'Connor", "sarah.oconnor@gmail.com")
AGENT_EN = ("Tom Baker", "tom.baker@talentbridge-partners.com")
VENDOR_EN = ("Rachel Green", "rachel.green@expensify-cloud.io")
JOBBOARD = ("Posting Support", "support@jobboard-plus.com")

ROWS = []


def row(name, expected, reason, lang, note):
    """row - register a case builder"""
    def deco(fn):
        ROWS.append((name, expected, reason, lang, note, fn))
        return fn
    return deco


def top(n, frm, to, subject, cc=(), cs=None, mode="B", extra=(), ja=True,
        mailer=None, pre=()):
    """top - the usual header fields of an outgoing message (encoded-words in
    cs: ISO-2022-JP for Japanese mail, UTF-8 for English mail by default)"""
    cs = cs or ("ISO-2022-JP" if ja else "UTF-8")
    day = 2 + n % 20
    hh = 9 + n % 9
    tz = "+0900" if ja else "-0800"
    h = list(pre)
    h.append(("Date", "%s, %02d Nov 2026 %02d:%02d:%02d %s" %
              (["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][(day + 5) % 7], day, hh,
               (n * 7) % 60, (n * 13) % 60, tz)))
    h.append(("From", addr(frm[0], frm[1], cs, mode)))
    h.append(("To", addr_list(to, cs, mode)))
    if cc:
        h.append(("Cc", addr_list(cc, cs, mode)))
    h.append(("Subject", hval(subject, cs, mode)))
    dom = frm[1].split("@")[1]
    h.append(("Message-ID", "<2026110%d%02d%02d.%04d.%s@%s>" % (n % 10, hh, n % 60, 4000 + n,
                                                                 frm[1].split("@")[0], dom)))
    h.extend(extra)
    if mailer:
        h.append(("X-Mailer", mailer))
    return h


def nm(person):
    """nm - the family name (Japanese) or first name (English) of a person"""
    return person[0].split(" ")[0]


def esc(s):
    """esc - HTML-escape text"""
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def html_paras(text, style="p"):
    """html_paras - text paragraphs as HTML, one source line per text line"""
    out = []
    for para in text.strip("\n").split("\n\n"):
        lines = [esc(x) for x in para.split("\n")]
        if style == "outlook":
            out.append('<p class="MsoNormal">' + "<br>\n".join(lines) + "<o:p></o:p></p>")
            out.append('<p class="MsoNormal"><o:p>&nbsp;</o:p></p>')
        elif style == "gmail":
            out.append("<div>" + "<br>\n".join(lines) + "</div><div><br></div>")
        else:
            out.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(out)


def html_doc(text, cs, style="p", after="", before_end=""):
    """html_doc - a complete HTML document for text"""
    head = ('<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
            "</head>\n" % cs)
    if style == "outlook":
        head = ('<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n'
                '<meta http-equiv="Content-Type" content="text/html; charset=%s">\n'
                '<style><!-- p.MsoNormal {margin:0mm; font-size:10.5pt; font-family:"Yu Gothic";} -->'
                "</style>\n</head>\n" % cs)
        return (head + '<body lang="JA" link="#0563C1" vlink="#954F72">\n<div class="WordSection1">\n'
                + html_paras(text, style) + "\n" + after + "</div>\n" + before_end
                + "</body>\n</html>\n")
    if style == "gmail":
        return ('<div dir="ltr">' + html_paras(text, style) + "</div>\n" + after)
    return head + "<body>\n" + html_paras(text, style) + "\n" + after + before_end + "</body>\n</html>\n"


def quote(text):
    """quote - text as '> ' quoted history"""
    return "".join(("> " + x if x else ">") + "\n" for x in text.rstrip("\n").split("\n"))


def alt(plain, html, b="alt", pre=b""):
    """alt - multipart/alternative of two parts"""
    return multi("alternative", [plain, html], b, preamble=pre)


def pdf_part(fname, seed, ascii_name=None):
    """pdf_part - a PDF attachment (RFC 2231 filename* when not ASCII)"""
    if ascii_name:
        disp = 'attachment; filename="%s"' % fname
        ct = 'application/pdf; name="%s"' % fname
    else:
        from urllib.parse import quote as pq
        disp = "attachment;\r\n\tfilename*=UTF-8''%s" % pq(fname)
        ct = 'application/pdf;\r\n\tname="%s"' % enc_words(fname, "UTF-8", "B")
    return raw_part(ct, fake_pdf(seed), "base64", disp)


JA_ATTR = "2026年11月1日(日) 10:00 {name} <{email}>:"
EN_ATTR = "On Sun, Nov 1, 2026 at 10:00 AM {name} <{email}> wrote:"

# ======================================================= Japanese rejections


@row("ja_reject_iso2022jp_7bit_plain", "inject", "-", "ja",
     "classic お祈り: single text/plain ISO-2022-JP 7bit, subject B-encoded")
def _():
    body = T.ja_reject_standard(nm(YAMADA)) + "\n" + T.JA_SIG
    return message(top(1, SAIYO, [YAMADA], "選考結果のご連絡（サンプル株式会社）"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_sjis_8bit_vendor_chars", "inject", "-", "ja",
     "Shift_JIS 8bit with CP932 vendor characters ①②㈱～")
def _():
    body = T.ja_reject_vendor_chars(nm(SUZUKI)) + "\n" + T.JA_SIG
    return message(top(2, JINJI, [SUZUKI], "選考結果のご連絡", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "8bit"), mailer="Microsoft Outlook 16.0")


@row("ja_reject_eucjp_8bit_plain", "inject", "-", "ja", "EUC-JP 8bit, 貴意に添いかねる")
def _():
    body = T.ja_reject_kii(nm(SASAKI)) + "\n" + T.JA_SIG_SHORT
    return message(top(3, SAIYO, [SASAKI], "一次面接の結果について", cs="EUC-JP"),
                   text_part(body, "EUC-JP", "8bit", quoted=False))


@row("ja_reject_utf8_qp_plain", "inject", "-", "ja", "UTF-8 quoted-printable, ご縁がなかった")
def _():
    body = T.ja_reject_goen(nm(TAKAHASHI)) + "\n" + T.JA_SIG
    return message(top(4, SAIYO, [TAKAHASHI], "【サンプル株式会社】選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("ja_reject_utf8_base64_plain", "inject", "-", "ja", "UTF-8 base64, new-graduate final interview")
def _():
    body = T.ja_reject_shinsotsu(nm(ITO)) + "\n" + T.JA_SIG
    return message(top(5, SAIYO, [ITO], "最終選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "utf-8", "base64"))


@row("ja_reject_utf8_8bit_plain", "inject", "-", "ja", "UTF-8 8bit, 書類選考 rejection (not 通過)")
def _():
    body = T.ja_reject_shorui(nm(WATANABE)) + "\n" + T.JA_SIG
    return message(top(6, SAIYO, [WATANABE], "書類選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "utf-8", "8bit"), mailer="Thunderbird 128.4.0")


@row("ja_reject_iso2022jp_alt_outlook", "inject", "-", "ja",
     "multipart/alternative: plain ISO-2022-JP 7bit + Outlook HTML ISO-2022-JP QP")
def _():
    text = T.ja_reject_standard(nm(NAKAMURA), "エンジニア職") + "\n" + T.JA_SIG
    plain = text_part(text, "iso-2022-jp", "7bit")
    html = text_part(html_doc(text, "iso-2022-jp", "outlook"), "iso-2022-jp", "quoted-printable", "html")
    return message(top(7, JINJI, [NAKAMURA], "選考結果のご連絡"),
                   alt(plain, html, "_000_TY3PR01MB98765432ABCDEF_", PREAMBLE),
                   after=[("X-MS-Has-Attach", ""), ("X-MS-TNEF-Correlator", "")])


@row("ja_reject_utf8_alt_qp", "inject", "-", "ja", "multipart/alternative UTF-8, both QP")
def _():
    text = T.ja_reject_kii(nm(KOBAYASHI)) + "\n" + T.JA_SIG
    return message(top(8, SAIYO, [KOBAYASHI], "面接結果のご連絡", cs="UTF-8"),
                   alt(text_part(text, "UTF-8", "quoted-printable"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"),
                       "----=_Part_48213_1174526303.1793412345678"))


@row("ja_reject_utf8_alt_base64_gmail", "inject", "-", "ja",
     "multipart/alternative UTF-8 base64, Gmail-style HTML fragment (no <body>)")
def _():
    text = T.ja_reject_goen(nm(YAMADA))
    return message(top(9, SAIYO, [YAMADA], "選考結果のご連絡", cs="UTF-8"),
                   alt(text_part(text, "UTF-8", "base64", quoted=False),
                       text_part(html_doc(text, "UTF-8", "gmail"), "UTF-8", "base64", "html", quoted=False),
                       "000000000000a1b2c3061f4e5d6c"))


@row("ja_reject_mixed_alt_pdf", "inject", "-", "ja",
     "multipart/mixed(alternative, PDF with RFC 2231 filename); PDF untouched")
def _():
    text = T.ja_reject_standard(nm(SUZUKI)) + "\n" + T.JA_SIG
    a = alt(text_part(text, "ISO-2022-JP", "7bit"),
            text_part(html_doc(text, "ISO-2022-JP"), "ISO-2022-JP", "7bit", "html"), "alt-2c9f0b")
    m = multi("mixed", [a, pdf_part("選考結果通知書.pdf", 10)], "mix-7d1e44", preamble=PREAMBLE)
    return message(top(10, JINJI, [SUZUKI], "選考結果のご連絡"), m)


@row("ja_reject_related_inline_logo", "inject", "-", "ja",
     "top-level multipart/related(html UTF-8 QP, inline PNG logo); image untouched")
def _():
    text = T.ja_reject_shinsotsu(nm(SASAKI)) + "\n" + T.JA_SIG_SHORT
    html = html_doc(text, "utf-8", after='<p><img src="cid:logo@example.co.jp" alt="Sample"></p>\n')
    m = multi("related", [text_part(html, "utf-8", "quoted-printable", "html"),
                          raw_part('image/png; name="logo.png"', png(), "base64", 'inline; filename="logo.png"',
                                   [("Content-ID", "<logo@example.co.jp>")])],
              "rel-5a5a5a", params='; type="text/html"')
    return message(top(11, SAIYO, [SASAKI], "最終選考結果のご連絡", cs="UTF-8"), m)


@row("ja_reject_alt_related", "inject", "-", "ja",
     "alternative(plain, related(html, PNG)): both alternatives injected")
def _():
    text = T.ja_reject_standard(nm(TAKAHASHI), "デザイナー職") + "\n" + T.JA_SIG
    html = html_doc(text, "utf-8", after='<p><img src="cid:sig-logo"></p>\n')
    rel = multi("related", [text_part(html, "utf-8", "base64", "html"),
                            raw_part("image/png", png(3, 3), "base64", None, [("Content-ID", "<sig-logo>")])],
                "rel-0b1c2d")
    m = alt(text_part(text, "utf-8", "base64"), rel, "alt-9e8d7c")
    return message(top(12, SAIYO, [TAKAHASHI], "選考結果のご連絡", cs="UTF-8"), m)


@row("ja_reject_txt_attachment", "inject", "-", "ja",
     "mixed(plain body, text/plain attachment .txt): attachment must stay untouched")
def _():
    text = T.ja_reject_standard(nm(ITO)) + "\n" + T.JA_SIG
    att = text_part("応募書類一覧\n・履歴書\n・職務経歴書\n・ポートフォリオ\n上記書類は破棄いたしました。\n",
                    "ISO-2022-JP", "7bit", disp='attachment; filename="documents.txt"',
                    extra='; name="documents.txt"')
    m = multi("mixed", [text_part(text, "ISO-2022-JP", "7bit"), att], "mixed-boundary-3f3f")
    return message(top(13, SAIYO, [ITO], "選考結果のご連絡"), m)


@row("ja_reject_dash_signature", "inject", "-", "ja",
     "plain ISO-2022-JP with '-- ' signature: invitation above the delimiter")
def _():
    body = T.ja_reject_kii(nm(WATANABE)) + "\n-- \n" + T.JA_SIG_SHORT
    return message(top(14, SAIYO, [WATANABE], "面接結果のご連絡"), text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_quoted_reply_history", "inject", "-", "ja",
     "reply with Japanese attribution line and > history: invitation above it")
def _():
    body = (T.ja_reject_standard(nm(NAKAMURA)) + "\n" + T.JA_SIG_SHORT + "\n" +
            JA_ATTR.format(name=NAKAMURA[0], email=NAKAMURA[1]) + "\n" +
            quote(T.ja_reply_history(NAKAMURA[0])))
    return message(top(15, SAIYO, [NAKAMURA], "Re: 選考状況について", cs="UTF-8",
                       extra=[("In-Reply-To", "<CAF1x2y3z4@mail.gmail.com>"),
                              ("References", "<CAF1x2y3z4@mail.gmail.com>")]),
                   text_part(body, "UTF-8", "8bit"))


@row("ja_reject_outlook_original_message", "inject", "-", "ja",
     "Shift_JIS reply with -----元のメッセージ----- block below")
def _():
    hist = ("-----元のメッセージ-----\n差出人: 小林 愛 <ai.kobayashi@hotmail.co.jp>\n"
            "送信日時: 2026年11月1日 10:00\n宛先: saiyo@example.co.jp\n件名: 選考状況について\n\n" +
            T.ja_reply_history(KOBAYASHI[0]))
    body = T.ja_reject_goen(nm(KOBAYASHI)) + "\n" + T.JA_SIG + "\n" + hist
    return message(top(16, JINJI, [KOBAYASHI], "RE: 選考状況について", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "8bit"), mailer="Microsoft Outlook 16.0")


@row("ja_reject_html_only_qp", "inject", "-", "ja", "single text/html UTF-8 QP")
def _():
    text = T.ja_reject_shorui(nm(YAMADA)) + "\n" + T.JA_SIG
    return message(top(17, SAIYO, [YAMADA], "書類選考結果のご連絡", cs="UTF-8"),
                   text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"))


@row("ja_reject_gmail_quote_alt", "inject", "-", "ja",
     "Gmail reply: plain with attribution/> history, HTML with div.gmail_quote")
def _():
    new = T.ja_reject_kii(nm(SUZUKI)) + "\n" + T.JA_SIG_SHORT
    attr = JA_ATTR.format(name=SUZUKI[0], email=SUZUKI[1])
    hist = T.ja_reply_history(SUZUKI[0])
    plain = new + "\n" + attr + "\n\n" + quote(hist)
    hq = ('<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">' + esc(attr) +
          '<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;'
          'border-left:1px solid rgb(204,204,204);padding-left:1ex">\n' +
          html_paras(hist, "gmail") + "\n</blockquote></div>\n")
    html = html_doc(new, "UTF-8", "gmail", after=hq)
    return message(top(18, SAIYO, [SUZUKI], "Re: 面接のお礼", cs="UTF-8"),
                   alt(text_part(plain, "UTF-8", "quoted-printable"),
                       text_part(html, "UTF-8", "quoted-printable", "html"), "0000000000002f8e1c061f4e5d6d"))


@row("ja_reject_format_flowed", "inject", "-", "ja", "text/plain format=flowed UTF-8 8bit")
def _():
    body = ("佐々木様\n\nこの度は弊社の選考にご応募いただき、誠にありがとうございました。"
            "慎重に選考を重ねました結果、 \n誠に残念ながら今回は採用を見送らせていただくことになりました。\n\n"
            "ご期待に沿えない結果となり申し訳ございません。佐々木様の今後のご活躍を心より \n"
            "お祈り申し上げます。\n\n" + T.JA_SIG_SHORT)
    return message(top(19, SAIYO, [SASAKI], "選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "8bit", extra="; format=flowed"),
                   mailer=None)


@row("ja_reject_long_qp_lines", "inject", "-", "ja",
     "UTF-8 QP with long paragraph lines (many soft breaks)")
def _():
    body = ("{n}様\n\nこの度は、サンプル株式会社の中途採用（インサイドセールス職）にご応募いただき、誠にありがとうございました。"
            "書類選考ならびに一次面接の内容をもとに、配属予定部署とも慎重に協議を重ねてまいりました結果、"
            "誠に残念ながら、今回は採用を見送らせていただくことになりました。\n\n"
            "ご期待に沿えない結果となりましたこと、大変申し訳なく存じます。なお、お預かりしております応募書類につきましては、"
            "個人情報保護の観点から弊社にて責任をもって破棄いたしますので、ご了承くださいますようお願い申し上げます。\n\n"
            "末筆ではございますが、{n}様の今後のご活躍を心よりお祈り申し上げます。\n\n").format(n=nm(TAKAHASHI)) + T.JA_SIG
    return message(top(20, SAIYO, [TAKAHASHI], "選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("ja_reject_ats_auto_generated", "inject", "-", "ja",
     "ATS rejection with Auto-Submitted: auto-generated (must still be injected)")
def _():
    text = T.ja_reject_ats(nm(ITO))
    h = top(21, NOREPLY_JA, [ITO], "【サンプル株式会社】選考結果のお知らせ", cs="UTF-8",
            extra=[("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"),
                   ("Reply-To", "noreply@example.co.jp")])
    return message(h, alt(text_part(text, "UTF-8", "base64"),
                          text_part(html_doc(text, "UTF-8"), "UTF-8", "base64", "html"), "ats-b-77120"))


@row("ja_reject_cc_internal", "inject", "-", "ja", "To candidate, Cc internal archive")
def _():
    body = T.ja_reject_standard(nm(WATANABE), "総務職") + "\n" + T.JA_SIG
    return message(top(22, SAIYO, [WATANABE], "選考結果のご連絡", cc=[ARCHIVE, JINJI]),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_halfwidth_kana", "inject", "-", "ja",
     "half-width katakana and full-width ASCII (normalisation), UTF-8 8bit")
def _():
    body = T.ja_reject_halfwidth(nm(KOBAYASHI)) + "\n" + T.JA_SIG_SHORT
    return message(top(23, SAIYO, [KOBAYASHI], "【ｻﾝﾌﾟﾙ株式会社】選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "8bit"))


@row("ja_reject_subject_q_utf8", "inject", "-", "ja", "subject Q-encoded UTF-8, body ISO-2022-JP")
def _():
    body = T.ja_reject_shinsotsu(nm(NAKAMURA)) + "\n" + T.JA_SIG
    return message(top(24, SAIYO, [NAKAMURA], "選考結果のご連絡", cs="UTF-8", mode="Q"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_eucjp_alt", "inject", "-", "ja", "alternative EUC-JP 8bit plain + html")
def _():
    text = T.ja_reject_goen(nm(YAMADA)) + "\n" + T.JA_SIG_SHORT
    return message(top(25, SAIYO, [YAMADA], "選考結果のご連絡", cs="EUC-JP"),
                   alt(text_part(text, "EUC-JP", "8bit"),
                       text_part(html_doc(text, "EUC-JP"), "EUC-JP", "8bit", "html"), "eucjp-alt-01"))


@row("ja_reject_sjis_base64", "inject", "-", "ja", "Shift_JIS base64 single part")
def _():
    body = T.ja_reject_shorui(nm(SUZUKI), "一般事務") + "\n" + T.JA_SIG
    return message(top(26, JINJI, [SUZUKI], "書類選考結果のご連絡", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "base64"))


@row("ja_forced_invite_tags", "inject", "-", "ja",
     "X-CareerRelay: invite on a neutral text, with X-CareerRelay-Tags (both removed)")
def _():
    body = T.ja_thanks_neutral(nm(SASAKI)) + "\n" + T.JA_SIG
    h = top(27, SAIYO, [SASAKI], "カジュアル面談のお礼",
            extra=[("X-CareerRelay", "invite"), ("X-CareerRelay-Tags", "high-rating, refer-ok")])
    return message(h, text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_iso2022jp_html_mixed_pdf", "inject", "-", "ja",
     "mixed(html ISO-2022-JP 7bit, PDF): html-only body")
def _():
    text = T.ja_reject_standard(nm(TAKAHASHI)) + "\n" + T.JA_SIG
    m = multi("mixed", [text_part(html_doc(text, "ISO-2022-JP"), "ISO-2022-JP", "7bit", "html"),
                        pdf_part("result.pdf", 28, ascii_name=True)], "=_mixed_28_html", preamble=PREAMBLE)
    return message(top(28, JINJI, [TAKAHASHI], "選考結果のご連絡"), m)


@row("ja_reject_html_ncr_ascii", "inject", "-", "ja",
     "text/html us-ascii with Japanese as numeric character references")
def _():
    text = T.ja_reject_kii(nm(ITO))
    h = html_doc(text, "us-ascii")
    h = "".join(c if ord(c) < 128 else "&#%d;" % ord(c) for c in h)
    return message(top(29, SAIYO, [ITO], "面接結果のご連絡"),
                   text_part(h, "us-ascii", "7bit", "html"))


@row("ja_reject_sjis_qp_vendor", "inject", "-", "ja", "Shift_JIS quoted-printable with vendor characters")
def _():
    body = T.ja_reject_vendor_chars(nm(WATANABE)) + "\n" + T.JA_SIG
    return message(top(30, JINJI, [WATANABE], "選考結果のご連絡", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "quoted-printable"))


@row("ja_reject_no_final_newline", "inject", "-", "ja",
     "ISO-2022-JP body whose last line has no CRLF")
def _():
    body = T.ja_reject_standard(nm(KOBAYASHI)) + "\n" + T.JA_SIG_SHORT.rstrip("\n")
    return message(top(31, SAIYO, [KOBAYASHI], "選考結果のご連絡"), text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_outlook_html_reply", "inject", "-", "ja",
     "Outlook reply: plain -----元のメッセージ-----, HTML border-top separator (差出人:)")
def _():
    new = T.ja_reject_kii(nm(NAKAMURA)) + "\n" + T.JA_SIG_SHORT
    hist = T.ja_reply_history(NAKAMURA[0])
    hdr = ("差出人: 中村 大輔 <daisuke.nakamura@gmail.com>\n送信日時: 2026年11月1日 10:00\n"
           "宛先: jinji@example.co.jp\n件名: 面接のお礼")
    plain = new + "\n-----元のメッセージ-----\n" + hdr + "\n\n" + hist
    sep = ('<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0mm 0mm 0mm">\n'
           '<p class="MsoNormal"><b>差出人:</b> 中村 大輔 &lt;daisuke.nakamura@gmail.com&gt;<br>\n'
           "<b>送信日時:</b> 2026年11月1日 10:00<br>\n<b>宛先:</b> jinji@example.co.jp<br>\n"
           "<b>件名:</b> 面接のお礼<o:p></o:p></p>\n</div>\n" + html_paras(hist, "outlook") + "\n")
    html = html_doc(new, "iso-2022-jp", "outlook", after=sep)
    return message(top(32, JINJI, [NAKAMURA], "RE: 面接のお礼", mailer="Microsoft Outlook 16.0"),
                   alt(text_part(plain, "iso-2022-jp", "7bit"),
                       text_part(html, "iso-2022-jp", "quoted-printable", "html"),
                       "_000_OS3PR01MB1234_", PREAMBLE))


# ======================================================== English rejections


@row("en_reject_plain_7bit_ascii", "inject", "-", "en", "plain us-ascii 7bit, 'not to move forward'")
def _():
    body = T.en_reject_move_forward(nm(JANE)) + "\nBest regards,\n" + T.EN_SIG
    return message(top(33, EMILY, [JANE], "Your application to Example Corp", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_reject_alt_qp", "inject", "-", "en", "alternative UTF-8 QP, 'will not be proceeding'")
def _():
    text = T.en_reject_proceeding(nm(MICHAEL)) + "\nWarm regards,\n" + T.EN_SIG
    return message(top(34, RECRUIT, [MICHAEL], "Update on your application - Product Designer", ja=False),
                   alt(text_part(text, "UTF-8", "quoted-printable"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"), "b1_2f3c"))


@row("en_reject_position_filled_latin1_qp", "inject", "-", "en",
     "ISO-8859-1 QP, 'the position has been filled', accented name")
def _():
    body = T.en_reject_filled("Zoë") + "\nKind regards,\n" + T.EN_SIG
    return message(top(35, EMILY, [ZOE], "Marketing Coordinator - application status", cs="ISO-8859-1",
                       mode="Q", ja=False),
                   text_part(body, "ISO-8859-1", "quoted-printable"))


@row("en_reject_html_only_other_candidates", "inject", "-", "en", "single text/html 7bit, 'pursue other candidates'")
def _():
    text = T.en_reject_other_candidates(nm(PRIYA)) + "\nBest,\n" + T.EN_SIG
    return message(top(36, EMILY, [PRIYA], "Data Analyst interview - next steps", ja=False),
                   text_part(html_doc(text, "us-ascii"), "us-ascii", "7bit", "html"))


@row("en_reject_latin1_8bit", "inject", "-", "en", "ISO-8859-1 8bit, 'we regret to inform you'")
def _():
    body = T.en_reject_regret("Lucas") + "\nJosé Álvarez\nTalent Acquisition, Example Corp\n"
    return message(top(37, RECRUIT, [LUCAS], "Your application for Frontend Engineer", cs="ISO-8859-1",
                       ja=False), text_part(body, "ISO-8859-1", "8bit"))


@row("en_reject_mixed_pdf", "inject", "-", "en", "mixed(alternative QP, PDF attachment)")
def _():
    text = T.en_reject_move_forward(nm(DANIEL), "Site Reliability Engineer") + "\nBest regards,\n" + T.EN_SIG
    a = alt(text_part(text, "utf-8", "quoted-printable"),
            text_part(html_doc(text, "utf-8"), "utf-8", "quoted-printable", "html"), "alt_38_xyz")
    m = multi("mixed", [a, pdf_part("Example_Corp_Privacy_Notice.pdf", 38, True)], "mix_38_xyz")
    return message(top(38, EMILY, [DANIEL], "Your application to Example Corp", ja=False), m)


@row("en_reject_reply_history_sig", "inject", "-", "en",
     "reply: new text, '-- ' signature, 'On ... wrote:' and > history")
def _():
    body = (T.en_reject_regret(nm(SARAH)) + "\n-- \n" + T.EN_SIG + "\n" +
            EN_ATTR.format(name=SARAH[0], email=SARAH[1]) + "\n\n" + quote(T.en_history(SARAH[0], "Sarah")))
    return message(top(39, EMILY, [SARAH], "Re: Follow-up on my application", ja=False,
                       extra=[("In-Reply-To", "<CAJ9k2mN@mail.gmail.com>")]),
                   text_part(body, "UTF-8", "7bit", quoted=False))


@row("en_reject_outlook_original_message", "inject", "-", "en",
     "Outlook reply: plain -----Original Message-----, HTML divRplyFwdMsg")
def _():
    new = T.en_reject_proceeding(nm(PRIYA)) + "\nRegards,\n" + T.EN_SIG
    hist = T.en_history(PRIYA[0], "Priya")
    plain = (new + "\n-----Original Message-----\nFrom: Priya Sharma <priya.sharma@yahoo.com>\n"
             "Sent: Sunday, November 1, 2026 10:00 AM\nTo: Emily Carter <emily.carter@example.com>\n"
             "Subject: Follow-up on my application\n\n" + hist)
    sep = ('<div id="appendonsend"></div>\n<hr style="display:inline-block;width:98%" tabindex="-1">\n'
           '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" '
           'color="#000000"><b>From:</b> Priya Sharma &lt;priya.sharma@yahoo.com&gt;<br>\n'
           "<b>Sent:</b> Sunday, November 1, 2026 10:00 AM<br>\n<b>Subject:</b> Follow-up on my application"
           "</font>\n<div>&nbsp;</div>\n</div>\n" + html_paras(hist) + "\n")
    html = html_doc(new, "utf-8", after=sep)
    return message(top(40, EMILY, [PRIYA], "RE: Follow-up on my application", ja=False,
                       mailer="Microsoft Outlook 16.0"),
                   alt(text_part(plain, "utf-8", "quoted-printable"),
                       text_part(html, "utf-8", "quoted-printable", "html"), "_000_BY5PR11MB4321_"))


@row("en_reject_apple_blockquote_cite", "inject", "-", "en",
     "Apple Mail reply: HTML blockquote type=cite, plain > history")
def _():
    new = T.en_reject_other_candidates(nm(JANE)) + "\nEmily\n"
    attr = "On Nov 1, 2026, at 10:00, Jane Doe <jane.doe@gmail.com> wrote:"
    hist = T.en_history(JANE[0], "Jane")
    plain = new + "\n" + attr + "\n\n" + quote(hist)
    hq = ('<div><br><blockquote type="cite">' + esc(attr) + "<br><br></blockquote></div>\n"
          '<blockquote type="cite"><div>' + "<br>\n".join(esc(x) for x in hist.split("\n")) +
          "</div></blockquote>\n")
    html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
            '<body dir="auto">\n' + html_paras(new, "gmail") + "\n" + hq + "</body></html>\n")
    return message(top(41, EMILY, [JANE], "Re: Checking in", ja=False, mailer="iPhone Mail (22A3354)"),
                   alt(text_part(plain, "utf-8", "quoted-printable", quoted=False),
                       text_part(html, "utf-8", "quoted-printable", "html", quoted=False),
                       "Apple-Mail-9F2B4C1E-7A3D-4E8B-B5A1-2C6D8E0F1A3B"))


@row("en_reject_format_flowed", "inject", "-", "en", "text/plain format=flowed; delsp=no, soft line ends")
def _():
    body = ("Dear Michael,\n\nThank you for your interest in the Solutions Architect role and for \n"
            "the time you invested in our interview process.\n\nAfter careful consideration, we have \n"
            "decided not to move forward with your application. We truly appreciate \n"
            "your interest in Example Corp.\n\nBest regards,\n" + T.EN_SIG)
    return message(top(42, EMILY, [MICHAEL], "Solutions Architect application", ja=False,
                       mailer="Mozilla Thunderbird"),
                   text_part(body, "UTF-8", "7bit", extra="; format=flowed; delsp=no"))


@row("en_reject_base64_plain", "inject", "-", "en", "UTF-8 base64 single part")
def _():
    body = T.en_reject_proceeding("Lucas", "QA Engineer") + "\nBest,\n" + T.EN_SIG
    return message(top(43, RECRUIT, [LUCAS], "QA Engineer application", ja=False),
                   text_part(body, "utf-8", "base64"))


@row("en_reject_ats_auto_generated", "inject", "-", "en",
     "ATS rejection, Auto-Submitted: auto-generated, alternative base64")
def _():
    text = T.en_reject_moving_forward(nm(PRIYA))
    h = top(44, RECRUIT, [PRIYA], "Your application with Example Corp", ja=False,
            extra=[("Auto-Submitted", "auto-generated"), ("Precedence", "bulk"),
                   ("X-Mailer", "Greenhouse")])
    return message(h, alt(text_part(text, "UTF-8", "base64"),
                          text_part(html_doc(text, "UTF-8"), "UTF-8", "base64", "html"), "--==_ats_44"))


@row("en_forced_invite_tags", "inject", "-", "en",
     "X-CareerRelay: invite on neutral text + X-CareerRelay-Tags: high-rating, culture-fit")
def _():
    body = T.en_thanks_neutral(nm(DANIEL)) + "\nEmily\n"
    h = top(45, EMILY, [DANIEL], "Thanks for visiting us", ja=False,
            extra=[("X-CareerRelay-Tags", "high-rating, culture-fit"), ("X-CareerRelay", "invite")])
    return message(h, text_part(body, "us-ascii", "7bit"))


@row("en_reject_related_logo", "inject", "-", "en", "alternative(plain, related(html, logo PNG))")
def _():
    text = T.en_reject_filled(nm(SARAH), "Account Executive") + "\nBest,\n" + T.EN_SIG
    html = html_doc(text, "utf-8", after='<p><img src="cid:ec-logo-46" width="120" alt="Example Corp"></p>\n')
    rel = multi("related", [text_part(html, "utf-8", "7bit", "html"),
                            raw_part('image/png; name="logo.png"', png(4, 2), "base64",
                                     'inline; filename="logo.png"', [("Content-ID", "<ec-logo-46>")])],
                "rel_46_q", params='; type="text/html"')
    return message(top(46, RECRUIT, [SARAH], "Account Executive role", ja=False),
                   alt(text_part(text, "utf-8", "7bit"), rel, "alt_46_q"))


@row("en_reject_txt_attachment_name_param", "inject", "-", "en",
     "mixed(plain, inline text/plain with name=): the named part is an attachment, untouched")
def _():
    body = T.en_reject_regret(nm(MICHAEL), "Backend Engineer") + "\n" + T.EN_SIG
    notes = text_part("Interview notes are confidential.\nAfter careful consideration, this file stays unchanged.\n",
                      "us-ascii", "7bit", extra='; name="notes.txt"', disp="inline")
    return message(top(47, EMILY, [MICHAEL], "Backend Engineer application", ja=False),
                   multi("mixed", [text_part(body, "us-ascii", "7bit"), notes], "mix47"))


@row("en_reject_html_fragment_no_body", "inject", "-", "en",
     "text/html fragment without <html>/<body>: invitation at the end")
def _():
    text = T.en_reject_move_forward(nm(DANIEL), "IT Support Technician") + "\nThanks,\nEmily\n"
    return message(top(48, EMILY, [DANIEL], "IT Support Technician", ja=False),
                   text_part(html_paras(text, "gmail") + "\n", "utf-8", "quoted-printable", "html"))


@row("en_reject_tnef_attachment", "inject", "-", "en",
     "mixed(plain, application/ms-tnef winmail.dat): TNEF untouched")
def _():
    body = T.en_reject_other_candidates(nm(JANE), "Financial Analyst") + "\n" + T.EN_SIG
    tnef = raw_part('application/ms-tnef; name="winmail.dat"', b"\x78\x9f\x3e\x22" + blob(49, 600),
                    "base64", 'attachment; filename="winmail.dat"')
    return message(top(49, EMILY, [JANE], "Financial Analyst position", ja=False, mailer="Microsoft Outlook 14.0"),
                   multi("mixed", [text_part(body, "us-ascii", "7bit"), tnef], "----_=_NextPart_001_01DB2C4A.1234ABCD",
                         preamble=PREAMBLE))


@row("en_reject_no_mime_headers", "inject", "-", "en", "RFC 822 message without any MIME header fields")
def _():
    body = T.en_reject_proceeding(nm(SARAH), "Office Manager") + "\nRegards,\n" + T.EN_SIG
    return message(top(50, EMILY, [SARAH], "Office Manager application", ja=False),
                   Part([], text_bytes(body, "us-ascii")), mime=False)


@row("en_reject_regret_cc_internal", "inject", "-", "en", "To candidate, Cc hiring team (internal)")
def _():
    body = T.en_reject_regret(nm(PRIYA), "Data Engineer") + "\n" + T.EN_SIG
    return message(top(51, EMILY, [PRIYA], "Data Engineer application", cc=[HIRING], ja=False),
                   text_part(body, "utf-8", "quoted-printable"))


# ======================================================= Japanese look-alikes


@row("ja_offer_naitei_pdf", "pass", "score-below-threshold", "ja", "offer: 採用内定のご通知 with PDF")
def _():
    text = T.ja_offer(nm(YAMADA)) + "\n" + T.JA_SIG
    m = multi("mixed", [text_part(text, "ISO-2022-JP", "7bit"), pdf_part("内定通知書.pdf", 52)], "mix-52")
    return message(top(52, SAIYO, [YAMADA], "採用内定のご通知"), m)


@row("ja_saiyo_kettei_result", "pass", "score-below-threshold", "ja",
     "採用決定 titled 選考結果のご連絡, alternative UTF-8 QP")
def _():
    text = T.ja_saiyo_kettei(nm(SUZUKI)) + "\n" + T.JA_SIG
    return message(top(53, SAIYO, [SUZUKI], "選考結果のご連絡", cs="UTF-8"),
                   alt(text_part(text, "UTF-8", "quoted-printable"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"), "alt-53"))


@row("ja_shorui_tsuka_result", "pass", "score-below-threshold", "ja",
     "書類選考通過 and 次の選考のご案内 titled 選考結果のご連絡")
def _():
    body = T.ja_shorui_tsuka(nm(SASAKI)) + "\n" + T.JA_SIG
    return message(top(54, SAIYO, [SASAKI], "選考結果のご連絡"), text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_next_selection_sjis", "pass", "score-below-threshold", "ja", "次の選考のご案内 (二次面接), Shift_JIS with ～")
def _():
    body = T.ja_next_selection(nm(TAKAHASHI)) + "\n" + T.JA_SIG
    return message(top(55, JINJI, [TAKAHASHI], "選考結果のご連絡と二次面接のご案内", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "8bit"))


@row("ja_interview_schedule", "pass", "score-below-threshold", "ja", "interview scheduling, alternative base64")
def _():
    text = T.ja_interview_schedule(nm(ITO)) + "\n" + T.JA_SIG
    return message(top(56, SAIYO, [ITO], "一次面接日程のご調整", cs="UTF-8"),
                   alt(text_part(text, "UTF-8", "base64"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "base64", "html"), "alt-56"))


@row("ja_interview_reschedule", "pass", "score-below-threshold", "ja", "reschedule with 誠に残念ながら")
def _():
    body = T.ja_interview_reschedule(nm(WATANABE)) + "\n" + T.JA_SIG
    return message(top(57, SAIYO, [WATANABE], "【重要】二次面接日程変更のお願い"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_customer_service_zannen", "pass", "score-below-threshold", "ja",
     "customer service: 誠に残念ながら / ご期待に沿えず about an order")
def _():
    text = T.ja_customer_service(nm(NAKAMURA))
    return message(top(58, SUPPORT_JA, [NAKAMURA], "ご注文商品のご用意ができない件につきまして", cs="UTF-8"),
                   alt(text_part(text, "UTF-8", "quoted-printable"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"), "alt-58"))


@row("ja_vendor_decline_proposal", "pass", "score-below-threshold", "ja",
     "declining a vendor's proposal: 誠に残念ながら…見送らせていただく")
def _():
    body = T.ja_vendor_decline("木村") + "\n" + T.JA_SIG_SHORT.replace("人事部", "情報システム部").replace("採用担当 佐藤", "小川")
    return message(top(59, JOHO, [VENDOR_JA], "クラウド勤怠管理システムご提案の件"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_new_year_greeting", "pass", "score-below-threshold", "ja",
     "New-Year greeting with ご多幸を心よりお祈り申し上げます, alternative")
def _():
    text = T.ja_new_year(nm(KOBAYASHI)) + "\n" + T.JA_SIG
    return message(top(60, SAIYO, [KOBAYASHI], "謹賀新年"),
                   alt(text_part(text, "ISO-2022-JP", "7bit"),
                       text_part(html_doc(text, "ISO-2022-JP"), "ISO-2022-JP", "7bit", "html"), "alt-60"))


@row("ja_newsletter", "pass", "score-below-threshold|bulk|list", "ja", "recruiting newsletter, List-Unsubscribe")
def _():
    text = T.ja_newsletter()
    h = top(61, ("サンプル株式会社 採用広報", "recruit-news@example.co.jp"), [YAMADA], "採用メールマガジン 2026年11月号",
            cs="UTF-8", extra=[("List-Unsubscribe", "<https://www.example.co.jp/recruit/mailmagazine/stop>"),
                               ("Precedence", "bulk")])
    return message(h, alt(text_part(text, "UTF-8", "base64"),
                          text_part(html_doc(text, "UTF-8"), "UTF-8", "base64", "html"), "news-61"))


@row("ja_event_cancel", "pass", "score-below-threshold", "ja", "会社説明会 cancelled, 誠に残念ながら")
def _():
    body = T.ja_event_cancel(nm(SUZUKI)) + "\n" + T.JA_SIG
    return message(top(62, SAIYO, [SUZUKI], "会社説明会中止のお知らせ", cs="UTF-8"), text_part(body, "UTF-8", "8bit"))


@row("ja_application_received_auto", "pass", "score-below-threshold", "ja",
     "ATS acknowledgement of an application (auto-generated), not a rejection")
def _():
    body = T.ja_application_received(nm(SASAKI))
    h = top(63, NOREPLY_JA, [SASAKI], "ご応募ありがとうございます", cs="UTF-8",
            extra=[("Auto-Submitted", "auto-generated")])
    return message(h, text_part(body, "UTF-8", "base64"))


@row("ja_recruiter_ack_quoting_rejection", "pass", "score-below-threshold", "ja",
     "recruiter's short reply quoting the earlier rejection (history excluded)")
def _():
    rej = T.ja_reject_standard(nm(ITO))
    body = (T.ja_ack_reply(nm(ITO)) + "\n" + T.JA_SIG_SHORT + "\n" +
            JA_ATTR.format(name=SAIYO[0], email=SAIYO[1]) + "\n" + quote(rej))
    return message(top(64, SAIYO, [ITO], "Re: 選考結果のご連絡", cs="UTF-8"), text_part(body, "UTF-8", "8bit"))


@row("ja_candidate_reply_quoting_rejection", "pass", "score-below-threshold", "ja",
     "candidate's Re: quoting the rejection with attribution, Cc external agent (a candidate exists)")
def _():
    rej = T.ja_reject_standard(nm(YAMADA))
    body = ("サンプル株式会社\n採用ご担当者様\n\nご連絡いただき、ありがとうございました。\n"
            "選考の機会をいただけたこと、感謝しております。\n\n山田 太郎\n\n" +
            JA_ATTR.format(name=SAIYO[0], email=SAIYO[1]) + "\n" + quote(rej))
    return message(top(65, YAMADA, [SAIYO], "Re: 選考結果のご連絡", cc=[AGENT_JA], cs="UTF-8"),
                   text_part(body, "UTF-8", "base64"), mailer=None)


@row("ja_forward_inline_rejection", "pass", "score-below-threshold", "ja",
     "rejection forwarded inline (---------- Forwarded message ---------) to an agency")
def _():
    rej = T.ja_reject_standard(nm(TAKAHASHI))
    body = (T.ja_forward_note("田村") + "\n" + T.JA_SIG_SHORT + "\n---------- Forwarded message ---------\n"
            "From: サンプル株式会社 採用担当 <saiyo@example.co.jp>\nDate: 2026年11月2日(月) 10:00\n"
            "Subject: 選考結果のご連絡\nTo: <misaki.takahashi@outlook.jp>\n\n\n" + rej)
    return message(top(66, JINJI, [AGENT_JA], "Fwd: 選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("ja_forward_rfc822_rejection", "pass", "score-below-threshold", "ja",
     "rejection forwarded as message/rfc822 attachment")
def _():
    rej = T.ja_reject_standard(nm(WATANABE)) + "\n" + T.JA_SIG
    inner = message(top(166, SAIYO, [WATANABE], "選考結果のご連絡"), text_part(rej, "ISO-2022-JP", "7bit"))
    note = T.ja_forward_note("田村") + "\n" + T.JA_SIG_SHORT
    m = multi("mixed", [text_part(note, "ISO-2022-JP", "7bit"),
                        Part([("Content-Type", 'message/rfc822; name="forwarded.eml"'),
                              ("Content-Disposition", 'attachment; filename="forwarded.eml"')], inner)],
              "fwd-67")
    return message(top(67, JINJI, [AGENT_JA], "Fwd: 選考結果のご連絡"), m)


@row("ja_internal_only_rejection_draft", "pass", "no-candidate", "ja",
     "rejection draft sent only to internal recipients (review)")
def _():
    body = T.ja_reject_standard(nm(SASAKI)) + "\n" + T.JA_SIG
    return message(top(68, SAIYO, [BUCHO], "【確認依頼】選考結果のご連絡（佐々木様）", cc=[JINJI_COM]),
                   text_part(body, "ISO-2022-JP", "7bit"))


# ======================================================== English look-alikes


@row("en_offer_letter_pdf", "pass", "score-below-threshold", "en",
     "offer with 'after careful consideration', alternative + PDF")
def _():
    text = T.en_offer(nm(JANE)) + "\nBest,\n" + T.EN_SIG
    a = alt(text_part(text, "utf-8", "quoted-printable"),
            text_part(html_doc(text, "utf-8"), "utf-8", "quoted-printable", "html"), "alt-69")
    m = multi("mixed", [a, pdf_part("Offer_Letter_Jane_Doe.pdf", 69, True)], "mix-69")
    return message(top(69, EMILY, [JANE], "Your offer from Example Corp!", ja=False), m)


@row("en_interview_invite_careful", "pass", "score-below-threshold", "en",
     "'after careful consideration of your application, we would like to invite you'")
def _():
    body = T.en_interview_invite(nm(PRIYA)) + "\nBest,\n" + T.EN_SIG
    return message(top(70, EMILY, [PRIYA], "Second interview - Data Analyst", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_interview_reschedule", "pass", "score-below-threshold", "en", "'unfortunately we need to reschedule'")
def _():
    text = T.en_reschedule(nm(MICHAEL)) + "\nEmily\n"
    return message(top(71, EMILY, [MICHAEL], "Need to reschedule your interview", ja=False),
                   alt(text_part(text, "utf-8", "7bit"), text_part(html_doc(text, "utf-8"), "utf-8", "7bit", "html"),
                       "alt-71"))


@row("en_customer_service_regret", "pass", "score-below-threshold", "en",
     "order cancellation: 'we regret to inform you', 'decided not to restock'")
def _():
    return message(top(72, CARE, [DANIEL], "Your order #EC-20261104-7731 has been cancelled", ja=False),
                   text_part(T.en_customer_service(nm(DANIEL)), "utf-8", "quoted-printable"))


@row("en_vendor_decline_proposal", "pass", "score-below-threshold", "en",
     "'we have decided not to move forward with your proposal' to a vendor")
def _():
    body = T.en_vendor_decline("Rachel") + "\nBest,\nDavid Lee\nProcurement, Example Corp\n"
    return message(top(73, PROCURE, [VENDOR_EN], "Re: Expense platform proposal", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_jobboard_close_posting", "pass", "score-below-threshold", "en",
     "asking a job board to close a posting: 'the position has been filled'")
def _():
    body = T.en_jobboard_close("team") + "\nThanks,\nEmily Carter\n"
    return message(top(74, EMILY, [JOBBOARD], "Please close posting #48213", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_newsletter", "pass", "score-below-threshold|bulk|list", "en", "careers newsletter with 'Unfortunately'")
def _():
    text = T.en_newsletter()
    h = top(75, NEWS_EN, [SARAH], "Example Corp Careers - November 2026", ja=False,
            extra=[("List-Unsubscribe", "<https://careers.example.com/unsubscribe>"),
                   ("List-Id", "Example Corp Careers <careers.example.com>"), ("Precedence", "bulk")])
    return message(h, alt(text_part(text, "utf-8", "quoted-printable"),
                          text_part(html_doc(text, "utf-8"), "utf-8", "quoted-printable", "html"), "news-75"))


@row("en_meeting_decline", "pass", "score-below-threshold", "en", "declining a partner summit: 'Unfortunately'")
def _():
    return message(top(76, EMILY, [AGENT_EN], "Re: Partner summit invitation", ja=False),
                   text_part(T.en_meeting_decline("Tom") + "\nEmily\n", "us-ascii", "7bit"))


@row("en_recruiter_ack_quoting_rejection", "pass", "score-below-threshold", "en",
     "recruiter's thank-you quoting the earlier rejection")
def _():
    rej = T.en_reject_move_forward(nm(LUCAS))
    body = (T.en_ack_reply(nm(LUCAS)) + "\nEmily\n\n" +
            EN_ATTR.format(name=EMILY[0], email=EMILY[1]) + "\n" + quote(rej))
    return message(top(77, EMILY, [LUCAS], "Re: Your application to Example Corp", ja=False),
                   text_part(body, "utf-8", "7bit"))


@row("en_forward_inline_rejection", "pass", "score-below-threshold", "en",
     "rejection forwarded inline to an agency")
def _():
    rej = T.en_reject_proceeding(nm(MICHAEL))
    body = (T.en_forward_note("Tom") + "\nEmily\n\n---------- Forwarded message ---------\n"
            "From: Emily Carter <emily.carter@example.com>\nDate: Mon, Nov 2, 2026 at 10:00 AM\n"
            "Subject: Update on your application\nTo: Michael Brown <mbrown84@outlook.com>\n\n\n" + rej)
    return message(top(78, EMILY, [AGENT_EN], "Fwd: Update on your application", ja=False),
                   text_part(body, "utf-8", "quoted-printable"))


@row("en_forward_rfc822_rejection", "pass", "score-below-threshold", "en",
     "rejection forwarded as message/rfc822")
def _():
    rej = T.en_reject_filled(nm(SARAH)) + "\nKind regards,\n" + T.EN_SIG
    inner = message(top(179, EMILY, [SARAH], "Your application", ja=False), text_part(rej, "us-ascii", "7bit"))
    m = multi("mixed", [text_part(T.en_forward_note("Tom") + "\nEmily\n", "us-ascii", "7bit"),
                        Part([("Content-Type", "message/rfc822")], inner)], "fwd-79")
    return message(top(79, EMILY, [AGENT_EN], "Fwd: Your application", ja=False), m)


@row("en_internal_only_rejection", "pass", "no-candidate", "en", "rejection sent only to internal addresses")
def _():
    body = T.en_reject_move_forward("Jane") + "\n" + T.EN_SIG
    return message(top(80, RECRUIT, [HIRING], "Draft: rejection for Jane Doe", cc=[EMILY], ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_same_domain_recipient", "pass", "no-candidate", "en",
     "external sender writing to its own domain: no candidate")
def _():
    agency = ("Nina Patel", "nina.patel@talentbridge-partners.com")
    body = T.en_reject_regret("Tom") + "\nNina\n"
    return message(top(81, agency, [AGENT_EN], "Candidate update", ja=False), text_part(body, "us-ascii", "7bit"))


# ============================================ rejections that pass for structure

DKIM = ("v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.co.jp; s=sel2026;\r\n"
        "\tt=1793500000; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
        "\th=Date:From:To:Subject:Message-ID:MIME-Version:Content-Type;\r\n"
        "\tb=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJD\r\n"
        "\t REVGR0hJSktMTU5PUFFSU1RVVldYWVo=")


@row("ja_dkim_signed", "pass", "dkim-signed", "ja", "rejection already carrying DKIM-Signature")
def _():
    body = T.ja_reject_standard(nm(YAMADA)) + "\n" + T.JA_SIG
    return message(top(82, SAIYO, [YAMADA], "選考結果のご連絡", pre=[("DKIM-Signature", DKIM)]),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("en_arc_sealed", "pass", "dkim-signed|arc", "en", "rejection with ARC-Seal (and ARC-Message-Signature)")
def _():
    body = T.en_reject_move_forward(nm(JANE)) + "\n" + T.EN_SIG
    pre = [("ARC-Seal", "i=1; a=rsa-sha256; t=1793500000; cv=none; d=example.com; s=arc-2026;\r\n"
                        "\tb=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo="),
           ("ARC-Message-Signature", "i=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=arc-2026;\r\n"
                                     "\th=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;\r\n"
                                     "\tb=MTIzNDU2Nzg5MA=="),
           ("ARC-Authentication-Results", "i=1; mx.example.com; dkim=none")]
    return message(top(83, EMILY, [JANE], "Your application to Example Corp", ja=False, pre=pre),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_forced_invite_but_dkim", "pass", "dkim-signed", "ja",
     "X-CareerRelay: invite cannot override DKIM-Signature; internal headers still removed")
def _():
    body = T.ja_reject_kii(nm(SUZUKI)) + "\n" + T.JA_SIG
    h = top(84, SAIYO, [SUZUKI], "選考結果のご連絡", pre=[("DKIM-Signature", DKIM)],
            extra=[("X-CareerRelay", "invite"), ("X-CareerRelay-Tags", "refer-ok")])
    return message(h, text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_smime_multipart_signed", "pass", "signed", "ja", "S/MIME multipart/signed rejection")
def _():
    text = T.ja_reject_standard(nm(SASAKI)) + "\n" + T.JA_SIG
    m = multi("signed", [text_part(text, "ISO-2022-JP", "7bit"),
                         raw_part('application/pkcs7-signature; name="smime.p7s"', blob(85, 1800), "base64",
                                  'attachment; filename="smime.p7s"',
                                  [("Content-Description", "S/MIME Cryptographic Signature")])],
              "----=_smime_85", params='; protocol="application/pkcs7-signature"; micalg=sha-256',
              preamble=b"This is an S/MIME signed message" + CRLF + CRLF)
    return message(top(85, SAIYO, [SASAKI], "選考結果のご連絡"), m)


@row("en_pgp_multipart_signed", "pass", "signed", "en", "PGP/MIME multipart/signed rejection")
def _():
    text = T.en_reject_regret(nm(DANIEL)) + "\n" + T.EN_SIG
    sig = ("-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEEq3b4K7b1c9s2VfJ0xQeX7C0c0XwFAmcmAbAACgkQxQeX7C0c\n"
           "0XzP3Qf/YlT0k4b0pWq2m1hJt5bQqH9k1u3n8m2bKc9Z0a1h2m3u4x5y6z7A8B9C\n=k9Xq\n-----END PGP SIGNATURE-----\n")
    m = multi("signed", [text_part(text, "us-ascii", "7bit", quoted=False),
                         Part([("Content-Type", 'application/pgp-signature; name="signature.asc"'),
                               ("Content-Description", "OpenPGP digital signature")], text_bytes(sig, "us-ascii"))],
              "pgp-sig-86", params='; micalg=pgp-sha256; protocol="application/pgp-signature"')
    return message(top(86, EMILY, [DANIEL], "Your application", ja=False), m)


@row("ja_pkcs7_mime_opaque", "pass", "smime|pkcs7", "ja",
     "application/pkcs7-mime (opaque signed-data) rejection")
def _():
    p = raw_part('application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"', blob(87, 2400), "base64",
                 'attachment; filename="smime.p7m"')
    return message(top(87, SAIYO, [TAKAHASHI], "選考結果のご連絡"), p)


@row("en_inline_pgp_signed", "pass", "inline-pgp", "en", "inline PGP clear-signed rejection")
def _():
    body = ("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n" + T.en_reject_move_forward(nm(MICHAEL)) +
            "\n" + T.EN_SIG + "-----BEGIN PGP SIGNATURE-----\n\n"
            "iQEzBAEBCAAdFiEEq3b4K7b1c9s2VfJ0xQeX7C0c0XwFAmcmAbAACgkQxQeX7C0c\n=k9Xq\n-----END PGP SIGNATURE-----\n")
    return message(top(88, EMILY, [MICHAEL], "Your application", ja=False), text_part(body, "us-ascii", "7bit"))


@row("en_pgp_multipart_encrypted", "pass", "encrypted", "en", "PGP/MIME multipart/encrypted")
def _():
    armored = ("-----BEGIN PGP MESSAGE-----\n\n" + b64_encode(blob(89, 900)).decode().replace("\r\n", "\n") +
               "=Qx3e\n-----END PGP MESSAGE-----\n")
    m = multi("encrypted", [Part([("Content-Type", "application/pgp-encrypted"),
                                  ("Content-Description", "PGP/MIME version identification")],
                                 b"Version: 1" + CRLF),
                            Part([("Content-Type", 'application/octet-stream; name="encrypted.asc"'),
                                  ("Content-Disposition", 'inline; filename="encrypted.asc"')],
                                 text_bytes(armored, "us-ascii"))],
              "pgp-enc-89", params='; protocol="application/pgp-encrypted"')
    return message(top(89, EMILY, [PRIYA], "Your application", ja=False), m)


@row("ja_x_careerrelay_skip", "pass", "skip", "ja", "X-CareerRelay: skip on a rejection (header removed)")
def _():
    body = T.ja_reject_goen(nm(ITO)) + "\n" + T.JA_SIG
    return message(top(90, SAIYO, [ITO], "選考結果のご連絡", extra=[("X-CareerRelay", "skip")]),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("en_x_careerrelay_skip_lowercase_name", "pass", "skip", "en",
     "x-careerrelay: skip (lower-case field name) with tags; both removed")
def _():
    body = T.en_reject_filled(nm(JANE)) + "\n" + T.EN_SIG
    return message(top(91, EMILY, [JANE], "Your application", ja=False,
                       extra=[("x-careerrelay", "skip"), ("X-CAREERRELAY-TAGS", "high-rating")]),
                   text_part(body, "us-ascii", "7bit"))


@row("en_already_invited", "pass", "already-invited", "en", "already has X-CareerRelay-Invitation")
def _():
    body = T.en_reject_proceeding(nm(SARAH)) + "\n" + T.EN_SIG
    return message(top(92, EMILY, [SARAH], "Your application", ja=False,
                       extra=[("X-CareerRelay-Invitation", "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")]),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_auto_replied_closed_posting", "pass", "auto-reply", "ja",
     "auto-responder (Auto-Submitted: auto-replied) declining an application")
def _():
    body = ("ご応募いただき誠にありがとうございます。\n本メールは自動返信です。\n\n"
            "誠に残念ながら、ご応募いただいた求人は既に募集を締め切っております。\n"
            "今回はご期待に沿えない結果となりましたことをお詫び申し上げます。\n\n"
            "今後のご活躍を心よりお祈り申し上げます。\n\n" + T.JA_SIG)
    h = top(93, SAIYO, [NAKAMURA], "自動返信：ご応募ありがとうございます",
            extra=[("Auto-Submitted", "auto-replied"), ("X-Autoreply", "yes"), ("In-Reply-To", "<abc93@gmail.com>")])
    return message(h, text_part(body, "ISO-2022-JP", "7bit"))


@row("en_auto_replied_rejection", "pass", "auto-reply", "en",
     "Auto-Submitted: auto-replied responder with rejection wording")
def _():
    body = ("Thank you for your application.\n\nThis is an automatic reply. Unfortunately the position has been\n"
            "filled, and we will not be proceeding with your application.\n\nWe wish you the best in your search.\n")
    h = top(94, RECRUIT, [LUCAS], "Automatic reply: Application for QA Engineer", ja=False,
            extra=[("Auto-Submitted", "auto-replied"), ("X-Auto-Response-Suppress", "All")])
    return message(h, text_part(body, "us-ascii", "7bit"))


@row("en_multipart_report_dsn", "pass", "auto-reply|report", "en",
     "delivery status notification (multipart/report) about a rejection")
def _():
    rej = T.en_reject_move_forward(nm(DANIEL))
    human = ("This is the mail system at host mail.example.com.\n\nI'm sorry to have to inform you that your message could not\n"
             "be delivered to one or more recipients. It's attached below.\n\n<daniel.kim@protonmail.com>: mailbox full\n")
    status = ("Reporting-MTA: dns; mail.example.com\nArrival-Date: Mon, 2 Nov 2026 10:00:00 -0800\n\n"
              "Final-Recipient: rfc822; daniel.kim@protonmail.com\nAction: failed\nStatus: 5.2.2\n")
    inner = message(top(195, EMILY, [DANIEL], "Your application", ja=False), text_part(rej, "us-ascii", "7bit"))
    m = multi("report", [text_part(human, "us-ascii", "7bit", quoted=False),
                         Part([("Content-Type", "message/delivery-status")], text_bytes(status, "us-ascii")),
                         Part([("Content-Type", "message/rfc822")], inner)],
              "DSN.95.mail.example.com", params="; report-type=delivery-status")
    return message(top(95, ("Mail Delivery System", "MAILER-DAEMON@example.com"), [EMILY, DANIEL],
                       "Undelivered Mail Returned to Sender", ja=False, extra=[("Auto-Submitted", "auto-replied")]), m)


@row("ja_attachment_only_text", "pass", "no-text-part", "ja",
     "the only text is a text/plain attachment (rejection letter as .txt)")
def _():
    letter = T.ja_reject_standard(nm(KOBAYASHI))
    m = multi("mixed", [text_part(letter, "Shift_JIS", "base64", disp='attachment; filename="kekka.txt"',
                                  extra='; name="kekka.txt"')], "att-only-96")
    return message(top(96, JINJI, [KOBAYASHI], "選考結果のご連絡", cs="Shift_JIS"), m)


@row("ja_calendar_only", "pass", "no-text-part", "ja", "text/calendar only (METHOD:CANCEL with rejection text)")
def _():
    ics = ("BEGIN:VCALENDAR\nPRODID:-//Example Corp//Recruiting//JA\nVERSION:2.0\nMETHOD:CANCEL\nBEGIN:VEVENT\n"
           "UID:interview-97@example.co.jp\nDTSTART:20261112T010000Z\nDTEND:20261112T020000Z\n"
           "SUMMARY:最終面接（キャンセル）\nDESCRIPTION:誠に残念ながら、今回は採用を見送らせていただくことになりました。\n"
           " 今後のご活躍を心よりお祈り申し上げます。\nSEQUENCE:1\nSTATUS:CANCELLED\nEND:VEVENT\nEND:VCALENDAR\n")
    return message(top(97, SAIYO, [YAMADA], "キャンセル: 最終面接", cs="UTF-8"),
                   text_part(ics, "UTF-8", "8bit", "calendar", extra="; method=CANCEL", quoted=False))


@row("ja_missing_final_boundary", "pass", "no-close-boundary", "ja",
     "multipart/alternative rejection with no close delimiter")
def _():
    text = T.ja_reject_standard(nm(SUZUKI)) + "\n" + T.JA_SIG
    return message(top(98, SAIYO, [SUZUKI], "選考結果のご連絡"),
                   multi("alternative", [text_part(text, "ISO-2022-JP", "7bit"),
                                         text_part(html_doc(text, "ISO-2022-JP"), "ISO-2022-JP", "7bit", "html")],
                         "alt-98", close=False))


@row("en_bad_base64", "pass", "bad-base64", "en", "rejection whose base64 text part is corrupt")
def _():
    body = T.en_reject_move_forward(nm(PRIYA)) + "\n" + T.EN_SIG
    p = text_part(body, "utf-8", "base64")
    lines = p.body.split(CRLF)
    lines[2] = lines[2][:20] + b"*?!~" + lines[2][24:]
    p.body = CRLF.join(lines)
    return message(top(99, EMILY, [PRIYA], "Your application", ja=False), p)


@row("ja_iso2022jp_with_8bit", "pass", "8bit-in-7bit-charset|charset-decode-error", "ja",
     "declared ISO-2022-JP but the body holds Shift_JIS 8-bit bytes")
def _():
    body = T.ja_reject_standard(nm(SASAKI))
    p = text_part(body, "ISO-2022-JP", "7bit")
    p.body = text_bytes(body, "Shift_JIS")
    return message(top(100, SAIYO, [SASAKI], "選考結果のご連絡"), p)


@row("ja_unknown_charset_xfoo", "pass", "unknown-charset", "ja", "text part with charset=x-foo")
def _():
    body = T.ja_reject_goen(nm(TAKAHASHI))
    return message(top(101, SAIYO, [TAKAHASHI], "選考結果のご連絡", cs="UTF-8"), text_part(body, "x-foo", "8bit"))


@row("ja_bad_quoted_printable", "pass", "bad-quoted-printable", "ja",
     "UTF-8 QP text with an invalid =ZZ escape and a truncated sequence")
def _():
    body = T.ja_reject_shinsotsu(nm(ITO))
    p = text_part(body, "UTF-8", "quoted-printable")
    lines = p.body.split(CRLF)
    lines[3] = b"=ZZ" + lines[3][3:]
    lines[5] = lines[5] + b"=E3=8"
    p.body = CRLF.join(lines)
    return message(top(102, SAIYO, [ITO], "最終選考結果のご連絡", cs="UTF-8"), p)


@row("en_usascii_with_8bit", "pass", "8bit-in-7bit-charset|charset-decode-error", "en", "charset us-ascii, CTE 8bit, UTF-8 bytes in the body")
def _():
    body = T.en_reject_regret(nm(LUCAS)) + "\nJosé Álvarez — Talent Acquisition\n"
    p = text_part("\n", "us-ascii", "8bit")
    p.body = text_bytes(body, "utf-8")
    return message(top(103, RECRUIT, [LUCAS], "Your application", ja=False), p)


@row("en_duplicate_content_type", "pass", "duplicate-content-type", "en", "two Content-Type fields (ambiguous MIME)")
def _():
    body = T.en_reject_filled(nm(SARAH)) + "\n" + T.EN_SIG
    p = text_part(body, "us-ascii", "7bit")
    p.headers.insert(1, ("Content-Type", 'text/html; charset="us-ascii"'))
    return message(top(104, EMILY, [SARAH], "Your application", ja=False), p)


@row("ja_long_line_over_998", "pass", "long-line", "ja", "UTF-8 8bit rejection with a 1200-octet line")
def _():
    long = "誠に残念ながら、" + "今回は採用を見送らせていただくことになりました。" * 16
    body = T.ja_reject_standard(nm(WATANABE)) + "\n" + long + "\n"
    assert len(long.encode("utf-8")) > 998
    return message(top(105, SAIYO, [WATANABE], "選考結果のご連絡", cs="UTF-8"), text_part(body, "UTF-8", "8bit"))


@row("en_deep_nesting", "pass", "nesting", "en", "rejection inside 20 nested multipart/mixed levels")
def _():
    body = T.en_reject_move_forward(nm(JANE)) + "\n" + T.EN_SIG
    e = text_part(body, "us-ascii", "7bit")
    for i in range(20):
        e = multi("mixed", [e], "nest-%02d" % i)
    return message(top(106, EMILY, [JANE], "Your application", ja=False), e)


@row("en_nul_in_header", "pass", "bad-header|nul", "en", "NUL byte inside a header field")
def _():
    body = T.en_reject_proceeding(nm(MICHAEL)) + "\n" + T.EN_SIG
    h = top(107, EMILY, [MICHAEL], "Your application", ja=False, extra=[("X-Campaign", "fall\x002026")])
    return message(h, text_part(body, "us-ascii", "7bit"))


@row("en_read_receipt_report", "pass", "report", "en",
     "read receipt (multipart/report; disposition-notification) without Auto-Submitted")
def _():
    human = ("This is a receipt for the mail you sent to emily.carter@example.com at 11/2/2026 10:00 AM.\n\n"
             "This receipt verifies that the message has been displayed on the recipient's computer.\n"
             "We regret to inform you that we have decided not to move forward with your application.\n")
    mdn = ("Reporting-UA: Example Corp Mail; Outlook 16.0\nFinal-Recipient: rfc822;emily.carter@example.com\n"
           "Original-Message-ID: <CAJ108@mail.gmail.com>\nDisposition: manual-action/MDN-sent-manually; displayed\n")
    m = multi("report", [text_part(human, "us-ascii", "7bit", quoted=False),
                         Part([("Content-Type", "message/disposition-notification")], text_bytes(mdn, "us-ascii"))],
              "mdn-108", params="; report-type=disposition-notification")
    return message(top(108, EMILY, [JANE], "Read: Your application", ja=False), m)


@row("ja_nested_same_boundary", "pass", "mime-no-boundary", "ja",
     "inner multipart/alternative reuses its parent's boundary (ambiguous MIME)")
def _():
    text = T.ja_reject_standard(nm(ITO)) + "\n" + T.JA_SIG
    inner = multi("alternative", [text_part(text, "ISO-2022-JP", "7bit"),
                                  text_part(html_doc(text, "ISO-2022-JP"), "ISO-2022-JP", "7bit", "html")],
                  "same-109")
    m = multi("mixed", [inner, pdf_part("result.pdf", 109, True)], "same-109")
    return message(top(109, SAIYO, [ITO], "選考結果のご連絡"), m)


# ================================================= further probes


@row("ja_reject_miokuri_toshite", "inject", "-", "ja", "rejection: 見送りとさせていただきます / ご希望に添えない")
def _():
    body = T.ja_reject_miokuri_toshite(nm(SASAKI)) + "\n" + T.JA_SIG
    return message(top(110, SAIYO, [SASAKI], "選考結果について", cs="UTF-8"), text_part(body, "UTF-8", "8bit"))


@row("ja_reject_fusaiyo_blunt", "inject", "-", "ja", "rejection: 不採用となりました / 選考を終了 (part-time job)")
def _():
    body = T.ja_reject_fusaiyo(nm(ITO)) + "\n" + T.JA_SIG_SHORT
    return message(top(111, SAIYO, [ITO], "面接結果のお知らせ"), text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_miawase_sjis", "inject", "-", "ja", "rejection: 採用を見合わせる, Shift_JIS")
def _():
    body = T.ja_reject_miawase(nm(NAKAMURA)) + "\n" + T.JA_SIG
    return message(top(112, JINJI, [NAKAMURA], "選考結果のご連絡", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "8bit"))


@row("en_reject_move_forward_with_others", "inject", "-", "en",
     "rejection: 'decided to move forward with other candidates'")
def _():
    text = T.en_reject_move_forward_others(nm(JANE)) + "\nEmily\n"
    return message(top(113, EMILY, [JANE], "Account Manager role", ja=False),
                   alt(text_part(text, "utf-8", "7bit"), text_part(html_doc(text, "utf-8"), "utf-8", "7bit", "html"),
                       "alt-113"))


@row("en_reject_unsuccessful_uk", "inject", "-", "en",
     "UK rejection: 'your application has been unsuccessful', 'unable to offer you the position'")
def _():
    body = T.en_reject_unsuccessful(nm(SARAH)) + "\nJames Whitfield\nGraduate Recruitment, Example Corp\n"
    return message(top(114, RECRUIT, [SARAH], "Your application - Graduate Analyst", ja=False),
                   text_part(body, "iso-8859-1", "quoted-printable"))


@row("en_reject_different_direction", "inject", "-", "en",
     "rejection: 'go in a different direction and proceed with another candidate'")
def _():
    body = T.en_reject_different_direction(nm(DANIEL)) + "\nEmily\n"
    return message(top(115, EMILY, [DANIEL], "Head of Design", ja=False), text_part(body, "us-ascii", "7bit"))


@row("ja_naitei_jitai_ack", "pass", "score-below-threshold", "ja",
     "acknowledging the candidate's 内定辞退 (残念ではございますが, お祈り申し上げます)")
def _():
    body = T.ja_naitei_jitai_ack(nm(TAKAHASHI)) + "\n" + T.JA_SIG
    return message(top(116, SAIYO, [TAKAHASHI], "Re: 内定辞退のご連絡", cs="UTF-8"), text_part(body, "UTF-8", "8bit"))


@row("ja_goukaku_result", "pass", "score-below-threshold", "ja", "一次選考合格 titled 選考結果のご連絡")
def _():
    body = T.ja_goukaku(nm(WATANABE)) + "\n" + T.JA_SIG
    return message(top(117, SAIYO, [WATANABE], "選考結果のご連絡"), text_part(body, "ISO-2022-JP", "7bit"))


@row("en_withdrawal_ack", "pass", "score-below-threshold", "en",
     "acknowledging a candidate's withdrawal ('Unfortunately the timing...')")
def _():
    body = T.en_withdrawal_ack(nm(PRIYA)) + "\nEmily\n"
    return message(top(118, EMILY, [PRIYA], "Re: Withdrawing my application", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_complaint_reply", "pass", "score-below-threshold", "ja",
     "support reply: 誠に残念ながら / ご期待に沿えない結果 about a return")
def _():
    body = T.ja_complaint_reply(nm(KOBAYASHI)) + "\nサンプルストア カスタマーサポート\n"
    return message(top(119, SUPPORT_JA, [KOBAYASHI], "返品のご依頼につきまして", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("en_partner_program_decline", "pass", "score-below-threshold", "en",
     "B2B: 'will not be proceeding with your partnership application'")
def _():
    body = T.en_partner_decline("Alex") + "\nPartner Team, Example Corp\n"
    return message(top(120, ("Example Corp Partnerships", "partners@example.com"),
                       [("Alex Rivera", "alex@northwind-consulting.com")], "Your Partner Program application",
                       ja=False), text_part(body, "us-ascii", "7bit"))


@row("en_next_round_weak_signals", "pass", "score-below-threshold", "en",
     "good news ('after careful consideration ... final conversation') titled 'Update on your application'")
def _():
    body = T.en_next_round(nm(MICHAEL)) + "\nBest regards,\n" + T.EN_SIG
    return message(top(121, RECRUIT, [MICHAEL], "Update on your application", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_alt_stub_plain_html_reject", "inject", "-", "ja",
     "alternative: text/plain only says 'HTML形式で送信しています', the rejection is in the HTML")
def _():
    stub = "このメールはHTML形式で送信しています。\nHTMLメールを表示できる環境でご覧ください。\n"
    text = T.ja_reject_standard(nm(WATANABE)) + "\n" + T.JA_SIG
    return message(top(122, SAIYO, [WATANABE], "選考結果のご連絡", cs="UTF-8"),
                   alt(text_part(stub, "UTF-8", "base64"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"),
                       "----=_NextPart_stub_122"))


@row("en_alt_empty_plain_html_reject", "inject", "-", "en",
     "alternative: an empty text/plain part, the rejection in the HTML")
def _():
    text = T.en_reject_proceeding(nm(MICHAEL).split()[0]) + "\nBest regards,\n" + T.EN_SIG
    return message(top(123, RECRUIT, [MICHAEL], "Your application", ja=False),
                   alt(text_part("\n", "us-ascii", "7bit"),
                       text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html"),
                       "b123-alt"))


@row("en_reject_ascii_ja_subject", "inject", "-", "en",
     "English rejection in us-ascii 7bit under a Japanese subject: the English invitation")
def _():
    body = T.en_reject_move_forward(nm(PRIYA).split()[0]) + "\nBest regards,\n" + T.EN_SIG
    return message(top(124, RECRUIT, [PRIYA], "選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_reject_raw_utf8_subject", "inject", "-", "ja",
     "Subject and From display name as raw UTF-8 (RFC 6532), not encoded-words")
def _():
    raw = lambda t: t.encode("utf-8").decode("ascii", "surrogateescape")
    hdrs = [(n, raw("選考結果のご連絡") if n == "Subject" else
             raw('"サンプル株式会社 採用担当" <saiyo@example.co.jp>') if n == "From" else v)
            for n, v in top(125, SAIYO, [TAKAHASHI], "x", cs="UTF-8")]
    body = T.ja_reject_shinsotsu(nm(TAKAHASHI)) + "\n" + T.JA_SIG_SHORT
    return message(hdrs, text_part(body, "UTF-8", "8bit"))


def ms_jis_line(line, kana=False):
    """ms_jis_line - one line as Outlook writes ISO-2022-JP (CP50220): JIS X
    0208 pairs taken from cp932, so NEC row 13 (①, ㈱) and the IBM extensions
    are written too; with kana, half-width katakana in ESC ( I (CP50221); a
    character only JIS X 0212 has in ESC $ ( D (ISO-2022-JP-1)"""
    out, state = b"", b"(B"
    for ch in line:
        try:
            sj = ch.encode("cp932")
        except UnicodeEncodeError:
            sj = ch.encode("euc_jp")
            assert len(sj) == 3 and sj[0] == 0x8F, ch
        if len(sj) == 3:
            want, data = b"$(D", bytes((sj[1] - 0x80, sj[2] - 0x80))
        elif len(sj) == 1 and sj[0] < 0x80:
            want, data = b"(B", sj
        elif len(sj) == 1:
            assert kana, ch
            want, data = b"(I", bytes((sj[0] - 0x80,))
        else:
            s1, s2 = sj
            row = (s1 - 0x81 if s1 < 0xA0 else s1 - 0xC1) * 2 + 0x21
            if s2 >= 0x9F:
                want, data = b"$B", bytes((row + 1, s2 - 0x7E))
            else:
                want, data = b"$B", bytes((row, s2 - 0x1F - (1 if s2 >= 0x80 else 0)))
        if want != state:
            out += b"\x1b" + want
            state = want
        out += data
    return out + (b"\x1b(B" if state != b"(B" else b"")


def ms_jis(text, kana=False):
    """ms_jis - text with '\\n' line ends in CP50220/CP50221 bytes, CRLF"""
    return CRLF.join(ms_jis_line(line, kana) for line in text.split("\n"))


@row("ja_reject_iso2022jp_outlook_nec", "inject", "-", "ja",
     "ISO-2022-JP as Outlook writes it (CP50220): ①②, ㈱ and ～ in the body and ㈱ in the subject")
def _():
    import base64
    body = T.ja_reject_vendor_chars(nm(SUZUKI)) + "\n" + T.JA_SIG
    hdrs = [(n, "=?ISO-2022-JP?B?%s?=" % base64.b64encode(ms_jis_line(
        "選考結果のご連絡（㈱サンプル）")).decode() if n == "Subject" else v)
            for n, v in top(126, SAIYO, [SUZUKI], "x")]
    part = Part([("Content-Type", 'text/plain; charset="ISO-2022-JP"'),
                 ("Content-Transfer-Encoding", "7bit")], ms_jis(body))
    return message(hdrs, part, mailer="Microsoft Outlook 16.0")


@row("ja_reject_iso2022jp_halfwidth_kana_escI", "inject", "-", "ja",
     "ISO-2022-JP with half-width katakana in ESC ( I (CP50221), labelled ISO-2022-JP")
def _():
    body = T.ja_reject_standard(nm(ITO)) + "\nｻﾝﾌﾟﾙ株式会社 ｼﾞﾝｼﾞﾌﾞ\n"
    part = Part([("Content-Type", 'text/plain; charset="ISO-2022-JP"'),
                 ("Content-Transfer-Encoding", "7bit")], ms_jis(body, kana=True))
    return message(top(127, SAIYO, [ITO], "選考結果のご連絡"), part)


@row("ja_html_only_charset_in_meta", "inject", "-", "ja",
     "HTML-only Shift_JIS rejection whose Content-Type names no charset: the <meta> declares it")
def _():
    text = T.ja_reject_standard(nm(KOBAYASHI)) + "\n" + T.JA_SIG
    part = Part([("Content-Type", "text/html"), ("Content-Transfer-Encoding", "8bit")],
                text_bytes(html_doc(text, "Shift_JIS"), "Shift_JIS"))
    return message(top(128, SAIYO, [KOBAYASHI], "選考結果のご連絡"), part)


@row("en_alt_html_meta_charset_utf8", "inject", "-", "en",
     "alternative whose base64 HTML part names no charset but has <meta charset=\"utf-8\">")
def _():
    text = T.en_reject_proceeding(nm(MICHAEL).split()[0]) + "\nBest regards,\n" + T.EN_SIG.replace("Example Corp", "Example Corp \u2014 Z\u00fcrich")
    html = ('<!DOCTYPE html>\n<html><head>\n<!-- <meta charset="iso-8859-1"> -->\n'
            '<meta charset="utf-8">\n<title>Your application</title></head>\n<body>\n'
            + html_paras(text, "p") + "\n</body></html>\n")
    hpart = Part([("Content-Type", "text/html"), ("Content-Transfer-Encoding", "base64")],
                 b64_encode(text_bytes(html, "UTF-8")))
    return message(top(129, RECRUIT, [MICHAEL], "Your application", ja=False),
                   alt(text_part(text, "UTF-8", "quoted-printable"), hpart, "b129-alt"))


@row("en_related_start_names_root", "inject", "-", "en",
     "multipart/related whose start parameter names its first part (the HTML root)")
def _():
    text = T.en_reject_move_forward(nm(PRIYA).split()[0]) + "\nBest regards,\n" + T.EN_SIG
    html = html_doc(text, "utf-8", after='<p><img src="cid:logo@example.com"></p>\n')
    rel = multi("related", [text_part(html, "utf-8", "quoted-printable", "html",
                                      more=[("Content-ID", "<root.130@example.com>")]),
                            raw_part("image/png", png(3, 3), "base64", None,
                                     [("Content-ID", "<logo@example.com>")])],
                "rel-130", params=';\r\n\ttype="text/html"; start="<root.130@example.com>"')
    return message(top(130, RECRUIT, [PRIYA], "Your application", ja=False), rel)


@row("en_related_start_names_later_part", "pass", "related-start", "en",
     "multipart/related whose start parameter names its second part: readers differ on the root")
def _():
    text = T.en_reject_move_forward(nm(PRIYA).split()[0]) + "\nBest regards,\n" + T.EN_SIG
    html = html_doc(text, "utf-8")
    rel = multi("related", [raw_part("image/png", png(3, 3), "base64", None,
                                     [("Content-ID", "<logo.131@example.com>")]),
                            text_part(html, "utf-8", "quoted-printable", "html",
                                      more=[("Content-ID", "<root.131@example.com>")])],
                "rel-131", params=';\r\n\ttype="text/html"; start="<root.131@example.com>"')
    return message(top(131, RECRUIT, [PRIYA], "Your application", ja=False), rel)


# ====================================== review rv-cls: unseen real-world forms
# Rejections the rules missed and near misses they injected, found by writing
# mail the rules had never seen (each fixed in contrib/rules/careerrelay.rules).

HOIKUEN = ("サンプル保育園 園長 遠藤", "hoikuen@example.co.jp")
CONF_JA = ("サンプルカンファレンス 2027 実行委員会", "cfp@example.co.jp")
PARENT = ("井上 さくら", "sakura.inoue@yahoo.co.jp")
VENDOR_HR = ("Kevin Ross", "kevin@hirewise-ai.com")
ADMISSIONS = ("Postgraduate Admissions", "pgadmissions@example.com")


@row("ja_reject_omiokuri_toiu_kekka_sjis", "inject", "-", "ja",
     "rejection with only お見送りという結果 (no 不採用, no 見送らせて), Shift_JIS 8bit")
def _():
    body = T.ja_reject_omiokuri_kekka(nm(NAKAMURA)) + "\n" + T.JA_SIG
    return message(top(132, JINJI, [NAKAMURA], "最終面接の結果について", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "8bit"), mailer="Microsoft Outlook 16.0")


@row("ja_reject_miokuri_handan_herp", "inject", "-", "ja",
     "start-up's curt rejection: 見送りの判断となりました, X-Mailer HERP")
def _():
    body = T.ja_reject_miokuri_handan(nm(KOBAYASHI))
    return message(top(133, SAIYO, [KOBAYASHI], "選考結果のご連絡（サンプル株式会社）", cs="UTF-8"),
                   text_part(body, "UTF-8", "8bit"), mailer="HERP Hire")


@row("ja_reject_kibou_soemasen_arubaito", "inject", "-", "ja",
     "part-time job, curt: ご希望に添えませんでした (only decision phrase), ISO-2022-JP")
def _():
    body = T.ja_reject_kibou_soemasen(nm(ITO)) + "\n" + T.JA_SIG_SHORT
    return message(top(134, SAIYO, [ITO], "アルバイト応募の件"), text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_miawasete_itadaku_jobcan", "inject", "-", "ja",
     "ATS template: 採用を見合わせていただくことになりました, UTF-8 QP, X-Mailer jobcan")
def _():
    body = T.ja_reject_miawasete_itadaku(nm(SUZUKI)) + "\n" + T.JA_SIG
    return message(top(135, SAIYO, [SUZUKI], "【サンプル株式会社】選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"), mailer="jobcan")


@row("en_reject_curly_apostrophe_html", "inject", "-", "en",
     "HTML-only ATS rejection with U+2019 apostrophes: 'won’t be moving forward'")
def _():
    text = T.en_reject_wont_curly(nm(JANE)) + "\nThe Example Corp Team\n"
    return message(top(136, HIRING, [JANE], "Update on your Example Corp application", ja=False),
                   text_part(html_doc(text, "utf-8"), "utf-8", "quoted-printable", "html"), mailer="Ashby")


@row("en_reject_not_extend_offer_onsite", "inject", "-", "en",
     "after an onsite: 'decided not to extend an offer at this time'")
def _():
    text = T.en_reject_not_extend_offer(nm(DANIEL).split()[0]) + "\nWarm regards,\n" + T.EN_SIG
    return message(top(137, EMILY, [DANIEL], "Example Corp - onsite follow-up", ja=False),
                   alt(text_part(text, "utf-8", "quoted-printable"),
                       text_part(html_doc(text, "utf-8"), "utf-8", "quoted-printable", "html"), "alt-133"))


@row("en_reject_someone_else_two_line", "inject", "-", "en",
     "two-line note: 'move forward with someone else for this role'")
def _():
    body = T.en_reject_someone_else(nm(MICHAEL).split()[0]) + "\nEmily\n"
    return message(top(138, EMILY, [MICHAEL], "Re: Frontend engineer role", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_reject_uk_not_been_successful", "inject", "-", "en",
     "UK graduate scheme: 'your application has not been successful', latin-1 QP")
def _():
    body = T.en_reject_not_been_successful(nm(SARAH)) + "\nGraduate Recruitment Team\nExample Corp\n"
    return message(top(139, RECRUIT, [SARAH], "Example Corp Graduate Scheme 2027", ja=False),
                   text_part(body, "iso-8859-1", "quoted-printable"))


@row("en_reject_workday_talent_community", "inject", "-", "en",
     "Workday rejection that also 'would like to invite you to join our Talent Community'")
def _():
    body = T.en_reject_talent_community(nm(PRIYA).split()[0]) + "\nSincerely,\nExample Corp Talent Acquisition\n"
    return message(top(140, NEWS_EN, [PRIYA], "Example Corp - Financial Analyst (R-0012345)", ja=False),
                   text_part(body, "us-ascii", "7bit"), mailer="Workday")


@row("en_reject_role_you_applied_filled", "inject", "-", "en",
     "'the role you applied for has now been filled' (words between role and has)")
def _():
    body = T.en_reject_role_filled_you_applied(nm(ZOE).split()[0]) + "\nAll the best,\nThe Example Corp team\n"
    return message(top(141, NEWS_EN, [ZOE], "Your application for UX Researcher at Example Corp", ja=False),
                   text_part(body, "utf-8", "8bit"), mailer="Teamtailor")


@row("ja_nyuen_senkou_decline", "pass", "score-below-threshold", "ja",
     "nursery turning down a child's 入園 (選考の結果...ご希望に沿うことができませんでした)")
def _():
    body = T.ja_nyuen_senkou(nm(PARENT))
    return message(top(142, HOIKUEN, [PARENT], "入園選考結果のお知らせ", cs="UTF-8"),
                   text_part(body, "UTF-8", "8bit"))


@row("ja_cfp_saitaku_miokuri", "pass", "score-below-threshold", "ja",
     "conference talk rejection: プロポーザルの採択を見送らせていただく (応募, 選考)")
def _():
    body = T.ja_cfp_saitaku(nm(SASAKI))
    return message(top(143, CONF_JA, [SASAKI], "サンプルカンファレンス 2027 プロポーザル選考結果のご連絡", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("ja_agency_candidate_decline", "pass", "score-below-threshold", "ja",
     "decline of an agency's candidate, sent to the agency (ご推薦いただきました...見送り)")
def _():
    body = T.ja_agency_candidate_decline("田村", "山田太郎") + "\n" + T.JA_SIG
    return message(top(144, JINJI, [AGENT_JA], "【ご推薦者】書類選考結果のご連絡（山田太郎様）"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("en_ack_assume_unsuccessful", "pass", "score-below-threshold", "en",
     "acknowledgement: 'if you have not heard from us ... assume your application has not been successful'")
def _():
    body = T.en_ack_assume_unsuccessful(nm(LUCAS).split()[0]) + "\nKind regards,\nExample Corp Talent Acquisition\n"
    return message(top(145, RECRUIT, [LUCAS], "Application received - Risk Analyst", ja=False),
                   text_part(body, "iso-8859-1", "quoted-printable"))


@row("en_role_on_hold_still_active", "pass", "score-below-threshold", "en",
     "'the role has been put on hold ... your application is still active'")
def _():
    body = T.en_role_on_hold(nm(DANIEL).split()[0]) + "\n" + T.EN_SIG
    return message(top(146, RECRUIT, [DANIEL], "Update on your application", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_vendor_pilot_decline", "pass", "score-below-threshold", "en",
     "recruiting-tech vendor declined after a demo: 'decided not to move forward' + recruiting context")
def _():
    body = T.en_vendor_pilot_decline("Kevin") + "\nEmily\n"
    return message(top(147, EMILY, [VENDOR_HR], "Re: HireWise pilot", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_university_msc_unsuccessful", "pass", "score-below-threshold", "en",
     "university admission: 'your application to study the MSc ... has been unsuccessful'")
def _():
    body = T.en_university_unsuccessful(nm(MICHAEL).split()[0]) + "\nPostgraduate Admissions\n"
    return message(top(148, ADMISSIONS, [MICHAEL], "Your application to Example University", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_alt_long_html_notice_plain", "inject", "-", "ja",
     "alternative: text/plain is a 250-character 'sent in HTML, see My Page' notice, longer than "
     "the HTML letter that holds the rejection (i-web style)")
def _():
    notice = ("※このメールはHTML形式で配信しております。\n"
              "HTMLメールが正しく表示されない場合は、お手数ですがマイページにログインのうえ、"
              "メッセージボックスよりご確認ください。\n\n■マイページ\n"
              "https://mypage.example-iweb.jp/sample2028/\n\n"
              "※本メールは送信専用のアドレスからお送りしております。ご返信いただいてもお答えできませんので、"
              "お問い合わせはマイページのお問い合わせフォームよりお願いいたします。\n"
              "サンプル株式会社 新卒採用事務局\n")
    letter = ("松本 悠人 様\n\nサンプル株式会社 新卒採用事務局です。\n"
              "先日は適性検査を受検いただき、ありがとうございました。\n\n"
              "厳正な選考の結果、誠に残念ながら、今回は次の選考へご案内することができなくなりました。\n"
              "ご期待に沿えない結果となりましたことをお詫び申し上げます。\n\n"
              "松本様の今後のご活躍をお祈りしております。\n")
    return message(top(149, SAIYO, [WATANABE], "【サンプル株式会社】適性検査結果のご連絡", cs="UTF-8"),
                   alt(text_part(notice, "UTF-8", "base64"),
                       text_part(html_doc(letter, "UTF-8"), "UTF-8", "quoted-printable", "html"),
                       "b149-alt"))


@row("en_reject_inline_quoted_job_title", "inject", "-", "en",
     "the position is quoted on a '> ' line mid-letter; the decision follows it (inline quote, not history)")
def _():
    body = ("Dear Jane,\n\nThank you for your interest in the following position:\n\n"
            "> Senior Backend Engineer (Tokyo), requisition R-2291\n\n"
            "After careful consideration, we have decided not to move forward with your\n"
            "application at this time. We appreciate the time you invested in the interviews\n"
            "and wish you every success in your search.\n\nBest regards,\nExample Corp Recruiting\n")
    return message(top(150, RECRUIT, [JANE], "Your application to Example Corp", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("ja_reject_inline_quoted_inquiry", "inject", "-", "ja",
     "HR answers a candidate's inquiry below the quoted question (inline '> ' quoting, common in "
     "Japanese business replies): the rejection is after the quote")
def _():
    body = ("山田 太郎 様\n\nサンプル株式会社 人事部の佐藤です。\nお問い合わせいただきありがとうございます。\n\n"
            "> 先日の二次面接の結果について、いつ頃ご連絡をいただけますでしょうか。\n"
            "> お忙しいところ恐縮ですが、よろしくお願いいたします。\n\n"
            "ご連絡が遅くなり申し訳ございません。\n"
            "社内で慎重に検討を重ねました結果、誠に残念ながら今回は採用を見送らせていただくことと\n"
            "なりました。ご期待に沿えず申し訳ございません。\n\n"
            "山田様の今後のご活躍を心よりお祈り申し上げます。\n\n"
            "> 山田 太郎\n\n" + T.JA_SIG)
    return message(top(151, JINJI, [YAMADA], "Re: 二次面接の結果について"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_reject_quote_block_one_line_after", "inject", "-", "ja",
     "top-posted rejection, then a '> ' block (the candidate's mail, no attribution line) followed by "
     "one short line: the block stays history and the invitation goes above it")
def _():
    body = ("鈴木 花子 様\n\nこの度は弊社の求人にご応募いただき、誠にありがとうございました。\n"
            "書類選考の結果、誠に残念ながら今回はご希望に沿いかねる結果となりました。\n"
            "鈴木様の今後のご活躍をお祈り申し上げます。\n\nサンプル株式会社 採用担当\n\n"
            "> 営業職の求人に応募いたしました鈴木花子と申します。\n"
            "> 履歴書と職務経歴書を添付いたしますので、ご査収ください。\n\n"
            "（以上）\n")
    return message(top(152, SAIYO, [SUZUKI], "Re: 営業職への応募", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))

# ============================================ review rv3: ATS templates, agents, look-alikes

STARTUP = ("山崎（サンプル株式会社）", "yamazaki@example.co.jp")
AGENT_SELF = ("サンプル株式会社 キャリアアドバイザー 大野", "ono@example.co.jp")
TENPO = ("サンプルダイニング 新宿東口店", "shinjuku@example.co.jp")
ASHBY = ("Example Corp Hiring Team", "no-reply@example.com")
TA_IN = ("Talent Acquisition - Example Corp", "ta@example.com")
EMPLOYEE = ("山口 誠", "makoto.yamaguchi@example.co.jp")
OTHER_HR = ("株式会社ブルーオーシャン 採用担当 森", "mori@blueocean-inc.jp")
JOBNAVI = ("サンプル求人ナビ 審査センター", "shinsa@example.co.jp")
HOTEL_HR = ("株式会社ルミナスホテルズ 人事部", "recruit@luminous-hotels.co.jp")
AUDITION = ("サンプルプロダクション オーディション事務局", "audition@example.co.jp")
PARTNERS = ("Example Cloud Partner Team", "partners@example.com")
AGENCY_OWNER = ("Daniel O'Brien", "daniel@brightlane-digital.co.uk")
HM = ("Mark Doyle", "mark.doyle@example.com")
AGENT_PRIYA = ("Priya Nair", "priya.nair@talentforge-recruit.com")


@row("ja_casual_miokurasete_kudasai", "inject", "-", "ja",
     "startup's casual rejection after a Wantedly meeting: 今回は見送らせてください (no いただく)")
def _():
    body = T.ja_casual_miokurasete(nm(NAKAMURA))
    return message(top(153, STARTUP, [NAKAMURA], "Re: カジュアル面談のお礼", cs="UTF-8"),
                   text_part(body, "UTF-8", "8bit"))


@row("ja_agent_relays_miokuri", "inject", "-", "ja",
     "agent to candidate: the client's 今回は見送りとのことでした, and 求人を改めてご提案させていただきたく "
     "(our own proposal, not a vendor's)")
def _():
    body = T.ja_agent_relays_miokuri(nm(SUZUKI), "株式会社サンライズ物産") + "\n" + T.JA_SIG
    return message(top(154, AGENT_SELF, [SUZUKI], "株式会社サンライズ物産 一次面接の結果について"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_arubaito_saiyowaku_umatta", "inject", "-", "ja",
     "part-time job already filled: 採用枠はすでに埋まってしまいました (no 見送り), UTF-8 QP")
def _():
    body = T.ja_saiyowaku_umatta(nm(ITO))
    return message(top(155, TENPO, [ITO], "アルバイト応募について", cs="UTF-8"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("en_ashby_not_going_to", "inject", "-", "en",
     "Ashby-style HTML only: we\u2019re not going to move forward with your candidacy (curly apostrophe)")
def _():
    body = T.en_not_going_to(nm(SARAH).split()[0])
    return message(top(156, ASHBY, [SARAH], "Example Corp - Senior Product Manager", ja=False, mailer="Ashby"),
                   text_part(html_doc(body, "UTF-8"), "UTF-8", "quoted-printable", "html"))


@row("en_india_profile_not_shortlisted", "inject", "-", "en",
     "Indian English: your profile has not been shortlisted for further process")
def _():
    body = T.en_india_profile_not_shortlisted(nm(PRIYA).split()[0])
    return message(top(157, TA_IN, [PRIYA], "Application status - Senior Java Developer", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_talent_network_stay", "inject", "-", "en",
     "rejection + 'we would like to invite you to stay in our Talent Network' (not a next-round invitation)")
def _():
    body = T.en_talent_network_stay(nm(DANIEL).split()[0])
    return message(top(158, NEWS_EN, [DANIEL], "Your application to Example Corp", ja=False, mailer="Workday"),
                   alt(text_part(body, "UTF-8", "quoted-printable"),
                       text_part(html_doc(body, "UTF-8"), "UTF-8", "quoted-printable", "html"), "b158-alt"))


@row("en_take_home_submission", "inject", "-", "en",
     "after a take-home assignment: 'the team reviewed your submission' is not a paper or a talk")
def _():
    body = T.en_take_home_submission(nm(LUCAS).split()[0])
    return message(top(159, HIRING, [LUCAS], "Example Corp - take-home review", ja=False, mailer="Greenhouse"),
                   text_part(body, "UTF-8", "quoted-printable"))


@row("en_feedback_call_offered", "inject", "-", "en",
     "long rejection that offers to 'arrange a short call' for feedback (not interview scheduling), base64")
def _():
    body = T.en_feedback_call_offered(nm(ZOE).split()[0])
    return message(top(160, RECRUIT, [ZOE], "Example Corp | Application Update: Regional Finance Manager, APAC",
                       ja=False, mailer="Workday"),
                   alt(text_part(body, "UTF-8", "base64"),
                       text_part(html_doc(body, "UTF-8"), "UTF-8", "base64", "html"), "b160-alt"))


@row("ja_candidate_declines_offer_kisha", "pass", "score-below-threshold", "ja",
     "an employee's own mail declining another company's offer without 辞退: "
     "お話をお断りさせていただきたく ... 貴社の益々のご発展を")
def _():
    body = T.ja_candidate_declines_offer("森")
    return message(top(161, EMPLOYEE, [OTHER_HR], "Re: 選考結果のご連絡"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_ack_kibou_soenai_baai", "pass", "score-below-threshold", "ja",
     "entry acknowledgement (HTML only): 選考の結果、ご希望に添えない場合もございます")
def _():
    body = T.ja_ack_conditional(nm(WATANABE))
    return message(top(162, SAIYO, [WATANABE], "【サンプル株式会社】エントリー受付完了のお知らせ", cs="UTF-8"),
                   text_part(html_doc(body, "UTF-8"), "UTF-8", "quoted-printable", "html"))


@row("ja_ack_waku_umari_shidai", "pass", "score-below-threshold", "ja",
     "acknowledgement: 採用枠が埋まり次第、募集を終了いたします (not a filled position)")
def _():
    body = T.ja_ack_waku_shidai(nm(ITO))
    return message(top(163, TENPO, [ITO], "ご応募ありがとうございます", cs="UTF-8"),
                   text_part(body, "UTF-8", "base64"))


@row("ja_jobboard_keisai_shinsa", "pass", "score-below-threshold", "ja",
     "job board to an employer: 求人原稿の掲載審査の結果、掲載を見送らせていただきます")
def _():
    body = T.ja_jobboard_keisai_shinsa("株式会社ルミナスホテルズ")
    return message(top(164, JOBNAVI, [HOTEL_HR], "求人原稿 掲載審査結果のお知らせ", cs="UTF-8"),
                   alt(text_part(body, "UTF-8", "quoted-printable"),
                       text_part(html_doc(body, "UTF-8"), "UTF-8", "quoted-printable", "html"), "b164-alt"))


@row("ja_interview_put_off", "pass", "score-below-threshold", "ja",
     "interview put off: 明日の実施は一旦見送らせていただき、改めて日程を調整させていただきたく")
def _():
    body = T.ja_interview_put_off(nm(TAKAHASHI))
    return message(top(165, JINJI, [TAKAHASHI], "明日の面接について（お詫び）"),
                   text_part(body, "ISO-2022-JP", "7bit"))


@row("ja_audition_kekka", "pass", "score-below-threshold", "ja",
     "talent audition result (選考の結果...ご期待に沿えない結果): a talent contract, not employment, Shift_JIS")
def _():
    body = T.ja_audition(nm(KOBAYASHI))
    return message(top(166, AUDITION, [KOBAYASHI], "第5回 新人発掘オーディション 二次審査結果のお知らせ", cs="Shift_JIS"),
                   text_part(body, "Shift_JIS", "8bit"))


@row("en_partner_programme_application", "pass", "score-below-threshold", "en",
     "partner programme application: 'we won't be moving forward with your application' (not a job)")
def _():
    body = T.en_partner_program(nm(AGENCY_OWNER).split()[0])
    return message(top(167, PARTNERS, [AGENCY_OWNER], "Your Example Cloud Partner Program application", ja=False),
                   text_part(body, "us-ascii", "7bit"))


@row("en_panel_let_him_know", "pass", "score-below-threshold", "en",
     "hiring manager to an agency: 'the panel decided not to proceed. Please let him know'")
def _():
    body = T.en_panel_let_him_know(nm(AGENT_PRIYA).split()[0])
    return message(top(168, HM, [AGENT_PRIYA], "RE: Candidate - Tom Harris, Data Engineer", ja=False),
                   text_part(body, "us-ascii", "7bit"))


# ------------------------------------- s11-mime review: charsets, encodings, structure


def jis_lines(text):
    """jis_lines - ISO-2022-JP bytes of text, one line at a time (each back in ASCII)"""
    return [x.encode("iso2022_jp") for x in text.replace("\uff5e", "\u301c").split("\n")]


def qp_every(data, every):
    """qp_every - quoted-printable of bytes with CRLF lines, a soft break after
    every `every` encoded units (so soft breaks fall inside UTF-8 sequences)"""
    out = []
    for line in data.split(CRLF):
        toks = ["=%02X" % b if not (33 <= b <= 126 and b != 61) else chr(b) for b in line]
        out.append("=\r\n".join("".join(toks[i:i + every]) for i in range(0, len(toks), every)))
    return "\r\n".join(out).encode("ascii")


def qp_bytes(data, width=76):
    """qp_bytes - quoted-printable of bytes with CRLF lines, <= width, breaks
    never inside an =XX (stateful charsets may be split, as Outlook does)"""
    out = []
    for line in data.split(CRLF):
        toks = [chr(b) if (33 <= b <= 126 and b != 61) or (b == 32 and i < len(line) - 1)
                else "=%02X" % b for i, b in enumerate(line)]
        out += qp_wrap(toks, width)
    return "\r\n".join(out).encode("ascii")


def rejection_ja(name, sig=True):
    """rejection_ja - the standard Japanese rejection, signed"""
    return T.ja_reject_standard(name) + ("\n" + T.JA_SIG_SHORT if sig else "")


@row("ja_reject_sjis_nec_ibm_extensions", "inject", "-", "ja",
     "Shift_JIS 8bit with NEC row 13 and IBM extension characters (①, ㈱, ∥, 髙, 﨑, ～)")
def _():
    body = (T.ja_reject_vendor_chars(nm(TAKAHASHI)) + "\n備考∥ 選考担当：髙橋・山﨑（第①次～第②次）\n\n" +
            T.JA_SIG_SHORT)
    return message(top(169, JINJI, [TAKAHASHI], "選考結果のご連絡"), text_part(body, "shift_jis", "8bit"))


@row("ja_reject_eucjp_jisx0212", "inject", "-", "ja",
     "EUC-JP 8bit holding JIS X 0212 characters (3-byte 0x8F sequences: 丂, 鷗)")
def _():
    body = rejection_ja(nm(NAKAMURA)) + "\n面接官：森 鷗一、丂田（敬称略）\n"
    return message(top(170, SAIYO, [NAKAMURA], "選考結果のご連絡"), text_part(body, "euc-jp", "8bit"))


@row("ja_reject_iso2022jp_so_si_kana", "inject", "-", "ja",
     "ISO-2022-JP with half-width katakana shifted by SO/SI (CP50221 style) in the letter")
def _():
    lines = jis_lines(rejection_ja(nm(ITO)))
    # ｻﾝﾌﾟﾙ (0xBB 0xDD 0xCC 0xDF 0xD9 - 0x80 between SO and SI) 株式会社
    lines.insert(2, b"\x0e;]L_Y\x0f" + "株式会社 人事部です。".encode("iso2022_jp"))
    ent = Part([("Content-Type", 'text/plain; charset="ISO-2022-JP"'), ("Content-Transfer-Encoding", "7bit")],
               CRLF.join(lines))
    return message(top(171, SAIYO, [ITO], "選考結果のご連絡"), ent)


@row("ja_reject_iso2022jp_jisx0212_escape", "inject", "-", "ja",
     "ISO-2022-JP holding one JIS X 0212 character (ESC $ ( D, ISO-2022-JP-1 style)")
def _():
    lines = jis_lines(rejection_ja(nm(KOBAYASHI)))
    lines.insert(len(lines) - 3, "面接担当：".encode("iso2022_jp") + b"\x1b$(D0!\x1b(B" + "田".encode("iso2022_jp"))
    ent = Part([("Content-Type", 'text/plain; charset="ISO-2022-JP"'), ("Content-Transfer-Encoding", "7bit")],
               CRLF.join(lines))
    return message(top(172, SAIYO, [KOBAYASHI], "選考結果のご連絡"), ent)


@row("ja_reject_iso2022jp_esc_j_roman", "pass", "iso-2022-jp-state", "ja",
     "ISO-2022-JP (RFC 1468) whose lines end in JIS-Roman (ESC ( J): text after the "
     "invitation would change state, so it passes")
def _():
    body = CRLF.join(jis_lines(rejection_ja(nm(SUZUKI)))).replace(b"\x1b(B", b"\x1b(J")
    ent = Part([("Content-Type", 'text/plain; charset="ISO-2022-JP"'), ("Content-Transfer-Encoding", "7bit")], body)
    return message(top(173, SAIYO, [SUZUKI], "選考結果のご連絡"), ent)


@row("ja_reject_utf8_qp_soft_breaks_inside_chars", "inject", "-", "ja",
     "UTF-8 quoted-printable with a soft break after every second octet (inside every character)")
def _():
    data = text_bytes(rejection_ja(nm(SASAKI)), "utf-8")
    ent = Part([("Content-Type", 'text/plain; charset="UTF-8"'), ("Content-Transfer-Encoding", "quoted-printable")],
               qp_every(data, 2))
    return message(top(174, SAIYO, [SASAKI], "選考結果のご連絡", cs="UTF-8"), ent)


@row("ja_reject_alt_plain_html_calendar", "inject", "-", "ja",
     "alternative(plain, html, text/calendar CANCEL of the interview slot): calendar untouched")
def _():
    text = rejection_ja(nm(WATANABE))
    cal = ("BEGIN:VCALENDAR\nMETHOD:CANCEL\nPRODID:-//Example//ATS//JA\nVERSION:2.0\nBEGIN:VEVENT\n"
           "UID:interview-156@example.co.jp\nDTSTART:20261120T100000Z\nSUMMARY:二次面接\nSTATUS:CANCELLED\n"
           "END:VEVENT\nEND:VCALENDAR\n")
    return message(top(175, SAIYO, [WATANABE], "選考結果のご連絡", cs="UTF-8"),
                   multi("alternative", [text_part(text, "UTF-8", "base64"),
                                         text_part(html_doc(text, "UTF-8"), "UTF-8", "base64", "html"),
                                         text_part(cal, "UTF-8", "8bit", "calendar", "; method=CANCEL")],
                         "alt-156-cal"))


@row("ja_reject_mixed_rfc822_rejection_inside", "inject", "-", "ja",
     "mixed(plain rejection, message/rfc822 attachment that is itself a rejection): only the outer body")
def _():
    inner = message(top(56, SAIYO, [YAMADA], "選考結果のご連絡"),
                    text_part(rejection_ja(nm(YAMADA)), "ISO-2022-JP", "7bit"))
    note = rejection_ja(nm(YAMADA), sig=False) + "\n（前回お送りしたメールを添付いたします。）\n\n" + T.JA_SIG_SHORT
    att = Part([("Content-Type", "message/rfc822"), ("Content-Disposition", 'attachment; filename="previous.eml"')],
               inner)
    return message(top(176, SAIYO, [YAMADA], "再送：選考結果のご連絡"),
                   multi("mixed", [text_part(note, "ISO-2022-JP", "7bit"), att], "mix-157", preamble=PREAMBLE))


@row("ja_reject_html_iso2022jp_qp_split_body_tag", "inject", "-", "ja",
     "ISO-2022-JP HTML in quoted-printable whose '</body>' is cut by a soft break ('</bo=' / 'dy>')")
def _():
    h = text_bytes(html_doc(rejection_ja(nm(NAKAMURA)), "iso-2022-jp"), "ISO-2022-JP")
    q = qp_bytes(h).replace(b"</body>", b"</bo=\r\ndy>")
    ent = Part([("Content-Type", 'text/html; charset="iso-2022-jp"'), ("Content-Transfer-Encoding", "quoted-printable")],
               q)
    return message(top(177, SAIYO, [NAKAMURA], "選考結果のご連絡"), ent, mailer="Microsoft Outlook 16.0")


@row("ja_reject_html_outlook_conditional_comments", "inject", "-", "ja",
     "Outlook HTML with conditional comments, one holding '</table></body>' for mso only")
def _():
    text = rejection_ja(nm(TAKAHASHI))
    h = ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">\n'
         '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
         "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml>"
         "<![endif]-->\n</head>\n<body>\n<!--[if mso]><table width=\"600\"><tr><td><![endif]-->\n" +
         html_paras(text) + "\n<!--[if mso]></td></tr></table></body><![endif]-->\n"
         "<!--[if !mso]><!--><div style=\"font-size:12px\">サンプル株式会社</div><!--<![endif]-->\n"
         "</body>\n</html>\n")
    return message(top(178, SAIYO, [TAKAHASHI], "選考結果のご連絡", cs="UTF-8"),
                   text_part(h, "UTF-8", "quoted-printable", "html"), mailer="Microsoft Outlook 16.0")


@row("ja_reject_flowed_delsp_utf8", "inject", "-", "ja",
     "text/plain format=flowed delsp=yes: Japanese lines soft-broken every 20 characters with a trailing space")
def _():
    lines = []
    for x in rejection_ja(nm(KOBAYASHI)).split("\n"):
        while len(x) > 20:
            lines.append(x[:20] + " ")
            x = x[20:]
        lines.append(x)
    return message(top(179, SAIYO, [KOBAYASHI], "選考結果のご連絡", cs="UTF-8"),
                   text_part("\n".join(lines), "UTF-8", "8bit", extra="; format=flowed; delsp=yes"),
                   mailer="Thunderbird")


@row("en_reject_base64_unpadded", "pass", "loose-base64", "en",
     "base64 text whose final quantum lacks its '=' padding: Python's email shows it undecoded")
def _():
    body = T.en_reject_move_forward(nm(JANE)) + "\nBest regards,\n" + T.EN_SIG + "\nP.S."
    enc = b64_encode(text_bytes(body, "us-ascii"))
    assert enc.rstrip().endswith(b"=")
    ent = Part([("Content-Type", "text/plain; charset=us-ascii"), ("Content-Transfer-Encoding", "base64")],
               enc.replace(b"=", b""))
    return message(top(180, RECRUIT, [JANE], "Your application at Example Corp", ja=False), ent)


@row("ja_reject_qp_html_raw_8bit", "pass", "loose-quoted-printable", "ja",
     "quoted-printable HTML holding raw UTF-8 octets (an encoder that skipped them): not valid QP")
def _():
    text = rejection_ja(nm(ITO))
    h = text_bytes(html_doc(text, "UTF-8"), "UTF-8")
    q = qp_bytes(h).replace(b"<body>", "<body>\r\n<p>【選考結果のご連絡】</p>".encode("utf-8"))
    ent = Part([("Content-Type", 'text/html; charset="UTF-8"'), ("Content-Transfer-Encoding", "quoted-printable")], q)
    return message(top(181, SAIYO, [ITO], "選考結果のご連絡", cs="UTF-8"), ent)


@row("ja_reject_charset_comment", "pass", "content-type-comment", "ja",
     "charset=utf-8 (Unicode): a comment in the Content-Type, which Python's email keeps in the charset")
def _():
    ent = text_part(rejection_ja(nm(SUZUKI)), "utf-8", "8bit", quoted=False)
    ent.headers[0] = ("Content-Type", "text/plain; charset=utf-8 (Unicode)")
    return message(top(182, SAIYO, [SUZUKI], "選考結果のご連絡", cs="UTF-8"), ent)


@row("ja_reject_alt_boundary_comment", "pass", "content-type-comment", "ja",
     "alternative whose Content-Type ends with a comment after the boundary: readers differ on the boundary")
def _():
    text = rejection_ja(nm(SASAKI))
    ent = multi("alternative", [text_part(text, "UTF-8", "quoted-printable"),
                                text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html")],
                "alt-164")
    ent.headers[0] = ("Content-Type", 'multipart/alternative;\r\n\tboundary="alt-164" (generated by ATS)')
    return message(top(183, SAIYO, [SASAKI], "選考結果のご連絡", cs="UTF-8"), ent)



@row("ja_reject_alt_html_named_file", "pass", "alternative-attachment", "ja",
     "alternative whose HTML version carries name= and Content-Disposition: inline; filename=: "
     "it cannot be edited, and readers that show it would miss an invitation in the plain part")
def _():
    text = rejection_ja(nm(WATANABE))
    html = text_part(html_doc(text, "UTF-8"), "UTF-8", "quoted-printable", "html",
                     disp='inline; filename="letter.html"')
    html.headers[0] = ("Content-Type", 'text/html; charset="UTF-8"; name="letter.html"')
    return message(top(184, SAIYO, [WATANABE], "選考結果のご連絡", cs="UTF-8"),
                   multi("alternative", [text_part(text, "UTF-8", "quoted-printable"), html], "alt-165"))


@row('ja_partner_dairiten_boshu_decline', 'pass', 'score-below-threshold', 'ja',
     'rv4: partner: 代理店募集への応募 declined — 応募 + 見送り + 選考')
def _():
    return message(top(185, ('株式会社アステリア精機 営業部 中村', 'nakamura@asteria-seiki.co.jp'), [('株式会社ネクストリンク 代表 武田様', 'takeda@nextlink.co.jp')], '販売代理店募集へのご応募について'),
                   text_part(T.RV4_JA_PARTNER_DAIRITEN_BOSHU_DECLINE, "ISO-2022-JP", "7bit"))


@row('ja_monitor_boshu_senkou_kekka', 'pass', 'score-below-threshold', 'ja',
     'rv4: marketing: モニター募集の選考結果, 応募 + 選考 + 見送り')
def _():
    return message(top(186, ('株式会社アステリア精機 マーケティング部 清水', 'shimizu@asteria-seiki.co.jp'), [('森田 由美', 'yumi.morita@yahoo.co.jp')], '製品モニター選考結果のご連絡'),
                   text_part(T.RV4_JA_MONITOR_BOSHU_SENKOU_KEKKA, "UTF-8", "quoted-printable"))


@row('ja_recruit_fair_not_attending', 'pass', 'score-below-threshold', 'ja',
     'rv4: events: we decline to exhibit at a 合同企業説明会 (採用 context!)')
def _():
    return message(top(187, ('アステリア精機 採用担当 藤田', 'recruit@asteria-seiki.co.jp'), [('キャリアフェア運営事務局 北村様', 'kitamura@career-fair.jp')], '合同企業説明会 出展のご案内について'),
                   text_part(T.RV4_JA_RECRUIT_FAIR_NOT_ATTENDING, "Shift_JIS", "base64"))


@row('ja_shanai_koubo_employee', 'pass', 'score-below-threshold', 'ja',
     'rv4: HR to employee: 社内公募 (internal job posting) not selected — applied + 選考 + 見送り, personal address')
def _():
    return message(top(188, ('株式会社アステリア精機 人事部 吉田', 'yoshida@asteria-seiki.co.jp'), [('岡本 直樹', 'naoki.okamoto.1990@gmail.com')], '社内公募 選考結果のご連絡'),
                   text_part(T.RV4_JA_SHANAI_KOUBO_EMPLOYEE, "UTF-8", "8bit"))


@row('ja_kenkyu_josei_fusaiyo', 'pass', 'score-below-threshold', 'ja',
     "rv4: grants: our corporate foundation's 研究助成 不採用 to an applicant researcher (応募 + 選考 + 不採用)")
def _():
    return message(top(189, ('アステリア科学技術振興財団 事務局', 'josei@asteria-zaidan.or.jp'), [('東北大学 工学研究科 准教授 斉藤様', 'saito@tohoku-u.example.ac.jp')], '2027年度 研究助成 選考結果のお知らせ'),
                   multi("alternative", [text_part(T.RV4_JA_KENKYU_JOSEI_FUSAIYO, "UTF-8", "quoted-printable"),
                                text_part(html_doc(T.RV4_JA_KENKYU_JOSEI_FUSAIYO, "UTF-8"), "UTF-8", "quoted-printable", "html")], "alt-rv4-189"))


@row('en_reseller_application_decline', 'pass', 'score-below-threshold', 'en',
     "rv4: partner: reseller application declined without 'partner program' phrase")
def _():
    return message(top(190, ('Asteria Channel Team', 'channel@asteria-precision.com'), [("Kevin O'Brien", 'kevin@brightpath-systems.com')], 'Your application to become an Asteria reseller', ja=False),
                   text_part(T.RV4_EN_RESELLER_APPLICATION_DECLINE, "UTF-8", "7bit"))


@row('en_beta_waitlist_not_selected', 'pass', 'score-below-threshold', 'en',
     "rv4: marketing: beta program waitlist, 'you have not been selected' for the beta")
def _():
    return message(top(191, ('Sofia Alvarez', 'sofia.alvarez@asteria-precision.com'), [('Jason Miller', 'jason.miller@gmail.com')], 'Asteria Cloud beta: your application', ja=False),
                   multi("alternative", [text_part(T.RV4_EN_BETA_WAITLIST_NOT_SELECTED, "UTF-8", "quoted-printable"),
                                text_part(html_doc(T.RV4_EN_BETA_WAITLIST_NOT_SELECTED, "UTF-8"), "UTF-8", "quoted-printable", "html")], "alt-rv4-191"))


@row('en_community_fund_unsuccessful', 'pass', 'score-below-threshold', 'en',
     "rv4: grants: our foundation's community grant application rejected, 'grant application' veto")
def _():
    return message(top(192, ('Asteria Foundation', 'foundation@asteria-precision.com'), [('Rita Lopez, Maker Space Co-op', 'rita@makerspace-coop.org')], 'Asteria Community Fund decision', ja=False),
                   text_part(T.RV4_EN_COMMUNITY_FUND_UNSUCCESSFUL, "UTF-8", "7bit"))


@row('en_subcontract_other_applicant', 'pass', 'score-below-threshold', 'en',
     "rv4: project: subcontractor bid, 'we have chosen another candidate' for the subcontract? uses 'other applicants'")
def _():
    return message(top(193, ('Raj Patel', 'raj.patel@asteria-precision.com'), [('Natalie Gomez', 'ngomez@vertex-components.com')], 'Subcontract for the Leeds calibration lab', ja=False),
                   text_part(T.RV4_EN_SUBCONTRACT_OTHER_APPLICANT, "UTF-8", "7bit"))


@row('ja_reject_long_company_intro', 'inject', '-', 'ja',
     'rv4: long company introduction then the rejection, ISO-2022-JP')
def _():
    return message(top(194, ('株式会社アステリア精機 人事部 採用グループ', 'saiyo@asteria-seiki.co.jp'), [('青木 翼', 'tsubasa.aoki@icloud.com')], '書類選考結果のご連絡'),
                   text_part(T.RV4_JA_REJECT_LONG_COMPANY_INTRO, "ISO-2022-JP", "7bit"))


@row('en_reject_sms_short_one_line', 'inject', '-', 'en',
     "rv4: SMS-like short English: Thanks for applying - we won't be moving forward with you. Good luck!")
def _():
    return message(top(195, ('Bob Turner', 'bob@bobsbakery.example.com'), [('Jordan Lee', 'jordan.lee@gmail.com')], 'Your application', ja=False),
                   text_part(T.RV4_EN_REJECT_SMS_SHORT_ONE_LINE, "us-ascii", "7bit"))


@row('ja_chiken_sanka_miokuri', 'pass', 'score-below-threshold', 'ja',
     'rv5: clinical trial: 治験参加者募集への応募, screening result, お見送りさせていただきます')
def _():
    return message(top(196, ('アステリア臨床研究センター 治験事務局 佐藤', 'chiken@asteria-crc.jp'), [('山口 健一', 'k.yamaguchi@gmail.com')], '治験参加のご応募について（結果のご連絡）'),
                   text_part(T.RV5_JA_CHIKEN_SANKA_MIOKURI, "ISO-2022-JP", "7bit"))


@row('ja_kikaku_compe_fusaiyo', 'pass', 'score-below-threshold', 'ja',
     'rv5: media: 企画コンペ 応募, 企画書 不採用 (企画書 slips the 企画-不採用 veto), no 貴社')
def _():
    return message(top(197, ('アステリア放送 制作局 プロデューサー 大西', 'onishi@asteria-tv.jp'), [('映像制作 フリーランス 中田様', 'nakata.films@gmail.com')], '番組企画コンペの選考結果について'),
                   text_part(T.RV5_JA_KIKAKU_COMPE_FUSAIYO, "ISO-2022-JP", "7bit"))


@row('ja_career_challenge_employee', 'pass', 'score-below-threshold', 'ja',
     'rv5: internal HR to employee: キャリアチャレンジ制度 応募, 選考の結果 異動見送り (no 社内公募/異動希望)')
def _():
    return message(top(198, ('アステリア精機 人事部 吉田', 'yoshida@asteria-seiki.co.jp'), [('生産技術部 田村 誠', 'tamura@asteria-seiki-tech.co.jp')], 'キャリアチャレンジ制度 選考結果のご連絡'),
                   text_part(T.RV5_JA_CAREER_CHALLENGE_EMPLOYEE, "UTF-8", "8bit"))


@row('ja_kyoka_senshu_senko', 'pass', 'score-below-threshold', 'ja',
     'rv5: sport federation: 代表候補選手選考 結果, 選出を見送らせていただきます')
def _():
    return message(top(199, ('日本アステリア競技連盟 強化委員会', 'kyoka@jaf-sports.example.jp'), [('山本 大輝 選手', 'daiki.yamamoto@gmail.com')], '2027年度 強化指定選手選考の結果について'),
                   text_part(T.RV5_JA_KYOKA_SENSHU_SENKO, "UTF-8", "quoted-printable"))


@row('en_seller_application_declined', 'pass', 'score-below-threshold', 'en',
     "rv5: marketplace seller application: 'thank you for applying', 'your seller application has been declined'")
def _():
    return message(top(200, ('Asteria Market Seller Team', 'sellers@asteria-market.com'), [('Daniel Ortiz', 'dortiz@brightline-tools.com')], 'Update on your seller application', ja=False),
                   text_part(T.RV5_EN_SELLER_APPLICATION_DECLINED, "UTF-8", "7bit"))


@row('en_internal_posting_employee', 'pass', 'score-below-threshold', 'en',
     "rv5: internal HR to employee: internal posting, 'your application for the Team Lead role was not successful'")
def _():
    return message(top(201, ('People Team', 'people@asteria-group.com'), [('Chris Wong', 'chris.wong@asteria-group.co.uk')], 'Internal posting: Team Lead, Payments', ja=False),
                   multi("alternative", [text_part(T.RV5_EN_INTERNAL_POSTING_EMPLOYEE, "UTF-8", "quoted-printable"),
                                text_part(html_doc(T.RV5_EN_INTERNAL_POSTING_EMPLOYEE, "UTF-8"), "UTF-8", "quoted-printable", "html")], "alt-rv5-201"))


@row('en_reject_candidate_experience_survey', 'inject', '-', 'en',
     "rv5: ATS rejection with a candidate experience survey link ('your candidate experience')")
def _():
    return message(top(202, ('Asteria Careers', 'careers@asteria-group.com'), [('Nina Patel', 'nina.patel@gmail.com')], 'Your application to Asteria Group', ja=False),
                   text_part(T.RV5_EN_REJECT_CANDIDATE_EXPERIENCE_SURVEY, "UTF-8", "7bit"))


@row('ja_reject_tsuka_itashimasen', 'inject', '-', 'ja',
     'rv5: rejection saying 書類選考を通過いたしませんでした (humble negative of 通過)')
def _():
    return message(top(203, ('アステリア物流 人事部 採用担当', 'saiyo@asteria-logi.jp'), [('小林 蓮', 'ren.kobayashi@gmail.com')], '書類選考結果のご連絡'),
                   text_part(T.RV5_JA_REJECT_TSUKA_ITASHIMASEN, "ISO-2022-JP", "7bit"))


@row('en_reject_whose_availability', 'inject', '-', 'en',
     "rv5: home care agency: caregiver, 'decided to go with other applicants'")
def _():
    return message(top(204, ('Asteria Home Care Hiring', 'hiring@asteria-homecare.com'), [('Rosa Diaz', 'rosa.diaz@gmail.com')], 'Caregiver position', ja=False),
                   text_part(T.RV5_EN_REJECT_WHOSE_AVAILABILITY, "UTF-8", "7bit"))



def build():
    """build - run every registered builder"""
    return [(n, e, r, lang, note, fn()) for n, e, r, lang, note, fn in ROWS]
