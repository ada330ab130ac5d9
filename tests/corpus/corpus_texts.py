"""corpus_texts.py - the Unicode texts of the corpus messages (used by
make_corpus.py). Lines end with '\\n'; make_corpus.py writes CRLF."""

# ------------------------------------------------------------ signatures

JA_SIG = """━━━━━━━━━━━━━━━━━━━━━━
サンプル株式会社
人事部 採用チーム 佐藤 花子
〒100-0005 東京都千代田区丸の内1-1-1
TEL：03-1234-5678 / E-mail：saiyo@example.co.jp
━━━━━━━━━━━━━━━━━━━━━━
"""

JA_SIG_SHORT = """サンプル株式会社 人事部
採用担当 佐藤
"""

EN_SIG = """Emily Carter
Talent Acquisition Partner | Example Corp
recruiting@example.com | +1 (415) 555-0134
"""

# ------------------------------------------------- Japanese rejections


def ja_reject_standard(name, pos="中途採用（法人営業職）"):
    """ja_reject_standard - 誠に残念ながら / 見送らせていただく / ご期待に沿えない"""
    return f"""{name}様

この度は、サンプル株式会社の{pos}にご応募いただき、
誠にありがとうございました。

書類および面接の内容をもとに慎重に選考を進めました結果、
誠に残念ながら、今回は採用を見送らせていただくことになりました。

ご期待に沿えない結果となり大変申し訳ございませんが、
何卒ご理解賜りますようお願い申し上げます。

なお、お預かりしました応募書類は、弊社にて責任をもって破棄いたします。

末筆ではございますが、{name}様の今後のご活躍を心よりお祈り申し上げます。
"""


def ja_reject_kii(name):
    """ja_reject_kii - 残念ではございますが / 貴意に添いかねる"""
    return f"""{name}様

先日はお忙しい中、一次面接にお越しいただき誠にありがとうございました。

社内で慎重に検討いたしました結果、残念ではございますが、
今回は貴意に添いかねる結果となりました。

数ある企業の中から弊社にご関心をお寄せいただきましたことに、
改めて御礼申し上げます。

{name}様の今後のご健勝とご活躍をお祈り申し上げます。
"""


def ja_reject_goen(name, pos="Webエンジニア職"):
    """ja_reject_goen - 今回はご縁がなかった"""
    return f"""{name}様

このたびは弊社{pos}の選考にご参加いただき、ありがとうございました。

厳正なる選考の結果、大変恐縮ながら今回はご縁がなかったものとさせていただきます。
ご希望に沿うことができず、誠に申し訳ございません。

貴重なお時間を割いていただきましたこと、心より感謝申し上げます。
今後の{name}様のご活躍を心よりお祈り申し上げます。
"""


def ja_reject_shinsotsu(name):
    """ja_reject_shinsotsu - new-graduate final interview"""
    return f"""{name}様

サンプル株式会社 新卒採用担当でございます。
先日は最終面接にご参加いただき、誠にありがとうございました。

慎重かつ厳正なる選考を行いました結果、誠に残念ながら
今回は{name}様のご期待に沿えない結果となりました。

本選考にあたり、弊社に多大なるご興味をお持ちいただいたことに
心より御礼申し上げます。

末筆ながら、{name}様の今後一層のご活躍をお祈り申し上げます。
"""


def ja_reject_ats(name, pos="カスタマーサクセス（東京）"):
    """ja_reject_ats - short message as an ATS sends it"""
    return f"""{name} 様

この度は「{pos}」のポジションにご応募いただき、ありがとうございました。
慎重に選考いたしました結果、誠に残念ながら今回はご期待に沿いかねる結果となりました。

ご応募いただいたことに感謝するとともに、{name}様の今後のご活躍を心よりお祈り申し上げます。

※本メールは送信専用アドレスから配信しております。ご返信いただいてもお答えできませんのでご了承ください。
"""


def ja_reject_shorui(name, pos="経理スタッフ"):
    """ja_reject_shorui - rejected at the document screening (書類選考, not 通過)"""
    return f"""{name}様

この度は、弊社の{pos}の求人にご応募いただき、誠にありがとうございました。

ご提出いただいた応募書類をもとに慎重に書類選考を行いました結果、
誠に残念ではございますが、今回は採用を見送らせていただくこととなりました。

ご期待に沿えず大変恐縮ではございますが、ご了承いただけますと幸いです。
{name}様の今後のご活躍を心よりお祈り申し上げます。
"""


def ja_reject_vendor_chars(name):
    """ja_reject_vendor_chars - with CP932 vendor characters (①, ㈱, ～)"""
    return f"""{name}様

㈱サンプル 人事部の佐藤でございます。
この度は弊社の選考にご応募いただき、誠にありがとうございました。

① 書類選考
② 一次面接（10:00～11:00）
上記の選考を経て、慎重に検討いたしました結果、
誠に残念ながら今回は採用を見送らせていただくことになりました。

ご期待に沿えない結果となりましたことをお詫び申し上げますとともに、
{name}様の今後のご活躍を心よりお祈り申し上げます。
"""


def ja_reject_halfwidth(name):
    """ja_reject_halfwidth - half-width katakana and full-width ASCII forms"""
    return f"""{name}様

ｻﾝﾌﾟﾙ株式会社　ｷｬﾘｱ採用ﾁｰﾑです。
この度はＩＴｺﾝｻﾙﾀﾝﾄ職にご応募いただき、ありがとうございました。

慎重に選考を進めました結果、誠に残念ながら今回は採用を見送らせていただくことになりました。
ご期待に沿えない結果となり、申し訳ございません。

{name}様の今後のご活躍を心よりお祈り申し上げます。
"""


def ja_reply_history(cand):
    """ja_reply_history - the candidate's earlier mail, as quoted history"""
    return f"""{cand}です。
先日は面接のお時間をいただき、ありがとうございました。
選考結果はいつ頃ご連絡いただけますでしょうか。
お忙しいところ恐縮ですが、よろしくお願いいたします。
"""


# ------------------------------------------------- Japanese look-alikes


