"""The rules file (data/rules.yaml): every tunable [D] number, typed and validated.

The engine and the tests read the same `Rulebook`, so a changed number changes both.
"""

# No `from __future__ import annotations` here: NamedTuple turns string annotations into
# ForwardRefs, compiling each one at import; real annotation objects are ~3 ms cheaper.
from functools import cache
from pathlib import Path
from typing import Any, Literal, NamedTuple

from runstrength.enums import Band, Level, Phase, TaperWindow
from runstrength.enums import Role as Role  # re-exported: Slot.role was typed here
from runstrength.errors import CatalogError

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
    run_to_strength_pref: int


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
    formula: str


class Pain(NamedTuple):
    modify_at: int
    red_flag_at: int


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


class Slot(NamedTuple):
    role: Role
    candidates: list[str]
    need: Literal["hinge", "squat", "hip", "alternate"] | None = None
    novice: list[str] | None = None  # candidates for novices, when they differ


class Family(NamedTuple):
    patterns: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    laterality_in_lower: tuple[str, ...] = ()


class Families(NamedTuple):
    hinge: Family
    squat_or_lunge: Family
    unilateral_lower: Family
    calf: Family
    hip: Family
    core: Family
    lower_body_categories: list[str]


class InjuryMinimum(NamedTuple):
    exercises: int
    sets: int
    family: str | None = None
    each_of: tuple[tuple[str, ...], ...] = ()


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


class Power(NamedTuple):
    """§10.10: the ballistic of a PW session."""

    candidates: list[str]
    sets: int


class PlyoLadder(NamedTuple):
    """§10.10: one rung up the plyo_rank order every `hold_weeks` loading weeks."""

    hold_weeks: int
    max_rank: dict[Phase, int]


class Rulebook(NamedTuple):
    """Typed view of data/rules.yaml."""

    bands_km: dict[Band, tuple[float, float | None]]
    band_mods: dict[Band, BandMod]
    plyo_caps: dict[Phase, tuple[int, int, int]]
    nsca_plyo_max: tuple[int, int, int]
    plyo_weekly_growth_max: float
    plyo_two_week_growth_max: float
    min_gap_h: GapHours
    race_last_hlb_days: RaceDays
    race_primer_until_day: RaceDays
    race_quiet_days: int
    post_race_lockout_days: RaceDays
    deload: Deload
    load_step: LoadStep
    load_step_lb: LoadStepLb
    load_change_cap: LoadChangeCap
    rir_rules: RirRules
    e1rm: E1rm
    run_spike_ratio_2wk: float
    key_runs_heavy_week: int
    pain: Pain
    break_days: BreakDays
    reentry: Reentry
    restart: Restart
    hard_set_max_rir: int
    taper_sets_ratio: float
    taper_window_days: int
    default_weeks: dict[str, int]
    aa_weeks: dict[Level, int]
    race_layout: RaceLayout
    hlb_max_reps: int
    hlb_max_rir: int
    hlb_min_percent: float
    plyo_start_fraction: float
    plyo_weekly_step: float
    light_day_minutes: dict[Band, int]
    timing: Timing
    allowed_levels: dict[Level, list[str]]
    novice_banned_weeks: int
    novice_banned: list[str]
    equipment_presets: dict[str, list[str]]
    phases: dict[Phase, PhaseDoses]
    primer: Primer
    templates: dict[str, list[Slot]]
    main_lifts: dict[str, list[str]]
    main_lifts_novice: dict[str, list[str]]
    families: Families
    injuries: dict[str, InjuryRule]
    bodyweight_ladder: BodyweightLadder
    hold_step_s: int
    log_recent: LogRecent
    heavy_run_week: HeavyRunWeek
    growth_max: GrowthMax
    taper_frequency: dict[TaperWindow, TaperLimit]
    injury_fill: InjuryFill
    dose_fallbacks: DoseFallbacks
    session_min_exercises: SessionMinExercises
    run_volume: RunVolume
    log_loop: LogLoop
    pain_clearance: PainClearance
    warmup: WarmupRules
    novice_start: NoviceStart
    bone_impact: BoneImpact
    odd_inputs: OddInputs
    race_build: RaceBuild
    stimulus: Stimulus
    power: Power
    main_lift_min_reps: dict[str, int]
    plyo_ladder: PlyoLadder

    def band_for_km(self, km: float) -> Band:
        """The run-volume band (§0) of a weekly volume in km."""
        for band, (low, high) in self.bands_km.items():
            if km >= low and (high is None or km < high):
                return band
        return Band.A

    def plyo_cap(self, phase: Phase, level: Level) -> int:
        """Contacts per session for a phase and runner level, before the band multiplier."""
        return self.plyo_caps[phase][list(Level).index(level)]

    def deload_every(self, level: Level) -> int:
        """Loading weeks + 1: the cadence of planned deloads."""
        if level is Level.NOVICE:
            return self.deload.novice_every_weeks
        return self.deload.every_weeks


def load_rulebook(path: Path | None = None) -> Rulebook:
    """Read and validate the rules file (the shipped one by default)."""
    from pydantic import TypeAdapter, ValidationError

    from runstrength import yaml_safe
    from runstrength.paths import data_file

    source = path or data_file("rules.yaml")
    try:
        raw = yaml_safe.load(source.read_text(encoding="utf-8"), str(source), label="rules")[1]
    except OSError as exc:
        raise CatalogError(f"{source}: cannot read the rules file ({exc.strerror})") from None
    except yaml_safe.Refused as exc:
        raise CatalogError(str(exc)) from None
    try:
        return TypeAdapter(Rulebook).validate_python(_rename_in(raw))
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise CatalogError(f"{source}: {where}: {err['msg']}") from None


def _rename_in(raw: Any) -> Any:
    """`in` is a Python keyword: the YAML's {off: …, in: …} pairs become `in_`."""
    if isinstance(raw, dict):
        keys = set(raw)
        renamed = {
            ("in_" if k == "in" and keys <= {"off", "in"} else k): _rename_in(v)
            for k, v in raw.items()
        }
        return renamed
    if isinstance(raw, list):
        return [_rename_in(v) for v in raw]
    return raw


@cache
def default_rulebook() -> Rulebook:
    """The shipped rules, read once per process."""
    return load_rulebook()
