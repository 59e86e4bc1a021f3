"""Malay (Bahasa Melayu) printed words (draft translation, awaiting review)."""

from ..i18n import Words

WORDS = Words(
    months=(
        "Januari",
        "Februari",
        "Mac",
        "April",
        "Mei",
        "Jun",
        "Julai",
        "Ogos",
        "September",
        "Oktober",
        "November",
        "Disember",
    ),
    # "Halaman 2 daripada 4": nothing is needed after the total.
    page="Halaman ",
    page_of=" daripada ",
    draft="DRAF - belum diluluskan",
    blank_page="Halaman ini sengaja dibiarkan kosong",
    contents_page=" halaman ",
    in_short="Ringkasnya",
    help_title="Di mana anda boleh mendapatkan bantuan",
    help_text="Jika anda ada soalan tentang apa-apa dalam risalah ini, tanya doktor atau pakar "
    "kesakitan anda. Bawa risalah ini bersama anda, dengan soalan yang telah anda tulis.",
    booking_qr_alt="Kod QR untuk halaman temu janji, {url}",
    booking_qr_caption="Imbas untuk halaman temu janji",
    about_title="Tentang risalah ini",
    about_disclaimer="Risalah ini memberi maklumat umum. Ia tidak menggantikan nasihat doktor "
    "anda sendiri.",
    other_format="Anda boleh meminta versi {format} daripada pasukan penjagaan anda.",
    large_print="cetakan besar",
    standard_print="cetakan biasa",
    leaflet_code="Kod risalah",
    version="Versi",
    last_reviewed="Disemak pada",
    next_review="Semakan seterusnya",
    written_by="Ditulis oleh",
    clinical_reviewer="Penyemak klinikal",
    published_by="Diterbitkan oleh",
    sources="Sumber",
    feedback="Ada yang kurang jelas, atau boleh risalah ini diperbaiki? Sila beritahu pasukan "
    "penjagaan anda.",
    information_from="Maklumat daripada {clinic}",
    leaflet_label="Risalah maklumat pesakit",
    review_pending="Belum disemak secara klinikal",
    logo_alt="Logo {brand}",
    contact_labels={
        "phone": "Telefon",
        "email": "E-mel",
        "address": "Alamat",
        "hours": "Waktu dibuka",
        "website": "Laman web",
        "booking_url": "Temu janji",
    },
    handout_title="Maklumat untuk anda daripada {clinic}",
    handout_description="Halaman peribadi anda dan risalah yang dipilih untuk anda",
    cover_title="Maklumat untuk anda",
    cover_subtitle="Dipilih untuk anda selepas lawatan anda",
    cover_for="Untuk",
    cover_seen_by="Diperiksa oleh",
    cover_date="Tarikh",
    cover_notes="Catatan daripada doktor anda",
    cover_next_steps="Langkah seterusnya untuk anda",
    cover_contents="Dalam pek ini",
    cover_questions="Ada soalan?",
    cover_questions_text="Tulis soalan anda dan bawa bersama pek ini semasa temu janji anda "
    "yang seterusnya, atau hubungi kami.",
    email_subject="Maklumat daripada lawatan anda ke {clinic}",
    email_greeting="Yang dihormati {patient},",
    email_thanks="Terima kasih atas lawatan anda pada {day}.",
    # {writer} is "Saya" (I) or "Kami" (we); the verb does not change.
    email_pack="{writer} telah melampirkan pek maklumat peribadi anda: {cover}, diikuti dengan "
    "risalah yang telah kita bincangkan.",
    email_cover_plain="halaman pertama",
    email_cover_with="halaman pertama dengan {items}",
    email_and=" dan ",
    email_notes_mine="catatan saya",
    email_notes_doctors="catatan doktor anda",
    email_next_steps="langkah seterusnya untuk anda",
    email_writer_doctor="Saya",
    email_writer_team="Kami",
    email_closing="Sila baca apabila anda ada masa, dan bawa sebarang soalan ke temu janji anda "
    "yang seterusnya atau hubungi klinik.",
    email_regards="Salam hormat,",
    email_care_team="Pasukan penjagaan anda di {clinic}",
    page_end="",
    date_format="{day} {month} {year}",  # 25 November 2026
    translated_from="Terjemahan versi Inggeris",  # Terjemahan versi Inggeris 1.0
    translated_by="Penterjemah",
    translation_reviewer="Penyemak terjemahan",
    translation_unreviewed="Terjemahan belum disemak",
    list_separator=", ",
)