def ja_offer(name):
    """ja_offer - 内定 (offer of employment)"""
    return f"""{name}様

先日は最終面接にお越しいただき、誠にありがとうございました。

厳正なる選考の結果、{name}様の採用を内定いたしましたので、
ここにご通知申し上げます。

つきましては、添付の内定承諾書にご署名・ご捺印のうえ、
11月20日（金）までにご返送くださいますようお願いいたします。

入社日や今後の手続きにつきましては、追ってご連絡いたします。
{name}様と一緒に働けることを、社員一同心より楽しみにしております。
"""


def ja_saiyo_kettei(name):
    """ja_saiyo_kettei - 採用決定"""
    return f"""{name}様

この度は弊社の選考にご参加いただき、誠にありがとうございました。

慎重に選考いたしました結果、{name}様の採用が決定いたしましたので、
ご連絡申し上げます。

今後のご案内として、労働条件通知書を別途郵送いたします。
ご不明な点がございましたら、お気軽にお問い合わせください。
"""


def ja_shorui_tsuka(name):
    """ja_shorui_tsuka - passed the document screening, next step"""
    return f"""{name}様

この度は弊社の求人にご応募いただき、誠にありがとうございました。

書類選考の結果、{name}様には次の選考へお進みいただくことになりました。
書類選考通過、おめでとうございます。

次の選考のご案内をお送りいたしますので、ご確認ください。

【一次面接】
日時：11月12日（木）〜11月14日（土）のうち、ご都合のよい日時
場所：弊社本社（東京都千代田区丸の内1-1-1）またはオンライン

ご都合のよい候補日を3つほど、ご返信いただけますと幸いです。
"""


def ja_next_selection(name):
    """ja_next_selection - invitation to the next interview"""
    return f"""{name}様

先日は一次面接にお越しいただき、ありがとうございました。
選考の結果、二次面接にお進みいただくこととなりましたので、ご案内いたします。

■日時：11月18日（水）14:00～15:00
■場所：オンライン（Google Meet）
■面接官：開発部 部長 田中

当日は、これまでのご経験についてより詳しくお伺いできればと存じます。
引き続きどうぞよろしくお願いいたします。
"""


def ja_interview_schedule(name):
    """ja_interview_schedule - interview scheduling"""
    return f"""{name}様

サンプル株式会社 採用担当の佐藤です。
一次面接の日程について、以下の候補日からご都合のよい日時をお知らせください。

・11月10日（火）10:00～11:00
・11月11日（水）15:00～16:00
・11月13日（金）13:00～14:00

いずれもご都合が合わない場合は、お気軽にご相談ください。
よろしくお願いいたします。
"""


def ja_interview_reschedule(name):
    """ja_interview_reschedule - 残念ながら in a reschedule"""
    return f"""{name}様

大変申し訳ございません。
11月12日（木）に予定しておりました二次面接ですが、
面接官の急な出張により、誠に残念ながら当日の実施が難しくなりました。

大変お手数ですが、下記の日程からご都合のよい日時をお選びいただけますでしょうか。

・11月16日（月）10:00～
・11月17日（火）16:00～

ご迷惑をおかけし申し訳ございませんが、何卒よろしくお願いいたします。
"""


def ja_customer_service(name):
    """ja_customer_service - customer service with 誠に残念ながら"""
    return f"""{name}様

いつもサンプルストアをご利用いただき、誠にありがとうございます。

ご注文いただきました「ステンレス保温ボトル 500ml（ネイビー）」につきまして、
メーカー欠品のため、誠に残念ながらご用意することができなくなりました。
ご期待に沿えず大変申し訳ございません。

ご注文はキャンセルとさせていただき、ご請求は発生いたしません。
今後ともサンプルストアをよろしくお願い申し上げます。

サンプルストア カスタマーサポート
support@example.co.jp
"""


def ja_vendor_decline(name):
    """ja_vendor_decline - declining a vendor's proposal"""
    return f"""株式会社テックソリューションズ
{name}様

いつもお世話になっております。サンプル株式会社 情報システム部の小川です。

先日はクラウド勤怠管理システムのご提案をいただき、誠にありがとうございました。
社内で慎重に検討いたしました結果、誠に残念ながら、今回はご提案を見送らせていただくことになりました。

せっかくご尽力いただいたにもかかわらず、ご期待に沿えず申し訳ございません。
また別の機会がございましたら、ぜひご相談させてください。
今後とも何卒よろしくお願い申し上げます。
"""


def ja_new_year(name):
    """ja_new_year - New-Year greeting with お祈り申し上げます"""
    return f"""{name}様

謹んで新春のお慶びを申し上げます。
旧年中は格別のご高配を賜り、厚く御礼申し上げます。

本年も社員一同、より一層のサービス向上に努めてまいりますので、
変わらぬご愛顧を賜りますようお願い申し上げます。

皆様のご健勝とご多幸を心よりお祈り申し上げます。

令和九年 元旦
"""


def ja_newsletter():
    """ja_newsletter - a recruiting newsletter"""
    return """━━━━━━━━━━━━━━━━━━━━━━━━━━━━
　サンプル株式会社 採用メールマガジン　2026年11月号
━━━━━━━━━━━━━━━━━━━━━━━━━━━━

いつも弊社の採用情報をご覧いただき、ありがとうございます。

■ 今月の募集ポジション
・バックエンドエンジニア（Go / Kubernetes）
・プロダクトマネージャー
・法人営業（大阪）

■ 社員インタビュー
入社3年目のエンジニアが、チームでの働き方についてお話しします。

■ オンライン会社説明会
11月21日（土）10:00より開催いたします。ぜひご参加ください。

皆様のご応募を心よりお待ちしております。

※配信停止をご希望の方は、下記URLよりお手続きください。
https://www.example.co.jp/recruit/mailmagazine/stop
"""


def ja_event_cancel(name):
    """ja_event_cancel - company event cancelled, 誠に残念ながら"""
    return f"""{name}様

サンプル株式会社 採用担当でございます。
11月21日（土）に開催を予定しておりました会社説明会につきまして、
会場の設備点検のため、誠に残念ながら中止とさせていただくことになりました。

ご参加を予定されていた皆様には大変ご迷惑をおかけし、申し訳ございません。
代替の説明会はオンラインで12月5日（土）に開催いたします。
改めてご案内いたしますので、今しばらくお待ちください。
"""


