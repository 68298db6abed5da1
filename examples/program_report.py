"""Print a program's report for its funder, and save it as Markdown and HTML.

Run from the repository: ``python examples/program_report.py [--seed N] [--out DIR]``.
The data are the seeded Vinn, vinn! sample; replace ``samples.vinn_vinn`` with your own
``ProgramData``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from mentorlib import metrics, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=int, default=5, help="smallest count published")
    parser.add_argument("--out", type=Path, help="also write report.md and report.html here")
    args = parser.parse_args()

    data = samples.vinn_vinn(seed=args.seed)
    report = metrics.program_report(
        data,
        threshold=args.threshold,
        total_cost=2_400_000,  # NOK, the program's budget for the year (an example figure)
        currency="NOK",
    )
    print(report.to_markdown())

    # The figures are a DataFrame: filter, export or plot them as you like.
    retention = report.figures[report.figures["figure"].str.startswith("still running")]
    print(retention[["figure", "value", "lower", "upper"]].round(3).to_string(index=False))

    # A social-return estimate with every assumption shown.
    value = metrics.sroi(
        [
            metrics.SroiOutcome(
                "into work or education",
                quantity=20,
                value=120_000,
                deadweight=0.35,
                attribution=0.3,
                drop_off=0.25,
                years=3,
            )
        ],
        investment=2_400_000,
    )
    print()
    print(value.assumptions.T.to_string())
    print(f"SROI ratio: {value.ratio:.2f}")

    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "report.md").write_text(report.to_markdown(), encoding="utf-8")
        (args.out / "report.html").write_text(report.to_html(), encoding="utf-8")
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