# Phrases Singapore's healthcare advertising rules forbid, in Malay. Written for
# re.IGNORECASE, like leafletpress/advertising.py. Kept narrow: the leaflets' own cautions
# ("tidak dijamin", "tiada penawar", "tidak selalu membantu"), "bergerak dengan bebas",
# "halaman pertama", "pembedahan pertama", "tempoh penyembuhan" and questions a patient asks
# ("Bolehkah saya sembuh?") are not caught.
# Phrases Singapore's rules for healthcare advertising forbid, in Malay, by rule
# (advertising.py): narrow, so the leaflets' own cautions ("tidak dijamin") pass.
ADVERTISING = {
    "ad-superlative": (
        r"\bterbaik\b",  # the best
        r"\b(?:ter|ke)?unggul(?:an)?\b|\bterulung\b|\bterhebat\b",  # superior, foremost, greatest
        r"\bterkemuka\b|\bpeneraju\b",  # leading, prominent; the leader
        r"\bno\.?\s?1\b|#\s?1\b|\bnombor\s+satu\b",  # No. 1, number one
        # world-class, world-famous
        r"\bbertaraf\s+(?:dunia|antarabangsa)\b|\bterkenal\s+di\s+(?:seluruh\s+)?dunia\b",
        # most advanced / modern / experienced / trusted / effective
        r"\bpaling\s+(?:canggih|moden|maju|berpengalaman|dipercayai|berkesan|berjaya|mahir|"
        r"terkini|lengkap)\b|\btercanggih\b",
        r"\b(?:tiada|tanpa)\s+tandingan\b|\btidak\s+dapat\s+ditandingi\b",  # unrivalled, unbeatable
        # the only clinic / specialist
        r"\bsatu-satunya\s+(?:klinik|pusat|hospital|pakar|doktor|penyedia|pasukan)\b",
        # the first in Singapore / Asia / the world
        r"\b(?:yang\s+)?pertama\s+di\s+(?:Singapura|Asia|rantau\s+ini|dunia)\b",
    ),
    "ad-guarantee": (
        r"(?<!tidak\s)(?<!tiada\s)(?<!bukan\s)(?<!tanpa\s)(?<!tidak\sada\s)"
        # guaranteed, assured, a guarantee (not "tidak dijamin")
        r"\b(?:dijamin|terjamin|menjamin|jaminan)\b",
        r"\b100\s?%|\b(?:100|seratus)\s+peratus\b",  # 100%, one hundred per cent
        r"(?<!tidak\s)(?<!belum\s)\bsembuh\s+(?:sepenuhnya|sama\s+sekali|selama-lamanya|"
        r"secara\s+kekal)\b",  # cured completely / for ever / permanently
        r"\bpenyembuhan\s+(?:kekal|mutlak|total)\b",  # permanent / total cure
        r"(?<!tidak\s)(?<!tidak\sakan\s)\bmenyembuhkan\b",  # (a treatment) cures
        # a cure, a remedy (not "tiada penawar")
        r"(?<!tiada\s)(?<!tidak\sada\s)(?<!bukan\s)\bpenawar\b",
        r"\b(?:bebas|hilang)\s+(?:daripada\s+)?(?:rasa\s+)?sakit\s+(?:selama-lamanya|sepenuhnya|"
        r"secara\s+kekal|untuk\s+selamanya)\b",  # pain-free for ever, pain gone for good
        r"(?<!tidak\s)\btanpa\s+rasa\s+sakit\b|\btidak\s+menyakitkan\s+langsung\b",  # painless
        r"(?<!tidak\s)(?<!bukan\s)\b(?:tanpa|bebas|sifar)\s+risiko\b",  # risk-free, zero risk
        # completely safe
        r"\b(?:selamat\s+sepenuhnya|benar-benar\s+selamat|selamat\s+sama\s+sekali)\b",
        # always / surely works, never fails
        r"(?<!tidak\s)\b(?:sentiasa|pasti)\s+(?:berkesan|berjaya|membantu)\b|\btidak\s+pernah\s+gagal\b",
        # miracle, potent remedy, instant results / relief
        r"\bajaib\b|\bmujarab\b|\b(?:hasil|kelegaan|lega)\s+serta-merta\b",
    ),
    "ad-inducement": (
        r"\bpercuma\b",  # free (of charge)
        r"\btanpa\s+(?:sebarang\s+)?(?:bayaran|caj|kos)\b"
        r"|\btidak\s+dikenakan\s+(?:sebarang\s+)?(?:bayaran|caj)\b",  # at no cost, no charge
        # discount, price cut, rebate, voucher, coupon, cash back
        r"\bdiskaun\b|\bpotongan\s+harga\b|\brebat\b|\bbaucar\b|\bkupon\b|\bpulangan\s+tunai\b",
        r"\bpromosi\b(?!\s+kesihatan)",  # promotion (not "promosi kesihatan", health promotion)
        r"\btawaran\s+(?:istimewa|khas|terhad)\b|\bharga\s+(?:istimewa|khas|pakej)\b"
        r"|\bmasa\s+terhad\b",  # special / limited offer, special / package price, limited time
    ),
    "ad-testimonial": (
        r"\btestimoni\b|\bkisah\s+kejayaan\b",  # testimonial, success story
        r"\bulasan\s+(?:pesakit|pelanggan|google|dalam\s+talian)\b"
        r"|\b(?:[1-5]|lima|empat)\s+bintang\b",  # patient / online reviews, five stars
        r"\b(?:apa\s+)?kata\s+(?:para\s+)?(?:pesakit|pelanggan)\s+kami\b"
        r"|\bpesakit\s+kami\s+(?:berkata|mengatakan)\b",  # what our patients say
        # our happy / satisfied patients
        r"\bpesakit\s+(?:kami\s+)?yang\s+(?:gembira|berpuas\s+hati|bersyukur)\b",
        r"\bsaya\s+(?:telah\s+|sudah\s+)?(?:sembuh|pulih\s+sepenuhnya)\b(?![^.?!\n]*\?)"
        # "I was cured", "my pain is gone" (not a question)
        r"|\bsakit\s+saya\s+(?:telah\s+|sudah\s+)?hilang\b(?![^.?!\n]*\?)",
        r"\b(?:amat|sangat|paling)\s+disyorkan\b",  # highly recommended
    ),
    "ad-comparison": (
        r"\blebih\s+\w+\s+daripada\s+(?:(?:mana-mana|semua|kebanyakan)\s+)?(?:klinik|pusat|hospital|"
        # better / safer / cheaper than other clinics
        r"penyedia|doktor|pakar(?:\s+bedah)?|tempat)\s+(?:\w+\s+)?lain\b",
        r"\b(?:berbanding(?:\s+dengan)?|tidak\s+seperti)\s+(?:(?:kebanyakan|semua|sesetengah)\s+)?"
        # compared with / unlike other clinics
        r"(?:klinik|pusat|hospital|penyedia|doktor|pakar)\s+(?:\w+\s+)?lain\b",
        r"\bpesaing\b",  # competitor(s)
    ),
}