def ja_ack_reply(name):
    """ja_ack_reply - a recruiter's short acknowledgement"""
    return f"""{name}様

ご丁寧にご返信いただき、ありがとうございます。
承知いたしました。

またいつか、別の機会にご縁がございましたら幸いです。
"""


def ja_forward_note(name):
    """ja_forward_note - a note forwarding a message to an agency"""
    return f"""{name}様

いつもお世話になっております。サンプル株式会社 人事部の佐藤です。
ご推薦いただいた候補者様へお送りした連絡を、ご参考までに転送いたします。
ご確認のほど、よろしくお願いいたします。
"""


def ja_thanks_neutral(name):
    """ja_thanks_neutral - a neutral thank-you (forced by X-CareerRelay: invite)"""
    return f"""{name}様

先日はカジュアル面談にお時間をいただき、ありがとうございました。
弊社の事業や開発体制について、率直なご意見をいただけて大変参考になりました。

今後とも、どうぞよろしくお願いいたします。
"""


def ja_application_received(name):
    """ja_application_received - acknowledgement of an application"""
    return f"""{name}様

この度はサンプル株式会社の求人にご応募いただき、誠にありがとうございます。
応募書類を確かに受け付けました。

書類選考の結果につきましては、1週間以内にメールにてご連絡いたします。
今しばらくお待ちくださいますよう、お願い申し上げます。
"""


# ------------------------------------------------- English rejections


def en_reject_move_forward(first, pos="Senior Backend Engineer"):
    """en_reject_move_forward - 'we have decided not to move forward'"""
    return f"""Dear {first},

Thank you for your interest in the {pos} position at Example Corp,
and for the time you spent speaking with our team.

After careful consideration, we have decided not to move forward with
your application at this time. This was a difficult decision, as we
received applications from many highly qualified candidates.

We appreciate your interest in Example Corp and wish you every success
in your job search.
"""


def en_reject_proceeding(first, pos="Product Designer"):
    """en_reject_proceeding - 'will not be proceeding with your application'"""
    return f"""Hi {first},

Thank you for applying for the {pos} role at Example Corp.

We regret to inform you that we will not be proceeding with your
application. We received a large number of applications and the
decision was not an easy one.

We encourage you to apply for future openings that match your skills,
and we wish you all the best.
"""


def en_reject_filled(first, pos="Marketing Coordinator"):
    """en_reject_filled - 'the position has been filled'"""
    return f"""Dear {first},

Thank you for your application for the {pos} position.

We wanted to let you know that the position has been filled, and we
will therefore not be taking your application further. We truly
appreciate the time and effort you put into the process.

We wish you the very best in your future endeavors.
"""


def en_reject_other_candidates(first, pos="Data Analyst"):
    """en_reject_other_candidates - 'pursue other candidates'"""
    return f"""Dear {first},

Thank you for taking the time to interview with us for the {pos}
position. We enjoyed learning more about your background.

After careful consideration, we have decided to pursue other candidates
whose experience more closely matches the needs of the role.

We will keep your resume on file and hope you will consider Example
Corp again in the future. Best of luck in your search.
"""


def en_reject_moving_forward(first, pos="Customer Support Specialist"):
    """en_reject_moving_forward - ATS wording 'will not be moving forward'"""
    return f"""Hi {first},

Thanks so much for your interest in the {pos} role at Example Corp.

Unfortunately, after careful consideration, we will not be moving
forward with your candidacy at this time.

We appreciate you taking the time to apply and wish you the best of
luck in your job search.

The Example Corp Recruiting Team

This message was sent from an unmonitored mailbox.
"""


def en_reject_regret(first, pos="Frontend Engineer"):
    """en_reject_regret - 'we regret to inform you' + 'not to move forward'"""
    return f"""Dear {first},

Thank you for your interest in joining Example Corp as a {pos}.

We regret to inform you that, after careful consideration, we have
decided not to move forward with your application.

We were impressed by your experience and encourage you to keep an eye
on our careers page for future opportunities.

Sincerely,
"""


def en_history(name, first):
    """en_history - the candidate's earlier mail, as quoted history"""
    return f"""Hi Emily,

Thank you again for the interview last week. I wanted to follow up
and ask whether there is any update on my application.

Best regards,
{name}
"""


# ------------------------------------------------- English look-alikes


def en_offer(first):
    """en_offer - offer letter with 'after careful consideration'"""
    return f"""Dear {first},

After careful consideration of all candidates, we are delighted to
offer you the position of Senior Backend Engineer at Example Corp!

Your offer letter is attached. Please review it and let us know of
your decision by November 20, 2026. We are excited about the prospect
of you joining the team.

Congratulations, and welcome aboard!
"""


def en_interview_invite(first):
    """en_interview_invite - 'after careful consideration ... invite you'"""
    return f"""Dear {first},

Thank you for your application for the Data Analyst position.

After careful consideration of your application, we would like to
invite you to a second interview with our analytics team. Please use
the link below to choose a time that works for you:

https://calendar.example.com/book/analytics-round2

We look forward to speaking with you.
"""


def en_reschedule(first):
    """en_reschedule - 'unfortunately we need to reschedule'"""
    return f"""Hi {first},

Unfortunately we need to reschedule your interview planned for
Thursday, November 12 at 10:00 AM, as the hiring manager is out sick.

Would any of these times work for you instead?

- Monday, November 16, 2:00 PM
- Tuesday, November 17, 11:00 AM

Sorry for the inconvenience, and thanks for your flexibility.
"""


def en_customer_service(first):
    """en_customer_service - 'we regret to inform you' about an order"""
    return f"""Dear {first},

Thank you for your order #EC-20261104-7731.

We regret to inform you that the item you ordered (Wireless Keyboard,
US layout) is no longer available, and we have decided not to restock
it. Unfortunately, your order has been cancelled and a full refund
has been issued to your original payment method.

We apologize for the inconvenience.

Example Corp Customer Care
"""


def en_vendor_decline(first):
    """en_vendor_decline - declining a vendor proposal"""
    return f"""Hi {first},

Thank you for the proposal for the new expense management platform
and for the detailed demo last week.

After careful consideration, we have decided not to move forward with
your proposal at this time, as we will be extending our current
vendor contract for another year.

We appreciate the effort your team put into this and will keep you in
mind for future projects.
"""


