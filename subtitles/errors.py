"""Errors and diagnostics shared by every package.

Every error a user can cause is a ``SubsError``; the CLI turns it into one ``Error: ...`` line,
never a traceback. Each error passes all of its fields to ``Exception.__init__`` so it pickles
(across process pools) with its attributes intact.

``Problem`` is one compiler-style diagnostic, ``PATH:LINE: error: WHAT (what to do)``, used by
parsers, readability checks, glossary compliance and validation alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Problem:
    """One finding about a file: where, how bad, what is wrong and what to do about it."""

    path: str
    line: int | None
    severity: Severity
    message: str
    hint: str | None = None
    code: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "code": self.code,
        }


class SubsError(Exception):
    """Base of every error meant for a person; ``str(err)`` is the whole message."""


class ParseError(SubsError):
    """A file that cannot be read as subtitles; ``problems`` lists every finding (errors first)."""

    def __init__(
        self,
        path: str,
        line: int | None,
        reason: str,
        hint: str | None = None,
        problems: tuple[Problem, ...] = (),
    ) -> None:
        super().__init__(path, line, reason, hint, problems)
        self.path = path
        self.line = line
        self.reason = reason
        self.hint = hint
        self.problems = problems or (Problem(path, line, "error", reason, hint),)

    def __str__(self) -> str:
        return str(Problem(self.path, self.line, "error", self.reason, self.hint))


class UnknownFormat(SubsError):
    def __init__(self, name: str, choices: tuple[str, ...]) -> None:
        super().__init__(name, choices)
        self.name = name
        self.choices = choices

    def __str__(self) -> str:
        return f"unknown subtitle format {self.name!r}; known formats: {', '.join(self.choices)}"


class UnknownLanguage(SubsError):
    def __init__(self, tag: str, reason: str = "") -> None:
        super().__init__(tag, reason)
        self.tag = tag
        self.reason = reason

    def __str__(self) -> str:
        extra = f": {self.reason}" if self.reason else ""
        return (
            f"unknown language tag {self.tag!r}{extra} "
            "(use a BCP-47 tag such as en, he, ar, es, ca, pt-BR, zh-Hans)"
        )


class OutputExists(SubsError):
    def __init__(self, path: str, hint: str = "pass --force to replace it") -> None:
        super().__init__(path, hint)
        self.path = path
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.path} already exists; {self.hint}"


class WriteError(SubsError):
    """An output the OS refused: its folder cannot be made or written to, or the disk failed."""

    def __init__(self, path: str, reason: str, hint: str) -> None:
        super().__init__(path, reason, hint)
        self.path = path
        self.reason = reason
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.path}: cannot write: {self.reason} ({self.hint})"


class ModelNotFound(SubsError):
    def __init__(self, name: str, hint: str) -> None:
        super().__init__(name, hint)
        self.name = name
        self.hint = hint

    def __str__(self) -> str:
        return f"model {self.name!r} not found; {self.hint}"


class EngineUnavailable(SubsError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class GlossaryError(SubsError):
    """A glossary that cannot be loaded; ``problems`` holds each ``PATH:LINE: error``."""

    def __init__(self, path: str, problems: tuple[Problem, ...]) -> None:
        super().__init__(path, problems)
        self.path = path
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ProfileError(SubsError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message
