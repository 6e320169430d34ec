"""Scheme files: one TOML file per assessment document, validated by pydantic.

A buyer's new contract is a new file in `schemes/files/` (or any directory passed with --schemes-dir);
no Python is needed. Load errors name the file, the item and the field.
"""

# No `from __future__ import annotations` here: pydantic reads this module's model annotations as the objects
# they are, instead of compiling and evaluating each one from a string when `score` loads it (issue 15).

import difflib
import hashlib
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ledger.messages import Message, listing, msg, os_reason
from ledger.messages.pydantic import pydantic_message
from projections.dec import Dec
from projections.indicators import IndicatorSpec, references
from projections.modelbase import BaseModel, ConfigDict, Field, model_validator
from projections.numbers import ZERO
from projections.workdays import CalendarError, WorkCalendar, year_table
from schemes.errors import SchemeError
from schemes.filelines import Placed

# Finding and hashing a file needs none of the models below: schemes/locate.py (named here too, as ever).
from schemes.locate import ENV as ENV
from schemes.locate import FILES as FILES
from schemes.locate import digest, holiday_paths, scheme_paths
from schemes.locate import scheme_dirs as scheme_dirs
from schemes.money.pieces import Payout, Settlement
from schemes.rules import RuleSpec

__all__ = ["SchemeError"]  # re-exported: callers import the layer's error from here


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Block(Strict):
    """A group of items whose sum is capped: the base table, a bonus block (+30 max), penalties (-10 max)."""

    id: str
    title: str
    title_en: str = ""
    kind: Literal["base", "bonus", "penalty"] = "base"
    cap: Dec | None = None  # bonus: most it can add; penalty: most it can take away; base: most it can give


class Item(Strict):
    """One row of the document's table."""

    id: str
    block: str
    category: str = ""  # 类别 / 考核项目
    content: str = ""  # 考核内容
    title: str  # 具体指标 / 项目
    title_en: str = ""
    criterion: str  # 评分标准, as the document says it
    source: str  # where in the document
    max_points: Dec  # 基准分 (0 for penalties and uncapped bonus lines)
    evidence: list[str] = []  # 佐证材料
    rule: RuleSpec
    applies_in: list[int] = []  # contract quarter (or half) indexes where the item is scored; empty = always
    interpretation: str = ""  # the reading taken where the document is ambiguous, with the clause
    interpretation_zh: str = ""  # the same in Chinese (`scheme check` refuses an interpretation without it)
    no_data: Literal["rule", "zero", "full"] = "rule"  # how an item with no events at all scores


class Grade(Strict):
    min: Dec
    label: str
    label_en: str = ""
    pay_pct: Dec | None = None


class Consequence(Strict):
    """What a low total means: `below` a threshold (strictly), e.g. Chifeng < 20 costs 20% of the year's fee."""

    below: Dec
    zh: str
    en: str
    fee_deduction_pct: Dec = ZERO
    terminable: bool = False


class Veto(Strict):
    """A one-vote veto (一票否决 / 否决项): when the indicator `input` reaches `at_least`, the total is 0 and the
    grade is the failing one (`grade`, default the lowest grade), whatever the items scored; the scorecard
    says which veto and why."""

    id: str
    input: str
    at_least: Dec = Decimal(1)
    grade: str | None = None
    zh: str
    en: str
    source: str = ""
    interpretation: str = ""
    interpretation_zh: str = ""


class Void(Strict):
    """Items voided by findings (Pingxiang 数据造假 "该项二级指标不得分，额外扣5分"): every item named in the
    `findings` indicator `input` scores zero, and `penalty_each` more comes off the total per item voided."""

    input: str
    penalty_each: Dec = ZERO
    zh: str
    en: str
    source: str = ""
    interpretation: str = ""
    interpretation_zh: str = ""


class QuotaGrade(Strict):
    """A grade given in rank order to at most `share` of all assessed units (Wujiang: A <= 10%)."""

    grade: str
    share: Dec
    label_en: str = ""


