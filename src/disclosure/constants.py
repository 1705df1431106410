"""The theory's numbers and names in one place: citations, onion layers, areas, motives, systems, cut-offs.

A leaf module: it imports nothing from the package, so every layer (schema and its generated docs, the measures,
dynamics, the model) reads the same values, each with its source beside it.
"""

from __future__ import annotations

# ------------------------------------------------------------------------------------------------------ citations
ALTMAN_TAYLOR_1973 = "Altman & Taylor (1973). Social Penetration: The Development of Interpersonal Relationships."
BAACK_2000 = (
    "Baack, Fogliasso & Harris (2000). The personal impact of ethics decisions: a social penetration theory "
    "model. Second Annual Conference on Business Ethics."
)
BAUMEISTER_1982 = (
    "Baumeister (1982). A self-presentational view of social phenomena. Psychological Bulletin 91(1), 3-26."
)
BAUMEISTER_LEARY_1995 = "Baumeister & Leary (1995). The need to belong. Psychological Bulletin 117(3), 497-529."
CARBONE_2024 = (
    "Carbone, Loewenstein, Scopelliti & Vosgerau (2024). He said, she said: gender differences in the disclosure "
    "of positive and negative information. Journal of Experimental Social Psychology."
)
COLLINS_MILLER_1994 = (
    "Collins & Miller (1994). Self-disclosure and liking: a meta-analytic review. Psych. Bulletin 116(3)."
)
DUNBAR_1997 = "Dunbar, Marriott & Duncan (1997). Human conversational behavior. Human Nature 8(3), 231-246."
GDPR_ART9 = "EU General Data Protection Regulation, Article 9 (special categories of personal data)."
JAIDKA_2020 = (
    "Jaidka, Singh, Lu, Chhaya & Ungar (2020). A report of the CL-Aff OffMyChest shared task: "
    "modeling supportiveness and disclosure. AffCon@AAAI-20."
)
JOINSON_2001 = (
    "Joinson (2001). Self-disclosure in computer-mediated communication: the role of self-awareness and visual "
    "anonymity. European Journal of Social Psychology 31(2), 177-192."
)
JOURARD_1971 = "Jourard (1971). Self-Disclosure: An Experimental Analysis of the Transparent Self."
LIOTTI_MONTICELLI = (
    "Liotti & Monticelli (2008, 2014). Evolutionary Theory of Motivation; AIMIT coding. Monticelli et al. (2022)."
)
MONTICELLI_2022 = "Monticelli et al. (2022), therapist self-disclosure: client-focused vs therapist-focused disclosure."
OMARZU_2000 = "Omarzu (2000). A disclosure decision model. Personality and Social Psychology Review 4(2), 174-185."
PETRONIO_2002 = "Petronio (2002). Boundaries of privacy: dialectics of disclosure (Communication Privacy Management)."
REIS_SHAVER_1988 = "Reis & Shaver (1988). Intimacy as an interpersonal process. Handbook of Personal Relationships."
MA_HANCOCK_NAAMAN_2016 = (
    "Ma, Hancock & Naaman (2016). Anonymity, intimacy and self-disclosure in social media. CHI 2016, 3857-3869; "
    "item-level data: github.com/sTechLab/SelfDisclosureItems."
)
RUBIN_1975 = (
    "Rubin (1975). Disclosing oneself to a stranger: reciprocity and its limits. J. Exp. Soc. Psychology 11, 233-260."
)
SHAPIRA_2024 = (
    "Shapira et al. (2024). Therapist self-disclosure: immediate and non-immediate disclosures in counselling "
    "conversations. CLPsych 2024."
)
SIMONDS_SPOKES_2017 = (
    "Simonds & Spokes (2017). Therapist self-disclosure and the therapeutic alliance in the treatment of eating "
    "problems. Eating Disorders 25(2), 151-164."
)
SWEENEY_2000 = "Sweeney (2000). Simple Demographics Often Identify People Uniquely. Carnegie Mellon, Data Privacy WP 3."
JOULIN_2017 = "Joulin et al. (2017). Bag of tricks for efficient text classification. EACL, 427-431."
"""fastText, whose lid.176 model identifies each row's language."""