def en_jobboard_close(first):
    """en_jobboard_close - asking a job board to close a filled posting"""
    return f"""Hi {first},

Could you please close our job posting #48213 (Marketing Coordinator,
San Francisco)? The position has been filled, so we no longer need the
listing to be active.

Please also confirm that the remaining credit will carry over to our
next posting.
"""


def en_newsletter():
    """en_newsletter - careers newsletter"""
    return """Example Corp Careers Newsletter - November 2026

Hello from the Example Corp talent team!

NEW ROLES THIS MONTH
- Staff Site Reliability Engineer (Remote, US)
- Product Marketing Manager (New York)
- Support Engineer (Tokyo)

EMPLOYEE SPOTLIGHT
Meet Aiko, who moved from support to engineering through our
internal mobility program.

Unfortunately, our November meetup in Austin is sold out, but the
recording will be posted on our blog.

You are receiving this email because you signed up for career updates.
Unsubscribe: https://careers.example.com/unsubscribe
"""


def en_meeting_decline(first):
    """en_meeting_decline - 'unfortunately' declining a meeting"""
    return f"""Hi {first},

Thanks for the invitation to the partner summit. Unfortunately I won't
be able to attend this year because of a schedule conflict.

I'd love to catch up in December if you have time.
"""


def en_ack_reply(first):
    """en_ack_reply - a recruiter's acknowledgement"""
    return f"""Hi {first},

Thank you for your kind reply. I really appreciate it, and I hope our
paths cross again.
"""


def en_forward_note(first):
    """en_forward_note - forwarding a message to an agency"""
    return f"""Hi {first},

FYI - forwarding the note we sent to your candidate for your records.
Let me know if you have any questions.
"""


def en_thanks_neutral(first):
    """en_thanks_neutral - neutral text (forced by X-CareerRelay: invite)"""
    return f"""Hi {first},

Thank you for coming in to meet the team on Friday. It was great to
hear about your work on distributed systems.

Have a great weekend!
"""


# ------------------------------------------------- further probes


def ja_reject_miokuri_toshite(name):
    """ja_reject_miokuri_toshite - 見送りとさせていただきます / ご希望に添えない"""
    return f"""{name}様

このたびは弊社の中途採用選考にご応募いただき、誠にありがとうございました。
慎重に検討を重ねました結果、今回は見送りとさせていただきます。

ご希望に添えない結果となりましたことを深くお詫び申し上げます。
今後の{name}様のますますのご活躍をお祈りいたしております。
"""


def ja_reject_fusaiyo(name):
    """ja_reject_fusaiyo - blunt 不採用 / 選考を終了"""
    return f"""{name}様

先般はアルバイト募集にご応募いただき、ありがとうございました。
面接の結果、誠に申し訳ございませんが、今回は不採用となりました。
本件をもちまして選考を終了させていただきます。

ご応募いただきましたことに、重ねて御礼申し上げます。
"""


def ja_reject_miawase(name):
    """ja_reject_miawase - 採用を見合わせる"""
    return f"""{name}様

この度は当社の募集にご応募いただき、誠にありがとうございました。

厳正なる選考の結果、残念ながら今回は採用を見合わせることとなりました。
何卒ご了承くださいますようお願い申し上げます。

末筆ながら、{name}様のご健勝とご活躍をお祈り申し上げます。
"""


def en_reject_move_forward_others(first):
    """en_reject_move_forward_others - 'decided to move forward with other candidates'"""
    return f"""Hi {first},

Thank you for taking the time to meet with our team about the Account
Manager role. We really enjoyed our conversations.

We've decided to move forward with other candidates for this position.
We'll keep your details on file and reach out if a suitable role opens
up in the future.

Best of luck with your search.
"""


def en_reject_unsuccessful(first):
    """en_reject_unsuccessful - UK style: 'unsuccessful', 'unable to offer'"""
    return f"""Dear {first},

Thank you for your recent application for the role of Graduate Analyst.

I am sorry to inform you that on this occasion your application has
been unsuccessful, and we are unable to offer you the position.

Thank you for the interest you have shown in Example Corp, and we wish
you every success in the future.

Yours sincerely,
"""


def en_reject_different_direction(first):
    """en_reject_different_direction - 'different direction', 'another candidate'"""
    return f"""Hi {first},

Thanks again for all the time you put into the interview process for
the Head of Design role.

After a lot of discussion, the team has decided to go in a different
direction and proceed with another candidate. I know this isn't the
news you were hoping for.

It was a pleasure getting to know you, and I hope we stay in touch.
"""


def ja_naitei_jitai_ack(name):
    """ja_naitei_jitai_ack - acknowledging a candidate's withdrawal from an offer"""
    return f"""{name}様

内定辞退のご連絡をいただき、ありがとうございます。
承知いたしました。

{name}様と一緒に働けることを楽しみにしておりましたので、
誠に残念ではございますが、ご決断を尊重いたします。

新しい環境での{name}様のご活躍を心よりお祈り申し上げます。
"""


def ja_goukaku(name):
    """ja_goukaku - passed the first selection (合格), next steps"""
    return f"""{name}様

先日は一次選考にご参加いただき、誠にありがとうございました。

厳正なる選考の結果、{name}様は一次選考に合格されましたので、ご連絡いたします。
二次選考の詳細につきましては、追ってご案内いたします。

引き続きよろしくお願いいたします。
"""


def en_withdrawal_ack(first):
    """en_withdrawal_ack - acknowledging a candidate's withdrawal"""
    return f"""Hi {first},

Thanks for letting us know that you have decided to withdraw your
application. We're sorry to see you go, but we completely understand.

Unfortunately the timing didn't work out this time. We wish you the
very best in your new role, and our door is always open.
"""


def ja_complaint_reply(name):
    """ja_complaint_reply - customer support reply to a complaint"""
    return f"""{name}様

この度はサンプルストアをご利用いただき、誠にありがとうございます。
お問い合わせいただきました返品のご依頼につきまして、社内で検討いたしました。

誠に残念ながら、開封済みの商品につきましては返品をお受けいたしかねます。
ご期待に沿えない結果となり、大変申し訳ございません。

今後ともサンプルストアをよろしくお願い申し上げます。
"""


