"""The notebooks' text renders: no literal `**` or `*-` left in any markdown cell once rendered (CommonMark, as
JupyterLab and Voilà render it). Emphasis next to Chinese punctuation, and an emphasis wrapped around a list,
are the usual ways to leave asterisks on the page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
RENDER = MarkdownIt("commonmark").enable("table")


def rendered_text(source: str) -> str:
    """A markdown cell's visible text: rendered, code spans dropped (an asterisk in code is meant), tags removed."""
    page = re.sub(r"<code>.*?</code>", "", RENDER.render(source), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_a_bold_run_ending_in_chinese_punctuation_is_what_this_test_catches():
    # CommonMark: a closing ** preceded by punctuation (:) and followed by a letter (星) does not close: it stays
    assert "**" in rendered_text("**先预测:**星级分布会变吗?")
    assert "**" not in rendered_text("**先预测:** 星级分布会变吗?")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_renders_without_literal_asterisks(path):
    nb = nbformat.read(path, as_version=4)
    left = [(i, line) for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
            for line in rendered_text(cell.source).splitlines() if "**" in line or "*-" in line]
    assert not left, left
