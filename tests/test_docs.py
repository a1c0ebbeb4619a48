"""Every ```python block of README.md and docs/*.md runs, page by page.

The blocks of one page run in order in one fresh namespace, so a later
block may use the names of an earlier one; the working directory is a
temporary folder. Each block checks its own results with ``assert``.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
PYTHON_BLOCK = re.compile(r"^```python[ \t]*\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """The ```python blocks of `page`, each with the line of the page its code starts on."""
    text = page.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, match.start(1)) + 1, match.group(1))
        for match in PYTHON_BLOCK.finditer(text)
    ]


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=[page_id(page) for page in PAGES])
def test_python_blocks_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {"__name__": f"docs.{page.stem}"}
    for number, (line, code) in enumerate(python_blocks(page), start=1):
        # Padding with blank lines makes tracebacks name the line of the page itself.
        compiled = compile("\n" * (line - 1) + code, str(page), "exec")
        failure: str | None = None
        try:
            exec(compiled, namespace)
        except Exception:
            failure = traceback.format_exc()
        if failure is not None:
            pytest.fail(
                f"{page_id(page)}: python block {number} (starting at line {line}) raised:\n"
                f"{failure}",
                pytrace=False,
            )


def test_the_pages_have_python_blocks() -> None:
    # Guards against a broken pattern making every page pass with nothing run.
    counts = {page_id(page): len(python_blocks(page)) for page in PAGES}
    assert counts["README.md"] >= 1
    assert counts["docs/values.md"] >= 1
