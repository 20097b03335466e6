from .entries import LOGIN, Entry

# Every signed-in user keeps their own saved searches: analysts write here too.
# The sample user owns no search, so one of theirs is 404 (another user's is tested
# in tests/saved/test_views.py). POST {} to create re-renders with its errors (400).
MATRIX: dict[str, Entry] = {
    "saved_search_list": Entry(anonymous=(LOGIN, LOGIN), analyst=(200, 405), editor=(200, 405)),
    "saved_search_create": Entry(anonymous=(LOGIN, LOGIN), analyst=(405, 400), editor=(405, 400)),
    "saved_search_open": Entry(
        kwargs=lambda s: {"pk": 999999},
        anonymous=(LOGIN, LOGIN),
        analyst=(404, 405),
        editor=(404, 405),
    ),
    "saved_search_edit": Entry(
        kwargs=lambda s: {"pk": 999999},
        anonymous=(LOGIN, LOGIN),
        analyst=(405, 404),
        editor=(405, 404),
    ),
    "saved_search_delete": Entry(
        kwargs=lambda s: {"pk": 999999},
        anonymous=(LOGIN, LOGIN),
        analyst=(405, 404),
        editor=(405, 404),
    ),
}
