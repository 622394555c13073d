"""The shape of the package: data flows one way (docs/design.md), so a module never imports one
that comes after it in the flow, and there are no import cycles.

Read from the source with `ast` (module-level and function-level imports alike: a lazy import
still points the same way).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import edgarliq

PACKAGE = Path(edgarliq.__file__).parent

# the statements stage in the order its data flows (edgarliq/statements/__init__.py)
STATEMENTS_ORDER = ["titles", "periods", "draft", "concepts", "blocks", "grids", "finish", "extract"]


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:` (annotations only, never imported at run time)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            out.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return out


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_blocks(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("edgarliq"):
            out.add(node.module)
            out.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("edgarliq"))
    return out


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def test_statements_modules_import_only_earlier_stages() -> None:
    for k, name in enumerate(STATEMENTS_ORDER):
        later = {f"edgarliq.statements.{n}" for n in STATEMENTS_ORDER[k + 1:]}
        bad = _imports(PACKAGE / "statements" / f"{name}.py") & later
        assert not bad, f"statements/{name}.py imports {sorted(bad)}, which come after it"


def test_statements_package_lists_every_module_in_its_order() -> None:
    found = {p.stem for p in (PACKAGE / "statements").glob("*.py")} - {"__init__"}
    assert found == set(STATEMENTS_ORDER)


# Leaf helpers every stage may use (record classes, cached regular expressions, the file that
# keeps what they compile): they import nothing of ours but bytecache, so model.py may use them
# and still sit below everything else.
LEAVES = ("record.py", "lazyre.py", "bytecache.py")


@pytest.mark.parametrize("module", ["model.py", *LEAVES])
def test_model_imports_nothing_of_ours_at_module_level_but_the_leaves(module: str) -> None:
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    top = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    ours = [ast.unparse(n) for n in top if "edgarliq" in ast.unparse(n)]
    allowed = {"model.py": ["from edgarliq.record import field, record"], "bytecache.py": []}.get(
        module, ["from edgarliq.bytecache import Kept"])
    assert ours == allowed


# The one sanctioned way back up: the value types' notebook and DataFrame conveniences
# (`Statement._repr_html_`, `Analysis.frames()` ...) import the output modules when called.
LAZY_OUTPUT_EDGES = {(a, b) for a in ("edgarliq.model", "edgarliq.pipeline")
                     for b in ("edgarliq.report", "edgarliq.export")}


def test_no_import_cycles() -> None:
    graph = {name: {m for m in _imports(path) if m in MODULES and m != name and (name, m) not in LAZY_OUTPUT_EDGES}
             for name, path in MODULES.items()}
    # a package's __init__ re-exporting its modules is not a cycle with them
    for name in graph:
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}
    state: dict[str, int] = {}

    def visit(n: str, trail: list[str]) -> None:
        state[n] = 1
        for m in sorted(graph[n]):
            if state.get(m) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(m):] + [m]))
            if m not in state:
                visit(m, trail + [m])
        state[n] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