class CohortCondition(Strict):
    """A condition that makes a cohort unit unqualified (不合格) and/or disqualified (取消资格).

    Met when the indicator `input` reaches `at_least`, or when the total is below `total_below`.
    """

    id: str
    input: str | None = None
    at_least: Dec = Decimal(1)
    total_below: Dec | None = None
    unqualified: bool = True
    disqualified: bool = False
    zh: str
    en: str
    source: str = ""

    @model_validator(mode="after")
    def _one_test(self) -> "CohortCondition":
        if (self.input is None) == (self.total_below is None):
            raise ValueError(msg("sf.one_test", id=self.id))
        return self


class CohortGrading(Strict):
    """Grades by quota in rank order (schemes/cohort.py reads this)."""

    quotas: list[QuotaGrade]
    rest: str  # eligible units beyond every quota
    rest_en: str = ""
    unqualified: str  # units meeting an unqualifying condition (they never take a quota seat)
    unqualified_en: str = ""
    # Units tied on the total at a quota's edge: "next_grade" moves the whole tied group down when it does not
    # fit in the seats left (the quota is a ceiling, 不超过); "exceed" gives them all the grade.
    ties: Literal["next_grade", "exceed"] = "next_grade"
    conditions: list[CohortCondition] = []
    interpretation: str = ""
    interpretation_zh: str = ""


class HolidayYear(Strict):
    """One year's statutory holidays and 调休 working weekend days, for a year chinese_calendar does not cover."""

    holidays: list[str]
    workdays: list[str] = []


