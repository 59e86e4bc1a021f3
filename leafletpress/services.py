"""The flows every face runs: list, check, build and make a handout.

The command line (``cli.py``), a script and, later, the web app all call these
functions, so whoever asks gets the same selection, loading, gate and writing: a
leaflet with errors is never built or handed out. Each flow returns a result and
raises our errors (``LeafletPressError``; ``RequestError`` for a request that is
itself wrong; ``RefusedError`` when the gate refuses); none of them prints. The day
review dates are checked against is a parameter (``today``), today by default.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import fonts
from .brands import DEFAULT_BRAND, Brand, discover_brands
from .builder import Outcome, build_pdfs, plan_jobs, write_html
from .checks.documents import BrandDoc, LeafletDoc, Sources, brand_name_problems, read_sources
from .checks.rules.brand import no_way_to_reach
from .checks.runner import Report, Verdict, brand_docs, check_project, gate, leaflet_docs
from .content import DEFAULT_LANG, Leaflet, discover_slugs, duplicate_codes
from .errors import LeafletPressError, Problem, RefusedError, RequestError, display_path
from .handout import Handout, check_email_address, email_draft, make_handout, render_handout
from .i18n import ENGLISH, words_css
from .jobs import EDITIONS, LAYOUTS, UNMADE, Job
from .kept import Kept
from .layouts import FOLDED
from .model import LANG_NAMES, LANGS
from .project import Project
from .render import Renderer

DRAFT_STAMP = ENGLISH.draft  # printed on every page of a draft (i18n.py, styles/base.css)
# How long a build waits for another one writing into the same folder: a full -j 2
# matrix takes about 5 s here, so a minute covers any real build.
OUTPUT_LOCK_WAIT = 60.0


# -- choosing what to print ---------------------------------------------------------


def expand(chosen: Iterable[str], every: Sequence[str]) -> list[str]:
    """Repeated choices in a stable order; 'all' means every one; none means the first."""
    chosen = tuple(chosen)
    if not chosen:
        return [every[0]]
    if "all" in chosen:
        return list(every)
    return [value for value in every if value in chosen]


def choose_slugs(project: Project, slugs: Iterable[str] = ()) -> list[str]:
    """The leaflets named (none for every one), each known, without repeats.

    Raises RequestError naming the unknown ones and listing the known.
    """
    known = discover_slugs(project.leaflets_dir)
    return _known(tuple(slugs), known, "leaflet", "SLUG") or known


def choose_brands(project: Project, names: Iterable[str] = ()) -> list[str]:
    """The brands named ('all' for every one; none for the default), each known.

    A brand file that is there under a name no ``--brand`` can choose (``Partner.toml``)
    is refused with the file-name rule, for build and handout alike.
    """
    names = tuple(names)
    known = discover_brands(project.brands_dir)
    if "all" in names:
        return known
    for problem in brand_name_problems(project.brands_dir):
        if problem.path.stem in names:
            raise RequestError(str(problem), "--brand")
    return _known(names, known, "brand", "--brand") or [DEFAULT_BRAND]


def choose_brand(project: Project, name: str = DEFAULT_BRAND) -> str:
    """One brand by name (a handout has one); as ``choose_brands``, without 'all'."""
    if name == "all":
        raise RequestError("a handout has one brand; name it", "--brand")
    return choose_brands(project, [name])[0]


def _known(names: tuple[str, ...], known: list[str], what: str, hint: str) -> list[str]:
    """``names`` without repeats; an unknown one is a RequestError listing the known."""
    unknown = [name for name in names if name not in known]
    if unknown:
        raise RequestError(
            f"unknown {what} {', '.join(unknown)}; known {what}s: {', '.join(known) or 'none'}",
            hint,
        )
    return list(dict.fromkeys(names))


def project_sources(project: Project) -> Sources | None:
    """The project's sources/ folder, read, when it exists (figures are checked against it)."""
    folder = project.root / "sources"
    return read_sources(folder) if folder.is_dir() else None


# -- list ---------------------------------------------------------------------------


@dataclass
class Listing:
    """What a project holds: the leaflets and brands that load, and the problems of those
    that do not (each named, so one broken file never hides the others)."""

    leaflets: list[Leaflet]
    brands: list[Brand]
    problems: list[Problem]


def listing(project: Project, lang: str = DEFAULT_LANG) -> Listing:
    """Every leaflet (in ``lang``) and brand that loads, and what is wrong with the rest."""
    leaflets = leaflet_docs(project, None, lang)
    brands = brand_docs(project, None)
    loaded = [doc.leaflet for doc in leaflets if doc.leaflet is not None]
    problems = [p for doc in [*leaflets, *brands] for p in doc.problems]
    return Listing(
        loaded,
        [doc.brand for doc in brands if doc.brand is not None],
        problems + duplicate_codes(loaded),
    )