def en_partner_decline(first):
    """en_partner_decline - declining a partner-programme application"""
    return f"""Hi {first},

Thank you for applying to the Example Corp Partner Program on behalf
of Northwind Consulting.

After careful consideration, we will not be proceeding with your
partnership application at this time, as we are not onboarding new
partners in your region this year.

We appreciate your interest and wish your team continued success.
"""


def en_next_round(first):
    """en_next_round - good news built only from weak rejection-context phrases"""
    return f"""Dear {first},

Thank you for your application for the Data Engineer position.

After careful consideration, our team would be glad to have you join
a final conversation with our CTO next week. Our coordinator will
send you the details shortly.

We wish you the best of luck in the final round.
"""


# ------------------------------------- review rv-cls: unseen real-world forms


def ja_reject_omiokuri_kekka(name):
    """ja_reject_omiokuri_kekka - お見送りという結果 (no 不採用, no 見送らせて)"""
    return f"""{name}様

サンプル株式会社 人事部の佐藤でございます。
先日は最終面接にお越しいただき、誠にありがとうございました。

役員一同で慎重に協議いたしましたが、今回はお見送りという結果になりました。
ご期待にお応えできず、誠に申し訳ございません。

末筆ながら、{name}様の今後のご健勝とご活躍を心よりお祈り申し上げます。
"""


def ja_reject_miokuri_handan(name):
    """ja_reject_miokuri_handan - a start-up's curt note: 見送りの判断となりました"""
    return f"""{name}様

サンプル株式会社の採用担当です。
カジュアル面談および一次面接ではありがとうございました。

チームで検討した結果、今回は見送りの判断となりました。
スキル面ではとても魅力的でしたが、現時点での募集ポジションの要件とのマッチングを重視した判断です。

また別の機会にご一緒できることがあれば嬉しいです。
ありがとうございました。
"""


def ja_reject_kibou_soemasen(name):
    """ja_reject_kibou_soemasen - part-time job, curt: ご希望に添えませんでした"""
    return f"""{name} 様

この度はアルバイト募集にご応募いただきありがとうございました。
慎重に検討させていただきましたが、今回はご希望に添えませんでした。
またの機会がございましたらよろしくお願いいたします。
"""


def ja_reject_miawasete_itadaku(name):
    """ja_reject_miawasete_itadaku - 採用を見合わせていただくことになりました"""
    return f"""{name} 様

このたびは、サンプル株式会社の「倉庫管理スタッフ（正社員）」にご応募いただき、誠にありがとうございました。

慎重に選考を進めてまいりましたが、誠に恐縮ながら、今回は採用を見合わせていただくことになりました。

末筆ではございますが、{name}様のご健勝とご活躍をお祈り申し上げます。
"""


def ja_nyuen_senkou(name):
    """ja_nyuen_senkou - a nursery turning down a child's admission (入園選考)"""
    return f"""{name} 様

サンプル保育園の遠藤です。
この度は当園の2027年度4月入園にお申し込みいただき、ありがとうございました。

選考の結果、誠に申し訳ございませんが、今回はご希望に沿うことができませんでした。
定員に空きが出ました際には、改めてご連絡させていただきます。
"""


def ja_cfp_saitaku(name):
    """ja_cfp_saitaku - a conference turning down a talk: プロポーザルの採択を見送る"""
    return f"""{name} 様

サンプルカンファレンス 2027 実行委員会です。
この度はセッションの公募にご応募いただき、誠にありがとうございました。

今年は300件を超えるご応募をいただき、厳正な選考を行いました結果、
誠に残念ながら、今回は{name}様のプロポーザルの採択を見送らせていただくこととなりました。

カンファレンス当日は、ぜひ参加者としてお越しいただけますと幸いです。
"""


def ja_agency_candidate_decline(agent, candidate):
    """ja_agency_candidate_decline - an agency told its candidate is declined"""
    return f"""{agent}様

いつもお世話になっております。サンプル株式会社の佐藤です。
先日ご推薦いただきました{candidate}様の書類選考結果についてご連絡いたします。

慎重に検討いたしましたが、今回は見送りとさせていただきます。
マネジメント経験の点で、今回のポジション要件とは少し差があるとの判断です。

引き続き、よい方がいらっしゃいましたらご紹介をお願いいたします。
"""


def en_reject_wont_curly(first):
    """en_reject_wont_curly - ATS template with U+2019 apostrophes"""
    return f"""Hi {first},

Thank you for applying to the Machine Learning Engineer role at Example Corp.

Unfortunately, we won\u2019t be moving forward with your application. We receive a high volume of applications and this decision doesn\u2019t reflect on your skills or potential.

Thanks again for your interest, and best of luck.
"""


def en_reject_not_extend_offer(first):
    """en_reject_not_extend_offer - after an onsite: not to extend an offer"""
    return f"""Hi {first},

Thank you for spending the day with us at our office last week. The team
appreciated your thoughtful answers in the system design sessions.

This was a difficult decision, but after debriefing with the interview
panel we have decided not to extend an offer at this time.

We know how much effort goes into an onsite, and we are grateful for it.
"""


def en_reject_someone_else(first):
    """en_reject_someone_else - a two-line note: moving forward with someone else"""
    return f"""Hi {first} - thanks again for your time on the interview last week. We're going to move forward with someone else for this role, but I really appreciated the conversation.
"""


def en_reject_not_been_successful(first):
    """en_reject_not_been_successful - UK graduate scheme: has not been successful"""
    return f"""Dear {first},

Thank you for your application to the Example Corp Graduate Scheme 2027.

We have received a very large number of applications this year. I am sorry
to let you know that on this occasion your application has not been
successful and we will not be progressing it to the assessment centre.

We wish you every success in your future career.
"""


def en_reject_talent_community(first):
    """en_reject_talent_community - Workday template that invites to the Talent Community"""
    return f"""Dear {first},

Thank you for your interest in the Financial Analyst position (R-0012345)
at Example Corp. We appreciate the time you invested in your application.

After reviewing your qualifications, we have decided to pursue other
candidates for this position.

We would like to invite you to join our Talent Community so that you can
stay informed about future opportunities at Example Corp.
"""


