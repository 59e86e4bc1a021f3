"""Simplified Chinese phrases that Singapore's healthcare advertising rules do not allow.

Chinese writes no spaces, so each phrase is an exact run of characters, written
narrowly. What is deliberately NOT caught (ordinary patient information):

- 第一 in counting: 第一次 (the first time), 第一步 (step one), 第一天, 第一周;
- 最好 as "had better": 最好先问医生 (best to ask your doctor first), 您最好休息;
  最好的办法/方法/时间 (the best way/time) and 对您最好 (best for you), as the English list
  lets "best to", "the best way to" and "best for you" pass;
- 保证 as "make sure of": 保证充足的睡眠 (make sure you sleep enough);
- 免费电话/免费热线 (a toll-free number);
- 痊愈 (recover) alone: "most people recover in a few weeks" is a fact, not a promise;
- a negated guarantee: 不能保证 (cannot guarantee), 并非无痛 (is not painless),
  慢性疼痛通常无法根治 (chronic pain usually cannot be cured). 保证不痛 ("sure not to
  hurt") is still a guarantee: only a negation before the phrase counts.
"""

from __future__ import annotations

from . import Local, Negation

LANG = "zh-Hans"
NAME = "Chinese"

# Text is matched after NFKC folding: full-width ，？！：（ have become , ? ! : (.
NEGATION = Negation(before=r"不|没|无法|无从|未必|从未|并非|难以|谈不上", reach=10)

PROVIDERS = r"(?:诊所|医院|医生|医师|专科医生|专家|团队|中心|医疗机构)"
SERVICES = r"(?:治疗|疗法|疗效|效果|服务|手术|技术|设备|方案|护理|选择)"
QUESTION = r"(?![^。!?\n]*\?)"  # the phrase is not in a question
# What may stand between "best" and the noun: 最好的疼痛诊所 (the best pain clinic).
MODIFIER = r"(?:疼痛|止痛|痛症|专科|脊椎|脊柱|骨科|医疗|私人|本地|综合)?"
# "the best ... for you" (对您来说最好的治疗) advises, as "best for you" does in English.
FOR_YOU = r"(?:对|适合)(?:您|你|自己)[^。,]{0,8}最(?:好|佳)的?\w{0,4}"

