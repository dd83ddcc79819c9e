"""The architecture a newcomer reads in the folders, kept by a test: every module sits in a layer,
and a module only imports its own layer or lower ones (domain → store → ingest / engine →
steering → present → views → pages / CLI). Size limits keep modules and functions readable."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

# The higher the number, the higher the layer. ingest and engine are siblings: same floor, and
# neither may import the other (checked separately).
LAYERS: dict[str, int] = {
    "domain": 0,
    "store": 1,
    "ingest": 2,
    "engine": 2,
    "steering": 3,
    "present": 4,
    "views": 5,
    "top": 6,  # cli, __main__, demo, dashboard.py and pages/
}
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
PACKAGE = ROOT / "qualiboard"


def _layer_of(module: str) -> str:
    """Layer of a dotted module name inside `qualiboard` (or a page / the dashboard)."""
    parts = module.split(".")
    if parts[0] != "qualiboard" or len(parts) < 2:
        return "top"
    return parts[1] if parts[1] in LAYERS else "top"


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        found.append((".".join(parts), path))
    for path in sorted((ROOT / "pages").glob("*.py")) + [ROOT / "dashboard.py"]:
        found.append((f"pages.{path.stem}", path))
    return found


def _imports(path: Path, module: str) -> list[tuple[int, str]]:
    """Every `qualiboard…` module the file imports, at top level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            # `from qualiboard import cli` names a module: judge that module, not the package.
            if base in ("qualiboard", *(f"qualiboard.{layer}" for layer in LAYERS)):
                names += [(node.lineno, f"{base}.{a.name}") for a in node.names]
            else:
                names.append((node.lineno, base))
    return [(line, name) for line, name in names if name.split(".")[0] == "qualiboard"]


def _against_the_flow() -> list[str]:
    wrong = []
    for module, path in _modules():
        mine = _layer_of(module)
        for line, target in _imports(path, module):
            theirs = _layer_of(target)
            where = f"{path.relative_to(ROOT)}:{line} imports {target}"
            if LAYERS[theirs] > LAYERS[mine]:
                wrong.append(f"{where} ({mine} → higher layer {theirs})")
            elif {mine, theirs} == {"ingest", "engine"}:
                wrong.append(f"{where} (ingest and engine are siblings)")
    return wrong


def test_no_module_imports_a_higher_layer():
    assert _against_the_flow() == []


def test_the_layer_check_sees_a_wrong_import(tmp_path):
    # The check must be able to fail: a domain module importing the engine is caught.
    bad = tmp_path / "bad.py"
    bad.write_text("from qualiboard.engine.indicators import compute_many\n", encoding="utf-8")
    imports = _imports(bad, "qualiboard.domain.bad")
    assert imports == [(1, "qualiboard.engine.indicators")]
    assert LAYERS[_layer_of(imports[0][1])] > LAYERS[_layer_of("qualiboard.domain.bad")]
    relative = tmp_path / "rel.py"
    relative.write_text("from ..views import overview\n", encoding="utf-8")
    assert _imports(relative, "qualiboard.store.rel") == [(1, "qualiboard.views.overview")]


def test_every_module_of_the_core_sits_in_a_layer_folder():
    loose = [
        m
        for m, _ in _modules()
        if m.startswith("qualiboard.")
        and _layer_of(m) == "top"
        and m not in ("qualiboard.cli", "qualiboard.__main__")
        and not m.startswith(("qualiboard.demo", "qualiboard.cli"))
    ]
    assert loose == []


