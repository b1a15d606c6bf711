"""The covenant demo (Bodem en Ondergrond 2016-2020): the parties and staff (`parties`), the
enquête waves with generated answers (`enquetes`), the yearly monitoring returns (`monitoring`),
the article dashboards (`dashboard`) and the source's files (`data/`). `flask demo` loads it;
loading twice changes nothing."""

from surveyapp.demo.parties import DEMO_PASSWORD, DEMO_STAFF, demo_links, load_demo

__all__ = ["DEMO_PASSWORD", "DEMO_STAFF", "demo_links", "load_demo"]