class Scheme(Strict):
    """A whole assessment scheme."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    title_en: str = ""
    seed: str
    assessed_every: Literal["month", "quarter", "half", "year"]
    cohort: bool = False  # units are scored against each other (Wujiang)
    max_total: Dec | None = None
    floor_total: Dec | None = None
    late_policy: Literal["exclude", "include"] = "exclude"
    # A period longer than the one assessed (the year of a quarterly scheme): "refuse" names the periods the
    # scheme assesses; "sum" scores each assessed period on its own table and adds them up (capped at max_total).
    longer_periods: Literal["refuse", "sum"] = "refuse"
    indicators: dict[str, IndicatorSpec]
    blocks: list[Block]
    items: list[Item]
    grades: list[Grade] = []
    consequences: list[Consequence] = []
    vetoes: list[Veto] = []
    voids: list[Void] = []
    payout: Payout = Field(default_factory=Payout)
    cohort_grading: CohortGrading | None = None  # grades by quota in rank order (Wujiang)
    notes: list[str] = []
    # Decimal places points are shown to (四舍五入) in text, tables, PDF and HTML; None: as computed. Display
    # only: scoring, ranking and JSON keep the exact value.
    display_places: int | None = Field(default=None, ge=0, le=6)
    calendar: dict[str, HolidayYear] = {}  # year -> its table (also from holidays-YYYY.toml beside the file)
    # Set by the loader, not the file:
    path: str = ""
    sha256: str = ""

    @model_validator(mode="after")
    def _references(self) -> "Scheme":
        blocks = {b.id for b in self.blocks}
        seen: set[str] = set()
        for item in self.items:
            if item.id in seen:
                raise Placed("item", item.id, msg("sf.dup_item"))
            seen.add(item.id)
            if item.block not in blocks:
                raise Placed("item", item.id, msg("sf.no_block", block=repr(item.block)), [item.block])
            for name in item.rule.inputs():
                if name not in self.indicators:
                    raise Placed("item", item.id, msg("sf.rule_reads", name=repr(name)), [name])
        for name, spec in self.indicators.items():
            for ref in references(spec):
                if ref not in self.indicators:
                    error = msg("sf.refers_undeclared", kind=spec.kind, ref=repr(ref))
                    raise Placed("indicator", name, error, [ref])
        derived = {n: set(references(s)) for n, s in self.indicators.items() if references(s)}
        while derived:  # every derived indicator must resolve: no cycles (ratios and totals of each other)
            ready = [n for n, refs in derived.items() if not refs & derived.keys()]
            if not ready:
                raise ValueError(msg("sf.cycle", names=listing(sorted(derived))))
            for name in ready:
                del derived[name]
        self._check_payout(blocks)
        for rule in [*self.vetoes, *self.voids]:
            if rule.input not in self.indicators:
                kind, name = ("veto", rule.id) if isinstance(rule, Veto) else ("void", "")
                raise Placed(kind, name, msg("sf.indicator_undeclared", name=repr(rule.input)), [rule.input])
        for void in self.voids:
            if self.indicators[void.input].kind != "findings":
                raise Placed("void", "", msg("sf.void_findings", name=repr(void.input)), [void.input])
        for cond in self.cohort_grading.conditions if self.cohort_grading else ():
            if cond.input is not None and cond.input not in self.indicators:
                error = msg("sf.indicator_undeclared", name=repr(cond.input))
                raise Placed("cohort_condition", cond.id, error, [cond.input])
        return self

    def _check_payout(self, blocks: set[str]) -> None:
        settlement = self.payout.one(Settlement)
        if settlement is None:
            return
        for share in settlement.shares:
            if share.scored_by != "total" and share.scored_by not in blocks:
                error = msg("sf.share_block", block=repr(share.scored_by), blocks=listing(sorted(blocks)))
                raise Placed("payout", "", error, [share.scored_by])
            if share.scale == "grade":
                if not self.grades:
                    raise Placed("payout", "", msg("sf.grade_share"))
                missing = [g.label for g in self.grades if g.pay_pct is None]
                if missing:
                    raise Placed("payout", "", msg("sf.grade_share_pct", missing=listing(missing)))
        if settlement.graded and self.assessed_every != "year":
            every = msg(f"sf.every.{self.assessed_every}")
            raise Placed("payout", "", msg("sf.settlement_yearly", every=every))

    def work_calendar(self) -> WorkCalendar:
        """Working days: chinese_calendar, with this scheme's own tables for the years it gives."""
        return calendar_for(self.calendar)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise SchemeError(msg("scheme.no_item", scheme=self.id, item=repr(item_id)))

    def block(self, block_id: str) -> Block:
        return next(b for b in self.blocks if b.id == block_id)

    @property
    def max_base(self) -> Decimal:
        return sum((i.max_points for i in self.items if self.block(i.block).kind == "base"), ZERO)


TAGS = frozenset(
    [
        "tiers",
        "per_unit",
        "flag",
        "all_or_nothing",
        "deductions",
        "judgement",
        "penalty",
        "rank",
        "sum",
        "services",
        "installments",
        "interim",
        "deduction",
        "settlement",
        "budget_share",
    ]
)  # discriminator tags pydantic puts in an error's location (not keys the file has)


def calendar_for(tables: dict[str, HolidayYear]) -> WorkCalendar:
    try:
        return WorkCalendar({int(y): year_table(int(y), t.holidays, t.workdays) for y, t in tables.items()})
    except CalendarError as err:
        raise SchemeError(*err.args) from None


def interpretation_in(part: Any, lang: str | None = None) -> str:
    """A scheme part's interpretation in the reader's language (Chinese unless English is asked for; a buyer's
    file that has only the English one shows that)."""
    from ledger.messages import current_lang

    zh, en = getattr(part, "interpretation_zh", ""), getattr(part, "interpretation", "")
    return (en or zh) if (lang or current_lang()) == "en" else (zh or en)


def interpretation_line(part: Any) -> str:
    """A part's interpretation as `scheme show` prints it: '解读：...' or 'interpretation: ...'."""
    from ledger.messages import current_lang

    english = current_lang() == "en"
    return ("interpretation: " if english else "解读：") + interpretation_in(part, "en" if english else "zh")


