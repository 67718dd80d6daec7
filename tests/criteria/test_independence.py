"""The rules do not depend on the workflow: nothing in `ocop.criteria` imports the registry,
evaluation or certification apps (which build on the rulebooks), and its templates link to none
of their pages. Read from the source with `ast`, so an import inside a function counts too."""

import ast
import re
from pathlib import Path

import pytest

import ocop.criteria

CRITERIA = Path(ocop.criteria.__file__).parent
FORBIDDEN = ("ocop.registry", "ocop.evaluation", "ocop.certification")


def _modules() -> list[Path]:
    return sorted(CRITERIA.rglob("*.py"))


def _package(path: Path) -> str:
    return ".".join(("ocop", *path.relative_to(CRITERIA.parent).parent.parts))


def imported_names(source: str, package: str) -> set[str]:
    """Every module (and imported name) of `source`, relative imports resolved against
    `package`, imports inside functions included."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _forbidden(names: set[str]) -> list[str]:
    return sorted(name for name in names if name in FORBIDDEN or name.startswith(FORBIDDEN))


def test_every_kind_of_import_is_seen():
    source = """
import ocop.certification.models
from ocop.criteria.models import Rulebook
from .queries import sheets_of
from .. import registry
from ..evaluation.models import Dossier

def view():
    from ocop.registry.queries import products_for_user
"""
    names = imported_names(source, "ocop.criteria")

    assert "ocop.criteria.queries" in names
    assert _forbidden(names) == [
        "ocop.certification.models",
        "ocop.evaluation.models",
        "ocop.evaluation.models.Dossier",
        "ocop.registry",
        "ocop.registry.queries",
        "ocop.registry.queries.products_for_user",
    ]


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(CRITERIA)))
def test_criteria_module_imports_no_workflow_app(path):
    names = imported_names(path.read_text(encoding="utf-8"), _package(path))

    assert _forbidden(names) == []


def test_criteria_templates_link_to_no_workflow_page():
    pattern = re.compile(r"""\{%\s*url\s+['"](registry|evaluation|certification)[:'"]""")
    found = [
        str(path.relative_to(CRITERIA))
        for path in (CRITERIA / "templates").rglob("*.html")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert found == []


# A rulebook's raw data read by name (`rulebook.data[...]`, `dossier.rulebook.data.get(...)`).
RAW_RULEBOOK_DATA = re.compile(r"\brulebook\w*\.data\b|\b(later|successor|candidate)\.data\b")


def test_no_other_app_reads_a_rulebooks_raw_data():
    """Outside criteria a rulebook's numbers are read through `Rulebook.rules` only."""
    found = [
        f"{path.relative_to(CRITERIA.parent)}:{number}"
        for path in sorted(CRITERIA.parent.rglob("*"))
        if path.suffix in {".py", ".html"}
        and CRITERIA not in path.parents
        and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_RULEBOOK_DATA.search(line)
    ]

    assert found == []
