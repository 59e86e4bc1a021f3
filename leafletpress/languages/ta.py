"""Tamil printed words (draft translation, awaiting review)."""

from ..i18n import Words

WORDS = Words(
    months=(
        "ஜனவரி",
        "பிப்ரவரி",
        "மார்ச்",
        "ஏப்ரல்",
        "மே",
        "ஜூன்",
        "ஜூலை",
        "ஆகஸ்ட்",
        "செப்டம்பர்",
        "அக்டோபர்",
        "நவம்பர்",
        "டிசம்பர்",
    ),
    # "பக்கம் 2 / 4": page + N + page_of + M.
    page="பக்கம் ",
    page_of=" / ",
    draft="வரைவு: ஒப்புதல் பெறவில்லை",
    blank_page="இந்தப் பக்கம் வேண்டுமென்றே காலியாக விடப்பட்டுள்ளது",
    contents_page=" பக்கம் ",
    in_short="சுருக்கமாக",
    help_title="உதவி எங்கே கிடைக்கும்",
    help_text="இந்தத் தகவல் தாளில் உள்ள எதைப் பற்றியாவது கேள்வி இருந்தால், உங்கள் மருத்துவரிடம் "
    "அல்லது வலி நிபுணரிடம் கேளுங்கள். இந்தத் தாளையும், நீங்கள் எழுதிய கேள்விகளையும் "
    "கொண்டு வாருங்கள்.",
    booking_qr_alt="சந்திப்பு முன்பதிவுப் பக்கத்துக்கான QR குறியீடு, {url}",
    booking_qr_caption="முன்பதிவுப் பக்கத்துக்கு ஸ்கேன் செய்யுங்கள்",
    about_title="இந்தத் தகவல் தாளைப் பற்றி",
    about_disclaimer="இந்தத் தாள் பொதுவான தகவலைத் தருகிறது. இது உங்கள் சொந்த மருத்துவரின் ஆலோசனைக்கு மாற்று அல்ல.",
    other_format="உங்கள் மருத்துவக் குழுவிடம் இதை {format} வடிவில் கேட்கலாம்.",
    large_print="பெரிய எழுத்து",
    standard_print="வழக்கமான எழுத்து",
    leaflet_code="தாள் குறியீடு",
    version="பதிப்பு",
    last_reviewed="கடைசியாகச் சரிபார்த்தது",
    next_review="அடுத்த சரிபார்ப்பு",
    written_by="எழுதியவர்",
    clinical_reviewer="மருத்துவச் சரிபார்ப்பாளர்",
    published_by="வெளியிட்டவர்",
    sources="ஆதாரங்கள்",
    feedback="ஏதாவது தெளிவாக இல்லையா, அல்லது இந்தத் தாளை மேம்படுத்தலாமா? உங்கள் மருத்துவக் குழுவிடம் சொல்லுங்கள்.",
    information_from="{clinic} வழங்கும் தகவல்",
    leaflet_label="நோயாளர் தகவல் தாள்",
    review_pending="இன்னும் மருத்துவ ரீதியாகச் சரிபார்க்கப்படவில்லை",
    logo_alt="{brand} சின்னம்",
    contact_labels={
        "phone": "தொலைபேசி",
        "email": "மின்னஞ்சல்",
        "address": "முகவரி",
        "hours": "திறந்திருக்கும் நேரம்",
        "website": "இணையதளம்",
        "booking_url": "முன்பதிவு",
    },
    handout_title="{clinic} உங்களுக்கு வழங்கும் தகவல்",
    handout_description="உங்கள் தனிப்பட்ட பக்கமும், உங்களுக்காகத் தேர்ந்தெடுத்த தகவல் தாள்களும்",
    cover_title="உங்களுக்கான தகவல்",
    cover_subtitle="உங்கள் சந்திப்புக்குப் பிறகு உங்களுக்காகத் தேர்ந்தெடுக்கப்பட்டது",
    cover_for="யாருக்கு",
    cover_seen_by="பார்த்த மருத்துவர்",
    cover_date="தேதி",
    cover_notes="உங்கள் மருத்துவரின் குறிப்புகள்",
    cover_next_steps="உங்கள் அடுத்த படிகள்",
    cover_contents="இந்தத் தொகுப்பில்",
    cover_questions="கேள்விகள் உள்ளனவா?",
    cover_questions_text="உங்கள் கேள்விகளை எழுதி, அடுத்த சந்திப்புக்கு இந்தத் தொகுப்புடன் "
    "கொண்டு வாருங்கள், அல்லது எங்களைத் தொடர்புகொள்ளுங்கள்.",
    email_subject="{clinic} சந்திப்பு பற்றிய தகவல்",
    email_greeting="அன்புள்ள {patient},",
    email_thanks="{day} அன்று வந்ததற்கு நன்றி.",
    # {writer} is the verb "have attached", which in Tamil ends the clause and carries its
    # subject: இணைத்துள்ளேன் (I) or இணைத்துள்ளோம் (we).
    email_pack="உங்கள் தனிப்பட்ட தகவல் தொகுப்பை {writer}: {cover}, அதைத் தொடர்ந்து நாம் பேசிய தகவல் தாள்கள்.",
    email_cover_plain="முதல் பக்கம்",
    email_cover_with="{items} உள்ள முதல் பக்கம்",
    email_and=" மற்றும் ",
    email_notes_mine="என் குறிப்புகள்",
    email_notes_doctors="உங்கள் மருத்துவரின் குறிப்புகள்",
    email_next_steps="உங்கள் அடுத்த படிகள்",
    email_writer_doctor="இணைத்துள்ளேன்",
    email_writer_team="இணைத்துள்ளோம்",
    email_closing="நேரம் கிடைக்கும்போது படியுங்கள். கேள்விகள் இருந்தால் அடுத்த சந்திப்பில் "
    "கேளுங்கள், அல்லது மருத்துவமனையைத் தொடர்புகொள்ளுங்கள்.",
    email_regards="அன்புடன்,",
    email_care_team="{clinic} மருத்துவக் குழு",
    page_end="",
    date_format="{day} {month} {year}",  # 25 நவம்பர் 2026
    translated_from="மொழிபெயர்த்தது, ஆங்கிலப் பதிப்பு",  # ... ஆங்கிலப் பதிப்பு 1.0
    translated_by="மொழிபெயர்த்தவர்",
    translation_reviewer="மொழிபெயர்ப்புச் சரிபார்ப்பாளர்",
    translation_unreviewed="மொழிபெயர்ப்பு இன்னும் சரிபார்க்கப்படவில்லை",
    list_separator=", ",
)

