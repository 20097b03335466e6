"""The demo data set: the DeepSeek/CATL seed story and 50+ companies from public reporting.

The records are YAML files in data/, read and checked by `records.demo_records`
(the seed story is seed.py, beside its article in articles/);
`loader.demo_load` writes them through the services; the `load_demo`
management command runs it and creates the demo logins.
"""
