"""A database briefly out of reach (a restart, a failover) answers 503 with what to do, not 500."""

from unittest import mock

from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError


def test_a_request_while_the_database_restarts_gets_503_and_what_to_do(login):
    client = login("office")
    client.raise_request_exception = False
    down = OperationalError("the database system is shutting down")
    with mock.patch.object(SessionStore, "load", side_effect=down):
        page = client.get("/office/2020-nmg/audit/")
    assert page.status_code == 503 and page["Retry-After"] == "10"
    assert "没有保存" in page.content.decode() and "再提交一次" in page.content.decode()


def test_any_other_failure_is_still_the_500_page(login):
    client = login("office")
    client.raise_request_exception = False
    with mock.patch.object(SessionStore, "load", side_effect=RuntimeError("a bug")):
        page = client.get("/office/2020-nmg/audit/")
    assert page.status_code == 500 and "服务器出错" in page.content.decode()
