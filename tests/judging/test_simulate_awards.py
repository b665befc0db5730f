import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"


def run_command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "simulate_awards", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )


def write_policy_with(tmp_path: Path, **changes) -> Path:
    policy = json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))
    policy.update(changes)
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy), encoding="utf-8")
    return path


def test_simulate_awards_prints_worked_example_result():
    out = StringIO()

    call_command(
        "simulate_awards",
        policy=str(EXAMPLES / "policy.json"),
        entries=str(EXAMPLES / "entries.json"),
        stdout=out,
    )

    result = json.loads(out.getvalue())
    assert result["status"] == "final"
    assert (result["spent"], result["unspent"]) == (100_000_000, 0)
    assert [d["reason"] for d in result["decisions"]] == ["AWARDED"] * 6 + [
        "BUDGET_EXHAUSTED",
        "BUDGET_EXHAUSTED",
        "BELOW_OVERALL_THRESHOLD",
    ]
    assert "Đạt Giải Nhất trị giá 30.000.000 ₫" in out.getvalue()


def test_simulate_awards_process_exits_zero_with_json_on_stdout():
    completed = run_command(
        "--policy", str(EXAMPLES / "policy.json"), "--entries", str(EXAMPLES / "entries.json")
    )

    assert completed.returncode == 0, completed.stderr
    result = json.loads(completed.stdout)
    assert [d["tier"] for d in result["decisions"][:6]] == [
        "first",
        "second",
        "second",
        "third",
        "third",
        "third",
    ]
    assert len(result["input_hash"]) == 64


def test_simulate_awards_malformed_policy_exits_two_naming_field(tmp_path):
    tiers = json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))["tiers"]
    tiers[0]["amount"] = 30000000.5
    policy = write_policy_with(tmp_path, tiers=tiers)

    completed = run_command("--policy", str(policy), "--entries", str(EXAMPLES / "entries.json"))

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "tiers[0].amount: must be a positive integer" in completed.stderr


def test_simulate_awards_malformed_entries_exits_two_naming_field(tmp_path):
    entries = json.loads((EXAMPLES / "entries.json").read_text(encoding="utf-8"))
    entries[2]["reviews"][1]["scores"]["novelty"] = 31
    path = tmp_path / "entries.json"
    path.write_text(json.dumps(entries), encoding="utf-8")

    completed = run_command("--policy", str(EXAMPLES / "policy.json"), "--entries", str(path))

    assert completed.returncode == 2
    assert (
        "entries[2].reviews[1].scores.novelty: must not exceed the criterion max (30)"
        in completed.stderr
    )


def test_simulate_awards_invalid_json_exits_two(tmp_path):
    path = tmp_path / "policy.json"
    path.write_text('{"budget": 100,', encoding="utf-8")

    completed = run_command("--policy", str(path), "--entries", str(EXAMPLES / "entries.json"))

    assert completed.returncode == 2
    assert "policy: invalid JSON" in completed.stderr


def test_simulate_awards_missing_file_raises_command_error_with_code_two(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command(
            "simulate_awards",
            policy=str(EXAMPLES / "policy.json"),
            entries=str(tmp_path / "missing.json"),
        )

    assert error.value.returncode == 2
    assert str(error.value).startswith("entries: cannot read ")


def test_simulate_awards_missing_field_raises_command_error_naming_it(tmp_path):
    policy = json.loads((EXAMPLES / "policy.json").read_text(encoding="utf-8"))
    del policy["budget"]
    path = tmp_path / "policy.json"
    path.write_text(json.dumps(policy), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("simulate_awards", policy=str(path), entries=str(EXAMPLES / "entries.json"))

    assert error.value.returncode == 2
    assert str(error.value) == "budget: is required"
