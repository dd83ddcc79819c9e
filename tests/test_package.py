import subprocess
import sys

from tests.conftest import ROOT


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
    assert int(run.stdout) >= 15


def test_pages_hold_no_sql():
    for page in (ROOT / "pages").glob("*.py"):
        text = page.read_text(encoding="utf-8")
        for keyword in ("SELECT ", "INSERT ", "DELETE ", ".execute("):
            assert keyword not in text, f"{page.name} contains {keyword!r}"
