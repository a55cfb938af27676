"""Schemathesis over the whole OpenAPI schema (/api/schema/), as a leader: every operation with
bounded, deterministic examples, valid ones and invalid ones, and four checks on every answer:
no server error, a documented status code, a documented content type, a body that matches the
schema. It runs in-process through Django's WSGI application, in the test database.

What is tried:
- every operation of the schema (test_every_operation_is_tried guards that none is left out);
- path parameters both generated and naming real objects of the demo world (fuzz_world.py), so
  GET-by-id paths reach real cases, layers, topics, tiles, Open311 requests and OGC features;
- each request in a savepoint rolled back after it: a write (a transition, an intake, a call-back)
  is checked and undone, so every example meets the same world whatever ran before it.

What cannot be generated, and where it is tested instead:
- a photo upload the service accepts: the fuzzer sends random bytes as the image, which are
  refused (400, checked here); accepted JPEG/PNG/WebP uploads are test_photos.py's;
- an Open311 POST by a valid key: half the generated forms carry the leader's token as api_key;
- invalid input for operations that have none to give (no parameter or body but a free-text path
  code, e.g. /api/layers/communities/{code}/): they are fuzzed with valid input only.

Throttles are off (the rates are settings): the run makes far more requests than a person may.
"""

import pytest
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis import openapi as schemathesis_openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.layers.api.fuzz_world import build_world, real_path_parameters

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 25, GenerationMode.NEGATIVE: 10}


@pytest.fixture
def fuzzed(db, settings, tmp_path):
    """The schema loaded from the application, the leader's headers and the real path parameters."""
    settings.API_THROTTLE_RATES = {}
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    token = Token.objects.create(user=world["leader"])
    # Django closes a connection inside a transaction at the end of a request: the test's own.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    try:
        schema = schemathesis_openapi.from_wsgi("/api/schema/?format=json", WSGIHandler())
        # The WSGI client does not undo gzip (the layers and the dashboard compress their answers).
        headers = {"Authorization": f"Token {token.key}", "Accept-Encoding": "identity"}
        yield schema, headers, token.key, real_path_parameters(world)
    finally:
        for signal in (signals.request_started, signals.request_finished):
            signal.connect(close_old_connections)


def _strategy(operation, mode, real: list[dict], api_key: str):
    generated = operation.as_strategy(mode)
    named = [operation.as_strategy(mode, path_parameters=parameters) for parameters in real]
    strategy = st.one_of([generated, *named])
    if operation.method.upper() == "POST" and operation.path.startswith("/open311/"):

        def keyed(case):
            if isinstance(case.body, dict):
                case.body["api_key"] = api_key
            return case

        strategy = st.one_of(strategy, strategy.map(keyed))
    return strategy


def _fuzz(operation, mode, strategy, headers, failures: dict) -> int:
    """Run one operation's examples; returns how many ran. Each distinct failure is kept once."""
    ran = 0

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES[mode],
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        nonlocal ran
        with transaction.atomic():
            response = case.call(headers=headers)
            transaction.set_rollback(True)
        ran += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except BaseExceptionGroup as found:
            for failure in found.exceptions:
                failures.setdefault((operation.label, mode.value, failure.title), str(found))

    run()
    return ran


def _named_paths_cover_every_path_with_parameters(paths, real) -> None:
    assert set(real) <= paths, set(real) - paths  # a renamed path would silently lose its real objects
    with_parameters = {path for path in paths if "{" in path}
    # Parameters that are enums or formats only: the generator names every value itself.
    only_choices = {path for path in with_parameters if path.endswith((".{fmt}", "/geojson/{layer}/"))}
    assert with_parameters - set(real) - only_choices == set()


def test_every_operation_answers_as_the_schema_says(fuzzed):
    schema, headers, api_key, real = fuzzed
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 70
    _named_paths_cover_every_path_with_parameters({operation.path for operation in operations}, real)
    failures, examples, nothing_to_negate = {}, {}, []
    for operation in operations:
        for mode in EXAMPLES:
            strategy = _strategy(operation, mode, real.get(operation.path, []), api_key)
            try:
                examples[operation.label, mode] = _fuzz(operation, mode, strategy, headers, failures)
            except Unsatisfiable:
                nothing_to_negate.append(operation.label)
    print(f"{len(operations)} operations, {sum(examples.values())} examples; no invalid input: {nothing_to_negate}")
    assert not failures, "\n\n".join(f"{key}:\n{text}" for key, text in failures.items())
    assert all(examples[operation.label, GenerationMode.POSITIVE] > 0 for operation in operations)
