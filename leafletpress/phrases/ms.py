"""Malay phrases that Singapore's healthcare advertising rules do not allow.

Malay is written with spaces, so phrases are whole words (``\\b``). What is
deliberately NOT caught (ordinary patient information):

- ``paling`` (most) before an ordinary word: sebab yang paling biasa (the most common
  cause), paling teruk (worst); only laudatory uses (paling baik, paling canggih);
- ``terbaik`` (best) in advice: cara terbaik untuk (the best way to), masa terbaik,
  yang terbaik untuk anda (what is best for you), buat yang terbaik (do your best);
- ``percuma`` in a toll-free number: talian percuma;
- ``sembuh`` (heal) alone: luka akan sembuh (the wound will heal) is a fact;
- a negated guarantee: tidak dijamin (not guaranteed), tiada jaminan (no guarantee),
  bukan tanpa risiko (not without risk).
"""

from __future__ import annotations

from . import Local, Negation

LANG = "ms"
NAME = "Malay"

NEGATION = Negation(before=r"\b(?:tidak|tak|bukan|tiada|belum|tanpa|mustahil)\b", reach=24)

PROVIDERS = r"(?:klinik|hospital|doktor|pakar|pusat|pasukan|pakar\s+bedah|perkhidmatan)"
QUESTION = r"(?![^.!?\n]*\?)"

