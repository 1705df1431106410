"""The measures' word lists and weights: cue words per breadth area, identifiers and sensitive areas with risk weights.

The theory's names (layers, areas, motives, systems) and their sources live in `disclosure.constants`;
`docs/codebook.md` is the human annotators' version of the same definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

# ------------------------------------------------------------------------------------------ breadth
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

# ---------------------------------------------------------------------------------------- privacy risk


@dataclass(frozen=True)
class RiskElement:
    """One kind of identifying or sensitive element: what it is called, its placeholder and its risk weight."""

    reason: str
    placeholder: str
    weight: float


IDENTIFIERS: dict[str, RiskElement] = {
    "PERSON": RiskElement("a name", "[NAME]", 0.35),
    "LOCATION": RiskElement("a location", "[LOCATION]", 0.3),
    "STREET_ADDRESS": RiskElement("a street address", "[ADDRESS]", 0.6),
    "POSTCODE": RiskElement("a postcode", "[POSTCODE]", 0.5),
    "EMPLOYER": RiskElement("an employer or school", "[EMPLOYER]", 0.3),
    "ORGANIZATION": RiskElement("an organisation", "[ORGANIZATION]", 0.15),
    "DATE_OF_BIRTH": RiskElement("a date of birth", "[DATE OF BIRTH]", 0.5),
    "DATE": RiskElement("a date", "[DATE]", 0.15),
    "AGE": RiskElement("an age", "[AGE]", 0.15),
    "EMAIL_ADDRESS": RiskElement("an email address", "[EMAIL]", 0.7),
    "PHONE_NUMBER": RiskElement("a phone number", "[PHONE]", 0.7),
    "URL": RiskElement("a web address", "[URL]", 0.2),
    "USERNAME": RiskElement("a user name or handle", "[USERNAME]", 0.6),
    "IP_ADDRESS": RiskElement("an IP address", "[IP ADDRESS]", 0.5),
    "CREDIT_CARD": RiskElement("a card number", "[CARD NUMBER]", 0.8),
    "IBAN_CODE": RiskElement("a bank account", "[BANK ACCOUNT]", 0.8),
    "US_SSN": RiskElement("a social security number", "[ID NUMBER]", 0.9),
    "UK_NINO": RiskElement("a national insurance number", "[ID NUMBER]", 0.9),
    "NATIONAL_ID": RiskElement("a national identity number", "[ID NUMBER]", 0.9),
    "UK_NHS": RiskElement("an NHS number", "[HEALTH NUMBER]", 0.8),
    "HEALTH_CONDITION": RiskElement("a diagnosis or health condition", "[HEALTH CONDITION]", 0.3),
    "MENTAL_HEALTH_CRISIS": RiskElement("thoughts of suicide or self-harm", "[MENTAL HEALTH]", 0.5),
    "SEXUAL_ORIENTATION": RiskElement("sexual orientation", "[SEXUAL ORIENTATION]", 0.3),
    "GENDER_IDENTITY": RiskElement("gender identity", "[GENDER IDENTITY]", 0.3),
    "RELIGION": RiskElement("a religious belief", "[RELIGION]", 0.2),
    "MONEY": RiskElement("money (income, debt or savings)", "[AMOUNT]", 0.2),
}
"""Every category a privacy span can have (Presidio entity types and our own), with its weight. Quasi-identifiers
such as a town, an employer and an age identify in combination (Sweeney 2000), so weights combine as independent
risks: risk = 1 - prod(1 - weight). Direct contact details and official numbers weigh most. Weights are this
project's judgement, ordered by how directly each element points at one person; `AUDIENCES` scales them."""

STRUCTURED_IDENTIFIERS: tuple[str, ...] = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "URL",
    "IP_ADDRESS",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "UK_NINO",
    "NATIONAL_ID",
    "UK_NHS",
    "POSTCODE",
    "USERNAME",
)
"""Categories found by pattern (and checksum where there is one): they have no meaningful abstraction."""

