from .entries import LOGIN, Entry

# Reading pages: every role but anonymous reads; POST is not served (405).
READ_ONLY = {"anonymous": (LOGIN, LOGIN), "analyst": (200, None), "editor": (200, None)}

MATRIX: dict[str, Entry] = {
    "dashboard": Entry(**READ_ONLY),
    "round_list": Entry(**READ_ONLY),
    "round_export": Entry(**READ_ONLY),
    "round_detail": Entry(kwargs=lambda s: {"pk": s["round"].pk}, **READ_ONLY),
    "company_list": Entry(**READ_ONLY),
    "company_autocomplete": Entry(**READ_ONLY),
    "company_detail": Entry(kwargs=lambda s: {"slug": s["company"].slug}, **READ_ONLY),
    "investor_list": Entry(**READ_ONLY),
    "investor_detail": Entry(kwargs=lambda s: {"slug": s["investor"].slug}, **READ_ONLY),
    "milestone_detail": Entry(kwargs=lambda s: {"pk": s["milestone"].pk}, **READ_ONLY),
    "search": Entry(**READ_ONLY),
    "source_detail": Entry(kwargs=lambda s: {"domain": s["source_domain"]}, **READ_ONLY),
}
