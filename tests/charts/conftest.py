from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def _no_page_cache() -> Iterator[None]:
    # Each test's rows are rolled back but a cached fragment would outlive them.
    with override_settings(PAGE_CACHE_ENABLED=False):
        yield
