"""The event catalog and the schemes: catalog, schemes, scheme check, scheme test, scheme show."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from commands.base import cli, echo_json, words
from commands.help import argument, option
from commands.terminal import echo


@cli.command()
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def catalog(fmt: str) -> None:
    from ledger.events import CATALOG

    if fmt == "json":
        echo_json({name: model.model_json_schema() for name, model in CATALOG.items()})
        return
    from ledger.labels import choices, field_label

    for name, model in CATALOG.items():
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        required = set(schema.get("required", ()))
        flag = words("cmd.catalog.assessor_only") if model.assessor_only else ""
        echo(f"{name}  {model.label_zh}{flag}")
        # Each type's sentence is a catalogue entry whose English side is the model's docstring summary
        # (ledger/messages/catalog.py; tests/test_catalog_chinese.py keeps the two equal).
        echo(f"  {words(f'event.about.{name}')}")
        props = {k: v for k, v in schema.get("properties", {}).items() if k != "type"}
        width = max((len(k) for k in props), default=0)
        labels = {k: field_label(name, k)[0] for k in props}
        label_width = max((_width(v) for v in labels.values()), default=0)
        for field_name, prop in props.items():
            # Both names are typed the same way: `log job_fair_held 形式=线下` is `format=offline`.
            closed = choices(name, field_name)
            text = (
                words("cmd.catalog.one_of", values="|".join(f"{v}={zh}" for v, zh, _ in closed))
                if closed
                else _schema_type(prop, defs)
            )
            if closed and "null" in {p.get("type") for p in prop.get("anyOf", ())}:
                text += words("cmd.catalog.or_empty")
            label = labels[field_name]
            text = f"{label}{' ' * (label_width - _width(label))}  {text}"
            unit = _schema_unit(prop)
            if unit:
                text += words("cmd.catalog.unit", unit=_unit_text(unit))
            if field_name in required:
                text += words("cmd.catalog.required")
            elif "default" in prop:
                text += words("cmd.catalog.default", value=_show(prop["default"]))
            echo(f"    {field_name:<{width}}  {text}")
        echo("")


def _width(text: str) -> int:
    """Columns a text takes on a terminal: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _show(value: Any) -> str:
    if value is None:
        return words("cmd.catalog.none")
    if value == "":
        return '""'
    return str(value).lower() if isinstance(value, bool) else str(value)


def _schema_unit(prop: dict[str, Any]) -> str | None:
    if "unit" in prop:
        return str(prop["unit"])
    for choice in prop.get("anyOf", ()):
        if "unit" in choice:
            return str(choice["unit"])
    return None


# The JSON schema keeps its `unit` as scripts read it ('yuan (元)'); the text names it in the reader's language.
_UNITS = {
    "yuan (元)": "event.unit.yuan",
    "people (人/人次)": "event.unit.people",
    "people (人)": "event.unit.persons",
    "companies (家)": "event.unit.companies",
    "count (个/次/条)": "event.unit.count",
}


def _unit_text(unit: str) -> str:
    """A schema unit in the reader's language; a unit without a catalogue entry as the schema writes it."""
    return words(_UNITS[unit]) if unit in _UNITS else unit


def _schema_type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A JSON Schema property in a few words: 'integer ≥0', 'one of online|offline', 'decimal'..."""
    if "$ref" in prop:
        prop = {
            **defs.get(prop["$ref"].rsplit("/", 1)[-1], {}),
            **{k: v for k, v in prop.items() if k != "$ref"},
        }
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        optional = len(options) < len(prop["anyOf"])
        kinds = {p.get("type") for p in options}
        text = (words("cmd.catalog.decimal") + _bounds(options[0])) if kinds == {"number", "string"} else (
            words("cmd.catalog.or").join(_schema_type(p, defs) for p in options)
        )  # fmt: skip
        return text + (words("cmd.catalog.or_empty") if optional else "")
    if "enum" in prop:
        return words("cmd.catalog.one_of", values="|".join(str(v) for v in prop["enum"]))
    if "const" in prop:
        return words("cmd.catalog.always", value=prop["const"])
    if prop.get("format") == "date":
        return words("cmd.catalog.date")
    kind = prop.get("type", "")
    text = words(f"cmd.catalog.type.{kind}" if kind in _SCHEMA_TYPES else "cmd.catalog.type.any")
    if "pattern" in prop:
        text += words("cmd.catalog.matching", pattern=prop["pattern"])
    return text + _bounds(prop)


_SCHEMA_TYPES = ("integer", "string", "boolean", "number", "object", "array")


def _bounds(prop: dict[str, Any]) -> str:
    low, high = prop.get("minimum"), prop.get("maximum")
    fmt = lambda v: f"{v:g}" if isinstance(v, float) else str(v)  # noqa: E731
    if low is not None and high is not None:
        return f" {fmt(low)}..{fmt(high)}"
    if low is not None:
        return f" ≥{fmt(low)}"
    if high is not None:
        return f" ≤{fmt(high)}"
    if prop.get("maxLength"):
        return words("cmd.catalog.chars", low=prop.get("minLength", 0), high=prop["maxLength"])
    return ""


@cli.command("schemes")
def schemes_list() -> None:
    from schemes.model import FILES, get_scheme, scheme_paths

    for scheme_id, path in scheme_paths().items():
        scheme = get_scheme(scheme_id)
        where = "" if path.parent == FILES else f"  ({path})"
        line = words("cmd.schemes.line", every=f"{scheme.assessed_every:8}", items=f"{len(scheme.items):3}")
        echo(f"{scheme_id:18} {line}  {scheme.title}{where}")


@cli.group("scheme")
def scheme_group() -> None:
    pass


@scheme_group.command("check")
# Not click.Path: it asks gettext for its English name as cli.py loads (see get_help_option), and says "is a
# directory" in English. The command's own read says what is wrong with the file, in the reader's language.
@argument("path", metavar="FILE")
def scheme_check(path: str) -> None:
    from ledger.messages import text as render
    from schemes.filecheck import check_text, errors, summary
    from schemes.model import holiday_paths, holiday_tables

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:  # a directory too: "是一个目录" / "Is a directory"
        from ledger.errors import LedgerError
        from ledger.messages import msg, os_reason

        reason = os_reason(err) if isinstance(err, OSError) else str(err)
        raise LedgerError(msg("cli.cannot_read_scheme", path=file, reason=reason)) from None
    extra, _ = holiday_tables(holiday_paths(file))
    scheme, problems = check_text(text, file.name, extra_calendar=extra)
    for problem in problems:
        echo(str(problem))
    bad = errors(problems) or scheme is None
    echo(render(summary(file.name, scheme, problems)), err=bool(bad))
    if bad:
        sys.exit(1)


@scheme_group.command("test")
@argument("path", metavar="FILE")  # not click.Path: see scheme_check
def scheme_test(path: str) -> None:
    from schemes.cases import report, run_file

    scheme, results = run_file(Path(path))
    echo(report(scheme, results))
    if not all(r.ok for r in results):
        sys.exit(1)


@scheme_group.command("show")
@argument("scheme_id", metavar="ID")
def scheme_show(scheme_id: str) -> None:
    from schemes.model import get_scheme
    from schemes.reports.text import scheme_text

    echo(scheme_text(get_scheme(scheme_id)))