TAMIR_MITCHELL_2012 = (
    "Tamir & Mitchell (2012). Disclosing information about the self is intrinsically rewarding. "
    "PNAS 109(21), 8038-8043."
)

# -------------------------------------------------------------------------------------------------- run defaults
DEFAULT_MODEL = "default"
"""The shipped model every command and function uses when none is named."""

DEFAULT_BATCH_SIZE = 64
"""Utterances encoded together by default."""

# ---------------------------------------------------------------------------------------------------------- depth
LAYERS: tuple[str, ...] = ("none", "peripheral", "intermediate", "core")
"""Social penetration layers, outermost first; depth 0, 1, 2, 3 (Altman & Taylor, 1973)."""

LAYER_CUTS: tuple[float, ...] = (0.5, 1.5, 2.5)
"""A continuous depth d falls in layer k when it passes k of these cuts (halfway between the graded codes)."""

# -------------------------------------------------------------------------------------------------------- breadth
CATEGORIES: tuple[str, ...] = (
    "thoughts",
    "feelings",
    "goals",
    "failures",
    "successes",
    "fears",
    "preferences",
    "physical_health",
    "mental_health",
    "sexuality",
    "religion",
    "relationships",
    "money",
    "work_study",
    "identity",
    "location_contact",
)
"""Breadth areas: the standard content areas (thoughts, feelings, aspirations and dreams as `goals`, failures,
successes, fears, likes and dislikes as `preferences`; Altman & Taylor 1973; Jourard 1971) plus the sensitive
areas that matter for privacy and stigma (GDPR Art. 9 special categories; money, work, location)."""

CATEGORY_THRESHOLD = 0.5
"""An area is listed in `categories` when its probability reaches this value."""

# --------------------------------------------------------------------------------------------------------- motive
MOTIVES: tuple[str, ...] = (
    "support_seeking",
    "self_presentation",
    "closeness",
    "venting",
    "sharing_views",
    "reciprocity",
)
"""Why something is shared: seeking comfort and support, self-enhancement and impression management (Carbone et
al. 2024), building closeness and trust, relief/venting, sharing one's views and knowledge (Tamir & Mitchell 2012),
reciprocating the partner's disclosure."""

NO_MOTIVE = "none"

# ------------------------------------------------------------------------------------------- motivational systems
SYSTEMS: tuple[str, ...] = ("attachment", "caregiving", "ranking", "sexuality", "cooperation")
"""Interpersonal motivational systems of the Evolutionary Theory of Motivation (Liotti & Monticelli; AIMIT)."""

NO_SYSTEM = "none"

# ------------------------------------------------------------------------------------------------------ immediacy
IMMEDIACY: tuple[str, ...] = ("immediate", "non_immediate", "none")
"""Whether a disclosure is about the speaker's reaction to the listener or the conversation here and now
(`immediate`), about the speaker's life outside it (`non_immediate`), or not a disclosure (`none`) (Shapira et al.
2024)."""

# -------------------------------------------------------------------------------------- cut-offs on probabilities
DISCLOSURE_THRESHOLD = 0.5
"""An utterance counts as a disclosure when the detector's calibrated `disclosure` probability reaches this."""

HELPER_DISCLOSURE_THRESHOLD = 0.65
"""A helper's utterance counts as self-disclosure from this `disclosure` probability. Helper talk is full of
first-person procedure ("I'd like to ask you...") that the detector, trained on Reddit posts, half-believes: on 39
keyword-selected AnnoMI therapist turns we labelled, 0.65 agreed best with our labels (kappa 0.48, against 0.14 at
0.5); on 236 other turns it gives kappa 0.30 against 0.08 (docs/dynamics.md)."""

SUPPORT_THRESHOLD = 0.5
"""A reply counts as supportive when its emotional or informational support probability reaches this."""

SHORT_REPLY_WORDS = 3
"""A turn of at most this many words ("Okay.", "Wow, nice.") is read as a reply too short to reveal the speaker: the
detector, trained on Reddit posts, still gives some of them a disclosure probability above 0.5 (`layer_note`)."""

# ------------------------------------------------------------------------------------------------------ language
SUPPORTED_LANGUAGES = ("en",)
"""The languages (ISO 639 codes) every measure was trained and validated on; rows in others are not scored unless
the caller asks (`any_language`). The `multilingual` model scores `MULTILINGUAL_LANGUAGES` too."""

