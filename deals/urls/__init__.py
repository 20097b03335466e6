"""Every URL of the product, one module per views module.

tests/test_permissions.py walks these and fails on any pattern that has no
entry in tests/permission_matrix/.
"""

from . import browse, charts, claims, edit, imports, merge, review, saved, watch

app_name = "deals"

# Editing first: its fixed paths (companies/new/, investors/autocomplete/) sit
# where browse's companies/<slug>/ would otherwise read them as slugs.
urlpatterns = (
    edit.urlpatterns
    + imports.urlpatterns
    + merge.urlpatterns
    + browse.urlpatterns
    + review.urlpatterns
    + watch.urlpatterns
    + saved.urlpatterns
    + claims.urlpatterns
    + charts.urlpatterns
)
