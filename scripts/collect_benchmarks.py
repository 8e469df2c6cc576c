"""Rebuild docs/BENCHMARKS.md: the summary (docs/benchmarks_summary.md) followed by every
benchmarks/*/RESULTS.md, each written by the benchmark that measured it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ORDER = ["enrolment", "badges", "hoaxes", "matching", "matching_semantic", "matching_service", "campaigns", "reports"]


def main() -> None:
    parts = [(ROOT / "docs" / "benchmarks_summary.md").read_text().rstrip(), "", "# Details", ""]
    for name in ORDER:
        path = ROOT / "benchmarks" / name / "RESULTS.md"
        if not path.exists():
            parts += [f"## benchmarks/{name}", "", "_Not measured yet._", ""]
            continue
        body = path.read_text().strip().splitlines()
        # Each file's own headings move down one level under its section.
        demoted = ["#" + line if line.startswith("#") else line for line in body]
        parts += [f"## benchmarks/{name}/RESULTS.md", "", *demoted, ""]
    (ROOT / "docs" / "BENCHMARKS.md").write_text("\n".join(parts) + "\n")


if __name__ == "__main__":
    main()