def test_core_package_never_imports_streamlit():
    code = (
        "import importlib, pkgutil, sys, qualiboard\n"
        "for m in pkgutil.walk_packages(qualiboard.__path__, 'qualiboard.'):\n"
        "    if m.name != 'qualiboard.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "assert 'streamlit' not in sys.modules, 'streamlit imported'\n"
        "print(len([n for n in sys.modules if n.startswith('qualiboard')]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert int(run.stdout) >= 60


def test_pages_hold_no_sql():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        for keyword in ("SELECT ", "INSERT ", "DELETE ", ".execute("):
            assert keyword not in text, f"{page.name} contains {keyword!r}"


def test_pages_draw_their_html_with_st_html():
    """Markdown with raw HTML makes a first visit fetch and run one more script (190 KB, Markdown's
    HTML parser) before the page's last block is drawn; `st.html` draws it with what is loaded."""
    for page in [ROOT / "dashboard.py", *(ROOT / "pages").glob("*.py")]:
        assert "unsafe_allow_html" not in page.read_text(encoding="utf-8"), page.name


# Where st.stop may still end a run: before the filters are read (the database unavailable, a
# catalogue in error, the sign-in page), or in a page run by Streamlit outside the dashboard.
STOPS_BEFORE_THE_FILTERS = {"_guard.py": 2, "_session.py": 2, "_signin.py": 1}


def test_pages_end_with_stop_page_not_st_stop():
    """The sidebar's filters are drawn after the page: a page ending with st.stop would end the
    dashboard's run too and leave the reader without filters (`guard.stop_page` does not)."""
    for page in (ROOT / "pages").glob("*.py"):
        stops = page.read_text(encoding="utf-8").count("st.stop()")
        assert stops == STOPS_BEFORE_THE_FILTERS.get(page.name, 0), page.name


def test_download_buttons_do_not_rerun_the_page():
    """A click on a download button reran the page by default: a second download asked for
    during that run (the workbook beside the CSV) was cancelled by it, and a rerun recomputes
    the page for nothing. Every download button ignores its click."""
    calls = []
    for page in [*(ROOT / "pages").glob("*.py"), ROOT / "dashboard.py"]:
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "download_button":
                on_click = {k.arg: k.value for k in node.keywords}.get("on_click")
                calls.append((page.name, node.lineno, getattr(on_click, "value", None)))
    assert len(calls) >= 10
    assert [call for call in calls if call[2] != "ignore"] == []


def test_no_module_over_500_lines():
    long = {}
    for module, path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES and _layer_of(module) != "engine":
            long[str(path.relative_to(ROOT))] = lines
    assert long == {}


def _long_functions(folder: str) -> dict[str, int]:
    long = {}
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{path.relative_to(ROOT)}:{node.name}"] = length
    return long


def test_no_function_over_60_lines_in_ingest():
    assert _long_functions("ingest") == {}


def test_no_function_over_60_lines_and_no_module_over_500_in_engine():
    long = _long_functions("engine")
    for path in (PACKAGE / "engine").rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long[str(path.relative_to(ROOT))] = lines
    assert long == {}


def test_the_size_check_counts_function_lines(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    source = f"def long():\n{body}\n"
    node = ast.parse(source).body[0]
    assert node.end_lineno - node.lineno + 1 == MAX_FUNCTION_LINES + 1


def _readme_map() -> set[str]:
    """Paths (`domain/config.py`, `ingest/`) named in the README's map of the code."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Organisation du code\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```")[3]  # the second code block: one line per module
    named, stack = set(), []
    for line in block.splitlines():
        match = re.match(r"^( *)([\w.]+/|[\w.]+\.py)\s", line + " ")
        if not match:
            continue
        depth = len(match.group(1)) // 2
        stack = stack[:depth] + [match.group(2)]
        named.add("".join(stack))
    return named


def test_readme_names_every_package_and_module_and_nothing_else():
    actual = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if path.name != "__init__.py":
            actual.add(str(rel))
        for parent in rel.parents:
            if parent != Path("."):
                actual.add(f"{parent}/")
    named = {n for n in _readme_map() if n.startswith("qualiboard/")}
    assert sorted(actual - named) == [], "modules missing from the README map"
    assert sorted(named - actual) == [], "README names modules that do not exist"


MAX_PAGE_LINES = 120


def test_every_page_reads_like_a_storyboard_in_120_lines_or_fewer():
    # The page files of the navigation; their helpers (`_*.py`) hold the longer rendering.
    long = {
        page.name: lines
        for page in (ROOT / "pages").glob("[!_]*.py")
        if (lines := len(page.read_text(encoding="utf-8").splitlines())) > MAX_PAGE_LINES
    }
    assert long == {}


MAX_PAGE_HELPER_LINES = 150


def _long_page_helpers(folder: Path) -> dict[str, int]:
    return {
        helper.name: lines
        for helper in folder.glob("_*.py")
        if (lines := len(helper.read_text(encoding="utf-8").splitlines())) > MAX_PAGE_HELPER_LINES
    }


def test_page_helpers_hold_only_streamlit_calls_in_150_lines_or_fewer():
    # Decisions, wording and parsing live in `qualiboard/` (tested on their own); what is left
    # in a helper (`pages/_*.py`) is Streamlit calls, which stay short.
    assert _long_page_helpers(ROOT / "pages") == {}


def test_the_page_helper_check_sees_a_long_helper(tmp_path):
    (tmp_path / "_long.py").write_text("x = 1\n" * (MAX_PAGE_HELPER_LINES + 1), encoding="utf-8")
    (tmp_path / "_short.py").write_text("x = 1\n" * MAX_PAGE_HELPER_LINES, encoding="utf-8")
    (tmp_path / "page.py").write_text("x = 1\n" * 200, encoding="utf-8")  # a page, not a helper
    assert _long_page_helpers(tmp_path) == {"_long.py": MAX_PAGE_HELPER_LINES + 1}
