"""The rules file (data/rules.yaml): every tunable [D] number, typed and validated.

The engine and the tests read the same `Rulebook`, so a changed number changes both.
"""

# No `from __future__ import annotations` here (nor in rulebook_types.py): NamedTuple turns
# string annotations into ForwardRefs, compiling each one at import; real annotation
# objects are ~3 ms cheaper, and cache.py rebuilds the rulebook from them.
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from runstrength.enums import Band, Level, Phase, TaperWindow
from runstrength.errors import CatalogError
from runstrength.rulebook_types import (  # re-exported: the types live in rulebook_types.py
    BandMod,
    BodyweightLadder,
    BoneImpact,
    BreakDays,
    Deload,
    DoseFallbacks,
    E1rm,
    Families,
    Family,
    GapHours,
    GrowthMax,
    HeavyRunWeek,
    InjuryFill,
    InjuryMinimum,
    InjuryRule,
    KnownMax,
    LoadChangeCap,
    LoadStep,
    LoadStepLb,
    LogLoop,
    LogRecent,
    NoviceStart,
    OddInputs,
    OffIn,
    Pain,
    PainClearance,
    PhaseDoses,
    PlyoLadder,
    Power,
    Primer,
    RaceBuild,
    RaceDays,
    RaceLayout,
    RampStep,
    Reentry,
    Restart,
    RirRules,
    RoleDose,
    RunVolume,
    SessionMinExercises,
    Slot,
    Stimulus,
    TaperLimit,
    Timing,
    WarmupRules,
)
from runstrength.rulebook_types import Role as Role  # re-exported: Slot.role was typed here

__all__ = [
    "BandMod",
    "BodyweightLadder",
    "BoneImpact",
    "BreakDays",
    "Deload",
    "DoseFallbacks",
    "E1rm",
    "Families",
    "Family",
    "GapHours",
    "GrowthMax",
    "HeavyRunWeek",
    "InjuryFill",
    "InjuryMinimum",
    "InjuryRule",
    "KnownMax",
    "LoadChangeCap",
    "LoadStep",
    "LoadStepLb",
    "LogLoop",
    "LogRecent",
    "NoviceStart",
    "OddInputs",
    "OffIn",
    "Pain",
    "PainClearance",
    "PhaseDoses",
    "PlyoLadder",
    "Power",
    "Primer",
    "RaceBuild",
    "RaceDays",
    "RaceLayout",
    "RampStep",
    "Reentry",
    "Restart",
    "RirRules",
    "Role",
    "RoleDose",
    "Rulebook",
    "RunVolume",
    "SessionMinExercises",
    "Slot",
    "Stimulus",
    "TaperLimit",
    "Timing",
    "WarmupRules",
    "default_rulebook",
    "load_rulebook",
]


_LEVEL_INDEX = {level: n for n, level in enumerate(Level)}  # plyo_caps columns


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
    race_rest_days: int
    race_handover_sets: int
    post_race_lockout_days: RaceDays
    deload: Deload
    load_step: LoadStep
    load_step_lb: LoadStepLb
    load_change_cap: LoadChangeCap
    rir_rules: RirRules
    e1rm: E1rm
    known_max: KnownMax
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
        return self.plyo_caps[phase][_LEVEL_INDEX[level]]

    def nsca_plyo_max_for(self, level: Level) -> int:
        """The NSCA's most contacts per session for a runner level (`nsca_plyo_max`)."""
        return self.nsca_plyo_max[_LEVEL_INDEX[level]]

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
        from runstrength.values import loc_path

        raise CatalogError(f"{source}: {loc_path(err['loc'])}: {err['msg']}") from None


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
