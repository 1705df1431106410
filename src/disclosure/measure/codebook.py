"""The theory's vocabulary in one place: layers, breadth areas, motives, motivational systems, cue words, risk weights.

Every name, cut point, cue list and weight the theory measures use lives here, with its source beside it;
`docs/codebook.md` is the human annotators' version of the same definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

ALTMAN_TAYLOR_1973 = (
    "Altman & Taylor (1973). Social Penetration: The Development of Interpersonal Relationships."
)
JOURARD_1971 = "Jourard (1971). Self-Disclosure: An Experimental Analysis of the Transparent Self."
CARBONE_2024 = "Carbone et al. (2024). Self-disclosure: motives, valence and gender differences."
TAMIR_MITCHELL_2012 = (
    "Tamir & Mitchell (2012). Disclosing information about the self is intrinsically rewarding. PNAS."
)
LIOTTI_MONTICELLI = "Liotti & Monticelli (2008, 2014). Evolutionary Theory of Motivation; AIMIT coding. Monticelli et al. (2022)."
GDPR_ART9 = "EU General Data Protection Regulation, Article 9 (special categories of personal data)."
SWEENEY_2000 = (
    "Sweeney (2000). Simple Demographics Often Identify People Uniquely. Carnegie Mellon, Data Privacy WP 3."
)
HUTTO_GILBERT_2014 = (
    "Hutto & Gilbert (2014). VADER: a parsimonious rule-based model for sentiment analysis. ICWSM."
)

# --------------------------------------------------------------------------------------------- depth
LAYERS: tuple[str, ...] = ("none", "peripheral", "intermediate", "core")
"""Social penetration layers, outermost first; depth 0, 1, 2, 3 (Altman & Taylor, 1973)."""

LAYER_CUTS: tuple[float, ...] = (0.5, 1.5, 2.5)
"""A continuous depth d falls in layer k when it passes k of these cuts (halfway between the graded codes)."""

# ------------------------------------------------------------------------------------------ breadth
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

CUES: dict[str, tuple[str, ...]] = {
    "thoughts": ("i think", "i believe", "in my opinion", "honestly", "i feel like", "i guess", "my view"),
    "feelings": (
        "i feel",
        "i'm so",
        "happy",
        "sad",
        "angry",
        "furious",
        "lonely",
        "proud",
        "grateful",
        "guilty",
        "jealous",
        "frustrated",
        "disappointed",
        "miss",
        "love",
        "hate",
        "upset",
        "ashamed",
        "excited",
    ),
    "goals": (
        "i want to",
        "my goal",
        "my dream",
        "i'm planning",
        "i hope",
        "someday",
        "i'm hoping",
        "trying to",
    ),
    "failures": (
        "failed",
        "failure",
        "rejected",
        "lost",
        "screwed up",
        "dropped out",
        "bombed",
        "gave up",
        "laid off",
    ),
    "successes": (
        "passed",
        "promoted",
        "accepted",
        "won",
        "finally",
        "proud",
        "paid off",
        "personal best",
        "got into",
    ),
    "fears": ("afraid", "scared", "terrified", "fear", "worried", "worry", "anxious about", "nervous"),
    "preferences": (
        "i love",
        "i like",
        "favourite",
        "favorite",
        "i prefer",
        "can't stand",
        "i hate",
        "i enjoy",
    ),
    "physical_health": (
        "diagnosed",
        "cancer",
        "diabetes",
        "hiv",
        "asthma",
        "surgery",
        "pain",
        "hospital",
        "doctor",
        "pregnant",
        "miscarriage",
        "abortion",
        "medication",
        "drinking",
        "smoking",
        "cigarettes",
        "weight",
        "illness",
        "sick",
        "ms",
        "migraines",
        "blood pressure",
        "deaf",
        "disease",
    ),
    "mental_health": (
        "depression",
        "depressed",
        "anxiety",
        "panic",
        "therapy",
        "therapist",
        "bipolar",
        "ocd",
        "ptsd",
        "adhd",
        "autistic",
        "autism",
        "eating disorder",
        "bulimia",
        "anorexia",
        "cutting myself",
        "self-harm",
        "suicidal",
        "psychosis",
        "antidepressants",
        "addiction",
        "alcoholic",
        "sober",
        "nightmares",
        "dark thoughts",
    ),
    "sexuality": (
        "sex",
        "gay",
        "lesbian",
        "bisexual",
        "queer",
        "attracted",
        "dating",
        "date",
        "hookup",
        "flirting",
        "virgin",
        "come out",
        "came out",
    ),
    "religion": (
        "god",
        "faith",
        "pray",
        "church",
        "mass",
        "muslim",
        "christian",
        "jewish",
        "catholic",
        "atheist",
        "religious",
        "ramadan",
        "bible",
        "quran",
        "hindu",
        "buddhist",
    ),
    "relationships": (
        "wife",
        "husband",
        "boyfriend",
        "girlfriend",
        "partner",
        "mom",
        "mum",
        "dad",
        "mother",
        "father",
        "sister",
        "brother",
        "parents",
        "family",
        "friend",
        "friends",
        "kids",
        "son",
        "daughter",
        "divorce",
        "ex",
    ),
    "money": (
        "money",
        "debt",
        "rent",
        "salary",
        "afford",
        "loan",
        "loans",
        "savings",
        "bankruptcy",
        "paid",
        "income",
    ),
    "work_study": (
        "job",
        "work",
        "boss",
        "manager",
        "office",
        "career",
        "interview",
        "school",
        "exam",
        "thesis",
        "university",
        "college",
        "class",
        "phd",
        "promoted",
        "fired",
        "colleague",
        "coworker",
        "students",
        "homework",
    ),
    "identity": (
        "i'm a",
        "i am a",
        "who i am",
        "as a",
        "immigrant",
        "transgender",
        "trans",
        "black",
        "adopted",
        "the real me",
        "i've always been",
    ),
    "location_contact": (
        "i live in",
        "i'm from",
        "my address",
        "my number",
        "email me",
        "street",
        "moved to",
    ),
}
"""Cue words and phrases per area, matched as whole words, lower-cased. They are one feature beside the sentence
vector (the learned heads weigh them) and the evidence `disclosure explain` shows; never the whole method."""

# -------------------------------------------------------------------------------------------- motive
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

# ------------------------------------------------------------------------------ motivational systems
SYSTEMS: tuple[str, ...] = ("attachment", "caregiving", "ranking", "sexuality", "cooperation")
"""Interpersonal motivational systems of the Evolutionary Theory of Motivation (Liotti & Monticelli; AIMIT)."""

NO_SYSTEM = "none"

# ------------------------------------------------------------------------------------------- immediacy
SHAPIRA_2024 = (
    "Shapira et al. (2024). Therapist self-disclosure: immediate and non-immediate disclosures in counselling "
    "conversations. CLPsych 2024."
)
IMMEDIACY: tuple[str, ...] = ("immediate", "non_immediate", "none")
"""Whether a disclosure is about the speaker's reaction to the listener or the conversation here and now
(`immediate`), about the speaker's life outside it (`non_immediate`), or not a disclosure (`none`)."""

