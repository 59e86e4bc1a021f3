"""Checks per language (issues 24 and 27): advertising phrases in Chinese, Malay and Tamil,
figures in Chinese numerals, a readability measure valid for Chinese, and no English
grade for a leaflet in another language.

Each phrase list is tested with sentences a leaflet may say (they must pass) and
claims it must not make (they must fail), on the fixture sample (tests/languages/).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import FixtureProject, run

from leafletpress import advertising, chinese_reading
from leafletpress.figures import chinese_number, figures

SAMPLE = Path(__file__).parent / "languages" / "leaflets" / "sample"

# (sentence, the rule it breaks): a claim each language's list must refuse.
MUST_FAIL = {
    "zh-Hans": [
        ("我们是新加坡最好的疼痛诊所。", "ad-superlative"),
        ("我们提供最佳疗效。", "ad-superlative"),
        ("本诊所拥有最先进的设备。", "ad-superlative"),
        ("排名第一的疼痛专科。", "ad-superlative"),
        ("全国第一家疼痛诊所。", "ad-superlative"),
        ("我们是唯一一家提供这种治疗的诊所。", "ad-superlative"),
        ("由世界级专家为您治疗。", "ad-superlative"),
        ("我们保证治疗有效。", "ad-guarantee"),
        ("这种疗法可以根治背痛。", "ad-guarantee"),
        ("手术后彻底治愈，永不复发。", "ad-guarantee"),
        ("整个过程无痛。", "ad-guarantee"),
        ("100%有效。", "ad-guarantee"),
        ("成功率达１００％。", "ad-guarantee"),
        ("神奇的止痛效果。", "ad-guarantee"),
        ("这种治疗一定有效。", "ad-guarantee"),
        ("首次咨询免费。", "ad-inducement"),
        ("本月特价，名额有限。", "ad-inducement"),
        ("看看患者好评。", "ad-testimonial"),
        ("“我的疼痛终于消失了！”", "ad-testimonial"),
        ("我们比其他诊所更有经验。", "ad-comparison"),
        ("治疗前后对比照片。", "ad-before-after"),
        ("帮您告别疼痛，重获新生。", "ad-guarantee"),
        ("疗效显著，无副作用。", "ad-guarantee"),
        ("金牌专家团队。", "ad-superlative"),
        ("新加坡规模最大的疼痛诊所。", "ad-superlative"),
        ("新加坡首创的疗法。", "ad-superlative"),
    ],
    "ms": [
        ("Klinik kami adalah yang terbaik di Singapura.", "ad-superlative"),
        ("Rawatan paling berkesan untuk sakit belakang.", "ad-superlative"),
        ("Klinik kesakitan nombor satu.", "ad-superlative"),
        ("Pakar bertaraf dunia.", "ad-superlative"),
        ("Satu-satunya klinik yang menawarkan rawatan ini.", "ad-superlative"),
        ("Hasil rawatan dijamin.", "ad-guarantee"),
        ("Kami memberi jaminan penuh.", "ad-guarantee"),
        ("Anda akan sembuh sepenuhnya.", "ad-guarantee"),
        ("Prosedur ini tanpa sakit.", "ad-guarantee"),
        ("Berkesan 100%.", "ad-guarantee"),
        ("Rawatan ini pasti berkesan.", "ad-guarantee"),
        ("Rawatan tanpa risiko.", "ad-guarantee"),
        ("Konsultasi pertama percuma.", "ad-inducement"),
        ("Dapatkan diskaun 20% bulan ini.", "ad-inducement"),
        ("Baca testimoni pesakit kami.", "ad-testimonial"),
        ("Kami lebih baik daripada klinik lain.", "ad-comparison"),
        ("Pakar yang paling dipercayai di Singapura.", "ad-superlative"),
        ("Hasil yang menakjubkan selepas satu sesi.", "ad-guarantee"),
        ("Promosi bulan ini!", "ad-inducement"),
        ("Klinik kesakitan yang terbesar di Singapura.", "ad-superlative"),
    ],
    "ta": [
        ("சிங்கப்பூரின் மிகச் சிறந்த வலி கிளினிக்.", "ad-superlative"),
        ("எங்களிடம் சிறந்த மருத்துவர்கள் உள்ளனர்.", "ad-superlative"),
        ("உலகத் தரம் வாய்ந்த சிகிச்சை.", "ad-superlative"),
        ("அதிநவீன சிகிச்சை முறை.", "ad-superlative"),
        ("முழு உத்தரவாதம் தருகிறோம்.", "ad-guarantee"),
        ("இந்தச் சிகிச்சை வலியைக் குணப்படுத்தும்.", "ad-guarantee"),
        ("வலியில்லாத சிகிச்சை.", "ad-guarantee"),
        ("100% பலன்.", "ad-guarantee"),
        ("நிரந்தரத் தீர்வு.", "ad-guarantee"),
        ("முதல் ஆலோசனை இலவசம்.", "ad-inducement"),
        ("இந்த மாதம் தள்ளுபடி.", "ad-inducement"),
        ("நோயாளிகளின் கருத்துக்களைப் படியுங்கள்.", "ad-testimonial"),
        ("“என் வலி முழுவதும் போய்விட்டது!”", "ad-testimonial"),
        ("சிறந்த பலன் கிடைக்கும்.", "ad-superlative"),
        ("குணம் உறுதி.", "ad-guarantee"),
        ("சிங்கப்பூரின் மிகப் பெரிய வலி கிளினிக்.", "ad-superlative"),
        ("சிறந்த வலி நிபுணர்கள்.", "ad-superlative"),
        ("மற்ற கிளினிக்குகளை விட நாங்கள் சிறந்தவர்கள்.", "ad-comparison"),
    ],
}

# What a leaflet may say: ordinary words that look like a claim, and honest cautions.
MUST_PASS = {
    "zh-Hans": [
        "这是您第一次来诊所吗？",
        "第一步：每天散步。",
        "手术后第一周要多休息。",
        "最好先问医生。",
        "您最好先休息一下。",
        "最好的办法是先问您的医生。",
        "对您来说最好的治疗是什么，请问您的医生。",
        "最有效的方法是保持活动。",
        "我们不能保证治疗一定有效。",
        "SCS 一定有效吗？",
        "手术并非无痛。",
        "慢性疼痛通常无法根治。",
        "没有任何治疗是没有风险的。",
        "请保证充足的睡眠。",
        "请拨打免费电话联络诊所。",
        "大多数人几个星期后会痊愈。",
        "效果因人而异。",
        "疼痛可能会减轻，但通常不会完全消失。",
        "手术不一定是最好的选择。",
        "我的疼痛能治好吗？",
        "医生能保证手术成功吗？",
        "目前没有治疗慢性疼痛的特效药。",
        "首个疗程通常需要几周。",
        "治疗不是100%有效。",  # the English list's 100% is negated by Chinese words too
        "最大的风险是感染。",
    ],
    "ms": [
        "Cara terbaik untuk bermula ialah berjalan setiap hari.",
        "Tanya doktor anda apa yang terbaik untuk anda.",
        "Sebab yang paling biasa ialah otot yang tegang.",
        "Sakit paling teruk biasanya pada waktu pagi.",
        "Kami tidak dapat menjamin hasilnya.",
        "Tiada jaminan rawatan ini akan berjaya.",
        "Luka anda akan sembuh dalam dua minggu.",
        "Hubungi talian percuma kami.",
        "Tiada rawatan yang tanpa risiko.",
        "Hasilnya berbeza bagi setiap orang.",
        "Ini kali pertama anda berjumpa pakar?",
        "Pembedahan bukan selalu pilihan terbaik.",
        "Cara paling selamat ialah bertanya kepada doktor anda.",
        "Cara yang paling baik untuk bermula ialah berjalan.",
        "Syarikat insurans anda mungkin memberi surat jaminan.",
        "Lembaga Promosi Kesihatan mempunyai maklumat lanjut.",
        "Risiko terbesar ialah jangkitan.",
        "Rawatan ini tidak 100% berkesan.",
    ],
    "ta": [
        "ஓய்வெடுப்பது சிறந்தது.",
        "உங்களுக்குச் சிறந்த சிகிச்சை எது என்று மருத்துவரிடம் கேளுங்கள்.",
        "இந்தச் சிகிச்சை பலன் தரும் என்று உத்தரவாதம் இல்லை.",
        "நாள்பட்ட வலியைக் குணப்படுத்த முடியாது.",
        "பெரும்பாலானோர் சில வாரங்களில் குணமடைவார்கள்.",
        "இலவசத் தொலைபேசி எண்ணை அழைக்கவும்.",
        "ஒரே நேரத்தில் இரண்டு மருந்துகளை எடுக்க வேண்டாம்.",
        "முதுகு வலிக்கு முன்னணிக் காரணம் தசைப் பிடிப்பு.",
        '"முதுகுத்தண்டுவட தூண்டுதல்: என்ன எதிர்பார்க்கலாம்"',  # a quoted title: "what to expect"
        "உங்களுக்குச் சிறந்த சிகிச்சை முறையைத் தேர்ந்தெடுக்க மருத்துவர் உதவுவார்.",
        "பெரும்பாலானோர் முழுமையாகக் குணமடைவார்கள்.",
        "உங்கள் பாதுகாப்பை உறுதி செய்ய இந்த விதிகளைப் பின்பற்றுங்கள்.",
        "இது 100% பலன் தரும் என்று சொல்ல முடியாது.",
    ],
}


def _findings(sentence: str) -> dict[str, list[str]]:
    found = {rule: advertising.find(rule, sentence) for rule in advertising.PHRASES}
    return {rule: [m.text for m in matches] for rule, matches in found.items() if matches}


@pytest.mark.parametrize("sentence, rule", [case for cases in MUST_FAIL.values() for case in cases])
def test_a_claim_in_chinese_malay_or_tamil_is_found(sentence, rule):
    assert rule in _findings(sentence), (sentence, _findings(sentence))


@pytest.mark.parametrize("sentence", [s for cases in MUST_PASS.values() for s in cases])
def test_ordinary_words_and_cautions_in_chinese_malay_or_tamil_pass(sentence):
    assert _findings(sentence) == {}, sentence


def test_the_english_list_still_reads_english_only_words():
    assert advertising.find("ad-superlative", "The best clinic in Singapore.")
    assert not advertising.find("ad-superlative", "It is best to rest.")


# -- check and build, on a leaflet whose lang is zh-Hans, ms or ta ---------------------


def sample_project(root: Path, lang: str | None = None, add: str = "") -> FixtureProject:
    """The four-language sample; ``add`` is a paragraph appended to the ``lang`` file."""
    project = FixtureProject(root)
    shutil.copytree(SAMPLE, project.root / "leaflets" / "sample")
    if lang:
        path = project.root / "leaflets" / "sample" / f"{lang}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"\n{add}\n", encoding="utf-8")
    return project


@pytest.mark.parametrize(
    "lang, claim",
    [("zh-Hans", "我们是新加坡最好的疼痛诊所。"), ("ms", "Klinik kami yang terbaik."),
     ("ta", "எங்களிடம் சிறந்த மருத்துவர்கள் உள்ளனர்.")],
)  # fmt: skip
def test_a_superlative_in_a_translation_is_refused_by_check_and_build(tmp_path, lang, claim):
    project = sample_project(tmp_path / "project", lang, claim)
    checked = run("check", project=project.root)
    assert checked.exit_code == 1
    assert re.search(rf"sample/{lang}\.md:\d+: error: ad-superlative: '", checked.stdout)
    built = project.build("sample", "--lang", lang, "-j", "1")
    assert built.exit_code == 1
    assert "ad-superlative" in built.output
    assert not list((project.root / "dist").glob(f"*--{lang}.pdf"))


def test_check_names_the_phrase_lists_and_measures_chinese_without_an_english_grade(tmp_path):
    project = sample_project(tmp_path / "project")
    result = run("check", project=project.root)
    assert result.exit_code == 0, result.output
    blocks = {
        lang: result.stdout.split(f"leaflets/sample/{lang}.md: ", 1)[1].split("\n\n")[0]
        for lang in ("zh-Hans", "ms", "ta")
    }
    for lang, name in (("zh-Hans", "Chinese"), ("ms", "Malay"), ("ta", "Tamil")):
        assert (
            f"advertising phrases: checked against the {name} list and the English one"
            in (blocks[lang])
        )
        assert (
            f"reading grade: not measured (Flesch-Kincaid is for English, not '{lang}')"
            in (blocks[lang])
        )
        assert not re.search(r"grade \d", blocks[lang])  # no English grade for another language
    assert re.search(
        r"Chinese reading: \d+\.\d characters a sentence \(\d+\.\d sentences per 100 "
        r"characters, at least 6\), \d+ sentences; 0\.0% of characters outside",
        blocks["zh-Hans"],
    )
    assert "Chinese reading" not in blocks["ms"] + blocks["ta"]
    data = json.loads(run("check", "--format", "json", project=project.root).stdout)
    [chinese] = [f for f in data["files"] if f.get("lang") == "zh-Hans"]
    assert chinese["readability"] is None
    assert chinese["advertising_phrases"] == "Chinese and English"
    assert chinese["chinese_readability"]["sentences"] > 10


# -- readability for Chinese -----------------------------------------------------------


def test_the_common_characters_are_level_1_of_the_2013_table():
    common = chinese_reading.common_characters()
    assert len(common) == 3500
    assert all(chinese_reading.HAN.fullmatch(char) for char in common)
    assert {"的", "一", "疼", "痛", "医", "诊"} <= common
    assert not {"乂", "兀", "卅", "厄"} & common  # numbers 3501, 3503, 3512, 3514: level 2


def test_chinese_sentences_are_measured_in_characters():
    from leafletpress.plaintext import Block

    stats = chinese_reading.measure(
        [
            Block("heading", 1, "您可以做什么", 2),
            Block("paragraph", 3, "每天散步。如果疼痛加重，请联络诊所 (MRI)！厄运"),
        ]
    )
    assert stats.sentences == 4
    assert stats.characters == 6 + 4 + 11 + 2
    assert stats.uncommon == ("厄",)
    assert stats.characters_per_sentence == pytest.approx(23 / 4)


def test_long_chinese_sentences_are_warned_about(tmp_path):
    long = "如果您在手术以后仍然感到背部或者腿部持续疼痛并且影响到日常生活和睡眠的话"
    long += "可以向医生询问其他的治疗方法。"
    project = sample_project(tmp_path / "project", "zh-Hans", (long + "\n\n") * 12)
    result = run("check", project=project.root)
    assert re.search(
        r"sample/zh-Hans\.md: warning: readability-zh-sentences: sentences average "
        r"\d+\.\d characters \(\d\.\d sentences per 100 characters, fewer than 6\)",
        result.stdout,
    )


# -- figures in Chinese numerals -------------------------------------------------------


@pytest.mark.parametrize(
    "text, found",
    [
        ("大约百分之八十的人在六个月内好转。", [("80", True), ("6", False)]),
        ("两周后复诊。", [("2", False)]),
        ("三到六个月", [("3", False), ("6", False)]),
        ("有80%的人", [("80", True)]),
        ("八成的人", [("80", True)]),
        ("十二个月", [("12", False)]),
        ("五十岁以上", [("50", False)]),
        ("休息两三天。", [("2", False), ("3", False)]),  # two or three days, not 23
        ("二〇二六年", [("2026", False)]),
        ("十分重要。万一出现发烧，请就医。", []),  # very important; in case
        ("这是您第一次来吗？一些人一起散步，每天两次。", []),
    ],
)
def test_chinese_numerals_and_arabic_figures_are_read_alike(text, found):
    assert [(f.number, f.percent) for f in figures(text)] == found


def test_chinese_numbers():
    values = {"六": 6, "十": 10, "十二": 12, "二十": 20, "两百五十": 250, "三千零五": 3005}
    values |= {"一万二千": 12000, "二〇二六": 2026}
    assert {numeral: chinese_number(numeral) for numeral in values} == values


def test_a_chinese_figure_not_in_the_sources_is_warned_about(tmp_path):
    project = sample_project(
        tmp_path / "project", "zh-Hans", "大约百分之八十的人在六个月内好转，百分之九十的人满意。"
    )
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "study.txt").write_text("About 80% improve within 6 months.", encoding="utf-8")
    result = run("check", "sample", "--sources", str(sources), project=project.root)
    warnings = re.findall(
        r"zh-Hans\.md:\d+: warning: source-figure: the figure '([^']+)'", result.stdout
    )
    assert warnings == ["百分之九十"]


# -- print: no Chinese line starts with closing punctuation ----------------------------

CLOSING = "。，、；：？！）」』》"
FILLER = "疼痛可能会减轻但通常不会完全消失请先问您的医生每天散步对身体有帮助"


def _clauses(count: int) -> str:
    """Clauses of 1, 2, ... ``count`` characters, each ended by a closing mark in turn, so
    that wherever the lines break some mark falls where a line would start."""
    marks = "，。、；：？！"
    out = []
    for length in range(1, count + 1):
        words = (FILLER * 3)[length : length * 2]
        if length % 5 == 0:
            out.append(f"（{words}）")
        else:
            out.append(words + marks[length % len(marks)])
    return "".join(out)


def test_no_line_of_a_chinese_pdf_starts_with_closing_punctuation(tmp_path):
    """Laid out in both editions (two line widths), read back line by line with pypdf.

    Passes with the stylesheets as they are: WeasyPrint breaks lines by Unicode's line
    breaking rules (UAX #14), which forbid a break before a closing mark, so no
    ``line-break: strict`` is needed (WeasyPrint 70 does not support ``line-break``)."""
    import pdffacts

    project = sample_project(tmp_path / "project", "zh-Hans", _clauses(48))
    built = project.build("sample", "--lang", "zh-Hans", "--edition", "all", "-j", "1")
    assert built.exit_code == 0, built.output
    pdfs = sorted((project.root / "dist").glob("sample--zh-Hans*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        lines = [
            line.strip()
            for page in pdffacts.reader(pdf).pages
            for line in (page.extract_text() or "").splitlines()
            if line.strip()
        ]
        body = [line for line in lines if set(line) & set(FILLER)]
        assert len(body) >= 10, pdf.name  # the test text runs over many lines
        starts = [line for line in lines if line[:1] in CLOSING]
        assert starts == [], (pdf.name, starts)
        assert not [line for line in lines if line[-1:] in "（「『《"]  # nor ends with an opening
        # marks did fall at line ends (kept there, not pushed to the next line's start)
        assert sum(line[-1:] in CLOSING for line in body) >= 5, pdf.name


def test_a_stale_chinese_translation_is_refused_by_check_and_build(tmp_path):
    """The rule (translation-version) is tested in Malay in test_languages; here on zh-Hans."""
    project = sample_project(tmp_path / "project")
    path = project.root / "leaflets" / "sample" / "zh-Hans.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('translation_of: "1.0"', 'translation_of: "0.9"'), "utf-8")
    stale = "translation-version: translates English version 0.9, but the English leaflet is now"
    checked = run("check", project=project.root)
    assert checked.exit_code == 1 and f"zh-Hans.md:7: error: {stale}" in checked.stdout
    built = project.build("sample", "--lang", "zh-Hans", "-j", "1")
    assert built.exit_code == 1 and stale in built.output
    assert not list((project.root / "dist").glob("*.pdf"))


def test_malay_prints_without_automatic_hyphenation(tmp_path):
    """Pyphen has no Malay patterns; Indonesian (id_ID) would fit, but no language is
    hyphenated automatically (hyphens: manual, Clear Print): a line ends in a hyphen only
    where the source has one (perlahan-lahan)."""
    import pdffacts

    long_words = "Pemeriksaan, penyembuhan, pengambilan, kebertanggungjawaban, pemulihan. " * 12
    project = sample_project(tmp_path / "project", "ms", long_words)
    built = project.build("sample", "--lang", "ms", "--edition", "large-print", "-j", "1")
    assert built.exit_code == 0, built.output
    [pdf] = (project.root / "dist").glob("sample--ms*.pdf")
    source = (project.root / "leaflets" / "sample" / "ms.md").read_text(encoding="utf-8")
    lines = [
        line.strip()
        for page in pdffacts.reader(pdf).pages
        for line in (page.extract_text() or "").splitlines()
        if line.strip()
    ]
    assert sum("Pemeriksaan" in line for line in lines) >= 6  # the long words fill many lines
    for line, following in zip(lines, lines[1:], strict=False):
        if line.endswith("-"):
            joined = line.split()[-1] + following.split()[0]
            assert joined.rstrip(".,") in source, (line, following)
