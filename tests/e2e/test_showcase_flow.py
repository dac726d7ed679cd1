"""The "绝活" showcase in the browser: a city's registrar nominates a young worker with a video;
the committee office approves the nomination and picks it for publicity; the public opens the
gallery on a 390-px phone, where the video's address answers a range request with 206; another
organization's registrar answers it with a challenge, which the gallery shows under the 绝活
once approved. Each public page passes axe-core and the Content-Security-Policy at desktop and
phone width."""

import datetime as dt
import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.support import make_id

from .test_every_role_on_a_phone import AXE, RUN_AXE, WATCH_CSP
from .test_scoring_flow import _login, _user

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _video(tmp_path) -> str:
    path = tmp_path / "绝活.mp4"
    source = "testsrc=duration=2:size=320x240:rate=15"
    subprocess.run(
        ["/usr/bin/ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source]
        + ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", str(path)],
        check=True,
    )
    return str(path)


def _checked(page: Page, label: str) -> None:
    """No sideways scrolling, nothing blocked by the policy, no serious axe-core fault."""
    page.wait_for_load_state("networkidle")
    wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 1, f"{label}: {wider}px wider than the screen"
    assert page.evaluate("window.__csp") == [], label
    faults = page.evaluate(RUN_AXE)
    assert faults == [], f"{label}: {faults}"


def _field(page: Page, label: str):
    """The field labelled exactly `label` (a required one's label ends in *)."""
    return page.get_by_label(re.compile(f"^{re.escape(label)}( \\*)?$"))


def _nominate(page: Page, name: str, id_number: str, title: str, video: str) -> None:
    _field(page, "青年姓名").fill(name)
    _field(page, "居民身份证号码").fill(id_number)
    _field(page, "职业（工种）").fill("焊工")
    _field(page, "工作单位").fill("包钢集团")
    _field(page, "所在盟市").fill("包头市")
    _field(page, "“绝活”名称").fill(title)
    _field(page, "“绝活”介绍").fill("蒙眼焊接 0.5 毫米薄板。")
    page.get_by_label(re.compile("本人已同意")).check()
    _field(page, "同意方式").fill("本人签署书面同意书")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已保存草稿：{title}")
    _field(page, "作品类型").select_option(label="短视频／微视频")
    _field(page, "作品文件").set_input_files(video)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("已上传短视频／微视频：绝活.mp4")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已提交审核：{title}")


def _office_approves(page: Page, site: str, title: str, feature: bool) -> None:
    _login(page, site, "office")
    page.get_by_role("link", name=re.compile("“绝活”展示：1 条推荐待审核")).click()
    page.get_by_role("link", name=title).click()
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_role("alert")).to_contain_text("已审核通过")
    if feature:
        page.get_by_role("button", name="推荐全区宣传（选树）").click()
        expect(page.get_by_role("alert")).to_contain_text("已推荐全区宣传")


def test_nominate_approve_feature_play_on_a_phone_and_challenge(
    site, page: Page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    video = _video(tmp_path)
    _user("office", "committee_office", org=("youth_league", "共青团内蒙古自治区委员会"))
    _user("alice", "registrar", org=("league_city", "呼和浩特市"))
    _user("bob", "registrar", org=("league_city", "包头市"))
    page.context.add_init_script(WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(DESKTOP)

    # 呼和浩特市 nominates a young worker with a video
    _login(page, site, "alice")
    page.get_by_role("link", name=re.compile("推荐青年“绝活”")).click()
    page.get_by_role("link", name="推荐一位青年").click()
    _nominate(page, "乌日娜", make_id(dt.date(1995, 4, 3), male=False), "盲焊薄板", video)
    _checked(page, "registrar nomination")

    # the office approves it and picks it for publicity
    _office_approves(page, site, "盲焊薄板", feature=True)
    _checked(page, "office nomination")

    # the public, at desktop and on a phone
    page.context.clear_cookies()
    page.goto(f"{site}/showcase/2020-nmg/")
    expect(page.get_by_role("heading", level=1)).to_have_text("建功新时代 行行出状元")
    _checked(page, "gallery desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    _checked(page, "gallery phone")
    page.get_by_role("link", name="盲焊薄板").click()
    expect(page.locator("video")).to_have_attribute("poster", re.compile("/poster/$"))
    _checked(page, "work phone")
    source = page.locator("video source").get_attribute("src")
    answer = page.request.get(site + source, headers={"Range": "bytes=0-99"})
    assert answer.status == 206 and len(answer.body()) == 100
    assert answer.headers["content-range"].startswith("bytes 0-99/")
    played = page.evaluate(
        "() => new Promise((done) => { const v = document.querySelector('video');"
        " v.addEventListener('loadedmetadata', () => done(v.duration)); v.load(); })"
    )
    assert played == pytest.approx(2, abs=0.2)
    page.get_by_role("button", name="点赞").click()
    expect(page.locator("#likes")).to_have_text("1")
    work_page = page.url

    # 包头市 answers it with a challenge, which the office approves
    page.set_viewport_size(DESKTOP)
    _login(page, site, "bob")
    page.goto(work_page)
    page.get_by_role("link", name="发起挑战").click()
    expect(page.locator("#answers")).to_contain_text("盲焊薄板")
    _nominate(page, "张伟", make_id(dt.date(1998, 1, 2)), "盲焊挑战", video)
    _office_approves(page, site, "盲焊挑战", feature=False)

    # the gallery shows the challenge under the 绝活, linking back
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    page.goto(work_page)
    challenges = page.locator("#challenges")
    expect(challenges).to_contain_text("盲焊挑战")
    _checked(page, "work with its challenge")
    challenges.get_by_role("link", name="盲焊挑战").click()
    expect(page.locator("#answers")).to_contain_text("盲焊薄板")
    _checked(page, "challenge phone")