# Phrases Singapore's rules for healthcare advertising forbid, in Tamil, by rule, as
# leafletpress/advertising.py reads them. Tamil vowel signs are not word characters to
# ``re``, so each is an exact run of text. In Tamil a negation follows the word
# (உத்தரவாதம் இல்லை, "not guaranteed"): advertising.py looks just after a guarantee
# for இல்லை, அல்ல, முடியாது, so the leaflets' own cautions are not caught.
ADVERTISING = {
    "ad-superlative": (
        # the very best, foremost, first-rate, leading, world-class
        r"மிகச்\s?சிறந்த|மிகவும்\s+சிறந்த|தலைசிறந்த|முதல்\s?தர|முன்னணி|உலகத்\s?தர",
        # number one, unrivalled
        r"நம்பர்\s?(?:1|ஒன்)|முதலிடம்|ஈடு\s?இணையற்ற|நிகரற்ற",
    ),
    "ad-guarantee": (
        # guarantee, we assure, cure completely, permanent cure or solution
        r"உத்தரவாத|உறுதியளிக்கிறோம்|முழுமையாகக்?\s?குணப்படுத்த|நிரந்தரத்?\s?(?:தீர்வு|குணம்)",
        # painless, without risk, completely safe
        r"வலியற்ற|வலியில்லா|ஆபத்தில்லா|முற்றிலும்\s+பாதுகாப்பான",
        # 100 per cent, miracle
        r"100\s?(?:%|சதவீத)|அதிசய",
    ),
    "ad-inducement": (
        # free, discount, special offer, coupon, voucher
        r"இலவச|தள்ளுபடி|சிறப்புச்?\s?சலுகை|கூப்பன்|வவுச்சர்",
    ),
    "ad-testimonial": (
        # testimonial, patients' opinions or praise or experiences, success story
        r"சான்றுரை|நோயாளிகளின்\s+(?:கருத்து|பாராட்டு|அனுபவ)|வெற்றிக்\s?கதை",
    ),
    "ad-comparison": (
        # better than other hospitals, clinics or doctors
        r"மற்ற\s+(?:மருத்துவமனை|கிளினிக்|மருந்தக|மருத்துவர்)[^\s]*\s*(?:விட|காட்டிலும்)",
    ),
}