PHRASES: dict[str, list[Local]] = {
    "ad-superlative": [
        # best: as an adjective of a provider or a service, not "had better" (最好先问医生)
        Local(
            r"最好的?" + MODIFIER + r"(?:" + PROVIDERS + "|" + SERVICES + r"|药)",
            unless=FOR_YOU,
            negatable=True,  # 手术不一定是最好的选择: "surgery is not always the best choice"
        ),
        # best (formal): 最佳疗效, 最佳医生; not 最佳时间 / 最佳方法 (the best time / way)
        Local(
            r"最佳",
            unless=r"最佳(?:时间|时机|方法|办法|做法|方式|姿势|位置|状态)|" + FOR_YOU,
            negatable=True,
        ),
        # most advanced / effective / professional / experienced / trusted ...
        Local(
            r"最(?:先进|新颖|尖端|优秀|专业|权威|有效|成功|可靠|有经验|资深|值得信赖|受信赖|"
            r"受欢迎|著名|出色|卓越|优质|全面)",
            unless=r"最\w{1,4}的(?:办法|方法|做法|方式)",
        ),
        # number one: in a ranking, the country, the world; a first-rate brand; the first clinic
        Local(
            r"(?:排名|全国|全岛|全球|世界|亚洲|东南亚|新加坡|本地|业界|行业)第一"
            r"|第一(?:名|品牌|流|家)|首家|(?<![A-Za-z])No\.?\s?1(?![\d])"
            # the first in Singapore, pioneered; not 首个疗程 (the first course of treatment)
            r"|(?:新加坡|本地|亚洲|全国|全球|世界)首(?:个|家|创)|首创"
        ),
        # the only clinic / doctor / one that can; not 唯一的办法 (the only way)
        Local(r"唯一(?:一家|的?" + PROVIDERS + r"|能|可以)", negatable=True),
        # top, first-class, leading, first choice, second to none, authority
        Local(
            r"顶尖|顶级|一流|领先|首屈一指|数一数二|无与伦比|无可比拟|无人能及|独一无二|"
            r"权威(?:专家|医生|诊所|机构)|首选(?:的)?" + PROVIDERS + r"|您的首选"
        ),
        # the largest clinic
        Local(r"(?:规模)?最大的?" + MODIFIER + PROVIDERS),
        # world-class, internationally renowned, famous, award-winning
        Local(
            r"世界级|国际级|世界知名|国际知名|享誉(?:国际|全球|世界|海内外)|闻名(?:世界|全球|遐迩)"
            r"|知名(?:专家|医生|诊所)|名医|获奖|金牌(?:医生|专家|团队)"
        ),
        # industry leader; unique approach
        Local(
            r"(?:业界|行业)(?:领袖|领导者|翘楚|标杆|领先)|独家(?:疗法|技术|方法)|独特(?:疗法|技术)|独创"
        ),
    ],
    "ad-guarantee": [
        # guarantee, warrant; not 保证充足的睡眠 (make sure you sleep enough)
        Local(
            r"(?:保证|担保|包治|包好|包您)" + QUESTION,
            unless=r"保证(?:充足|足够|睡眠|休息|营养|饮食|水分|摄入)",
            negatable=True,
        ),
        # cure, radical cure, cure completely, cured for good, the cure works at once
        Local(
            r"(?:根治|治愈|治好|断根|除根|药到病除|彻底(?:治愈|康复|消除|解决|摆脱|根除))"
            + QUESTION,
            negatable=True,  # 我的疼痛能治好吗? asks; it promises nothing
        ),
        # rid of pain, say goodbye to pain, a new life
        Local(
            r"(?:摆脱|告别|远离)(?:疼痛|痛苦|病痛|痛症)|重获新生|重拾(?:健康|生活)", negatable=True
        ),
        # remarkable results
        Local(r"(?:疗效|效果)(?:显著|极佳|惊人)|显著(?:疗效|效果)", negatable=True),
        # 100 per cent
        Local(r"(?<![\d.,])100\s?%|百分之百|百分百|十足把握|万无一失", negatable=True),
        # painless
        Local(r"无痛|不痛苦|毫无痛苦|没有(?:任何)?痛苦", negatable=True),
        # permanent relief, never comes back, once and for all, for life
        Local(
            r"永久(?:消除|解决|止痛|根除|缓解|治愈|有效)|永不复发|不再复发|一劳永逸|终身(?:有效|止痛|不痛)",
            negatable=True,
        ),
        # risk-free, completely safe, no side effects at all
        Local(
            r"零风险|毫无风险|无风险|没有(?:任何)?风险|完全安全|绝对安全|百分百安全"
            r"|(?:毫无|零|没有任何|无任何|无)副作用",
            negatable=True,
        ),
        # sure to work: 一定有效, 肯定能治好, 必定成功 (not in a question)
        Local(
            r"(?:确保|肯定|一定|必定|必然|保准)(?:会|能|可以)?(?:有效|见效|成功|治好|康复|止痛|好转|解决)"
            + QUESTION,
            negatable=True,
        ),
        # instant results; miracle
        Local(
            r"立竿见影|(?:立即|即时|马上|立刻)(?:见效|止痛|康复)|一次(?:见效|治好|根治)|神奇|奇效|奇迹|神效",
            negatable=True,
        ),
    ],
    "ad-comparison": [
        Local(
            r"(?:比|优于|胜过|好过|不同于|有别于)(?:其他|其它|别的|一般|传统|普通)的?"
            r"(?:诊所|医院|医生|医疗机构|中心|专科)"
        ),
        Local(
            r"(?:其他|其它|别的|一般|传统|普通)的?(?:诊所|医院|医生|医疗机构|中心)"
            r"(?:无法|不能|做不到|比不上|不如)"
        ),
        Local(r"与(?:其他|其它|别的|一般)的?(?:诊所|医院|医生|医疗机构|中心)(?:相比|不同)"),
        Local(r"竞争对手|同行(?:无法|比不上)"),
    ],
    "ad-testimonial": [
        Local(
            r"(?:患者|病人|病患|顾客|客户)(?:的)?(?:评价|好评|推荐|心声|见证|感言|证言|口碑|分享)"
        ),
        Local(r"好评如潮|成功案例|成功故事|真实案例|亲身经历|口碑|(?:五|5)星(?:级|好评|评价|评分)"),
        Local(r"(?:强烈|大力|诚意|极力)推荐|(?:患者|病人)都说"),
        Local(r"改变了我的(?:生活|人生)|还我(?:健康|生活)"),
        # a patient quoted in the first person: “我的疼痛终于消失了” (not a question)
        Local(r"[“「\"](?=[^”」\"?]*我)[^”」\"?\n]{3,}[”」\"]"),
    ],
    "ad-before-after": [
        Local(r"(?:治疗|手术)?前后(?:对比|比较)(?:图|照片|照)?|前后对照"),
    ],
    "ad-inducement": [
        Local(r"免费(?!电话|热线|咨询热线|服务热线|号码)"),
        Local(
            r"优惠|折扣|打折|促销|特价|特惠|限时|代金券|优惠券|礼券|现金券|返现|回扣|赠送|礼品|半价|减价"
        ),
        Local(r"套餐价|配套优惠|名额有限|早鸟|买一送一"),
    ],
    # A warning, as in English: waiting painted as dangerous to push the reader to book.
    "ad-fear-appeal": [
        Local(
            r"(?:不要|别|切勿|千万不要)(?:再)?(?:等|拖|拖延|耽误)|以免为时已晚|为时已晚|越拖越|越等越"
        ),
    ],
}