def locate(data: dict[str, Any], loc: tuple[Any, ...]) -> Message | str:
    """'item q1.institutions, field rule.bands' (考核项 q1.institutions 的字段 `rule.bands`) from a pydantic error
    location."""
    parts = [p for p in loc if not (isinstance(p, str) and p in TAGS) and not str(p).startswith("function-")]
    if len(parts) >= 2 and parts[0] == "items" and isinstance(parts[1], int):
        items = data.get("items", [])
        ident = items[parts[1]].get("id", f"#{parts[1] + 1}") if parts[1] < len(items) else f"#{parts[1] + 1}"
        rest = ".".join(str(p) for p in parts[2:])
        return msg("sf.at.item_field", item=ident, field=rest) if rest else msg("sf.at.item", item=ident)
    if len(parts) >= 2 and parts[0] == "indicators":
        rest = ".".join(str(p) for p in parts[2:])
        if rest:
            return msg("sf.at.indicator_field", indicator=parts[1], field=rest)
        return msg("sf.at.indicator", indicator=parts[1])
    if len(parts) >= 3 and parts[:2] == ["payout", "pieces"] and isinstance(parts[2], int):
        pieces = data.get("payout", {}).get("pieces", [])
        kind = pieces[parts[2]].get("kind", "?") if parts[2] < len(pieces) else "?"
        rest = ".".join(str(p) for p in parts[3:])
        if rest:
            return msg("sf.at.piece_field", n=parts[2] + 1, kind=kind, field=rest)
        return msg("sf.at.piece", n=parts[2] + 1, kind=kind)
    if parts[:1] == ["payout"]:
        return msg("sf.at.key", key=".".join(str(p) for p in parts))
    return msg("sf.at.field", field=".".join(str(p) for p in parts)) if parts else ""


def message(error: Any) -> Message | str:
    """A pydantic error as the words a scheme author needs ("unknown key 'x'", not "Extra inputs ..."), in the
    reader's language: a validator's own error keeps its catalogue message; pydantic's other errors are said
    from their context in Chinese (ledger/messages/pydantic.py) and as pydantic says them in English."""
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        return msg("sf.unknown_key", key=repr(loc[-1]))
    if kind == "missing":
        return msg("sf.needs", key=loc[-1])
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        return msg("sf.unknown_kind", tag=repr(ctx.get("tag")), expected=ctx.get("expected_tags"))
    if kind == "union_tag_not_found":
        return msg("sf.needs", key="kind")
    if kind == "value_error":
        raised = (error.get("ctx") or {}).get("error")
        said = raised.args[0] if isinstance(raised, ValueError) and len(raised.args) == 1 else None
        if isinstance(said, Message):
            return said
        return str(error["msg"]).removeprefix("Value error, ")
    return pydantic_message(error)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise SchemeError(msg("cli.cannot_read_scheme", path=path, reason=os_reason(err))) from None


