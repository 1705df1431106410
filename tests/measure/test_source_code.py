"""Source code is told from prose by the density of its marks; prose that mentions code stays prose."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure.measure.source_code import _MARKS, _MAY_HOLD_A_MARK, reads_as_code

from ..conftest import SHARED_DATA

SNIPPETS = {
    "python": "def f(x):\n    return x + 1",
    "python loop": "for i in range(10): print(i)",
    "python import": "import numpy as np\nx = np.zeros((3, 3))",
    "python call": "print('hello world')",
    "python block": "while True:\n    data = sock.recv(1024)\n    if not data: break",
    "python comprehension": "x = [i**2 for i in range(5)]",
    "python try": "try:\n    f()\nexcept ValueError:\n    pass",
    "pandas": "df.groupby('a').sum()",
    "javascript": "const total = items.reduce((a, b) => a + b, 0);",
    "javascript function": "function add(a, b) { return a + b; }",
    "javascript log": "console.log(user.name);",
    "javascript let": "let x = 5;",
    "c": '#include <stdio.h>\nint main() { printf("hi"); return 0; }',
    "java": "public static void main(String[] args) {}",
    "java throw": 'if (x == null) { throw new Error("bad"); }',
    "rust": 'fn main() { println!("hi"); }',
    "sql": "SELECT name, age FROM users WHERE age > 30;",
    "html": '<div class="note"><p>Hello</p></div>',
    "css": "body { margin: 0; padding: 0; }",
    "php": "<?php echo $name; ?>",
    "r": "x <- c(1, 2, 3); mean(x)",
    "json": '{"name": "Ana", "age": 31}',
    "shell git": "git commit -m 'fix' && git push origin main",
    "shell install": "sudo apt-get install python3-pip",
    "shell variable": "echo $HOME",
    "shell listing": "ls -la /tmp",
}

PROSE = [
    "My code keeps crashing and my boss yelled at me, I feel useless.",
    "I wrote print('hello') and cried because it finally worked",
    "I was sad; he left.",
    "Reasons I'm sad:",
    "I'm 25/F and my bf (28/M) left me",
    "so sad :( :( :(",
    "I <3 you",
    "::cough:: MELO ::cough::",
    "Karma ++++++++++ What a great example",
    "Immigrants are superior -workers (leo) -taxpayers (leo)",
    "**GOD DAMN YOU, FIGHT BACK!!**",
    "Where are my friend(s) when I need them?",
]


@pytest.mark.parametrize("language", sorted(SNIPPETS))
def test_snippets_of_twelve_programming_languages_read_as_code(language: str) -> None:
    assert reads_as_code(SNIPPETS[language])


@pytest.mark.parametrize("text", PROSE)
def test_prose_with_a_mark_of_code_here_and_there_stays_prose(text: str) -> None:
    assert not reads_as_code(text)


ENGLISH_CORPORA = {
    "claff-offmychest/train.csv": "full_text",
    "claff-offmychest/test.csv": "full_text",
    "annomi/AnnoMI-simple.csv": "utterance_text",
    "goemotions/goemotions_valence.csv": "text",
    "sad-stressors/sad_train.csv": "sentence",
    "question-intimacy/questions_intimacy.csv": "text",
}
TWEETS = "wnut17/wnut17_spans.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(
    not all((SHARED_DATA / p).is_file() for p in [*ENGLISH_CORPORA, TWEETS]), reason="needs ../shared/data"
)
def test_no_row_of_six_english_corpora_reads_as_code() -> None:
    texts = pd.concat(pd.read_csv(SHARED_DATA / path)[column] for path, column in ENGLISH_CORPORA.items())
    tweets = [json.loads(line)["text"] for line in (SHARED_DATA / TWEETS).read_text(encoding="utf-8").splitlines()]
    rows = [t for t in [*texts.dropna().astype(str), *tweets] if t.strip()]
    assert len(rows) > 80_000
    assert [t for t in rows if reads_as_code(t)] == []


CODE_AND_PROSE_PIECES = st.sampled_from(
    [
        *"abcxyzSELECT_ (){}[];:=<>-+*&|!$#\"'.,\n\t",
        "def",
        "from",
        "import",
        "try",
        "pip",
        "install",
        "include",
        "s)",
        "  ",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(CODE_AND_PROSE_PIECES, max_size=30).map("".join))
def test_a_text_holding_any_mark_of_code_is_searched_for_the_marks(text: str) -> None:
    # The quick test that lets most prose skip the marks must never skip a text that holds one
    if any(mark.search(text) for mark in _MARKS):
        assert _MAY_HOLD_A_MARK.search(text), text
