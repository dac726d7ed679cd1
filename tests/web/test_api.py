"""The API: public reads, session and token auth, 401/403/404, wrong methods, throttling."""

import pytest

from zhenxing.orgs.models import ApiToken


def test_openapi_schema_and_local_docs(client, db):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    assert "/api/editions/{code}/events" in schema.json()["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_public_reads(client, edition):
    editions = client.get("/api/editions/").json()
    assert [e["code"] for e in editions] == ["2020-nmg"]
    detail = client.get("/api/editions/2020-nmg").json()
    assert len(detail["events"]) == 19
    hosted = [e for e in detail["events"] if e["occupation"] == "森林抚育"][0]
    assert hosted["host_unit"]["name"] == "内蒙古森工集团（林管局）"
    national = [e for e in detail["events"] if e["level"] == "national"]
    assert len(national) == 6 and all(e["host_unit"] is None for e in national)
    one = client.get(f"/api/editions/2020-nmg/events/{hosted['id']}").json()
    assert one["group_label"] == "职工组"


def test_unknown_things_are_404(client, edition):
    assert client.get("/api/editions/nope").status_code == 404
    assert client.get("/api/editions/2020-nmg/events/999999").status_code == 404


def test_wrong_method_is_405(client, edition):
    assert client.post("/api/editions/", {}).status_code == 405
    assert client.delete("/api/editions/2020-nmg").status_code == 405


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("hrss", 403),
        ("host", 403),
        ("alice", 403),
        ("judge", 403),
        ("charlie", 404),
        (None, 401),
    ],
)
def test_audit_endpoint_by_persona(login, persona, status):
    response = login(persona).get("/api/editions/2020-nmg/audit")
    assert response.status_code == status
    if status != 200:  # JSON with a Chinese message, not the site's HTML error page
        detail = response.json()["detail"]
        assert {401: "需要登录", 403: "无权", 404: "未找到"}[status] in detail


def test_bad_parameters_get_a_chinese_message(login):
    response = login("office").get("/api/editions/2020-nmg/audit?limit=many")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "参数有误：query/limit 应为整数"
    assert body["errors"] == [{"loc": ["query", "limit"], "type": "int_parsing", "msg": "应为整数"}]


def test_a_wrong_method_gets_a_chinese_message(login):
    response = login("office").post("/api/editions/2020-nmg/audit")
    assert response.status_code == 405 and response["Allow"] == "GET"
    assert response.json()["detail"] == "此地址不支持 POST 请求，只支持：打开（GET）"


def test_a_wrong_method_on_a_page_gets_a_chinese_page(login):
    response = login("office").get("/accounts/logout/")
    assert response.status_code == 405 and "POST" in response["Allow"]
    page = response.content.decode()
    assert "请求方式不对" in page and "此地址不支持 GET 请求，只支持：提交（POST）。" in page


def test_me_with_session_and_with_token(login, personas):
    body = login("alice").get("/api/me").json()
    assert body["memberships"][0]["role_label"] == "代表队报名联络员"
    _, token = ApiToken.issue(personas["bob"], "ci")
    client = login(None)
    me = client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert me["username"] == "bob"
    wrong = token[:-2] + ("aa" if not token.endswith("aa") else "bb")
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {wrong}").status_code == 401
    assert client.get("/api/me").status_code == 401


def test_anonymous_reads_are_throttled(client, edition, settings):
    from zhenxing.api import api

    throttle = api.throttle[0]
    original = throttle.rate, throttle.num_requests, throttle.duration
    throttle.rate, throttle.num_requests, throttle.duration = "3/m", 3, 60
    try:
        responses = [client.get("/api/editions/") for _ in range(5)]
    finally:
        throttle.rate, throttle.num_requests, throttle.duration = original
    codes = [r.status_code for r in responses]
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
    assert responses[-1].json()["detail"] == "请求过于频繁，请稍后再试"
