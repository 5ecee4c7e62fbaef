"""The README's code runs: every ```python block is executed, in order, in one namespace (as a reader pastes
them one after another into a session), and every `uptake ...` command of the ```bash blocks parses with the
real command-line parser (no network: parsing only). Also: no link leaves the repository, and the screenshot
it shows exists and stays small.

The python blocks need no prelude of their own; the test only sets up what a reader's machine would have:
a private cache, a working directory for the files the blocks write, a non-interactive matplotlib backend,
and the fixture ClickHouse server in place of ClickPy (``UPTAKE_CLICKHOUSE_URL``, as the README says). The
blocks of "Projects and identity" look projects up and fetch every signal: there the ``UPTAKE_*_URL``
variables point at the fixture server with our own PyPI, npm, Wikidata and signal answers
(tests/support/identity_fixtures.py, live_fixtures.py) for the window the README compares.
"""

import re
import shlex

import pytest

from conftest import REPO
from uptake import cli

README = (REPO / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)[ \t]*\n(.*?)^```[ \t]*$", re.M | re.S)


def _blocks(lang):
    return [(README[:m.start()].count("\n") + 2, m.group(2)) for m in FENCE.finditer(README) if m.group(1) == lang]


def _uptake_commands():
    for line_no, block in _blocks("bash"):
        for offset, line in enumerate(block.splitlines()):
            tokens = shlex.split(line, comments=True)
            command: list = []
            for tok in tokens + [";"]:
                if tok in ("&&", "||", ";", "|"):
                    if command and command[0].rsplit("/", 1)[-1] == "uptake":
                        yield line_no + offset, command, tok == "|"
                    command = []
                else:
                    command.append(tok)


def test_readme_has_code_to_check():
    assert len(_blocks("python")) >= 4 and len(list(_uptake_commands())) >= 5


@pytest.mark.parametrize("line_no, command, piped", list(_uptake_commands()), ids=lambda v: str(v))
def test_bash_uptake_commands_parse(line_no, command, piped):
    assert not piped, f"README.md:{line_no}: `{' '.join(command)} | ...` pipes one uptake command into another"
    try:
        cli._parser().parse_args(command[1:])
    except SystemExit as exc:
        assert exc.code == 0, f"README.md:{line_no}: `{' '.join(command)}` does not parse"


def _section(line_no):
    """The title of the README heading a line stands under."""
    titles = [line.lstrip("#").strip() for line in README.splitlines()[:line_no] if re.match(r"#+ ", line)]
    return titles[-1] if titles else ""


IDENTITY = "Projects and identity"
IDENTITY_WINDOW = ("2024-01-01", "2025-12-31")  # the window the README's identity block compares


def test_python_blocks_run_in_order(tmp_path, monkeypatch, clickhouse, server):
    from support.live_fixtures import serve

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("UPTAKE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("UPTAKE_CLICKHOUSE_URL", clickhouse.url)
    monkeypatch.delenv("UPTAKE_OFFLINE", raising=False)
    identity_env = serve({k: server for k in ("identity", "clickhouse", "wikimedia", "stackexchange", "arxiv")},
                         ["polars", "pandas"], *IDENTITY_WINDOW)
    import matplotlib

    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__readme__"}
    blocks = _blocks("python")
    assert any(_section(n) == IDENTITY for n, _ in blocks), f"no python block under '{IDENTITY}'"
    for line_no, code in blocks:
        with monkeypatch.context() as env:
            if _section(line_no) == IDENTITY:
                for k, v in identity_env.items():
                    env.setenv(k, v)
            try:
                exec(compile(code, f"README.md:{line_no}", "exec"), namespace)
            except Exception as exc:  # noqa: BLE001 - name the block that failed
                raise AssertionError(f"the python block at README.md:{line_no} failed: {type(exc).__name__}: {exc}") from exc
        if _section(line_no) == IDENTITY:
            # What the block says it shows: every signal of both projects, no PyTorch/TensorFlow figures.
            two = namespace["two"]
            assert two.problems == [], two.problems
            assert not two.shares["comparison"].str.contains("PyTorch|TensorFlow|NeurIPS|Stack Overflow 2019").any()


def test_no_path_outside_the_repository_and_a_small_screenshot():
    assert "../" not in README
    shots = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", README)
    assert shots, "the README shows a screenshot of the report"
    for shot in shots:
        path = REPO / shot
        assert path.is_file() and path.stat().st_size < 300_000, shot