def en_reject_role_filled_you_applied(first):
    """en_reject_role_filled_you_applied - the role you applied for has been filled"""
    return f"""Hi {first},

Thanks for applying for the UX Researcher position at Example Corp. We wanted
to let you know that the role you applied for has now been filled.

We'll keep your profile in our talent pool and let you know if a similar
opportunity comes up.
"""


def en_ack_assume_unsuccessful(first):
    """en_ack_assume_unsuccessful - an acknowledgement with the silent-rejection clause"""
    return f"""Dear {first},

Thank you for your application for the Risk Analyst role at Example Corp.
This email confirms that we have received it.

We will review all applications after the closing date of 30 November. If
you have not heard from us within three weeks of the closing date, please
assume that your application has not been successful on this occasion.
"""


def en_role_on_hold(first):
    """en_role_on_hold - the role is paused, the application still active"""
    return f"""Hi {first},

Thanks for your patience. I wanted to give you a quick update: the Growth
Marketing Manager role has been put on hold for a few weeks while leadership
finalizes next year's budget.

Your application is still active and under review, and we'll reach out as
soon as hiring resumes. Nothing is needed from you in the meantime.
"""


def en_vendor_pilot_decline(first):
    """en_vendor_pilot_decline - a recruiting-tech vendor declined after a demo"""
    return f"""Hi {first},

Thanks again for the demo last week and for putting together the pilot
proposal. After discussing with our recruiting and IT teams, we've decided
not to move forward at this time. Our current ATS covers most of what we
need for the next year.

I'll reach out if our needs change.
"""


def en_university_unsuccessful(first):
    """en_university_unsuccessful - a university's postgraduate admission decision"""
    return f"""Dear {first},

Thank you for your application to study the MSc Data Science programme at
Example University for entry in September 2027.

We received a very high number of applications this year. I regret to
inform you that your application has been unsuccessful and we are unable to
offer you a place on the programme.

We wish you every success in your future studies.
"""


# ------------------------------------------------- review rv3: rejections


def ja_casual_miokurasete(name):
    """ja_casual_miokurasete - a startup's casual 今回は見送らせてください (no いただく)"""
    return f"""{name}さん

サンプルの山崎です。
先日はカジュアル面談、その後の一次面接とお時間いただきありがとうございました！

チームで話し合ったのですが、現状のフェーズで求めている経験とのマッチ度を考え、
大変恐縮ですが今回は見送らせてください。

{name}さんのプロダクトへの熱量はメンバー全員が感じていたので、本当に悩みました。
また別のタイミングでご一緒できる機会があれば嬉しいです。

山崎
"""


def ja_agent_relays_miokuri(name, client):
    """ja_agent_relays_miokuri - an agent tells the candidate the client's decision
    (見送りとのことでした) and proposes other openings (ご提案させていただきたく)"""
    return f"""{name} 様

いつもお世話になっております。サンプル株式会社 キャリアアドバイザーの大野です。
先日は{client}の一次面接、お疲れさまでした。

先ほど企業様より結果のご連絡をいただきました。
大変残念ながら、今回は見送りとのことでした。

企業様からのフィードバックとしては、「営業としてのご経験は十分だが、
今回のポジションで求めている海外顧客との折衝経験がもう少し欲しい」とのことです。

{name}様のご経験を活かせる求人を改めてご提案させていただきたく、
今週中に一度お電話でお話しできればと思います。

引き続きよろしくお願いいたします。
"""


def ja_saiyowaku_umatta(name):
    """ja_saiyowaku_umatta - a part-time job already filled: 採用枠はすでに埋まってしまいました"""
    return f"""{name} 様

サンプルダイニング 新宿東口店です。
この度はアルバイトにご応募いただき、ありがとうございました。

大変申し訳ございませんが、ご応募いただいたホールスタッフの採用枠はすでに埋まってしまいました。
せっかくご応募いただいたのに申し訳ありません。

またの機会がございましたら、よろしくお願いいたします。
"""


def en_not_going_to(first):
    """en_not_going_to - Ashby style: we're not going to move forward with your candidacy"""
    return f"""Hi {first},

Thank you for taking the time to interview with us for the Senior Product Manager role. After discussing with the team, we\u2019re not going to move forward with your candidacy.

This was a tough decision, and we genuinely appreciated getting to know you.

All the best,
The Example Corp Team
"""


def en_india_profile_not_shortlisted(first):
    """en_india_profile_not_shortlisted - Indian English: your profile has not been shortlisted"""
    return f"""Dear {first},

Greetings from Example Corp!

Thank you for showing interest in the Senior Java Developer position with us. We regret to inform you that your profile has not been shortlisted for further process.

We will retain your resume in our database and get in touch with you in case of any suitable opening in future.

Thanks & Regards,
Talent Acquisition Team
"""


def en_talent_network_stay(first):
    """en_talent_network_stay - a rejection that invites the candidate to stay in the talent network"""
    return f"""Dear {first},

Thank you for your interest in the Embedded Software Engineer role at Example Corp.

After careful review, we will not be moving forward with your application for this position.

However, we were impressed by your background and we would like to invite you to stay in our Talent Network, so that our recruiters can reach out when a role that matches your profile opens up.

Best regards,
Example Corp Talent Acquisition
"""


def en_take_home_submission(first):
    """en_take_home_submission - after a take-home assignment: 'reviewed your submission'"""
    return f"""Hi {first},

Thanks for completing the take-home assignment for the Frontend Engineer role \u2014 we know it takes real time and we appreciate it.

The team reviewed your submission carefully. There was a lot to like in the component structure, but the state management and test coverage weren't quite where we need them for this role, so unfortunately we won't be moving forward with your application.

Thanks again, and best of luck with your search.

Camila
Engineering Manager, Example Corp
"""


def en_feedback_call_offered(first):
    """en_feedback_call_offered - a long rejection that offers to arrange a feedback call"""
    return f"""Dear {first},

Thank you for taking the time to apply for the Regional Finance Manager, APAC role at Example Corp, and for the effort you put into the interview process, including the case study presentation to our regional leadership team.

We were fortunate to meet a number of highly qualified candidates for this role, and the decision was not an easy one. Having carefully considered all of the feedback from the interview panel, we regret to let you know that we will not be progressing your application further.

We understand that this news will be disappointing. If you would like feedback on your interviews, please reply to this email and we will arrange a short call.

We would be pleased to hear from you again in the future, and we wish you every success in your career.

Warm regards,

Talent Acquisition
Example Corp
"""


