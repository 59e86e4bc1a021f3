"""The doctor's handout: one patient's cover page followed by the leaflets chosen for them.

Personal details (the patient, the doctor, notes, next steps) are plain text. They
are cleaned of control characters, checked against limits and against the
typeface, escaped by Jinja and never passed through Markdown, so they print
exactly as typed. They go into the PDF (and the email draft, when one is asked
for) and nowhere else: not into messages, logs, file names or temporary files
that outlive the command. Nothing here prints; the CLI reports.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from .errors import LeafletPressError, Problem, display_path
from .i18n import long_date, words
from .jobs import output_name
from .kept import Kept
from .layouts import layout
from .manifest import templates_used, tool_versions
from .model import EDITIONS, Brand, Handout, Job, Leaflet, Variant
from .output import remove_stale_temporary_files, write_atomic
from .render import Laid, Rendered, Renderer
from .text import code_point, email_address, has_letters, refusal, unprintable

MAX_NAME = 100  # characters in the patient's or the doctor's name
MAX_NOTES = 2000  # characters in all notes together: about half a page
MAX_STEP = 200  # characters in one next step: a line or two
MAX_STEPS = 10  # next steps: a few, so the cover stays a cover
MAX_NOTE_FILE_BYTES = 64_000  # far above MAX_NOTES; bounds what is read before it is refused
MAX_EMAIL = 254  # RFC 5321 limit on an address
FILE_MODE = 0o600  # the handout and its draft are readable by their owner only

HANDOUT = "handout"  # the layout (layouts.py): its template and stylesheet
LEAFLET = "leaflet"  # the layout each leaflet of a pack is laid out in, as on its own
BLANK_TEMPLATE = "handout_blank.html"  # a page left blank before a leaflet

MAX_NOTE_LINES = 40  # lines in all notes together: 2,000 line breaks made a 59-page pack


def make_handout(
    patient: str,
    leaflets: Sequence[Leaflet],
    brand: Brand,
    *,
    doctor: str = "",
    day: date | None = None,
    notes: Iterable[str] = (),
    next_steps: Iterable[str] = (),
    edition: str = "standard",
) -> Handout:
    """Clean and check the personal details and put the handout together.

    Names and next steps become one line each; notes keep their line breaks.
    Control characters are removed and empty notes or steps dropped. Raises
    LeafletPressError listing every problem at once; messages describe a value
    (its length, the characters that cannot print) but never repeat it.
    """
    problems: list[Problem] = []

    def check(what: str, text: str, limit: int) -> str:
        if len(text) > limit:
            problems.append(
                Problem(None, f"{what} is {len(text):,} characters long; {limit:,} at most")
            )
        _check_printable(what, text, problems)
        return text

    patient = check("the patient's name", clean_text(patient), MAX_NAME)
    if not patient:
        problems.append(Problem(None, "the patient's name is empty; give the name as it prints"))
    elif not has_letters(patient):
        problems.append(Problem(None, "the patient's name has no letters; give the name"))
    doctor = check("the doctor's name", clean_text(doctor or ""), MAX_NAME)
    if doctor and not has_letters(doctor):
        problems.append(Problem(None, "the doctor's name has no letters; give the name"))

    cleaned_notes = tuple(n for n in (clean_text(n, multiline=True) for n in notes) if n)
    total = sum(len(note) for note in cleaned_notes)
    if total > MAX_NOTES:
        problems.append(
            Problem(None, f"the notes are {total:,} characters long; {MAX_NOTES:,} at most")
        )
    lines = sum(note.count("\n") + 1 for note in cleaned_notes)
    if lines > MAX_NOTE_LINES:
        problems.append(
            Problem(None, f"the notes are {lines:,} lines long; {MAX_NOTE_LINES} at most")
        )
    for note in cleaned_notes:
        _check_printable("the notes", note, problems)

    steps = tuple(s for s in (clean_text(s) for s in next_steps) if s)
    if len(steps) > MAX_STEPS:
        problems.append(Problem(None, f"there are {len(steps)} next steps; {MAX_STEPS} at most"))
    for number, step in enumerate(steps, start=1):
        check(f"next step {number}", step, MAX_STEP)

    if not leaflets:
        problems.append(Problem(None, "a handout needs at least one leaflet"))
    if edition not in EDITIONS:
        problems.append(Problem(None, f"unknown edition {edition}; use {' or '.join(EDITIONS)}"))
    if problems:
        raise LeafletPressError(problems)
    return Handout(
        patient=patient,
        doctor=doctor,
        day=day or date.today(),
        notes=cleaned_notes,
        next_steps=steps,
        leaflets=tuple(leaflets),
        brand=brand,
        edition=edition,
    )


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text as typed, minus what cannot be printed honestly.

    Every kind of line break becomes ``\\n`` (kept in notes, a space elsewhere),
    tabs become spaces, and control characters and invisible characters (those that
    reorder text, zero-width spaces, soft hyphens: ``text.refusal``) are removed;
    joiners, which some scripts need, stay. The result is NFC-normalised and trimmed.
    """
    text = unicodedata.normalize("NFC", value)
    lines = []
    for line in text.splitlines():
        kept = "".join(
            " " if char == "\t" or unicodedata.category(char) == "Zs" else char
            for char in line
            if char == "\t"
            or unicodedata.category(char) == "Zs"  # an odd-width space: a plain one
            or refusal(char) is None
            or unicodedata.category(char) in ("Co", "Cn")  # visible: the typeface check says
        )
        lines.append(kept.rstrip() if multiline else kept)
    if multiline:
        return "\n".join(lines).strip("\n").strip()
    return " ".join(" ".join(lines).split())


