"""Every test the README and docs name as proof of a claim (``file.py::test_name``) exists."""

from __future__ import annotations

import ast
import re

from support import PROJECT_DIR

NAMED_TEST = re.compile(r"(test_[a-z_0-9]+\.py)::(test_[A-Za-z_0-9]+)")
TESTS = PROJECT_DIR / "tests" / "python"


def documents() -> list:
    return [PROJECT_DIR / "README.md", *sorted((PROJECT_DIR / "docs").glob("*.md"))]


def defined_tests() -> dict[str, set[str]]:
    """Test function names per test file name, read from the source (nothing is imported)."""
    found: dict[str, set[str]] = {}
    for path in TESTS.rglob("test_*.py"):
        tree = ast.parse(path.read_text())
        names = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.name.startswith("test_")
        }
        found.setdefault(path.name, set()).update(names)
    return found


def test_every_test_the_docs_name_is_defined_in_the_named_file():
    tests = defined_tests()
    named = [
        (document.name, file, test)
        for document in documents()
        for file, test in NAMED_TEST.findall(document.read_text())
    ]
    assert len(named) >= 50, "the docs name the tests behind their claims"
    missing = [entry for entry in named if entry[2] not in tests.get(entry[1], set())]
    assert missing == []
