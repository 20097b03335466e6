"""What kind of thing a capitalised name is: a company, or a place, a nationality, a
currency, a month, a person, a product or a government body, none of which raises money.

General knowledge (places, nationalities, currencies, calendar words) is a word list; what
only the article knows (who is a person, what is a product) is read from its own
sentences: a title before a name ("chief executive Jane Roe"), a product noun after one
("its Ascend 950 chip").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from .names import name_runs
from .text import word_list


def _phrases(text: str) -> frozenset[str]:
    """A "|"-separated literal list of lowercase phrases, spacing ignored."""
    return frozenset(" ".join(item.split()) for item in text.lower().split("|"))


_PLACES = _phrases(
    """
    afghanistan|albania|algeria|argentina|armenia|australia|austria|azerbaijan|bahrain|
    bangladesh|belarus|belgium|bolivia|bosnia|brazil|bulgaria|cambodia|cameroon|canada|chile|
    china|colombia|costa rica|croatia|cuba|cyprus|czech republic|czechia|denmark|ecuador|egypt|
    estonia|ethiopia|finland|france|georgia|germany|ghana|greece|hungary|iceland|india|
    indonesia|iran|iraq|ireland|israel|italy|japan|jordan|kazakhstan|kenya|korea|south korea|
    north korea|kuwait|laos|latvia|lebanon|lithuania|luxembourg|malaysia|malta|mexico|moldova|
    mongolia|morocco|myanmar|nepal|netherlands|new zealand|nigeria|norway|oman|pakistan|panama|
    peru|philippines|poland|portugal|qatar|romania|russia|rwanda|saudi arabia|senegal|serbia|
    singapore|slovakia|slovenia|south africa|spain|sri lanka|sudan|sweden|switzerland|syria|
    taiwan|tanzania|thailand|tunisia|turkey|turkiye|uganda|ukraine|united arab emirates|uae|
    united kingdom|britain|great britain|england|scotland|wales|united states|america|
    uruguay|uzbekistan|venezuela|vietnam|zambia|zimbabwe|europe|asia|africa|
    latin america|north america|south america|middle east|gulf|scandinavia|nordics|
    hong kong|macau|macao|beijing|shanghai|shenzhen|guangzhou|hangzhou|chongqing|chengdu|
    wuhan|nanjing|tianjin|suzhou|hefei|xiamen|xi'an|qingdao|dalian|ningbo|wuxi|changsha|
    tokyo|osaka|kyoto|nagoya|yokohama|fukuoka|sapporo|hokkaido|kumamoto|kyushu|seoul|busan|
    incheon|daejeon|pangyo|taipei|hsinchu|mumbai|bombay|delhi|new delhi|bengaluru|bangalore|
    hyderabad|chennai|pune|gurugram|gurgaon|noida|kolkata|ahmedabad|jakarta|manila|bangkok|
    hanoi|ho chi minh city|kuala lumpur|dubai|abu dhabi|riyadh|doha|tel aviv|jerusalem|
    istanbul|cairo|lagos|nairobi|johannesburg|cape town|sydney|melbourne|auckland|london|
    paris|berlin|munich|hamburg|frankfurt|cologne|stuttgart|dresden|magdeburg|heidelberg|
    madrid|barcelona|rome|milan|turin|amsterdam|rotterdam|brussels|vienna|zurich|geneva|
    stockholm|gothenburg|oslo|copenhagen|helsinki|dublin|lisbon|warsaw|prague|budapest|
    athens|toulouse|lyon|dunkirk|grenoble|bavaria|saxony|new york|san francisco|
    silicon valley|los angeles|boston|seattle|austin|chicago|washington|miami|atlanta|denver|
    houston|dallas|palo alto|menlo park|mountain view|cupertino|redmond|santa clara|san jose|
    san diego|toronto|montreal|vancouver|sao paulo|mexico city|buenos aires|bogota|santiago|
    lima|california|texas|florida|nevada|arizona|ohio|michigan|indiana|illinois|
    massachusetts|virginia|north carolina|south carolina|tennessee|colorado|oregon|utah|
    delaware|new jersey|pennsylvania|kentucky|alabama|louisiana|quebec|ontario|
    west lafayette|cape canaveral|wall street
    """
)
_DEMONYMS = frozenset(
    word_list(
        """american british english french german italian spanish portuguese dutch belgian
        swiss austrian swedish norwegian danish finnish irish polish czech hungarian greek
        turkish russian ukrainian israeli saudi emirati qatari egyptian nigerian kenyan
        african european asian chinese japanese korean taiwanese indian pakistani indonesian
        malaysian singaporean thai vietnamese filipino australian canadian mexican brazilian
        argentine chilean colombian latin nordic scandinavian bavarian western eastern
        northern southern global international domestic foreign local state-owned
        state-backed parisian londoner berliner californian texan south north east west
        central"""
    )
)
_CURRENCY_WORDS = frozenset(
    word_list(
        """rmb yuan renminbi yen won rupee rupees euro euros dollar dollars pound pounds
        sterling franc francs krona kronor krone kroner usd eur gbp jpy cny krw inr hkd sgd
        cad aud chf sek nok dkk brl twd hk nt us"""
    )
)
_CALENDAR = frozenset(
    word_list(
        """january february march april may june july august september october november
        december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday
        thursday friday saturday sunday today yesterday tomorrow"""
    )
)
# A lone capitalised word that is a common noun or verb at a sentence start ("Priced",
# "Shares") is caught by the article itself; these also name nothing on their own.
_GENERIC = frozenset(
    word_list(
        """ai ev evs gpu gpus cpu hbm suv ipo ipos ceo cfo ai-powered robotaxi robotaxis
        update exclusive analysis opinion correction clarification reuters editing
        reporting government state ministry parliament congress senate treasury regulator
        regulators commission one two three four five six seven eight nine ten first second
        third fourth fifth last next ahead meanwhile separately elsewhere"""
    )
)
_GOVERNMENT = re.compile(
    r"\b(?:government|ministry|state|department|commission|parliament|bundestag|congress|"
    r"senate|treasury|regulator|authority|council|agency|cabinet|administration)\b",
    re.IGNORECASE,
)
_TITLE_BEFORE = re.compile(
    r"\b(?:founder|co-founder|founded by|chief executive(?: officer)?|CEO|chief \w+ officer|"
    r"chairman|chairwoman|chair|president|vice president|director|minister|secretary|"
    r"chancellor|premier|analyst|spokes(?:person|man|woman)|professor|billionaire|"
    r"entrepreneur|economist|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+(?:and\s+[\w-]+\s+)?$",
    re.IGNORECASE,
)
_TITLE_AFTER = re.compile(
    # Adjectives only before the title: ", founded by Tesla co-founder X" describes a company.
    r"^,\s+(?:the\s+|its\s+|a\s+)?(?:(?!\w+ed\b|by\b)[a-z]\w*\s+){0,3}?(?:co-)?"
    r"(?:founder|chief|CEO|chairman|"
    r"chairwoman|president|director|minister|analyst|professor|spokes\w+)\b"
)
_EMPLOYER_OF = re.compile(
    r"^'?s?\s+(?:co-)?(?:founder|chief|CEO|chairman|president|director|executive|head)\b",
    re.IGNORECASE,
)
_PRODUCT_AFTER = re.compile(
    r"^(?:\s+[a-z][\w-]*){0,2}\s+(?:model|models|chip|chips|chipset|processor|processors|"
    r"GPU|GPUs|accelerator|accelerators|car|cars|SUV|SUVs|sedan|sedans|truck|trucks|"
    r"pickup|vehicle|vehicles|rocket|rockets|launcher|satellite|satellites|spacecraft|"
    r"lander|drone|drones|aircraft|jet|phone|phones|smartphone|smartphones|handset|robot|"
    r"robots|humanoid|app|chatbot|platform|system|systems|brand|engine|battery|batteries|"
    r"architecture|node|process|line-up|lineup|series)\b"
)

# "Mistral Large, its new flagship model": an apposition naming what the name is.
_PRODUCT_APPOSITION = re.compile(
    r"^,\s+(?:its|their|the company's|[A-Z][\w.-]*'s)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:model|chip|processor|car|SUV|sedan|rocket|vehicle|phone|smartphone|robot|app|"
    r"assistant|chatbot|product|brand|platform|engine|aircraft|satellite|drone)s?\b"
    # The noun heads the apposition: "its electric vehicle and software unit" is a unit.
    r"(?=\s*[,.;)]|\s+(?:that|which|for|with|[a-z]+ed)\b)"
)
_FACILITY_AFTER = re.compile(
    r"^\s+(?:gigafactory|factory|plant|fab|campus|site|mine|refinery|smelter|data cent(?:re|er))\b"
)
_OWNED = re.compile(r"\b(?:its|their|his|her|the)\s+$")


def _plain(name: str) -> str:
    return " ".join(name.replace("'s", "").split()).strip(" .,").lower()


def is_place(name: str) -> bool:
    return _plain(name) in _PLACES


def is_non_company_word(name: str) -> bool:
    """A name that by itself can never be a company or an investor: a place, a nationality,
    a currency, a calendar word, or a generic abbreviation ("AI", "IPO")."""
    plain = _plain(name)
    if not plain or _HYPHEN_ADJECTIVE.search(plain):
        return True  # "French-led", "Munich-based": a description
    if plain in _PLACES or plain in _CURRENCY_WORDS or plain in _CALENDAR or plain in _GENERIC:
        return True
    words = plain.split()
    if all(w in _DEMONYMS or w in _CALENDAR or w in _CURRENCY_WORDS or w.isdigit() for w in words):
        return True
    # "January 2022", "Hong Kong's", "Chinese Yinwang"-less fragments: calendar or place
    # words with a number or a demonym only.
    return words[0] in _CALENDAR and all(w.isdigit() or w in _CALENDAR for w in words)


# A trading venue ("STAR Market", "Hong Kong Stock Exchange") lists companies; it is none.
_VENUE = re.compile(r"\b(?:Market|Exchange|Board|Bourse|Nasdaq|NYSE|Kosdaq|HKEX)$", re.IGNORECASE)


_HYPHEN_ADJECTIVE = re.compile(r"-(?:led|based|backed|owned|run|controlled|listed)?$")


def is_government(name: str) -> bool:
    return bool(_GOVERNMENT.search(name))


@dataclass
class ArticleEntities:
    """Who is a person and what is a product, as this article says."""

    persons: set[str] = field(default_factory=set)
    products: set[str] = field(default_factory=set)
    # Capitalised only where a sentence starts, and written in lowercase elsewhere:
    # "Priced", "Ahead", "Figure" in "Figure tops forecasts".
    common: set[str] = field(default_factory=set)
    known: set[str] = field(default_factory=set)  # on record in the database

    def kind(self, name: str) -> str:
        """ "company" or why not: place, person, product, government, word."""
        plain = _plain(name)
        if plain in self.known:
            return "company"
        if is_non_company_word(name):
            return "word"
        if plain in self.persons:
            return "person"
        if plain in self.products:
            return "product"
        if plain in self.common or _VENUE.search(name.strip()):
            return "word"
        if is_government(name):
            return "government"
        return "company"

    def is_company(self, name: str | None) -> bool:
        return bool(name) and self.kind(name or "") == "company"


_WORD = re.compile(r"[A-Za-z][\w-]*")


def _common_words(sentences: list[str]) -> set[str]:
    lower: set[str] = set()
    inner_caps: set[str] = set()
    first: set[str] = set()
    for text in sentences:
        words = _WORD.findall(text)
        if not words:
            continue
        opening, *rest = words
        if opening.islower():
            lower.add(opening)
        else:
            first.add(opening.lower())
        for word in rest:
            if word.islower():
                lower.add(word)
            else:
                inner_caps.add(word.lower())
    # "Priced at the top of the range, ...", "Backed by ...": a participle opening a sentence.
    participles = {w for w in first if w.endswith(("ed", "ing")) and len(w) > 4}
    return ((first & lower) | participles) - inner_caps


# Which of these names are companies or investors on record (the database's gazetteer).
KnownNames = Callable[[Iterable[str]], Collection[str]]


def read_entities(sentences: list[str], known: KnownNames | None = None) -> ArticleEntities:
    found = ArticleEntities(common=_common_words(sentences))
    if known is not None:
        names = {run.text for text in sentences for run in name_runs(text)}
        found.known = {_plain(n) for n in known(sorted(names))}
    for text in sentences:
        for run in name_runs(text):
            before = text[max(0, run.start - 60) : run.start]
            after = text[run.end : run.end + 60]
            words = run.text.split()
            employer = _EMPLOYER_OF.match(after)  # "Tesla co-founder JB Straubel"
            if (_TITLE_BEFORE.search(before) and not employer) or (
                len(words) >= 2 and _TITLE_AFTER.match(after)
            ):
                if not re.search(r"[A-Z]{2,}|\d", run.text) or len(words) >= 2:
                    found.persons.add(_plain(run.text))
                    if len(words) >= 2:
                        found.persons.add(words[-1].lower())  # "Oh said", "Murati left"
            elif _PRODUCT_APPOSITION.match(after) or (
                not run.possessive
                and _PRODUCT_AFTER.match(after)
                and (re.search(r"\d", run.text) or _OWNED.search(before))
            ):
                # "its Ascend 950 chip", "the AITO M9 SUV"; "Nvidia chips" names a maker.
                found.products.add(_plain(run.text))
            elif len(words) >= 2 and _OWNED.search(before) and _FACILITY_AFTER.match(after):
                found.products.add(_plain(run.text))  # "the Northvolt Ett gigafactory"
    return found
