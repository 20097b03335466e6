"""A milestone's title: the thing and what happens to it ("N2 technology volume
production", "First gigawatt of systems come online", "Start commercial passenger service
in Dubai"), taken from the clause that holds the date.

The clause is split at its last forward-looking cue ("is scheduled to", "plans to"):
before it stands the subject, after it the action. A subject that is a thing (not the
company, not "it") opens the title, so "N2P and A16 are scheduled for volume production"
keeps the names that tell the milestones apart.
"""

from __future__ import annotations

import re

from .milestone_entities import refers_back
from .names import name_runs
from .text import word_list

# " and " starts a clause only before a verb: "open on May 7 and close on May 9", not
# "chips for laptops and workstations will ...".
BOUNDARY = re.compile(
    r"(?:,\s+(?:and\s+|while\s+|but\s+)?|[;:]\s+|\s+that\s+|\s+and\s+(?=(?:will|would|is|are|"
    r"could|may|should|then|to|expects?|plans?|aims?|hopes?|intends?|close|open|start|begin|"
    r"launch|list|ship|sign|complete|the second|the first)\b))"
)
CUE = re.compile(
    r"\b(?:expects?|expected(?: to)?|plans?(?: to)?|planned|scheduled(?: to| for)?|due(?: to)?|"
    r"set(?: to| for)?|hopes?(?: to)?|aims?(?: to)?|intends?(?: to)?|is to|are to|will|would|"
    r"may|could|might|should|on (?:track|course)(?: to| for)?|targets?|targeting|target of|"
    r"eyes|looking to|slated(?: to| for)?|poised to|anticipated|promises)\b",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:\s+\b(?:in|on|by|for|at|the|of|from|before|after|until|during|to|towards|"
    r"around|within|as|early|late|mid|not|soon|is|are|be|still|also|now|again|currently)\b)+\s*$",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"^(?:(?:with|and|while|but|of|to|be|been|the|a|an|its|their|still|also|now|then|keeps|"
    r"remains|is|are|both|where|which|who|once|when)(?:\s+|$))+",
    re.IGNORECASE,
)
# ", which adds Super Power Rail for ...,", ", an enhanced version,": asides in a subject.
_APPOSITIVE = re.compile(r",\s+(?:which|who|an?|the|made|paired|named|known)\b[^,]*,?")
_STOP = frozenset(
    word_list("the a an of to be is are its their and or with in on at by for it this that")
)
_PRONOUNS = frozenset(["that", "this", "it", "so", "them", "these", "those"])
_FRAGMENT = re.compile(r"^(?:for|of|from|about|with|than|like)\b", re.IGNORECASE)
_DEAL_NAME = re.compile(
    r"\b(funding round|round|offering|rights issue|deal|raise|IPO|tender offer|transaction|"
    r"tranche|notes|stake purchase|acquisition)\b",
    re.IGNORECASE,
)
_CLOSE = re.compile(r"\b(?:close|closes|closing|complet\w*|settle\w*|finali[sz]\w*)\b", re.I)
_ANAPHORA = re.compile(
    r"\bthe (project|plant|facility|site|mine|factory|programme|program|chips|processors|"
    r"accelerators|vehicles|cars|models?|systems|rocket|satellites|drones|aircraft)\b",
    re.IGNORECASE,
)
_EVENT_NOUN = re.compile(r"^\w+(?:ing|tion|ment|ance|ence|ery|ies|s)$")
_VERB = re.compile(
    r"\b(?:puts|put|said|says|is|are|was|were|has|have|had|depends?|told|wrote|means|makes|"
    r"gives|remains|keeps|sees|needs|raises|raised|ran|runs|targets|seeks|unveiled|began)\b"
    r"|\d+(?:\.\d+)?\s*(?:billion|million|bn|m)\b|[$€£¥%]",
    re.IGNORECASE,
)
# A model number ("A14", "MI350X", "5G"), not a quantity ("288GB", "16GWh").
_MODEL = re.compile(r"\b(?:[A-Z]{1,4}-?\d[\w.]*|\d+(?!(?:[GTMK]B|[GMK]Wh?|nm|mm|km)\b)[A-Z]\w*)\b")


def models_in(text: str) -> list[str]:
    return _MODEL.findall(text)


def clause_before(text: str, start: int, end: int) -> tuple[int, str]:
    """The clause that ends at `end`: from the last boundary after `start` that comes
    before the clause's last cue ("will be available from clouds and servers in May")."""
    cues = [m.start() for m in CUE.finditer(text, start, end)]
    limit = cues[-1] if cues else end
    begin = start
    for m in BOUNDARY.finditer(text, start, end):
        if m.end() <= limit:
            begin = m.end()
    return begin, text[begin:end]


def sentence_subject(head: str) -> str:
    """The subject at the head of a sentence, asides dropped: "Acme, which makes X," -> Acme."""
    head = _APPOSITIVE.sub("", re.split(r"[:;]\s", head)[-1] + ",")
    return re.split(r"\s+(?:has|have|had|is|are|was|were|will|would|began|begun)\b", head)[0]


def conjuncts(subject: str) -> list[str]:
    """ "N2P and A16": one subject per model name; anything else stays whole."""
    parts = [p.strip(" ,") for p in re.split(r",?\s+and\s+", tidy(subject))]
    if len(parts) > 1 and all(_MODEL.fullmatch(p.split()[-1] if p else "") for p in parts):
        return parts
    return [subject]


def resolve_anaphora(clause: str, previous: list[str]) -> str:
    """ "the project" -> "Harrow Bay" when a recent sentence named "Harrow Bay, a ... project";
    "the chips" -> "MI350X and MI355X" when the last sentence opened with model names."""
    m = _ANAPHORA.search(clause)
    if not m:
        return clause
    noun = m.group(1).lower()
    for sentence in reversed(previous):
        named = re.search(rf"([A-Z][\w-]*(?:\s[A-Z][\w-]*)*),\s+an?\s+[^,.]*\b{noun}\b", sentence)
        named = named or re.search(rf"\bthe\s+([A-Z][\w-]*(?:\s[A-Z][\w-]*)*)\s+{noun}\b", sentence)
        if named:
            return clause[: m.start()] + named.group(1) + clause[m.end() :]
        models = _MODEL.findall(sentence[:80])
        if models:
            return clause[: m.start()] + " and ".join(dict.fromkeys(models)) + clause[m.end() :]
    return clause


def split_subject(clause: str) -> tuple[str, str]:
    """(subject, action) around the clause's last forward-looking cue."""
    cues = list(CUE.finditer(clause))
    if not cues:
        return "", clause
    return clause[: cues[-1].start()], clause[cues[-1].end() :]


def tidy(text: str) -> str:
    text = _APPOSITIVE.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _LEADING.sub("", _TRAILING.sub("", text.strip())).strip(" ,")
    return re.sub(r"\s+", " ", text)


def thing_of(subject: str) -> str:
    """The subject when it names a thing rather than the company that acts."""
    subject = tidy(subject)
    subject = re.sub(r"^[A-Z][\w.&-]*(?:\s[A-Z][\w.&-]*)*'s\s+", "", subject)
    if not subject or refers_back(subject):
        return ""
    runs = name_runs(subject)
    whole = runs and runs[0].start == 0 and runs[0].end == len(subject)
    if whole and not _MODEL.search(subject) and not _EVENT_NOUN.search(subject):
        return ""  # the subject is a name and nothing else: the actor, not the thing
    if _VERB.search(subject):
        return ""  # "the setback puts in doubt ...": a clause, not a thing
    last = runs[-1] if runs else None
    if (
        last
        and last.end == len(subject)
        and not _MODEL.search(last.text)
        and not _EVENT_NOUN.search(subject)
    ):
        return ""  # "digital bank Monzo": the actor, described
    return " ".join(subject.split()[:10])


def _content(text: str) -> list[str]:
    return [w for w in re.findall(r"[\w.-]+", text) if w.lower() not in _STOP]


def build_title(clause: str, sentence: str, subject: str) -> str | None:
    """The title for the milestone whose date ends `clause`, or None for no event."""
    _, action = split_subject(clause)
    action = tidy(action)
    thing = thing_of(subject)
    if thing and not action.lower().startswith(thing.lower()):
        action = f"{thing} {action}".strip()
    elif len(_content(action)) < 2 and _CLOSE.search(action):
        deal = _DEAL_NAME.search(sentence)
        action = f"{(deal.group(1) if deal else 'round').capitalize()} close"
    elif len(_content(action)) < 2:
        action = f"{tidy(subject)} {action}".strip()  # "... meeting expected towards June"
    content = _content(action)
    if not content or (1 < len(content) < 3 and all(w.lower() in _PRONOUNS for w in content[1:])):
        return None
    if len(content) < 2 and not thing:
        return None
    if re.search(r"\b(?:that|which|it|whether)$", action, re.IGNORECASE):
        return None  # "demonstrate that": the event is in a clause of its own
    action = _TRAILING.sub("", action.strip(" ,.;:")).strip(" ,.;:")
    where = re.match(r"\s*where\b", clause)
    place = name_runs(sentence[: sentence.find(clause)]) if where and clause in sentence else []
    if place:
        action = f"{action} ({place[-1].text})"  # "..., in Ohio, where the plant is due ..."
    models = [m for m in models_in(sentence) if m not in action]
    if models and not models_in(action) and not name_runs(action):
        action = f"{models[0]} {action[:1].lower()}{action[1:]}"  # "unveiled A14 ...: production"
    if _FRAGMENT.match(action):
        return None  # "for a team of 20 researchers this year": no event, only a purpose
    return action[:1].upper() + action[1:120]