def holiday_tables(paths: list[Path]) -> tuple[dict[str, Any], bytes]:
    """`holidays-YYYY.toml` files (holidays = [...], workdays = [...]) as a [calendar] table, and their bytes."""
    import tomllib  # here, not at the top: a scheme read back from schemes/cache.py parses no TOML

    table: dict[str, Any] = {}
    raw = b""
    for path in paths:
        data = _read(path)
        raw += data
        try:
            table[path.stem.removeprefix("holidays-")] = tomllib.loads(data.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
            raise SchemeError(msg("map.not_toml", name=path.name, error=str(err))) from None
    return table, raw


def load_scheme(path: Path, holidays: list[Path] | None = None) -> Scheme:
    """Read and check one scheme file (schemes/filecheck.py); the first error is the one-line SchemeError.

    `holidays` are the `holidays-YYYY.toml` tables of its directory: merged into its [calendar] (the file's
    own [calendar] years win), and hashed with it, so a changed holiday table changes the scheme's sha256.
    """
    from projections.modelbase import NeedsValidation, plain

    if plain():
        raise NeedsValidation(f"{path} is to be checked")
    from schemes.filecheck import check_text, errors

    raw = _read(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SchemeError(msg("map.not_toml", name=path.name, error=str(err))) from None
    extra, extra_raw = holiday_tables(holidays or [])
    scheme, problems = check_text(text, path.name, extra_calendar=extra)
    bad = errors(problems)
    if bad or scheme is None:
        more = msg("sf.more", n=len(bad) - 1, path=path) if len(bad) > 1 else ""
        raise SchemeError(msg("sf.first_problem", problem=bad[0].as_message(), more=more))
    return scheme.model_copy(
        update={"path": str(path), "sha256": hashlib.sha256(raw + extra_raw).hexdigest()}
    )


def get_scheme(scheme_id: str, directory: Path | None = None) -> Scheme:
    paths = scheme_paths(directory)
    if scheme_id not in paths:
        known = ", ".join(paths) or "none"
        close = difflib.get_close_matches(scheme_id, list(paths), n=1)
        hint = msg("scheme.did_you_mean", close=repr(close[0])) if close else ""
        raise SchemeError(msg("scheme.unknown", scheme=repr(scheme_id), hint=hint, known=known))
    path = paths[scheme_id]
    holidays = holiday_paths(path)
    # Parsed and checked once per file version in a process: a score loads its scheme for the service and again
    # for the printout, and each load (TOML, model, catalog check) cost about as much as the score itself.
    key = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in [path, *holidays])
    scheme = _LOADED.get(key)
    if scheme is None:
        scheme = _kept(scheme_id, path) or _keep(scheme_id, load_scheme(path, holidays))
        if scheme.id != scheme_id:
            raise SchemeError(msg("scheme.id_name", name=path.name, id=repr(scheme.id)))
        _LOADED[key] = scheme
    return scheme


_LOADED: dict[tuple[tuple[str, int, int], ...], Scheme] = {}  # frozen models, safe to share


# A checked scheme kept by its file's hash (schemes/cache.py): reading the TOML and checking the file (tomllib, the
# catalog check) is most of a `score`'s own work, and the result is pure data of the file's bytes and the code.
# It is kept pickled and read back without validation: reading it through the models' validators (their JSON)
# built every model's validator first, and `get_scheme` took about 50 ms where unpickling takes 6 (the models are
# defer_build: a process that validates nothing builds none). What comes back is the object checked when it was kept: an entry is written
# only when it reads back equal to the scheme loaded from the file, it carries the stamp of the code that wrote
# it (schemes/cache.py: another version of any loaded module makes it stale), and it is read only from a file
# its own user owns and no one else can write (schemes/cache.py `get_bytes`), as the user's own installation.


def _kept(scheme_id: str, path: Path) -> Scheme | None:
    import pickle

    from schemes import cache

    try:
        sha256 = digest(path)
    except OSError:
        return None  # load_scheme says why
    data = cache.get_bytes("scheme", scheme_id, sha256)
    if data is None:
        return None
    try:
        scheme = pickle.loads(data)
    except Exception:  # noqa: BLE001 -- a damaged entry, whatever unpickling raised: load the file instead
        return None
    if not isinstance(scheme, Scheme) or scheme.id != scheme_id:
        return None
    return scheme.model_copy(update={"path": str(path), "sha256": sha256})


def _keep(scheme_id: str, scheme: Scheme) -> Scheme:
    import pickle

    from schemes import cache

    data = pickle.dumps(
        scheme.model_copy(update={"path": "", "sha256": ""}), protocol=pickle.HIGHEST_PROTOCOL
    )
    again = pickle.loads(data).model_copy(update={"path": scheme.path, "sha256": scheme.sha256})
    if scheme.id == scheme_id and again == scheme:
        cache.put_bytes("scheme", scheme_id, scheme.sha256, data)
    return scheme
