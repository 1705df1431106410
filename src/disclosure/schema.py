"""Every column `disclosure` adds to a table: name, type, range, meaning and where it comes from.

This module is the single source of truth for output columns. `docs/columns.md` is generated from
it (`disclosure columns > docs/columns.md`) and a test checks that the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from .constants import (
    ALTMAN_TAYLOR_1973,
    BAACK_2000,
    CARBONE_2024,
    CATEGORIES,
    CLIENT_FOCUSED_MAJORITY,
    DISCLOSURE_THRESHOLD,
    GDPR_ART9,
    HELPER_DISCLOSURE_THRESHOLD,
    HELPER_MONITOR_WINDOW,
    IMMEDIACY,
    JAIDKA_2020,
    JOULIN_2017,
    JOURARD_1971,
    LANGUAGE_CONFIDENCE,
    LANGUAGE_SCAN_LIMIT,
    LAYER_CUTS,
    LAYERS,
    LIOTTI_MONTICELLI,
    MIN_HELPER_DISCLOSURES,
    MOTIVES,
    MULTILINGUAL_LANGUAGES,
    NO_LANGUAGE,
    NO_MOTIVE,
    NO_SYSTEM,
    SHAPIRA_2024,
    SHORT_REPLY_WORDS,
    SHORT_TEXT_LANGUAGE_CONFIDENCE,
    SIMONDS_SPOKES_2017,
    SUPPORT_THRESHOLD,
    SUPPORTED_LANGUAGES,
    SWEENEY_2000,
    SYSTEMS,
    TAMIR_MITCHELL_2012,
    UNDETERMINED_LANGUAGE,
)

HELPER_MOTIVES = f"{LIOTTI_MONTICELLI} {SIMONDS_SPOKES_2017}"
"""The sources of the helper monitor: therapist self-disclosure driven by the client's or the helper's needs."""


@dataclass(frozen=True)
class Column:
    """One output column: what it holds and what it means."""

    name: str
    dtype: str
    range: str
    meaning: str
    source: str = ""
    stage: str = "detector"


LIST_DTYPE = "list of str"
"""The dtype of list cells: lists in pandas, Parquet and JSONL; ';'-joined text in CSV and TSV."""

STATUS_OK = "ok"
STATUS_EMPTY = "empty text"
STATUS_NOT_TEXT = "not text"
STATUS_INVALID_TEXT = "invalid text (a lone surrogate, which no UTF-8 text can hold)"
"""A string holding half of a UTF-16 surrogate pair (JSON can encode one, no text file can): not scored, kept."""
PRIVACY_SCAN_LIMIT = 100_000
"""The privacy measure reads at most this many characters of a text (about 2 s at worst), so one very long cell
cannot stall a run; `redact` always reads the whole text."""
STATUS_PRIVACY_CAPPED = f"ok (privacy scanned the first {PRIVACY_SCAN_LIMIT:,} characters)"
STATUS_UNSUPPORTED_LANGUAGE = "not scored: language not supported"
"""A text in a language no measure was validated on (`language` says which): its scores would be wrong, so empty."""
STATUS_NO_LANGUAGE = "not scored: no language (emoji, numbers, symbols or source code)"
"""A text with no words to read (`language` is 'zxx'): English scores for it would mean nothing, so empty."""
STATUS_FORCED_LANGUAGE = "ok (language not supported; scored because any_language was asked for)"
SCORED_STATUSES = (STATUS_OK, STATUS_PRIVACY_CAPPED, STATUS_FORCED_LANGUAGE)
"""The statuses of rows that were scored."""

STATUS = Column(
    name="status",
    dtype="str",
    range=", ".join(
        f"'{s}'"
        for s in (
            STATUS_OK,
            STATUS_PRIVACY_CAPPED,
            STATUS_FORCED_LANGUAGE,
            STATUS_UNSUPPORTED_LANGUAGE,
            STATUS_NO_LANGUAGE,
            STATUS_EMPTY,
            STATUS_NOT_TEXT,
            STATUS_INVALID_TEXT,
        )
    ),
    meaning="Whether the row was scored. Rows that are empty or hold no text are kept, in place, with empty scores "
    "and the reason here, so rows out always equal rows in; a string that cannot be text (a lone surrogate, which "
    "only JSON can carry) is kept as it came and not scored. Every measure reads a bounded part of a very long "
    "text: the encoder its first 128 word pieces (as for every text), VADER's valence its first 5,000 characters, "
    "and the privacy scan its first 100,000 characters — past that, `privacy_risk` and `risk_reasons` describe only "
    "the beginning, and the status says so. A text in a language the measures were not validated on (see "
    "`language`) is not scored, since its numbers would mean nothing, nor is a text with no language in it (emoji, "
    "numbers and symbols only, or source code), unless scoring is forced (`any_language`), and then the status "
    "still says so.",
    stage="accounting",
)

LANGUAGE = Column(
    name="language",
    dtype="str",
    range=f"ISO 639 code ('en', 'es', 'zh', …), '{UNDETERMINED_LANGUAGE}' or '{NO_LANGUAGE}'; empty where there is no "
    "text",
    meaning="The language the text is written in, identified from the text alone (its first "
    f"{LANGUAGE_SCAN_LIMIT:,} characters) by fastText's offline lid.176 model. '{NO_LANGUAGE}' (no linguistic "
    "content) where the text holds no letter in any script (emoji, numbers, symbols) or reads as source code; such "
    f"rows are not scored. '{UNDETERMINED_LANGUAGE}' where no language reaches probability "
    f"{LANGUAGE_CONFIDENCE:g}, or {SHORT_TEXT_LANGUAGE_CONFIDENCE:g} "
    f'for a text of {SHORT_REPLY_WORDS} words or fewer in Latin letters ("ok", "mm-hmm", "Hi, Scott."), on '
    "which English is easily mistaken for its neighbours; a text most of whose letters are not Latin (Chinese, "
    "Cyrillic, Arabic...) is never undetermined: it gets its likeliest language. Undetermined rows are scored. "
    "Scored: "
    + ", ".join(f"'{code}'" for code in SUPPORTED_LANGUAGES)
    + "; with the multilingual model also "
    + ", ".join(f"'{code}'" for code in MULTILINGUAL_LANGUAGES if code not in SUPPORTED_LANGUAGES)
    + ".",
    source=JOULIN_2017,
    stage="accounting",
)

DETECTOR_COLUMNS: tuple[Column, ...] = (
    Column(
        "disclosure",
        "float",
        "[0, 1]",
        "Probability that the utterance reveals something about the speaker: facts about themselves or their "
        "feelings (informational or emotional self-disclosure), so never below `informational` or `emotional`.",
        JAIDKA_2020,
    ),
    Column(
        "informational",
        "float",
        "[0, 1]",
        "Probability of informational (descriptive) self-disclosure: facts about the speaker such as age, job, "
        "where they live, family, health, appearance or behaviour.",
        JAIDKA_2020,
    ),
    Column(
        "emotional",
        "float",
        "[0, 1]",
        "Probability of emotional (evaluative) self-disclosure: the speaker's own feelings, mild or deep, "
        "positive or negative.",
        JAIDKA_2020,
    ),
    Column(
        "emotional_support",
        "float",
        "[0, 1]",
        "Probability that the utterance offers someone else sympathy, caring or encouragement.",
        JAIDKA_2020,
    ),
    Column(
        "informational_support",
        "float",
        "[0, 1]",
        "Probability that the utterance offers someone else specific information, practical advice or a course "
        "of action.",
        JAIDKA_2020,
    ),
)


def _and(values: tuple[float, ...]) -> str:
    """Numbers for prose: '0.5, 1.5 and 2.5'."""
    shown = [f"{v:g}" for v in values]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


THEORY_COLUMNS: tuple[Column, ...] = (
    Column(
        "depth",
        "float",
        "[0, 3]",
        "How deep the disclosure goes into the self (social penetration's onion): "
        "0 nothing disclosed, 1 peripheral (tastes, daily activities, recent events), 2 intermediate "
        "(opinions, goals, relationships, work and study struggles), 3 core (self-concept, values, fears, "
        "vulnerabilities, faith, stigmatised experiences such as illness, abortion or sexual orientation). "
        "Below 0.5 (layer none), three quarters of the value is how intimate the topic is as people rate it "
        "(trained on crowd intimacy ratings of questions), so questions and remarks are ranked too.",
        ALTMAN_TAYLOR_1973,
        "theory",
    ),
    Column(
        "layer",
        "str",
        ", ".join(f"'{layer}'" for layer in LAYERS),
        "The onion layer `depth` falls in (cut at " + _and(LAYER_CUTS) + ").",
        ALTMAN_TAYLOR_1973,
        "theory",
    ),
    Column(
        "layer_note",
        "str",
        "plain-language reason, or empty",
        "Why `layer` is 'none' although `disclosure` reaches " + f"{DISCLOSURE_THRESHOLD:g}" + ": the detector and "
        "the depth heads are separate models, and where they disagree this says which reading explains it (support "
        "offered to the listener, a reply too short to reveal the speaker, or a general remark with nothing about "
        "the speaker's own life). Empty wherever the two agree, so a high `disclosure` always comes with a layer "
        "or a stated reason.",
        ALTMAN_TAYLOR_1973,
        "theory",
    ),
    Column(
        "categories",
        LIST_DTYPE,
        ", ".join(CATEGORIES),
        "Breadth: the areas of the self the utterance opens (those whose probability reaches the area's "
        "threshold, chosen so that at least 60% of listed areas are right on held-out coded data; empty "
        "when nothing is disclosed). A list in Parquet, JSONL and pandas; ';'-joined in CSV and TSV.",
        f"{ALTMAN_TAYLOR_1973} {JOURARD_1971} {GDPR_ART9}",
        "theory",
    ),
    *(
        Column(
            f"category_{a}",
            "float",
            "[0, 1]",
            f"Probability that the utterance discloses about {a.replace('_', ' ')}.",
            ALTMAN_TAYLOR_1973,
            "theory",
        )
        for a in CATEGORIES
    ),
    Column(
        "valence",
        "float",
        "[-1, 1]",
        "Whether what is disclosed about the self is negative (-1) or positive (+1): the expected coded valence, "
        "the disclosure's valence times the probability that there is one (coders give a non-disclosure 0), so a "
        "borderline turn keeps the sign of its feeling at a smaller size.",
        CARBONE_2024,
        "theory",
    ),
    Column(
        "motive",
        "str",
        ", ".join((*MOTIVES, NO_MOTIVE)),
        "The most likely reason for sharing; 'none' when nothing is disclosed.",
        f"{CARBONE_2024} {TAMIR_MITCHELL_2012}",
        "theory",
    ),
    Column(
        "motive_confidence",
        "float",
        "[0, 1]",
        "Calibrated probability that `motive` is right: of the "
        "chosen motive given that something is disclosed, or of no disclosure when `motive` is 'none'. "
        "Keep only confident codes by filtering on it.",
        CARBONE_2024,
        "theory",
    ),
    *(
        Column(
            f"motive_{m}",
            "float",
            "[0, 1]",
            f"Probability of the motive '{m.replace('_', ' ')}', given that something is disclosed.",
            CARBONE_2024,
            "theory",
        )
        for m in MOTIVES
    ),
    Column(
        "motivational_system",
        "str",
        ", ".join((*SYSTEMS, NO_SYSTEM)),
        "The interpersonal motivational system the utterance most activates: attachment (seeking care), "
        "caregiving (offering care), ranking (competition, self-display), sexuality, cooperation (shared "
        "goals between peers), or none.",
        LIOTTI_MONTICELLI,
        "theory",
    ),
    Column(
        "motivational_system_confidence",
        "float",
        "[0, 1]",
        "Calibrated probability that `motivational_system` is right.",
        LIOTTI_MONTICELLI,
        "theory",
    ),
    *(
        Column(
            f"system_{m}",
            "float",
            "[0, 1]",
            f"Probability that the utterance activates the {m} system.",
            LIOTTI_MONTICELLI,
            "theory",
        )
        for m in SYSTEMS
    ),
    Column(
        "immediacy",
        "str",
        ", ".join(IMMEDIACY),
        "'immediate' when the disclosure is the speaker's "
        "feeling or reaction toward the listener or the conversation here and now, 'non_immediate' when it "
        "is about the speaker's life outside the conversation, 'none' when nothing is disclosed.",
        SHAPIRA_2024,
        "theory",
    ),
    Column(
        "privacy_risk",
        "float",
        "[0, 1]",
        "Risk of sharing the utterance as written: identifying elements "
        "(names, places, employers, contact details) and sensitive topics (health, sexuality, religion) "
        "combine as independent risks, 1 - prod(1 - weight).",
        f"{SWEENEY_2000} {GDPR_ART9}",
        "theory",
    ),
    Column(
        "risk_reasons",
        LIST_DTYPE,
        "plain-language reasons",
        "What raised `privacy_risk` (for example 'a location', 'a diagnosis or health condition', 'mental "
        "health topic' for an area listed in `categories`, or 'possibly money topic' for one not listed that still "
        "adds 0.1 or more). "
        "A risk of 0.2 or more always names at least one. A list in Parquet, JSONL and pandas; ';'-joined in CSV "
        "and TSV.",
        GDPR_ART9,
        "theory",
    ),
)


COLUMNS: tuple[Column, ...] = (STATUS, LANGUAGE, *DETECTOR_COLUMNS, *THEORY_COLUMNS)
"""All columns `disclosure analyze` appends, in output order, after the input's own columns."""

