"""Each demo persona's main pages on a 390-px phone, as its user would meet them: the page is no
wider than the screen (a wide table scrolls inside itself), nothing is blocked by the
Content-Security-Policy (a blocked script or style is a broken page), and axe-core finds no
serious or critical accessibility fault (colour contrast, unlabelled fields or headers…).

axe-core comes from the npm registry (package.json, installed by `make test`), never a CDN; it is
added to each page by Playwright outside the page's own scripts, so the site's policy stays strict.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from zhenxing.orgs.demo import DEMO_PASSWORD

from .test_registration_flow import contestant, fill

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
E = "/office/2020-nmg/"

# Records what the page's policy blocks, from the first script on (the console says it too).
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.map((n) => [n.target.join(' '), n.failureSummary])}));
}"""


@pytest.fixture
def demo(site):
    """The demo site as `make run` makes it: every persona, entries, one final half-scored and
    one taken to signed certificates."""
    if not AXE.exists():
        pytest.fail("缺少 node_modules/axe-core：请运行 make test-tools（npm ci）")
    call_command("demo", stdout=io.StringIO())
    return site


def _ids():
    from zhenxing.editions.models import Event
    from zhenxing.registration.models import Delegation

    cnc = Event.objects.get(occupation__name="数控车工", group="worker")
    done = Event.objects.get(occupation__name="绝热成型工", group="worker")
    delegation = Delegation.objects.get(organization__name="演示·甲市")
    entry = delegation.entries.order_by("pk").first()
    number = cnc.final.competitors.order_by("number").first().number
    return cnc.pk, done.pk, delegation.pk, entry.pk, number


def _showcase_ids():
    from zhenxing.showcase.models import Nomination
    from zhenxing.talent.models import FollowUp

    featured = Nomination.objects.get(featured=True, organization__name="演示·甲市")
    challenge = Nomination.objects.get(answers=featured)
    followed = FollowUp.objects.filter(organization__name="演示·甲市").first().person_id
    return featured, challenge, featured.organization_id, followed


def _main_pages():
    cnc, done, delegation, entry, number = _ids()
    featured, challenge, city, followed = _showcase_ids()
    gallery = f"/showcase/2020-nmg/{featured.public_id}/"
    final, final_done = f"{E}events/{cnc}/final/", f"{E}events/{done}/final/"
    return {
        "office": [
            "/dashboard/",
            f"{E}delegations/",
            f"{E}delegations/{delegation}/",
            f"{E}entries/{entry}/",
            f"{E}review/",
            f"{E}events/",
            final,
            f"{final_done}results/",
            f"{E}awards/",
            f"{E}events/{done}/awards/",
            f"{E}awards/national-finals/",
            f"{E}awards/layouts/title/",
            f"{E}accounts/",
            f"{E}accounts/import/",
            f"{E}settings/",
            f"{final_done}scheme/",
            f"{E}audit/",
            "/account/tokens/",
            f"{E}showcase/",
            f"{E}showcase/queue/",
            f"{E}showcase/n/{featured.pk}/",
            f"{E}talent/",
            f"{E}talent/statistics/",
            f"{E}talent/people/{followed}/",
        ],
        "hrss": [
            "/dashboard/",
            f"{E}delegations/",
            f"{E}awards/",
            f"{E}awards/certificate-kinds/",
            f"{E}events/{done}/awards/",
        ],
        "host": [
            "/dashboard/",
            f"{E}review/",
            f"{E}events/",
            f"{E}events/{cnc}/arrangement/",
            final,
            f"{final}panel/",
            f"{final}scheme/",
            f"{final}theory/",
            f"{final_done}results/",
            f"{E}events/{done}/awards/",
            f"{E}accounts/",
        ],
        "registrar": [
            "/dashboard/",
            f"{E}delegations/{delegation}/",
            f"{E}delegations/{delegation}/entries/new/",
            f"{E}entries/{entry}/",
            f"{E}entries/{entry}/edit/",
            f"{E}delegations/{delegation}/import/",
            f"{E}delegations/{delegation}/certificates/",
            f"{E}accounts/",
            f"{E}showcase/org/{city}/",
            f"{E}showcase/org/{city}/new/",
            f"{E}showcase/n/{featured.pk}/",
            f"{E}talent/org/{city}/",
            f"{E}talent/people/{followed}/",
            f"{E}talent/org/{city}/add/",
        ],
        "enterprise": [
            "/dashboard/",
            f"{E}showcase/n/{challenge.pk}/",
            f"{E}showcase/challenge/{featured.public_id}/",
        ],
        "judge": ["/dashboard/", f"{final}scoring/", f"{final}scoring/{number}/"],
        "chief": ["/dashboard/", final, f"{final}problems/", f"{final}scoring/"],
        "clerk": ["/dashboard/", f"{final}scoring/", f"{final}theory/"],
        "encryption": ["/dashboard/", f"{final}anonymity/", f"{final}numbers/"],
        "supervisor": [
            "/dashboard/",
            f"{final_done}decryption/",
            f"{final_done}recheck/",
            f"{final_done}corrections/",
            f"{final_done}results/",
        ],
        "arbiter": ["/dashboard/", f"{final_done}appeals/", f"{final_done}results/"],
        None: [
            "/",
            "/editions/2020-nmg/",
            f"/editions/2020-nmg/events/{done}/results/",
            "/verify/",
            "/accounts/login/",
            "/showcase/2020-nmg/",
            gallery,
        ],
    }


