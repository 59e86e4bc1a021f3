"""Leaflet content cannot inject markup, read files outside the project or reach the network.

These test the two gates on their own (the Markdown stage and the URL fetcher); the
whole corpus of hostile inputs, run through the command, is in test_hostile.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from leafletpress.fetcher import ProjectOnlyFetcher
from leafletpress.markup import to_html


def test_raw_html_is_escaped_not_passed_through(tmp_path):
    html = to_html(
        "<b>bold?</b> and <em>x</em>\n\n<div>block</div>\n", tmp_path, tmp_path / "en.md"
    ).html
    assert "<b>" not in html and "<div>" not in html
    assert "&lt;b&gt;bold?&lt;/b&gt;" in html and "&lt;div&gt;block&lt;/div&gt;" in html


def test_only_web_mail_and_phone_links_survive(tmp_path):
    fragment = to_html(
        "[a](https://example.org) [b](javascript:alert(1)) "
        "[c](file:///etc/passwd) [d](tel:+6560000000)",
        tmp_path,
        tmp_path / "en.md",
    )
    assert (
        'href="https://example.org"' in fragment.html and 'href="tel:+6560000000"' in fragment.html
    )
    assert "javascript:" not in fragment.html and 'href="file:' not in fragment.html
    assert len(fragment.warnings) == 2


@pytest.fixture
def fetcher_world(tmp_path):
    inside = tmp_path / "project"
    inside.mkdir()
    (inside / "ok.css").write_text("p { color: black }")
    (inside / "notes.txt").write_text("not a stylesheet")
    outside = tmp_path / "secret.css"
    outside.write_text("secret")
    (inside / "link.css").symlink_to(outside)
    return ProjectOnlyFetcher([inside]), inside, outside


def test_fetcher_serves_project_files(fetcher_world):
    fetcher, inside, _ = fetcher_world
    response = fetcher.fetch((inside / "ok.css").as_uri())
    assert response.read() == b"p { color: black }"
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "http://example.invalid/style.css",
        "https://example.invalid/font.ttf",
        "ftp://example.invalid/x.png",
        "file://otherhost/etc/passwd",
    ],
)
def test_fetcher_refuses_the_network(fetcher_world, url, no_network):
    fetcher, _, _ = fetcher_world
    with pytest.raises(ValueError, match="never fetches from the network|disallowed protocol"):
        fetcher.fetch(url)
    assert no_network == []


def test_fetcher_refuses_files_outside_the_project(fetcher_world):
    fetcher, inside, outside = fetcher_world
    for url in (
        outside.as_uri(),
        (inside / ".." / "secret.css").as_uri(),
        (inside / "link.css").as_uri(),  # a symlink pointing outside
        Path("/etc/passwd").as_uri(),
    ):
        with pytest.raises(ValueError, match="only files inside the project"):
            fetcher.fetch(url)


def test_fetcher_refuses_unknown_file_types(fetcher_world):
    fetcher, inside, _ = fetcher_world
    with pytest.raises(ValueError, match="not a stylesheet, image or font"):
        fetcher.fetch((inside / "notes.txt").as_uri())


def test_no_temporary_files_are_left_behind(fixture_project):
    fixture_project.valid_leaflet()
    assert fixture_project.build().exit_code == 0
    leftovers = [
        name for name in os.listdir(fixture_project.root / "dist") if name.endswith(".tmp")
    ]
    assert leftovers == []


def test_allow_comments_are_dropped_and_other_comments_still_print(tmp_path):
    body = (
        "<!-- allow ad-superlative: a quoted award title -->\n"
        "We won the award.\n"
        "Second line. <!-- allow ad-guarantee: quoted -->\n"
        "\n"
        "<!-- a note to the team -->\n"
    )
    html = to_html(body, tmp_path, tmp_path / "en.md").html
    assert "allow" not in html and "award title" not in html and "quoted" not in html
    # The comment line is removed, not blanked: the paragraph stays one paragraph.
    assert "<p>We won the award.\nSecond line.</p>" in html
    # Any other comment is raw HTML like the rest: escaped and printed, so nothing hides.
    assert "a note to the team" in html
