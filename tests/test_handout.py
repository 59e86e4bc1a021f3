"""The doctor's handout (issue 6): what the patient gets, what is refused, what is left behind."""

from __future__ import annotations

import email
import email.policy
import errno
import gc
import itertools
import logging
import os
import re
import stat
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import conftest
import pdffacts
import pytest
from conftest import ROOT, SLUGS, front_matter, run

from leafletpress import handout as handout_stage
from leafletpress.brands import load_brand
from leafletpress.content import load_leaflets
from leafletpress.errors import LeafletPressError, Problem
from leafletpress.project import Project
from leafletpress.render import Rendered, Renderer

LEAFLETS = {leaflet.slug: leaflet for leaflet in load_leaflets(ROOT / "leaflets")}
BRAND = load_brand(ROOT / "brands")

# Built from pieces so that this file, which lives in the project folder, is not itself
# a "trace" found by the privacy test below.
SURNAME = "Quarter" + "main"
PATIENT = f"Zelda {SURNAME}-Test"
ADDRESS = f"zelda.{SURNAME.lower()}@example.org"
NOTE_MARK = "QX-" + "7731"  # a distinctive word in a note: notes are personal too
NEEDLES = [SURNAME.lower(), NOTE_MARK.lower()]

DOCTOR = "Dr Lim Wei Ling"
DAY = "2026-11-25"
NOTES = [
    f"Your scan ({NOTE_MARK}) shows scar tissue.\nWalk for 20 minutes every day.\n\n"
    "Stop ibuprofen if your stomach hurts.",
    "Bring your pain diary next time.",
]
STEPS = [
    "Book the spinal cord stimulation assessment",
    "Keep a pain diary for two weeks",
    "Review with Dr Lim in six weeks",
]
DEFAULT_NAME = re.compile(r"handout-\d{4}-\d{2}-\d{2}-[0-9a-f]{6}\.pdf")


def handout_args(*slugs: str, patient: str = PATIENT) -> list[str]:
    args = ["handout", *slugs, "--patient", patient, "--doctor", DOCTOR, "--date", DAY]
    for note in NOTES:
        args += ["--note", note]
    for step in STEPS:
        args += ["--next-step", step]
    return args


def note_lines() -> list[str]:
    return [line for note in NOTES for line in note.split("\n") if line]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    """A handout of all three leaflets with every personal field filled in, made once."""
    out = tmp_path_factory.mktemp("handout") / "pack.pdf"
    result = run(*handout_args(*SLUGS), "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


# -- what the patient gets ---------------------------------------------------------


def test_cover_holds_patient_doctor_date_notes_steps_and_leaflets(pack):
    cover = pdffacts.page_texts(pack)[0]
    for expected in [PATIENT, DOCTOR, "25 November 2026", *note_lines(), *STEPS]:
        assert pdffacts.normalise(expected) in cover, expected
    for slug in SLUGS:
        assert pdffacts.normalise(LEAFLETS[slug].title) in cover


def test_notes_keep_the_doctors_line_breaks(pack):
    lines = [
        pdffacts.normalise(line)
        for line in pdffacts.reader(pack).pages[0].extract_text().splitlines()
    ]
    for line in note_lines():
        assert line in lines, f"{line!r} is not a line of its own on the cover"


def test_every_leaflet_follows_in_full(pack):
    text = pdffacts.text(pack)
    for slug in SLUGS:
        leaflet = LEAFLETS[slug]
        for heading in pdffacts.headings(leaflet.path):
            assert heading in text, f"{slug}: section {heading!r} missing"
        assert leaflet.code in text


def test_each_part_numbers_its_own_pages_as_its_own_pdf_does(pack, built):
    """The cover counts the cover's pages, each leaflet its own ("Page 2 of 4", as in
    its PDF), and a page left blank before a leaflet belongs to neither."""
    pages = pdffacts.page_texts(pack)
    starts = [page for _title, page in pdffacts.outline_pages(pack)] + [len(pages) + 1]
    parts = [pages[start - 1 : end - 1] for start, end in itertools.pairwise(starts)]
    blank = "This page is intentionally blank"
    assert all(page.strip() == blank for part in parts for page in part if blank in page)
    parts = [[page for page in part if blank not in page] for part in parts]
    for slug, part in zip(SLUGS, parts[1:], strict=True):
        own = pdffacts.page_texts(built / f"{slug}.pdf")
        assert len(part) == len(own)
    for part in parts:
        for number, page in enumerate(part, start=1):
            assert f"Page {number} of {len(part)}" in page


def test_bookmarks_for_the_cover_and_each_leaflet_each_starting_a_page(pack):
    outline = pdffacts.outline_pages(pack)
    titles = [LEAFLETS[slug].title for slug in SLUGS]
    assert [title for title, _ in outline] == ["Information for you", *titles]
    assert outline[0][1] == 1
    pages = pdffacts.page_texts(pack)
    for title, page in outline[1:]:
        # The leaflet's title band opens its page, and the cover's list gives that page.
        assert pages[page - 1].startswith(f"Total Pain Specialist {title}")
        assert re.search(re.escape(title) + rf"[ .]*page {page}\b", pages[0])


def test_metadata_is_generic_tagged_and_small(pack):
    pdf = pdffacts.reader(pack)
    assert pdf.metadata.title == "Information for you from Total Pain Specialist"
    assert pdf.metadata.author == "Total Pain Specialist"
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    for value in [*map(str, pdf.metadata.values()), xmp, *pdffacts.outline_titles(pack)]:
        assert SURNAME not in value
    fonts = pdffacts.fonts(pack)
    assert all(fonts.values()) and all("Atkinson-Hyperlegible" in name for name in fonts)
    assert pack.stat().st_size < 300 * 1024


# -- bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("Zelda\x00 Tan\x07", "Zelda Tan"),
        ("  Zelda\n\tTan  ", "Zelda Tan"),
        ("\x1b[31mZelda Tan", "[31mZelda Tan"),
        ("Zelda \u202enaT", "Zelda naT"),  # a right-to-left override would print it reversed
        ("Zoe\u0308 Tan", "Zoë Tan"),  # composed, as the font draws it
    ],
)
def test_names_print_on_one_line_without_control_characters(typed, printed):
    assert handout_stage.clean_text(typed) == printed