SPECIAL_CATEGORIES: tuple[str, ...] = (
    "HEALTH_CONDITION",
    "MENTAL_HEALTH_CRISIS",
    "SEXUAL_ORIENTATION",
    "GENDER_IDENTITY",
    "RELIGION",
)
"""GDPR Art. 9 special categories (health, sex life and orientation, religious belief)."""


@dataclass(frozen=True)
class Audience:
    """Who will read a text: how much each category matters to them, and why, in plain words.

    `scale` multiplies a category's weight (0: not a risk with this audience, so it is not flagged);
    `identifying` and `sensitive` say why an identifier or a special-category detail is risky for them;
    `sensitive_areas` are the breadth areas whose deep disclosures count as oversharing with them.
    """

    description: str
    scale: dict[str, float]
    identifying: str
    sensitive: str
    sensitive_areas: tuple[str, ...]


_SPECIAL_AND_MONEY = (*SPECIAL_CATEGORIES, "MONEY")
AUDIENCES: dict[str, Audience] = {
    "public": Audience(
        "anyone: a public post, a comment section, a shared document",
        {},
        "anyone who reads it could use it to work out who you are or find you",
        "anyone who reads it, employers and family included, could see it and hold it against you",
        (
            "physical_health",
            "mental_health",
            "sexuality",
            "religion",
            "identity",
            "money",
            "location_contact",
            "relationships",
        ),
    ),
    "community": Audience(
        "an online community or support group of strangers, under a username",
        {c: 0.5 for c in _SPECIAL_AND_MONEY},
        "strangers in the community could link it to your real identity",
        "fine to share in a support community, but anyone who joins can read it and it may be copied elsewhere",
        ("sexuality", "religion", "identity", "money", "location_contact"),
    ),
    "friends": Audience(
        "people who know you already: friends, family, a private chat",
        {
            "PERSON": 0.3,
            "LOCATION": 0.2,
            "STREET_ADDRESS": 0.3,
            "POSTCODE": 0.3,
            "EMPLOYER": 0.0,
            "ORGANIZATION": 0.0,
            "DATE_OF_BIRTH": 0.0,
            "DATE": 0.2,
            "AGE": 0.0,
            "EMAIL_ADDRESS": 0.3,
            "PHONE_NUMBER": 0.3,
            "URL": 0.3,
            **{c: 0.6 for c in _SPECIAL_AND_MONEY},
        },
        "friends may know it already, but a private message can be forwarded",
        "friends may pass it on; share it with the ones you trust with it",
        ("sexuality", "religion", "money"),
    ),
    "professional": Audience(
        "a therapist, doctor, lawyer or counsellor bound by confidentiality",
        {
            "HEALTH_CONDITION": 0.0,
            "MENTAL_HEALTH_CRISIS": 0.0,
            "UK_NHS": 0.0,
            "SEXUAL_ORIENTATION": 0.0,
            "GENDER_IDENTITY": 0.0,
            "RELIGION": 0.0,
            "DATE_OF_BIRTH": 0.2,
            "AGE": 0.0,
            "DATE": 0.2,
            "PERSON": 0.5,
            "LOCATION": 0.3,
            "EMPLOYER": 0.3,
            "ORGANIZATION": 0.3,
            "MONEY": 0.3,
            "EMAIL_ADDRESS": 0.3,
            "PHONE_NUMBER": 0.3,
        },
        "a professional rarely needs it; it stays in their notes",
        "usually appropriate to share with a professional, who must keep it confidential",
        ("money",),
    ),
}
"""The audiences a text can be meant for (Petronio 2002: disclosure is managed by boundary, not by content alone).
A diagnosis told to one's therapist is not an overshare; the same diagnosis in a public post is. Scales are this
project's judgement; the sensitive-area weights of `privacy_risk` are fitted per audience (`PRIVACY_AREA_WEIGHTS`)."""

