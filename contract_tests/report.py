"""Results: a short human summary grouped by operation and check, with curl lines, and a JUnit XML report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from contract_tests.inferred import INFERRED_PREFIX

__all__ = ["Outcome", "Report", "Status"]

# "inferred": the deployment differs from what the spec only guessed (`x-inferred`); not a defect unless the
# run is --strict-inferred (contract_tests.inferred).
Status = Literal["passed", "failed", "quirk", "skipped", "error", "inferred"]


@dataclass(frozen=True)
class Outcome:
    api: str
    check: str
    operation: str
    status: Status
    message: str = ""
    curl: str = ""
    seconds: float = 0.0


@dataclass
class Report:
    outcomes: list[Outcome]
    strict_inferred: bool = False  # an inferred behaviour that differs fails the run too

    @property
    def ok(self) -> bool:
        allowed = ("passed", "skipped") if self.strict_inferred else ("passed", "skipped", "inferred")
        return all(o.status in allowed for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = defaultdict(int)
        for outcome in self.outcomes:
            counted[outcome.status] += 1
        return dict(counted)

    def summary(self) -> str:
        lines: list[str] = []
        groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            if outcome.status in ("failed", "error"):
                groups[(outcome.api, outcome.operation)].append(outcome)
        for (api, operation), outcomes in sorted(groups.items()):
            lines.append(f"{api}  {operation}")
            for outcome in outcomes:
                lines.append(f"  x {outcome.check}: {outcome.message}")
                if outcome.curl:
                    lines.append(f"      reproduce: {outcome.curl}")
        quirks = [o for o in self.outcomes if o.status == "quirk"]
        if quirks:
            lines.append("quirk changed: the spec needs updating (not necessarily a defect)")
            for outcome in quirks:
                lines.append(f"  ~ {outcome.api} {outcome.operation} {outcome.check}: {outcome.message}")
                if outcome.curl:
                    lines.append(f"      reproduce: {outcome.curl}")
        inferred = [o for o in self.outcomes if o.status == "inferred"]
        if inferred:
            verdict = "fails the run: --strict-inferred" if self.strict_inferred else "not a defect"
            lines.append(f"{INFERRED_PREFIX} ({verdict})")
            for outcome in inferred:
                lines.append(f"  ? {outcome.api} {outcome.operation} {outcome.check}: {outcome.message}")
                if outcome.curl:
                    lines.append(f"      reproduce: {outcome.curl}")
        skipped = [o for o in self.outcomes if o.status == "skipped"]
        for outcome in skipped:
            lines.append(f"  - skipped {outcome.api} {outcome.check}: {outcome.message}")
        counts = self.counts()
        passed, failed = counts.get("passed", 0), counts.get("failed", 0) + counts.get("error", 0)
        tail = f"{passed} passed, {failed} failed"
        if counts.get("inferred"):
            tail += f", {counts['inferred']} inferred behaviour differs"
        if counts.get("quirk"):
            tail += f", {counts['quirk']} quirk changed"
        if counts.get("skipped"):
            tail += f", {counts['skipped']} skipped"
        lines.append(tail)
        return "\n".join(lines)

    def write_junit(self, path: Path) -> None:
        suites = ET.Element("testsuites", name="hamta contract tests")
        by_api: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            by_api[outcome.api].append(outcome)
        for api, outcomes in by_api.items():
            suite = ET.SubElement(suites, "testsuite", name=api, tests=str(len(outcomes)))
            failing = ("failed", "quirk", "inferred") if self.strict_inferred else ("failed", "quirk")
            suite.set("failures", str(sum(o.status in failing for o in outcomes)))
            suite.set("errors", str(sum(o.status == "error" for o in outcomes)))
            suite.set("skipped", str(sum(o.status == "skipped" for o in outcomes)))
            for outcome in outcomes:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"{api}.{outcome.operation}",
                    name=outcome.check,
                    time=f"{outcome.seconds:.3f}",
                )
                text = f"{outcome.message}\n{outcome.curl}".strip()
                if outcome.status in failing:
                    kind = {"quirk": "quirk-changed", "inferred": "inferred-behaviour"}.get(outcome.status, "contract")
                    ET.SubElement(case, "failure", message=outcome.message, type=kind).text = text
                elif outcome.status == "inferred":  # reported, not failed: the spec's guess needs checking
                    ET.SubElement(case, "system-out").text = f"{INFERRED_PREFIX}: {text}"
                elif outcome.status == "error":
                    ET.SubElement(case, "error", message=outcome.message).text = text
                elif outcome.status == "skipped":
                    ET.SubElement(case, "skipped", message=outcome.message)
        path.parent.mkdir(parents=True, exist_ok=True)
        ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
