"""Immutable records for the modules every `opsledger log` and `opsledger score` load, defined without generating
code.

Why not dataclasses: on Python 3.11 `@dataclass` writes each method it adds (`__init__`, `__repr__`, `__eq__`,
`__setattr__`, `__delattr__`, `__hash__`) as source text and compiles it when the class is defined, about half a
millisecond a frozen class. `opsledger log` is a whole process for one event, and its write path defined some
twenty such classes: over a tenth of the command's time, paid again by every event an operator logs (issue 15,
bench/RESULTS.md "Records without generated code"); `score` defined twenty more for its scorecard, rules, money,
bands and calendar. A class built per event while a ledger is folded (an indicator's value, a period, an
accumulator's context) is a record that writes its own `__init__` (as fast as the one dataclasses would generate),
so that `score` need not import `dataclasses` either. A `Record` gets the same
behaviour from methods written once, here: defining a subclass costs what defining any class costs.

    class Head(Record):
        site_seq: int = 0
        hash: str = GENESIS

A subclass's annotated names are its fields, in order, each with its default if it has one (`factory(dict)` for a
fresh mutable default); `ClassVar` annotations are not fields. Like a frozen dataclass, a record takes its fields
by position or keyword, compares equal to a record of the same class with equal fields, hashes by its fields, has
a `repr` naming them, refuses assignment (`FrozenInstanceError`, an AttributeError as dataclasses' is),
pickles, and `replace(**changes)` gives a copy with some fields changed. `class State(Record, frozen=False)` is
a record whose fields may be assigned, unhashable, as a plain dataclass. Type checkers read the fields as a
frozen dataclass's (`typing.dataclass_transform`). A stored `Event` (`ledger/envelope.py`) is not a record: it
is built by the hundred thousand when a ledger is read, so it is written out by hand with slots and the
`__init__` dataclasses would generate, the faster. A record with checks of its own (`Draft`) writes its
`__init__`, setting its fields with `self.__dict__.update`.
"""

from __future__ import annotations

from typing import Any, ClassVar, dataclass_transform


class FrozenInstanceError(AttributeError):
    """Assigning to (or deleting) a frozen record's field. dataclasses has one of the same name, but importing
    it brings `inspect` and its parsers, a tenth of an `opsledger log` (issue 15)."""


_MISSING: Any = object()


class _Factory:
    """A default made afresh for each record (a dict, a list), as dataclasses' `field(default_factory=...)`."""

    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


def factory(make: Any) -> Any:
    """A field's default built by calling `make()` for each record."""
    return _Factory(make)


@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(factory,))
class Record:
    """An immutable record: fields from the class's annotations (see the module docstring)."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _field_defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, frozen: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not frozen:  # `class State(Record, frozen=False)`: a record whose fields change as it is fed
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign, assignment]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign, assignment]
            cls.__hash__ = None  # type: ignore[assignment]  # equal by fields that may change: unhashable
        names = list(cls._fields)  # a parent record's fields come first, as a dataclass's
        defaults = dict(cls._field_defaults)
        for name, note in cls.__dict__.get("__annotations__", {}).items():
            if str(note).startswith(("ClassVar", "typing.ClassVar")):
                continue
            if name not in names:
                names.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                delattr(cls, name)  # each record holds every field itself
        for before, name in zip(names, names[1:], strict=False):
            if before in defaults and name not in defaults:
                raise TypeError(f"{cls.__qualname__}: field {name!r} has no default but follows one that has")
        cls._fields = tuple(names)
        cls._field_defaults = defaults
        cls.__match_args__ = tuple(names)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        names = self._fields
        if len(args) > len(names):
            raise TypeError(f"{type(self).__qualname__}() takes {len(names)} fields, {len(args)} were given")
        values = dict(zip(names, args, strict=False))
        for name, value in kwargs.items():
            if name in values or name not in names:
                why = "given twice" if name in values else "not a field"
                raise TypeError(f"{type(self).__qualname__}(): {name!r} {why}")
            values[name] = value
        if len(values) < len(names):
            for name in names:
                if name not in values:
                    default = self._field_defaults.get(name, _MISSING)
                    if default is _MISSING:
                        raise TypeError(f"{type(self).__qualname__}(): missing field {name!r}")
                    values[name] = default.make() if type(default) is _Factory else default
        self.__dict__.update(values)

    def _values(self) -> tuple[Any, ...]:
        return tuple(self.__dict__[name] for name in self._fields)

    def replace(self, **changes: Any) -> Any:
        """A copy with the named fields changed (`dataclasses.replace`)."""
        return type(self)(**{**{name: self.__dict__[name] for name in self._fields}, **changes})

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")


def fields_of(record: Record) -> dict[str, Any]:
    """A record's fields and values, in order (`dataclasses.asdict` one level deep: nested values as they are)."""
    return {name: record.__dict__[name] for name in type(record)._fields}
