"""Reading ``clusters.jsonl`` back: why a document is a duplicate, and of what.

A run's dedupers record each cluster they form (:mod:`thresher.clusters`).
``thresher explain OUT`` reads them back and shows, for a duplicate, every
cluster on its way to the document that survived: an exact copy absorbed
by a document that was itself absorbed as a near copy shows both steps.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

import orjson

from .clusters import CLUSTERS_FILE, KEEPER_CRITERIA, Cluster, ClusterMember
from .errors import ConfigError


def clusters_path(target: str | Path) -> Path | None:
    """``target``'s clusters file when it is one or a run's output folder holding one."""
    path = Path(target)
    if path.is_dir() and (path / CLUSTERS_FILE).is_file():
        return path / CLUSTERS_FILE
    if path.is_file() and path.name.endswith(CLUSTERS_FILE):
        return path
    return None


def read_clusters(path: Path) -> Iterator[Cluster]:
    with open(path, "rb") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield Cluster.from_dict(orjson.loads(line))
            except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as error:
                message = f"{path}: line {number} is not a cluster record: {error}"
                raise ConfigError(message) from error


def clusters_of(path: Path, ids: Collection[str] = ()) -> list[Cluster]:
    """The clusters that explain ``ids`` (every cluster when none are given).

    For each id: the cluster it is a member or the survivor of, then the
    clusters its survivor was absorbed into in turn, in the order a reader
    follows them.
    """
    clusters = list(read_clusters(path))
    if not ids:
        return clusters
    as_member = {m.id: c for c in clusters for m in c.members}
    as_survivor = {c.survivor: c for c in clusters}
    chosen: list[Cluster] = []
    unknown = []
    for identifier in ids:
        found = as_member.get(identifier) or as_survivor.get(identifier)
        if found is None:
            unknown.append(identifier)
        # A cluster already chosen was followed from there on already.
        while found is not None and found not in chosen:
            chosen.append(found)
            found = as_member.get(found.survivor)
    if unknown:
        raise ConfigError(
            f"no cluster in {path} holds {', '.join(sorted(unknown))}: "
            "not a duplicate, and absorbed none"
        )
    return chosen


def describe_member(cluster: Cluster, member: ClusterMember) -> str:
    """One line: how similar the member is, and why the survivor won."""
    lost = member.lost_on
    criterion = lost.get("criterion", "id")
    why = KEEPER_CRITERIA.get(criterion, criterion)
    values = f" ({_value(lost.get('survivor'))} against {_value(lost.get('member'))})"
    measure = member.measure if member.measure != "exact" else "exact copy"
    return (
        f"{member.id}: {measure} {member.similarity:.2f} with {cluster.survivor}, "
        f"which won on {why}{values if criterion != 'id' else ''}"
    )


def _value(value: object) -> str:
    if value is None:
        return "none"
    return f"{value:,}" if isinstance(value, int) else str(value)
