"""What changed between two results: new, removed, merged and split events, revised findings.

Casualty recorders revise: a ministry's first toll is replaced, a second
report joins an incident, two incidents turn out to be one. `diff` compares
two results as `Reconciliation.to_dict()` (or ``reconcile run --format
json``) writes them, and says what changed and which claims moved it.

Events are matched by their claims, not their ids (an event's label, and so
its id, can change as reports arrive): an old event and a new one are the
same event when they share claims. A new event with claims of several old
ones is a merge; an old event whose claims went to several new ones is a
split; a new event with none of the old claims is new.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from reconcile.errors import UsageError


@attrs.frozen(kw_only=True)
class EventChange:
    """An event that is new, removed, merged from several, or split into several."""

    kind: str
    """``new``, ``removed``, ``merged`` or ``split``."""
    old: tuple[str, ...]
    new: tuple[str, ...]

    def text(self) -> str:
        """One line for a person."""
        if self.kind == "new":
            return f"new event: {self.new[0]}"
        if self.kind == "removed":
            return f"removed event: {self.old[0]}"
        return f"{self.kind}: {' + '.join(self.old)} -> {' + '.join(self.new)}"


@attrs.frozen(kw_only=True)
class Revision:
    """A finding that changed, and the claims new to it that moved it."""

    event: str
    old_event: str
    attribute: str
    before: str
    after: str
    moved_by: tuple[str, ...]

    def text(self) -> str:
        """One line for a person."""
        where = self.event if self.event == self.old_event else f"{self.old_event} -> {self.event}"
        moved = f"; new claims: {', '.join(self.moved_by)}" if self.moved_by else ""
        return f"revised {where} / {self.attribute}: {self.before} -> {self.after}{moved}"


@attrs.frozen(kw_only=True)
class Diff:
    """Everything that changed from one result to the next."""

    events: tuple[EventChange, ...]
    revisions: tuple[Revision, ...]

    def text(self) -> str:
        """The changes, one per line; "no changes" when there are none."""
        lines = [change.text() for change in self.events]
        lines += [revision.text() for revision in self.revisions]
        return "\n".join(lines or ["no changes"]) + "\n"


def read_result(path: Path) -> dict[str, Any]:
    """A result written as JSON, or a `UsageError` that names the file and what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise UsageError(f"{path}: cannot read it: {error.strerror}") from None
    except json.JSONDecodeError as error:
        raise UsageError(f"{path}: not JSON: {error.msg} at line {error.lineno}") from None
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        raise UsageError(f"{path}: not a reconcile result (no 'events' list)")
    for index, event in enumerate(data["events"]):
        if not isinstance(event, dict) or not {"id", "claims", "findings"} <= set(event):
            raise UsageError(f"{path}: events[{index}] needs 'id', 'claims' and 'findings'")
    return data


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> Diff:
    """What changed from the result `old` to the result `new` (both as `to_dict()` writes them)."""
    old_of = _event_of_claim(old)
    new_of = _event_of_claim(new)
    sources: dict[str, set[str]] = defaultdict(set)  # new event -> the old events in it
    targets: dict[str, set[str]] = defaultdict(set)  # old event -> the new events it went to
    for claim, new_event in new_of.items():
        if claim in old_of:
            sources[new_event].add(old_of[claim])
            targets[old_of[claim]].add(new_event)
    changes = _event_changes(old, new, sources, targets)
    revisions = []
    for event in new["events"]:
        before = sources[event["id"]]
        # Findings are compared only for an event that is one old event, neither merged nor split.
        if len(before) == 1 and len(targets[next(iter(before))]) == 1:
            revisions += _revisions(_event(old, next(iter(before))), event)
    return Diff(events=tuple(changes), revisions=tuple(revisions))


def _event_of_claim(result: Mapping[str, Any]) -> dict[str, str]:
    return {claim: event["id"] for event in result["events"] for claim in event["claims"]}


def _event(result: Mapping[str, Any], event_id: str) -> Mapping[str, Any]:
    return next(event for event in result["events"] if event["id"] == event_id)


def _event_changes(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    sources: Mapping[str, set[str]],
    targets: Mapping[str, set[str]],
) -> list[EventChange]:
    changes = []
    for event in new["events"]:
        before = sorted(sources.get(event["id"], set()))
        if not before:
            changes.append(EventChange(kind="new", old=(), new=(event["id"],)))
        elif len(before) > 1:
            changes.append(EventChange(kind="merged", old=tuple(before), new=(event["id"],)))
    for event in old["events"]:
        after = sorted(targets.get(event["id"], set()))
        if not after:
            changes.append(EventChange(kind="removed", old=(event["id"],), new=()))
        elif len(after) > 1:
            changes.append(EventChange(kind="split", old=(event["id"],), new=tuple(after)))
    return changes


def _revisions(old_event: Mapping[str, Any], new_event: Mapping[str, Any]) -> list[Revision]:
    before = {finding["attribute"]: finding for finding in old_event["findings"]}
    found = []
    for finding in new_event["findings"]:
        earlier = before.get(finding["attribute"])
        if earlier is not None and _summary(earlier) == _summary(finding):
            continue
        seen = set(earlier["support"] + earlier["dissent"]) if earlier else set()
        moved = sorted(set(finding["support"] + finding["dissent"]) - seen)
        found.append(
            Revision(
                event=new_event["id"],
                old_event=old_event["id"],
                attribute=finding["attribute"],
                before=_summary(earlier) if earlier else "nothing",
                after=_summary(finding),
                moved_by=tuple(moved),
            )
        )
    return found


def _summary(finding: Mapping[str, Any]) -> str:
    """A finding in a few words: "471, range 24-471 (contradicted)"."""
    best = finding.get("best")
    text = "; ".join(best) if isinstance(best, list) else ("-" if best is None else str(best))
    low, high = finding.get("low"), finding.get("high")
    if low is not None:
        top = "" if high is None else high
        plus = "+" if finding.get("high_open") else ""
        text += f", range {low}-{top}{plus}" if low != high else f", range {low}{plus}"
    return f"{text} ({finding['status']})"
