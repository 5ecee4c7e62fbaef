"""A real ClickHouse server (Debian's clickhouse-server) on 127.0.0.1 for the SQL sources.

Started with a temporary config and data folder, loaded with a generated data set shaped like ClickPy's
(`pypi.pypi`, `pypi.pypi_downloads_per_day`, `github.github_events`), stopped at the end.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape as xml_escape

# A password-protected user whose password holds every reserved URL character (it must never reach a URL).
SECURE_USER = "keeper"
SECURE_PASSWORD = "a+b/c=d&e?f#g%h:i@j;k,l$m!n'o(p)q*r[s]t ~"

BINARY = shutil.which("clickhouse-server") or ("/usr/sbin/clickhouse-server" if Path("/usr/sbin/clickhouse-server").exists() else None)
# `default` loads the data; `demo` reads it, as on the public ClickPy instance (read-only, settings allowed).
USERS = """<?xml version="1.0"?>
<yandex>
  <profiles>
    <default><max_memory_usage>4000000000</max_memory_usage></default>
    <readonly><readonly>2</readonly></readonly>
  </profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default>
    <demo><password></password><networks><ip>127.0.0.1</ip></networks><profile>readonly</profile><quota>default</quota></demo>
    <keeper><password>{password}</password><networks><ip>127.0.0.1</ip></networks><profile>readonly</profile><quota>default</quota></keeper>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
