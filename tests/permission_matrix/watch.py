from .entries import LOGIN, Entry

# Everyone signed in may watch and set their own preferences (POST {} re-renders
# the preferences form with its errors). Outcomes are editors' work. The
# calendar, feeds with ?key= and unsubscribe need no login, but a wrong secret
# is 404 for everybody; feeds without a key need a login.
MATRIX: dict[str, Entry] = {
    "what_to_watch": Entry(anonymous=(LOGIN, LOGIN), analyst=(200, 405), editor=(200, 405)),
    "watchlist": Entry(anonymous=(LOGIN, LOGIN), analyst=(200, 405), editor=(200, 405)),
    "preferences": Entry(anonymous=(LOGIN, LOGIN), analyst=(200, 200), editor=(200, 200)),
    "watch_toggle": Entry(
        kwargs=lambda s: {"kind": "company", "pk": s["company"].pk},
        anonymous=(LOGIN, LOGIN),
        analyst=(405, 302),
        editor=(405, 302),
    ),
    "milestone_outcome": Entry(
        kwargs=lambda s: {"pk": s["milestone"].pk},
        anonymous=(LOGIN, LOGIN),
        analyst=(403, 403),
        editor=(200, 200),
    ),
    "calendar_feed": Entry(
        kwargs=lambda s: {"token": "not-a-token"},
        anonymous=(404, None),
        analyst=(404, None),
        editor=(404, None),
    ),
    "unsubscribe": Entry(
        kwargs=lambda s: {"token": "not-a-signed-token"},
        anonymous=(404, 404),
        analyst=(404, 404),
        editor=(404, 404),
    ),
    "rounds_feed": Entry(anonymous=(LOGIN, None), analyst=(200, None), editor=(200, None)),
    "alerts_feed": Entry(anonymous=(LOGIN, None), analyst=(200, None), editor=(200, None)),
}
