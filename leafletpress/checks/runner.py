"""Running the gate: load and prepare the files, run every rule that applies, build the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..brands import DEFAULT_BRAND, Brand, discover_brands
from ..content import DEFAULT_LANG, Leaflet, discover_languages, discover_slugs, load_leaflet
from ..errors import LeafletPressError
from ..project import Project
from .allowing import apply_allows
from .documents import BrandDoc, Context, LeafletDoc, Reading, Sources, brand_doc, prepare_leaflet
from .registry import ERROR, RULES, WARNING, Finding


@dataclass
class FileReport:
    """The findings in one checked file, and its reading level for a leaflet in English."""

    path: Path
    kind: str  # "leaflet" or "brand"
    findings: list[Finding]
    slug: str = ""
    lang: str = ""
    code: str = ""
    title: str = ""
    reading: Reading | None = None

    def count(self, level: str) -> int:
        return sum(1 for finding in self.findings if finding.level == level)


@dataclass
class Report:
    """Everything a check found, file by file, in the order the files were checked."""

    files: list[FileReport]
    sources: Sources | None = None

    def count(self, level: str) -> int:
        return sum(report.count(level) for report in self.files)

    def failing(self, strict: bool = False) -> list[FileReport]:
        """Files with errors (or, when ``strict``, with warnings too)."""
        levels = {ERROR, WARNING} if strict else {ERROR}
        return [r for r in self.files if any(f.level in levels for f in r.findings)]


def check_project(
    project: Project,
    slugs: list[str] | None = None,
    *,
    today: date,
    sources: Sources | None = None,
) -> Report:
    """Load and check every language of ``slugs`` (default: all leaflets) and every brand.

    A file that does not load is reported with its loading problems (as
    governance-front-matter or brand-file errors) and the others are still checked.
    """
    docs: list[LeafletDoc] = []
    for slug in slugs or discover_slugs(project.leaflets_dir):
        folder = project.leaflets_dir / slug
        for lang in discover_languages(folder) or [DEFAULT_LANG]:
            path = folder / f"{lang}.md"
            try:
                docs.append(LeafletDoc(path, load_leaflet(path)))
            except LeafletPressError as error:
                docs.append(LeafletDoc(path, problems=error.problems))
    brands = [brand_doc(project.brands_dir, key) for key in discover_brands(project.brands_dir)]
    return _run(project, docs, brands, today, sources)


def check_loaded(
    project: Project,
    leaflets: list[Leaflet],
    brands: list[Brand],
    *,
    today: date,
    sources: Sources | None = None,
) -> Report:
    """Check leaflets and brands that are already loaded (as ``build`` has them)."""
    docs = [LeafletDoc(leaflet.path, leaflet) for leaflet in leaflets]
    brand_docs = [brand_doc(project.brands_dir, brand.key) for brand in brands]
    return _run(project, docs, brand_docs, today, sources)


def check_governance(leaflets: list[Leaflet], *, today: date) -> Report:
    """Only the governance rules (review dates, reviewer, codes), over loaded leaflets.

    What a doctor's handout must not print silently: it reads no text and renders
    nothing, so it costs a few milliseconds on the path a patient waits for.
    """
    docs = [LeafletDoc(leaflet.path, leaflet) for leaflet in leaflets]
    ctx = Context(today=today, sources=None, leaflets=docs)
    governance = [r for r in RULES.values() if r.id.startswith("governance-")]
    return Report([_report(doc, ctx, governance) for doc in docs], None)


def _run(
    project: Project,
    docs: list[LeafletDoc],
    brands: list[BrandDoc],
    today: date,
    sources: Sources | None,
) -> Report:
    default_brand = next(
        (b.brand for b in brands if b.key == DEFAULT_BRAND and b.brand), None
    ) or next((b.brand for b in brands if b.brand), None)
    renderer = _renderer(project) if default_brand else None
    for doc in docs:
        if doc.leaflet is not None:
            prepare_leaflet(doc, default_brand, renderer)
    ctx = Context(today=today, sources=sources, leaflets=docs)
    files = [_leaflet_report(doc, ctx) for doc in docs]
    files += [_report(doc, ctx) for doc in brands]
    return Report(files, sources)


def _leaflet_report(doc: LeafletDoc, ctx: Context) -> FileReport:
    report = _report(doc, ctx)
    if doc.leaflet is not None:
        leaflet = doc.leaflet
        report.slug, report.lang, report.code = leaflet.slug, leaflet.lang, leaflet.code
        report.title, report.reading = leaflet.title, doc.reading
    else:
        report.slug, report.lang = doc.path.parent.name, doc.path.stem
    return report


def _report(doc: LeafletDoc | BrandDoc, ctx: Context, rules=None) -> FileReport:
    """Run every rule (or those of ``rules``) that applies to ``doc``, then apply its allows.

    A leaflet that did not load gets only its loading problems: the other rules need its text.
    """
    loaded = doc.leaflet if doc.kind == "leaflet" else True
    findings: list[Finding] = []
    for known in rules if rules is not None else RULES.values():
        if known.check is None or doc.kind not in known.applies_to:
            continue
        if not loaded and known.id != "governance-front-matter":
            continue
        for line, message in known.check(doc, ctx):
            findings.append(Finding(doc.path, line, known.level, known.id, message))
    findings = apply_allows(doc, list(dict.fromkeys(findings)))  # once per line is enough
    findings.sort(key=lambda f: (f.line or 0, f.rule))
    return FileReport(doc.path, doc.kind, findings)


def _renderer(project: Project):
    from ..render import Renderer

    return Renderer(project)
