"""Every notebook in notebooks/ runs top to bottom with networking disabled and no UPTAKE_* switch, is stored
without outputs, and (when it fetches data) says in one line that it fell back to cached or sample data.

Networking is disabled with a private network namespace (``unshare -n``, loopback only, for the kernel's own
sockets) when the test runs as root and the kernel allows it; otherwise every UPTAKE_*_URL points at a closed
port on 127.0.0.1, which fails the same way (connection refused, not retried).
"""

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
NOTICES = ("No network", "Partial data")

RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
               resources={"metadata": {"path": sys.argv[3]}}).execute()
nbformat.write(nb, sys.argv[2])
"""


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _no_network_prefix() -> list:
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip"):
        probe = subprocess.run(["unshare", "-n", "ip", "link", "set", "lo", "up"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh"]
    return []


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebook"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_clean(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_network(path, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("UPTAKE_")}
    env.update({"MPLBACKEND": "Agg", "UPTAKE_NB_FAST": "1", "UPTAKE_CACHE_DIR": str(tmp_path / "empty-cache"),
                # Notebooks that use a bench script find it here (they run in a temporary directory).
                "UPTAKE_SOURCE_DIR": str(Path(__file__).resolve().parents[2])})
    prefix = _no_network_prefix()
    if not prefix:
        from uptake.sources import DEFAULT_URLS

        closed = f"http://127.0.0.1:{_closed_port()}"
        env.update({variable: closed for variable, _ in DEFAULT_URLS.values()})
    out = tmp_path / "executed.ipynb"
    done = subprocess.run(prefix + [sys.executable, "-c", RUNNER, str(path), str(out), str(tmp_path)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {errors}"
    text = "\n".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    fetches = "uptake.fallback" in "\n".join(c.source for c in nb.cells)
    if fetches:
        notices = [line for line in text.splitlines() if line.startswith(NOTICES)]
        assert notices, f"{path.name}: no offline notice in its output:\n{text[:2000]}"
        assert "Traceback" not in text
