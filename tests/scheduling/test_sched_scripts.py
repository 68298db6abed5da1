"""The example script, the benchmark (small) and the demo calendars run and write real files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import icalendar
import pytest

from mentorlib import samples
from mentorlib.scheduling import demo_plan, write_demo_calendars

ROOT = Path(__file__).resolve().parents[2]


def load(relative: str) -> ModuleType:
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location(f"sched_script_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_example_plans_vinn_vinn_and_writes_calendars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = load("examples/plan_vinn_vinn.py")
    assert example.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("77 meetings planned for 4 matches (target 100: 77%)")
    assert "not scheduled: x5" in out
    assert f"wrote 11 calendars to {tmp_path}" in out
    files = sorted(tmp_path.glob("*.ics"))
    assert len(files) == 11
    for path in files:
        icalendar.Calendar.from_ical(path.read_bytes())


def test_the_benchmark_prints_its_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load("benchmarks/bench_scheduling.py")
    assert bench.main(["--matches", "20"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("20 matches (1 per mentor), every 14 days for a year:")
    assert "s / 1,000 events" in out
    assert "plan + program .ics" in out
    assert "machine: " in out and "CPUs" in out and "Python 3." in out
    assert bench.main(["--matches", "20", "--per-mentor", "3"]) == 0
    assert capsys.readouterr().out.startswith("20 matches (3 per mentor)")


def test_demo_calendars_for_the_sample_program(tmp_path: Path) -> None:
    data = samples.vinn_vinn(seed=0)
    plan = demo_plan(data)
    assert plan.summary().gatherings == 6
    paths = write_demo_calendars(data, tmp_path / "calendars", plan=plan)
    assert paths[0] == tmp_path / "calendars" / "vinn-vinn.ics"
    with_events = {p for event in plan.events() for p in event.participant_ids}
    assert len(paths) == 1 + len(with_events)
    program = icalendar.Calendar.from_ical(paths[0].read_bytes())
    assert len(program.events) == len(plan.meetings) + 6
    assert str(program["METHOD"]) == "PUBLISH"
    assert all("ATTENDEE" not in event for event in program.events)


def test_demo_calendars_for_a_swedish_sample_without_history(tmp_path: Path) -> None:
    data = samples.program(seed=2, mentees=8, mentors=8, country="SE")
    paths = write_demo_calendars(data, tmp_path)
    assert paths[0].name == "sample-se.ics"
    calendar = icalendar.Calendar.from_ical(paths[0].read_bytes())
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Stockholm"]
