"""Frozen plain values: the base of every model in runstrength.models.

The planner makes hundreds of these per plan, and every command defines their classes at
start-up, so they are plain classes holding a field dict, not pydantic models: importing
pydantic and creating its model classes cost each command ~20 ms before it did anything,
and a stdlib `@dataclass(frozen=True)` class costs ~0.8 ms to create (it compiles five
methods). A `Value` subclass is declared like a dataclass (annotations, defaults,
`field(default_factory=...)`); `__init_subclass__` makes it a stdlib dataclass without
generated methods (~0.1 ms) and this base supplies them once, for every class.

pydantic stays at the edges and is imported only there: `model_validate` (the catalog
YAML, an import, a damaged record) and `model_dump` / `model_dump_json` (the JSON a user
reads) go through a `TypeAdapter` of the class, which treats it as the dataclass it is.
The checks validation adds beyond the types are declared here so that other readers can
apply them too (runstrength.log.stored_json): `Bounds` and `CheckedRange` on a field, and
a class's `before` / `after` hooks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self, dataclass_transform

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

_REQUIRED: Any = object()  # the skeleton's mark of a field with no default
_setattr = object.__setattr__


class Bounds:
    """`Annotated[int, Bounds(ge=1, le=52)]`: the lowest and highest value validation
    accepts (pydantic's own "greater than or equal" wording)."""

    __slots__ = ("ge", "le")

    def __init__(self, ge: float | None = None, le: float | None = None) -> None:
        self.ge = ge
        self.le = le

    def holds(self, value: Any) -> bool:
        """Whether `value` (a number) is within the bounds."""
        return (self.ge is None or value >= self.ge) and (self.le is None or value <= self.le)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema: Any = dict(handler(source))  # an int or float schema
        if self.ge is not None:
            schema["ge"] = self.ge
        if self.le is not None:
            schema["le"] = self.le
        return schema  # type: ignore[no-any-return]


class CheckedRange:
    """`Annotated[tuple[int, int], CheckedRange()]`: a [low, high] range, 0 <= low <= high,
    with some work at its top (a catalog dose of `contacts: [0, 0]` divided by zero)."""

    __slots__ = ()

    @staticmethod
    def check(value: tuple[int, int]) -> tuple[int, int]:
        if not (0 <= value[0] <= value[1]):
            raise ValueError(f"range must be [low, high] with 0 <= low <= high, got {list(value)}")
        if value[1] < 1:
            raise ValueError(f"range {list(value)} holds no work: its high must be at least 1")
        return value

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))


