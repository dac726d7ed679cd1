"""A link work: https only, to an H5 page anywhere or to the same work on WeChat, Kuaishou or
Douyin, whose host must then belong to the platform chosen."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from zhenxing.rules.text import text_problem

from .media import MediaRefused
from .models import Work

URL_MAX = 500
PLATFORM_HOSTS = {
    Work.Platform.WECHAT: ("weixin.qq.com",),
    Work.Platform.KUAISHOU: ("kuaishou.com", "kuaishouapp.com", "gifshow.com"),
    Work.Platform.DOUYIN: ("douyin.com", "iesdouyin.com"),
}


def _host(url: str) -> str:
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        raise MediaRefused(
            "链接格式不正确，请从浏览器地址栏或平台的“分享—复制链接”复制。"
        ) from None
    if parts.scheme.lower() != "https":
        raise MediaRefused("链接须以 https:// 开头（平台的分享链接都是 https）。")
    if parts.username or parts.password or port not in (None, 443):
        raise MediaRefused("链接中不能含用户名、密码或端口号，请复制作品的分享链接。")
    if not host or "." not in host or not host.isascii():
        raise MediaRefused("链接中没有有效的网站域名，请复制作品的分享链接。")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host.lower()
    raise MediaRefused("链接须是网站域名，而不是 IP 地址。")


def on_platform(host: str, platform: str) -> bool:
    suffixes = PLATFORM_HOSTS.get(platform)
    if suffixes is None:  # an H5 page may be on any site
        return True
    return any(host == s or host.endswith("." + s) for s in suffixes)


def check_link(url: str, platform: str) -> str:
    """The link as stored, once checked; else MediaRefused saying what to fix."""
    url = (url or "").strip()
    if not url:
        raise MediaRefused("请填写链接。")
    if problem := text_problem(url):
        raise MediaRefused(f"链接{problem}")
    if len(url) > URL_MAX or any(c.isspace() for c in url):
        raise MediaRefused(f"链接不能含空格，最长 {URL_MAX} 个字符。")
    if platform not in Work.Platform.values:
        raise MediaRefused("请选择链接所在的平台（H5 页面、微信、快手或抖音）。")
    host = _host(url)
    if not on_platform(host, platform):
        label = Work.Platform(platform).label
        raise MediaRefused(
            f"链接的网站 {host} 不属于{label}：请核对所选平台，或复制{label}里该作品的分享链接。"
        )
    return url
