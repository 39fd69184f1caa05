"""What the status bar says about others' changes: "bob changed document 12"."""

from __future__ import annotations

from ptcore.team.changes import ChangeFeed

NAMED = 3  # documents named one by one; more are counted


def changes_text(feed: ChangeFeed, me: str, reloaded: int | None = None) -> str:
    """Who changed which documents, leaving out your own writes; ``reloaded`` names the open
    document when it was reloaded because your other window (or machine) changed it."""
    by_person: dict[str, list[int]] = {}
    for change in feed.changes:
        if change.changed_by != me:
            ids = by_person.setdefault(change.changed_by, [])
            if change.document_id not in ids:
                ids.append(change.document_id)
    parts = [f"{name} changed {documents(ids)}" for name, ids in by_person.items()]
    if reloaded is not None and not any(reloaded in ids for ids in by_person.values()):
        parts.append(f"document {reloaded} was changed in another window of yours: reloaded")
    return "; ".join(parts)


def documents(ids: list[int]) -> str:
    if len(ids) == 1:
        return f"document {ids[0]}"
    if len(ids) <= NAMED:
        return f"documents {', '.join(map(str, ids[:-1]))} and {ids[-1]}"
    return f"documents {', '.join(map(str, ids[:NAMED]))} and {len(ids) - NAMED} more"