PRIVACY_AREA_WEIGHTS: dict[str, dict[str, float]] = {
    "public": {
        "physical_health": 0.7,
        "mental_health": 1.0,
        "sexuality": 0.84,
        "religion": 0.95,
        "relationships": 0.75,
        "money": 0.87,
        "identity": 0.7,
        "location_contact": 0.43,
    },
    "community": {"sexuality": 0.84, "religion": 0.95, "money": 0.87, "identity": 0.7, "location_contact": 0.43},
    "friends": {"sexuality": 0.84, "religion": 0.95, "money": 0.87},
    "professional": {"money": 0.87},
}
"""Per audience, the weight of each sensitive breadth area in `privacy_risk`: fitted on the coded corpus (train
split, every wave) by `coding/privacy_weights.py` as the noisy-OR model of 'an intermediate or core
disclosure in an area this audience should not hear about' given the coded areas. Tested against a refit in
tests/measure."""

KIN_AND_ROLES: tuple[str, ...] = (
    "sister",
    "brother",
    "mom",
    "mum",
    "mother",
    "dad",
    "father",
    "wife",
    "husband",
    "son",
    "daughter",
    "friend",
    "boss",
    "manager",
    "supervisor",
    "partner",
    "boyfriend",
    "girlfriend",
    "cousin",
    "aunt",
    "uncle",
    "grandma",
    "grandpa",
    "grandmother",
    "grandfather",
    "granny",
    "nan",
    "stepmom",
    "stepmum",
    "stepdad",
    "stepfather",
    "stepmother",
    "stepson",
    "stepdaughter",
    "roommate",
    "flatmate",
    "neighbour",
    "neighbor",
    "therapist",
    "counsellor",
    "counselor",
    "doctor",
    "coworker",
    "colleague",
    "ex",
    "niece",
    "nephew",
    "fiancé",
    "fiancée",
    "teacher",
    "landlord",
    "landlady",
    "mother-in-law",
    "father-in-law",
)
"""Words for the people in someone's life; a capitalised word right after "my <one of these>" is a name, and
`abstract` mode drops the name and keeps the role ("my sister Priya" -> "my sister")."""

