"""The help pages: the message catalogue's texts on click's pages, Chinese wrapped by terminal columns,
and the click classes every command is built with (`Command`, `Group`, `Option`, `Argument`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from commands.terminal import columns, echo


def use_lang(value: str | None) -> None:
    """--lang fixes the language of every message for the rest of the command (ledger/messages)."""
    if value:
        from ledger.messages import set_lang

        set_lang(value)


def _says(key: str) -> str:
    """A catalogue text in the current language, as written (help texts have no placeholders)."""
    from ledger.messages import CATALOGUE, current_lang

    zh, en = CATALOGUE[key]
    return en if current_lang() == "en" else zh


def _english() -> bool:
    from ledger.messages import current_lang

    return current_lang() == "en"


def param_key(param: click.Parameter) -> str:
    """How the catalogue names a parameter: an option by its long name (--site), an argument by its name."""
    if isinstance(param, click.Option):
        longs = [o for o in param.opts if o.startswith("--")]
        return (longs or param.opts)[0]
    return param.name or ""


def help_text(path: str, param: click.Parameter | None = None) -> str | None:
    """The help of command `path` ('opsledger site add') or of one of its parameters: the command's own entry,
    else the one every command taking that option shares ('* --actor'); None if the catalogue has neither."""
    from ledger.messages import CATALOGUE

    if param is None:
        return _says(path) if path in CATALOGUE else None
    name = param_key(param)
    for key in (f"{path} {name}", f"* {name}"):
        if key in CATALOGUE:
            return _says(key)
    return None


_WIDE = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"


_NO_LINE_START = set("，。、；：！？）」』》…")


def _wrap(text: str, width: int, indent: str = "") -> str:
    """Chinese help wrapped to `width` columns: a line may break between any two Chinese characters (click's
    wrapper breaks at spaces only and counts a Chinese character as one column), never before closing
    punctuation; a paragraph whose first line is \\b is kept as written."""
    import re

    tokens = re.compile(f"\\s+|[{_WIDE}]|[^\\s{_WIDE}]+")
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b\n"):
            paragraphs.append("\n".join(indent + line for line in paragraph[2:].splitlines()))
            continue
        lines: list[str] = []
        line = ""
        for token in tokens.findall(" ".join(paragraph.splitlines())):
            if token.isspace():
                line += " " if line else ""
                continue
            if line.strip() and columns(indent + line + token) > width:
                carried = ""
                if token in _NO_LINE_START:  # what comes before it goes down with it: a character or a word
                    word = re.search(f"[^\\s{_WIDE}]+$", line)
                    cut = word.start() if word else len(line) - 1
                    if not line[:cut].strip():  # a word as wide as the line: the mark overhangs it
                        line += token
                        continue
                    line, carried = line[:cut], line[cut:]
                lines.append(line.rstrip())
                line = carried
            line += token
        lines.append(line.rstrip())
        paragraphs.append("\n".join(indent + one for one in lines))
    return "\n\n".join(paragraphs)


class HelpFormatter(click.HelpFormatter):
    """click's help page with its own words (Usage, Options...) from the catalogue, and Chinese wrapped by
    terminal columns. In English it is click's page, word for word."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _says("help.usage") if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        headings = {
            "Options": "help.options",
            "Positional arguments": "help.arguments",
            "Commands": "help.commands",
        }
        self.write_paragraph()
        heading = _says(headings[name]) if name in headings else f"{name}:"
        self.write(f"{'':>{self.current_indent}}{heading}\n")
        self.indent()
        try:
            yield
        finally:
            self.dedent()

    def write_text(self, text: str) -> None:
        if _english():
            return super().write_text(text)
        self.write(_wrap(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        if _english():
            return super().write_dl(rows, col_max, col_spacing)
        rows = list(rows)
        first_col = min(max((columns(first) for first, _ in rows), default=0), col_max) + col_spacing
        margin = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if columns(first) <= first_col - col_spacing:
                self.write(" " * (first_col - columns(first)))
            else:
                self.write("\n" + margin)
            wrapped = _wrap(second, max(self.width - first_col - self.current_indent, 10)).splitlines()
            self.write("\n".join(wrapped[:1] + [margin + line for line in wrapped[1:]]) + "\n")


class HelpContext(click.Context):
    formatter_class = HelpFormatter


class _CatalogueHelp:
    """A parameter whose help is the catalogue's entry for it (`where`: the command path it belongs to)."""

    where = ""

    @property
    def help(self) -> str | None:
        return help_text(self.where, self)  # type: ignore[arg-type]

    @help.setter
    def help(self, value: str | None) -> None:
        """What click (or a decorator) sets is not shown: click's own default words (--help, --version) give way
        to the catalogue's, like every parameter's."""


class Option(_CatalogueHelp, click.Option):
    """An option whose help is the catalogue's."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        """click's record, its [default: ...] and [required] in the reader's language too."""
        if self.hidden:
            return None
        from ledger.messages import msg, text

        extra = self.get_help_extra(ctx)
        notes = [text(msg("help.default", default=extra["default"]))] if "default" in extra else []
        notes += [extra["range"]] if "range" in extra else []
        notes += [_says("help.required")] if "required" in extra else []
        help = self.help or ""
        if notes:
            help = f"{help}  [{'; '.join(notes)}]" if help else f"[{'; '.join(notes)}]"
        return self.get_help_spec(ctx), help


class Argument(_CatalogueHelp, click.Argument):
    """An argument whose help is the catalogue's."""


option = functools.partial(click.option, cls=Option)
VERSION = "0.1.0"


argument = functools.partial(click.argument, cls=Argument)


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        echo(f"opsledger, version {VERSION}", color=ctx.color)
        ctx.exit()


class Command(click.Command):
    """A command whose help is the catalogue's entry for its path ('opsledger site add'), set when a group
    adds it."""

    context_class = HelpContext
    path = ""
    _opsledger_help: Option | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place(self.name or "")

    @property  # type: ignore[override]
    def help(self) -> str | None:
        return help_text(self.path)

    @help.setter
    def help(self, value: str | None) -> None:
        pass

    def place(self, path: str) -> None:
        self.path = path
        for param in self.params:
            param.where = path  # type: ignore[attr-defined]

    def get_short_help_str(self, limit: int = 45) -> str:
        """The command's line in its group's list: click's in English; in Chinese the first sentence, clipped
        to the columns there are (click measures words between spaces, which Chinese has none of)."""
        if _english():
            return super().get_short_help_str(limit)
        first, depth = (self.help or "").split("\n\n")[0], 0
        for i, char in enumerate(first):  # up to the first 。 or ； outside brackets
            depth += (char in "（(") - (char in "）)")
            if char in "。；" and depth == 0:
                first = first[:i]
                break
        if columns(first) <= limit:
            return first
        while first and columns(first + "…") > limit:
            first = first[:-1]
        return first + "…"

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """--help, made here rather than by click's `help_option`: that one looks its English words up in
        gettext's catalogues on disk first (about a millisecond a command, and `locale` imported), for words the
        catalogue's replace anyway."""
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._opsledger_help is None:
            # Its value is stored under a name no parameter of ours has, as click's own is (click 8.5).
            found = Option([*names, "_opsledger_help"], is_flag=True, expose_value=False, is_eager=True,
                           callback=_show_help)  # fmt: skip
            found.where = self.path
            self._opsledger_help = found
        return self._opsledger_help


class Group(Command, click.Group):
    """A group of commands built with these classes; its subcommands' paths follow where it is added."""

    command_class = Command
    group_class = type

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        super().add_command(cmd, name)
        if isinstance(cmd, Command):
            cmd.place(f"{self.path} {name or cmd.name}")

    def place(self, path: str) -> None:
        super().place(path)
        for name, cmd in getattr(self, "commands", {}).items():
            if isinstance(cmd, Command):
                cmd.place(f"{path} {name}")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """`opsledger --help --lang en`: --help prints while the arguments are parsed, before --lang's own turn,
        so the language is read from them first."""
        if ctx.parent is None:
            for i, arg in enumerate(args):
                if arg in self.commands:
                    break
                if arg.startswith("--lang="):
                    use_lang(arg.split("=", 1)[1])
                elif arg == "--lang" and i + 1 < len(args):
                    use_lang(args[i + 1])
        return super().parse_args(ctx, args)