# ---------------------------------------------------------------------------------------- privacy risk


@dataclass(frozen=True)
class RiskElement:
    """One kind of identifying or sensitive element: its placeholder in redacted text and its risk weight."""

    reason: str
    placeholder: str
    weight: float


IDENTIFIERS: dict[str, RiskElement] = {
    "PERSON": RiskElement("a name", "[NAME]", 0.35),
    "LOCATION": RiskElement("a location", "[LOCATION]", 0.3),
    "STREET_ADDRESS": RiskElement("a street address", "[ADDRESS]", 0.6),
    "EMPLOYER": RiskElement("an employer or school", "[EMPLOYER]", 0.3),
    "AGE": RiskElement("an age", "[AGE]", 0.15),
    "EMAIL_ADDRESS": RiskElement("an email address", "[EMAIL]", 0.7),
    "PHONE_NUMBER": RiskElement("a phone number", "[PHONE]", 0.7),
    "URL": RiskElement("a web address", "[URL]", 0.2),
    "IP_ADDRESS": RiskElement("an IP address", "[IP ADDRESS]", 0.5),
    "CREDIT_CARD": RiskElement("a card number", "[CARD NUMBER]", 0.8),
    "IBAN_CODE": RiskElement("a bank account", "[BANK ACCOUNT]", 0.8),
    "US_SSN": RiskElement("a social security number", "[ID NUMBER]", 0.9),
    "HEALTH_CONDITION": RiskElement("a diagnosis or health condition", "[HEALTH CONDITION]", 0.3),
    "SEXUAL_ORIENTATION": RiskElement("sexual orientation or gender identity", "[SEXUAL ORIENTATION]", 0.3),
    "RELIGION": RiskElement("a religious belief", "[RELIGION]", 0.2),
}
"""Identifying elements (Presidio entity types and our own) with their weights. Quasi-identifiers such as a town,
an employer and an age identify in combination (Sweeney 2000), so weights combine as independent risks:
risk = 1 - prod(1 - weight). Direct contact details weigh most. Weights are this project's judgement, ordered by
how directly each element points at one person."""

SENSITIVE_AREAS: dict[str, float] = {
    "physical_health": 0.35,
    "mental_health": 0.45,
    "sexuality": 0.45,
    "religion": 0.3,
    "identity": 0.2,
    "money": 0.2,
}
"""Breadth areas that are sensitive (GDPR Art. 9 special categories: health, sex life and orientation, religious
belief; plus money and stigmatised identity), each adding weight times the area's probability to the risk."""

SPECIAL_CATEGORY_TERMS: dict[str, tuple[str, ...]] = {
    "HEALTH_CONDITION": (
        "hiv",
        "aids",
        "cancer",
        "cervical cancer",
        "diabetes",
        "type 1 diabetes",
        "type 2 diabetes",
        "asthma",
        "ms",
        "multiple sclerosis",
        "epilepsy",
        "dementia",
        "depression",
        "anxiety",
        "bipolar disorder",
        "bipolar",
        "ocd",
        "ptsd",
        "adhd",
        "autism",
        "schizophrenia",
        "psychosis",
        "eating disorder",
        "bulimia",
        "anorexia",
        "borderline personality disorder",
        "alcoholism",
        "addiction",
        "heroin addiction",
        "miscarriage",
        "abortion",
        "migraines",
        "hepatitis",
        "herpes",
        "std",
        "stroke",
    ),
    "SEXUAL_ORIENTATION": (
        "gay",
        "lesbian",
        "bisexual",
        "queer",
        "transgender",
        "trans",
        "asexual",
        "pansexual",
    ),
    "RELIGION": (
        "muslim",
        "christian",
        "jewish",
        "catholic",
        "hindu",
        "buddhist",
        "sikh",
        "mormon",
        "atheist",
    ),
}
"""Special-category terms found and redacted as spans (GDPR Art. 9): diagnoses, orientation, religion."""

VADER_FEATURE = HUTTO_GILBERT_2014
"""The valence head takes VADER's compound score as one feature beside the sentence vector."""