def _check_printable(what: str, text: str, problems: list[Problem]) -> None:
    """Refuse characters the packaged typeface lacks: the engine would draw them from
    whatever font the machine has (see fonts.py), or as empty boxes.

    Names in Latin, Chinese and Tamil letters print (the packaged fonts cover them);
    other scripts are refused. Symbols (an arrow) are named so the writer can find
    them; letters and digits are only counted, since naming them, even as code
    points, would spell out the patient's details.
    """
    missing = unprintable(text)
    if not missing:
        return
    symbols = [c for c in missing if unicodedata.category(c)[0] in "PS"]
    others = len(missing) - len(symbols)
    parts = [code_point(c) for c in symbols]
    if others:
        parts.append(f"{others} letter{'s' * (others > 1)} (not shown)")
    problems.append(
        Problem(
            None,
            f"in {what}, the handout's typefaces cannot print {' and '.join(parts)}; "
            "write them in Latin, Chinese or Tamil letters, or leave them out",
        )
    )


def decode_note_file(raw: bytes, name: str) -> str:
    """The text of a ``--note-file`` (UTF-8, byte-order mark allowed); raises LeafletPressError."""
    source = None if name in ("-", "<stdin>") else Path(name)
    if len(raw) > MAX_NOTE_FILE_BYTES:
        raise LeafletPressError(
            Problem(
                source,
                f"note file is larger than {MAX_NOTE_FILE_BYTES // 1000} KB; "
                f"notes are {MAX_NOTES:,} characters at most",
            )
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LeafletPressError(
            Problem(source, "note file is not UTF-8 text; save it as UTF-8")
        ) from None


def read_note_file(name: str) -> bytes:
    """The bytes of a note file, read only a little past the size limit.

    Anything but a regular file is refused before a byte is read: opening a named
    pipe waits for a writer, and a device such as /dev/zero never ends. The file is
    opened without waiting (O_NONBLOCK) so that a pipe cannot hold the command.
    """
    where = display_path(Path(name))
    try:
        handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise LeafletPressError(f"{where}: cannot read: {error.strerror}") from None
    with open(handle, "rb", closefd=True) as notes:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise LeafletPressError(
                f"{where}: is not a regular file (a pipe, device or folder); give a text "
                "file, or --note-file - to type or pipe the notes in"
            )
        try:
            data = notes.read(MAX_NOTE_FILE_BYTES + 1)
        except OSError as error:
            raise LeafletPressError(f"{where}: cannot read: {error.strerror}") from None
        if data is None:  # a "regular" file that would make us wait, such as /proc/kmsg
            raise LeafletPressError(
                f"{where}: cannot read: it gives nothing to read at once; give a text file, "
                "or --note-file - to type or pipe the notes in"
            )
        return data


def check_email_address(address: str) -> str:
    """A single plain address, name@example.com, with its domain in ASCII (IDNA) as a
    mail header needs it; raises LeafletPressError without repeating the address."""
    address = address.strip()
    if len(address) > MAX_EMAIL:
        raise LeafletPressError(
            Problem(None, f"the email address is longer than {MAX_EMAIL} characters")
        )
    try:
        return email_address(address)
    except ValueError as error:
        raise LeafletPressError(Problem(None, str(error))) from None


MAX_DAYS_AGO = 366  # a visit more than a year ago is a typing slip (2025 for 2026)


def visit_day_problem(day: date, today: date) -> str | None:
    """What is wrong with ``day`` as the day of a visit, or None.

    A handout records a visit that has happened: a day in the future is refused, and
    one more than a year ago is taken for a typing slip. The command line and the web
    app both ask this, so they refuse the same days in the same words.
    """
    if day > today:
        return (
            f"{day.isoformat()} is in the future; a handout records a visit that has happened: "
            "give the day of the visit (today, when left out)"
        )
    if (today - day).days > MAX_DAYS_AGO:
        return f"{day.isoformat()} is more than a year ago; give the day of the visit"
    return None


def default_file_name(day: date) -> str:
    """``handout-<date>-<6 random hex digits>.pdf``: unique, and never the patient's name."""
    return f"handout-{day.isoformat()}-{secrets.token_hex(3)}.pdf"


# -- HTML and PDF ----------------------------------------------------------


def render_handout(handout: Handout, renderer: Renderer, kept: Kept | None = None) -> Rendered:
    """Lay out the cover, join it to the laid-out leaflets and write the pack as one PDF.

    Each leaflet is laid out exactly as its own PDF is (the build's job for its brand
    and edition), so it keeps its page furniture: its own "Page X of Y", footer and
    code. Each starts on a right-hand (odd) page, after a page left blank when needed,
    and the cover lists the page on which each starts. With ``kept`` (a warm web
    worker's), laid-out leaflets and the blank page are reused while their inputs are
    unchanged; without it everything is laid out anew: the same PDF, byte for byte.
    The cover, which holds the personal details, is never kept. Packs sharing one
    ``kept`` are made one at a time (threads of one process wait their turn).

    Engine warnings that quote any personal text are replaced by a note that
    one was given, so that no message ever repeats the patient's details.
    """
    with kept.one_at_a_time if kept is not None else contextlib.nullcontext():
        return _render(handout, renderer, kept)


def _render(handout: Handout, renderer: Renderer, kept: Kept | None) -> Rendered:
    parts = [_leaflet_part(handout, leaflet, renderer, kept) for leaflet in handout.leaflets]
    blank = _blank_part(handout, renderer, kept)
    sizes = [part.pages for part in parts]
    cover_pages = 1
    for _attempt in range(3):  # the cover's length decides where the leaflets start
        starts = start_pages(cover_pages, sizes)
        cover = _cover_part(handout, renderer, starts)
        if start_pages(cover.pages, sizes) == starts:
            break
        cover_pages = cover.pages
    sequence, count = [cover], cover.pages
    for part in parts:
        if count % 2:
            sequence.append(blank)
            count += 1
        sequence.append(part)
        count += part.pages
    source = renderer.project.templates_dir / layout(HANDOUT).template
    rendered = renderer.write(sequence, source=source, stamp_day=handout.day)
    personal = handout.personal_texts()
    warnings = [w for part in parts for w in part.warnings] + cover.warnings + rendered.warnings
    rendered.warnings = [
        Problem(w.path, "rendering: a warning about the personal details (not shown)", w.line)
        if any(text in w.message for text in personal)
        else w
        for w in dict.fromkeys(warnings)
    ]
    return rendered


def start_pages(cover_pages: int, sizes: Sequence[int]) -> list[int]:
    """The page on which each leaflet of ``sizes`` pages starts, after a cover of
    ``cover_pages``: the next odd page, as a pack printed double-sided needs."""
    starts, page = [], cover_pages + 1
    for size in sizes:
        page += page % 2 == 0
        starts.append(page)
        page += size
    return starts


def pack_job(leaflet: Leaflet, brand: Brand, edition: str) -> Job:
    """The build's job for ``leaflet`` in a pack's brand and edition: the pages it
    prints are the leaflet's approved PDF's."""
    name = output_name(leaflet, brand, edition, LEAFLET)
    return Job(leaflet, brand, Path(name), edition=edition, layout=LEAFLET)


def _leaflet_part(
    handout: Handout, leaflet: Leaflet, renderer: Renderer, kept: Kept | None
) -> Laid:
    job = pack_job(leaflet, handout.brand, handout.edition)
    return renderer.layout_job(job) if kept is None else kept.leaflet(job)


def cover_html(handout: Handout, renderer: Renderer, starts: list[int]) -> str:
    """The cover's HTML document: the personal details (plain strings, escaped by the
    template) and the contents, each leaflet with the page it starts on."""
    context = renderer.context(
        handout.variant,
        handout.brand,
        handout.lang,
        handout=handout,
        contents=list(zip(handout.leaflets, starts, strict=True)),
        title=handout.title,
        description=words(handout.lang).handout_description,
        keywords=[],
    )
    return renderer.render_template(layout(HANDOUT).template, context)


def _cover_part(handout: Handout, renderer: Renderer, starts: list[int]) -> Laid:
    """The cover, laid out for this patient, listing each leaflet's start page."""
    return renderer.layout_html(
        cover_html(handout, renderer, starts),
        brand=handout.brand,
        layout=HANDOUT,
        lang=handout.lang,
        edition=handout.edition,
        source=renderer.project.templates_dir / layout(HANDOUT).template,
    )


def _blank_part(handout: Handout, renderer: Renderer, kept: Kept | None) -> Laid:
    """A left-hand page left blank (it says so), for a leaflet to start on the right."""
    brand, lang, edition = handout.brand, handout.lang, handout.edition

    def lay_out() -> Laid:
        context = renderer.context(
            Variant(lang, brand.key, edition, HANDOUT),
            brand,
            lang,
            title=handout.title,
            description=words(lang).handout_description,
            keywords=[],
        )
        laid = renderer.layout_html(
            renderer.render_template(BLANK_TEMPLATE, context),
            brand=brand,
            layout=HANDOUT,
            lang=lang,
            edition=edition,
            source=renderer.project.templates_dir / BLANK_TEMPLATE,
        )
        # The template lays out three pages: the blank one is the second.
        return Laid(laid.document.copy(laid.document.pages[1:2]), laid.warnings)

    if kept is None:
        return lay_out()
    files = renderer.stylesheet_files(HANDOUT, edition)
    files += templates_used(renderer.env, BLANK_TEMPLATE) + [brand.path]
    extra = repr(brand) + repr(words(lang)) + repr(tool_versions())
    return kept.part(("blank", brand.key, lang, edition), files, extra, lay_out)


# -- email draft -----------------------------------------------------------


def email_draft(handout: Handout, address: str, pdf: bytes, filename: str) -> bytes:
    """A ready-to-send message (RFC 5322 ``.eml``) to ``address`` with the PDF attached.

    ``X-Unsent: 1`` makes Outlook open it as a draft with a Send button; other
    mail clients open it as a message to forward or "edit as new". No ``From`` or
    ``Date``: the doctor's mail client adds them when it is sent. Nothing is sent here.
    """
    t = words(handout.lang)
    clinic = handout.brand.name
    message = EmailMessage(policy=SMTP)
    message["To"] = address
    message["Subject"] = t.email_subject.format(clinic=clinic)
    message["X-Unsent"] = "1"
    signature = handout.doctor or t.email_care_team.format(clinic=clinic)
    if handout.doctor:
        writer, notes = t.email_writer_doctor, t.email_notes_mine
    else:
        writer, notes = t.email_writer_team, t.email_notes_doctors
    on_cover = [notes] * bool(handout.notes) + [t.email_next_steps] * bool(handout.next_steps)
    cover = (
        t.email_cover_with.format(items=t.email_and.join(on_cover))
        if on_cover
        else t.email_cover_plain
    )
    thanks = t.email_thanks.format(day=long_date(handout.day, handout.lang))
    paragraphs = [
        t.email_greeting.format(patient=handout.patient),
        thanks + t.sentence_space + t.email_pack.format(writer=writer, cover=cover),
        t.email_closing,
        f"{t.email_regards}\n{signature}\n{clinic}",
    ]
    # Lines of 72 characters or fewer read well in every mail client and need no encoding.
    body = "\n\n".join(
        "\n".join(_wrap(line) for line in paragraph.split("\n")) for paragraph in paragraphs
    )
    message.set_content(body + "\n")
    message.add_attachment(pdf, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()


def _wrap(line: str) -> str:
    """Wrap at 72 characters between words; a long name or address is never split."""
    return textwrap.fill(line, 72, break_long_words=False, break_on_hyphens=False)


# -- writing ---------------------------------------------------------------


def refuse_existing(path: Path, with_draft: bool) -> None:
    """Raise one line if the PDF, or its email draft, is already there.

    A handout never replaces a file (another patient's pack, say) unless asked to
    with --force; both names are checked before either file is written.
    """
    targets = [path] + ([path.with_suffix(".eml")] if with_draft else [])
    there = [t for t in targets if os.path.lexists(t)]
    if there:
        names = " and ".join(display_path(t) for t in there)
        verb = "exist" if len(there) > 1 else "exists"
        never = f"{names} already {verb}; a handout never replaces a file: "
        raise LeafletPressError(
            never + "write it to another path, or pass replace=True to replace it",
            command_line=never + "choose another name with -o, or add --force to replace it",
        )


def write_handout(
    path: Path, pdf: bytes, draft: bytes | None = None, replace: bool = False
) -> list[Path]:
    """Write the PDF, and the email draft beside it as ``<name>.eml``, for the owner only.

    Without ``replace``, an existing PDF or draft is never replaced: both are
    checked first, and each name is given only if it is still free at that moment.
    Each file is complete before it gets its name (see output.py), so no reader
    sees half a file and a killed command leaves none; if the draft cannot be
    written the PDF is removed again, so a failed handout leaves no file. Temporary
    files a killed earlier handout left in the folder are removed first. Folders
    made for ``-o`` are private (mode 700), like the files. Returns the paths.
    """
    remove_stale_temporary_files(path.parent)
    if not replace:
        refuse_existing(path, with_draft=draft is not None)
    targets = [path] + ([path.with_suffix(".eml")] if draft is not None else [])
    written: list[Path] = []
    try:
        for target, data in zip(targets, [pdf, draft], strict=False):
            write_atomic(target, data, mode=FILE_MODE, replace=replace, folder_mode=0o700)
            written.append(target)
    except BaseException as error:
        for target in written:
            target.unlink(missing_ok=True)
        if isinstance(error, FileExistsError):  # made meanwhile by someone else
            refuse_existing(targets[len(written)], with_draft=False)
        if not isinstance(error, OSError):
            raise
        raise LeafletPressError(
            Problem(targets[len(written)], f"cannot write: {error.strerror or error}")
        ) from None
    return written
