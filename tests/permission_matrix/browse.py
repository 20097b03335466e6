from .entries import LOGIN, Entry

MATRIX: dict[str, Entry] = {
    # Reading pages: POST is not served.
    "dashboard": Entry(anonymous=(LOGIN, LOGIN), analyst=(200, 405), editor=(200, 405)),
}
