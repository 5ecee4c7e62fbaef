"""Write a notebook from a list of (kind, source) cells, outputs empty, so notebooks stay reviewable as code.

Usage: python tools/make_notebook.py  (rewrites every notebook defined in tools/notebooks/*.py)
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
REPO_URL = "https://github.com/uptake-dev/uptake"


def badges(name: str) -> str:
    path = f"uptake-dev/uptake/blob/main/notebooks/{name}.ipynb"
    return (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"(https://colab.research.google.com/github/{path}) "
        f"[![Open In Kaggle](https://kaggle.com/static/images/open-in-kaggle.svg)]"
        f"(https://kaggle.com/kernels/welcome?src=https://github.com/{path})"
    )


INSTALL_CELL = f'''# Installs uptake only on Colab or Kaggle; locally and in CI the installed package is used.
# On Kaggle, switch Settings -> Internet on first (it needs a phone-verified account).
import os, sys
IN_COLAB = "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ
IN_KAGGLE = "KAGGLE_KERNEL_RUN_TYPE" in os.environ
if IN_COLAB or IN_KAGGLE:
    import subprocess
    def _pip(*args):
        return subprocess.run([sys.executable, "-m", "pip", "install", "-q", *args]).returncode == 0
    # The published manylinux wheel installs in seconds; until it exists, build from the repository (minutes).
    if not _pip("--only-binary=:all:", "uptake>=0.1"):
        _pip("uptake @ git+{REPO_URL}")
FAST = os.environ.get("UPTAKE_NB_FAST") == "1"   # CI runs smaller simulations (sizes only, not the data source)'''


def write(name: str, title: str, cells: list[tuple[str, str]]) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# {title}\n\n{badges(name)}"))
    nb.cells.append(nbformat.v4.new_code_cell(INSTALL_CELL))
    for kind, source in cells:
        make = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(make(source.strip("\n")))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"{name[:20]}-{i}"
    path = ROOT / "notebooks" / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    for spec in sorted((ROOT / "tools" / "notebooks").glob("*.py")):
        namespace = runpy.run_path(str(spec))
        print(write(spec.stem, namespace["TITLE"], namespace["CELLS"]), file=sys.stderr)
