"""Whether a financing is pending (talks, plans, expectations), completed, or cancelled
(called off, withdrawn, collapsed), read from the words before and after its figure.
"""

from __future__ import annotations

import re

from .money import MoneyMention

_CANCELLED = re.compile(
    r"\b(?:call(?:s|ed)? off|pull(?:s|ed|ing)? out|walk(?:s|ed|ing)? away|withdr[ae]w\w*|"
    r"collaps\w+|scrap(?:s|ped)|abandon(?:s|ed)|fell through|terminat\w+|cancel\w*|shelve[ds]|"
    r"suspend(?:s|ed)|halt(?:s|ed)|"
    r"ditch\w*|back(?:s|ed)? out|axed|no longer)\b",
    re.IGNORECASE,
)
_CANCELLED_AFTER = re.compile(
    r"^[^.;$\u20ac\u00a3\u00a5]{0,50}?\b(?:(?:was|were|has been|have been|had been|is being)\s+"
    r"(?:\w+\s+)?(?:called off|cancel+ed|scrapped|suspended|halted|shelved|abandoned|"
    r"pulled|withdrawn|terminated|axed)|collapsed|fell through|"
    r"will not (?:flow|be paid(?: out)?|go ahead|proceed|materiali[sz]e))\b",
    re.IGNORECASE,
)
_DONE_VERB = re.compile(
    r"\b(?:raised|secured|closed|landed|received|obtained|completed|bagged|borrowed|"
    r"collected|attracted|garnered|netted|banked)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:may|might|could|would|if|yet|whether)\b[^.;]{0,15}$", re.IGNORECASE)
_PENDING = re.compile(
    r"\b(?:agreed (?:[\w-]+ ){0,3}?to (?:buy|invest|acquire|pay|take|subscribe|put|support|"
    r"provide|fund|lend)|"
    r"conditional(?:ly)?|"
    r"in (?:advanced |early |final |exclusive )?talks|talks to|negotiat\w+|consider\w*|"
    r"weigh\w*|explor\w*|seek\w*|looking to|plans? to|planning|planned|aims? to|hopes? to|"
    r"intends? to|aiming to|targets?|targeting|could|would|may|might|expected to|is expected|"
    r"set to|"
    r"poised to|in line to|reportedly|is raising|are raising|is launching|are launching|"
    r"proposed|potential|mull\w*|eyes|eyeing|closes in on|nearing|lining up|in the process of|"
    r"preparing|prepares|filed (?:for|to)|files (?:for|to)|will|sources say|people familiar)\b",
    re.IGNORECASE,
)


# "EUR 650m of subsidies, which still have to be validated by the Commission": approval
# outstanding, so the money is not there yet.
_PENDING_AFTER = re.compile(
    r"^[^.;]{0,50}?\b(?:(?:still\s+)?(?:have|has|needs?) to be (?:validated|approved|cleared|"
    r"signed)|(?:is|are|remains?) subject to (?:\w+\s+)?approvals?|"
    r"pending (?:\w+\s+)?approvals?)\b",
    re.IGNORECASE,
)


def status_of(sentence: str, mention: MoneyMention) -> str:
    window = sentence[max(0, mention.start - 120) : mention.start]
    for m in _CANCELLED.finditer(window):
        if not _HEDGE.search(window[: m.start()]):
            return "cancelled"
    # "Acme's $2bn listing was called off": the cancellation follows the figure.
    if _CANCELLED_AFTER.match(sentence[mention.end : mention.end + 80]):
        return "cancelled"
    if _PENDING_AFTER.match(sentence[mention.end : mention.end + 90]):
        return "pending"
    pending = [m.end() for m in _PENDING.finditer(window)]
    if not pending:
        return "completed"
    # "... would give it room against rivals such as Beta, which raised $6bn": a verb in
    # the past tense after the last forward-looking word dates the figure.
    done = [m.start() for m in _DONE_VERB.finditer(window)]
    return "completed" if done and max(done) >= max(pending) else "pending"
