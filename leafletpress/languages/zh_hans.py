"""Simplified Chinese printed words (draft translation, awaiting review)."""

from ..i18n import Words

WORDS = Words(
    # Dates are printed as 2026年12月5日: date_format puts the month name (12月) between 年 and 日.
    months=(
        "1月",
        "2月",
        "3月",
        "4月",
        "5月",
        "6月",
        "7月",
        "8月",
        "9月",
        "10月",
        "11月",
        "12月",
    ),
    # "第 2 页，共 4 页": page + N + page_of + M + page_end.
    page="第 ",
    page_of=" 页，共 ",
    draft="草稿：未经批准",
    blank_page="此页特意留空",
    # A contents line reads "…… 第 3 页": page_end follows the number there too.
    contents_page=" 第 ",
    in_short="要点",
    help_title="哪里可以获得帮助",
    help_text="如果您对本资料的任何内容有疑问，请询问您的医生或疼痛专科医生。请带上本资料，"
    "并把您的问题写下来。",
    booking_qr_alt="预约页面的二维码，{url}",
    booking_qr_caption="扫描二维码，前往预约页面",
    about_title="关于本资料",
    about_disclaimer="本资料提供一般信息，不能代替您自己的医生给您的建议。",
    other_format="您可以向医护团队索取{format}版本。",
    large_print="大字体",
    standard_print="标准字体",
    leaflet_code="资料编号",
    version="版本",
    last_reviewed="上次审阅日期",
    next_review="下次审阅日期",
    written_by="撰写",
    clinical_reviewer="临床审阅",
    published_by="出版",
    sources="资料来源",
    feedback="有不清楚的地方，或觉得本资料可以改进？请告诉您的医护团队。",
    information_from="资料来自{clinic}",
    leaflet_label="患者资料",
    review_pending="尚未经过临床审阅",
    logo_alt="{brand}标志",
    contact_labels={
        "phone": "电话",
        "email": "电邮",
        "address": "地址",
        "hours": "门诊时间",
        "website": "网站",
        "booking_url": "预约",
    },
    handout_title="{clinic}为您提供的资料",
    handout_description="您的个人页面和为您挑选的资料",
    cover_title="为您提供的资料",
    cover_subtitle="在您看诊后为您挑选",
    cover_for="患者",
    cover_seen_by="看诊医生",
    cover_date="日期",
    cover_notes="医生的备注",
    cover_next_steps="您接下来的步骤",
    cover_contents="本资料包的内容",
    cover_questions="有疑问吗？",
    cover_questions_text="请把您的问题写下来，下次看诊时连同本资料包一起带来，或与我们联络。",
    email_subject="您到{clinic}看诊的相关资料",
    email_greeting="{patient}，您好：",
    email_thanks="感谢您在{day}前来看诊。",
    # {writer} is 我 (I) or 我们 (we); the sentence reads the same with either.
    email_pack="{writer}已附上您的个人资料包：{cover}，后面是我们谈过的资料。",
    email_cover_plain="第一页",
    email_cover_with="第一页（包括{items}）",
    email_and="和",
    email_notes_mine="我的备注",
    email_notes_doctors="医生的备注",
    email_next_steps="您接下来的步骤",
    email_writer_doctor="我",
    email_writer_team="我们",
    email_closing="请在方便时阅读。如有任何问题，请在下次看诊时提出，或联络诊所。",
    email_regards="祝好，",
    email_care_team="{clinic}医护团队",
    page_end=" 页",
    date_format="{year}年{month}{day}日",  # 2026年11月25日: each month name ends in 月
    translated_from="译自英文版本",  # 译自英文版本 1.0: translated from English version 1.0
    translated_by="翻译",
    translation_reviewer="翻译审阅",
    translation_unreviewed="翻译尚未经过审阅",
    list_separator="、",
    sentence_space="",  # 。 ends a sentence with no space after it
)

