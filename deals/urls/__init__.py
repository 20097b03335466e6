"""Every URL of the product, one module per views module.

tests/test_permissions.py walks these and fails on any pattern that has no
entry in tests/permission_matrix/.
"""

from . import browse, edit, review, watch

app_name = "deals"

urlpatterns = browse.urlpatterns + edit.urlpatterns + review.urlpatterns + watch.urlpatterns
