"""`vouch advocates ...` and `vouch payouts ...` as an operator runs them: real processes on a
real database with the demo data."""

from __future__ import annotations

import csv
import io
import sqlite3
import subprocess
from pathlib import Path

from tests.e2e.test_cli import VOUCH, _env

PEOPLE = (
    "email,name,external_id\n"
    "ada.cli@example.com,Ada Cli,cli-1\n"
    "broken,Nope,\n"
    "ken.cli@example.com,-Ken,cli-2\n"
)


def _vouch(tmp: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [*VOUCH, *args], env=_env(tmp), cwd=tmp, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    return done


def test_advocates_and_payouts_from_the_command_line(tmp_path: Path) -> None:
    _vouch(tmp_path, "migrate")
    _vouch(tmp_path, "seed-demo")
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE)
    first = _vouch(tmp_path, "advocates", "import", str(people), "--campaign", "give-10-get-10",
                   code=2)  # fmt: skip
    assert "line 3 [email]:" in first.stdout
    assert "3 lines: 2 enrolled, 0 already enrolled, 1 with problems" in first.stdout
    again = _vouch(tmp_path, "advocates", "import", str(people), "--campaign", "give-10-get-10",
                   code=2)  # fmt: skip
    assert "0 enrolled, 2 already enrolled" in again.stdout
    missing = _vouch(tmp_path, "advocates", "import", str(people), "--campaign", "nope", code=1)
    assert missing.stderr.startswith("vouch: No campaign with the slug 'nope'")

    out = tmp_path / "out.csv"
    _vouch(tmp_path, "advocates", "export", "--campaign", "give-10-get-10", "--output", str(out))
    rows = {r["email"]: r for r in csv.DictReader(io.StringIO(out.read_text()))}
    assert rows["ken.cli@example.com"]["name"] == "'-Ken"
    assert rows["ada.cli@example.com"]["external_id"] == "cli-1"

    # An approver approves two of the demo's cash rewards (the approval itself is tested
    # elsewhere; here it is only the starting point).
    with sqlite3.connect(tmp_path / "vouch.db") as conn:
        conn.execute(
            "UPDATE reward SET status = 'approved' WHERE id IN (SELECT id FROM reward WHERE "
            "kind = 'cash' AND status = 'awaiting_approval' AND test = 0 LIMIT 2)"
        )
    batch = _vouch(tmp_path, "payouts", "export", "--format", "wise").stdout
    payable = list(csv.DictReader(io.StringIO(batch)))
    assert len(payable) == 2
    result = tmp_path / "wise-result.csv"
    result.write_text(
        "id,status,targetAmount,targetCurrency,paymentReference\n"
        + "".join(
            f"T{n},COMPLETED,{r['amount']},{r['targetCurrency']},{r['paymentReference']}\n"
            for n, r in enumerate(payable)
        )
        + "T999,COMPLETED,1.00,USD,VOUCH-R99999\n"
    )
    paid = _vouch(tmp_path, "payouts", "import", str(result), "--format", "wise", code=2)
    assert f"{len(payable)} fulfilled, 0 already fulfilled" in paid.stdout
    assert f"line {len(payable) + 2}: no reward VOUCH-R99999" in paid.stdout
    twice = _vouch(tmp_path, "payouts", "import", str(result), "--format", "wise", code=2)
    assert f"0 fulfilled, {len(payable)} already fulfilled" in twice.stdout
    assert _vouch(tmp_path, "payouts", "export", "--format", "paypal").stdout == ""

    erased = _vouch(tmp_path, "advocates", "erase", "--email", "ada.cli@example.com",
                    "--reason", "ticket 42", "--yes")  # fmt: skip
    assert erased.stdout.startswith("Erased: now erased-")
    again_erased = _vouch(tmp_path, "advocates", "erase", "--email", "ada.cli@example.com",
                          "--reason", "ticket 42", "--yes", code=1)  # fmt: skip
    assert "no advocate has this email" in again_erased.stderr
    _vouch(tmp_path, "verify-ledger")
    assert "ada.cli@example.com" not in (tmp_path / "vouch.db").read_bytes().decode("latin-1")
