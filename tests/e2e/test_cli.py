"""The `vouch` command as an operator meets it: a real process, a real port, real errors."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

VOUCH = [sys.executable, "-m", "server.cli"]
PASSWORD = "tidal-lantern-9-orbit"


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOUCH_", "DATABASE_URL"))}
    env.update(DATABASE_URL=f"sqlite://{tmp / 'vouch.db'}", **extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _fails_cleanly(args: list[str], env: dict[str, str], cwd: Path, status: int = 1) -> str:
    done = subprocess.run(
        [*VOUCH, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == status, done
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vouch: "), done.stderr
    return lines[0]


def test_up_migrates_creates_admin_seeds_and_serves(tmp_path: Path) -> None:
    port = _free_port()
    env = _env(tmp_path, VOUCH_ADMIN_EMAIL="boss@example.com", VOUCH_ADMIN_PASSWORD=PASSWORD)
    started = time.monotonic()
    proc = subprocess.Popen(
        [*VOUCH, "up", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read() if proc.stdout else "vouch up exited")
            time.sleep(0.1)
        else:
            pytest.fail("vouch up did not answer within 30 s")
        ready = time.monotonic() - started
        login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { ... on SignedIn { token } } }"
        signed = httpx.post(
            f"{base}/graphql",
            timeout=10,
            json={"query": login, "variables": {"e": "boss@example.com", "p": PASSWORD}},
        ).json()
        auth = {"authorization": f"Bearer {signed['data']['login']['token']}"}
        query = '{ campaign(slug: "give-10-get-10") { phase stats { conversions } } }'
        body = httpx.post(f"{base}/graphql", json={"query": query}, headers=auth, timeout=5).json()
        assert body["data"]["campaign"]["phase"] == "LIVE"
        assert body["data"]["campaign"]["stats"]["conversions"] > 0
        ide = httpx.get(f"{base}/graphql", headers={"accept": "text/html"}, timeout=5)
        assert ide.status_code == 200 and "graphiql" in ide.text.lower()
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert "Created the first admin: boss@example.com" in output
    assert "shown once" not in output
    assert "Loaded demo data" in output
    print(f"vouch up answered after {ready:.1f} s")

    # Second start: nothing is created twice.
    again = subprocess.run(
        [*VOUCH, "seed-demo"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "skipped" in again.stdout


def test_bad_database_url_is_one_line(tmp_path: Path) -> None:
    line = _fails_cleanly(["migrate"], {**_env(tmp_path), "DATABASE_URL": "mysql://x/y"}, tmp_path)
    assert "DATABASE_URL" in line


def test_unreachable_postgres_is_one_line(tmp_path: Path) -> None:
    env = {**_env(tmp_path), "DATABASE_URL": "postgres://u:secret@127.0.0.1:1/vouch"}
    line = _fails_cleanly(["migrate"], env, tmp_path)
    assert "cannot reach the database" in line and "secret" not in line


def test_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        line = _fails_cleanly(["up", "--port", str(port)], _env(tmp_path), tmp_path)
    assert f"port {port}" in line and "in use" in line


def test_admin_from_environment_and_weak_password(tmp_path: Path) -> None:
    env = _env(tmp_path, VOUCH_ADMIN_PASSWORD="short")
    subprocess.run(
        [*VOUCH, "migrate"], env=env, cwd=tmp_path, check=True, capture_output=True, timeout=60
    )
    line = _fails_cleanly(["create-admin", "--email", "boss@example.com"], env, tmp_path)
    assert "at least 12 characters" in line
    env["VOUCH_ADMIN_PASSWORD"] = "a-long-enough-passphrase"
    ok = subprocess.run(
        [*VOUCH, "create-admin", "--email", "boss@example.com"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "Created boss@example.com" in ok.stdout and "shown once" not in ok.stdout
    env.pop("VOUCH_ADMIN_PASSWORD")
    generated = subprocess.run(
        [*VOUCH, "create-admin", "--email", "second@example.com"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "password (shown once): " in generated.stdout


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"VOUCH_ADMIN_PASSWORD": "short"}, "VOUCH_ADMIN_PASSWORD: Use at least 12"),
        (
            {"VOUCH_ADMIN_EMAIL": "boss@example.com", "VOUCH_ADMIN_PASSWORD": "boss@example.com-9"},
            "VOUCH_ADMIN_PASSWORD: The password must not contain the email",
        ),
        ({"VOUCH_ADMIN_EMAIL": "not-an-address"}, "VOUCH_ADMIN_EMAIL: "),
    ],
)
def test_up_with_a_refused_admin_setting_is_one_line(
    tmp_path: Path, extra: dict[str, str], expected: str
) -> None:
    """`vouch up` creates the first admin from the environment; a refusal names the setting."""
    line = _fails_cleanly(["up", "--port", str(_free_port())], _env(tmp_path, **extra), tmp_path)
    assert line.startswith(f"vouch: {expected}"), line


# Hour rows ('H...') hold the same counts again.
DAY_CLICKS = "SELECT SUM(clicks) FROM rollup_campaign_day WHERE day NOT LIKE 'H%'"


def test_rollups_rebuild_recomputes_counters_with_a_progress_bar(tmp_path: Path) -> None:
    import sqlite3

    env = _env(tmp_path)
    for args in (["migrate"], ["seed-demo"]):
        subprocess.run([*VOUCH, *args], env=env, cwd=tmp_path, check=True, capture_output=True)
    with sqlite3.connect(tmp_path / "vouch.db") as conn:
        clicks = conn.execute("SELECT COUNT(*) FROM click").fetchone()[0]
        assert conn.execute(DAY_CLICKS).fetchone()[0] == clicks
        conn.execute("UPDATE rollup_campaign_day SET clicks = 0")
    done = subprocess.run(
        [*VOUCH, "rollups", "rebuild"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Rebuilding rollups" in done.stderr and "Rollups rebuilt for" in done.stdout
    with sqlite3.connect(tmp_path / "vouch.db") as conn:
        assert conn.execute(DAY_CLICKS).fetchone()[0] == clicks


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("sqlite:///{tmp}/missing/vouch.db", "directory that does not exist"),  # hung before
        ("postgres://u@db:port/vouch", "cannot be parsed"),
        # libpq's options: a TypeError traceback from asyncpg.connect before.
        ("postgres://u:p@127.0.0.1:1/vouch?sslmode=disable", "cannot reach the database"),
        ("postgres://u:p@127.0.0.1:1/vouch?connect_timeout=2", "cannot reach the database"),
        ("postgres://u@127.0.0.1:1/vouch?sslmode=maybe", "sslmode=maybe is not one of"),
        ("postgres://u@127.0.0.1:1/vouch?connect_timeout=soon", "must be a number"),
    ],
)
def test_unusable_database_url_is_one_line(
    tmp_path: Path, database_url: str, expected: str
) -> None:
    env = {**_env(tmp_path), "DATABASE_URL": database_url.format(tmp=tmp_path)}
    assert expected in _fails_cleanly(["migrate"], env, tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        ["export-schema", "--output", "{tmp}/missing/schema.graphql"],
        ["payouts", "export", "--format", "paypal", "--output", "{tmp}/missing/x.csv"],
    ],
)
def test_unwritable_output_is_one_line(tmp_path: Path, args: list[str]) -> None:
    line = _fails_cleanly([a.format(tmp=tmp_path) for a in args], _env(tmp_path), tmp_path)
    assert line.startswith(f"vouch: cannot write {tmp_path}")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["bogus"], "No such command 'bogus'. (see 'vouch --help')"),
        (["migrate", "--bogus"], "No such option: --bogus (see 'vouch migrate --help')"),
        (["serve", "--workers", "0"], "Invalid value for '--workers'"),
        (["advocates", "import"], "Missing argument 'file'."),
        (["advocates", "export"], "Missing option '--campaign'."),
        (["payouts", "export", "--format"], "Option '--format' requires an argument."),
        # Past the keys' range: refused as a value, not an OverflowError from the database.
        (
            ["advocates", "erase", "--advocate", "99999999999999999999", "--reason", "r"],
            "<= 2147483647",
        ),
        (["advocates", "erase", "--friend-of-referral", "-1", "--reason", "r"], ">= 1"),
    ],
)
def test_wrong_commands_flags_and_values_are_one_line(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    line = _fails_cleanly(args, _env(tmp_path), tmp_path, status=2)
    assert expected in line.replace("less than or equal to ", "<= ").replace(
        "greater than or equal to ", ">= "
    ), line


def test_a_prompt_without_an_answer_is_one_line(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([*VOUCH, "migrate"], env=env, cwd=tmp_path, check=True, capture_output=True)
    assert _fails_cleanly(["create-admin"], env, tmp_path) == "vouch: aborted; nothing was done"
    erase = ["advocates", "erase", "--advocate", "1", "--reason", "r"]
    assert _fails_cleanly(erase, env, tmp_path) == "vouch: aborted; nothing was done"


@pytest.mark.parametrize("args", [["migrate"], ["jobs", "run-once"], ["verify-ledger"]])
def test_ctrl_c_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """Ctrl-C while a command waits for a database that accepted the connection and says
    nothing: `vouch: interrupted` and status 130 (it was a silent 130)."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        env = {
            **_env(tmp_path),
            "DATABASE_URL": f"postgres://u:p@127.0.0.1:{silent.getsockname()[1]}/x",
        }
        proc = subprocess.Popen(
            [*VOUCH, *args],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            # As a shell starts it: Ctrl-C raises KeyboardInterrupt (not ignored).
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        accepted, _ = silent.accept()  # the command is in its work now
        with accepted:
            proc.send_signal(signal.SIGINT)
            out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, (out, err)
    assert err == "vouch: interrupted\n", err


@pytest.mark.parametrize("args", [["migrate"], ["up", "--port", "1"], ["verify-ledger"]])
def test_a_directory_sqlite_cannot_write_in_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """A read-only directory (a read-only mount): `vouch migrate` and `vouch up` hung for good,
    others blamed a busy database."""
    shut = tmp_path / "shut"
    shut.mkdir()
    # Root writes through permissions: the directory is made immutable instead.
    chattr = (shutil.which("chattr") or "/usr/bin/chattr") if os.geteuid() == 0 else None
    if chattr:
        subprocess.run([chattr, "+i", str(shut)], check=True)
    else:
        shut.chmod(0o555)
    try:
        env = {**_env(tmp_path), "DATABASE_URL": f"sqlite://{shut / 'vouch.db'}"}
        line = _fails_cleanly(args, env, tmp_path)
    finally:
        if chattr:
            subprocess.run([chattr, "-i", str(shut)], check=True)
        shut.chmod(0o755)
    assert line == (
        f"vouch: cannot write in {shut}: SQLite keeps its database, WAL and shared-memory"
        " files there"
    )


def _handles(pid: int, signum: int) -> bool:
    """Whether the process catches `signum` (its SigCgt mask in /proc)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught.split()[1], 16) & (1 << (signum - 1)))


@pytest.mark.parametrize(
    ("signum", "after", "ending"),
    [
        (signal.SIGINT, 0.0, "interrupted"),
        (signal.SIGINT, 0.1, "interrupted"),
        (signal.SIGINT, 0.6, "interrupted"),  # in the command by now, or soon
        (signal.SIGTERM, 0.0, "terminated"),
        (signal.SIGTERM, 0.1, "terminated"),
        (signal.SIGHUP, 0.05, "hung up"),
    ],
)
def test_a_signal_while_the_command_starts_is_one_line(
    tmp_path: Path, signum: int, after: float, ending: str
) -> None:
    """Ctrl-C (or SIGTERM, SIGHUP) in the command's first half second, while it is still
    importing the server, printed a KeyboardInterrupt traceback (or ended without a word)."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to see when the command handles signals")
    with socket.socket() as silent:  # a database that never answers: the command waits
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        env = {
            **_env(tmp_path),
            "DATABASE_URL": f"postgres://u:p@127.0.0.1:{silent.getsockname()[1]}/x",
        }
        proc = subprocess.Popen(
            [*VOUCH, "migrate"],
            env=env,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        # From the moment the entry point handles the three (before it, Python itself is
        # still starting); it did not handle SIGTERM or SIGHUP at all while importing.
        deadline = time.monotonic() + 20
        caught = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        while not all(_handles(proc.pid, s) for s in caught) and time.monotonic() < deadline:
            time.sleep(0.001)
        if not all(_handles(proc.pid, s) for s in caught):
            proc.kill()
            proc.communicate()
            pytest.fail("the command does not handle SIGINT, SIGTERM and SIGHUP as it starts")
        time.sleep(after)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    assert (proc.returncode, err) == (128 + signum, f"vouch: {ending}\n"), (out, err)


@pytest.mark.parametrize(
    ("args", "stdout", "said"),
    [
        (["export-schema"], "closed", ""),  # `vouch export-schema | head -1`
        (["export-docs", "--doc", "fraud"], "full", "vouch: cannot write the output: "),
        (["migrate"], "full", "vouch: cannot write the output: "),
    ],
)
def test_output_that_cannot_be_written_is_one_line(
    tmp_path: Path, args: list[str], stdout: str, said: str
) -> None:
    """A reader that went away, or a full disk: a traceback (`OSError: [Errno 28]`, or
    'Exception ignored ... BrokenPipeError') before."""
    if stdout == "full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") if stdout == "full" else open(os.devnull, "w") as sink:
        proc = subprocess.Popen(
            [*VOUCH, *args],
            env=_env(tmp_path),
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE if stdout == "closed" else sink,
            stderr=subprocess.PIPE,
            text=True,
        )
        if proc.stdout is not None:
            proc.stdout.close()  # the reader goes away before anything is written
        err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 1, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    if said:
        assert err.startswith(said) and err.count("\n") == 1, err
    else:
        assert err == "", err


