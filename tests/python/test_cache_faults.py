"""The cache never loses an entry and never fails a fetch it does not have to: another process holding the lock,
a read-only location, a full disk."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap

import pytest

import uptake
from uptake import _fetch

FAST = {"base_delay": 0.01, "max_delay": 0.05, "max_retries": 3, "poll_interval": 0.02}
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(requests, **kw):
    kw.setdefault("policy", FAST)
    kw.setdefault("progress", False)
    return _fetch.fetch(requests, **kw)


def entries(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(db.execute("SELECT url, body FROM responses").fetchall())
    finally:
        db.close()


def fill(server, n, size=100, path="/kept"):
    url = server.route(path, {"status": 200, "echo": True})
    out = run([{"url": f"{url}?i={i}&pad={'p' * size}"} for i in range(n)])
    assert len(out) == n
    return url


@contextlib.contextmanager
def lock_held(path, mode):
    """Another process holding the cache's lock: 'write' (a pending write transaction; WAL readers go on) or
    'exclusive' (exclusive locking mode: nobody else can even read)."""
    pragma = "db.execute('PRAGMA locking_mode=EXCLUSIVE')\n" if mode == "exclusive" else ""
    script = textwrap.dedent(f"""
        import sqlite3, sys, time
        db = sqlite3.connect({str(path)!r}, isolation_level=None)
        {pragma.strip()}
        db.execute('BEGIN EXCLUSIVE' if {mode == 'exclusive'} else 'BEGIN IMMEDIATE')
        db.execute("UPDATE meta SET value = value WHERE name = 'format'")
        print('locked', flush=True)
        sys.stdin.read()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()


class TestBusy:
    def test_locked_cache_raises_cache_busy_and_is_left_alone(self, server, cache_dir, monkeypatch):
        fill(server, 30)
        path = cache_dir / "responses.sqlite"
        before = entries(path)
        monkeypatch.setenv("UPTAKE_CACHE_TIMEOUT", "0.3")  # the holder keeps the lock far longer than this
        url = server.route("/new", {"status": 200, "body": "x"})
        with lock_held(path, "exclusive"):
            with pytest.raises(uptake.CacheBusyError, match=r"locked by another process .*0\.3.*left untouched"):
                run([{"url": url}])
        assert isinstance(uptake.CacheBusyError("x"), uptake.NetworkError)
        assert sorted(p.name for p in cache_dir.iterdir() if ".corrupt-" in p.name) == []
        assert entries(path) == before and len(before) == 30  # all 30 still in the active cache
        assert server.count("/new") == 0

    def test_write_lock_held_keeps_every_answer(self, server, cache_dir, monkeypatch):
        url = fill(server, 10)
        path = cache_dir / "responses.sqlite"
        before = entries(path)
        monkeypatch.setenv("UPTAKE_CACHE_TIMEOUT", "0.3")
        new = server.route("/fresh", {"status": 200, "echo": True})
        with lock_held(path, "write"):
            # reads go on under WAL: a cached answer is served, new ones are fetched and returned
            (hit,) = run([{"url": f"{url}?i=3&pad={'p' * 100}", "ttl": 3600}])
            assert hit.from_cache
            with pytest.warns(RuntimeWarning, match="3 answers were returned but not stored in the cache"):
                out = run([{"url": f"{new}?j={j}"} for j in range(3)])
        assert [r.text for r in out] == [f"j={j}" for j in range(3)]
        assert entries(path) == before and not any(".corrupt-" in p.name for p in cache_dir.iterdir())

    def test_damaged_file_is_still_moved_aside(self, server, cache_dir):
        fill(server, 5)
        path = cache_dir / "responses.sqlite"
        db = sqlite3.connect(path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        raw = bytearray(path.read_bytes())
        raw[4096:8192] = b"\xff" * 4096  # a torn page: SQLite's quick_check reports it
        path.write_bytes(bytes(raw))
        with pytest.warns(RuntimeWarning, match="damaged .*integrity check"):
            run([{"url": server.route("/after", {"status": 200, "body": "ok"})}])
        assert any(".corrupt-" in p.name for p in cache_dir.iterdir())


@contextlib.contextmanager
def small_tmpfs(size):
    folder = tempfile.mkdtemp(prefix="uptake-tmpfs-")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", folder], capture_output=True)
    if done.returncode != 0:
        os.rmdir(folder)
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", folder], check=False)
        shutil.rmtree(folder, ignore_errors=True)


class TestReadOnly:
    def make_read_only(self, folder):
        if IS_ROOT:
            subprocess.run(["mount", "-o", "remount,ro", folder], check=True)
        else:
            for p in [folder, *(os.path.join(folder, f) for f in os.listdir(folder))]:
                os.chmod(p, 0o555 if os.path.isdir(p) else 0o444)

    def test_read_only_cache_serves_entries_and_falls_back_to_memory(self, server, monkeypatch):
        with (small_tmpfs("16m") if IS_ROOT else tempfile.TemporaryDirectory()) as folder:
            monkeypatch.setenv("UPTAKE_CACHE_DIR", folder)
            url = fill(server, 5)
            self.make_read_only(folder)
            with pytest.warns(RuntimeWarning, match="cannot be written .*in memory only .*still read") as seen:
                (r,) = run([{"url": f"{url}?i=2&pad={'p' * 100}"}], offline=True)
            assert len(seen) == 1 and r.from_cache and r.text.startswith("i=2")
            new = server.route("/online", {"status": 200, "body": "fresh"})
            with pytest.warns(RuntimeWarning, match="in memory only"):
                (r,) = run([{"url": new}])
            assert r.text == "fresh"

    def test_missing_location_falls_back(self, server, monkeypatch, tmp_path):
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        monkeypatch.setenv("UPTAKE_CACHE_DIR", str(blocker / "cache"))  # cannot be created under a file
        with pytest.warns(RuntimeWarning, match="cannot create the folder"):
            (r,) = run([{"url": server.route("/x", {"status": 200, "body": "ok"})}])
        assert r.text == "ok"


@pytest.mark.skipif(not IS_ROOT, reason="mounting a small tmpfs to fill the disk needs root (CI runs as root)")
def test_full_disk_keeps_every_answer_and_every_stored_entry(server, monkeypatch):
    with small_tmpfs("600k") as folder:
        monkeypatch.setenv("UPTAKE_CACHE_DIR", folder)
        url = fill(server, 3, size=1000)
        path = os.path.join(folder, "responses.sqlite")
        before = entries(path)
        big = server.route("/big", {"status": 200, "echo": True})
        with pytest.warns(RuntimeWarning, match=r"answers were returned but not stored in the cache \(.*full"):
            out = run([{"url": f"{big}?k={k}&pad={'q' * 60000}"} for k in range(20)])
        assert [r.text for r in out] == [f"k={k}&pad={'q' * 60000}" for k in range(20)]  # none lost
        after = entries(path)
        assert all(after.get(u) == b for u, b in before.items())  # what was stored stays
        assert all(b.decode().startswith("k=") for u, b in after.items() if u not in before)  # stored ones are whole
        (hit,) = run([{"url": f"{url}?i=1&pad={'p' * 1000}", "ttl": 3600}])
        assert hit.from_cache