# -- check --------------------------------------------------------------------------


def check(
    project: Project,
    slugs: Iterable[str] = (),
    *,
    brands: Iterable[str] = (),
    today: date | None = None,
    sources: Sources | None = None,
) -> Report:
    """Check leaflets (every language) and brands.

    ``slugs`` may name leaflets and brands (``check example-partner`` checks that brand
    alone); ``brands`` names brands only. Nothing named: every leaflet and brand.
    Leaflets named and no brand: those leaflets and every brand. Brands named and no
    leaflet: only those brands. ``sources`` defaults to the project's sources/ folder.
    Returns the Report; its ``failing()`` says whether there were errors. Raises
    RequestError for an unknown name, LeafletPressError for an unreadable sources/ folder.
    """
    names = tuple(slugs)
    known_slugs = discover_slugs(project.leaflets_dir)
    known_brands = discover_brands(project.brands_dir)
    brand_names = [n for n in names if n in known_brands and n not in known_slugs]
    brand_names += [n for n in brands if n not in brand_names]
    slugs = tuple(n for n in names if n not in brand_names)
    if unknown := [n for n in slugs if n not in known_slugs]:
        raise RequestError(
            f"unknown leaflet or brand {', '.join(unknown)}; known leaflets: "
            f"{', '.join(known_slugs) or 'none'}; brands: {', '.join(known_brands) or 'none'}",
            "SLUG",
        )
    chosen = choose_slugs(project, slugs)
    chosen_brands = choose_brands(project, brand_names) if brand_names else None
    if sources is None:
        sources = project_sources(project)
    # With nothing named, every folder is read, and the names build refuses are reported.
    return check_project(
        project,
        chosen if slugs else ([] if brand_names else None),
        brands=chosen_brands,
        today=today or date.today(),
        sources=sources,
    )


# -- build --------------------------------------------------------------------------


class BuildEvents:
    """What a build tells its caller while it works; every method does nothing here.

    The command line overrides them to print progress; a script may ignore them.
    """

    def note(self, message: str, level: int = 1) -> None:
        """A progress message (level 2: only for verbose output)."""

    def planned(self, count: int) -> None:
        """``count`` PDFs are out of date and will be rendered, unless the gate refuses them."""

    def checked(self, verdict: Verdict) -> None:
        """The gate has decided: its errors and warnings are the caller's to show."""

    def starting(self, count: int) -> None:
        """``count`` PDFs are about to be rendered."""

    def finished(self, outcome: Outcome) -> None:
        """One PDF is written, or failed."""


@dataclass
class BuildResult:
    """What a build did: the jobs planned, each PDF's outcome, and what the gate refused."""

    out_dir: Path
    jobs: list[Job]
    outcomes: list[Outcome] = field(default_factory=list)
    unchanged: int = 0
    refused: list[str] = field(default_factory=list)  # leaflet slugs and brand files
    html: list[Path] = field(default_factory=list)  # HTML documents written (html=True)
    verdict: Verdict | None = None
    skipped_checks: bool = False
    # PDFs of refused leaflets that an earlier build made and this one left in place.
    left_as_before: list[Path] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]

    @property
    def built(self) -> int:
        return len(self.outcomes) - len(self.failed)

    @property
    def ok(self) -> bool:
        """Everything asked for was built: nothing refused, no PDF failed."""
        return not self.refused and not self.failed

    def refusal(self, command_line: bool = False) -> str | None:
        """The closing line naming what the gate refused, or None.

        The problems themselves are in ``verdict.errors``; this line only names the
        refused files, so each problem is said once. Its advice names the library's
        argument (skip_checks=True), or with ``command_line`` the option (--skip-checks).
        """
        if not self.refused:
            return None
        names = ", ".join(self.refused)
        line = f"Not built, because of the errors above: {names}; fix them"
        if self.verdict is not None and self.verdict.draft_would_build:
            line += ", or build a draft with " + (
                "--skip-checks" if command_line else "skip_checks=True"
            )
        if self.left_as_before:
            count = len(self.left_as_before)
            line += (
                f". {count} PDF{'s' if count > 1 else ''} of "
                f"{'them' if len(self.refused) > 1 else 'it'} from an earlier build "
                f"{'are' if count > 1 else 'is'} still in {display_path(self.out_dir)}"
            )
        return line + "."


