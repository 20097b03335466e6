"""The demo data set: the DeepSeek/CATL seed story and 50+ companies from public reporting.

`deals.demo.loader.demo_load` writes it through the services; the `load_demo`
management command runs it and creates the demo logins.
"""