@pytest.mark.parametrize(
    "args", [["verify-ledger"], ["jobs", "run-once"], ["advocates", "export", "--campaign", "x"]]
)
def test_a_command_on_a_database_never_migrated_is_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    """A traceback before ('no such table: ledger_entry')."""
    line = _fails_cleanly(args, _env(tmp_path), tmp_path)
    assert line == "vouch: the database is not migrated: run `vouch migrate` first"


def test_migrations_behind_or_ahead_are_said(tmp_path: Path) -> None:
    """Behind (a migration file the database lacks): a command refuses in one line. Ahead (a
    newer Vouch migrated it): `vouch migrate` says so ('Migrations applied.' alone before)."""
    import sqlite3

    env = _env(tmp_path)
    subprocess.run([*VOUCH, "migrate"], env=env, cwd=tmp_path, check=True, capture_output=True)
    with sqlite3.connect(tmp_path / "vouch.db") as conn:
        last = conn.execute("SELECT MAX(name) FROM tortoise_migrations").fetchone()[0]
        conn.execute("DELETE FROM tortoise_migrations WHERE name = ?", (last,))
    line = _fails_cleanly(["verify-ledger"], env, tmp_path)
    assert line == (
        f"vouch: the database is 1 migration(s) behind this version of Vouch ({last} first):"
        " run `vouch migrate` first"
    )
    subprocess.run([*VOUCH, "migrate"], env=env, cwd=tmp_path, check=True, capture_output=True)
    with sqlite3.connect(tmp_path / "vouch.db") as conn:
        conn.execute(
            "INSERT INTO tortoise_migrations (app, name, applied_at)"
            " VALUES ('models', '9999_from_a_newer_vouch', '2030-01-01 00:00:00')"
        )
    done = subprocess.run(
        [*VOUCH, "migrate"], env=env, cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout == "Migrations applied.\n", done
    assert done.stderr == (
        "vouch: warning: the database has 1 migration(s) this version of Vouch does not know"
        " (9999_from_a_newer_vouch): a newer Vouch migrated it\n"
    )