def build(
    project: Project,
    slugs: Iterable[str] = (),
    *,
    out_dir: Path | None = None,
    brands: Iterable[str] = (),
    editions: Iterable[str] = (),
    layouts: Iterable[str] = (),
    langs: Iterable[str] = (),
    print_ready: bool = False,
    fold_marks: bool = False,
    html: bool = False,
    strict: bool = False,
    workers: int = 1,
    force: bool = False,
    skip_checks: bool = False,
    today: date | None = None,
    events: BuildEvents | None = None,
    lock_wait: float = OUTPUT_LOCK_WAIT,
) -> BuildResult:
    """Build ``slugs`` (all leaflets when none) in every variant asked for, into ``out_dir``.

    ``brands``, ``editions``, ``layouts`` and ``langs`` each take names or 'all'
    (none: the default one). Every leaflet and brand is loaded and passed through the
    gate before anything is rendered; a refused one is left out alone and named in
    ``result.refused``, the others are built. ``skip_checks`` builds without the
    content checks, every page stamped as a draft, yet two leaflets sharing a code
    are still refused. PDFs whose inputs are unchanged are skipped unless ``force``.
    With ``html`` the HTML documents are written instead. Raises RequestError for a
    wrong request and LeafletPressError for files that cannot be planned or written.
    """
    from .manifest import Manifest
    from .output import folder_lock, remove_stale_temporary_files

    events = events or BuildEvents()
    today = today or date.today()
    started = time.perf_counter()
    slugs = tuple(slugs)
    chosen = choose_slugs(project, slugs)
    brand_names = choose_brands(project, brands)
    editions = expand(editions, EDITIONS)
    layouts = expand(layouts, LAYOUTS)
    langs = tuple(langs)
    languages = expand(langs, LANGS)
    if fold_marks and not set(layouts) & set(FOLDED):
        raise RequestError(
            "fold_marks marks the folds of a tri-fold; add 'trifold' to layouts (or leave "
            "fold_marks out)",
            command_line="--fold-marks marks the folds of a tri-fold; add --layout trifold "
            "(or leave it out)",
        )
    _unmade(editions, layouts, events)
    out_dir = (out_dir or project.root / "dist").resolve()
    # Each leaflet and brand loads on its own: one that does not is refused alone.
    # With no slugs named, every folder is read, and its name checked.
    leaflets = []
    for lang in languages:
        docs = leaflet_docs(project, chosen if slugs else None, lang)
        if lang != DEFAULT_LANG:  # a translation not written yet is not built
            files = [doc for doc in docs if doc.path.suffix == ".md"]
            lacking = [doc.path.parent.name for doc in files if not doc.path.is_file()]
            _untranslated(lang, lacking, named="all" not in langs, events=events)
            # A folder that is not a leaflet is reported once, with the first language.
            others = [doc for doc in docs if doc not in files] if lang == languages[0] else []
            docs = others + [doc for doc in files if doc.path.is_file()]
        leaflets += docs
    brand_files = brand_docs(project, brand_names)
    events.note(f"Loaded in {time.perf_counter() - started:.2f} s.", 2)
    jobs = plan_jobs(
        [doc.leaflet for doc in leaflets if doc.leaflet is not None],
        [doc.brand for doc in brand_files if doc.brand is not None],
        out_dir,
        editions,
        layouts,
        draft=skip_checks,
        print_ready=print_ready,
        fold_marks=fold_marks,
    )
    result = BuildResult(out_dir, jobs, skipped_checks=skip_checks)
    sources = None if skip_checks else project_sources(project)

    def run_gate(todo: list[Job]) -> None:
        """Run the gate and drop the refused leaflets' and brands' jobs from ``todo``."""
        if skip_checks:
            events.note(f"Checks skipped: every page is stamped '{DRAFT_STAMP}'.")
        checked = time.perf_counter()
        verdict = gate(
            project,
            leaflets,
            brand_files,
            today=today,
            sources=sources,
            strict=strict,
            checks=not skip_checks,
        )
        events.note(f"Checked in {time.perf_counter() - checked:.2f} s.", 2)
        events.checked(verdict)
        result.verdict = verdict
        result.refused = list(verdict.refused)
        keep = {id(x) for x in [*verdict.leaflets, *verdict.brands]}

        def kept(job: Job) -> bool:
            return id(job.leaflet) in keep and id(job.brand) in keep

        # A refused leaflet's PDF is not "unchanged", even when an earlier build's is there.
        planned = {id(job) for job in todo}
        fresh = [job for job in jobs if id(job) not in planned]
        result.unchanged = sum(1 for job in fresh if kept(job))
        result.left_as_before = [job.output for job in fresh if not kept(job)]
        todo[:] = [job for job in todo if kept(job)]

    if html or not jobs:
        # Nothing left to build once loading refused every leaflet or brand: say why,
        # and leave the output folder alone (not even created for its lock).
        todo = list(jobs)
        run_gate(todo)
        if todo:
            result.html = write_html(todo, Renderer(project))
        return result

    def waiting() -> None:
        events.note(f"Waiting for another build writing into {display_path(out_dir)} ...")

    # One build at a time writes into a folder (its manifest).
    with folder_lock(out_dir, lock_wait, waiting):
        for leftover in remove_stale_temporary_files(out_dir):
            events.note(f"Removed {display_path(leftover)}, left by a build that was stopped", 2)
        manifest = Manifest(out_dir, Renderer(project))
        if manifest.damaged:
            events.note(
                f"The manifest {display_path(manifest.path)} {manifest.damaged}: "
                "every PDF is rebuilt and the manifest written anew."
            )
        todo = [job for job in jobs if force or not manifest.is_fresh(job)]
        result.unchanged = len(jobs) - len(todo)
        manifest.forget(todo)
        events.planned(len(todo))

        def finished(outcome: Outcome) -> None:
            if outcome.ok:
                manifest.record(outcome.job)
            events.finished(outcome)

        def start() -> None:
            # build_pdfs reads its job list after before_render, in one process and with
            # workers alike, so what the gate drops from todo here is never rendered
            # (tests/test_gate.py holds the builder to this).
            run_gate(todo)
            prepare_fonts([job_text(job.leaflet, job.brand) for job in todo], events.note)
            events.starting(len(todo))

        # The checks run while the workers start, so their start-up costs no extra time.
        result.outcomes = build_pdfs(
            todo, project, strict=strict, workers=workers, report=finished, before_render=start
        )
    return result


