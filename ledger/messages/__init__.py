"""Every message and explanation opsledger prints, in Chinese and English: one catalogue, one mechanism.

The users are Chinese: a message is Chinese unless `--lang en`, `OPSLEDGER_LANG=en` or an English locale
(LC_ALL / LC_MESSAGES / LANG starting with `en`) says otherwise. Code never writes a user-facing sentence
inline; it names a catalogue entry and its values:

    raise LedgerError(msg("site.unknown", site=site, hint=msg("site.register_hint")))

The error keeps the `Message`, not a rendered string, so it is rendered in the language of whoever prints it
(the CLI's `--lang`, the web page's language): `str(err)` renders in the current language (`current_lang()`,
set with `use_lang`), `render(err, lang)` in a given one. Values that are themselves messages, errors or
`Both(zh, en)` pairs (a field's Chinese and English label) are rendered in the same language.

The templates live in the area tables beside this module (ledger.py, schemes.py, faces.py, outputs.py,
authoring.py, money.py, help.py, commands.py, audit.py, catalog.py), merged into `CATALOGUE`; tests/test_messages.py
scans the source for every id given to `msg()` and checks each has both languages with the same placeholders.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import import_module
from typing import Any

from ledger.record import Record, factory

LANGS = ("zh", "en")
DEFAULT = "zh"  # nothing says otherwise: the people who use opsledger read Chinese
ENV = "OPSLEDGER_LANG"
_AREA_MODULES = (
    "ledger",
    "schemes",
    "faces",
    "outputs",
    "authoring",
    "money",
    "help",
    "commands",
    "audit",
    "catalog",
)


@cache
def areas() -> tuple[dict[str, tuple[str, str]], ...]:
    """The area tables, loaded when a message is first named or rendered: a command that says nothing but its
    result (`opsledger log`'s `appended seq N hash H`) does not load the catalogue's ten modules."""
    return tuple(import_module(f"ledger.messages.{area}").M for area in _AREA_MODULES)


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """Every entry, by id: the area tables merged (tests/test_messages.py checks no id is in two)."""
    return {key: texts for area in areas() for key, texts in area.items()}


def __getattr__(name: str) -> Any:
    # `CATALOGUE` and `AREAS` as module constants, built on first use (PEP 562).
    if name == "CATALOGUE":
        return catalogue()
    if name == "AREAS":
        return areas()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_current: ContextVar[str | None] = ContextVar("opsledger_lang", default=None)


# -- which language -------------------------------------------------------------------------------------


def lang_of(text: str | None) -> str | None:
    """'zh', 'en' or None for a language setting ('zh_CN.UTF-8', 'en-GB', 'ZH', 'C.UTF-8' -> None)."""
    tag = (text or "").strip().lower()
    for lang in LANGS:
        if tag.startswith(lang):
            return lang
    return None


def env_lang(environ: Mapping[str, str] | None = None) -> str:
    """OPSLEDGER_LANG, else the locale (the first of LC_ALL, LC_MESSAGES, LANG that is set, as POSIX reads
    them), else Chinese. A C/POSIX locale (a bare server, a container) says nothing, so it is Chinese too."""
    environ = os.environ if environ is None else environ
    chosen = lang_of(environ.get(ENV))
    if chosen:
        return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return lang_of(value) or DEFAULT
    return DEFAULT


def current_lang() -> str:
    """The language set for this context (`use_lang`, `set_lang`), else the environment's."""
    return _current.get() or env_lang()


def set_lang(lang: str | None) -> None:
    """Fix the language for the rest of this context (the CLI does it once, from --lang)."""
    _current.set(lang_of(lang))


@contextmanager
def use_lang(lang: str | None) -> Iterator[None]:
    """Render in `lang` inside the block (a web request in its page's language)."""
    token = _current.set(lang_of(lang))
    try:
        yield
    finally:
        _current.reset(token)


# -- messages -------------------------------------------------------------------------------------------


class Both(Record):
    """A value written in both languages (a field's label, an item's name): rendered in the message's."""

    zh: str
    en: str

    def render(self, lang: str | None = None) -> str:
        return self.en if (lang or current_lang()) == "en" else self.zh

    def __str__(self) -> str:
        return self.render()


class Message(Record):
    """A catalogue entry and its values, rendered when printed (so in the reader's language)."""

    id: str
    values: Mapping[str, Any] = factory(dict)

    def render(self, lang: str | None = None) -> str:
        lang = lang or current_lang()
        zh, en = catalogue()[self.id]
        template = en if lang == "en" else zh
        return template.format_map({k: render(v, lang) for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.render()


def msg(message_id: str, /, **values: Any) -> Message:
    """The catalogue entry `message_id` with its values (KeyError at once for an id the catalogue lacks)."""
    if message_id not in catalogue():
        raise KeyError(f"no message {message_id!r} in the catalogue")
    return Message(message_id, values)


def pair(message_id: str, /, **values: Any) -> tuple[str, str]:
    """The message rendered in both languages: (中文, English), for explanations kept in both."""
    message = msg(message_id, **values)
    return message.render("zh"), message.render("en")


def render(value: Any, lang: str | None = None) -> Any:
    """A message, a Both pair, or an exception carrying one, rendered in `lang`; a list of them joined by
    the language's enumeration comma; any other value unchanged (str.format formats it)."""
    if isinstance(value, Message | Both):
        return value.render(lang)
    if isinstance(value, BaseException) and len(value.args) == 1:
        inner = value.args[0]
        return inner.render(lang) if isinstance(inner, Message | Both) else str(inner)
    if isinstance(value, Listing):
        return value.render(lang)
    return value


class Listing(Record):
    """Several values as one: '甲、乙、丙' in Chinese, 'a, b, c' in English (each rendered in the language)."""

    items: tuple[Any, ...]
    quoted: bool = False

    def render(self, lang: str | None = None) -> str:
        lang = lang or current_lang()
        texts = [str(render(v, lang)) for v in self.items]
        if self.quoted:
            texts = [repr(t) for t in texts]
        return ("、" if lang == "zh" else ", ").join(texts)

    def __str__(self) -> str:
        return self.render()


def listing(items: Any, quoted: bool = False) -> Listing:
    return Listing(tuple(items), quoted)


# The C library's reasons for the errors users meet with files, in Chinese; the English side is the system's own.
_ERRNO_ZH = {
    errno.ENOENT: "文件或目录不存在", errno.EACCES: "没有权限", errno.EPERM: "不允许的操作",
    errno.EISDIR: "这是一个目录", errno.ENOTDIR: "不是目录", errno.ENOSPC: "磁盘空间不足",
    errno.EEXIST: "已经存在", errno.EROFS: "只读文件系统", errno.ENOTEMPTY: "目录不是空的",
}  # fmt: skip


def os_reason(err: OSError) -> Both:
    """Why a file operation failed, in both languages ('No such file or directory' / '文件或目录不存在')."""
    en = err.strerror or str(err)
    return Both(_ERRNO_ZH.get(err.errno or 0, en), en)


def text(value: Any, lang: str | None = None) -> str:
    """Any message-like value (or an error carrying one) as a string in `lang` (default: the current one)."""
    return str(render(value, lang))