@dataclass_transform(
    kw_only_default=True, frozen_default=True, field_specifiers=(dataclasses.field,)
)
class Value:
    """A frozen value with keyword fields, compared field by field.

    Construction checks the field names, not the values: the planner builds these from
    values it has already checked. Data from outside goes through `model_validate`. The
    one conversion it makes is validation's for numbers: an int given to a float field
    is stored as a float (JSON writes 60.0, as it did when pydantic built these).
    """

    __slots__ = ()
    # pydantic reads this of a dataclass it validates: unknown keys are refused
    __pydantic_config__: ClassVar[Mapping[str, Any]] = {"extra": "forbid"}
    # every field in declared order, holding its default (or _REQUIRED); the fields whose
    # default is made per instance; the fields with no default
    _skeleton: ClassVar[dict[str, Any]]
    _factories: ClassVar[tuple[tuple[str, Callable[[], Any]], ...]]
    _required: ClassVar[frozenset[str]]
    _floats: ClassVar[tuple[str, ...]]  # the fields annotated float (or float | None)
    # What validation adds to a class: `before` is given the raw mapping and returns the
    # one to build (the constructor applies it too: it fills in defaults that depend on
    # other fields), `after` is given the built value and raises ValueError if it is wrong.
    before: ClassVar[Callable[..., Any] | None] = None
    after: ClassVar[Callable[..., Any] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
        skeleton: dict[str, Any] = {}
        factories = []
        for f in dataclasses.fields(cls):  # type: ignore[arg-type]
            if f.default is not dataclasses.MISSING:
                skeleton[f.name] = f.default
            elif f.default_factory is not dataclasses.MISSING:
                skeleton[f.name] = _REQUIRED
                factories.append((f.name, f.default_factory))
            else:
                skeleton[f.name] = _REQUIRED
        cls._skeleton = skeleton
        cls._factories = tuple(factories)
        made = {name for name, _ in factories}
        cls._required = frozenset(n for n, v in skeleton.items() if v is _REQUIRED) - made
        own = cls.__annotations__
        cls._floats = tuple(name for name in skeleton if _is_float(own.get(name)))

    def __init__(self, **values: Any) -> None:
        cls = type(self)
        if cls.before is not None:  # the defaults it fills in are part of the value
            values = cls.before(values)
        fields = cls._skeleton.copy()  # declared order, whatever the caller's
        if not values.keys() <= fields.keys():
            raise TypeError(f"{cls.__name__} has no field {sorted(values.keys() - fields)}")
        missing = cls._required - values.keys()
        if missing:
            raise TypeError(f"{cls.__name__} needs {sorted(missing)}")
        for name, factory in cls._factories:
            if name not in values:
                fields[name] = factory()
        fields.update(values)
        for name in cls._floats:
            if type(fields[name]) is int:
                fields[name] = float(fields[name])
        _setattr(self, "__dict__", fields)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Self:
        """A copy with the fields in `update` replaced (shallow, unchecked)."""
        new = object.__new__(type(self))
        _setattr(new, "__dict__", {**self.__dict__, **update} if update else self.__dict__.copy())
        return new

    @classmethod
    def model_construct(cls, **values: Any) -> Self:
        """The value of `values`, unchecked: the constructor (pydantic's name for it)."""
        return cls(**values)

    # ---------------------------------------------------------------- pydantic, lazily

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """`data` checked and converted by pydantic (a ValidationError if it does not fit)."""
        return _adapter(cls).validate_python(data)  # type: ignore[no-any-return]

    @classmethod
    def model_validate_json(cls, data: str | bytes) -> Self:
        """JSON text checked and converted by pydantic."""
        return _adapter(cls).validate_json(data)  # type: ignore[no-any-return]

    def model_dump(self, **options: Any) -> dict[str, Any]:
        """pydantic's dump of the value (`mode="json"` for JSON types)."""
        return _adapter(type(self)).dump_python(self, **options)  # type: ignore[no-any-return]

    def model_dump_json(self, **options: Any) -> str:
        """pydantic's JSON of the value."""
        return _adapter(type(self)).dump_json(self, **options).decode()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        schema = handler(source)  # the dataclass schema pydantic makes of the fields
        if cls.before is None and cls.after is None:
            return schema
        from pydantic_core import core_schema

        if cls.after is not None:
            schema = core_schema.no_info_after_validator_function(cls.after, schema)
        if cls.before is not None:
            schema = core_schema.no_info_before_validator_function(cls.before, schema)
        return schema

    # ---------------------------------------------------------------- a frozen value

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({shown})"

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        """(field, value) pairs in declared order, as a pydantic model gives them."""
        return iter(self.__dict__.items())

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__

    def __setstate__(self, state: dict[str, Any]) -> None:
        _setattr(self, "__dict__", state)


def first_problem(error: Any, within: str = "") -> str:
    """A pydantic ValidationError's first error as "where: what" in plain words: the path
    of keys and indexes after `within` (the value's own name, if any), and an unknown key
    named as one (pydantic says "Unexpected keyword argument" of a dataclass, without the
    key)."""
    found = error.errors()[0]
    where = list(found["loc"])
    what = str(found["msg"])
    if found["type"] == "unexpected_keyword_argument" and where:
        what = f"unknown field {str(where.pop())[:40]!r}"
    path = loc_path([within, *where] if within else where)
    return f"{path}: {what}" if path else what


Loc = tuple[str | int, ...]  # a place in data: keys and list indexes, as pydantic's `loc`
_HINTS: dict[type, dict[str, Any]] = {}  # a plan holds hundreds of prescriptions


def quietly_converted(data: Any, kind: Any, loc: Loc = ()) -> tuple[Loc, str] | None:
    """The first value of `data` (parsed JSON or YAML, to be validated as `kind`) that
    validation would convert without a word, and why it is refused: true/false where a
    number belongs (pydantic takes true as 1) or a number where a date belongs (seconds
    since 1970). Walked along the models' fields, so a true where a flag belongs is fine."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    parts: Iterable[tuple[Any, Any, Loc]] = ()  # (value, its type, its place) to walk into
    if origin is Annotated:
        parts = [(data, args[0], loc)]
    elif origin in (typing.Union, types.UnionType):
        if data is not None:
            parts = ((data, a, loc) for a in args if a is not type(None))
    elif isinstance(kind, type) and issubclass(kind, Value):
        if isinstance(data, dict):
            hints = _HINTS.get(kind)
            if hints is None:
                hints = _HINTS[kind] = typing.get_type_hints(kind, include_extras=True)
            parts = ((v, hints[k], (*loc, k)) for k, v in data.items() if k in hints)
    elif origin in (list, tuple) and isinstance(data, list):
        each = args if origin is tuple and Ellipsis not in args else args[:1] * len(data)
        parts = ((v, a, (*loc, i)) for i, (v, a) in enumerate(zip(data, each, strict=False)))
    elif origin is dict and isinstance(data, dict):
        parts = ((v, args[1], (*loc, k)) for k, v in data.items())
    elif isinstance(data, bool) and (
        kind in (int, float) or (origin is typing.Literal and bool not in map(type, args))
    ):
        return (loc, "true/false where a number belongs")
    elif kind is dt.date and not isinstance(data, str):
        return (loc, "a date is written YYYY-MM-DD")
    found = (quietly_converted(*part) for part in parts)
    return next((f for f in found if f is not None), None)


def _is_float(annotation: object) -> bool:
    """Whether a field's annotation is float, `float | None`, or either with Annotated checks."""
    if annotation is float:
        return True
    if isinstance(annotation, str):  # a module with postponed annotations
        return annotation.replace(" ", "") in ("float", "float|None", "None|float")
    if isinstance(annotation, types.UnionType):
        return any(_is_float(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return typing.get_origin(annotation) is Annotated and _is_float(typing.get_args(annotation)[0])


_ADAPTERS: dict[type[Value], TypeAdapter[Any]] = {}


def _adapter(cls: type[Value]) -> TypeAdapter[Any]:
    """pydantic's adapter of `cls`, built on first use (imports pydantic)."""
    adapter = _ADAPTERS.get(cls)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _ADAPTERS[cls] = TypeAdapter(cls)
    return adapter


def loc_path(loc: Iterable[object]) -> str:
    """A pydantic error's `loc` as one path, `weeks[0].sessions[1].sets`: keys joined by
    dots, list indexes in brackets, as the importers' own messages write them (they read
    `sessions[0]` beside pydantic's `sessions.0` before)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
