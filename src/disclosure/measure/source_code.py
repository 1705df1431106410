"""Whether a text is source code rather than language: the marks programs carry and prose does not."""

from __future__ import annotations

import regex

from ..constants import CODE_MIN_MARKS, CODE_TOKEN_SHARE

_MARKS = tuple(
    regex.compile(pattern, regex.MULTILINE)
    for pattern in (
        r"[A-Za-z_][\w.]*\((?!s\))",  # a call, f( or df.groupby( (not the plural "friend(s)")
        r"[;{}](?=\s|$)",  # a statement or block closing
        r"==|!=|<=|>=|=>|->|&&|\|\||\+=|-=|\w\+\+(?!\+)|\w::\w|:=|<-|\w\*\*\w",  # operators, not "::cough::" or "+++"
        r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?>|<\?php",  # a markup tag
        r"^\s*(?:def|class|import|from\s+\S+\s+import|return|function|var|let|const|public|private|static|void|int|"
        r"elif|try:|except|\#include|sudo|echo|git|cd|ls|fn|pass)\b",  # a keyword or command opening a line
        r":\s*$",  # a line opening a block
        r"^\s*[A-Za-z_][\w.]*\s*=(?=\s*\S)",  # an assignment opening a line
        r"\b[a-z]+_[a-z_]+\b",  # snake_case
        r"\w\[[^\]\s]*\]",  # indexing
        r"\(['\"]",  # a string argument
        r"\"[^\"\n]+\"\s*:",  # a JSON key
        r"\bSELECT\b|\bFROM\b|\bWHERE\b",  # SQL, in its capitals
        r"(?<=\s)(?:-[a-zA-Z]{1,3}|--[a-z][\w-]+)(?=\s|$)",  # a command-line flag
        r"\b(?:apt(?:-get)?|pip3?|npm|brew)\s+install\b",
        r"\$[A-Za-z_]\w*",  # a shell or PHP variable
    )
)
"""Marks of code: each alone turns up in prose now and then ("I was sad; he left.", "Reasons:"), so a text reads as
code only where they are dense (`CODE_TOKEN_SHARE`)."""

_MAY_HOLD_A_MARK = regex.compile(
    r"[(){}\[\];=<>$_:#*\"&|+!-]|SELECT|FROM|WHERE|install|^\s*(?:def|class|import|from|return|function|var|let|const|"
    r"public|private|static|void|int|elif|try|except|sudo|echo|git|cd|ls|fn|pass)\b",
    regex.MULTILINE,
)
"""Every mark holds one of these characters or words, so a text without any holds no mark (most prose: the marks
are not looked for one by one)."""
_TOKEN = regex.compile(r"\S+")


def reads_as_code(text: str) -> bool:
    """Whether `text` is source code: at least `CODE_MIN_MARKS` marks of code, touching at least
    `CODE_TOKEN_SHARE` of its tokens (a sentence that quotes one `print('hi')` stays prose)."""
    if not _MAY_HOLD_A_MARK.search(text):
        return False
    marks = [(m.start(), m.end()) for mark in _MARKS for m in mark.finditer(text) if m.end() > m.start()]
    if len(marks) < CODE_MIN_MARKS:
        return False
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    touched = sum(any(start < mark_end and mark_start < end for mark_start, mark_end in marks) for start, end in tokens)
    return touched >= CODE_TOKEN_SHARE * len(tokens)