class Checker:
    """Opens pages and lists what a phone user, a screen-reader user or the policy would meet."""

    def __init__(self, page: Page):
        self.page = page
        self.console: list[str] = []
        page.set_viewport_size(PHONE)
        page.context.add_init_script(WATCH_CSP)
        page.context.add_init_script(path=str(AXE))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.console.append(f"script error: {error}"))

    def _console(self, message):
        if message.type == "error" and "Content Security Policy" in message.text:
            self.console.append(message.text)

    def login(self, site, name):
        page = self.page
        page.context.clear_cookies()
        page.goto(site + "/accounts/login/")
        page.get_by_label("用户名").fill(name)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(site + "/dashboard/")

    def problems(self, label: str) -> list[str]:
        """What is wrong with the page now on screen."""
        page, found = self.page, []
        page.wait_for_load_state("networkidle")
        wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wider > 1:
            found.append(f"{label}: {wider}px wider than a {PHONE['width']}-px phone")
        blocked = page.evaluate("window.__csp") + self.console
        self.console = []
        found += [f"{label}: CSP: {b}" for b in blocked]
        for v in page.evaluate(RUN_AXE):
            nodes = "; ".join(f"{target} — {summary}" for target, summary in v["nodes"][:3])
            found.append(
                f"{label}: axe {v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']}: {nodes}"
            )
        return found

    def visit(self, site, path, label, *, ours=True) -> list[str]:
        """Problems of the page at `path`; of a page the project does not write (Django's admin,
        the API's Swagger page), only what the policy blocks."""
        response = self.page.goto(site + path)
        if response is None or response.status != 200:
            return [f"{label}: HTTP {response.status if response else '—'}"]
        policy = response.header_value("content-security-policy") or ""
        if "default-src 'self'" not in policy:
            return [f"{label}: no Content-Security-Policy ({policy!r})"]
        if not ours:
            self.page.wait_for_load_state("networkidle")
            blocked, self.console = self.page.evaluate("window.__csp") + self.console, []
            return [f"{label}: CSP: {b}" for b in blocked]
        return self.problems(label)


def _import_preview(checker: Checker, site, delegation: int, tmp_path) -> list[str]:
    """The registrar uploads a file with one good and one bad row: the preview with its errors."""
    page = checker.page
    page.goto(f"{site}{E}delegations/{delegation}/import/")
    with page.expect_download() as download:
        page.locator("#template-link").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    upload = tmp_path / "报名.xlsx"
    fill(template, upload, [contestant("张伟", 1), contestant("赵敏", 4, 出生日期="1990年2月30日")])
    page.get_by_label("报名文件").set_input_files(str(upload))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#import-counts")).to_contain_text("有错误 1")
    return checker.problems("registrar 导入预览")


