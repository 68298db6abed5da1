import subprocess
import sys
from pathlib import Path

import pytest

import mentorlib
from mentorlib.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_demo_runs_the_main_job_end_to_end(capsys, tmp_path):
    assert main(["demo", "--calendars", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Vinn, vinn! (sample)" in out
    assert "Targets: 1,200 meetings" in out
    assert "Mentees (60)" in out and "Mentors (60)" in out
    assert "e01" in out and "m01" in out
    assert "more (--rows 0 shows all)" in out
    # Matching: the matches with their explanation, the unmatched with their reasons.
    assert "proven optimal" in out
    assert "score" in out and "(no candidate)" in out
    assert "Mentors missing, by municipality and language" in out
    # Scheduling: the plan's counts and the calendars written.
    assert "meetings planned for" in out
    written = sorted(p.name for p in tmp_path.glob("*.ics"))
    assert "vinn-vinn.ics" in written and len(written) > 1
    assert f"to {tmp_path.resolve()}" in out
    # Metrics: the report of the sample's year, with small cells suppressed.
    assert "Report on the sample's history" in out
    assert "## Targets" in out and "Kaplan–Meier" in out
    program = (tmp_path / "vinn-vinn.ics").read_text(encoding="utf-8")
    assert program.startswith("BEGIN:VCALENDAR") and "BEGIN:VTIMEZONE" in program


def test_demo_rows_zero_shows_everyone(capsys, tmp_path):
    argv = ["demo", "--country", "FI", "--mentees", "7", "--mentors", "3", "--rows", "0"]
    assert main([*argv, "--calendars", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Europe/Helsinki" in out
    assert "e07" in out and "m03" in out and "more" not in out


def test_library_errors_become_a_message_and_exit_status_2(capsys):
    assert main(["demo", "--country", "NO", "--mentees", "-3"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mentorlib: ") and "'mentees'" in err


def test_a_calendar_folder_that_cannot_be_made_is_a_message_and_exit_status_1(capsys, tmp_path):
    """A file where the folder would go: say which path and why, with no traceback."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    folder = blocker / "calendars"
    argv = ["demo", "--country", "NO", "--mentees", "4", "--mentors", "4"]
    assert main([*argv, "--calendars", str(folder)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"mentorlib: cannot write {folder}") and "Traceback" not in err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert mentorlib.__version__ in capsys.readouterr().out


def test_console_script_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mentorlib.cli",
            "demo",
            "--rows",
            "1",
            "--calendars",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Mentees (60)" in result.stdout


def test_readme_test_line_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if line.startswith("python3 -m venv")]
    assert len(lines) == 2, "the README starts with a demo line and a test line"
    demo, tests = lines
    assert "mentorlib demo" in demo
    assert tests in ci.splitlines()