SPECIAL_CATEGORY_TERMS: dict[str, dict[str, str]] = {
    "HEALTH_CONDITION": {
        **dict.fromkeys(
            ("hiv", "aids", "hepatitis", "herpes", "std", "chlamydia", "gonorrhoea", "syphilis"), "an infection"
        ),
        **dict.fromkeys(
            (
                "cancer",
                "cervical cancer",
                "breast cancer",
                "leukaemia",
                "leukemia",
                "lymphoma",
                "tumour",
                "tumor",
                "stroke",
                "heart attack",
            ),
            "a serious illness",
        ),
        **dict.fromkeys(
            (
                "diabetes",
                "type 1 diabetes",
                "type 2 diabetes",
                "asthma",
                "ms",
                "multiple sclerosis",
                "epilepsy",
                "crohn's",
                "crohn's disease",
                "lupus",
                "endometriosis",
                "fibromyalgia",
                "arthritis",
                "migraines",
                "ibs",
                "copd",
                "als",
                "parkinson's",
                "dementia",
                "alzheimer's",
                "chronic fatigue",
            ),
            "a chronic condition",
        ),
        **dict.fromkeys(
            (
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
                "bpd",
                "panic attacks",
                "panic disorder",
                "depresión",
                "ansiedad",
                "trastorno bipolar",
            ),
            "a mental health condition",
        ),
        **dict.fromkeys(("alcoholism", "addiction", "heroin addiction", "drug addiction"), "a dependency"),
        **dict.fromkeys(("miscarriage", "abortion", "infertility", "ivf"), "a health matter"),
        **dict.fromkeys(("cáncer", "diabetes tipo 2"), "a serious illness"),
    },
    "MENTAL_HEALTH_CRISIS": {
        "suicidal thoughts": "dark thoughts",
        "suicidal": "very low",
        "suicide": "something drastic",
        **dict.fromkeys(("self-harm", "self harm", "self-harming", "self harming"), "struggling"),
        **dict.fromkeys(
            (
                "ending it all",
                "end it all",
                "killing myself",
                "kill myself",
                "end my life",
                "ending my life",
                "taking my own life",
                "take my own life",
                "cutting myself",
                "hurting myself",
                "hurt myself",
                "overdose",
                "overdosing",
            ),
            "some dark things",
        ),
    },
    "SEXUAL_ORIENTATION": dict.fromkeys(
        ("gay", "lesbian", "bisexual", "bi", "queer", "asexual", "pansexual", "homosexual"), "LGBTQ+"
    ),
    "GENDER_IDENTITY": dict.fromkeys(
        (
            "transgender",
            "trans",
            "non-binary",
            "nonbinary",
            "genderqueer",
            "genderfluid",
            "transitioning",
            "trans woman",
            "trans man",
        ),
        "LGBTQ+",
    ),
    "RELIGION": {
        **dict.fromkeys(
            (
                "muslim",
                "christian",
                "jewish",
                "catholic",
                "hindu",
                "buddhist",
                "sikh",
                "mormon",
                "atheist",
                "evangelical",
                "orthodox jewish",
                "jehovah's witness",
            ),
            "religious",
        ),
        **dict.fromkeys(
            ("islam", "christianity", "judaism", "catholicism", "hinduism", "buddhism", "sikhism", "atheism"),
            "a faith",
        ),
        **dict.fromkeys(("mosque", "synagogue", "church", "temple", "gurdwara"), "a place of worship"),
    },
}
"""Special-category terms found as spans (GDPR Art. 9), each with the less specific words `abstract` mode puts in
its place (a diagnosis becomes the kind of condition). A few Spanish diagnoses are listed because people write
them in English posts."""

WORD_NAMES: frozenset[str] = frozenset(
    [
        "grace",
        "hope",
        "joy",
        "faith",
        "charity",
        "patience",
        "mercy",
        "honor",
        "honour",
        "prudence",
        "constance",
        "verity",
        "will",
        "may",
        "june",
        "april",
        "august",
        "rose",
        "lily",
        "iris",
        "violet",
        "daisy",
        "summer",
        "autumn",
        "dawn",
        "destiny",
        "harmony",
        "amber",
        "ruby",
        "pearl",
        "jade",
        "crystal",
        "angel",
        "sky",
        "river",
        "storm",
        "sunny",
        "bliss",
    ]
)
"""Given names that are also English words ("Grace and Hope are virtues"): taken for a name only beside a cue
(a title or kin word before, a surname or a verb after)."""