MULTILINGUAL_LANGUAGES = ("ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr", "zh")
"""The languages the `multilingual` model scores: those its encoder, Google's Universal Sentence Encoder multilingual
v3, was trained on (Yang et al. 2020, https://arxiv.org/abs/1907.04307: 16 languages, Chinese in two scripts, both
'zh' to the language identifier). Its heads learned from English only (cross-lingual transfer): docs/languages.md
reports how far their readings carry."""

UNDETERMINED_LANGUAGE = "und"
"""The `language` of a text whose language cannot be told (ISO 639-2 'undetermined'): a lone "mm-hmm", a name, a
few words the identifier is unsure of. Such rows are scored: nothing says they are not English."""

NO_LANGUAGE = "zxx"
"""The `language` of a text that holds no language at all (ISO 639-2 'no linguistic content'): no letter in any
script (emoji, numbers, punctuation) or source code (`CODE_TOKEN_SHARE`). Such rows are not scored unless the
caller asks (`any_language`): the measures read words, and an English score for "😭😭😭" or a stack trace would be
a number with no meaning."""

CODE_TOKEN_SHARE = 0.3
"""A text reads as source code when at least this share of its whitespace-separated tokens carry a mark of code
(a call `f(`, an operator `==`, a statement ending `;`, a keyword opening a line, snake_case, a tag...) and it has
`CODE_MIN_MARKS` such marks. None of the 87,745 English rows of CL-Aff, AnnoMI, GoEmotions, SAD, the question
intimacy set and WNUT-17 reaches it, while 26 of 26 snippets in twelve languages of code do (all seen while the
marks were chosen; tests/measure/test_source_code.py holds them)."""

CODE_MIN_MARKS = 2
"""The fewest marks of code a text needs to read as source code: one `f(x)` in a sentence is not a program."""

LANGUAGE_CONFIDENCE = 0.5
"""fastText's lid.176 probability a language must reach to be named; below it the row is undetermined. "lol" (0.12)
falls below it; sentences in the six test languages reach ≥ 0.99."""

SHORT_TEXT_LANGUAGE_CONFIDENCE = 0.95
"""The probability needed to name the language of a text of `SHORT_REPLY_WORDS` words or fewer, all in Latin letters:
on so little the identifier mistakes English for its neighbours ("Hi, Scott." Hungarian 0.87, "Kia ora." Italian
0.93), yet none of the 3,152 such English rows of CL-Aff and AnnoMI reaches 0.95, while "Estoy triste." (0.98),
"Je suis seul." (1.00) and "Ich bin müde." (1.00) do. With `ENGLISH_DOUBT`, another language (or no language, 'zxx')
is named for 0.04% of the English rows of CL-Aff and AnnoMI (tests/measure/test_language.py checks it stays at most
0.1%)."""

ENGLISH_DOUBT = 0.02
"""A text in Latin letters is named another language only where English's own probability is below this; otherwise
it is undetermined (and scored). Informal English is often named a neighbour with English close behind ("honestly i
just wanna die": German 0.78, English 0.09; "we met on Baker Street": Dutch 0.87, English 0.13), while sentences in
other languages leave English below 0.013 (20 Spanish, French, German, Portuguese, Italian and Dutch test sentences).
On 83,342 English rows of CL-Aff, AnnoMI, GoEmotions, SAD and the question-intimacy set it cut the rows named another
language from 214 (0.26%) to 61 (0.07%); none of the 20 sentences stopped being flagged."""

LANGUAGE_SCAN_LIMIT = 1_000
"""Language identification reads at most this many characters of a text (fastText's cost grows with length)."""

# ------------------------------------------------------------------------------------------------ helper monitor
HELPER_MONITOR_WINDOW = 3
"""Client turns compared before and after each helper disclosure."""

MIN_HELPER_DISCLOSURES = 2
"""Helper disclosures needed before a pattern (not a single remark) is flagged."""

CLIENT_FOCUSED_MAJORITY = 0.5
"""A helper whose share of client-focused disclosures is below this (most disclosures do not turn back to the
client) looks helper-centred (Monticelli et al. 2022)."""

__version__ = "0.1.0"
"""The package version, written only here (pyproject.toml reads it); a run's manifest and the HTTP API record it."""