def test_every_roles_main_pages_fit_a_phone_pass_axe_and_the_policy(demo, page: Page, tmp_path):
    checker, problems = Checker(page), []
    for persona, paths in _main_pages().items():
        if persona is None:
            page.context.clear_cookies()
        else:
            checker.login(demo, persona)
        for path in paths:
            problems += checker.visit(demo, path, f"{persona or '公众'} {path}")
        if persona == "registrar":
            problems += _import_preview(checker, demo, _ids()[2], tmp_path)
        if persona == "office":  # its back office and the API's documentation
            admin = (
                "/admin/",
                "/admin/editions/event/",
                f"/admin/editions/event/{_ids()[1]}/change/",
            )
            for path in (*admin, "/api/docs"):
                problems += checker.visit(demo, path, f"office {path}", ours=False)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_signed_in_header_wraps_on_a_phone(demo, page: Page):
    """Sign-out and the language menu stay on screen at 390 px, and the API-token link is there
    only for roles that can use the API."""
    checker = Checker(page)
    for persona, has_api in (("registrar", True), ("office", True), ("judge", False)):
        checker.login(demo, persona)
        nav = page.get_by_role("navigation").first
        for control in (
            nav.get_by_role("button", name="退出"),
            nav.get_by_label("语言 / Language"),
            nav.get_by_role("link", name="工作台"),
        ):
            expect(control).to_be_in_viewport(ratio=1)
        expect(nav.get_by_role("link", name="API 令牌")).to_have_count(1 if has_api else 0)
    assert page.locator("link[rel=icon]").count() == 1
    icon = page.request.get(demo + page.locator("link[rel=icon]").get_attribute("href"))
    assert icon.ok and re.match(r"image/", icon.headers["content-type"])


def test_what_pages_do_works_under_the_policy(site, page: Page):
    """Behaviour moved from inline handlers to site.js, as users meet it: the language menu applies
    itself, a confirmation can be declined, a certificate preview follows the numbers typed, and
    a judge's save refused by a newer one from another tab is shown (htmx, 409)."""
    from .test_scoring_flow import PASSWORD, _setup, _user

    _, final, people, numbers = _setup()
    _user("alice", "registrar", org=("league_city", "呼和浩特市"))
    checker = Checker(page)
    page.set_viewport_size({"width": 1280, "height": 900})

    def login(name):
        page.context.clear_cookies()
        page.goto(site + "/accounts/login/")
        page.get_by_label("用户名").fill(name)
        page.get_by_label("密码").fill(PASSWORD)
        page.get_by_role("button", name="登录").click()
        expect(page).to_have_url(site + "/dashboard/")

    login("alice")
    page.get_by_label("语言 / Language").select_option(label="English")
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    page.get_by_label("语言 / Language").select_option(label="简体中文")
    expect(page.get_by_role("link", name="工作台")).to_be_visible()

    page.get_by_role("link", name="API 令牌").click()
    page.get_by_placeholder("用途，如：成绩导入脚本").fill("成绩脚本")
    page.get_by_role("button", name="创建令牌").click()
    row = page.locator("tbody tr", has_text="成绩脚本")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="吊销").click()
    expect(row).to_contain_text("有效")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="吊销").click()
    expect(page.get_by_role("alert")).to_contain_text("已吊销")

    login("office")
    page.goto(f"{site}{E}awards/layouts/title/")
    name = page.locator("#preview .field-name")
    assert name.evaluate("e => e.style.left") == "38.5mm"
    page.get_by_label("姓名 距左（毫米）").fill("100")
    expect(name).to_have_attribute("data-left", "100.0")
    # polled from here: wait_for_function's in-page polling compiles its predicate with eval,
    # which the policy refuses whenever the first check is not already true
    for _ in range(50):
        if name.evaluate("e => e.style.left") == "100mm":
            break
        page.wait_for_timeout(100)
    assert name.evaluate("e => e.style.left") == "100mm"

    login("judge")
    sheet = f"{site}{E}events/{final.event.pk}/final/scoring/{numbers['李娜'].number}/"
    other = page.context.new_page()
    page.goto(sheet)
    other.goto(sheet)
    page.locator("label[for='v_A3_3']").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-aspect='A3'] [data-state]")).to_have_text("已保存")
    other.locator("label[for='v_A3_2']").click()
    other.get_by_role("button", name="保存").click()
    expect(other.locator("tr[data-aspect='A3'] [data-state='conflict']")).to_contain_text(
        "他人已在您之后保存了此项"
    )
    blocked = checker.console + page.evaluate("window.__csp") + other.evaluate("window.__csp")
    assert not blocked, blocked