_ME = r"(?:myself|my\s?self|meself)"
_BODY = r"(?:my\s+(?:wrists?|arms?|forearms?|legs?|thighs?|skin|body|stomach|hips?))"
CRISIS_WORDINGS: tuple[str, ...] = (
    # hurting oneself, past or present: "I cut myself", "burning my arms", "self-harmed"
    rf"\b(?:cut|cuts|cutting|slash(?:ed|es|ing)?|slit(?:ting)?|carv(?:e|ed|es|ing)|scratch(?:ed|es|ing)?)\s+"
    rf"(?:{_ME}|{_BODY})\b|\b(?:burn(?:ed|t|s|ing)?|harm(?:ed|s|ing)?|starv(?:e|ed|es|ing))\s+{_ME}\b",
    r"\bself[-\s]?(?:harm\w*|injur\w*)|\bSH\b(?=\s+(?:again|scars?|urges?))|\bs/h\b",
    # ending one's life: "kill myself", "take my own life", "unalive", "kms", "suicide", "sewer slide"
    rf"\b(?:kill(?:ed|s|ing)?|hang(?:ed|s|ing)?|hung|drown(?:ed|s|ing)?|shoot(?:s|ing)?|shot|poison(?:ed|s|ing)?|"
    rf"unaliv(?:e|ed|es|ing))\s+{_ME}\b|\b(?:end(?:ed|s|ing)?|tak(?:e|es|ing)|took)\s+my\s+(?:own\s+)?life\b",
    r"\bend(?:ed|s|ing)?\s+it\s+all\b|\bend(?:ed|s|ing)?\s+things(?!\s+(?:with|between|off))\b",
    r"\bunaliv(?:e|ed|es|ing)\b|\bkms\b|\bsuicid\w*|\bsu[i*1]c[i*1]d\w*|\bsewer\s?slide\b",
    # an overdose, plain or in other words: "took all my pills", "swallowed a bottle of paracetamol", "OD'd"
    r"\boverdos\w*|\bod'?d\b|\bo\.d\.'?d\b|\b(?:took|take|takes|taking|an?)\s+(?:an?\s+)?OD\b",
    r"\b(?:took|take|takes|taking|swallow(?:ed|s|ing)?|down(?:ed|s|ing)?|popp?(?:ed|s|ing)?)\s+"
    r"(?:all|every\s+one|a\s+(?:whole\s+)?(?:bottle|box|packet|pack|handful|load|bunch)|the\s+whole\s+"
    r"(?:bottle|box|packet|pack))\s+(?:of\s+)?(?:my\s+|the\s+|his\s+|her\s+|mum's\s+|mom's\s+)?"
    r"(?:pills|tablets|meds|medication|medicine|sleeping\s+pills|painkillers|paracetamol|tylenol|ibuprofen)\b",
    # not wanting to live: "don't want to be here anymore", "wish I was dead", "better off without me"
    r"\b(?:do\s*n[o'\u2019]?t|dont|no\s+longer|never)\s+(?:want|wanna)\s+(?:to\s+)?(?:be\s+(?:here|around)\s+"
    r"any\s?more|be\s+alive|live(?!\s+(?:in|with|there|here|near|at|on|like|by|through)\b)|exist|"
    r"wake\s+up(?:\s+(?:again|tomorrow))?)\b",
    r"\b(?:want(?:ed|s)?\s+to|wanna|going\s+to|gonna|ready\s+to)\s+die\b(?!\s+(?:of|from|laughing|lol))",
    r"\bwish(?:ed)?\s+(?:i|I)\s+(?:was|were|could\s+be)\s+dead\b|\bwish(?:ed)?\s+(?:i|I)\s+(?:had\s+)?never\s+"
    r"(?:been\s+born|woken\s+up|existed)\b|\b(?:better\s+off|be\s+better)\s+(?:dead|without\s+me)\b",
    r"\bno\s+(?:reason|point)\s+(?:to|in)\s+(?:live|living|being\s+alive|going\s+on)\b|"
    r"\b(?:go\s+to\s+sleep|fall\s+asleep)\s+and\s+(?:never|not)\s+wake\s+up\b",
    r"\bjump(?:ed|s|ing)?\s+(?:off|from)\s+(?:a|the|that)\s+(?:bridge|building|roof|cliff|balcony)\b|"
    r"\b(?:jump(?:ed|s|ing)?|step(?:ped|s|ping)?)\s+in\s+front\s+of\s+(?:a|the)\s+(?:train|bus|lorry|truck)\b",
)
"""Suicidal thoughts and self-harm in the words people use for them, past and present, plain and euphemistic
(regular expressions, matched case-insensitively, as `MENTAL_HEALTH_CRISIS`; `SPECIAL_CATEGORY_TERMS` holds the
fixed terms). Each needs the person or their body as object ("cut myself", not "cut the onions"); hyperbole with
"of" or "laughing" ("I want to die of embarrassment") is left out."""