# ------------------------------------------------- review rv3: look-alikes


def ja_candidate_declines_offer(contact):
    """ja_candidate_declines_offer - an employee's own mail declining another company's
    offer, without 辞退 or 内定 (お話をお断りさせていただきたく ... 貴社の益々のご発展を)"""
    return f"""株式会社ブルーオーシャン
採用担当 {contact}様

お世話になっております。山口です。
先日は最終面接の機会をいただき、またありがたいお話をいただきまして、誠にありがとうございました。

家族とも相談し慎重に検討いたしましたが、現職でのプロジェクトを最後までやり遂げたいという思いが強く、
大変恐縮ではございますが、今回はお話をお断りさせていただきたく、ご連絡いたしました。

貴重なお時間を割いていただいたにもかかわらず、誠に申し訳ございません。
貴社の益々のご発展をお祈り申し上げます。

山口 誠
"""


def ja_ack_conditional(name):
    """ja_ack_conditional - an entry acknowledgement: ご希望に添えない場合もございます"""
    return f"""{name} 様

この度はサンプル株式会社の2028年度新卒採用にエントリーいただき、ありがとうございます。
エントリーシートを受け付けました。

書類選考の結果は、12月20日までにマイページにてお知らせいたします。
なお、選考の結果、ご希望に添えない場合もございますので、あらかじめご了承ください。

サンプル株式会社 新卒採用チーム
"""


def ja_ack_waku_shidai(name):
    """ja_ack_waku_shidai - an acknowledgement: 採用枠が埋まり次第、募集を終了いたします"""
    return f"""{name} 様

この度はサンプルダイニングのアルバイトにご応募いただき、ありがとうございます。
ご応募内容を確認のうえ、3日以内に面接についてご連絡いたします。

なお、採用枠が埋まり次第、募集を終了いたします。
あらかじめご了承ください。
"""


def ja_jobboard_keisai_shinsa(company):
    """ja_jobboard_keisai_shinsa - a job board to an employer: 掲載審査の結果、掲載を見送らせていただきます"""
    return f"""{company}
人事部 ご担当者様

いつもサンプル求人ナビをご利用いただき、誠にありがとうございます。

ご入稿いただいた求人原稿「フロントスタッフ（正社員）」につきまして、掲載審査を行いました結果、
給与表記が掲載基準を満たしていないため、今回は掲載を見送らせていただきます。

お手数ですが、原稿を修正のうえ再度ご入稿ください。
"""


def ja_interview_put_off(name):
    """ja_interview_put_off - an interview put off: 一旦見送らせていただき、改めて日程を調整"""
    return f"""{name} 様

サンプル株式会社 人事部の川口です。
明日予定しておりました二次面接につきまして、面接官の体調不良により、
大変申し訳ございませんが、明日の実施は一旦見送らせていただければと存じます。

改めて日程を調整させていただきたく、来週の候補をお送りいただけますでしょうか。
直前のご連絡となり、誠に申し訳ございません。
"""


def ja_audition(name):
    """ja_audition - a talent audition result (a talent contract, not employment)"""
    return f"""{name} 様

この度は、サンプルプロダクション第5回新人発掘オーディションにご応募いただき、誠にありがとうございました。

二次審査の選考の結果、誠に残念ながら今回はご期待に沿えない結果となりました。

{name}様の今後のご活躍を心よりお祈り申し上げます。

サンプルプロダクション オーディション事務局
"""


def en_partner_program(first):
    """en_partner_program - a partner programme application turned down"""
    return f"""Hi {first},

Thanks for applying to the Example Cloud Partner Program on behalf of your agency.

Our team has reviewed your application against our current program criteria. Unfortunately, we won't be moving forward with your application at this time, as we are prioritising agencies with at least three certified engineers in your region.

You're welcome to reapply in six months.

Example Cloud Partner Team
"""


def en_panel_let_him_know(first):
    """en_panel_let_him_know - a hiring manager tells an agency about its candidate"""
    return f"""Hi {first},

Thanks for sending Tom over. We met him for the second interview on Monday; the panel decided not to proceed.
His SQL was strong but we need more streaming experience for this role. Please let him know and pass on our thanks.

Could you send a couple more profiles this week?

Mark
"""


# ------------------------------------------ review rv4: business mail and new rejection styles

RV4_JA_PARTNER_DAIRITEN_BOSHU_DECLINE = """株式会社ネクストリンク
武田様

この度は弊社販売代理店募集にご応募いただき、誠にありがとうございました。
社内で選考いたしました結果、誠に残念ながら今回はご縁がなかったという結論に至りました。
ご期待に沿えず大変申し訳ございません。
今後のますますのご発展をお祈り申し上げます。
"""

RV4_JA_MONITOR_BOSHU_SENKOU_KEKKA = """森田 由美 様

この度は「アステリア家庭用精米機」モニター募集にご応募いただき、誠にありがとうございました。
多数のご応募をいただき、厳正なる選考を行いました結果、誠に残念ながら今回はご期待に添えない結果となりました。
またの機会にぜひご応募くださいますようお願い申し上げます。
"""

RV4_JA_RECRUIT_FAIR_NOT_ATTENDING = """キャリアフェア運営事務局
北村様

ご案内いただきありがとうございます。
本年度は採用計画の見直しにより、誠に残念ながら今回の合同企業説明会への参加は見送らせていただきます。
またの機会によろしくお願いいたします。
"""

RV4_JA_SHANAI_KOUBO_EMPLOYEE = """岡本さん

社内公募「新規事業開発ポジション」へのご応募ありがとうございました。
選考の結果、今回は見送りとさせていただくことになりました。
引き続き現部署でのご活躍を期待しています。
"""

RV4_JA_KENKYU_JOSEI_FUSAIYO = """斉藤 様

この度は2027年度アステリア科学技術振興財団研究助成にご応募いただき、誠にありがとうございました。
選考委員会において厳正なる選考を行いました結果、誠に残念ながら今回は不採用となりました。
多数のご応募があり、大変心苦しい結果となりましたことをご了承ください。
今後のご研究の益々のご発展をお祈り申し上げます。
"""