def _unmade(editions: list[str], layouts: list[str], events: BuildEvents) -> None:
    """Refuse a variant that is never made when it is all that was asked for; else note it."""
    asked = [(edition, layout) for edition in editions for layout in layouts]
    unmade = [UNMADE[pair] for pair in asked if pair in UNMADE]
    if unmade and len(unmade) == len(asked):
        raise RequestError(unmade[0])
    for reason in unmade:
        events.note(f"Not made: {reason}.")


def untranslated_message(lang: str, slugs: Sequence[str]) -> str:
    """``no Malay (ms) translation yet of overview, sample (leaflets/<slug>/ms.md)``."""
    return (
        f"no {LANG_NAMES[lang]} ({lang}) translation yet of {', '.join(slugs)} "
        f"(leaflets/<slug>/{lang}.md)"
    )


def _untranslated(lang: str, slugs: list[str], *, named: bool, events: BuildEvents) -> None:
    """A language a leaflet lacks: refused in one line when it was asked for by name;
    under 'all', said once ("Not made: ...") and the leaflets that have it are built."""
    if not slugs:
        return
    if named:
        raise RequestError(
            untranslated_message(lang, slugs) + f"; leave out --lang {lang}, or name only "
            "leaflets that have it"
        )
    events.note(f"Not made: {untranslated_message(lang, slugs)}.")


def job_text(leaflet: Leaflet, brand: Brand) -> str:
    """Every string a job can print: its leaflet's and brand's fields (their reprs hold
    them all) and the furniture's words in its language."""
    return repr(leaflet) + repr(brand) + words_css(leaflet.lang)


def prepare_fonts(texts: Iterable[str], say=lambda message: None) -> None:
    """Cut the static Chinese or Tamil faces ``texts`` need, if this machine has none yet.

    The first run on a machine says so (``say``) before it waits: about 25 s for
    Chinese, once; afterwards this costs a hash check. The renderer would cut them
    anyway, silently; doing it here, before any PDF, lets the user know why it waits.
    """
    todo = fonts.fonts_to_prepare("".join(texts))
    if todo:
        say(fonts.preparing_message(todo))
        for font in todo:
            fonts.ensure_faces(font)


# -- handout ------------------------------------------------------------------------


@dataclass
class HandoutResult:
    """A made handout: the checked pack, its PDF, and what the gate and engine warned of.

    The PDF is in memory only: write it with ``handout.write_handout`` (owner-only,
    never replacing a file) or send it on, and keep it nowhere else.
    """

    handout: Handout
    pdf: bytes
    pages: int
    verdict: Verdict
    warnings: list[Problem]  # the engine's; the gate's are in verdict.warnings
    address: str | None = None

    def email_draft(self, filename: str) -> bytes:
        """The email draft (``.eml``) to ``address`` with the PDF attached as ``filename``."""
        if self.address is None:
            raise ValueError("no email address was given")
        return email_draft(self.handout, self.address, self.pdf, filename)