DETECTOR_LABELS: tuple[str, ...] = tuple(c.name for c in DETECTOR_COLUMNS)


RESPONSE_COLUMNS: tuple[Column, ...] = (
    Column(
        "turn_number",
        "int",
        ">= 1",
        "The utterance's turn in its conversation (a turn is a run of consecutive "
        "utterances by one speaker); empty for rows that could not be scored.",
        stage="dynamics",
    ),
    Column(
        "reply_support",
        "float",
        "[0, 1]",
        "Support shown in the partner's next turn: the larger of its emotional "
        "and informational support probabilities. Empty when nobody replied.",
        JAIDKA_2020,
        "dynamics",
    ),
    Column(
        "reply_depth",
        "float",
        "[0, 3]",
        "Depth of the partner's next turn (its deepest utterance).",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "next_depth",
        "float",
        "[0, 3]",
        "Depth of the speaker's own next turn, after the partner's reply: the outcome of reinforcement.",
        BAACK_2000,
        "dynamics",
    ),
    Column(
        "provisional_depth",
        "float",
        "[0, 3]",
        "Only while no `depth` column is measured: 3 x disclosure x "
        "(1 + emotional) / 2, so a certain informational disclosure sits at 1.5 and an emotional one at 3.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
)

SPEAKER_COLUMNS: tuple[Column, ...] = (
    Column("conversation", "str", "as in the input", "The conversation id, exactly as in the input.", stage="dynamics"),
    Column("speaker", "str", "as in the input", "The speaker id, exactly as in the input.", stage="dynamics"),
    Column(
        "role",
        "str",
        "lower-case text",
        "The speaker's role (lower case); the speaker id when no role column is given.",
        stage="dynamics",
    ),
    Column(
        "n_utterances",
        "int",
        ">= 1",
        "Input rows by this speaker in this conversation, unscorable ones included.",
        stage="dynamics",
    ),
    Column(
        "disclosure_rate",
        "float",
        "[0, 1]",
        f"Share of the speaker's scored utterances whose `disclosure` probability is at least {DISCLOSURE_THRESHOLD}.",
        JAIDKA_2020,
        "dynamics",
    ),
    Column(
        "mean_depth",
        "float",
        "[0, 3]",
        "Mean depth over the speaker's scored utterances.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column("max_depth", "float", "[0, 3]", "Depth of the speaker's deepest utterance.", ALTMAN_TAYLOR_1973, "dynamics"),
    Column(
        "breadth",
        "int",
        ">= 0",
        "Distinct areas (categories) the speaker disclosed in; absent until the categories measure exists.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "mean_valence",
        "float",
        "[-1, 1]",
        "Mean valence of the speaker's disclosures (needs `valence`).",
        stage="dynamics",
    ),
    Column(
        "negative_share",
        "float",
        "[0, 1]",
        "Share of the speaker's disclosures with negative valence.",
        stage="dynamics",
    ),
    Column(
        "top_motive",
        "str",
        "a motive name",
        "The speaker's most frequent disclosure motive (needs `motive`).",
        stage="dynamics",
    ),
    Column(
        "top_system",
        "str",
        "a system name",
        "The motivational system the speaker's disclosures most often activate.",
        HELPER_MOTIVES,
        "dynamics",
    ),
    Column(
        "penetration_slope",
        "float",
        "real",
        "Depth gained per unit of log(1 + utterance index) over the speaker's "
        "utterances: positive when the speaker goes deeper, fast at first then slower.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "helper_disclosures",
        "int",
        ">= 0",
        "Helper rows only: utterances in which the helper self-discloses "
        f"(`disclosure` >= {HELPER_DISCLOSURE_THRESHOLD}, a stricter cut than for clients: see docs/dynamics.md; "
        "and, when the theory columns are measured, `layer` is not 'none').",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "helper_immediate_disclosures",
        "int",
        ">= 0",
        "Helper rows only: of those, the immediate ones (the "
        "helper's feelings or reactions toward the client or the session, here and now); empty without the "
        "`immediacy` column.",
        SHAPIRA_2024,
        "monitor",
    ),
    Column(
        "helper_non_immediate_disclosures",
        "int",
        ">= 0",
        "Helper rows only: of those, the non-immediate ones (the helper's life outside the session).",
        SHAPIRA_2024,
        "monitor",
    ),
    Column(
        "helper_disclosure_depth",
        "float",
        "[0, 3]",
        "Helper rows only: mean depth of those disclosures.",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "client_focused_share",
        "float",
        "[0, 1]",
        "Helper rows only: share of the helper's disclosures that turn "
        "attention back to the client (a question, or talk about 'you') in the same or the helper's next "
        "utterance.",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "client_rate_before",
        "float",
        "[0, 1]",
        "Helper rows only: the client's disclosure rate over the "
        f"{HELPER_MONITOR_WINDOW} client turns before each helper disclosure (averaged over disclosures).",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column("client_rate_after", "float", "[0, 1]", "Same, over the 3 client turns after.", HELPER_MOTIVES, "monitor"),
    Column(
        "client_depth_before",
        "float",
        "[0, 3]",
        f"The client's mean depth over the {HELPER_MONITOR_WINDOW} turns before.",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "client_depth_after",
        "float",
        "[0, 3]",
        f"The client's mean depth over the {HELPER_MONITOR_WINDOW} turns after.",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "helper_systems",
        "str",
        "system:count;...",
        "Motivational systems the helper's disclosures activate (needs `motivational_system`).",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "client_answer_systems",
        "str",
        "system:count;...",
        "Systems of the client's first utterance after each helper disclosure.",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "helper_centred",
        "bool",
        "true/false",
        f"Helper rows only: the helper's disclosures (at least {MIN_HELPER_DISCLOSURES}) look driven "
        "by the helper's needs rather than the client's.",
        HELPER_MOTIVES,
        "monitor",
    ),
    Column(
        "helper_centred_reason",
        "str",
        "plain-language reasons",
        "Why: not turning back to the client (`client_focused_share` below "
        f"{CLIENT_FOCUSED_MAJORITY}), going deeper than the client, "
        "activating ranking, or the client answering with caregiving; else 'client-focused' or 'no "
        "self-disclosure'.",
        HELPER_MOTIVES,
        "monitor",
    ),
)

CONVERSATION_COLUMNS: tuple[Column, ...] = (
    Column("conversation", "str", "as in the input", "The conversation id, exactly as in the input.", stage="dynamics"),
    Column("n_utterances", "int", ">= 1", "Input rows, unscorable ones included.", stage="dynamics"),
    Column("n_turns", "int", ">= 0", "Turns (runs of consecutive scored utterances by one speaker).", stage="dynamics"),
    Column("n_speakers", "int", ">= 0", "Speakers with at least one scored utterance.", stage="dynamics"),
    Column("speakers", "str", "a;b", "Those speakers, sorted, joined by ';'.", stage="dynamics"),
    Column("disclosure_rate", "float", "[0, 1]", "Share of scored utterances that disclose.", JAIDKA_2020, "dynamics"),
    Column(
        "mean_depth", "float", "[0, 3]", "Mean depth over the conversation's turns.", ALTMAN_TAYLOR_1973, "dynamics"
    ),
    Column(
        "reciprocity",
        "float",
        "[-1, 1]",
        "Correlation between a turn's depth and the depth of the partner's reply (at least 3 replies).",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column("reciprocity_pairs", "int", ">= 0", "Turn-reply pairs behind `reciprocity`.", stage="dynamics"),
    Column(
        "penetration_slope",
        "float",
        "real",
        "Turn depth gained per unit of log(1 + turn index).",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "depth_first_third",
        "float",
        "[0, 3]",
        "Mean turn depth in the first third of the conversation.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column("depth_last_third", "float", "[0, 3]", "Mean turn depth in the last third.", ALTMAN_TAYLOR_1973, "dynamics"),
    Column(
        "deep_share",
        "float",
        "[0, 1]",
        "Share of turns at intermediate depth or deeper (depth >= 1.5).",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "breadth_lead",
        "float",
        "[-1, 1]",
        "How much earlier (as a share of the conversation) new areas open "
        "(median first mention) than deep disclosures happen (median position), minus the same gap with the turns "
        "in random order (first mentions come early by chance alone); empty without the categories measure.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "breadth_before_depth",
        "bool",
        "true/false",
        "`breadth_lead` > 0: breadth opened before depth more than chance ordering gives.",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "responsiveness", "float", "[0, 1]", "Mean support in the replies to disclosing turns.", JAIDKA_2020, "dynamics"
    ),
    Column(
        "stalls",
        "int",
        ">= 0",
        f"Disclosures answered by an unsupportive reply (support < {SUPPORT_THRESHOLD}) after which the "
        "discloser goes no deeper.",
        BAACK_2000,
        "dynamics",
    ),
    Column(
        "withdrawals",
        "int",
        ">= 0",
        "Of those, the ones after which the discloser's depth falls by a whole layer or more (depenetration).",
        ALTMAN_TAYLOR_1973,
        "dynamics",
    ),
    Column(
        "system_sequence",
        "str",
        "speaker: a > b | ...",
        "Per speaker, the sequence of activated motivational "
        "systems with repeats collapsed (needs `motivational_system`).",
        HELPER_MOTIVES,
        "dynamics",
    ),
    Column(
        "system_transitions", "int", ">= 0", "Shifts between systems in those sequences.", HELPER_MOTIVES, "dynamics"
    ),
    Column(
        "note",
        "str",
        "plain text",
        "Why some measures are empty (one speaker, nothing scorable) or how the order was decided.",
        stage="dynamics",
    ),
)


def _columns(stage: str, *rows: tuple[str, str, str, str]) -> tuple[Column, ...]:
    """Columns of one table from (name, dtype, range, meaning) rows, all of one `stage`."""
    return tuple(Column(name, dtype, range_, meaning, stage=stage) for name, dtype, range_, meaning in rows)


_DEPTH = "Depth on the 0-3 layer scale (none, peripheral, intermediate, core)"

TURN_COLUMNS: tuple[Column, ...] = _columns(
    "dynamics",
    ("turn_id", "int", ">= 1", "The turn's number across the whole table, in conversation order."),
    ("conversation", "str", "any", "The conversation the turn belongs to (the input's conversation id, trimmed)."),
    ("speaker", "str", "any", "Who took the turn (the input's speaker, trimmed)."),
    ("role", "str", "any", "The speaker's role, lower-cased (the speaker when no role column is given)."),
    ("helper", "bool", "true/false", "Whether the role is one of the helper roles (therapist, counsellor, ...)."),
    ("depth", "float", "[0, 3]", f"{_DEPTH}: the deepest utterance of the turn."),
    ("support", "float", "[0, 1]", "The strongest support of the turn: the larger of its support probabilities."),
    ("disclosed", "bool", "true/false", "Whether any utterance of the turn is a self-disclosure."),
    ("n_utterances", "int", ">= 1", "How many consecutive utterances of one speaker make up the turn."),
    ("index_in_conversation", "int", ">= 0", "The turn's position in its conversation, from 0."),
    ("reply_depth", "float", "[0, 3]", f"{_DEPTH} of the partner's reply (the next turn); empty for the last."),
    ("reply_support", "float", "[0, 1]", "Support shown in the partner's reply; empty for the last turn."),
    ("reply_disclosed", "bool", "true/false", "Whether the partner's reply is a self-disclosure."),
    ("reply_speaker", "str", "any", "Who replied; empty for the last turn of a conversation."),
    ("reply_helper", "bool", "true/false", "Whether the replier is a helper (false for the last turn)."),
    (
        "reply_prior_depth",
        "float",
        "[0, 3]",
        "The replier's own previous depth, so reciprocity can be told from a speaker's habitual level.",
    ),
    ("next_depth", "float", "[0, 3]", "The speaker's own next turn's depth, after the reply (reinforcement)."),
    ("layer", "str", ", ".join(LAYERS), "The layer the turn's depth falls in, cut as the theory measure cuts it."),
)
"""One row per turn (a run of consecutive utterances by one speaker): what the trajectory, the report and the web
app's session monitor draw, and what reciprocity and reinforcement are estimated from."""

EFFECT_COLUMNS: tuple[Column, ...] = _columns(
    "dynamics",
    ("effect", "str", "reinforcement, reciprocity, ...", "Which corpus-level effect the row estimates."),
    ("outcome", "str", "a column name", "The outcome modelled (e.g. next_depth, reply_depth)."),
    ("predictor", "str", "a column name", "The predictor whose association is estimated."),
    ("estimate", "float", "any", "Change in the outcome per unit of the predictor, adjusted (GEE, by conversation)."),
    ("ci_low", "float", "any", "Lower end of the 95% confidence interval of `estimate` (cluster-robust)."),
    ("ci_high", "float", "any", "Upper end of the 95% confidence interval of `estimate` (cluster-robust)."),
    ("p_value", "float", "[0, 1]", "Two-sided p-value of `estimate` (Wald, cluster-robust)."),
    (
        "standardized",
        "float",
        "any",
        "Continuous predictor: estimate x SD(predictor) / SD(outcome); binary predictor: estimate / SD(outcome).",
    ),
    ("standardized_ci_low", "float", "any", "Lower end of the 95% interval of `standardized`."),
    ("standardized_ci_high", "float", "any", "Upper end of the 95% interval of `standardized`."),
    ("n_observations", "int", ">= 0", "Turns the estimate rests on."),
    ("n_clusters", "int", ">= 0", "Conversations the estimate rests on (the clusters)."),
    ("summary", "str", "plain text", "The estimate in one sentence for a person."),
    ("note", "str", "plain text", "Why the estimate is missing or should be read with care; empty otherwise."),
)
"""The effects table of `disclosure conversations`: one row per corpus-level effect."""

GROUP_COLUMNS: tuple[Column, ...] = _columns(
    "compare",
    ("outcome", "str", "disclosure rate, depth, ...", "The measure compared between groups."),
    ("group", "str", "any", "The group (a value of the --by column)."),
    ("reference", "str", "any", "The reference group the differences are taken from."),
    ("n_speakers", "int", ">= 0", "Speakers in the group (the clusters)."),
    ("n_observations", "int", ">= 0", "Utterances in the group."),
    ("mean", "float", "any", "The group's mean of the outcome."),
    ("difference", "float", "any", "Mean difference from the reference group (GEE, clustered by speaker)."),
    ("ci_low", "float", "any", "Lower end of the 95% interval of `difference`."),
    ("ci_high", "float", "any", "Upper end of the 95% interval of `difference`."),
    ("p_value", "float", "[0, 1]", "Two-sided p-value of `difference`."),
    ("cohens_d", "float", "any", "`difference` over the pooled standard deviation (Cohen's d)."),
    ("reference_mean", "float", "any", "The reference group's mean of the outcome."),
    ("note", "str", "plain text", "Why the difference is missing or should be read with care; empty otherwise."),
)
"""The group table of `disclosure compare -o`: one row per outcome and group."""

SIMULATION_COLUMNS: tuple[Column, ...] = _columns(
    "model",
    ("dyad", "int", ">= 0", "Which simulated relationship."),
    ("turn", "int", ">= 0", "The turn within the dyad's conversation."),
    ("speaker", "int", "0, 1", "Who speaks (person 1 is the helper in the 'helping' setting)."),
    ("man", "bool", "true/false", "Whether the speaker is a man (drawn with the share of men)."),
    ("disclosed", "bool", "true/false", "Whether the speaker chose to disclose."),
    ("depth", "int", "0-3", "The chosen depth (0 none, 1 peripheral, 2 intermediate, 3 core)."),
    ("layer", "str", ", ".join(LAYERS), "The layer of the chosen depth."),
    ("valence", "int", "-1, 0, 1", "The sign of what was disclosed (0 when nothing was)."),
    ("trust", "float", "[0, 1]", "The speaker's trust in the partner before choosing."),
    ("partner_response", "float", "[0, 1]", "How responsive the partner's answer was."),
)
"""The table of `disclosure simulate`: one row per dyad-turn."""


REDACTION_ALL = "all recognisers, in a language they were built for"
REDACTION_OWN_NAMES_MODEL = (
    "all recognisers, and a model built for this language searched it for names, places and organisations; the "
    "recognisers of sensitive topics (health, suicidal thoughts, sexuality, gender identity, religion), dates, ages "
    "and phrases such as 'my sister Anna' or 'I work at' were built for English and may have missed them: check the "
    "row by hand for those"
)
"""A row in a language with a names model of its own (`measure.native_names`): its names, places and organisations
were searched in its language, the rest in English only."""
REDACTION_UNSUPPORTED_LANGUAGE = (
    "all recognisers, but they were built for English: in this language names, places, dates and sensitive topics "
    "may have been missed (e-mail, phone, web and IP addresses, card, bank and ID numbers are found in any language); "
    "check the row by hand"
)
"""A row in a language the name, place and topic recognisers were not built for: what they found is replaced, but
names and the rest may remain."""
REDACTION_NAMES_MODEL_MISSING = (
    f"{REDACTION_UNSUPPORTED_LANGUAGE}; a model built for this language's names, places and organisations is not "
    "installed: pip install -e '.[multilingual]' in disclosure's source folder adds it"
)
"""A row in a language that has a names model, where the model is not installed: searched as in
`REDACTION_UNSUPPORTED_LANGUAGE`."""
REDACTION_NOT_TEXT = "not redacted: not text (left as it was)"
REDACTION_TO_CHECK = (REDACTION_OWN_NAMES_MODEL, REDACTION_UNSUPPORTED_LANGUAGE, REDACTION_NAMES_MODEL_MISSING)
"""The rows to read before sharing: some recognisers were not built for their language."""

REDACTION_COLUMNS: tuple[Column, ...] = (
    LANGUAGE,
    Column(
        "redaction",
        "str",
        ", ".join(f"'{value}'" for value in (REDACTION_ALL, *REDACTION_TO_CHECK, REDACTION_NOT_TEXT)),
        "Which recognisers searched the row, and whether they were built for its language. Every row is searched by "
        "all of them (spaCy's English entities, the informal-text recognizer, cue terms, context patterns and "
        "Presidio's identifiers): they were built for English, and also serve text that is undetermined or holds no "
        "language ('zxx': emoji, code). A French row is also searched for names, places and organisations by "
        "spaCy's French model (the multilingual extra installs it). In another language they still find identifiers "
        "with a fixed form (e-mail, phone, card numbers...) and often capitalised names and places, but may miss "
        "others, so such a row is not safe to share unread.",
        stage="accounting",
    ),
)
"""The columns `redact_frame` and `disclosure redact` add after the input's."""
REDACTION_COLUMN_NAMES = tuple(c.name for c in REDACTION_COLUMNS)

TABLES: dict[str, tuple[Column, ...]] = {
    "Utterance table (`disclosure analyze`)": COLUMNS,
    "Utterance additions (`disclosure conversations`, utterances table)": RESPONSE_COLUMNS,
    "Speaker table (`disclosure conversations`, speakers table)": SPEAKER_COLUMNS,
    "Conversation table (`disclosure conversations`, conversations table)": CONVERSATION_COLUMNS,
    "Effects table (`disclosure conversations`, effects table)": EFFECT_COLUMNS,
    "Turn table (`conversations(...).turns`, the report and the web app's session monitor)": TURN_COLUMNS,
    "Group table (`disclosure compare -o`)": GROUP_COLUMNS,
    "Simulation table (`disclosure simulate`)": SIMULATION_COLUMNS,
    "Redaction additions (`disclosure redact`, `redact_frame`)": REDACTION_COLUMNS,
}
"""Every output table and its declared columns; `docs/columns.md` renders them all, in this order."""


def to_markdown() -> str:
    """Render the column reference (the content of `docs/columns.md`)."""
    lines = [
        "# Output columns",
        "",
        "Generated from `src/disclosure/schema.py` by `disclosure columns`; do not edit by hand.",
    ]
    for title, columns in TABLES.items():
        lines += ["", f"## {title}", ""]
        if columns is COLUMNS:
            lines += ["Every input column is passed through unchanged, in input order; these columns follow it.", ""]
        lines += ["| column | type | range | meaning | source |", "|---|---|---|---|---|"]
        for col in columns:
            cells = (f"`{col.name}`", col.dtype, col.range, col.meaning, col.source or "—")
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def declared_column(name: str) -> Column | None:
    """The declaration of a column any table adds (the first table's, where two share a name), or None."""
    for columns in TABLES.values():
        for col in columns:
            if col.name == name:
                return col
    return None


_ADDED_TO_INPUT = (COLUMNS, RESPONSE_COLUMNS, SPEAKER_COLUMNS, CONVERSATION_COLUMNS, REDACTION_COLUMNS)
"""The tables whose columns are written beside a user's own (the others are whole tables of ours)."""


def declared_dtype(name: str) -> str | None:
    """The declared dtype of a column the analysis adds beside the input's, or None for a column it does not add
    (an input column named like a column of a table of ours, say `turn`, keeps its own type)."""
    for columns in _ADDED_TO_INPUT:
        for col in columns:
            if col.name == name:
                return col.dtype
    return None