RV4_EN_RESELLER_APPLICATION_DECLINE = """Hi Kevin,

Thank you for your interest in becoming an authorised Asteria reseller.
After reviewing your application, we've decided not to proceed with your application, as we already have sufficient coverage in your region.
We wish you every success in your future endeavours.

The Asteria Channel Team
"""

RV4_EN_BETA_WAITLIST_NOT_SELECTED = """Hi Jason,

Thanks so much for applying to the Asteria Cloud beta!
We received far more applications than we could accommodate, and unfortunately you have not been selected for this first wave. You're on the waitlist and we'll let you know as soon as spots open.

Cheers,
Sofia & the Asteria Cloud team
"""

RV4_EN_COMMUNITY_FUND_UNSUCCESSFUL = """Dear Rita,

Thank you for your application to the Asteria Community Fund.
After careful consideration, we regret to inform you that your application has not been successful in this round. Competition was very strong.
We wish you every success with your project.

Asteria Foundation
"""

RV4_EN_SUBCONTRACT_OTHER_APPLICANT = """Natalie,

Thanks for applying for the calibration lab fit-out subcontract. We've decided to move forward with another applicant whose lead time fits our schedule better.
Hope we can work together on the next project.

Raj
"""

RV4_JA_REJECT_LONG_COMPANY_INTRO = """青木 翼 様

株式会社アステリア精機 人事部採用グループでございます。
弊社は1962年の創業以来、精密測定機器の開発・製造を通じて、日本のものづくりを支えてまいりました。
現在では世界30か国以上に製品を展開し、半導体、自動車、医療など幅広い分野のお客様にご愛用いただいております。
2025年には新工場を稼働させ、環境負荷の低い生産体制の構築にも取り組んでおります。
社員一人ひとりが挑戦できる風土づくりを大切にし、多様な人材が活躍できる職場を目指しております。

さて、この度は弊社の生産技術職にご応募いただき、誠にありがとうございました。
慎重に選考を進めました結果、誠に残念ではございますが、今回はご希望に沿いかねる結果となりました。
ご応募いただきました書類は、弊社にて責任をもって破棄いたします。
青木様の今後のご活躍を心よりお祈り申し上げます。
"""

RV4_EN_REJECT_SMS_SHORT_ONE_LINE = """Hi Jordan - thanks for applying. We won't be moving forward with you this time. Good luck!
Bob
"""


# ------------------------------------------ review rv5: selections that are not for a job, new rejection styles

RV5_JA_CHIKEN_SANKA_MIOKURI = """山口 健一 様

このたびは当センターの治験参加者募集にご応募いただき、誠にありがとうございました。
先日実施いたしました事前検査（スクリーニング）の結果を慎重に検討いたしましたが、誠に残念ながら、今回は参加基準を満たさなかったため、ご参加を見送らせていただくこととなりました。
ご期待に沿えず大変申し訳ございません。
検査結果の詳細は同封の書面にてお送りいたします。
山口様の今後のご健康を心よりお祈り申し上げます。

-- 
アステリア臨床研究センター 治験事務局
〒100-0005 東京都千代田区丸の内1-1-1
TEL 03-1234-5678
"""

RV5_JA_KIKAKU_COMPE_FUSAIYO = """中田様

このたびは番組企画コンペにご応募いただき、誠にありがとうございました。
ご提出いただいた企画書は、審査会で慎重に検討いたしましたが、誠に残念ながら今回は不採用となりました。
応募総数は214件にのぼり、非常に僅差での判断でございました。
次回のコンペにもぜひご応募ください。
"""

RV5_JA_CAREER_CHALLENGE_EMPLOYEE = """田村さん

キャリアチャレンジ制度にご応募いただきありがとうございました。
受け入れ部署との面談を経て選考を行いました結果、誠に残念ながら今回は異動を見送ることとなりました。
引き続き生産技術部でのご活躍を期待しています。次回の募集は来年4月です。

-- 
株式会社アステリア精機 人事部 吉田
〒100-0005 東京都千代田区丸の内1-1-1
TEL 03-1234-5678
"""

RV5_JA_KYOKA_SENSHU_SENKO = """山本 大輝 様

日頃より競技力向上に励まれていることに敬意を表します。
2027年度強化指定選手の選考会にご参加いただき、ありがとうございました。
強化委員会で厳正なる選考を行いました結果、誠に残念ながら今回は指定を見送らせていただくこととなりました。
来季の選考会は6月に実施予定です。山本選手の今後のご活躍を心よりお祈り申し上げます。
"""

RV5_EN_SELLER_APPLICATION_DECLINED = """Hi Daniel,

Thank you for applying to sell on Asteria Market. After reviewing your store details, your seller application has been declined because the product category is not currently open to new sellers.

We hope to welcome you when the category opens.
"""

RV5_EN_INTERNAL_POSTING_EMPLOYEE = """Hi Chris,

Thanks for applying for the Team Lead, Payments role through the internal posting. The panel enjoyed talking with you. After careful consideration, your application for the Team Lead role was not successful this time; the panel chose a candidate with more people-management experience.

Your manager will set up a development conversation with you. We hope you'll apply for future openings.
"""

RV5_EN_REJECT_CANDIDATE_EXPERIENCE_SURVEY = """Hi Nina,

Thank you for your interest in the Marketing Analyst position. After careful consideration, we have decided not to move forward with your application.

We'd love to hear about your candidate experience. The survey takes 2 minutes: https://survey.asteria-group.com/cx?id=88213

We wish you the best of luck in your job search.
"""

RV5_JA_REJECT_TSUKA_ITASHIMASEN = """小林 蓮 様

このたびはアステリア物流の倉庫管理職にご応募いただき、誠にありがとうございました。
慎重に検討いたしました結果、誠に残念ながら、書類選考を通過いたしませんでしたことをご連絡いたします。
小林様の今後のご活躍を心よりお祈り申し上げます。
"""

RV5_EN_REJECT_WHOSE_AVAILABILITY = """Hi Rosa,

Thank you for interviewing for the Caregiver position. We have decided to go with other applicants whose availability matches our overnight schedule. Thank you for your interest in Asteria Home Care.
"""
