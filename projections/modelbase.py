"""The base of the scheme file's models (indicator specs, rules, money pieces, the scheme): pydantic's, or, in a
process that only reads a scheme already checked, plain classes that hold the same fields and run the same
methods without pydantic.

Why: a `score` of a site whose scheme is kept checked (schemes/cache.py, schemes/model.py `_kept`) validates
nothing, yet importing pydantic and building its ~60 model classes was half of the command (issue 15: `score`
within 150 ms). The models are written once, against the names this module gives; which base they get is
decided once per process, before the first model module is imported:

- `pydantic` (the default, and the only choice once any model module has been imported with it): every model
  is the pydantic model it always was, validated when a scheme file is read.
- `plain` (`use_plain()`, called by the entry point for a `score` and only there): each model is a plain class
  with its fields in `__dict__`, made only by unpickling a scheme checked and kept by a pydantic process, or by
  `model_copy`. It validates nothing, so nothing else may make one: constructing one from arguments, or
  loading a scheme from its file, raises `NeedsValidation`, which the entry point answers by running the
  command again with pydantic (commands/entry.py).

tests/test_plain_models.py scores every built-in scheme both ways and compares the printouts, and checks that a
plain process loads no pydantic.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, ClassVar, get_origin

if TYPE_CHECKING:
    from pydantic import BaseModel as BaseModel
    from pydantic import BeforeValidator as BeforeValidator
    from pydantic import ConfigDict as ConfigDict
    from pydantic import Field as Field
    from pydantic import model_validator as model_validator

NAMES = ("BaseModel", "BeforeValidator", "ConfigDict", "Field", "model_validator")
_mode: str | None = None  # decided at the first name handed out


class NeedsValidation(Exception):
    """A plain process was asked for something only pydantic can do (check a scheme file). Not a LedgerError:
    no user ever sees it; the entry point runs the command again with pydantic."""


def _choose(mode: str) -> bool:
    """`mode` for this process if none is decided yet; whether it is this process's mode now."""
    global _mode
    if _mode is None:
        _mode = mode
    return _mode == mode


def use_plain() -> bool:
    """Plain models for this process, if no model has been made yet; False when it is too late."""
    return _choose("plain")


def use_pydantic() -> bool:
    """pydantic's models for this process (a process that validates, such as the tests'); False when too late."""
    return _choose("pydantic")


def plain() -> bool:
    """Whether this process's models are the plain ones."""
    return _mode == "plain"


def __getattr__(name: str) -> Any:
    if name not in NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _choose("pydantic"):
        import pydantic

        value = getattr(pydantic, name)
    else:
        value = _PLAIN[name]
    globals()[name] = value
    return value


# -- the plain stand-ins ---------------------------------------------------------------------------------------


_UNSET: Any = object()


class _FieldSpec:
    """What `Field(...)` stands for in a plain class body: nothing is validated, so only the default matters (to
    `model_construct`, for the fields it is not given)."""

    __slots__ = ("default", "default_factory")

    def __init__(self, default: Any = _UNSET, default_factory: Any = None, **_: Any) -> None:
        self.default, self.default_factory = default, default_factory

    def value(self) -> Any:
        if self.default_factory is not None:
            return self.default_factory()
        if self.default is _UNSET:
            raise NeedsValidation("a required field not given")
        return copy.deepcopy(self.default)


def _field(default: Any = _UNSET, **constraints: Any) -> Any:
    return _FieldSpec(default, **constraints)


def _model_validator(*, mode: str) -> Any:
    return lambda method: method  # validators run only when pydantic validates


class _BeforeValidator:
    __slots__ = ("func",)

    def __init__(self, func: Any) -> None:
        self.func = func


def _config(**options: Any) -> dict[str, Any]:
    return dict(options)


class _PlainModel:
    """A checked model's fields in `__dict__`, compared, hashed and copied as pydantic's frozen models are."""

    model_config: dict[str, Any] = {}

    def __init__(self, **data: Any) -> None:
        raise NeedsValidation(f"{type(self).__name__} made from arguments needs pydantic's validation")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__()

    def __setstate__(self, state: dict[str, Any]) -> None:
        # pydantic's pickled state: {"__dict__": fields, "__pydantic_extra__": ..., ...}; the models forbid
        # extra fields and hold no private attributes, so the fields are all there is.
        object.__setattr__(self, "__dict__", dict(state["__dict__"]))

    def __getstate__(self) -> dict[str, Any]:
        return {"__dict__": self.__dict__}

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise TypeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        # by field name, not by the order the fields were set in: a kept model and one made by model_construct
        # are equal with their fields set in different orders, so they must hash alike.
        return hash(tuple((name, self.__dict__[name]) for name in sorted(self.__dict__)))

    @classmethod
    def model_construct(cls, **values: Any) -> Any:
        """A model of values the caller vouches for (pydantic's `model_construct`: no validation), its other
        fields their defaults."""
        made = object.__new__(cls)
        fields = {}
        for name, default in _defaults(cls).items():
            if name in values:
                fields[name] = values.pop(name)
            elif isinstance(default, _FieldSpec):
                fields[name] = default.value()
            elif default is _UNSET:
                raise NeedsValidation(f"{cls.__name__}.{name} not given")
            else:
                fields[name] = copy.deepcopy(default)
        if values:
            raise NeedsValidation(f"{cls.__name__} has no field {sorted(values)}")
        object.__setattr__(made, "__dict__", fields)
        return made

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({fields})"

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Any:
        if deep:
            raise NeedsValidation("a deep copy of a plain model")
        made = object.__new__(type(self))
        object.__setattr__(made, "__dict__", {**self.__dict__, **(update or {})})
        return made


_PLAIN: dict[str, Any] = {
    "BaseModel": _PlainModel,
    "BeforeValidator": _BeforeValidator,
    "ConfigDict": _config,
    "Field": _field,
    "model_validator": _model_validator,
}


_DEFAULTS: dict[type, dict[str, Any]] = {}


def _defaults(cls: type) -> dict[str, Any]:
    """A plain model's fields in pydantic's order (the base classes' first), each with its default (`_UNSET`:
    none). The annotated names of the class and its bases, but not ClassVars nor `model_config`."""
    found = _DEFAULTS.get(cls)
    if found is None:
        found = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in vars(klass).get("__annotations__", {}).items():
                text = annotation if isinstance(annotation, str) else ""
                if (
                    name == "model_config"
                    or get_origin(annotation) is ClassVar
                    or text.startswith("ClassVar")
                ):
                    continue
                found[name] = vars(klass)[name] if name in vars(klass) else found.get(name, _UNSET)
        _DEFAULTS[cls] = found
    return found
