"""Shell completion of option values and exercise ids, fast enough for every TAB.

`runstrength --install-completion` installs typer's script; the shell then runs
`runstrength` with `_RUNSTRENGTH_COMPLETE` set on each TAB. Two things keep that under
0.3 s: `fast_resolution()` (called by `cli.main` only in that mode) skips typer's value
conversion while click resolves the command line (it builds pydantic adapters, most of
the time of a TAB), and the catalog's words come from the start-up cache as plain lists
of strings (plain JSON: reading them runs no code).

Each `complete_*` takes the word typed so far and returns the candidates; pass them as
`typer.Option(autocompletion=...)` / `typer.Argument(autocompletion=...)`.
Only the stdlib and enums are imported at the top.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from runstrength.enums import Format, PainRegion, Weekday

COMPLETE_VAR = "_RUNSTRENGTH_COMPLETE"


def _starting(incomplete: str, words: Iterable[str]) -> list[str]:
    return [w for w in words if w.startswith(incomplete)]


def _comma_list(incomplete: str, words: Iterable[str]) -> list[str]:
    """Complete the last item of a comma list: `dumbbells,b` → `dumbbells,box`, …"""
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    taken = set(head.split(",")) if head else set()
    return [prefix + w for w in words if w.startswith(last) and w not in taken]


def vocabulary() -> dict[str, list[str]]:
    """Exercise ids, equipment names and presets, injury tags and movement patterns of
    the catalog (the shipped one, and the files saved with the plan) and the rules, through
    the start-up cache. A saved file that does not load leaves the shipped words: a TAB
    never fails."""
    from runstrength.errors import RunstrengthError

    saved = _saved_catalogs()
    try:
        return _vocabulary(saved)
    except RunstrengthError:
        if not saved:
            raise
        return _vocabulary([])


def _vocabulary(extra: list[Path]) -> dict[str, list[str]]:
    from runstrength.cache import cached, tuple_codec
    from runstrength.paths import data_file, user_dir

    def build() -> dict[str, list[str]]:
        from runstrength.cli.context import core_inputs

        catalog, rules = core_inputs(extra)
        presets = list(rules.equipment_presets)
        names = sorted(catalog.equipment_names() - set(presets))
        return {
            "exercise": sorted(catalog.exercises),
            "equipment": [*presets, *names],
            "injury": sorted(rules.injuries),
            "pattern": sorted({ex.pattern for ex in catalog.exercises.values()}),
        }

    sources = [data_file("exercises.yaml"), data_file("rules.yaml"), *extra]
    codec = tuple_codec(dict[str, list[str]])  # plain JSON, every value type-checked back in
    name = "completion" if not extra else "completion-saved"  # the shipped words stay cached
    return cached(name, sources, build, user_dir() / "cache", codec)


def _saved_catalogs() -> list[Path]:
    """The catalog files saved with the plan that exist, read from the log with the stdlib
    alone (no storage layer, no pydantic: a TAB must stay quick); none on any doubt."""
    from runstrength.cli.log_common import log_path
    from runstrength.log.catalog_setting import parse_catalogs, stored_catalogs

    files = parse_catalogs(stored_catalogs(log_path())) or []
    return [Path(p) for p in files if Path(p).is_file()]


def complete_exercise(incomplete: str) -> list[str]:
    """Exercise ids of the catalog (with the files saved with the plan)."""
    return _starting(incomplete, vocabulary()["exercise"])


def complete_max(incomplete: str) -> list[str]:
    """`--max ID=LOAD`: the id, with its `=`."""
    if "=" in incomplete:
        return []
    return [f"{w}=" for w in complete_exercise(incomplete)]


def complete_equipment(incomplete: str) -> list[str]:
    """A preset (none, home, gym) or a comma list of equipment names."""
    return _comma_list(incomplete, vocabulary()["equipment"])


def complete_injury(incomplete: str) -> list[str]:
    """Injury history tags."""
    return _comma_list(incomplete, vocabulary()["injury"])


def complete_pattern(incomplete: str) -> list[str]:
    """Movement patterns of the catalog."""
    return _starting(incomplete, vocabulary()["pattern"])


def values_of(*enums: Iterable[Any]) -> Callable[[str], list[str]]:
    """A completer of the values of `enums`."""
    words = [str(member.value) for enum in enums for member in enum]

    def complete(incomplete: str) -> list[str]:
        return _starting(incomplete, words)

    return complete


complete_format = values_of(Format)
complete_weekday = values_of(Weekday)


def complete_table_format(incomplete: str) -> list[str]:
    """`--format` of the commands that print a table or JSON."""
    return _starting(incomplete, ["table", "json"])


def complete_roster_formats(incomplete: str) -> list[str]:
    """A comma list of the file formats a roster run writes."""
    return _comma_list(incomplete, [f.value for f in Format if f is not Format.TABLE])


def complete_weekdays(incomplete: str) -> list[str]:
    """A comma list of weekdays (`--hard-days tue,thu`)."""
    return _comma_list(incomplete, [d.value for d in Weekday])


def complete_regions(incomplete: str) -> list[str]:
    """A comma list of pain regions (`--where knee,hip`)."""
    return _comma_list(incomplete, [r.value for r in PainRegion])


def fast_resolution() -> None:
    """While completing, hand click the raw strings instead of converted values.

    Click resolves the words typed so far with `resilient_parsing`, converting every
    value on the way; typer 0.29 converts through pydantic, which costs most of a TAB.
    Completion only needs the strings, so under resilient parsing the value is kept as
    typed. Called only when the shell asks for completions (`COMPLETE_VAR` is set).
    """
    from typer.core import TyperArgument, TyperOption

    for cls in (TyperOption, TyperArgument):
        convert = cls.process_value

        def process_value(
            self: Any, ctx: Any, value: Any, _convert: Callable[..., Any] = convert
        ) -> Any:
            if ctx.resilient_parsing:
                return value
            return _convert(self, ctx, value)

        cls.process_value = process_value  # type: ignore[method-assign]


def completing() -> bool:
    """Whether the shell is asking for completions."""
    return COMPLETE_VAR in os.environ
