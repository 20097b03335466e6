from .entries import LOGIN, Entry

# A sector's page is a reading page: everyone signed in, GET only.
MATRIX: dict[str, Entry] = {
    "sector_detail": Entry(
        kwargs=lambda s: {"sector": s["company"].sector},
        anonymous=(LOGIN, LOGIN),
        analyst=(200, 405),
        editor=(200, 405),
    ),
}