def handout(
    project: Project,
    slugs: Iterable[str],
    patient: str,
    *,
    doctor: str = "",
    day: date | None = None,
    notes: Iterable[str] = (),
    next_steps: Iterable[str] = (),
    brand: str = DEFAULT_BRAND,
    edition: str = EDITIONS[0],
    email: str | None = None,
    today: date | None = None,
    lang: str = DEFAULT_LANG,
    renderer: Renderer | None = None,
    kept: Kept | None = None,
    say=lambda message: None,
) -> HandoutResult:
    """Make one patient's handout: a cover page, then the leaflets ``slugs``, as PDF bytes.

    The personal details are checked (every problem at once, never repeating them),
    then the leaflets and the brand pass the same gate as a build: what build
    refuses is never handed out (raises RefusedError, with the verdict). Raises
    RequestError for an unknown leaflet or brand, LeafletPressError for the rest.
    A caller that makes many handouts (a web app's worker) passes one ``renderer`` of
    the project, so fonts and stylesheets load once; threads may share it. It may
    pass ``kept`` too (a Kept of that renderer, whose renderer is used when none is
    given): laid-out leaflets and the gate's
    verdicts are then reused while their files are unchanged, and the PDF is the
    same, byte for byte, as one made without (see kept.py). ``lang``
    is the language of the cover, the email draft and the leaflets: each leaflet needs
    a translation in it (else RequestError). ``say`` hears of a first run's font
    preparation (see prepare_fonts).
    """
    today = today or date.today()
    if lang not in LANGS:
        raise RequestError(f"unknown language {lang}; use {', '.join(LANGS)}")
    chosen = choose_slugs(project, slugs)
    brand_key = choose_brand(project, brand)

    def remembered(what: str, make):
        """``make()``, or what it gave before while the project's files are unchanged."""
        if kept is None:
            return make()
        return kept.remembered((what, tuple(chosen), lang, brand_key, today), make)

    def load() -> tuple[list[LeafletDoc], list[BrandDoc]]:
        leaflet_files = leaflet_docs(project, chosen, lang)
        missing = [doc.path.parent.name for doc in leaflet_files if not doc.path.is_file()]
        if missing:
            raise RequestError(
                untranslated_message(lang, missing) + "; make the handout in a language "
                "they have, or ask the patient information team for the translation"
            )
        brand_files = brand_docs(project, [brand_key])
        loading = [p for doc in [*leaflet_files, *brand_files] for p in doc.problems]
        if loading:
            raise LeafletPressError(loading)
        return leaflet_files, brand_files

    leaflet_files, brand_files = remembered("loaded", load)
    problems: list[Problem] = []
    pack = None
    try:
        pack = make_handout(
            patient,
            [doc.leaflet for doc in leaflet_files],
            brand_files[0].brand,
            doctor=doctor,
            day=day or today,
            notes=notes,
            next_steps=next_steps,
            edition=edition,
        )
    except LeafletPressError as error:
        problems += error.problems
    if email is not None:
        try:
            email = check_email_address(email)
        except LeafletPressError as error:
            problems += error.problems
    if problems or pack is None:
        raise LeafletPressError(problems)
    verdict = remembered(
        "gate",
        lambda: gate(
            project, leaflet_files, brand_files, today=today, sources=project_sources(project)
        ),
    )
    if not verdict.ok:
        what = "these leaflets must be reviewed" if verdict.brands else "these files must be fixed"
        raise RefusedError(
            f"no handout made: {what} before they are handed out: "
            f"{', '.join(verdict.refused)}; ask the clinic's patient information team",
            verdict,
        )
    # A handout tells the patient to contact the clinic: a brand with nothing to
    # contact is refused (a printed leaflet only warns, see brand-contact).
    if (unreachable := no_way_to_reach(brand_files[0])) is not None:
        raise LeafletPressError(unreachable)
    personal = [pack.patient, pack.doctor, *pack.notes, *pack.next_steps]  # not in its repr
    prepare_fonts([*personal, *(job_text(leaflet, pack.brand) for leaflet in pack.leaflets)], say)
    if renderer is None:
        renderer = kept.renderer if kept is not None else Renderer(project)
    rendered = render_handout(pack, renderer, kept)
    return HandoutResult(pack, rendered.pdf, rendered.pages, verdict, rendered.warnings, email)
