"""The API against its own OpenAPI schema (schemathesis, bounded): no 5xx for any generated
request, and every status and body the API answers is the one the schema documents — signed in
with the committee office's token, and with none."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from zhenxing.orgs.models import ApiToken

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EXAMPLES = 25  # per operation; bounded so that `make test` stays quick


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    return [result.ok() for result in schema.get_all_operations()]


@pytest.fixture
def connection_kept():
    """Requests reach the WSGI app directly, not through Django's test client: keep the test's
    database connection open across them, as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def office_token(personas, edition, settings, connection_kept):
    settings.API_THROTTLE_ANON = settings.API_THROTTLE_USER = "100000/m"
    return ApiToken.issue(personas["office"], "schemathesis")[1]


def test_every_answer_is_documented_and_none_is_a_server_error(office_token):
    operations = _operations()
    assert len(operations) >= 7
    signed_in = {"Authorization": f"Bearer {office_token}"}

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def answers(case):
            case.call_and_validate(headers=signed_in, checks=CHECKS)
            case.call_and_validate(checks=CHECKS)

        answers()
