"""One filter definition: the API's query parameters and the CLI's options are EventFilter's
fields (names, help and limits), so the two interfaces cannot drift apart again."""

from __future__ import annotations

import inspect

from strife.api.params import EventParams, ExportParams, FilterParams
from strife.cli.events import events_command
from strife.store.queries import EventFilter

PAGING = {"sort", "limit", "cursor"}


def test_api_params_are_the_filter_fields():
    assert set(FilterParams.model_fields) == set(EventFilter.model_fields) - PAGING
    for name, field in FilterParams.model_fields.items():
        if name != "bbox":  # a,b,c,d text in a query string, a tuple in the filter
            assert field.description == EventFilter.model_fields[name].description, name
            assert field.metadata == EventFilter.model_fields[name].metadata, name
    assert set(EventParams.model_fields) >= PAGING
    assert {"sort", "limit"} <= set(ExportParams.model_fields)


def test_cli_options_are_the_filter_fields():
    params = inspect.signature(events_command).parameters
    options = set(params) - {"ctx", "format", "output", "limit"}
    assert options == set(EventFilter.model_fields) - PAGING - {"bbox"}
    for name in options:
        assert params[name].default.help == EventFilter.model_fields[name].description, name