"""

SCHEMA = [
    "CREATE DATABASE IF NOT EXISTS pypi",
    "CREATE DATABASE IF NOT EXISTS github",
    "CREATE TABLE pypi.pypi_downloads_per_day (date Date, project String, count Int64) "
    "ENGINE = SummingMergeTree ORDER BY (project, date)",
    "CREATE TABLE pypi.pypi (date Date, country_code String, project String, type String, installer String, "
    "python_minor String, system String, version String, ci Enum8('false' = 0, 'true' = 1, 'unknown' = 2)) "
    "ENGINE = MergeTree ORDER BY (project, date, version, country_code, python_minor, system)",
    "CREATE TABLE pypi.projects (name String, version String, upload_time DateTime) ENGINE = MergeTree ORDER BY name",
    "CREATE TABLE github.github_events (event_type String, actor_login String, repo_name String, created_at DateTime, "
    "push_distinct_size UInt32 DEFAULT 0) "
    "ENGINE = MergeTree ORDER BY (repo_name, event_type, created_at)",
]

# Known aggregates: torch has 1000 + day index downloads per day (split into two unmerged rows), tensorflow 500.
LOAD = [
    "INSERT INTO pypi.pypi_downloads_per_day SELECT toDate('2024-01-01') + number, 'torch', 600 + number "
    "FROM system.numbers LIMIT 366",
    "INSERT INTO pypi.pypi_downloads_per_day SELECT toDate('2024-01-01') + number, 'torch', 400 "
    "FROM system.numbers LIMIT 366",
    "INSERT INTO pypi.pypi_downloads_per_day SELECT toDate('2024-01-01') + number, 'tensorflow', 500 "
    "FROM system.numbers LIMIT 366",
    # many small projects, for the row-cap test (200 projects x 366 days = 73,200 rows > one 65,536-row block)
    "INSERT INTO pypi.pypi_downloads_per_day SELECT toDate('2024-01-01') + (number % 366), "
    "concat('pkg', toString(intDiv(number, 366))), 1 FROM system.numbers LIMIT 73200",
    # raw rows for January 2024: per day 30 pip downloads (10 on CI), 20 uv (5 on CI), 7 from bandersnatch
    "INSERT INTO pypi.pypi SELECT toDate('2024-01-01') + intDiv(number, 57), 'US', 'torch', 'bdist_wheel', "
    "multiIf(number % 57 < 30, 'pip', number % 57 < 50, 'uv', 'bandersnatch'), '3.11', 'Linux', '2.1.0', "
    "CAST(multiIf(number % 57 < 10, 1, number % 57 < 30, 0, number % 57 < 35, 1, number % 57 < 50, 0, 2) AS Enum8('false' = 0, 'true' = 1, 'unknown' = 2)) "
    "FROM system.numbers LIMIT 1767",
    # release metadata: known names (one without any download), for unknown-name errors and close matches
    "INSERT INTO pypi.projects VALUES ('torch', '2.1.0', '2024-01-01 00:00:00'), ('tensorflow', '2.15.0', "
    "'2024-01-01 00:00:00'), ('tensorflow-gpu', '2.12.0', '2023-03-01 00:00:00'), ('tensorboard', '2.15.0', "
    "'2024-01-01 00:00:00'), ('never-downloaded', '0.1', '2024-06-01 00:00:00')",
    # stars: repo 'org/proj' gets (day index % 5) WatchEvents per day in January 2024, plus ForkEvents
    "INSERT INTO github.github_events (event_type, actor_login, repo_name, created_at) SELECT 'WatchEvent', concat('u', toString(number)), 'org/proj', "
    "toDateTime('2024-01-01 12:00:00') + 86400 * intDiv(number, 10) FROM system.numbers "
    "WHERE number % 10 < intDiv(number, 10) % 5 LIMIT 310",
    "INSERT INTO github.github_events (event_type, actor_login, repo_name, created_at) SELECT 'ForkEvent', 'x', 'org/proj', toDateTime('2024-01-03 00:00:00') "
    "FROM system.numbers LIMIT 4",
    # pushes: one per day in January 2024 with (day index % 3) + 1 distinct commits; forks on 2024-01-10 too
    "INSERT INTO github.github_events SELECT 'PushEvent', 'x', 'org/proj', toDateTime('2024-01-01 08:00:00') + "
    "86400 * number, (number % 3) + 1 FROM system.numbers LIMIT 31",
    "INSERT INTO github.github_events (event_type, actor_login, repo_name, created_at) SELECT 'ForkEvent', 'y', "
    "'org/proj', toDateTime('2024-01-10 05:00:00') FROM system.numbers LIMIT 2",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ClickHouse:
    def __init__(self) -> None:
        if BINARY is None:
            raise FileNotFoundError("clickhouse-server is not installed (Debian package clickhouse-server)")
        self.dir = Path(tempfile.mkdtemp(prefix="uptake-clickhouse-"))
        self.http_port, self.tcp_port = _free_port(), _free_port()
        (self.dir / "data").mkdir()
        (self.dir / "tmp").mkdir()
        (self.dir / "users.xml").write_text(USERS.replace("{password}", xml_escape(SECURE_PASSWORD, {"'": "&apos;"})))
        config = self.dir / "config.xml"
        config.write_text(f"""<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><console>1</console></logger>
  <http_port>{self.http_port}</http_port>
  <tcp_port>{self.tcp_port}</tcp_port>
  <listen_host>127.0.0.1</listen_host>
  <path>{self.dir}/data/</path>
  <tmp_path>{self.dir}/tmp/</tmp_path>
  <users_config>{self.dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <mark_cache_size>1073741824</mark_cache_size>
</yandex>
""")
        self.log = open(self.dir / "server.log", "wb")
        self.proc: Optional[subprocess.Popen] = subprocess.Popen([BINARY, f"--config-file={config}"], stdout=self.log,
                                                                 stderr=subprocess.STDOUT, cwd=self.dir)
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.query("SELECT 1").strip() == "1":
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"clickhouse-server did not start; see {self.dir / 'server.log'}")
            time.sleep(0.2)
        for sql in SCHEMA + LOAD:
            self.query(sql)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def query(self, sql: str, params: str = "", timeout: float = 30) -> str:
        req = urllib.request.Request(self.url + "/" + (f"?{params}" if params else ""), data=sql.encode())
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.read().decode()

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