# Phrases Singapore's rules for healthcare advertising forbid, in Chinese, by rule, as
# leafletpress/advertising.py reads them (``ADVERTISING``). Chinese has no word boundaries,
# so each is an exact run of text, kept narrow: 第一 alone is "first" (第一步, step one), so
# only its laudatory uses are listed; the leaflets' own cautions (不一定有帮助, 效果因人而异),
# 第一次手术, 最初, 自由活动, 立即求助, 永久装置 and a patient's questions
# (我怎样知道治疗是否有效？) are not caught. A negation just before a guarantee (不能保证,
# 不能确保有效) makes it a caution; 保证不痛 ("sure not to hurt") is still a guarantee.
ADVERTISING = {
    "ad-superlative": (
        # best, finest, most advanced / excellent / professional, top, first-class,
        # authority, leading, first choice, second to none
        r"最好|最佳|最先进|最优秀|最专业|最权威|顶尖|顶级|一流|权威|领先|首选|首屈一指",
        # number one in the country / world / Asia / Singapore, first-rate
        r"(?:排名|全国|全球|亚洲|新加坡)第一|第一(?:名|品牌|流)",
        # most effective / successful / reliable / experienced / trusted ...
        r"最(?:有效|成功|可靠|有经验|值得信赖|受信赖|全面|卓越|出色|优质)",
        # world-class, world-famous
        r"世界级|国际级|世界知名|国际知名|享誉(?:国际|全球|世界)|闻名(?:世界|全球)",
        # industry leader
        r"(?:业界|行业)(?:领袖|领导者|翘楚|标杆)",
        # unique, unrivalled, the first / only clinic
        r"独一无二|无与伦比|无可比拟|无人能及|首家|唯一一家",
        # cutting-edge technology; one of the very top
        r"尖端(?:技术|科技|疗法)|数一数二",
    ),
    "ad-guarantee": (
        # guarantee, sure to cure, 100 per cent, radical cure, cure, cured, cure for good
        r"保证|担保|包治|包好|百分之百|根治|治愈|痊愈|断根|药到病除",
        # rid of pain for ever, painless, zero risk, completely safe
        r"永久(?:消除|解决|止痛)|无痛|零风险|毫无风险|完全安全|绝对安全",
        # sure to work / succeed / heal
        r"(?:确保|肯定|一定|必定)(?:有效|见效|成功|治好|康复|止痛)",
        # get rid of (pain) completely
        r"彻底(?:消除|解决|治好|摆脱)",
        # never comes back, solved once and for all, relief for life
        r"永不复发|一劳永逸|终身(?:有效|止痛)",
        # instant results
        r"立竿见影|(?:立即|即时|马上)见效",
        # no side effects at all
        r"(?:毫无|零|完全没有|没有任何)副作用",
        # 100 per cent, total certainty, foolproof
        r"百分百|十足把握|万无一失",
        # miracle results, miracle
        r"神奇(?:疗效|效果)|奇效|奇迹",
    ),
    "ad-inducement": (
        # free, special offer, discount, promotion, special price, limited time,
        # vouchers, coupons, cash back
        r"免费|优惠|折扣|打折|促销|特价|限时|代金券|优惠券|返现",
        # free gift, gifts, kickback, cash back
        r"赠送|礼品|回扣|现金回馈",
        # package price, package deal, special offer, half price, price cut
        r"套餐价|配套优惠|特惠|半价|减价",
        # limited places, early-bird offer
        r"名额有限|早鸟",
    ),
    "ad-testimonial": (
        # patients' reviews or praise, success stories, first-hand stories
        r"(?:患者|病人|病患)(?:评价|好评|推荐|心声|见证|感言)|好评如潮|成功案例|亲身经历",
        # patients all say, patients' word of mouth / praise
        r"(?:患者|病人|顾客|客户)(?:都说|口碑|好评)",
        # word-of-mouth reputation, five-star (rating, review); not 5星期 (5 weeks)
        r"口碑|(?:五|5)星(?:级|好评|评价)",
        # highly recommended
        r"(?:强烈|大力|诚意)推荐",
        # "I was cured" (not a question)
        r"我(?:的病|的痛)?(?:已经?|被|终于)?治好了(?![^。！？!?\n]*[？?])",
        # "my pain is gone" (not a question)
        r"我的(?:疼痛|痛)(?:完全|终于)?(?:消失|没)了(?![^。！？!?\n]*[？?])",
    ),
    "ad-comparison": (
        # better than / unlike other clinics, hospitals or doctors
        r"(?:比|优于|胜过|不同于)(?:其他|其它|别的)(?:诊所|医院|医生|医疗|中心)",
        # other clinics cannot
        r"(?:其他|其它|别的|一般|传统)(?:诊所|医院|医生|医疗机构|中心)(?:无法|不能|做不到|比不上)",
        # compared with / unlike other clinics
        r"与(?:其他|其它|别的)(?:诊所|医院|医生|医疗机构|中心)(?:相比|不同)",
        # competitors
        r"竞争对手",
    ),
}

# The same phrases as one tuple, for callers that do not need the rules.
ADVERTISING_PHRASES = tuple(pattern for patterns in ADVERTISING.values() for pattern in patterns)
