"""The parts of `Rulebook` (data/rules.yaml) as NamedTuples; rulebook.py defines
`Rulebook` itself, reads and validates the file into it and re-exports every name here."""

# No `from __future__ import annotations` here: NamedTuple turns string annotations into
# ForwardRefs, compiling each one at import; real annotation objects are ~3 ms cheaper.
from typing import Literal, NamedTuple

from runstrength.enums import Level, Phase
from runstrength.enums import Role as Role  # re-exported: Slot.role was typed here

# NamedTuples: immutable, and cheap to define at every start-up (a dataclass or pydantic
# model class costs ~0.4 ms each to create). pydantic validates them, extra keys forbidden,
# only when the YAML itself is read; the start-up cache unpickles them as they are.


class OffIn(NamedTuple):
    """A value for off/pre-season and one for in-season (`in` in the YAML)."""

    off: int
    in_: int


class BandMod(NamedTuple):
    max_hlb: OffIn
    acc_sets: float
    plyo: float
    main_sets: float = 1.0
    main_sets_cap: OffIn | None = None


class GapHours(NamedTuple):
    hlb_to_hlb: int
    plyo_to_plyo: int
    hlb_to_key_run_hard: int
    hlb_to_key_run_pref: int


class RaceDays(NamedTuple):
    le_10k: int
    half: int
    marathon: int


class Deload(NamedTuple):
    every_weeks: int
    novice_every_weeks: int
    sets_factor: float
    plyo_factor: float
    rir_add: int
    load_cut: float  # after missed reps, RIR far under target or pain: −10 %, not RIR +2


class LoadStep(NamedTuple):
    lower_novice_kg: float
    lower_kg: float
    upper_kg: float
    upper_micro_kg: float


class LoadStepLb(NamedTuple):
    lower_novice: float
    lower: float
    upper: float
    upper_micro: float


class LoadChangeCap(NamedTuple):
    novice: tuple[float, float]
    other: tuple[float, float]


class RirRules(NamedTuple):
    too_easy_delta: int
    too_hard_delta: int
    miss_cut: float
    double_miss_cut: float


class E1rm(NamedTuple):
    max_reps: int
    max_rir: int
    max_effective_reps: int
    window: int
    # the one formula log/e1rm.py implements: another value is refused when the rules load
    formula: Literal["min(brzycki, epley)"]


class KnownMax(NamedTuple):
    """The heaviest known max (`plan --max`, `profile set max`) taken, per load unit."""

    most_kg: float
    most_lb: float


class Pain(NamedTuple):
    modify_at: int
    red_flag_at: int
    next_day_within: int  # days: the sessions `log pain-next-day` without --date is for


class BreakDays(NamedTuple):
    reentry: int
    restart: int


class BodyweightLadder(NamedTuple):
    """§4.7 bodyweight ladder: when a rung is earned, and what rungs 1, 2 and 5 prescribe."""

    min_rir: int
    sessions: int
    reps: tuple[int, int]
    tempo: str
    load_note: str


class RoleDose(NamedTuple):
    rest_s: int
    sets: tuple[int, int] = (1, 1)  # [block start, block end]
    reps: tuple[int, int] | None = None
    rir: tuple[int, int] | None = None  # [block start, block end]
    tempo: str | None = None
    seconds: tuple[int, int] | None = None


class Reentry(NamedTuple):
    sets_factor: float
    load_factor: float
    rir_add: int
    plyo_factor: float
    weeks: int


class Restart(NamedTuple):
    load_factor: float
    weeks: int


class Timing(NamedTuple):
    rep_s: float
    tempo_rep_s: float
    contact_s: float
    metre_s: float
    setup_s: float
    reps_unknown: int


class PhaseDoses(NamedTuple):
    exercises: tuple[int, int]
    main: RoleDose
    uni: RoleDose
    acc: RoleDose
    main_novice: RoleDose | None = None
    calf: RoleDose | None = None
    plyo: RoleDose | None = None

    def dose(self, role: Role, level: Level) -> RoleDose:
        """The dose of a slot role in this phase (calf falls back to acc)."""
        if role is Role.MAIN:
            if level is Level.NOVICE and self.main_novice is not None:
                return self.main_novice
            return self.main
        if role is Role.UNI:
            return self.uni
        if role is Role.CALF and self.calf is not None:
            return self.calf
        return self.acc


class Primer(NamedTuple):
    main_sets: int
    reps: tuple[int, int]
    rir: int
    contacts: int
    max_minutes: int
    core_sets: int  # a primer's core work: this many sets
    max_percent: float  # no primer load above this % of the e1RM (§3.4, applied by `next`)


class Slot(NamedTuple):
    role: Role
    candidates: list[str]
    need: Literal["hinge", "squat", "hip", "alternate"] | None = None
    novice: list[str] | None = None  # candidates for novices, when they differ


class Family(NamedTuple):
    patterns: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


class Families(NamedTuple):
    hinge: Family
    squat_or_lunge: Family
    calf: Family
    hip: Family
    core: Family
    lower_body_categories: list[str]
    hip_abduction: Family = Family()  # §5.1 ITBS: abduction and external rotation only
    eccentric: Family = Family()  # §3.4 (this engine's reading): no primer holds it