def test_notes_keep_line_breaks_but_lose_control_characters():
    typed = "\r\nFirst line\x00\r\nSecond\tline \u2028Third line\x1b\n\n\nAfter a gap\n"
    assert handout_stage.clean_text(typed, multiline=True) == (
        "First line\nSecond line\nThird line\n\n\nAfter a gap"
    )


def test_limits_are_inclusive():
    made = handout_stage.make_handout(
        "P" * 100,
        [LEAFLETS["overview"]],
        BRAND,
        doctor="D" * 100,
        notes=["n" * 1000, "n" * 1000],
        next_steps=["s" * 200] * 10,
    )
    assert made.day == date.today()
    assert len(made.patient) == 100 and sum(map(len, made.notes)) == 2000


def test_personal_details_stay_out_of_repr():
    made = handout_stage.make_handout(
        PATIENT, [LEAFLETS["overview"]], BRAND, doctor=DOCTOR, notes=NOTES, next_steps=STEPS
    )
    shown = repr(made).lower()
    assert all(needle not in shown for needle in NEEDLES) and DOCTOR not in repr(made)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--patient", "Z" * 101], "the patient's name is 101 characters long; 100 at most"),
        (
            ["--patient", PATIENT, "--doctor", "D" * 101],
            "the doctor's name is 101 characters long; 100 at most",
        ),
        (
            ["--patient", PATIENT, "--note", "n" * 1500, "--note", "n" * 501],
            "the notes are 2,001 characters long; 2,000 at most",
        ),
        (["--patient", PATIENT] + ["--next-step", "x"] * 11, "there are 11 next steps; 10 at most"),
        (
            ["--patient", PATIENT, "--next-step", "s" * 201],
            "next step 1 is 201 characters long; 200 at most",
        ),
        (["--patient", " \x00 "], "the patient's name is empty; give the name as it prints"),
        (
            ["--patient", "สมชาย"],  # Thai: no packaged typeface has it
            "in the patient's name, the handout's typefaces cannot print 5 letters "
            "(not shown); write them in Latin, Chinese or Tamil letters, or leave them out",
        ),
        (
            ["--patient", PATIENT, "--email", f"{SURNAME} at example"],
            "the email address is not a single address like name@example.com",
        ),
    ],
)
def test_bad_personal_details_give_one_line_and_no_file(tmp_path, monkeypatch, options, message):
    monkeypatch.chdir(tmp_path)
    result = run("handout", "overview", *options)
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [f"Error: {message}"]
    assert list(tmp_path.iterdir()) == []
    for value in options[1::2]:
        assert value.strip("\x00 ") not in message or len(value) < 4  # never echoed back


