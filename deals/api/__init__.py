"""The read-only JSON API (/api/v1/): Django REST Framework views over the selectors'
querysets, the rounds list's own filters, cursor pagination, per-user Bearer keys,
throttling, and an OpenAPI schema with its docs page (drf-spectacular)."""
