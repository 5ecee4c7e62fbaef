"""_core.pyi and the compiled module name the same functions, so type checkers see what exists."""

import ast
from pathlib import Path

import uptake
from uptake import _core


def _stub_names():
    tree = ast.parse((Path(uptake.__file__).parent / "_core.pyi").read_text())
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def test_stubs_match_module():
    compiled = {n for n in dir(_core) if not n.startswith("_") or n == "__version__"}
    assert _stub_names() == compiled