def test_every_problem_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("handout", "overview", "--patient", "Z" * 101, "--note", "n" * 2001)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["no-such-leaflet", "--patient", PATIENT],
            "unknown leaflet no-such-leaflet; known leaflets: " + ", ".join(SLUGS),
        ),
        (["overview", "--patient", PATIENT, "--brand", "nope"], "unknown brand nope; known brands"),
        (
            ["overview", "--patient", PATIENT, "--date", "25/11/2026"],
            "is not a date written as YYYY-MM-DD",
        ),
        (["overview", "--patient", PATIENT, "--edition", "huge"], "'huge' is not one of"),
        (["overview", "--patient", PATIENT, "-o", "pack.txt"], "give a file name ending in .pdf"),
        (
            ["overview", "--patient", PATIENT, "-o", "-", "--email", ADDRESS],
            "--email writes the draft beside the PDF file",
        ),
        (["--patient", PATIENT], "Missing argument 'SLUG...'"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(tmp_path, monkeypatch, arguments, message):
    monkeypatch.chdir(tmp_path)
    result = run("handout", *arguments)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert SURNAME not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_render_leaves_no_file(fixture_project, tmp_path, monkeypatch):
    fixture_project.valid_leaflet()
    template = fixture_project.root / "templates" / "handout.html"
    template.write_text('{% extends "base.html" %}{% block body %}{{ oops }}{% endblock %}\n')
    monkeypatch.chdir(tmp_path)
    result = run("handout", "sample", "--patient", PATIENT, project=fixture_project.root)
    assert result.exit_code == 1
    assert re.search(r"templates/handout\.html:1: template uses an undefined value", result.stderr)
    assert [p.name for p in tmp_path.iterdir()] == ["project"]


def test_if_the_draft_cannot_be_written_the_pdf_is_removed(tmp_path, monkeypatch):
    real_write = handout_stage.write_atomic

    def disk_full_for_drafts(path, data, **options):
        if path.suffix == ".eml":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write(path, data, **options)

    monkeypatch.setattr(handout_stage, "write_atomic", disk_full_for_drafts)
    with pytest.raises(LeafletPressError, match="pack.eml: cannot write: No space left"):
        handout_stage.write_handout(tmp_path / "pack.pdf", b"%PDF-", b"draft")
    assert list(tmp_path.iterdir()) == []


# -- where it goes ---------------------------------------------------------------------


def test_default_file_is_named_generically_and_only_its_owner_can_read_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    modes: list[int] = []
    real_chmod, real_replace = os.chmod, os.replace

    def spy_chmod(path, mode, *args, **kwargs):
        modes.append(mode)
        return real_chmod(path, mode, *args, **kwargs)

    def spy_replace(source, target, *args, **kwargs):
        modes.append(stat.S_IMODE(os.stat(source).st_mode))  # the temporary file, before rename
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", spy_chmod)
    monkeypatch.setattr(os, "replace", spy_replace)
    old_umask = os.umask(0)  # the file's mode must not depend on the user's umask
    try:
        result = run("handout", "overview", "--patient", PATIENT)
    finally:
        os.umask(old_umask)
    assert result.exit_code == 0, result.output
    [written] = list(tmp_path.iterdir())
    assert DEFAULT_NAME.fullmatch(written.name)
    assert written.name.startswith(f"handout-{date.today().isoformat()}-")
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert modes and all(mode == 0o600 for mode in modes), modes
    report, summary = result.stderr.splitlines()  # the gate's warnings, summed up in one line
    assert re.fullmatch(rf"{written.name}  \d+ pages  \d+ KB", report)
    assert summary.startswith("1 leaflet is not yet clinically reviewed")


def test_default_names_differ_each_time():
    names = {handout_stage.default_file_name(date(2026, 11, 25)) for _ in range(20)}
    assert len(names) == 20 and all(DEFAULT_NAME.fullmatch(name) for name in names)


def test_output_folder_gets_the_default_name(tmp_path):
    result = run("handout", "overview", "--patient", PATIENT, "--date", DAY, "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    [written] = list(tmp_path.iterdir())
    assert DEFAULT_NAME.fullmatch(written.name) and written.name.startswith(f"handout-{DAY}-")


def test_dash_writes_the_pdf_to_standard_output_and_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("handout", "overview", "--patient", PATIENT, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert list(tmp_path.iterdir()) == []
    assert result.stdout_bytes.startswith(b"%PDF-")
    report, summary = result.stderr.splitlines()
    assert re.fullmatch(r"standard output  \d+ pages  \d+ KB", report)
    assert "not yet clinically reviewed" in summary
    piped = tmp_path / "piped.pdf"
    piped.write_bytes(result.stdout_bytes)
    assert PATIENT in pdffacts.text(piped)


def test_email_draft_parses_back_with_the_pdf_attached(tmp_path):
    pdf = tmp_path / "pack.pdf"
    result = run(*handout_args("overview"), "-o", str(pdf), "--email", ADDRESS)
    assert result.exit_code == 0, result.output
    draft = tmp_path / "pack.eml"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pack.eml", "pack.pdf"]
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    assert message["To"] == ADDRESS
    assert message["Subject"] == "Information from your visit to Total Pain Specialist"
    assert message["X-Unsent"] == "1"  # Outlook opens it as a draft to send
    assert message["From"] is None  # the doctor's mail client fills it in
    body = message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")
    assert body.startswith(f"Dear {PATIENT},\n")
    words = " ".join(body.split())
    assert "Thank you for your visit on 25 November 2026." in words
    assert "a first page with my notes and your next steps" in words
    assert max(len(line) for line in body.splitlines()) <= 72
    assert body.rstrip().endswith(f"Kind regards,\n{DOCTOR}\nTotal Pain Specialist")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == "pack.pdf"
    assert attachment.get_content() == pdf.read_bytes()
    assert "email draft" in result.stderr and "nothing was sent" in result.stderr
    assert ADDRESS not in result.output and SURNAME not in result.output


def test_note_file_and_standard_input_keep_their_line_breaks(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes("\ufeffFirst line from the file\r\nSecond line from the file\r\n".encode())
    from_file, piped = tmp_path / "file.pdf", tmp_path / "piped.pdf"
    common = ["handout", "overview", "--patient", PATIENT, "--note", "Typed note"]
    first = run(*common, "--note-file", str(notes), "-o", str(from_file))
    second = run(*common, "--note-file", "-", "-o", str(piped), input="Piped one\nPiped two\n")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    for pdf, expected in [
        (from_file, ["Typed note", "First line from the file", "Second line from the file"]),
        (piped, ["Typed note", "Piped one", "Piped two"]),
    ]:
        lines = pdffacts.reader(pdf).pages[0].extract_text().splitlines()
        found = [line for line in lines if line in expected]
        assert found == expected  # each on its own line, typed notes first


def test_note_file_must_be_utf8(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_bytes("caf\xe9".encode("latin-1"))
    result = run("handout", "overview", "--patient", PATIENT, "--note-file", str(notes))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "notes.txt: note file is not UTF-8 text; save it as UTF-8"
    )


def test_without_patient_the_name_is_asked_for_on_stderr(tmp_path):
    pdf = tmp_path / "asked.pdf"
    result = run("handout", "overview", "-o", str(pdf), input=f"{PATIENT}\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Patient's name:")
    assert result.stdout_bytes == b""  # stdout stays clean for -o -
    assert PATIENT in pdffacts.text(pdf)


def test_large_print_edition_marks_the_document(tmp_path):
    made = handout_stage.make_handout(PATIENT, [LEAFLETS["overview"]], BRAND, edition="large-print")
    html = handout_stage.cover_html(made, Renderer(Project.at(ROOT)), [3])
    assert '<body class="layout-handout edition-large-print">' in html


def test_engine_warnings_never_quote_personal_details(monkeypatch):
    made = handout_stage.make_handout(PATIENT, [LEAFLETS["overview"]], BRAND, notes=NOTES)
    renderer = Renderer(Project.at(ROOT))
    quoted = [
        Problem(None, f"rendering: odd text {PATIENT!r}"),
        Problem(None, "rendering: Walk for 20 minutes every day. is odd"),
        Problem(None, "rendering: an ordinary warning"),
    ]
    monkeypatch.setattr(renderer, "write", lambda *a, **k: Rendered(b"%PDF-", 1, list(quoted)))
    messages = [w.message for w in handout_stage.render_handout(made, renderer).warnings]
    assert messages == [
        "rendering: a warning about the personal details (not shown)",
        "rendering: a warning about the personal details (not shown)",
        "rendering: an ordinary warning",
    ]


# -- what is left behind ---------------------------------------------------------------


def _traces(roots: list[Path], skip: set[Path] = frozenset(), since: float | None = None) -> list:
    """Files under ``roots`` whose name or content mentions the patient, in any common encoding.

    With ``since``, only files changed since then are read (for big folders like .venv).
    """
    patterns = [
        needle.encode(encoding)
        for needle in NEEDLES
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    ]
    found = []
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if Path(folder, d) not in skip]
            for name in [*files, *dirs]:
                path = Path(folder, name)
                if path in skip:
                    continue
                if any(needle in name.lower() for needle in NEEDLES):
                    found.append(path)
                    continue
                if not path.is_file() or path.is_symlink():
                    continue
                if since is not None and path.stat().st_mtime < since:
                    continue
                content = path.read_bytes().lower()
                if any(pattern in content for pattern in patterns):
                    found.append(path)
    return found


def test_no_trace_of_the_patient_outside_the_handout(tmp_path):
    """The real command in a fresh process; then every place it could have written is searched."""
    home, cache, temp, work = (tmp_path / name for name in ("home", "cache", "tmp", "work"))
    for folder in (home, cache, temp, work):
        folder.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(cache), "TMPDIR": str(temp)}
    started = time.time() - 1
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            *["--project", str(conftest.SHIPPED)],
            *handout_args("overview", "scs-what-to-expect"),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    [pdf] = list(work.iterdir())
    assert DEFAULT_NAME.fullmatch(pdf.name)
    assert PATIENT in pdffacts.text(pdf) and NOTE_MARK in pdffacts.text(pdf)  # in the handout...
    # ... and nowhere else: not in what it printed,
    for needle in NEEDLES:
        assert needle.encode() not in (result.stdout + result.stderr).lower()
    # nor in the project (dist/ included), the home folder, the cache or the temporary folder,
    big = {ROOT / ".venv", ROOT / ".git"}
    assert _traces([ROOT, conftest.SHIPPED, home, cache, temp, work], skip=big | {pdf}) == []
    assert _traces(sorted(p for p in big if p.exists()), since=started) == []
    # and the temporary folder is left as it was found: empty.
    assert list(temp.iterdir()) == []


def test_nothing_personal_is_logged_even_at_debug_level(tmp_path, monkeypatch, caplog):
    temp, work = tmp_path / "tmp", tmp_path / "work"
    temp.mkdir()
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.chdir(work)
    engine = logging.getLogger("weasyprint")  # it stops propagating while it renders
    monkeypatch.setattr(engine, "level", logging.DEBUG)
    engine.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.DEBUG):
            result = run(*handout_args("overview"), "--email", ADDRESS)
    finally:
        engine.removeHandler(caplog.handler)
    assert result.exit_code == 0, result.output
    assert caplog.records, "the engine logged nothing: the log capture is not working"
    for record in caplog.records:
        message = record.getMessage().lower()
        assert not any(needle in message for needle in NEEDLES), message
    assert not any(needle in result.output.lower() for needle in NEEDLES)
    gc.collect()  # the engine removes its font folder when its font configuration goes
    assert _traces([temp]) == []
    assert list(temp.iterdir()) == []


def test_a_leaflet_past_its_review_date_is_never_handed_out(fixture_project, tmp_path):
    """Out-of-date material must not be printed silently: the handout is refused."""
    fixture_project.leaflet(
        "sample",
        front_matter(next_review="2020-01-01", reviewed="2019-01-01")
        + "\n## A heading\n\nSome text.\n",
    )
    target = tmp_path / "pack.pdf"
    result = run(
        "handout", "sample", "--patient", PATIENT, "-o", str(target), project=fixture_project.root
    )
    assert result.exit_code == 1
    assert "governance-next-review" in result.stderr
    assert "no handout made: these leaflets must be reviewed" in result.stderr
    assert PATIENT not in result.output
    assert not target.exists()


def test_a_leaflet_awaiting_clinical_review_is_handed_out_with_a_warning(tmp_path):
    target = tmp_path / "pack.pdf"
    result = run("handout", "overview", "--patient", PATIENT, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "1 leaflet is not yet clinically reviewed: it prints with 'Not yet clinically " in (
        result.stderr
    )
    assert target.is_file()
    verbose = run("-v", "handout", "overview", "--patient", PATIENT, "-o", str(target), "--force")
    assert "Warning: " in verbose.stderr and "governance-reviewer-pending" in verbose.stderr
