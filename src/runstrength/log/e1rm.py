"""The e1RM formula of training-rules.md §4.2, the only copy.

min(Brzycki, Epley) of the effective reps n = reps + RIR: Brzycki up to n = 10, where the
two meet, Epley above. Python (`e1rm`) and SQL (`e1rm_kg_sql`, used by the history queries
and by the expression index of migration m003) are both written from the constants here.
"""

from __future__ import annotations

import math

from runstrength.units import KG_PER_LB

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


def e1rm_kg_sql(table: str = "") -> str:
    """The same formula as an SQL expression over a `sets` row, in kg (lb loads converted).

    `table` qualifies the columns ("st" gives `st.load`); SQLite matches the expression
    index of migration m003 (built with no qualifier) against the qualified text, so the
    history queries and the index share this one definition.

    >>> e1rm_kg_sql()[:40]
    'min(load * 36.0 / (37.0 - (reps + rir)),'
    """
    c = f"{table}." if table else ""
    n = f"({c}reps + {c}rir)"
    return (
        f"min({c}load * {BRZYCKI_NUMERATOR:.1f} / ({BRZYCKI_DENOMINATOR:.1f} - {n}), "
        f"{c}load * (1.0 + {n} / {EPLEY_DIVISOR:.1f})) "
        f"* CASE WHEN {c}unit = 'lb' THEN {KG_PER_LB!r} ELSE 1.0 END"
    )


# The e1RM of a `sets st` row in kg, for the history queries.
E1RM_KG_SQL = f"({e1rm_kg_sql('st')})"