PHRASES: dict[str, list[Local]] = {
    "ad-superlative": [
        Local(
            r"\bterbaik\b",
            unless=r"\b(?:cara|jalan|masa|waktu|kedudukan|posisi|langkah)\s+(?:yang\s+)?terbaik\b"
            r"|\bterbaik\s+(?:untuk|bagi)\s+(?:anda|awak|setiap|mereka|dia|diri)\b"
            r"|\byang\s+terbaik\s+(?:untuk|bagi)\s+(?:anda|awak|diri)\b"
            r"|\b(?:buat|lakukan|melakukan|berusaha)\s+(?:yang\s+)?terbaik\b"
            r"|\bsebaik-baiknya\b",
            negatable=True,  # pembedahan bukan selalu pilihan terbaik: "not always the best option"
        ),
        Local(
            r"\bpaling\s+(?:baik|bagus|hebat|canggih|moden|maju|berkesan|mujarab|berjaya|"
            r"berpengalaman|dipercayai|terkenal|popular|unggul|cekap|mahir|pakar|"
            r"terkemuka)\b",
            unless=r"\bpaling\s+(?:baik|berkesan)\s+(?:untuk|bagi)\s+(?:anda|diri)\b"
            r"|\b(?:cara|jalan|masa|waktu|langkah)\s+(?:yang\s+)?paling\s+(?:baik|berkesan)\b",
            negatable=True,
        ),
        Local(
            r"\b(?:tercanggih|termaju|terunggul|terhebat|terulung|terkemuka|ternama|termoden|"
            r"terbilang|terpercaya)\b"
        ),
        Local(r"\bnombor\s+(?:satu|1)\b|\bno\.?\s?1\b|\bnombor\s+wahid\b"),
        Local(
            r"\b(?:bertaraf|bertaraf\s+antarabangsa|kelas|taraf)\s+dunia\b|\bbertaraf\s+antarabangsa\b"
            r"|\bterkenal\s+di\s+(?:seluruh\s+)?(?:dunia|asia|rantau)\b|\bpemenang\s+anugerah\b"
        ),
        Local(
            r"\b(?:satu-satunya|satu\s+satunya)\s+(?:" + PROVIDERS + r")\b"
            r"|\b(?:klinik|hospital|pusat)\s+(?:yang\s+)?pertama\s+di\b"
            r"|\bpertama\s+di\s+(?:singapura|asia|rantau\s+ini|dunia)\b",
            negatable=True,
        ),
        Local(
            r"\b(?:tiada|tidak\s+ada)\s+tandingan(?:nya)?\b|\btiada\s+tolok\s+bandingnya\b"
            r"|\b(?:pendekatan|kaedah|rawatan|teknik)\s+(?:yang\s+)?unik\b|\bpeneraju\b"
            # the largest clinic; not risiko terbesar (the greatest risk)
            r"|\b(?:klinik|hospital|pusat)\s+(?:\w+\s+)?(?:yang\s+)?terbesar\b"
        ),
    ],
    "ad-guarantee": [
        # not surat jaminan, an insurer's letter of guarantee for the bill
        Local(
            r"\b(?:dijamin|jaminan|menjamin|jamin|terjamin)\b" + QUESTION,
            unless=r"\bsurat\s+jaminan\b",
            negatable=True,
        ),
        Local(
            r"\b(?:sembuh|pulih)\s+(?:sepenuhnya|sama\s+sekali|terus|seratus\s+peratus|100%)"
            r"|\bmenyembuhkan\s+(?:sepenuhnya|terus|sakit|kesakitan)\b|\bpenawar\b"
            r"|\bpenyembuhan\s+(?:sepenuhnya|total|kekal)\b",
            negatable=True,
        ),
        Local(
            r"(?<![\d.,])100\s?%|\b(?:seratus|100)\s+peratus\b",
            unless=r"\b(?:seratus|100)\s+peratus\s+(?:daripada|dari)\b",
            negatable=True,
        ),
        Local(
            r"\btanpa\s+(?:rasa\s+)?(?:sakit|kesakitan)\b|\bbebas\s+(?:daripada\s+)?(?:sakit|kesakitan)\b"
            r"|\btidak\s+sakit\s+(?:langsung|sama\s+sekali)\b",
            negatable=True,
        ),
        Local(
            r"\b(?:kelegaan|penyelesaian|rawatan)\s+(?:yang\s+)?kekal\b"
            r"|\b(?:hilang|sembuh|pulih)\s+(?:buat\s+)?selama-lamanya\b|\bhilang\s+terus\b"
            r"|\btidak\s+akan\s+(?:kembali|berulang)\s+lagi\b",
            negatable=True,
        ),
        Local(
            r"\b(?:bebas|tanpa)\s+risiko\b|\b(?:selamat|benar-benar\s+selamat)\s+sepenuhnya\b"
            r"|\b(?:100%|seratus\s+peratus)\s+selamat\b|\btanpa\s+(?:sebarang\s+)?kesan\s+sampingan\b",
            negatable=True,
        ),
        Local(
            r"\b(?:pasti|tentu|sudah\s+tentu|semestinya|pastinya)\s+(?:akan\s+)?(?:sembuh|berkesan|"
            r"berjaya|membantu|hilang|pulih|menyembuhkan|melegakan)\b" + QUESTION,
            negatable=True,
        ),
        Local(
            r"\b(?:keajaiban|ajaib|mujarab)\b|\b(?:kelegaan|hasil|kesan)\s+(?:serta-merta|segera)\b"
            r"|\bhasil\s+(?:yang\s+)?(?:menakjubkan|luar\s+biasa)\b",
            negatable=True,
        ),
    ],
    "ad-comparison": [
        Local(
            r"\b(?:lebih\s+\w+|berbeza)\s+(?:daripada|dari|berbanding)\s+(?:(?:semua|kebanyakan)\s+)?"
            + PROVIDERS
            + r"\s+(?:lain|lagi)\b"
            r"|\b(?:berbanding|tidak\s+seperti|tak\s+seperti)\s+(?:dengan\s+)?(?:"
            + PROVIDERS
            + r")"
            r"\s+(?:lain|biasa)\b"
        ),
        Local(r"\bpesaing\b|\b(?:" + PROVIDERS + r")\s+lain\s+(?:tidak\s+dapat|gagal)\b"),
    ],
    "ad-testimonial": [
        Local(r"\btestimoni(?:al)?\b|\bkisah\s+kejayaan\b|\bcerita\s+kejayaan\b"),
        Local(
            r"\b(?:ulasan|penilaian|pengakuan|kata-kata)\s+(?:daripada\s+)?(?:para\s+)?pesakit\b"
            r"|\bkata\s+(?:para\s+)?pesakit\s+kami\b|\bpesakit\s+kami\s+(?:berkata|kata)\b"
        ),
        Local(r"\b(?:lima|5)\s+bintang\b|\bbintang\s+(?:lima|5)\b|\bamat\s+disyorkan\s+oleh\b"),
        Local(r"\bmengubah\s+hidup\s+saya\b|\bhidup\s+saya\s+berubah\b"),
        # a patient quoted in the first person (not a question)
        Local(r"[\"“](?=[^\"”?]*\b(?:saya|aku)\b)[^\"”?\n]{3,}[\"”]"),
    ],
    "ad-before-after": [
        Local(
            r"\bsebelum\s+dan\s+selepas\s+(?:rawatan\s+)?\(?(?:gambar|foto)"
            r"|\b(?:gambar|foto)\s+sebelum\s+dan\s+selepas\b"
        ),
    ],
    "ad-inducement": [
        Local(
            r"\bpercuma\b",
            unless=r"\b(?:talian|panggilan|nombor)\s+(?:telefon\s+)?(?:bebas\s+tol\s+)?percuma\b",
        ),
        Local(
            r"\b(?:diskaun|promosi(?!\s+kesihatan)|baucar|kupon|rebat)\b|\bpotongan\s+harga\b"
            r"|\b(?:tawaran|harga|pakej)\s+(?:istimewa|khas|promosi)\b|\bpulangan\s+tunai\b"
            r"|\bmasa\s+terhad\b|\btempat\s+terhad\b|\btanpa\s+(?:sebarang\s+)?(?:bayaran|caj)\b"
            r"|\bhadiah\s+percuma\b"
        ),
    ],
    "ad-fear-appeal": [
        Local(
            r"\bjangan\s+(?:tunggu|tangguh(?:kan)?|lengah(?:kan)?|berlengah)\b"
            r"|\bsebelum\s+terlambat\b|\bjika\s+anda\s+(?:tunggu|menunggu|tangguh|menangguhkan)\b"
            r"|\bsemakin\s+lama\s+anda\s+(?:tunggu|menunggu|tangguh)\b"
        ),
    ],
}
