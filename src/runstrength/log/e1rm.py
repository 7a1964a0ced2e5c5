"""The e1RM formula of docs/method.md §4.2, the only copy.

min(Brzycki, Epley) of the effective reps n = reps + RIR: Brzycki up to n = 10, where the
two meet, Epley above. Python (`e1rm`) and SQL (`e1rm_kg_sql`, used by the history queries
and by the expression indexes of migrations m003 and m006) are both written from the
constants here.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

from runstrength.enums import LoadUnit
from runstrength.units import KG_PER_LB, convert_load

if TYPE_CHECKING:
    from runstrength.log.progress import SetRecord
    from runstrength.rulebook import Rulebook

BRZYCKI_NUMERATOR = 36
BRZYCKI_DENOMINATOR = 37
EPLEY_DIVISOR = 30
# Brzycki and Epley give the same e1RM at n = 10 effective reps and Epley is the lower one
# above it, so min(Brzycki, Epley) *is* the §4.2 rule; beyond this n it is low-confidence.
FORMULA_CROSSOVER_REPS = 10


def e1rm(load: float, effective_reps: int) -> float:
    """min(Brzycki, Epley) for `load` lifted with `effective_reps` = reps + RIR.

    >>> round(e1rm(100, 10), 2)
    133.33
    """
    n = effective_reps
    epley = load * (1 + n / EPLEY_DIVISOR)
    brzycki = (
        load * BRZYCKI_NUMERATOR / (BRZYCKI_DENOMINATOR - n)
        if n < BRZYCKI_DENOMINATOR
        else math.inf
    )
    return min(brzycki, epley)


def e1rm_text(value: float) -> str:
    """An e1RM as a person reads it: one decimal at most (95.8, 119), as an estimate
    deserves (`history`, and the `why` of a load derived from one).

    >>> e1rm_text(95.81), e1rm_text(119.0), e1rm_text(114.67)
    ('95.8', '119', '114.7')
    """
    return f"{round(value, 1):g}"


def e1rm_kg_sql(table: str = "", cap: int | None = None) -> str:
    """The same formula as an SQL expression over a `sets` row, in kg (lb loads converted).

    `table` qualifies the columns ("st" gives `st.load`); SQLite matches an expression
    index (migrations m003, m006; built with no qualifier) against the qualified text, so
    the history queries and the index share this one definition. `cap` caps the effective
    reps as a low-confidence estimate does (§10.5: n = min(reps + RIR, cap)); a set valid
    at high confidence has n ≤ 12, under any cap the rules allow, so one capped
    expression gives both kinds of estimate.

    >>> e1rm_kg_sql()[:40]
    'min(load * 36.0 / (37.0 - (reps + rir)),'
    >>> e1rm_kg_sql(cap=15)[:50]
    'min(load * 36.0 / (37.0 - min(reps + rir, 15)), lo'
    """
    c = f"{table}." if table else ""
    n = f"({c}reps + {c}rir)" if cap is None else f"min({c}reps + {c}rir, {int(cap)})"
    return (
        f"min({c}load * {BRZYCKI_NUMERATOR:.1f} / ({BRZYCKI_DENOMINATOR:.1f} - {n}), "
        f"{c}load * (1.0 + {n} / {EPLEY_DIVISOR:.1f})) "
        f"* CASE WHEN {c}unit = 'lb' THEN {KG_PER_LB!r} ELSE 1.0 END"
    )


# The cap of migration m006's index: rules.yaml `log_loop.low_confidence_effective_reps`
# when it was written. Rules with another cap still get right answers from the history
# queries, only without that index (an applied migration never changes).
INDEXED_CAP = 15


class Estimate(NamedTuple):
    value: float
    low_confidence: bool


def set_e1rm(
    load: float | None, reps: int | None, rir: int | None, rules: Rulebook
) -> Estimate | None:
    """The e1RM of one set, or None when the set may not be used (§4.2, §10.5, §7 inv. 12,
    inv. 38): an unknown RIR never makes one.

    High confidence: reps ≤ 10, RIR ≤ 4 and n = reps + RIR ≤ 10 (Brzycki). Low confidence
    (§10.5, Epley): any other set of at most 15 reps with n ≤ 15; a set with more effective
    reps than that says at least as much as n = 15 would, so it gives that floor, also low
    confidence (a runner who did 12 reps at RIR 6 can do what 12 at RIR 3 says)."""
    e = rules.e1rm
    loop = rules.log_loop
    if load is None or reps is None or rir is None or load <= 0 or reps < 1 or rir < 0:
        return None
    n = reps + rir
    if reps <= e.max_reps and rir <= e.max_rir and n <= e.max_effective_reps:
        return Estimate(e1rm(load, n), n > FORMULA_CROSSOVER_REPS)
    if reps > loop.low_confidence_max_reps:
        return None
    return Estimate(e1rm(load, min(n, loop.low_confidence_effective_reps)), True)


def working_e1rm(
    sets: Iterable[SetRecord],
    unit: LoadUnit,
    rules: Rulebook,
    fresh: Iterable[bool] | None = None,
) -> tuple[float, bool] | None:
    """Median of the last `window` valid estimates of `sets` (oldest first), in `unit`,
    and whether any of them is low-confidence; None when no set is valid.

    High-confidence estimates win when there are any among the `fresh` sets (one flag per
    set: logged within the last `estimate_fresh_weeks`; all of them when not given); else
    the low-confidence ones count too (§10.5)."""
    flags = iter(fresh) if fresh is not None else None
    estimates: list[tuple[Estimate, bool]] = []
    for s in sets:
        is_fresh = next(flags) if flags is not None else True
        if s.load is None:
            continue
        est = set_e1rm(convert_load(s.load, s.unit, unit), s.reps, s.rir, rules)
        if est is not None:
            estimates.append((est, is_fresh))
    if not estimates:
        return None
    high = [e for e, f in estimates if f and not e.low_confidence]
    chosen = high if high else [e for e, _ in estimates]
    window = chosen[-rules.e1rm.window :]
    return float(statistics.median(e.value for e in window)), any(e.low_confidence for e in window)
