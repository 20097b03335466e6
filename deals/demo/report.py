"""What a demo load created, changed and decided, for load_demo's summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    # Proposals decided, by decision ("accepted", "rejected").
    decided: Counter[str] = field(default_factory=Counter)
    # The seed facts the extractor read differently and the editor corrected.
    corrections: list[str] = field(default_factory=list)

    def note(self, kind: str, *, created: bool, changed: bool) -> None:
        if created:
            self.created[kind] += 1
        elif changed:
            self.updated[kind] += 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated or self.decided)