class InjuryMinimum(NamedTuple):
    exercises: int
    sets: int
    family: str | None = None
    each_of: tuple[tuple[str, ...], ...] = ()
    keeps: str | None = None  # a family the fill never swaps the week's last exercise of


class InjuryRule(NamedTuple):
    prefer: list[str]
    minimum: InjuryMinimum | None
    avoid: tuple[str, ...] = ()
    flat_floor: bool = False  # §5.1 insertional Achilles: below-step work → its flat variant


class NoviceStart(NamedTuple):
    """§10.1: no set below `min_reps` reps in a novice's first `weeks` weeks."""

    weeks: int
    min_reps: int


class BoneImpact(NamedTuple):
    """§10.2: graded impact for a runner with bone-stress history."""

    weeks: int
    allowed: tuple[str, ...]
    weekly_contacts: int
    weekly_growth: float


class OddInputs(NamedTuple):
    """§10.12: when odd but legal inputs get a warning line."""

    high_volume_km: float
    race_warning_days: int


class HeavyRunWeek(NamedTuple):
    """§3.2: factors for a week with `key_runs_heavy_week` or more key runs."""

    sets_factor: float
    contacts_factor: float


class GrowthMax(NamedTuple):
    """§7 inv. 13: the most a week may add over the previous loading week."""

    sets_per_exercise: int
    hard_sets_per_pattern: int
    sets_per_session: int  # inv. 49: the new sets a session takes in a week


class TaperLimit(NamedTuple):
    """§2.1 TP: at most `max_sessions` strength sessions `days` (lo, hi) before the race."""

    days: tuple[int, int]
    max_sessions: int


class InjuryFill(NamedTuple):
    """§5.1: how weekly injury minimums are fitted into a week."""

    light_day_max_exercises: int
    attempts: int
    order_ranks: tuple[int, int]


class DoseFallbacks(NamedTuple):
    """Doses for catalog entries that leave a range out."""

    seconds: tuple[int, int]
    distance_m: tuple[int, int]
    contacts_per_set: tuple[int, int]
    rir: tuple[int, int]


class SessionMinExercises(NamedTuple):
    """The fewest exercises a cut may leave in a session."""

    volume: int  # deload trim, taper budget, plyometric cuts
    time: int  # a light day or primer cut to its minutes


class PainClearance(NamedTuple):
    """§10.3: the pain that clears a flagged region, and the cut of a load that hurt."""

    clear_at: int
    hurt_cut: float


class RaceLayout(NamedTuple):
    taper_weeks: int
    pre_weeks: int
    taper_min_days: int  # the taper's first week starts at least this many days out (§2.1)


class LogRecent(NamedTuple):
    """How much of the log `next` reads: the last sessions of each exercise, and every
    session in a window of days before the newest one."""

    per_exercise: int
    window_days: int


class RunVolume(NamedTuple):
    """Run volume from imported runs (§3.2, §4.6): the weeks its mean covers, and the rise
    over that mean that is a spike."""

    baseline_weeks: int
    spike_fraction: float
    min_baseline_weeks: int  # fewer complete weeks on record: no spike or recovery verdict
    habit_weeks: int  # a weekday is the runner's habit when it holds in this many weeks
    recovery_fraction: float  # a week this far below the mean is a running recovery week
    long_run_min_minutes: int  # a long run lasts this long ...
    long_run_min_share: float  # ... or covers this share of the week's distance


class LogLoop(NamedTuple):
    """§10.4–§10.6: low-confidence estimates, the re-entry ramp and the dumbbell ladder."""

    low_confidence_effective_reps: int
    low_confidence_max_reps: int
    estimate_fresh_weeks: int
    ramp_weeks: int
    ramp_max_weeks: int
    ramp_sets_per_week: int
    ramp_rir_per_week: int
    ramp_contacts_growth: float
    light_extra_reps: int
    light_extra_sets: int
    light_tempo: str
    new_range_slack_reps: int  # a new range keeps the last load within this many reps


class RampStep(NamedTuple):
    """§10.1: one ramp set before the first loaded main lift."""

    percent: int  # of the working load
    effort: str  # the word shown instead while the load is "choose"
    reps: int


class WarmupRules(NamedTuple):
    """§10.1: the warm-up that opens every session."""

    minutes: int
    general: str
    ramp: tuple[RampStep, ...]


class RaceBuild(NamedTuple):
    """§10.9: the phases of a race build before its taper."""

    min_build_weeks: int
    min_ms_weeks: int
    min_pw_weeks: int
    min_aa_weeks: int
    long_over_weeks: int
    maintenance_weeks: int


class Stimulus(NamedTuple):
    """§10.9: the longest block of one stimulus, and the main lifts' other rep range."""

    max_weeks: int
    main_reps: dict[Phase, tuple[int, int]]
    # slot roles whose exercise changes in a new stimulus block: another catalog entry of
    # the same movement pattern and laterality that the runner's kit and level allow
    vary_roles: list[Role] = []  # noqa: RUF012 - a NamedTuple default, never mutated


class Power(NamedTuple):
    """§10.10: the ballistic of a PW session."""

    candidates: list[str]
    sets: int


class PlyoLadder(NamedTuple):
    """§10.10: one rung up the plyo_rank order every `hold_weeks` loading weeks."""

    hold_weeks: int
    max_rank: dict[Phase, int]
